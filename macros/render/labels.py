"""Shared wording: symbols and labels a reader sees, and source citations."""
from __future__ import annotations

from . import markup as m

# Never colour alone: every status has a symbol and a word.
ASSESSMENT_SYMBOLS = {
    "opfyldt": "✔",
    "delvist": "◐",
    "ikke opfyldt": "✘",
    "ikke relevant": "–",
    "ikke vurderet": "?",
}


def assessment_label(status: str) -> str:
    return f"{ASSESSMENT_SYMBOLS[status]} {status}"


def source_line(source: dict) -> str:
    """'Titel. Udgiver, år. Afsnit.' with 'år ikke oplyst' where the source gives none."""
    year = source["year"]
    year_text = str(year) if isinstance(year, int) else "år ikke oplyst"
    line = f"*{m.text(source['title'])}*. {m.text(source['publisher'])}, {m.text(year_text)}. {m.text(source['section'])}."
    if source.get("url"):
        line += " " + m.link("Åbn kilden", source["url"])
    return line

