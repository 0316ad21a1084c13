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


# Where each block of the article starts, and each item of a list (a principle's questions, each with its
# button): a block that moves is what Lighthouse counts as a layout shift, in the first screen or further down.
_BLOCK_TOPS = """() => [...document.querySelectorAll('.md-content__inner > * > *, .md-content__inner li')]
  .map(el => Math.round(el.getBoundingClientRect().top + window.scrollY))"""


def _tops(browser, served_site, url: str, javascript: bool, buttons: bool) -> list[int]:
    context = browser.new_context(base_url=served_site, java_script_enabled=javascript,
                                  viewport={"width": 390, "height": 844})
    try:
        if not buttons:  # the page as it is before copylink.js has run: every button still hidden
            context.route("**/javascripts/copylink.js", lambda route: route.abort())
        pg = context.new_page()
        open_page(pg, url)
        if javascript and buttons:
            pg.wait_for_selector("button.ai-copy-link:not([hidden])")
        return pg.evaluate(_BLOCK_TOPS)
    finally:
        context.close()


@pytest.mark.parametrize("url", ["principper/p04-risikovurdering/", "register/ai-tolk-beskaeftigelse-koebenhavn/"])
def test_the_page_stays_put_when_the_copy_buttons_appear(browser, served_site, url):
    """The "Kopiér link" buttons are hidden until copylink.js runs; the row under a title and the line under
    each question keep the room for the button, so no block moves when they appear, and the first screen
    is as it is with JavaScript off. (Further down, the theme's script wraps each table in a scrolling box,
    which moves what follows a table once, before the page is first drawn.)"""
    before, after = (_tops(browser, served_site, url, True, buttons) for buttons in (False, True))
    assert len(before) >= 10 and len(after) == len(before)
    assert [(i, a, b) for i, (a, b) in enumerate(zip(before, after)) if a != b] == []
    no_script = _tops(browser, served_site, url, False, False)
    first_screen = [i for i, top in enumerate(no_script) if top < 844]
    assert len(first_screen) >= 3
    assert [after[i] for i in first_screen] == [no_script[i] for i in first_screen]
