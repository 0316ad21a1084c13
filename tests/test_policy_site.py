"""The built policy site, read as a visitor's browser would get it."""
from __future__ import annotations

import re
from urllib.parse import urlparse

from conftest import ROOT, SHARED, areas_data, html, principles_data, run
from macros import search


def _article_text(soup) -> str:
    return soup.select_one("article").get_text(" ", strip=True)


def test_there_are_fifteen_principles_with_stable_urls(site):
    principles = principles_data()
    assert [p["number"] for p in principles] == list(range(1, 16))
    assert [p["id"] for p in principles] == [f"P{n:02d}" for n in range(1, 16)]
    for p in principles:
        assert re.fullmatch(rf"p{p['number']:02d}-[a-z0-9-]+", p["slug"])
        assert (site / "principper" / p["slug"] / "index.html").exists()
    assert (site / "principper" / "p04-risikovurdering" / "index.html").exists()


def test_each_principle_page_shows_its_title_number_area_and_source(site):
    areas = {a["id"]: a for a in areas_data()}
    for p in principles_data():
        soup = html(site, f"principper/{p['slug']}")
        h1 = soup.select_one("article h1").get_text(strip=True).rstrip("¶")
        assert h1 == f"Princip {p['number']}: {p['title']}"
        area = areas[p["area"]]
        area_link = soup.select_one("article .ai-area a")
        assert area_link.get_text(strip=True) == f"{area['name']} – {area['question']}"
        assert area_link["href"] == f"../#{area['id']}"
        text = _article_text(soup)
        assert p["summary"].split()[0] in text
        for q in p["questions"]:
            assert " ".join(q["text"].split()) in text
        assert "KOMBIT – AI-politik" in text
        # permalink anchors on headings
        assert soup.select("article h2 a.headerlink")


def test_principle_pages_have_previous_and_next_in_policy_order(site):
    principles = principles_data()
    for i, p in enumerate(principles):
        soup = html(site, f"principper/{p['slug']}")
        nxt = soup.select_one("a.md-footer__link--next")
        prev = soup.select_one("a.md-footer__link--prev")
        if i + 1 < len(principles):
            assert nxt["href"] == f"../{principles[i + 1]['slug']}/"
        if i > 0:
            assert prev["href"] == f"../{principles[i - 1]['slug']}/"


def test_overview_lists_every_principle_under_its_area(site):
    soup = html(site, "principper")
    found: dict[str, list[str]] = {}
    for h2 in soup.select("article h2"):
        links = h2.find_next_sibling("ul").select("a")
        found[h2["id"]] = [a["href"] for a in links]
    expected: dict[str, list[str]] = {}
    for p in principles_data():
        expected.setdefault(p["area"], []).append(f"{p['slug']}/")
    assert found == expected
    assert list(found) == ["relevans", "lovlighed", "etik", "tilgang"]


def test_front_page_explains_purpose_scope_and_the_four_questions(site):
    text = _article_text(html(site, "."))
    for phrase in ["fælleskommunale IT-løsninger", "interne IT-systemer", "ikke formuleret som bindende regler",
                   "Vil vi?", "Må vi?", "Bør vi?", "Sådan gør vi", "15 principper"]:
        assert phrase in text, phrase


def test_every_page_is_danish(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        assert '<html lang="da"' in page.read_text(encoding="utf-8"), page


def test_search_index_contains_every_principle_in_danish(site):
    assert '"da"' in (site / search.OUTPUT / "pagefind-entry.json").read_text(encoding="utf-8")
    urls = {page["url"] for page in search.indexed_pages(site)}
    for p in principles_data():
        assert f"/principper/{p['slug']}/" in urls


def test_no_page_loads_anything_from_another_host(site):
    for page in site.rglob("*.html"):
        soup = html(site, str(page.relative_to(site)))
        for tag, attr in (("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src")):
            for el in soup.find_all(tag):
                target = el.get(attr)
                if target and (tag != "link" or "stylesheet" in el.get("rel", []) or "preload" in el.get("rel", [])
                               or "preconnect" in el.get("rel", [])):
                    assert not urlparse(target).netloc, f"{page}: <{tag} {attr}={target}>"
    css = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_site_text_is_in_our_own_words():
    tool = SHARED / "tools" / "seed-overlap"
    assert tool.exists(), f"seed-overlap tool missing at {tool}"
    result = run([str(tool), "."], cwd=ROOT)
    assert result.stdout == "", result.stdout
    assert result.returncode == 0
