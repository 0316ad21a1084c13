"""Link checker over the built HTML: every internal link and #anchor resolves.

Internal means relative, root-absolute (/...) or absolute on the site's own host
(site.url in settings.yml). External links are listed but never fetched: tests run offline.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, mkdocs_build, read_yaml

# Attributes that point at something the browser follows or loads.
LINK_ATTRS = [("a", "href"), ("link", "href"), ("area", "href"), ("img", "src"), ("script", "src"),
              ("iframe", "src"), ("source", "src"), ("form", "action")]


def site_url() -> str:
    return read_yaml(ROOT / "settings.yml")["site"]["url"]


class Checker:
    def __init__(self, site: Path):
        self.site = site
        base = urlparse(site_url())
        self.host, self.base_path = base.netloc, base.path if base.path.endswith("/") else base.path + "/"
        self.local_base = "http://site.invalid" + self.base_path  # pages are resolved as if served here
        self.external: set[str] = set()

    def page_url(self, file: Path) -> str:
        rel = file.relative_to(self.site).as_posix()
        return urljoin(self.local_base, rel)

    @lru_cache(maxsize=None)
    def ids(self, file: Path) -> frozenset[str]:
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        return frozenset([el["id"] for el in soup.find_all(id=True)] +
                         [el["name"] for el in soup.find_all("a", attrs={"name": True})])

    def target_file(self, path: str) -> Path | None:
        """The built file a URL path under the site's base path is served from."""
        rel = unquote(path[len(self.base_path):])
        candidate = self.site / rel
        if path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def check(self, page: Path, raw: str) -> str | None:
        """None if the link resolves, else what is wrong."""
        url = urlparse(raw.strip())
        if url.scheme in ("mailto", "tel", "data"):
            return None
        if url.scheme == "javascript":
            return "javascript:-link"
        if url.scheme in ("http", "https") and url.netloc != self.host:
            self.external.add(raw)
            return None
        if url.scheme and url.scheme not in ("http", "https"):
            return f"ukendt skema {url.scheme!r}"
        path = urlparse(urljoin(self.page_url(page), raw.strip())).path
        if not path.startswith(self.base_path):
            return f"uden for sitet ({path})"
        target = self.target_file(path)
        if target is None:
            return f"siden/filen findes ikke ({path})"
        if url.fragment and target.suffix == ".html" and unquote(url.fragment) not in self.ids(target):
            return f"ankeret #{url.fragment} findes ikke i {target.relative_to(self.site)}"
        return None


def all_links(site: Path):
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in LINK_ATTRS:
            for el in soup.find_all(tag):
                if el.get(attr) is not None:
                    yield page, tag, el[attr]


@pytest.fixture(scope="module")
def checker(site) -> Checker:
    return Checker(site)


def test_every_internal_link_and_anchor_resolves(site, checker):
    broken, checked = [], 0
    for page, tag, raw in all_links(site):
        checked += 1
        problem = checker.check(page, raw)
        if problem:
            broken.append(f"{page.relative_to(site)}: <{tag}> {raw!r}: {problem}")
    assert checked > 1000, f"kun {checked} links kontrolleret"
    assert not broken, f"{len(broken)} brudte links:\n" + "\n".join(broken[:80])


# --- the checker must be able to fail --------------------------------------------------

def _page(tmp_path: Path, rel: str, body: str) -> Path:
    file = tmp_path / rel
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")
    return file


@pytest.mark.parametrize("href,problem", [
    ("../mangler/", "findes ikke"),
    ("../b/#nej", "ankeret #nej"),
    ("#nej", "ankeret #nej"),
    ("/c/", "findes ikke"),
    (site_url() + "c/", "findes ikke"),
    ("javascript:alert(1)", "javascript"),
])
def test_checker_reports_broken_links(tmp_path, href, problem):
    a = _page(tmp_path, "a/index.html", '<h2 id="her">x</h2>')
    _page(tmp_path, "b/index.html", '<h2 id="der">y</h2>')
    result = Checker(tmp_path).check(a, href)
    assert result and problem in result, (href, result)


@pytest.mark.parametrize("href", ["../b/", "../b/#der", "#her", "/b/", site_url() + "b/#der", "../b/index.html",
                                  "https://example.org/x", "mailto:x@example.org", "../a/#%68er"])
def test_checker_accepts_good_links(tmp_path, href):
    a = _page(tmp_path, "a/index.html", '<h2 id="her">x</h2>')
    _page(tmp_path, "b/index.html", '<h2 id="der">y</h2>')
    assert Checker(tmp_path).check(a, href) is None, href


# --- the test builds must see warnings -------------------------------------------------

@pytest.mark.parametrize("link,warning", [
    ("[brudt](findes-ikke.md)", "'findes-ikke.md', but the target 'om/findes-ikke.md' is not found"),
    ("[brudt](tilgaengelighed.md#findes-ikke)", "does not contain an anchor '#findes-ikke'"),
])
def test_a_build_with_a_broken_internal_link_fails(site_copy, tmp_path, link, warning):
    """conftest.mkdocs_build is what every test build uses: a warning must stop it (no -q hiding it)."""
    page = site_copy / "docs" / "om" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{link}\n", encoding="utf-8")
    result = mkdocs_build(site_copy, tmp_path / "out")
    assert result.returncode != 0, "the broken link passed --strict"
    assert warning in result.stderr, result.stderr
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr, result.stdout + result.stderr
