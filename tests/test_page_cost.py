"""What a page costs a phone beyond its text: only the scripts it uses, and nothing that moves once they run
(Lighthouse's total blocking time and cumulative layout shift, issue 23)."""
from __future__ import annotations

import pytest

from browser_support import open_page
from conftest import html

# A script that only some pages need, and the markup it works on: a page loads it exactly when it has that.
PAGE_SCRIPTS = {
    "javascripts/browser.js": "form.ai-browser[data-rows]",
    "javascripts/checklist.js": "fieldset.smv-tjekliste",
    "javascripts/open-search.js": "button[data-open-search]",
}


def test_a_page_loads_a_page_script_exactly_when_it_has_the_markup_for_it(site):
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    wrong = []
    for path in pages:
        soup = html(site, path)
        sources = [s["src"] for s in soup.select("script[src]")]
        for script, markup in PAGE_SCRIPTS.items():
            loads = sum(src.endswith(script) for src in sources)
            has = soup.select_one(markup) is not None
            if loads != (1 if has else 0):
                wrong.append(f"{path}: {script} {loads} gange, {'med' if has else 'uden'} {markup}")
    assert not wrong, "\n".join(wrong[:20])
    # The pages that have each are really there (the register, the matrix, the SMV steps and the 404 page).
    assert html(site, "register").select_one(PAGE_SCRIPTS["javascripts/browser.js"])
    assert html(site, "matrix").select_one(PAGE_SCRIPTS["javascripts/browser.js"])
    assert html(site, "smv/trin-1-kortlaeg").select_one(PAGE_SCRIPTS["javascripts/checklist.js"])
    assert html(site, "404.html").select_one(PAGE_SCRIPTS["javascripts/open-search.js"])


# Where each block of the article starts, for the blocks that start in the first screen: those a reader
# sees move (what Lighthouse counts). Further down, the buttons beside each question make their lines wrap.
_FIRST_SCREEN_TOPS = """() => [...document.querySelectorAll('.md-content__inner > * > *')]
  .map(el => Math.round(el.getBoundingClientRect().top))"""


@pytest.mark.parametrize("url", ["principper/p04-risikovurdering/", "register/ai-tolk-beskaeftigelse-koebenhavn/"])
def test_the_first_screen_stays_put_when_the_copy_buttons_appear(browser, served_site, url):
    """The "Kopiér link" buttons are hidden until copylink.js runs; the row under a title keeps the room for
    its button, so the text in the first screen is where it was before the script ran (as with JavaScript off)."""
    tops = {}
    for javascript in (False, True):
        context = browser.new_context(base_url=served_site, java_script_enabled=javascript,
                                      viewport={"width": 390, "height": 844})
        try:
            pg = context.new_page()
            open_page(pg, url)
            if javascript:
                pg.wait_for_selector("button.ai-copy-link:not([hidden])")
            tops[javascript] = pg.evaluate(_FIRST_SCREEN_TOPS)
        finally:
            context.close()
    first_screen = [i for i, top in enumerate(tops[False]) if top < 844]
    assert len(first_screen) >= 3
    assert [tops[True][i] for i in first_screen] == [tops[False][i] for i in first_screen]
