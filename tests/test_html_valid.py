"""Valid HTML on every page type: the W3C's Nu Html Checker (vnu.jar) finds no error.

The checker is npm's `vnu-jar` at the version pinned in the Makefile, run on Debian's Java; `make test`
installs both (`make vnu`) and nothing is fetched while the tests run. Every entry in
tests/browser_support.py PAGE_TYPES is checked, in the site as it is and in a build with synthetic
records in pages (as test_listings.py makes), where the paged listings (…/side/2/) are checked too.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browser_support import PAGE_TYPES, page_type_ids
from conftest import ROOT, copy_site, mkdocs_build

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import make_records, write_records  # noqa: E402

# Where `make vnu` installs the checker (Makefile: VNU_JAR); VNU_JAR in the environment overrides it.
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / "build/tools/node_modules/vnu-jar/build/dist/vnu.jar"))
N, PAGE_SIZE = 25, 10  # three pages of each listing


def vnu_errors(site: Path, files: list[Path]) -> dict[Path, list[dict]]:
    """The checker's errors per file (every file present as a key, errors or not)."""
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} findes ikke: installér Nu Html Checker med `make vnu` (npm vnu-jar og "
                    "Debians default-jre-headless). HTML-tjekket må ikke springes over.", pytrace=False)
    java = shutil.which("java")
    if not java:
        pytest.fail("java findes ikke: installér Debians default-jre-headless med `make vnu`.", pytrace=False)
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar svarede ikke med JSON (kode {result.returncode}):\n{result.stdout}\n{result.stderr}")
    found: dict[Path, list[dict]] = {f.resolve(): [] for f in files}
    for msg in messages:
        url = msg.get("url", "")
        path = Path(url.removeprefix("file:")).resolve() if url.startswith("file:") else None
        if msg.get("type") == "error" or msg.get("subType") == "fatal" or msg.get("type") == "non-document-error":
            found.setdefault(path, []).append(msg)
    return found


def report(site: Path, errors: list[dict]) -> str:
    """Each error as file:line:column: message, with the markup it is about."""
    lines = []
    for e in errors:
        where = Path(e.get("url", "").removeprefix("file:"))
        try:
            where = where.relative_to(site.resolve())
        except ValueError:
            pass
        lines.append(f"{where}:{e.get('lastLine', '?')}:{e.get('firstColumn', e.get('lastColumn', '?'))}: "
                     f"{e.get('message', '')}")
        extract = " ".join(e.get("extract", "").split())
        if extract:
            lines.append(f"    … {extract[:200]} …")
    return "\n".join(lines)


def built_file(site: Path, url: str) -> Path:
    return site / url if url.endswith(".html") else site / url / "index.html"


def first_of_type(site: Path, page_type) -> Path | None:
    """The page type's own URL if built, else the first built page of its kind."""
    own = built_file(site, page_type.url)
    if own.is_file():
        return own
    return next((p for p in sorted(site.rglob("*.html"))
                 if re.fullmatch(page_type.pattern, p.relative_to(site).as_posix())), None)


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory) -> Path:
    """The site with N synthetic records instead of the real ones, PAGE_SIZE to a listing page."""
    src = copy_site(tmp_path_factory.mktemp("html-valid") / "src")
    for path in (src / "registry").glob("*.yml"):
        if not path.name.startswith("_"):
            path.unlink()
    write_records(sorted(make_records(N, [f"P{i:02d}" for i in range(1, 16)], seed=3), key=lambda r: r["id"]),
                  src / "registry")
    settings = src / "settings.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + f"listing:\n  page_size: {PAGE_SIZE}\n", encoding="utf-8")
    out = src.parent / "site"
    result = mkdocs_build(src, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def paged_listings(site: Path) -> list[Path]:
    return sorted(site.glob("**/side/2/index.html"))


@pytest.fixture(scope="module")
def checked(site, paged_site) -> dict[Path, list[dict]]:
    """One run of the checker over every page type in both builds and the paged listings."""
    files = [f for t in PAGE_TYPES for s in (site, paged_site) if (f := first_of_type(s, t))]
    files += paged_listings(paged_site)
    return vnu_errors(site, files)


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=page_type_ids())
def test_page_type_is_valid_html(site, paged_site, checked, page_type):
    own = built_file(site, page_type.url)
    assert own.is_file(), f"{page_type.name}: {page_type.url} er ikke bygget"
    for where, file in (("sitet", own), ("sitet med syntetiske opslag", first_of_type(paged_site, page_type))):
        if file is None:
            continue  # a kind of page the synthetic records do not make (none yet)
        errors = checked[file.resolve()]
        root = site if where == "sitet" else paged_site
        print(f"vnu {page_type.name} ({where}): {len(errors)} fejl")
        assert not errors, (f"{page_type.name} ({where}, {file.relative_to(root)}): {len(errors)} fejl fra "
                            f"Nu Html Checker:\n" + report(root, errors))


def test_paged_listings_are_valid_html(paged_site, checked):
    pages = paged_listings(paged_site)
    assert {p.relative_to(paged_site).as_posix() for p in pages} >= {
        "register/side/2/index.html", "matrix/side/2/index.html", "register/mangler/side/2/index.html"}, pages
    errors = [e for p in pages for e in checked[p.resolve()]]
    assert not errors, f"{len(errors)} fejl fra Nu Html Checker:\n" + report(paged_site, errors)


def test_the_checker_finds_errors(tmp_path):
    """The check can fail: a duplicate attribute and a combobox role on a search field are reported."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="da"><head><meta charset="utf-8"><title>x</title></head><body>'
                    '<p data-x data-x>a</p><input type="search" role="combobox" aria-label="s"></body></html>',
                    encoding="utf-8")
    errors = vnu_errors(tmp_path, [page])[page.resolve()]
    text = report(tmp_path, errors)
    assert "Duplicate attribute" in text and "combobox" in text, text
    assert text.startswith("bad.html:1:"), text
