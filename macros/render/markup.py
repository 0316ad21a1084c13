"""Turn YAML text into Markdown or HTML that shows exactly what was written.

Escaping happens in this one layer. Every YAML value a reader sees passes through one of
these helpers, and nothing else in macros/render/ puts a YAML value into a page:

- text(): one line of inline Markdown (headings, table cells, list items, link texts, leads);
- paragraphs(): multi-paragraph text, each paragraph through text();
- link(): a link text through text(), the target through url();
- attr(): text inside raw HTML we generate (tables of the overview and matrix, the nav,
  attributes), HTML-escaped;
- code(): text() in a <code> element, for ids and file and field names;
- front_matter(): the page title for <title>, the header and the search index.

YAML text is data, never markup. text() collapses all whitespace, so its output is one line
and that line's start is the only place a block can begin; there it escapes whatever would
open a block (a list "- " or "2025. ", a heading, a quote, a fence, a definition ": ", a setext
or thematic break, a table). Inside the line it HTML-escapes < and & and backslash-escapes
every character the enabled extensions read as inline syntax (emphasis, code, links,
footnotes, attribute lists {: }, table pipes). URLs become links only through link(), from
fields the schema restricts to http(s); a bare or <angle-bracketed> URL in a text stays text.
Pages made from YAML are rendered with render_macros: false, so "{{ 7*7 }}" stays literal.
Only values the schema restricts to a pattern of letters, digits and hyphens (ids, slugs) and
numbers may be put into a page as they are, in addresses and anchors.
"""
from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

# Characters Python-Markdown and our enabled extensions (tables' |, attr_list's {}) treat
# as syntax inside a line; all are in Python-Markdown's backslash-escapable set.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|!#+])")
# At the start of a line, digits then . or ) open an ordered list.
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
# The other first characters that open a block, not escaped above: a list or thematic break
# (-), a definition (:), a setext underline (=), a fence (~). Python-Markdown cannot
# backslash-escape : = ~, so they become numeric character references.
_BLOCK_START = {"-": "\\-", ":": "&#58;", "=": "&#61;", "~": "&#126;"}


def text(value) -> str:
    """One line of inline text, safe at the start of a block or anywhere inside one."""
    flat = " ".join(str(value).split())
    line = _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))
    first = line[:1]
    if first.isdigit():
        return _LIST_NUMBER.sub(r"\1\\\2", line)
    return _BLOCK_START[first] + line[1:] if first in _BLOCK_START else line


def paragraphs(value) -> str:
    """Multi-paragraph text: blank lines separate paragraphs, single newlines join."""
    paras = [p for p in re.split(r"\n\s*\n", str(value)) if p.strip()]
    return "\n\n".join(text(p) for p in paras)


def url(value: str) -> str:
    """A schema-checked http(s) URL, made safe for Markdown link syntax."""
    if not re.match(r"^https?://", value):
        raise ValueError(f"not an http(s) URL: {value!r}")
    return quote(value, safe=":/?#&=%+,;@~!$'*.-_")


def link(label, target: str) -> str:
    return f"[{text(label)}]({url(target)})"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells must already be escaped (text(), link(), ...)."""
    if not rows:
        return ""
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell or "–" for cell in row) + " |" for row in rows]
    return "\n".join(out)


def attr(value) -> str:
    """Text for an HTML attribute or element body in raw HTML we generate."""
    return html.escape(" ".join(str(value).split()), quote=True)


def code(value) -> str:
    """An id, file or field name as code. Not a Markdown code span, which ends at a backtick in
    the value and shows an escape literally: a <code> element around text(), since Markdown
    goes on reading the content of an inline HTML element."""
    return f"<code>{text(value)}</code>"


def front_matter(title: str, **fields) -> str:
    """Front matter for generated pages; values are JSON strings, which YAML reads verbatim.

    The title is HTML-escaped here because the theme prints page.meta.title into
    <title> and the header unescaped. Without an explicit title, material falls back
    to the H1 through Jinja's striptags, which *unescapes* entities: an escaped
    "&lt;/title&gt;&lt;script&gt;" in a heading would become live markup again."""
    fields = {"title": html.escape(" ".join(str(title).split()), quote=False), **fields}
    lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def page_script(site_root: str, uri: str) -> str:
    """A script only some pages need, in the page beside the markup it works on (site_root leads from the
    page to the site root): every other page is spared its download and parse. Deferred, it runs once the
    page is parsed, but before the theme's scripts at the end of the body (overrides/main.html): such a
    script starts on DOMContentLoaded and needs nothing from them (theme-init.js's aiOnPage included)."""
    return f'<script src="{attr(site_root + uri)}" defer></script>'


def kr(amount: int) -> str:
    """Danish money format: 1000000 -> '1.000.000 kr.'"""
    return f"{amount:,}".replace(",", ".") + " kr."


def date_da(value: str) -> str:
    """'2026-03-01' -> '1. marts 2026'; 'ikke oplyst' stays as written."""
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
              "september", "oktober", "november", "december"]
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(value))
    if not m:
        return str(value)
    y, mo, d = (int(g) for g in m.groups())
    return f"{d}. {months[mo - 1]} {y}"
