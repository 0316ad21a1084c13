"""The principle matrix: every record against every principle, as compact raw HTML and as a table
to download (CSV, XLSX),
and the per-principle list of records on each principle page.

The matrix is one raw-HTML block (no Markdown per cell), so a register of 1,000 records
stays a page of a few MB that builds in seconds. Every YAML text goes through m.attr.
"""
from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlencode

from ..content import Content, Item, current_status
from ..tables import Table
from ..vocabulary import NOT_ASSESSED
from . import markup as m
from .labels import ASSESSMENT_SYMBOLS, assessment_label
from . import listing, overview
from .register import REGISTER_DIR, assessment_anchor

TABLE_ID = "principmatrix"
MATRIX_DIR = "matrix"
CSV_URI = "matrix/principmatrix.csv"  # under the site root; the matrix page is /matrix/
XLSX_URI = "matrix/principmatrix.xlsx"
# Footer order: met, partly, not met, not assessed, not relevant.
COUNT_ORDER = ["opfyldt", "delvist", "ikke opfyldt", "ikke vurderet", "ikke relevant"]
# One-letter cell classes keep 15,000 cells small; site.css colours them (never colour alone).
CELL_CLASS = {"opfyldt": "a-o", "delvist": "a-d", "ikke opfyldt": "a-n", "ikke relevant": "a-r", "ikke vurderet": "a-v"}


def counts(content: Content, records: list[Item] | None = None) -> dict[str, Counter]:
    """Per principle id: how many records have each assessment status."""
    records = content.records if records is None else records
    out = {p["id"]: Counter() for p in content.principles}
    for r in records:
        for pid, counter in out.items():
            counter[r["principle_assessments"][pid]["status"]] += 1
    return out


def legend() -> str:
    items = "".join(f'<li><span class="{CELL_CLASS[s]}" aria-hidden="true">{ASSESSMENT_SYMBOLS[s]}</span> {m.attr(s)}</li>'
                    for s in ASSESSMENT_SYMBOLS)
    return f'<ul class="ai-matrix-legend" aria-label="Symbolerne i matricen">{items}</ul>'


def principle_key(content: Content, link_prefix: str) -> str:
    """The principles behind the column ids, grouped by area (also what a printout needs)."""
    groups = []
    for area in content.areas:
        items = "".join(f'<li><a href="{link_prefix}principper/{m.attr(p["slug"])}/">'
                        f'<b>{m.attr(p["id"])}</b> {m.attr(p["title"])}</a></li>'
                        for p in content.principles_in(area["id"]))
        groups.append(f'<div><p>{m.attr(area["question"])} <small>({m.attr(area["name"])})</small></p><ul>{items}</ul></div>')
    return f'<div class="ai-matrix-key">{"".join(groups)}</div>'


def _head(content: Content, link_prefix: str) -> str:
    top = ['<th rowspan="2" scope="col">Initiativ</th>', '<th rowspan="2" scope="col">Status</th>',
           '<th rowspan="2" scope="col">Risiko&shy;niveau</th>']
    bottom = []
    for area in content.areas:
        ps = content.principles_in(area["id"])
        if not ps:
            continue
        top.append(f'<th colspan="{len(ps)}" scope="colgroup" class="ai-matrix-area">'
                   f'<a href="{link_prefix}principper/#{m.attr(area["id"])}" title="{m.attr(area["name"])}">'
                   f'{m.attr(area["question"])}</a></th>')
        bottom += [f'<th scope="col"><a href="{link_prefix}principper/{m.attr(p["slug"])}/">'
                   f'<abbr title="{m.attr(p["title"])}">{m.attr(p["id"])}</abbr></a></th>' for p in ps]
    return f'<thead><tr>{"".join(top)}</tr><tr>{"".join(bottom)}</tr></thead>'


def _colgroups(content: Content) -> str:
    spans = [3] + [len(content.principles_in(a["id"])) for a in content.areas if content.principles_in(a["id"])]
    return "".join(f'<colgroup span="{n}"></colgroup>' for n in spans)


def _row(content: Content, record: Item, link_prefix: str) -> str:
    href = f'{link_prefix}{REGISTER_DIR}/{m.attr(record["slug"])}/'
    status = current_status(record)
    cells = []
    for p in content.principles:
        s = record["principle_assessments"][p["id"]]["status"]
        cells.append(f'<td class="{CELL_CLASS[s]}"><a href="{href}#{assessment_anchor(p["id"])}">'
                     f'{ASSESSMENT_SYMBOLS[s]}<span> {s}</span></a></td>')
    return (f'<tr><th scope="row"><a href="{href}">{m.attr(record["title"])}</a></th>'
            f'<td>{m.attr(status)}</td><td>{m.attr(record["ai_act"]["risk_level"])}</td>{"".join(cells)}</tr>\n')


