"""Site search with Pagefind: what a page offers to the index, and the index itself.

Pages say what search should skip as they did for material's search: `data-search-exclude` on an
element skips that element; on a heading it skips the heading's section, up to the next heading.
Pagefind only skips elements (`data-pagefind-ignore` covers an element and what it contains), so
`mark_ignored()` puts that attribute on the element and on each sibling in an excluded section.

`write_index()` runs Pagefind over the built site (Danish stemming, a chunked index fetched piece by
piece by the reader's browser). Nothing here depends on MkDocs: the hook hands over a page's HTML
and, after the build, the site folder.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import json
import re
from pathlib import Path

EXCLUDE = "data-search-exclude"
IGNORE = " data-pagefind-ignore"
OUTPUT = "pagefind"  # the folder under the site; overrides/partials/site-search.html loads it
LANGUAGE = "da"
# Not page text: the ¶ permalink after each heading.
NOT_TEXT = [".headerlink"]

# Tags only: Markdown escapes < and > in text and attribute values, so a tag ends at the first >.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|<!--.*?-->", re.S)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HEADING = re.compile(r"h[1-6]")


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message is for the reader of the build log (Danish)."""


def mark_ignored(html: str) -> str:
    """The page's HTML with data-pagefind-ignore wherever material's search would have skipped."""
    if EXCLUDE not in html:
        return html
    inserts: list[int] = []   # offsets just after a tag name, where the attribute goes
    # Outside an excluded section only the tags that carry the marker matter: go from one to the next.
    # Depths count from the excluded heading a section starts with (only depths relative to it matter).
    pos = 0
    while (at := html.find(EXCLUDE, pos)) >= 0:
        pos = at + len(EXCLUDE)
        tag = _TAG.match(html, max(html.rfind("<", 0, at), 0))
        if tag is None or tag.end() <= at or tag.group(2) is None or tag.group(1):
            continue          # the word in a text or a comment, not an attribute
        name, rest = tag.group(2).lower(), tag.group(3)
        if not _HEADING.fullmatch(name):
            if IGNORE.strip() not in rest:
                inserts.append(tag.start(2) + len(name))
            continue
        pos = _section(html, tag.start(), inserts)
    parts, last = [], 0
    for at in inserts:
        parts += [html[last:at], IGNORE]
        last = at
    parts.append(html[last:])
    return "".join(parts)


def _section(html: str, start: int, inserts: list[int]) -> int:
    """From the excluded heading at start: mark it and each sibling up to the next heading that is not
    excluded, or until their parent ends. Returns where the section ended."""
    depth = 0
    section_depth = None      # depth of the excluded heading whose siblings are skipped, if any
    for tag in _TAG.finditer(html, start):
        closing, name, rest = tag.group(1), tag.group(2), tag.group(3)
        if name is None:      # a comment
            continue
        name = name.lower()
        if closing:
            depth -= 1
            if section_depth is not None and depth < section_depth:
                return tag.end()  # the section's parent ended
            continue
        if _HEADING.fullmatch(name):
            section_depth = depth if EXCLUDE in rest else None
            if section_depth is None:
                return tag.start()  # a heading that is searched: the section ended
        if (EXCLUDE in rest or section_depth == depth) and IGNORE.strip() not in rest:
            inserts.append(tag.start(2) + len(name))  # once: a duplicate attribute is invalid HTML
        if name not in _VOID and not rest.rstrip().endswith("/"):
            depth += 1
    return len(html)


def write_index(site_dir: Path, nice: int = 0) -> int:
    """Index every page with data-pagefind-body under site_dir into site_dir/pagefind/; returns
    the number of pages indexed. Raises SearchIndexError when Pagefind fails or finds no page.
    nice: Pagefind's process runs at that lower priority (the preview's index gives way to its rebuilds)."""
    try:
        pages = _run(_write_index, Path(site_dir).resolve(), nice)
    except Exception as exc:  # the Pagefind service: a missing binary, a crash, a bad answer
        raise SearchIndexError(f"Søgeindekset kunne ikke bygges med Pagefind: {exc}") from exc
    if not pages:
        raise SearchIndexError("Søgeindekset er tomt: ingen side har data-pagefind-body "
                               "(se overrides/partials/content.html).")
    for name in UNUSED_UI:
        (Path(site_dir) / OUTPUT / name).unlink(missing_ok=True)
    return pages


# Pagefind's ready-made interfaces, which it always writes; the site's search (docs/javascripts/search.js)
# uses only pagefind.js, its worker and the index. Left out: nothing loads them, and pagefind-ui.js came
# out of the same build with different bytes now and then (tests/test_reproducible.py).
UNUSED_UI = ["pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
             "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js"]


def _run(coroutine_function, *args):
    """asyncio.run, or in a thread of its own when this thread already runs an event loop (a build
    inside a process that drives one, e.g. tests using Playwright's sync API)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine_function(*args))
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function(*args))).result()


def indexed_pages(site_dir: Path) -> list[dict]:
    """The pages in a written index as Pagefind stored them (url, content, meta): for tests and bench/."""
    pages = []
    for fragment in sorted((Path(site_dir) / OUTPUT / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        pages.append(json.loads(data[data.index(b"{"):]))
    return pages


async def _write_index(site_dir: Path, nice: int = 0) -> int:
    from pagefind.index import PagefindIndex  # imported late: `validate` and the CLI never need it

    config = {"force_language": LANGUAGE, "exclude_selectors": NOT_TEXT, "output_path": str(site_dir / OUTPUT)}
    async with PagefindIndex(config=config) as index:  # writes the files when the block ends
        if nice:
            _lower_priority(index, nice)
        indexed = await index.add_directory(str(site_dir))
    return int(indexed.get("page_count", 0))


def _lower_priority(index, nice: int) -> None:
    """Pagefind's process (started by the index, before it is given any work) at a lower priority.
    The binding does not say which process it started, so this reads it where the binding keeps it;
    if that changes, the index is made at normal priority, as before."""
    import os
    try:
        pid = index._service._backend.pid
    except AttributeError:
        return
    try:  # on Linux a priority is each thread's; threads started later take their starter's
        threads = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        threads = [pid]
    for tid in threads:
        try:
            os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + nice)
        except OSError:
            pass
