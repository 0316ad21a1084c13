"""The exit from mkdocs-material, tested: `python -m macros export DIR` writes the whole site as a plain
tree, and Zensical (mkdocs-material's successor, pinned as a test extra) builds it. Every principle page,
record page and open-data file is there, with its title or its bytes; the hand-written pages that show
data (the register's overview, the principles) show it: the export rendered their macros with the same
build, so the tree needs neither our hooks nor the macros plugin."""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run
from macros.export import export
from macros.render import policy, register

ZENSICAL_VERSION = "0.0.73"  # pyproject.toml's test extra


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    """(the build the export made, the folder Zensical built into)"""
    tree = tmp_path_factory.mktemp("zensical") / "tree"
    build = export(ROOT, tree)  # what `python -m macros export` does (its command: test below)
    version = run([sys.executable, "-m", "zensical", "--version"], cwd=tree)
    assert ZENSICAL_VERSION in version.stdout + version.stderr
    result = run([sys.executable, "-m", "zensical", "build", "--strict"], cwd=tree, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return build, tree / "site"


def _page(out: Path, uri: str) -> str:
    """The HTML of the page made from docs/<uri> (directory URLs, as MkDocs makes them)."""
    stem = uri.removesuffix(".md")
    path = out / (f"{stem.removesuffix('index')}index.html" if stem.endswith("index") else f"{stem}/index.html")
    assert path.is_file(), f"{uri}: {path} mangler i Zensicals bygning"
    return path.read_text(encoding="utf-8")


def _h1(page_html: str) -> str:
    m = re.search(r"<h1[^>]*>(.*?)</h1>", page_html, re.S)
    assert m, "siden har ingen overskrift"
    return html.unescape(re.sub(r"<[^>]+>|¶", "", m.group(1))).strip()


def test_every_principle_page_is_there_with_its_title(zensical_site):
    build, out = zensical_site
    assert len(build.content.principles) == 15
    for principle in build.content.principles:
        page = _page(out, policy.principle_uri(principle))
        assert _h1(page) == f"Princip {principle['number']}: {principle['title']}"
        lead = " ".join(principle["summary"].split())[:60]  # the summary's first words, as Markdown made them
        assert html.escape(lead, quote=False) in " ".join(html.unescape(page).split()) or lead in " ".join(page.split())


def test_every_record_page_is_there_with_its_title_and_owner(zensical_site):
    build, out = zensical_site
    assert build.content.records
    for record in build.content.records:
        page = _page(out, register.record_uri(record))
        assert _h1(page) == record["title"]
        assert record["id"] in page


def test_every_open_data_file_is_published_as_the_build_made_it(zensical_site):
    build, out = zensical_site
    data = [uri for uri in build.files if not uri.endswith(".md")]
    for wanted in ("register/registry.json", "register/registry.csv", "register/registry.xlsx",
                   "register/schema.json", "register/dcat.jsonld", "feeds/register.xml"):
        assert wanted in data
    for uri in data:
        source = build.files[uri]
        expected = source.read_bytes() if isinstance(source, Path) else \
            source.encode("utf-8") if isinstance(source, str) else source
        assert (out / uri).read_bytes() == expected, uri


def test_every_generated_page_is_built(zensical_site):
    build, out = zensical_site
    for uri in build.pages:
        assert _h1(_page(out, uri))


def test_hand_written_pages_show_the_data_the_macros_make(zensical_site):
    build, out = zensical_site
    for page in sorted((ROOT / "docs").rglob("*.md")):
        assert "{{" not in _page(out, page.relative_to(ROOT / "docs").as_posix()), page
    overview = _page(out, "register/index.md")
    first = sorted(build.content.records, key=lambda r: r["title"])[0]
    assert html.escape(first["title"], quote=False) in overview or first["title"] in overview
    principles = _page(out, "principper/index.md")
    for principle in build.content.principles:
        assert html.escape(principle["title"], quote=False) in principles
    # The configuration names the site as the hooks do, from settings.yml.
    assert f"<title>AI-registret - {html.escape(build.content.settings['site']['name'], quote=False)}</title>" in overview


def test_the_export_command_writes_a_tree_and_says_so(tmp_path):
    result = run([sys.executable, "-m", "macros", "--root", str(ROOT), "export", str(tmp_path / "ud")], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.match(r"Skrevet: .*ud med \d+ genererede sider og \d+ datafiler", result.stdout)
    assert (tmp_path / "ud" / "mkdocs.yml").is_file()
    again = run([sys.executable, "-m", "macros", "--root", str(ROOT), "export", str(tmp_path / "ud")], cwd=ROOT)
    assert again.returncode == 0, again.stderr  # an earlier export is replaced


def test_the_export_refuses_a_folder_that_is_not_an_export(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "noter.txt").write_text("mine noter", encoding="utf-8")
    result = run([sys.executable, "-m", "macros", "--root", str(ROOT), "export", str(folder)], cwd=ROOT)
    assert result.returncode == 2
    assert "ikke tom og er ikke en tidligere eksport" in result.stderr
    assert "Traceback" not in result.stderr
    assert (folder / "noter.txt").read_text(encoding="utf-8") == "mine noter"  # nothing removed


def test_zensical_is_not_what_make_build_and_serve_use():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^build:.*\n\t\$\(BIN\)/mkdocs build", makefile, re.M)
    assert re.search(r"^serve:.*\n\t\$\(BIN\)/mkdocs serve", makefile, re.M)
