"""One page per organisation in registry/organisations.yml (/register/organisationer/<key>/) and their index.

A page lists the organisation's initiatives, how current they are (overdue reviews, the share of
fields still 'ikke oplyst' and the principles not assessed), its row of the matrix summary, its
gaps and its feed; raw counts, no per-record sections, so a municipality with hundreds of records
still gets a light page. Who an organisation is comes from the content layer (content.organisations).
"""
from __future__ import annotations

import datetime
from collections import Counter

from ..content import Content, Item, Organisation, current_status
from ..completeness import of_records, total
from ..gaps import RULES, gaps_by_record
from ..vocabulary import UNKNOWN
from . import markup as m
from .addresses import ORGANISATIONS_DIR, organisation_feed_uri, organisation_uri
from .labels import assessment_label
from .matrix import COUNT_ORDER, counts

INDEX_URI = f"{ORGANISATIONS_DIR}/index.md"
SOURCE_FILE = "registry/organisations.yml"  # what the pages' edit link opens
IDENTIFIER_LABELS = {"cvr": "CVR-nummer", "municipality_code": "Kommunekode", "region_code": "Regionskode"}


def _cards(caption: str, headers: list[str], rows: list[tuple[Item, list[str]]]) -> str:
    """Records as a table that is a list of cards on a phone (the register overview's .ai-cards):
    the record's title heads its row, each other cell carries its column's name. Cells are escaped text."""
    head = "".join(f'<th scope="col">{m.attr(h)}</th>' for h in headers)
    body = "".join(
        f'<tr><th scope="row" data-label="{m.attr(headers[0])}"><a href="../../{m.attr(r["slug"])}/">{m.attr(r["title"])}</a></th>'
        + "".join(f'<td data-label="{m.attr(h)}">{m.attr(c)}</td>' for h, c in zip(headers[1:], cells)) + "</tr>"
        for r, cells in rows)
    return (f'<div class="ai-table-wrap ai-cards"><table><caption>{m.attr(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>\n")


def _identifiers(org: Organisation) -> str:
    return " · ".join(f"{IDENTIFIER_LABELS[k]}: {m.text(v)}" for k, v in org.identifiers.items())


def organisation_page(content: Content, org: Organisation, records: list[Item], today: datetime.date) -> str:
    n = len(records)
    out = [
        # feed_title is plain text: the theme escapes it into the <link> in the head (overrides/main.html)
        m.front_matter(org.name, render_macros=False, organisation=org.key, feed_title=f"Ændringer for {org.name}"),
        f"# {m.text(org.name)}\n",
        f"{n} {'initiativ' if n == 1 else 'initiativer'} i AI-registret. "
        f"[Alle organisationer](index.md) · [Følg ændringerne (Atom-feed)](../../{organisation_feed_uri(org.key)})\n",
        " · ".join(filter(None, [f"Type: {m.text(org.type)}", _identifiers(org)])) + "\n{: .ai-area }\n",
        # Sections out of the search index: the records' and principles' own pages are the hits for their titles.
        "## Initiativer {#initiativer data-search-exclude}\n",
    ]
    if records:
        out.append(_cards("Organisationens initiativer", ["Initiativ", "Enhed", "Status", "Risikoniveau"],
                          [(r, [r["owner"]["unit"], current_status(r), r["ai_act"]["risk_level"]]) for r in records]))
    else:
        out.append("Organisationen har ingen initiativer i registret endnu.\n")
    out += _current(content, records, today)
    out += ["## Vurdering mod principperne {#principper data-search-exclude}\n",
            "Hvor mange af organisationens initiativer, der har hver vurdering, pr. princip – "
            "organisationens række af [principmatricen](../../matrix.md).\n",
            _matrix_summary(content, records) + "\n",
            "## Mangler {#mangler data-search-exclude}\n"]
    gap_rows = []
    register_gaps = gaps_by_record(content, today)
    for record in records:
        kinds = Counter(g.kind for g in register_gaps.get(record["id"], ()))
        if kinds:
            listed = "; ".join(f"{label}" + (f" ({kinds[kind]})" if kinds[kind] > 1 else "")
                               for kind, label in ((r.kind, r.label) for r in RULES) if kinds[kind])
            gap_rows.append(f"- [{m.text(record['title'])}](../{record['slug']}.md): {m.text(listed)}")
    out.append("\n".join(gap_rows) + "\n" if gap_rows else "Ingen af initiativerne mangler noget af det, politikken kræver på deres stadie.\n")
    out.append("Se alle mangler på siden [Mangler](../mangler.md).\n")
    return "\n".join(out)


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole) if whole else 0} %"