def _foot(content: Content) -> str:
    per_principle = counts(content)
    rows = []
    for s in COUNT_ORDER:
        cells = "".join(f'<td data-principle="{p["id"]}">{per_principle[p["id"]][s]}</td>' for p in content.principles)
        # The label sits in the initiative column, so it stays in view when scrolling sideways.
        rows.append(f'<tr data-count="{CELL_CLASS[s]}" data-word="{m.attr(s)}"><th scope="row">Antal {assessment_label(s)}</th>'
                    f'<td colspan="2"></td>{cells}</tr>')
    return f'<tfoot>{"".join(rows)}</tfoot>'


def register_link(link_prefix: str, **query: str) -> str:
    """The register overview filtered by the given facets (see render/overview.py FACETS)."""
    return f"{link_prefix}{REGISTER_DIR}/?{urlencode(query)}"


def summary(content: Content, link_prefix: str) -> str:
    """Principles × assessment status: how many records, each count a link to those records."""
    per_principle = counts(content)
    head = "".join(f'<th scope="col">{m.attr(assessment_label(s))}</th>' for s in COUNT_ORDER)
    rows = []
    for p in content.principles:
        cells = "".join(
            f'<td><a href="{m.attr(register_link(link_prefix, princip=p["id"], vurdering=s))}" '
            f'aria-label="{per_principle[p["id"]][s]} initiativer: {m.attr(p["id"])} {m.attr(s)}">'
            f'{per_principle[p["id"]][s]}</a></td>' for s in COUNT_ORDER)
        rows.append(f'<tr><th scope="row"><a href="{link_prefix}principper/{m.attr(p["slug"])}/">'
                    f'<b>{m.attr(p["id"])}</b> {m.attr(p["title"])}</a></th>{cells}</tr>')
    return (f'<div class="ai-table-wrap ai-scroll" tabindex="0" role="region" aria-labelledby="matrix-overblik-caption">'
            f'<table id="matrix-overblik" class="ai-matrix-summary" data-search-exclude>'
            f'<caption id="matrix-overblik-caption">Overblik: hvor mange af de {len(content.records)} initiativer '
            f'der har hver vurdering mod hvert princip. Tallet fører til initiativerne i registret.</caption>'
            f'<thead><tr><th scope="col">Princip</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
            '<p class="ai-scroll-hint" aria-hidden="true">Rul vandret i tabellen for at se alle kolonner.</p>')


def _table(content: Content, records: list, link_prefix: str, caption: str) -> str:
    return (f'<div class="ai-matrix-wrap" tabindex="0" role="region" aria-labelledby="{TABLE_ID}-caption">'
            f'<table id="{TABLE_ID}" class="ai-matrix" data-search-exclude>'
            f'<caption id="{TABLE_ID}-caption">{m.attr(caption)}</caption>'
            f"{_colgroups(content)}{_head(content, link_prefix)}\n<tbody>\n"
            + "".join(_row(content, r, link_prefix) for r in records)
            + f"</tbody>{_foot(content)}</table></div>"
            '<p class="ai-scroll-hint" aria-hidden="true">Rul vandret i tabellen for at se alle principper.</p>')


