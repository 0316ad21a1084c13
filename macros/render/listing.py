"""Pages of a long list: the first page at the list's own address, the rest at <list>/side/<n>/.

Every listing (the register, the matrix, the gaps) shows at most content.page_size records per
HTML page, so a page stays small at thousands of records, and the pager's plain links reach
every record without JavaScript.
"""
from __future__ import annotations

import math
from typing import Sequence, TypeVar

from . import markup as m

PAGE_DIR = "side"
T = TypeVar("T")


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """The items in pages of size; an empty list is one empty page."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]


def page_uri(list_dir: str, number: int) -> str:
    """Where page `number` (from 2) of the list at list_dir (e.g. 'register') is generated."""
    return f"{list_dir}/{PAGE_DIR}/{number}.md"


def page_href(number: int, current: int) -> str:
    """The link from page `current` to page `number`, relative: page 1 is the list's own page."""
    up = "../../" if current > 1 else ""
    if number == 1:
        return up or "./"
    return f"{up}{PAGE_DIR}/{number}/"


def to_root(current: int, depth: int) -> str:
    """The relative path from page `current` of a list `depth` folders below the root to the root."""
    return "../" * (depth + (2 if current > 1 else 0))


def pager(current: int, total: int, label: str) -> str:
    """Plain links to the first, the last and the nearby pages of the list, and to the previous and
    next, so every page is reachable (raw HTML); nothing when the list fits on one page."""
    if total <= 1:
        return ""
    items = []
    if current > 1:
        items.append(f'<li><a href="{page_href(current - 1, current)}" rel="prev">Forrige side</a></li>')
    shown = sorted({1, total} | set(range(max(1, current - 2), min(total, current + 2) + 1)))
    for before, n in zip([0] + shown, shown):
        if n - before > 1:  # a gap in the numbers: the next and previous links walk through it
            items.append('<li aria-hidden="true">…</li>')
        if n == current:
            items.append(f'<li><a aria-current="page">{n}</a></li>')
        else:
            items.append(f'<li><a href="{page_href(n, current)}">{n}</a></li>')
    if current < total:
        items.append(f'<li><a href="{page_href(current + 1, current)}" rel="next">Næste side</a></li>')
    return (f'<nav class="ai-pager" aria-label="{m.attr(label)}: side {current} af {total}">'
            f'<ul>{"".join(items)}</ul></nav>')


def range_text(current: int, size: int, count: int, noun: str) -> str:
    """'Side 2 af 5: initiativ 101–200 af 450.'"""
    total = max(1, math.ceil(count / size))
    first, last = (current - 1) * size + 1, min(current * size, count)
    if count == 0:
        return f"Ingen {noun}."
    return f"Side {current} af {total}: {noun} {first}–{last} af {count}."
