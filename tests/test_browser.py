"""Every kind of page in a real browser: privacy, console errors, axe-core, keyboard."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_support import PAGE_TYPES, new_recorded_page, open_page, page_type_for, page_type_ids

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def test_page_types_cover_every_built_page(site):
    """A new kind of page must get an entry in PAGE_TYPES, so the browser gates run on it."""
    uncovered = sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                       if page_type_for(str(p.relative_to(site))) is None)
    assert not uncovered, "Sider uden sidetype i tests/browser_support.py PAGE_TYPES:\n" + "\n".join(uncovered)
    for t in PAGE_TYPES:
        built = _built(site, t)
        assert built.is_file(), f"{t.name}: {t.url} er ikke bygget"
        assert page_type_for(built.relative_to(site).as_posix()) == t, f"{t.name}: {t.url} matcher ikke sit eget mønster"


def _violations_report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} elementer]")
        for node in v["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", " ")[:300])
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    return results.response["violations"]


@pytest.fixture(scope="module")
def visit(browser, served_site):
    """Load a page type once (fresh context, load + network idle), record it and run axe; cached."""
    cache = {}

    def load(page_type):
        if page_type.name not in cache:
            pg = new_recorded_page(browser, served_site)
            try:
                open_page(pg, page_type.url)
                cache[page_type.name] = (pg.recorded, axe_violations(pg))
            finally:
                pg.context.close()
        return cache[page_type.name]
    return load


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=page_type_ids())
def test_page_loads_only_from_localhost(visit, page_type):
    recorded, _ = visit(page_type)
    assert recorded.requests, "ingen requests registreret"
    assert not recorded.foreign_requests(), \
        f"{page_type.url} henter fra andre værter:\n" + "\n".join(recorded.foreign_requests())


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=page_type_ids())
def test_page_logs_no_console_errors(visit, page_type):
    recorded, _ = visit(page_type)
    assert not recorded.console_errors(), f"{page_type.url}:\n" + "\n".join(recorded.console_errors())


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=page_type_ids())
def test_axe_finds_no_serious_or_critical_wcag21aa_violations(visit, page_type):
    _, violations = visit(page_type)
    counts: dict[str, int] = {}
    for v in violations:
        counts[v["impact"]] = counts.get(v["impact"], 0) + 1
    print(f"axe {page_type.name}: {counts or 'ingen'}")
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{page_type.url}: {len(blocking)} alvorlige WCAG 2.1 AA-fejl\n" + _violations_report(blocking)


# --- keyboard -----------------------------------------------------------------------

_ACTIVE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'),
          filter: el.getAttribute('data-filter') || el.getAttribute('name'), type: el.getAttribute('type'), tjek: el.getAttribute('data-tjek'),
          inForm: !!el.closest('form.ai-filter, form.ai-browser'), inTask: !!el.closest('.task-list-item'),
          text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 60),
          visible: !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)};
}"""


def tab_until(page, predicate, limit: int = 200) -> list[dict]:
    """Press Tab from the top of the page until predicate(active) holds; returns the focus path."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(_ACTIVE)
        path.append(active)
        if active and predicate(active):
            return path
    raise AssertionError(f"Tab nåede ikke målet på {limit} tryk. Fokus gik: "
                         + " → ".join(f"{a['tag']}#{a['id']}" if a else "body" for a in path[:60]))


def test_first_tab_stop_is_the_skip_link_and_it_moves_focus_to_the_content(page):
    open_page(page, "principper/p04-risikovurdering/")
    page.keyboard.press("Tab")
    first = page.evaluate("() => ({href: document.activeElement.getAttribute('href'),"
                          " text: document.activeElement.textContent.trim()})")
    assert first["href"] and first["href"].startswith("#"), first
    assert first["text"] == "Gå til indholdet", first
    target = first["href"][1:]
    assert page.locator(f"[id='{target}']").count() == 1


def test_keyboard_reaches_the_search_input(page):
    open_page(page, "")
    path = tab_until(page, lambda a: a["tag"] == "button" and a["text"] == "Søg")
    page.keyboard.press("Enter")  # the header's search button opens the search dialog
    # Typing now searches: the query goes into the dialog's field.
    page.keyboard.type("risikovurdering")
    assert page.locator("#ai-search-field").input_value() == "risikovurdering"
    assert len(path) < 30, f"{len(path)} tab-tryk til søgeknappen"


FILTER_PAGES = [t for t in PAGE_TYPES if t.name in ("registeroversigt", "matrix")]
CHECKLIST_PAGES = [t for t in PAGE_TYPES if t.name == "smv-trin"]


def _built(site, page_type):
    return site / (page_type.url + "index.html" if page_type.url.endswith("/") or not page_type.url else page_type.url)


def test_keyboard_tests_cover_every_page_type_with_filters_or_checklists(site):
    """A page type that gets filters or a checklist must be added to the keyboard tests below."""
    with_filters = {t.name for t in PAGE_TYPES
                    if re.search('class="ai-(filter|browser)', _built(site, t).read_text(encoding="utf-8"))}
    with_checklists = {t.name for t in PAGE_TYPES if "data-tjek=" in _built(site, t).read_text(encoding="utf-8")}
    assert with_filters == {t.name for t in FILTER_PAGES}
    assert with_checklists == {t.name for t in CHECKLIST_PAGES}


@pytest.mark.parametrize("page_type", FILTER_PAGES, ids=[t.name for t in FILTER_PAGES])
def test_keyboard_reaches_every_filter_select(page, page_type):
    open_page(page, page_type.url)
    selects = page.locator("form.ai-filter select, form.ai-browser select")
    assert selects.count() > 0, f"{page_type.url} har ingen filtre"
    page.wait_for_function("() => [...document.querySelectorAll('form.ai-filter, form.ai-browser')].every(f => !f.hidden)",
                           timeout=3000)
    wanted = set(selects.evaluate_all("els => els.map(e => e.getAttribute('data-filter') || e.getAttribute('name'))"))
    reached: set[str] = set()

    def done(active):
        if active["tag"] == "select" and active["inForm"]:
            assert active["visible"], active
            reached.add(active["filter"])
        return reached == wanted
    tab_until(page, done)


@pytest.mark.parametrize("page_type", CHECKLIST_PAGES, ids=[t.name for t in CHECKLIST_PAGES])
def test_keyboard_reaches_the_checklist(page, page_type):
    open_page(page, page_type.url)
    boxes = page.locator("input[type=checkbox][data-tjek]")
    assert boxes.count() > 0, f"{page_type.url} har ingen tjekliste"
    path = tab_until(page, lambda a: a["tag"] == "input" and a["type"] == "checkbox" and a["tjek"])
    assert path[-1]["visible"]
    before = page.evaluate("() => document.activeElement.checked")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked") != before, "mellemrum ændrer ikke afkrydsningen"
