"""Danish search in a real browser: the site's Pagefind search over the built site.

Each row is a query a reader could type and the page they would expect among the first
three results. The expectations come from the content (principles/*.yml, registry/*.yml,
smv/guide.yml, docs/): change them only when the content changes, never to make a failing
search pass. INFLECTED holds forms that are not on the expected page as typed (definite,
plural, genitive, compounds): they are found only because index and query are stemmed alike.
"""
from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_support import new_recorded_page, open_page
from conftest import records_data
from macros import search

# (query, expected page path, why a reader expects it)
SEARCHES = [
    ("risikovurdering", "principper/p04-risikovurdering/", "princip 4 handler om risikovurdering"),
    ("tolk", "register/ai-tolk-beskaeftigelse-koebenhavn/", "AI-tolken i Københavns Kommune"),
    ("hjælpemidler", "register/kropsbaarne-hjaelpemidler-soenderborg/", "kropsbårne hjælpemidler i Sønderborg"),
    ("kvalitetskontrol", "principper/p11-kvalitetskontrol/", "princip 11: løbende kvalitetskontrol"),
    ("borgersamtaler", "register/ai-tolk-beskaeftigelse-koebenhavn/", "AI-tolk i borgersamtaler"),
    ("principperne", "principper/", "oversigten over principperne"),
    ("ansvarlige", "principper/p15-navngiven-ansvarlig/", "princip 15: navngiven ansvarlig"),
    ("arkitekturprincipper", "principper/p09-ai-er-it/", "princip 9: AI bygges på KOMBITs arkitekturprincipper"),
    ("databeskyttelse", "smv/trin-4-lovgivning/", "SMV-guidens trin om GDPR og databeskyttelse"),
    ("GladGPT", "register/gladgpt-gladsaxe/", "Gladsaxes chatbot GladGPT"),
    ("hjemmeplejen", "register/tale-til-tekst-hjemmeplejen-thisted/", "tale-til-tekst i hjemmeplejen i Thisted"),
    ("klageprocedure", "principper/p13-fejl-og-klager/", "princip 13: fejl- og klageprocedurer"),
    ("driften", "principper/p10-drift/", "princip 10: tag driften af AI alvorligt"),
    ("interessenter", "principper/p08-interessenter/", "princip 8: inddrag interessenter"),
    ("informationssikkerhed", "principper/p05-informationssikkerhed/", "princip 5: informationssikkerhed"),
    ("Sønderborg", "register/kropsbaarne-hjaelpemidler-soenderborg/", "den eneste registrering fra Sønderborg"),
    ("retfærdighed", "principper/p06-retfaerdighed/", "princip 6: retfærdighed, gennemsigtighed og ansvarlighed"),
    ("forretningsværdi", "principper/p01-forretningsvaerdi/", "princip 1: reel forretningsværdi"),
    ("tilgængelighed", "om/tilgaengelighed/", "tilgængelighedserklæringen"),
    ("udskrive", "principper/", "oversigten linker til hele politikken til udskrift"),
    ("København", "register/ai-tolk-beskaeftigelse-koebenhavn/", "den eneste registrering fra Københavns Kommune"),
    ("lærere", "register/genai-forberedelse-laerere/", "GenAI-støtte til læreres forberedelse"),
    ("journalnotat", "register/journalnotater-borgeropkald/", "automatisk generering af journalnotater"),
    ("triagering", "register/digital-indgang-sundhed/", "digital indgang med AI-baseret triagering"),
    ("GDPR", "smv/trin-4-lovgivning/", "SMV-guidens trin om at overholde GDPR"),
]

