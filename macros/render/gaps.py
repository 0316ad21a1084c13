"""Markdown for the gaps page (/register/mangler/): the list `python -m macros gaps` prints."""
from __future__ import annotations

import datetime

from ..content import Content, current_status
from ..gaps import RULES, Gap, by_record
from . import listing
from . import markup as m
from .register import assessment_anchor

# Where on a record page the field behind a gap is shown.
SECTION_OF = {"legal": "lovgrundlag", "risk_level": "risikoniveau", "responsibility": "ansvar",
              "oversight": "menneskeligt-tilsyn", "review": "", "decision": "saadan-fundet", "eu_database": "eu-database"}


def _where(gap: Gap) -> str:
    return f"{m.code(gap.field)}, linje {gap.line}"


GAPS_DIR = "register/mangler"


def gaps_page(content: Content, gaps: list[Gap], today: datetime.date, number: int = 1,
              grouped: list | None = None) -> str:
    """Page `number` of the gaps, grouped by record (content.page_size records a page); a record's
    unassessed principles share one line. The first page also counts the records per type of gap.
    grouped: by_record(content, gaps), when the caller has it."""
    grouped = by_record(content, gaps) if grouped is None else grouped
    pages = listing.chunks(grouped, content.page_size)
    out = [
        f"Listen er lavet, da sitet blev bygget den {m.date_da(today.isoformat())}. "
        f"Den viser **{len(gaps)} mangler i {len(grouped)} af {len(content.records)} initiativer**.\n",
    ]
    if number == 1:
        per_kind = {rule.kind: len({g.record_id for g in gaps if g.kind == rule.kind}) for rule in RULES}
        out.append("| Mangel | Hvornår politikken kræver det | Initiativer med manglen |\n|---|---|---|\n"
                   + "\n".join(f"| {m.text(rule.label)} | {m.text(rule.applies)} | {per_kind[rule.kind]} |"
                                for rule in RULES) + "\n")
    if not grouped:
        out.append("Ingen initiativer mangler noget af det, politikken kræver på deres stadie.\n")
    elif len(pages) > 1:
        out.append(listing.range_text(number, content.page_size, len(grouped), "initiativ") + "\n")
    up = "" if number == 1 else "../../"
    for record, record_gaps in pages[number - 1]:
        page = f"{up}{record['slug']}.md"
        # Out of the search index: the record's own page is the hit for its title.
        out.append(f"## [{m.text(record['title'])}]({page}) {{#{m.attr(record['id'].lower())} data-search-exclude}}\n")
        out.append(f"{m.code(record['id'])} · status: {m.text(current_status(record))} · "
                   f"risikoniveau: {m.text(record['ai_act']['risk_level'])} · fil: {m.code(record.source_file)}\n"
                   "{: .ai-area }\n")
        items = []
        for gap in record_gaps:
            if gap.kind == "principle":
                continue
            section = SECTION_OF.get(gap.kind, "")
            target = f"{page}#{section}" if section else page
            items.append(f"- [{m.text(gap.message[:1].upper() + gap.message[1:])}]({target}) ({_where(gap)})")
        principles = [g for g in record_gaps if g.kind == "principle"]
        if principles:
            links = ", ".join(f"[{g.field.split('.')[1]}]({page}#{assessment_anchor(g.field.split('.')[1])})"
                              for g in principles)
            first, last = principles[0].line, principles[-1].line
            lines = f"linje {first}" if first == last else f"linje {first}–{last}"
            items.append(f"- {len(principles)} {'princip er' if len(principles) == 1 else 'principper er'} "
                         f"ikke vurderet: {links} (`principle_assessments`, {lines})")
        out.append("\n".join(items) + "\n")
    out.append(listing.pager(number, len(pages), "Manglernes sider") + "\n")
    return "\n".join(out)


def extra_pages(content: Content, gaps: list[Gap], today: datetime.date) -> dict[str, str]:
    """Pages 2, 3, ... of the gaps, by uri (the first page is docs/register/mangler.md)."""
    grouped = by_record(content, gaps)
    total = len(listing.chunks(grouped, content.page_size))
    return {listing.page_uri(GAPS_DIR, n): (
        m.front_matter(f"Mangler i registret, side {n}", render_macros=False)
        + f"# Mangler i registret, side {n} af {total}\n\n"
        + "Hvad politikken kræver, og hvor mange initiativer der mangler hver ting, står på "
          "[første side](../../mangler.md).\n\n"
        + gaps_page(content, gaps, today, n, grouped))
        for n in range(2, total + 1)}
