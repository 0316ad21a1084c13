"""What a printout carries that the screen does not need: the edition, the date and the address.

The whole policy (/principper/udskrift/) repeats them on every sheet through CSS @page margin
boxes (Chromium 131 and later print them); a single principle or record prints its address once.
"""
from __future__ import annotations

from ..content import Content
from . import markup as m

# Print-only and button text is no content to search for (material's search; Pagefind's ignore).
NOT_INDEXED = "data-search-exclude data-pagefind-ignore"


def css_string(value: str) -> str:
    """A CSS string literal; < is escaped too, so the text can never close the <style> element."""
    escaped = "".join(f"\\{ord(c):x} " if c in '\\"<>\n' else c for c in value)
    return f'"{escaped}"'


def edition(content: Content) -> str:
    """The policy's title and edition as its source names it, e.g. 'KOMBIT – AI-politik, 1. udgave'."""
    return content.areas[0]["source"]["title"] if content.areas else ""


def page_address(content: Content, page_path: str) -> str:
    """The page's web address under the site's URL from settings.yml."""
    return content.settings["site"]["url"].rstrip("/") + "/" + page_path.lstrip("/")


def running_heads(content: Content, page_path: str, heading: str, policy_edition: str = "") -> str:
    """Raw HTML for the whole-policy page: a print-only line under the title and the @page rules
    that put title, edition, date and address on every printed sheet. policy_edition: which of the
    site's editions of the policy this is (macros/render/editions.py), e.g. '1. udgave, 2. december 2026'."""
    built = f"Bygget {m.date_da(content.today.isoformat())}"
    if policy_edition:
        built = f"Udgave: {policy_edition} · {built}"
    address = page_address(content, page_path)
    title = f"{edition(content)} · {heading}"
    rules = (
        "@page {"
        f" @top-left {{ content: {css_string(title)}; }}"
        f" @top-right {{ content: {css_string(built)}; }}"
        f" @bottom-left {{ content: {css_string(address)}; }}"
        ' @bottom-right { content: "Side " counter(page) " af " counter(pages); }'
        " }")
    return (f'<style media="print">{rules}</style>\n'
            f'<p class="ai-print-meta" {NOT_INDEXED}>{m.attr(edition(content))} · {m.attr(built)} · {m.attr(address)}</p>\n')


def print_address(content: Content, page_path: str) -> str:
    """A line only the printout shows: where the page lives on the web."""
    return (f'<p class="ai-print-only" {NOT_INDEXED}>'
            f'Adresse: {m.attr(page_address(content, page_path))}</p>\n')
