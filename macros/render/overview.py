"""The register overview (/register/) as a faceted browser that holds at thousands of records.

The HTML holds one page of rows (content.page_size) and a plain pager, so without JavaScript every
record is reachable by links (/register/side/2/, ...). The script (docs/javascripts/browser.js)
reads every row from one compact JSON file (ROWS_URI) and filters, counts, sorts, searches and
pages in the browser; the view lives in the URL query.
"""
from __future__ import annotations

import json

from ..content import Content, Item, current_status
from ..vocabulary import UNKNOWN
from . import listing
from . import markup as m
from .addresses import REGISTER_DIR

ROWS_URI = f"{REGISTER_DIR}/oversigt.json"
BROWSER_SCRIPT = "javascripts/browser.js"  # under docs/ and the site
TABLE_ID = "register-table"
COLUMNS = ["Titel", "Ejer", "Kategori", "Status", "Risikoniveau", "Sidst gennemgået"]
# The URL query's names for the facets (what a shared link reads like), and their labels.
FACETS = [("status", "Status"), ("risiko", "Risikoniveau"), ("kategori", "Kategori"), ("ejer", "Ejer"),
          ("ejertype", "Organisationstype"), ("princip", "Princip"), ("vurdering", "Vurdering")]
SORTS = [("", "Registrets rækkefølge (id)"), ("titel", "Titel (A–Å)"), ("-titel", "Titel (Å–A)"), ("ejer", "Ejer (A–Å)"), ("status", "Status (idé først)"),
         ("-status", "Status (afsluttet først)"), ("risiko", "Risikoniveau (lavest først)"),
         ("-risiko", "Risikoniveau (højest først)"), ("-gennemgaaet", "Sidst gennemgået (nyeste først)"),
         ("gennemgaaet", "Sidst gennemgået (ældste først)")]


def owner_name(content: Content, record: Item) -> str:
    """The owner as a reader knows it: the organisation's name, or 'ikke oplyst'."""
    org = content.organisation_of(record)
    return org.name if org else UNKNOWN


def owner_type(content: Content, record: Item) -> str:
    org = content.organisation_of(record)
    return org.type if org else UNKNOWN


def owners(content: Content) -> list[str]:
    """The owners' names the records have (the facet's values; a shared link says ejer=<name>)."""
    return sorted({owner_name(content, r) for r in content.records}, key=lambda o: o.casefold())


def owner_types(content: Content) -> list[str]:
    """The organisation types the records' owners have, in the schema's order; 'ikke oplyst' last."""
    present = {owner_type(content, r) for r in content.records}
    return [t for t in content.organisation_types + [UNKNOWN] if t in present]


def rows_json(content: Content) -> str:
    """Every record as one short array; the repeated words are indexes into the lists at the top.

    A row: [id, slug, title, owner, category, status, risk, last reviewed, assessments], where
    assessments has one digit per principle (an index into assessments). owner_types[owner] is
    the owner's organisation type, an index into types."""
    words = content.vocabulary
    owner_list, type_list = owners(content), owner_types(content)
    owner_index = {o: i for i, o in enumerate(owner_list)}
    type_of_owner = {owner_name(content, r): type_list.index(owner_type(content, r)) for r in content.records}
    rows = [[r["id"], r["slug"], " ".join(r["title"].split()), owner_index[owner_name(content, r)],
             words.categories.index(r["category"]), words.statuses.index(current_status(r)),
             words.risk_levels.index(r["ai_act"]["risk_level"]), r["review"]["last_reviewed"],
             "".join(str(words.assessment_statuses.index(r["principle_assessments"][p["id"]]["status"]))
                     for p in content.principles)]
            for r in content.records]
    data = {"statuses": words.statuses, "risks": words.risk_levels, "categories": words.categories,
            "owners": owner_list, "owner_types": [type_of_owner[o] for o in owner_list], "types": type_list,
            "principles": [p["id"] for p in content.principles],
            "assessments": words.assessment_statuses, "rows": rows}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _row(content: Content, record: Item, link_prefix: str) -> str:
    words = content.vocabulary
    status, risk = current_status(record), record["ai_act"]["risk_level"]
    return (f'<tr id="{m.attr(record["id"].lower())}">'
            f'<th scope="row" data-label="Titel"><a href="{link_prefix}{m.attr(record["slug"])}/">{m.attr(record["title"])}</a></th>'
            f'<td data-label="Ejer">{m.attr(owner_name(content, record))}</td>'
            f'<td data-label="Kategori">{m.attr(record["category"])}</td>'
            f'<td data-label="Status" data-sort="{words.statuses.index(status)}">{m.attr(status)}</td>'
            f'<td data-label="Risikoniveau" data-sort="{words.risk_levels.index(risk)}">{m.attr(risk)}</td>'
            f'<td data-label="Sidst gennemgået">{m.date_da(record["review"]["last_reviewed"])}</td></tr>')


