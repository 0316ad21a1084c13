"""Danish search in a real browser: material's own search (lunr in a web worker) over the built site.

Each row is a query a reader could type and the page they would expect among the first
three results. The expectations come from the content (principles/*.yml, registry/*.yml):
change them only when the content changes, never to make a failing search pass.
"""
from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from browser_support import open_page

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

_COUNT = re.compile(r"^(\d+ resultater|1 resultat|Ingen resultater fundet)$")


def run_search(page, query: str) -> list[tuple[str, str]]:
    """Type a query into material's search field; return (path, title) per result page, in order."""
    field = page.locator("input[name=query]")
    field.click()
    field.fill("")
    field.press("End")  # material reads the field on keyup
    page.wait_for_function("() => !/resultat/.test(document.querySelector('.md-search-result__meta').textContent)")
    field.fill(query)
    field.press("End")
    page.wait_for_function(
        "re => new RegExp(re).test(document.querySelector('.md-search-result__meta').textContent.trim())",
        arg=_COUNT.pattern, timeout=10_000)
    base = urlparse(page.url)
    root = base.path.rsplit("/", 1)[0] + "/" if base.path.endswith("index.html") else "/"
    results = []
    for item in page.locator("li.md-search-result__item").all():
        link = item.locator("a.md-search-result__link").first
        path = urlparse(link.get_attribute("href")).path
        title = link.locator("h1, h2").first.inner_text().strip()
        results.append((path[len(root):] if path.startswith(root) else path, title))
    return results


@pytest.fixture(scope="module")
def search_page(browser, served_site):
    context = browser.new_context(base_url=served_site, locale="da-DK", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    open_page(pg, "")
    yield pg
    context.close()


def test_search_table_has_at_least_fifteen_distinct_queries():
    queries = [q for q, _, _ in SEARCHES]
    assert len(set(queries)) == len(queries) >= 15


def test_expected_pages_exist(site):
    for query, expected, _ in SEARCHES:
        assert (site / expected / "index.html").is_file(), f"{query}: {expected} findes ikke"


@pytest.mark.parametrize("query,expected,why", SEARCHES, ids=[q for q, _, _ in SEARCHES])
def test_danish_query_finds_the_expected_page_in_the_top_three(search_page, query, expected, why):
    results = run_search(search_page, query)
    paths = [path for path, _ in results]
    rank = paths.index(expected) + 1 if expected in paths else None
    print(f"søgning {query!r} -> {expected}: placering {rank}")
    assert rank is not None and rank <= 3, (
        f"{query!r} skulle finde {expected} ({why}) blandt de tre første; fik:\n"
        + "\n".join(f"  {i}. {p}  {t}" for i, (p, t) in enumerate(results[:8], 1)))
