"""What a printout carries that the screen does not need: the edition, the date and the address.

The whole policy (/principper/udskrift/) repeats them on every sheet through CSS @page margin
boxes (Chromium 131 and later print them); a single principle or record prints its address once.
"""
from __future__ import annotations

from ..content import Content
from . import markup as m

# Print-only and button text is no content to search for (material's search; Pagefind's ignore).
NOT_INDEXED = "data-search-exclude data-pagefind-ignore"


# The whole-policy page and its running heads: a stylesheet of their own, made by the build
# (macros/site.py), because the page's Content-Security-Policy allows no <style> element.
WHOLE_POLICY_PATH = "principper/udskrift/"
WHOLE_POLICY_HEADING = "hele politikken"
RUNNING_HEADS_NAME = "sidehoved.css"  # beside the page: an edition's whole policy has its own (udgaver/N/...)
RUNNING_HEADS_URI = WHOLE_POLICY_PATH + RUNNING_HEADS_NAME


def css_string(value: str) -> str:
    """A CSS string literal; quotes, backslashes, < and > and line breaks are escaped."""
    escaped = "".join(f"\\{ord(c):x} " if c in '\\"<>\n' else c for c in value)
    return f'"{escaped}"'


def edition(content: Content) -> str:
    """The policy's title and edition as its source names it, e.g. 'KOMBIT – AI-politik, 1. udgave'."""
    return content.areas[0]["source"]["title"] if content.areas else ""


def page_address(content: Content, page_path: str) -> str:
    """The page's web address under the site's URL from settings.yml."""
    return content.settings["site"]["url"].rstrip("/") + "/" + page_path.lstrip("/")


def _built(content: Content, policy_edition: str) -> str:
    """'Bygget <date>', after the policy's edition when there is one (macros/render/editions.py),
    e.g. 'Udgave: 1. udgave, 2. december 2026 · Bygget 2. december 2026'."""
    built = f"Bygget {m.date_da(content.today.isoformat())}"
    return f"Udgave: {policy_edition} · {built}" if policy_edition else built


def running_heads_css(content: Content, policy_edition: str = "", page_path: str = WHOLE_POLICY_PATH) -> str:
    """The @page rules that put title, edition, date and address on every printed sheet of the
    whole policy at page_path (published beside it, page_path + RUNNING_HEADS_NAME, loaded by running_heads())."""
    title = f"{edition(content)} · {WHOLE_POLICY_HEADING}"
    address = page_address(content, page_path)
    return ("@page {"
            f" @top-left {{ content: {css_string(title)}; }}"
            f" @top-right {{ content: {css_string(_built(content, policy_edition))}; }}"
            f" @bottom-left {{ content: {css_string(address)}; }}"
            ' @bottom-right { content: "Side " counter(page) " af " counter(pages); }'
            " }\n")


def running_heads(content: Content, policy_edition: str = "", page_path: str = WHOLE_POLICY_PATH) -> str:
    """Raw HTML for the whole-policy page at page_path: its running heads' stylesheet (print only, so it
    blocks nothing on screen) and a print-only line under the title."""
    address = page_address(content, page_path)
    sheet = RUNNING_HEADS_NAME  # relative to the page
    # Inside the paragraph: Markdown would wrap a <link> of its own in an empty <p>.
    return (f'<p class="ai-print-meta" {NOT_INDEXED}><link rel="stylesheet" media="print" href="{sheet}">'
            f'{m.attr(edition(content))} · {m.attr(_built(content, policy_edition))} · {m.attr(address)}</p>\n')


def print_address(content: Content, page_path: str) -> str:
    """A line only the printout shows: where the page lives on the web."""
    return (f'<p class="ai-print-only" {NOT_INDEXED}>'
            f'Adresse: {m.attr(page_address(content, page_path))}</p>\n')