def table(content: Content, records: list[Item], link_prefix: str, caption: str) -> str:
    head = "".join(f'<th scope="col">{h}</th>' for h in COLUMNS)
    return (f'<div class="ai-table-wrap ai-cards"><table id="{TABLE_ID}" class="ai-register" data-search-exclude>'
            f'<caption>{m.attr(caption)}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(_row(content, r, link_prefix) for r in records)}</tbody></table></div>')


def browser_form(content: Content, site_root: str, rows_href: str, records_href: str, table_id: str = TABLE_ID,
                 filename: str = "register-udsnit.csv", extra: str = "", page_size: int | None = None) -> str:
    """The controls, hidden until the script has the rows: without JavaScript the pager remains.
    The script comes with them (site_root leads from the page to the site root)."""
    words = content.vocabulary
    values = {"status": words.statuses, "risiko": words.risk_levels, "kategori": words.categories,
              "ejer": owners(content), "ejertype": owner_types(content), "princip": [p["id"] for p in content.principles],
              "vurdering": words.assessment_statuses}
    selects = []
    for key, label in FACETS:
        options = "".join(f'<option value="{m.attr(v)}">{m.attr(v)}</option>' for v in values[key])
        selects.append(f'<label>{label} <select name="{key}" data-facet="{key}">'
                       f'<option value="">Alle</option>{options}</select></label>')
    sorts = "".join(f'<option value="{k}">{m.attr(label)}</option>' for k, label in SORTS)
    return (f'<form class="ai-browser" data-rows="{m.attr(rows_href)}" data-records="{m.attr(records_href)}" '
            f'data-table="{table_id}" data-filename="{filename}" data-page-size="{page_size or content.page_size}"{extra} '
            'hidden role="search" aria-label="Filtrér registret">'
            f'<label class="ai-browser__query">Søg i registret <input type="search" name="q" '
            f'autocomplete="off" placeholder="Titel, ejer, id eller kategori"></label>'
            f'<div class="ai-browser__facets">{"".join(selects)}'
            f'<label>Sortér <select name="sort" data-sort-select>{sorts}</select></label></div>'
            f'<p class="ai-browser__actions"><button type="button" class="md-button" data-reset>Nulstil</button> '
            f'<button type="button" class="md-button md-button--primary" data-download>Hent udsnittet (CSV)</button></p>'
            f'<p class="ai-browser__count" role="status" aria-live="polite"></p></form>'
            + m.page_script(site_root, BROWSER_SCRIPT))


def static_pager(table_id: str, number: int, total: int, label: str) -> str:
    """The plain pager; on a list's first page the script replaces it with its own."""
    return f'<div data-static-pager data-for="{table_id}">{listing.pager(number, total, label)}</div>'


def page_body(content: Content, number: int) -> str:
    """Page `number` of the overview: the browser (on page 1), a page of rows and the pager."""
    size = content.page_size
    pages = listing.chunks(content.records, size)
    count = len(content.records)
    prefix = "" if number == 1 else "../../"
    caption = (f"{count} registrerede AI-initiativer. "
               + listing.range_text(number, size, count, "initiativ"))
    out = []
    if number == 1:
        out.append(browser_form(content, "../", "oversigt.json", ""))  # page 1 is /register/
    out.append(table(content, list(pages[number - 1]), prefix, caption))
    out.append(static_pager(TABLE_ID, number, len(pages), "Registrets sider"))
    return "\n\n".join(out) + "\n"


def extra_pages(content: Content) -> dict[str, str]:
    """Pages 2, 3, ... of the overview as Markdown, by uri (the first page is docs/register/index.md)."""
    total = len(listing.chunks(content.records, content.page_size))
    return {listing.page_uri(REGISTER_DIR, n): (
        m.front_matter(f"AI-registret, side {n}", render_macros=False)
        + f"# AI-registret, side {n} af {total}\n\n"
        + "Alle registrerede AI-initiativer i registrets rækkefølge. "
          "Filtrér, sortér og søg på [registrets forside](../index.md).\n\n"
        + page_body(content, n))
        for n in range(2, total + 1)}
