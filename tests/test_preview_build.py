"""The preview's pieces without a server: which pages a save makes again at once (site.update_build),
and that the writer of generated pages leaves a file alone when its text did not change, which is
what lets `mkdocs serve --dirty` skip its page."""
from __future__ import annotations

import os

from conftest import ROOT, copy_site
from macros import export, preview, site
from macros.hooks import PREVIEW_NOTICE, _with_notice
from macros.render import register

RECORD = "registry/ai-0003-gladgpt-gladsaxe.yml"


def test_a_saved_record_makes_its_own_page_again_and_nothing_else(tmp_path):
    root = copy_site(tmp_path / "src")
    before = preview.snapshot(root)
    first = site.make_build(root)
    path = root / RECORD
    path.write_text(path.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Rettet – ", 1), encoding="utf-8")
    plan = preview.plan(before, preview.snapshot(root))
    assert plan.kind == "update" and plan.changed == {RECORD}
    quick = site.update_build(first, root, plan.changed)
    record = next(r for r in quick.content.records if r.source_file == RECORD)
    uri = register.record_uri(record)
    assert quick.updated == {uri}
    assert "# Rettet – GladGPT" in quick.pages[uri].markdown
    # Every other page is the first build's own (stale until the full build in the background).
    assert all(quick.pages[u] is first.pages[u] for u in first.pages if u != uri)
    assert "Rettet – GladGPT" not in quick.pages["register/organisationer/gladsaxe-kommune.md"].markdown
    # The full build has it everywhere.
    full = site.make_build(root)
    assert "Rettet – GladGPT" in full.pages["register/organisationer/gladsaxe-kommune.md"].markdown


def test_other_changes_need_the_full_build(tmp_path):
    root = copy_site(tmp_path / "src")
    before = preview.snapshot(root)
    first = site.make_build(root)
    for name in ("registry/organisations.yml", "registry/schema.json", "registry/_retired-ids.yml"):
        assert site.update_build(first, root, {name}) is None, name
    settings = root / "settings.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert preview.plan(before, preview.snapshot(root)).kind == "full"
    assert preview.plan(None, preview.snapshot(root)).kind == "full"
    assert preview.plan(preview.snapshot(root), preview.snapshot(root)).kind == "reuse"


def test_the_notice_is_under_the_heading():
    text = _with_notice("# Titel\n\nTekst.\n")
    assert text.startswith("# Titel\n")
    assert PREVIEW_NOTICE in text and text.index(PREVIEW_NOTICE) < text.index("Tekst.")


def test_unchanged_pages_are_not_written_again(tmp_path):
    build = site.make_build(ROOT)
    folder = tmp_path / "cache"
    paths = export.write_tree(build, folder)
    uri = next(iter(build.pages))
    other = list(build.pages)[1]
    old = 1_000_000_000
    for u in (uri, other):
        os.utime(paths[u], (old, old))
    build.pages[uri].markdown += "\nÆndret.\n"
    again = export.write_tree(build, folder)
    assert again[uri].read_text(encoding="utf-8").endswith("Ændret.\n")
    assert os.stat(again[uri]).st_mtime > old  # written: its page is rendered again
    assert os.stat(again[other]).st_mtime == old  # untouched: --dirty skips its page
    # Published source files are used where they are; an exported tree gets copies.
    source_uri = next(u for u, s in build.files.items() if not isinstance(s, (str, bytes)))
    assert again[source_uri] == build.files[source_uri]
    copied = export.write_tree(build, tmp_path / "tree", copy_sources=True)
    assert copied[source_uri].read_bytes() == build.files[source_uri].read_bytes()
