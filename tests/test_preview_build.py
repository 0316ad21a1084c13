"""The preview's pieces without a server: which pages a save makes again at once (site.update_build),
and that the writer of generated pages leaves a file alone when its text did not change, which is
what lets `mkdocs serve --dirty` skip its page."""
from __future__ import annotations

import os
import time

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
    # The quick update's moment is the full build's, though it neither asked git nor walked the sources.
    assert quick.content.build_time == full.content.build_time > first.content.build_time
    assert quick.pages[uri].markdown == full.pages[uri].markdown


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


def test_staged_changes_move_in_and_count_as_written(tmp_path):
    build = site.make_build(ROOT)
    folder = tmp_path / "cache"
    export.write_tree(build, folder)
    uri = next(iter(build.pages))
    changed = site.Build(build.content, {u: site.GeneratedPage(p.uri, p.markdown, p.source_file, p.in_nav)
                                         for u, p in build.pages.items()}, dict(build.files))
    changed.pages[uri].markdown += "\nÆndret.\n"
    xlsx = next(u for u, s in build.files.items() if isinstance(s, bytes))
    changed.files[xlsx] = build.files[xlsx] + b"\0"
    staged = export.stage_changes(changed, folder, tmp_path / "staged")
    assert staged == {uri: "str", xlsx: "bytes"}  # only what differs from the folder
    assert not (folder / uri).read_text(encoding="utf-8").endswith("Ændret.\n")  # the folder is left alone
    moved = export.move_in(tmp_path / "staged", folder, staged)
    assert moved[uri].endswith("Ændret.\n") and moved[xlsx].endswith(b"\0")
    assert (folder / uri).read_text(encoding="utf-8").endswith("Ændret.\n")
    written: set[str] = set()
    export.write_tree(changed, folder, written=written)
    assert written == {uri, xlsx}  # moved in: rendered again, though this writer wrote nothing
    again: set[str] = set()
    export.write_tree(changed, folder, written=again)
    assert again == set()


def test_the_background_build_is_the_full_build(tmp_path):
    """The full build made in a process of its own, taken by the serving process, has the pages and
    files that make_build makes, after a quick update showed the saved record first."""
    root = copy_site(tmp_path / "src")
    cache = tmp_path / "cache"
    before = preview.snapshot(root)
    first = site.make_build(root)
    export.write_tree(first, cache)
    path = root / RECORD
    path.write_text(path.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Rettet – ", 1), encoding="utf-8")
    now = preview.snapshot(root)
    quick = site.update_build(first, root, preview.plan(before, now).changed)
    export.write_tree(quick, cache)
    background = preview.Background(root, cache, tmp_path / "signal" / "klar")
    try:
        background.start()
        # Taken as soon as the signal is there (what makes mkdocs serve rebuild), though the process
        # may not have ended yet: the rebuild the signal starts must not miss it.
        end = time.monotonic() + 120
        while not (tmp_path / "signal" / "klar").exists() and time.monotonic() < end:
            time.sleep(0.01)
        taken = background.take(now, (now, quick))
        assert not background.running
        # A result made from other files than the serving process's newest build is not taken.
        _finish(background)
        assert background.take(now, (before, first)) is None
    finally:
        background.stop()
    full = site.make_build(root)
    assert taken is not None and taken.updated is None
    assert {u: p.markdown for u, p in taken.pages.items()} == {u: p.markdown for u, p in full.pages.items()}
    assert {u: (p.source_file, p.in_nav) for u, p in taken.pages.items()} == \
        {u: (p.source_file, p.in_nav) for u, p in full.pages.items()}
    assert taken.files == full.files
    assert "Rettet – GladGPT" in taken.pages["register/organisationer/gladsaxe-kommune.md"].markdown
    # What it changed is in the cache folder, and the next write_tree renders it.
    written: set[str] = set()
    paths = export.write_tree(taken, cache, written=written)
    assert "register/organisationer/gladsaxe-kommune.md" in written
    assert all(paths[u].read_text(encoding="utf-8") == p.markdown for u, p in taken.pages.items())


def _finish(background: preview.Background) -> None:
    background.start()
    end = time.monotonic() + 120
    while background.running and time.monotonic() < end:
        time.sleep(0.1)
    assert not background.running
