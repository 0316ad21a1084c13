"""Every page type on a 390 px phone and a 1280 px desktop in Chromium: no sideways scrolling of the
page, nothing cut off inside a scroll box, the title and the page's key fields in view.

Screenshots go to a temporary folder (printed) for a person to look at."""
from __future__ import annotations

import pytest

from browser_support import PAGE_TYPES, open_page

VIEWPORTS = {"telefon": (390, 844), "computer": (1280, 800)}
# The register overview, the matrix and the gaps page get their own phone layout (stacked rows, a
# matrix that scrolls in its own box) and their own tests with it; every other page type is here.
OWN_LAYOUT = {"registeroversigt", "matrix", "mangler"}
CHECKED = [t for t in PAGE_TYPES if t.name not in OWN_LAYOUT]
# What must be readable on each page type, besides the title: CSS selectors of key fields.
KEY_FIELDS = {
    "princip": ["ol.ai-questions li", "button.ai-copy-link"],
    "registrering": ["article table tbody tr:nth-child(6) td", "section.ai-assessment p"],
    "smv-trin": ["input[data-tjek]"],
    "udskrift": ["ol.ai-questions li"],
    "tilgaengelighed": ["#haandhaevelse"],
    "privatliv": ["#localstorage"],
}

_MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = [...document.querySelectorAll('article td, article th, article p, article li, article h1, article h2, article h3')]
    .filter(el => el.getClientRects().length && el.getBoundingClientRect().right > width + 1)
    .slice(0, 5).map(el => el.tagName + ' ' + (el.textContent || '').trim().slice(0, 40) + ' → ' + Math.round(el.getBoundingClientRect().right));
  return {scrollWidth: document.documentElement.scrollWidth, width, clipped};
}"""


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("skaermbilleder")
    print(f"skærmbilleder: {folder}")
    return folder


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
@pytest.mark.parametrize("page_type", CHECKED, ids=[t.name for t in CHECKED])
def test_page_fits_the_screen_with_its_key_fields_in_view(browser, served_site, shots, page_type, viewport):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(base_url=served_site, locale="da-DK", viewport={"width": width, "height": height})
    try:
        pg = context.new_page()
        open_page(pg, page_type.url)
        pg.screenshot(path=str(shots / f"{page_type.name}-{width}.png"))
        measured = pg.evaluate(_MEASURE)
        assert measured["scrollWidth"] == width, f"{page_type.url} er {measured['scrollWidth']} px bred ved {width} px"
        assert not measured["clipped"], f"{page_type.url}: tekst skjult uden for skærmen: {measured['clipped']}"
        title = pg.locator("article h1").first
        box = title.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, f"titlen er ikke på skærmen: {box}"
        assert box["height"] <= height / 3, f"titlen fylder {box['height']:.0f} af {height} px"
        for selector in KEY_FIELDS.get(page_type.name, []):
            field = pg.locator(selector).first
            field.scroll_into_view_if_needed()
            assert field.is_visible(), f"{selector} kan ikke ses"
            fbox = field.bounding_box()
            assert fbox["x"] >= 0 and fbox["x"] + fbox["width"] <= width + 1, f"{selector} går ud over skærmen: {fbox}"
    finally:
        context.close()