def _current(content: Content, records: list[Item], today: datetime.date) -> list[str]:
    """The section on how current the records are: overdue reviews first, then completeness."""
    if not records:
        return []
    overdue = sorted((r for r in records if datetime.date.fromisoformat(r["review"]["next_review"]) < today),
                     key=lambda r: r["review"]["next_review"])
    out = ["## Ajourføring {#ajourfoering data-search-exclude}\n", "### Forsinkede gennemgange {#forsinkede}\n"]
    if overdue:
        n = len(overdue)
        out.append(f"{n} af {len(records)} initiativer skulle have været gennemgået. "
                   "Oplysningerne på deres sider kan være forældede.\n")
        out.append(_cards("Forsinkede gennemgange, den ældste først", ["Initiativ", "Skulle være gennemgået", "Forsinket"],
                          [(r, [m.date_da(r["review"]["next_review"]),
                                f"{(today - datetime.date.fromisoformat(r['review']['next_review'])).days} dage"])
                           for r in overdue]))
    else:
        out.append(f"Ingen gennemgange er forsinkede (pr. {m.date_da(today.isoformat())}).\n")
    completeness = of_records(content)
    each = [(r, completeness[r["id"]]) for r in records]
    whole = total(records, content)
    out += ["### Fuldstændighed {#fuldstaendighed}\n",
            f"**{_percent(whole.unknown, whole.fields)}** af felterne står som *ikke oplyst* "
            f"({whole.unknown} af {whole.fields}), og **{whole.not_assessed} af {whole.principles}** vurderinger "
            "mod principperne er ikke lavet endnu. Registret skriver *ikke oplyst*, hvor kilden intet siger; "
            "organisationen kan udfylde resten.\n{: .ai-counts }\n",
            _cards("Fuldstændighed pr. initiativ", ["Initiativ", "Felter ikke oplyst", "Principper ikke vurderet",
                                                    "Næste gennemgang"],
                   [(r, [f"{_percent(c.unknown, c.fields)} ({c.unknown} af {c.fields})", f"{c.not_assessed} af {c.principles}",
                         m.date_da(r["review"]["next_review"])]) for r, c in each])]
    return out


def _matrix_summary(content: Content, records: list[Item]) -> str:
    per_principle = counts(content, records)
    return m.table(["Princip"] + [assessment_label(s) for s in COUNT_ORDER],
                   [[f"[{p['id']} {m.text(p['title'])}](../../principper/{p['slug']}.md)"]
                    + [str(per_principle[p["id"]][s]) for s in COUNT_ORDER] for p in content.principles])


def index_page(content: Content, grouped: dict[str, list[Item]]) -> str:
    rows = []
    for key, org in sorted(content.organisations.items()):
        records = grouped[key]
        running = sum(1 for r in records if current_status(r) == "i drift")
        rows.append([f"[{m.text(org.name)}]({key}.md)", m.text(org.type), str(len(records)), str(running),
                     _identifiers(org) or "ikke oplyst"])
    unnamed = sum(1 for r in content.records if r["owner"]["organisation"] == UNKNOWN)
    n = len(content.organisations)
    out = [m.front_matter("Organisationer", render_macros=False),
           "# Organisationer i AI-registret\n",
           f"{n} {'organisation' if n == 1 else 'organisationer'} står i registret. Hver organisation har sin egen "
           "side med initiativerne, vurderingen mod principperne, manglerne og et feed med ændringerne.\n",
           m.table(["Organisation", "Type", "Initiativer", "I drift", "Identifikation"], rows) + "\n"]
    if unnamed:
        out.append(f"{unnamed} initiativer har ingen oplyst ejer og står kun i [registret](../index.md).\n")
    return "\n".join(out)


def organisation_pages(content: Content, today: datetime.date) -> dict[str, tuple[str, str]]:
    """uri -> (Markdown, the source file its edit link opens) for the index and every organisation's page."""
    grouped = content.records_by_organisation()
    pages = {INDEX_URI: (index_page(content, grouped), SOURCE_FILE)}
    for key, org in content.organisations.items():
        pages[organisation_uri(key)] = (organisation_page(content, org, grouped[key], today), SOURCE_FILE)
    return pages