# Inflected forms: (query, expected page, the form on the page and what kind of inflection)
INFLECTED = [
    ("risikovurderingerne", "principper/p04-risikovurdering/", "risikovurdering: plural definite, compound"),
    ("risikovurderinger", "principper/p04-risikovurdering/", "risikovurdering: plural, compound"),
    ("klagerne", "principper/p13-fejl-og-klager/", "klager: plural definite"),
    ("klagen", "principper/p13-fejl-og-klager/", "klager: singular definite"),
    ("klageproceduren", "principper/p13-fejl-og-klager/", "klageprocedurer: singular definite, compound"),
    ("klageprocedurerne", "principper/p13-fejl-og-klager/", "klageprocedurer: plural definite, compound"),
    ("forretningsværdien", "principper/p01-forretningsvaerdi/", "forretningsværdi: definite, compound"),
    ("lovgivningens", "principper/p03-lovgivning/", "lovgivning: definite genitive"),
    ("informationssikkerhedens", "principper/p05-informationssikkerhed/", "informationssikkerheden: genitive"),
    ("retfærdigheden", "principper/p06-retfaerdighed/", "retfærdighed: definite"),
    ("interessenterne", "principper/p08-interessenter/", "interessenter: plural definite"),
    ("driftens", "principper/p10-drift/", "driften: genitive"),
    ("kvalitetskontrollen", "principper/p11-kvalitetskontrol/", "kvalitetskontrol: definite, compound"),
    ("kvalitetskontroller", "principper/p11-kvalitetskontrol/", "kvalitetskontrol: plural, compound"),
    ("kommunikationen", "principper/p14-kommunikation/", "kommunikation: definite"),
    ("tolkens", "register/ai-tolk-beskaeftigelse-koebenhavn/", "tolk: definite genitive"),
    ("borgersamtalen", "register/ai-tolk-beskaeftigelse-koebenhavn/", "borgersamtaler: singular definite, compound"),
    ("hjælpemidlerne", "register/kropsbaarne-hjaelpemidler-soenderborg/", "hjælpemidler: plural definite, compound"),
    ("journalnotatet", "register/journalnotater-borgeropkald/", "journalnotater: singular definite (-et), compound"),
    ("lærerens", "register/genai-forberedelse-laerere/", "læreres: singular definite genitive"),
    ("hjemmeplejens", "register/tale-til-tekst-hjemmeplejen-thisted/", "hjemmeplejen: genitive, compound"),
    ("chatbottens", "register/gladgpt-gladsaxe/", "chatbot: definite genitive"),
    ("bevillingsadministrationen", "register/automatiseret-bevillingsadministration-hjaelpemidler/",
     "bevillingsadministration: definite, compound"),
    ("sundhedsvæsenets", "register/digital-indgang-sundhed/", "sundhedsvæsenet: genitive, compound"),
    ("triageringen", "register/digital-indgang-sundhed/", "triagering: definite"),
    ("Gladsaxes", "register/gladgpt-gladsaxe/", "Gladsaxe: genitive of a name"),
    ("medarbejderen", "smv/trin-3-uddannelse/", "medarbejdere: singular definite"),
    ("reglens", "smv/trin-2-regler/", "regler: singular definite genitive"),
    ("værktøjerne", "smv/trin-1-kortlaeg/", "AI-værktøjer: plural definite"),
    ("sikkerhedsnettet", "smv/trin-5-sikkerhedsnet/", "sikkerhedsnet: definite (-et), compound"),
    ("tilgængelighedserklæringen", "om/tilgaengelighed/", "tilgængelighedserklæring: definite, compound"),
]


# The page about the word comes first, above pages that only mention it.
ABOUT = [
    ("risikovurderingerne", "principper/p04-risikovurdering/"),
    ("klagerne", "principper/p13-fejl-og-klager/"),
    ("forretningsværdien", "principper/p01-forretningsvaerdi/"),
    ("kvalitetskontrollen", "principper/p11-kvalitetskontrol/"),
    ("tolken", "register/ai-tolk-beskaeftigelse-koebenhavn/"),
    ("GladGPT", "register/gladgpt-gladsaxe/"),
    ("sikkerhedsnettet", "smv/trin-5-sikkerhedsnet/"),
    ("tilgængelighed", "om/tilgaengelighed/"),
]


def wait_for_results(page, query: str) -> None:
    """Until the dialog says how many results the query has."""
    try:
        page.wait_for_function(
            "q => { const s = document.querySelector('.ai-search__status').textContent;"
            " return s.includes('»' + q + '«') && /resultat/.test(s); }", arg=query, timeout=15_000)
    except Exception:
        state = page.evaluate("() => [document.querySelector('.ai-search__status').textContent,"
                              " document.querySelector('#ai-search-field').value,"
                              " document.querySelectorAll('[role=option]').length]")
        raise AssertionError(f"{query!r}: ingen resultater efter 15 s; status, felt, resultater: {state}; "
                             f"konsol: {getattr(page, 'recorded', None) and page.recorded.console_errors()}")


def run_search(page, query: str) -> list[tuple[str, str, str]]:
    """Type a query into the open search dialog; return (path, title, snippet) per result, in order."""
    page.locator("#ai-search-field").fill(query)
    wait_for_results(page, query)
    root = urlparse(page.url).path.rsplit("/", 1)[0] if page.url.endswith(".html") else ""
    results = []
    for option in page.locator("#ai-search-results [role=option]").all():
        path = urlparse(option.get_attribute("href")).path
        path = path[len(root):] if root and path.startswith(root) else path
        results.append((path.lstrip("/"), option.locator(".ai-search__result-title").inner_text().strip(),
                        option.locator(".ai-search__result-text").inner_text().strip()))
    return results


