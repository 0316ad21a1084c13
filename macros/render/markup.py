"""Turn YAML text into Markdown that shows exactly what was written.

YAML text is data, never markup: HTML is escaped, Markdown syntax is
backslash-escaped, and URLs become links only when the schema has already
restricted them to http(s). A contributor's <script>, onerror= or
[link](javascript:...) therefore renders as visible, inert text.
"""
from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

# Characters Python-Markdown and our enabled extensions treat as syntax inline.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|!#+])")
_BLOCK_START = re.compile(r"^(\s*)(\d+)([.)])")


def text(value) -> str:
    """One line of inline text (table cells, list items, headings)."""
    flat = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def _guard_block_start(line: str) -> str:
    """'1. foo' or '- foo' at the start of a paragraph must not become a list."""
    line = _BLOCK_START.sub(r"\1\2\\\3", line)
    return "\\" + line if line[:1] in "-+" else line


def paragraphs(value) -> str:
    """Multi-paragraph text: blank lines separate paragraphs, single newlines join."""
    paras = [p for p in re.split(r"\n\s*\n", str(value)) if p.strip()]
    return "\n\n".join(_guard_block_start(text(p)) for p in paras)


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


def front_matter(title: str, **fields) -> str:
    """Front matter for generated pages; values are JSON strings, which YAML reads verbatim.

    The title is HTML-escaped here because the theme prints page.meta.title into
    <title> and the header unescaped. Without an explicit title, material falls back
    to the H1 through Jinja's striptags, which *unescapes* entities: an escaped
    "&lt;/title&gt;&lt;script&gt;" in a heading would become live markup again."""
    fields = {"title": html.escape(" ".join(str(title).split()), quote=False), **fields}
    lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


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
