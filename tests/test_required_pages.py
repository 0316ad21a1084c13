"""The pages a Danish public site must have, linked from every page's footer; the 404 page;
no cookies and nothing in localStorage but what the privacy page names; the edit button only
where a page has a source to edit."""
from __future__ import annotations

import posixpath
from urllib.parse import urljoin

import pytest

from browser_support import PAGE_TYPES, open_page
from conftest import html

REQUIRED = {"Om sitet": "om/", "Tilgængelighedserklæring": "om/tilgaengelighed/",
            "Privatliv og cookies": "om/privatliv/"}


def _built_path(page_type) -> str:
    return page_type.url if page_type.url.endswith(".html") else page_type.url + "index.html"


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.name for t in PAGE_TYPES])
def test_footer_links_to_the_required_pages(site, page_type):
    page = html(site, _built_path(page_type))
    links = {a.get_text(strip=True): a["href"] for a in page.select("footer nav.ai-footer-links a")}
    assert set(links) == set(REQUIRED), links
    here = posixpath.dirname(_built_path(page_type))
    for label, target in REQUIRED.items():
        href = links[label]
        resolved = href.lstrip("/") if href.startswith("/") else posixpath.normpath(posixpath.join(here, href)) + "/"
        assert resolved == target, (page_type.name, label, href)
        assert (site / target / "index.html").is_file()


def test_accessibility_statement_follows_the_agencys_structure(site):
    article = html(site, "om/tilgaengelighed").select_one("article")
    ids = {h.get("id") for h in article.select("h2")}
    assert {"omfang", "status", "test", "begraensninger", "kontakt", "haandhaevelse", "om-erklaeringen"} <= ids
    text = article.get_text(" ", strip=True)
    assert "delvist i overensstemmelse" in text and "WCAG 2.1" in text
    complaint = article.select_one("#haandhaevelse ~ p a[href^='https://digst.dk/']")
    assert complaint is not None and "ikke-tilgængeligt indhold" in complaint.get_text()
    assert "10 arbejdsdage" in text
    assert "udgiver" in text and "KOMBIT A/S" in text


def test_privacy_page_says_what_is_stored_and_how_to_clear_it(site):
    article = html(site, "om/privatliv").select_one("article")
    text = article.get_text(" ", strip=True)
    for fact in ["ingen cookies", "ingen sporing", "localStorage", "Nulstil tjeklisten", "Ryd browserdata",
                 "GitHub", "udkast"]:
        assert fact.lower() in text.lower(), fact
    about = html(site, "om").select_one("article").get_text(" ", strip=True)
    for part in ["Det udgives af KOMBIT A/S", "Hvordan sitet er lavet", "Sådan bidrager du", "Kontakt"]:
        assert part in about, part


def test_404_is_danish_with_search_and_the_main_entry_points(site, page):
    soup = html(site, "404.html")
    assert soup.html["lang"] == "da"
    assert soup.select_one("article h1").get_text(strip=True) == "Siden findes ikke"
    assert "Not found" not in soup.get_text()
    # Absolute paths, since the page is served at whatever address was missing.
    entry = {a.get_text(strip=True): urljoin("http://sted/ingen/saadan/side/", a["href"]).removeprefix("http://sted")
             for a in soup.select("article li a")}
    assert entry == {"Forsiden": "/", "AI-politikkens principper": "/principper/", "AI-registret": "/register/",
                     "Guide til SMV'er": "/smv/", "Om sitet": "/om/"}
    open_page(page, "404.html")
    button = page.get_by_role("button", name="Søg på sitet")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'ai-search-field'")
    assert page.locator("#ai-search-field").is_visible()


def test_no_cookies_and_only_the_named_things_in_local_storage(page):
    for url in ["", "principper/p04-risikovurdering/", "register/ai-tolk-beskaeftigelse-koebenhavn/", "om/"]:
        open_page(page, url)
    open_page(page, "smv/trin-1-kortlaeg/")
    page.locator("input[data-tjek]").first.check()
    assert page.context.cookies() == []
    assert page.evaluate("() => document.cookie") == ""
    keys = page.evaluate("() => Object.keys(localStorage)")
    assert keys and all(k.startswith("smv-tjekliste:") for k in keys), keys


@pytest.mark.parametrize("url, editable", [
    ("principper/p04-risikovurdering", "principles/p04.yml"),
    ("register/ai-tolk-beskaeftigelse-koebenhavn", "registry/ai-0001-ai-tolk-beskaeftigelse-koebenhavn.yml"),
    ("om", "docs/om/index.md"),
    ("principper/udskrift", None),
    ("register", None),
    ("matrix", None),
    ("register/mangler", None),
    ("404.html", None),
])
def test_edit_button_only_where_there_is_a_source(site, url, editable):
    edit = html(site, url).select_one("a.md-content__button[rel=edit]")
    if editable is None:
        assert edit is None, url
    else:
        assert edit["href"].endswith(f"/edit/main/{editable}"), edit["href"]