def open_search(page) -> None:
    page.locator("[data-ai-search-open]").click()
    page.locator("#ai-search-field").wait_for(state="visible")


@pytest.fixture(scope="module")
def search_page(browser, served_site):
    pg = new_recorded_page(browser, served_site)
    open_page(pg, "")
    open_search(pg)
    yield pg
    pg.context.close()


def _assert_top_three(results, query, expected, why):
    paths = [path for path, _, _ in results]
    rank = paths.index(expected) + 1 if expected in paths else None
    print(f"søgning {query!r} -> {expected}: placering {rank}")
    assert rank is not None and rank <= 3, (
        f"{query!r} skulle finde {expected} ({why}) blandt de tre første; fik:\n"
        + "\n".join(f"  {i}. {p}  {t}" for i, (p, t, _) in enumerate(results[:8], 1)))


def test_query_tables_are_large_enough_and_distinct():
    queries = [q for q, _, _ in SEARCHES + INFLECTED]
    assert len(set(queries)) == len(queries)
    assert len(SEARCHES) >= 25 and len(INFLECTED) >= 20


def test_expected_pages_exist(site):
    for query, expected, _ in SEARCHES + INFLECTED:
        assert (site / expected / "index.html").is_file(), f"{query}: {expected} findes ikke"


def test_inflected_queries_are_not_written_on_their_page(site):
    """Each inflected query must need the stemmer: the exact word is not in its page's indexed text."""
    indexed = {page["url"].strip("/") + "/": page["content"].lower() for page in search.indexed_pages(site)}
    for query, expected, _ in INFLECTED:
        assert not re.search(rf"(?<!\w){re.escape(query.lower())}(?!\w)", indexed[expected]), \
            f"{query!r} står ordret på {expected}; vælg en anden bøjning"


@pytest.mark.parametrize("query,expected,why", SEARCHES, ids=[q for q, _, _ in SEARCHES])
def test_danish_query_finds_the_expected_page_in_the_top_three(search_page, query, expected, why):
    _assert_top_three(run_search(search_page, query), query, expected, why)


@pytest.mark.parametrize("query,expected,why", INFLECTED, ids=[q for q, _, _ in INFLECTED])
def test_inflected_query_finds_the_expected_page_in_the_top_three(search_page, query, expected, why):
    _assert_top_three(run_search(search_page, query), query, expected, why)


@pytest.mark.parametrize("query,expected", ABOUT, ids=[q for q, _ in ABOUT])
def test_the_page_about_the_word_ranks_first(search_page, query, expected):
    results = run_search(search_page, query)
    assert results and results[0][0] == expected, [p for p, _, _ in results[:5]]


def test_result_shows_the_page_title_and_a_snippet_with_the_match_marked(search_page):
    results = run_search(search_page, "klagerne")
    path, title, snippet = results[0]
    assert path == "principper/p13-fejl-og-klager/"
    assert title == "Princip 13: Effektive fejl- og klageprocedurer"
    assert snippet and len(snippet) < 400, snippet
    marks = search_page.locator("#ai-search-results [role=option]").first.locator("mark").all_inner_texts()
    assert marks and all(m.lower().startswith("klage") for m in marks), marks


def test_page_boilerplate_is_not_indexed(search_page):
    """'Livsforløb' heads a section of every record page marked data-search-exclude (and is found
    nowhere else in record pages): no record page is a result for it. Nor is the print version."""
    paths = [p for p, _, _ in run_search(search_page, "livsforløb")]
    records = {f"register/{r['slug']}/" for r in records_data()}
    assert paths and not records.intersection(paths), paths
    paths = [p for p, _, _ in run_search(search_page, "udskrift")]
    assert "principper/udskrift/" not in paths, paths


def test_no_result_says_so(search_page):
    assert run_search(search_page, "xylofonorkester") == []
    assert search_page.locator(".ai-search__status").inner_text() == "Ingen resultater for »xylofonorkester«."


def test_search_requests_nothing_from_another_host(search_page):
    run_search(search_page, "risikovurderingerne")
    assert any("/pagefind/" in u for u in search_page.recorded.requests), "Pagefind blev ikke hentet"
    assert not search_page.recorded.foreign_requests(), search_page.recorded.foreign_requests()
    assert not search_page.recorded.console_errors(), search_page.recorded.console_errors()