def rows_per_page(content: Content) -> int:
    """Half a listing page: a matrix row has a cell per principle, and the browser lays out a
    page of them after every filter change (bench/listings.py measures it on a phone profile)."""
    return max(1, content.page_size // 2)


def _caption(content: Content, number: int) -> str:
    n = len(content.records)
    return (f'{n} {"initiativ" if n == 1 else "initiativer"} vurderet mod politikkens {len(content.principles)} '
            f"principper. {listing.range_text(number, rows_per_page(content), n, 'initiativ')}")


def principle_matrix(content: Content, link_prefix: str = "../") -> str:
    """The matrix page's body: legend, the summary, the browser and the first page of rows, as raw HTML.

    link_prefix leads from the page's URL to the site root (the matrix lives at /matrix/)."""
    pages = listing.chunks(content.records, rows_per_page(content))
    marks = json.dumps({s: [CELL_CLASS[s], ASSESSMENT_SYMBOLS[s]] for s in ASSESSMENT_SYMBOLS}, ensure_ascii=False)
    form = overview.browser_form(content, link_prefix, f"{link_prefix}{overview.ROWS_URI}", f"{link_prefix}{REGISTER_DIR}/",
                                 table_id=TABLE_ID, filename="matrix-udsnit.csv", page_size=rows_per_page(content),
                                 extra=f' data-mode="matrix" data-marks="{m.attr(marks)}"')
    return "\n\n".join([
        legend(), principle_key(content, link_prefix),
        '<h2 id="overblik">Overblik</h2>', summary(content, link_prefix),
        '<h2 id="initiativer">Initiativerne mod principperne</h2>', form,
        _table(content, list(pages[0]), link_prefix, _caption(content, 1)),
        overview.static_pager(TABLE_ID, 1, len(pages), "Matricens sider")]) + "\n"


def extra_pages(content: Content) -> dict[str, str]:
    """Pages 2, 3, ... of the matrix's rows, by uri (the first page is docs/matrix.md)."""
    pages = listing.chunks(content.records, rows_per_page(content))
    prefix = "../../../"
    return {listing.page_uri(MATRIX_DIR, n): (
        m.front_matter(f"Principmatricen, side {n}", render_macros=False)
        + f"# Principmatricen, side {n} af {len(pages)}\n\n"
        + "Initiativerne i registrets rækkefølge. Overblikket, filtrene og filerne til download står på "
          "[matricens forside](../../matrix.md).\n\n"
        + legend() + "\n\n"
        + _table(content, list(pages[n - 1]), prefix, _caption(content, n)) + "\n\n"
        + overview.static_pager(TABLE_ID, n, len(pages), "Matricens sider") + "\n")
        for n in range(2, len(pages) + 1)}


# --- the matrix as a table to download (CSV and XLSX) --------------------------------

TABLE_HEADER = ["id", "titel", "status", "risikoniveau", "kategori"]


def matrix_table(content: Content) -> Table:
    """One row per record: its main facts, then its assessment against each principle."""
    rows = [[r["id"], r["title"], current_status(r), r["ai_act"]["risk_level"], r["category"]]
            + [r["principle_assessments"][p["id"]]["status"] for p in content.principles]
            for r in content.records]
    descriptions = (["Initiativets id i registret.", "Initiativets titel.", "Den aktuelle status.",
                     "Risikoniveau efter AI-forordningen.", "Anvendelsesområde."]
                    + [f"Vurderingen mod princip {p['number']}: {p['title']}." for p in content.principles])
    return Table("Principmatricen", TABLE_HEADER + [p["id"] for p in content.principles], rows, descriptions)


# --- each principle's records -----------------------------------------------------

FIRST_ROWS = 20  # a principle page shows this many assessed records; the register filters the rest


def _register_md(pid: str, status: str) -> str:
    """From a principle page: the register overview filtered to one assessment of this principle."""
    return f"../{REGISTER_DIR}/index.md?{urlencode({'princip': pid, 'vurdering': status})}"


def principle_assessments(content: Content, principle: Item) -> str:
    """The section on a principle page: how many records have each assessment (each count a link
    to those records in the register), and the first assessed records with their evidence.

    'Assessed' means any status except 'ikke vurderet' ('ikke relevant' is an assessment).
    The page stays the same size at any register size: the register lists the rest."""
    pid = principle["id"]
    anchor = assessment_anchor(pid)
    assessed, pending = [], []
    for r in content.records:
        (pending if r["principle_assessments"][pid]["status"] == NOT_ASSESSED else assessed).append(r)
    tally = Counter(r["principle_assessments"][pid]["status"] for r in content.records)
    out = ["## Initiativerne vurderet mod princippet {#initiativer data-search-exclude}\n",
           f"{len(assessed)} af {len(content.records)} initiativer i registret er vurderet mod princip "
           f"{principle['number']}. Også *ikke relevant* tæller som en vurdering. "
           "Vurderingerne er registrets egen læsning af kilderne; linket fører til begrundelsen på initiativets side. "
           "Alle initiativer mod alle principper står i [principmatricen](../matrix.md).\n"]
    out.append("Fordeling: " + ", ".join(f"[{tally[s]} {assessment_label(s)}]({_register_md(pid, s)})"
                                        for s in COUNT_ORDER if tally[s])
               + ". Tallet fører til initiativerne i registret.\n{: .ai-counts }\n")
    if assessed:
        shown = assessed[:FIRST_ROWS]
        if len(assessed) > len(shown):
            out.append(f"Tabellen viser de første {len(shown)} af de {len(assessed)} vurderede initiativer.\n")
        out.append(m.table(["Initiativ", "Status", "Vurdering", "Begrundelse"], [
            [f"[{m.text(r['title'])}](../{REGISTER_DIR}/{r['slug']}.md#{anchor})", m.text(current_status(r)),
             assessment_label(r["principle_assessments"][pid]["status"]),
             m.text(r["principle_assessments"][pid]["evidence"])]
            for r in shown]) + "\n")
    else:
        out.append("Intet initiativ er vurderet mod princippet endnu.\n")
    if pending:
        links = ", ".join(f"[{m.text(r['title'])}](../{REGISTER_DIR}/{r['slug']}.md#{anchor})"
                          for r in pending[:FIRST_ROWS])
        more = (f" og [{len(pending) - FIRST_ROWS} flere]({_register_md(pid, NOT_ASSESSED)})"
                if len(pending) > FIRST_ROWS else "")
        out.append(f"**Ikke vurderet endnu ({len(pending)}):** {links}{more}\n{{: #ikke-vurderede }}\n")
    return "\n".join(out)
