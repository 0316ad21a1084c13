"""MkDocs hook: how long each page takes to convert and to render, printed after the build.

Used to see where build time grows with the register (bench/README.md, "Growth"). Add it to
a copy of the site's mkdocs.yml, after mkdocs_hooks.py, and build:

    hooks:
      - mkdocs_hooks.py
      - /path/to/bench/page_times.py

Convert is on_page_markdown -> on_page_content (Markdown to HTML, after the macros pass);
template is on_page_context -> on_post_page (the theme's template, search indexing).
"""
from __future__ import annotations

import statistics
import time

_started: dict[str, float] = {}
_times: dict[str, list] = {}  # src_uri -> [convert s, template s, HTML bytes]


def on_page_markdown(markdown, page, **kwargs):
    _started[page.file.src_uri] = time.perf_counter()
    return markdown


def on_page_content(html, page, **kwargs):
    _times[page.file.src_uri] = [time.perf_counter() - _started[page.file.src_uri], 0.0, len(html)]
    return html


def on_page_context(context, page, **kwargs):
    _started[page.file.src_uri] = time.perf_counter()
    return context


def on_post_page(output, page, **kwargs):
    _times[page.file.src_uri][1] = time.perf_counter() - _started[page.file.src_uri]
    return output


def on_post_build(config):
    convert = sum(t[0] for t in _times.values())
    template = sum(t[1] for t in _times.values())
    print(f"{len(_times)} pages: convert {convert:.2f} s, template {template:.2f} s; the median page: "
          f"convert {statistics.median(t[0] for t in _times.values()) * 1000:.1f} ms, "
          f"template {statistics.median(t[1] for t in _times.values()) * 1000:.1f} ms")
    for uri, (c, t, size) in sorted(_times.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))[:12]:
        print(f"  {uri:58s} convert {c:7.3f} s  template {t:6.3f} s  {size:>10,} B HTML")