def test_open_search_passes_axe(search_page):
    run_search(search_page, "klagerne")
    search_page.keyboard.press("ArrowDown")
    results = Axe().run(search_page, options={"runOnly": {"type": "tag", "values":
                                                         ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                                              "resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert not violations, "\n".join(f"{v['id']}: {v['help']} {[n['html'][:120] for n in v['nodes'][:3]]}"
                                     for v in violations)


def test_keyboard_slash_arrows_enter_and_escape(page):
    open_page(page, "principper/")
    page.locator("body").click(position={"x": 5, "y": 300})  # focus in the page, not in a field
    page.keyboard.press("/")
    field = page.locator("#ai-search-field")
    assert page.evaluate("() => document.getElementById('ai-search').open")
    assert page.evaluate("() => document.activeElement.id") == "ai-search-field"
    page.keyboard.type("klagerne")
    wait_for_results(page, "klagerne")
    assert field.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.locator("#ai-search-results [role=option]").nth(1)
    assert field.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert second.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowUp")
    first = page.locator("#ai-search-results [role=option]").first
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")
    # Esc closes the dialog and gives focus back to the header button.
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('ai-search').open")
    assert page.evaluate("() => document.activeElement.hasAttribute('data-ai-search-open')")
    # Enter on the highlighted result opens its page.
    page.keyboard.press("Enter")  # the focused header button opens the dialog again
    assert page.evaluate("() => document.getElementById('ai-search').open")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path.endswith("/principper/p13-fejl-og-klager/")


def test_slash_in_a_text_field_is_typed_not_a_shortcut(page):
    open_page(page, "")
    open_search(page)
    page.keyboard.type("a/b")
    assert page.locator("#ai-search-field").input_value() == "a/b"


def test_keyboard_reaches_the_search_button_by_tab(page):
    open_page(page, "")
    for presses in range(1, 30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.hasAttribute('data-ai-search-open')"):
            break
    else:
        raise AssertionError("Tab nåede ikke søgeknappen på 30 tryk")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "ai-search-field"


def test_every_principle_is_indexed_in_danish(site):
    entry = (site / search.OUTPUT / "pagefind-entry.json").read_text(encoding="utf-8")
    assert '"da"' in entry and "unknown" not in entry.split('"languages"')[1], entry
    urls = {page["url"] for page in search.indexed_pages(site)}
    for slug in ("p01-forretningsvaerdi", "p04-risikovurdering", "p15-navngiven-ansvarlig"):
        assert f"/principper/{slug}/" in urls
    assert "/principper/udskrift/" not in urls and "/404.html" not in urls


@pytest.mark.parametrize("html,expected", [
    ('<h2 id="a" data-search-exclude>A</h2><p>x</p><table><tr><td>y</td></tr></table><h2 id="b">B</h2><p>z</p>',
     '<h2 data-pagefind-ignore id="a" data-search-exclude>A</h2><p data-pagefind-ignore>x</p>'
     '<table data-pagefind-ignore><tr><td>y</td></tr></table><h2 id="b">B</h2><p>z</p>'),
    ('<div><h3 data-search-exclude>A</h3><p>x</p></div><p>after</p>',
     '<div><h3 data-pagefind-ignore data-search-exclude>A</h3><p data-pagefind-ignore>x</p></div><p>after</p>'),
    ('<p>a<br>b</p><table data-search-exclude><tr><td>t</td></tr></table><p>c</p>',
     '<p>a<br>b</p><table data-pagefind-ignore data-search-exclude><tr><td>t</td></tr></table><p>c</p>'),
    ('<p>no marker</p>', '<p>no marker</p>'),
])
def test_mark_ignored_follows_materials_section_rule(html, expected):
    assert search.mark_ignored(html) == expected


def test_search_works_from_the_404_page(page):
    """The 404 page addresses the site from its root ("/"), every other page relatively."""
    open_page(page, "404.html")
    open_search(page)
    assert run_search(page, "klagerne")[0][0] == "principper/p13-fejl-og-klager/"
    assert not page.recorded.console_errors(), page.recorded.console_errors()


def test_the_field_is_a_combobox_whose_listbox_is_shown_only_with_options(page):
    """ARIA APG combobox (list autocomplete): a text field with role combobox; the listbox popup is
    hidden and aria-expanded false until there are options, and again when a query finds none."""
    open_page(page, "")
    open_search(page)
    field = page.locator("#ai-search-field")
    listbox = page.locator("#ai-search-results")
    assert field.get_attribute("type") == "text" and field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-controls") == "ai-search-results"
    assert listbox.get_attribute("role") == "listbox"
    assert field.get_attribute("aria-expanded") == "false" and listbox.is_hidden()
    field.fill("klagerne")
    wait_for_results(page, "klagerne")
    assert field.get_attribute("aria-expanded") == "true" and listbox.is_visible()
    field.fill("xqzyxqzy")
    page.wait_for_function("() => document.querySelector('.ai-search__status').textContent.startsWith('Ingen')")
    assert field.get_attribute("aria-expanded") == "false" and listbox.is_hidden()
    assert field.get_attribute("aria-activedescendant") is None
