"""Markdown for the AI-use register: one page per record and the overview table."""
from __future__ import annotations

import datetime
from collections import defaultdict
from urllib.parse import quote

from ..content import Content, Item, current_status
from . import anchors, decision_aid, markup as m, printing
from .eu_database import section as eu_database_section
from .addresses import ORGANISATIONS_DIR, REGISTER_DIR, record_uri  # noqa: F401 - record_uri: the register's own address
from .labels import source_line


def assessment_anchor(principle_id: str) -> str:
    return f"vurdering-{principle_id.lower()}"


def _facts(rows: list[tuple[str, str]]) -> str:
    """Key facts as a two-column table (label, already-escaped value)."""
    return m.table(["Felt", "Værdi"], [[f"**{label}**", value] for label, value in rows])


def _list(values: list, empty: str = "ikke oplyst") -> str:
    return ", ".join(m.text(v) for v in values) if values else m.text(empty)


def _person(person: dict | None) -> str:
    if not person:
        return "ikke oplyst"
    return f"{m.text(person['name'])} ({m.text(person['role'])})"


def _source_code(value: str) -> str:
    return m.link(value, value) if value.startswith("http") else m.text(value)


def _budget(budget: dict) -> str:
    items = budget["items"]
    parts = [f"Prisgrundlag: {m.text(budget['price_basis'])}.\n"]
    if items:
        rows = [[m.text(i["item"]), str(i["year"]), m.kr(i["amount_dkk"])] for i in items]
        by_year: dict[int, int] = defaultdict(int)
        for i in items:
            by_year[i["year"]] += i["amount_dkk"]
        if len(by_year) > 1:
            rows += [[f"I alt {year}", str(year), m.kr(total)] for year, total in sorted(by_year.items())]
        items_total = sum(by_year.values())
        rows.append(["**Sum af posterne**", "", f"**{m.kr(items_total)}**"])
        parts.append(m.table(["Post", "År", "Beløb"], rows) + "\n")
    if "stated_total_dkk" in budget:
        stated = budget["stated_total_dkk"]
        parts.append(f"**Samlet budgetramme ifølge kilden:** {m.kr(stated)}\n")
        if items and stated != items_total:
            parts.append(f"Kildens poster summer til {m.kr(items_total)}, {m.kr(abs(items_total - stated))} "
                         f"{'mere' if items_total > stated else 'mindre'} end den oplyste ramme. "
                         "Registret gengiver begge tal, som kilden angiver dem.\n{: .ai-note }\n")
    elif not items:
        parts.append("Der er ikke oplyst et budget.\n")
    if budget.get("note"):
        parts.append(m.paragraphs(budget["note"]) + "\n")
    return "\n".join(parts)


def _assessments(content: Content, record: Item) -> str:
    return anchors.assessment_blocks(content.principles, record["principle_assessments"], assessment_anchor,
                                     lambda p: f"../../principper/{p['slug']}/")


def _overdue_notice(content: Content, review: dict) -> str:
    """Principle 11: a record past its review date says so at the top."""
    if datetime.date.fromisoformat(review["next_review"]) >= content.today:
        return ""
    return (f'!!! warning "Gennemgangen er forsinket"\n\n'
            f"    Registreringen skulle være gennemgået senest {m.date_da(review['next_review'])}. "
            "Oplysningerne kan være forældede.\n")


def _owner_link(content: Content, record: Item) -> str:
    """The owner's name, linked to its organisation page (none for an owner 'ikke oplyst')."""
    org = content.organisation_of(record)
    if org is None:
        return m.text(record["owner"]["organisation"])
    return f"[{m.text(org.name)}]({ORGANISATIONS_DIR.removeprefix(REGISTER_DIR + '/')}/{org.key}.md)"


def _dead_note(content: Content, url: str | None) -> str:
    """After a link that did not answer at the last link check (registry/_links.json), the date of that check."""
    checks = content.link_checks
    if not url or checks is None or not checks.dead(url):
        return ""
    return (f' <span class="ai-dead-link">(kilden kunne ikke hentes ved seneste tjek '
            f'({m.date_da(checks.checked.isoformat())}))</span>')


def report_error_url(repo_url: str, record: Item) -> str:
    title = quote(f"Fejl i registreringen {record['id']}: {record['title']}")
    body = quote(f"Registrering: {record['id']} ({record.source_file})\n\nHvad er forkert, og hvad er det rigtige? Angiv gerne en kilde.\n")
    return f"{repo_url.rstrip('/')}/issues/new?title={title}&body={body}"


def edit_link(record: Item) -> str:
    """The record form (/register/ny/) filled with this record. Raw HTML: a query string is no page link."""
    return (f'<p><a class="md-button" href="../ny/?id={quote(record["id"])}">Ret dette opslag</a> '
            "i formularen, og foreslå rettelsen på GitHub.</p>\n")


def record_page(content: Content, record: Item, repo_url: str, assessments_edition: str = "") -> str:
    """The page at /register/<slug>/; assessments_edition: which edition of the policy the assessments
    were made against (macros/render/editions.py), under their heading."""
    r = record.data
    status = current_status(record)
    tech, data, legal, act, ov = r["technology"], r["data"], r["legal"], r["ai_act"], r["oversight"]
    resp = r.get("responsibility", {})
    review = r["review"]
    out = [
        m.front_matter(r["title"], render_macros=False, record=r["id"]),
        f"# {m.text(r['title'])}\n",
        printing.print_address(content, f"{REGISTER_DIR}/{r['slug']}/"),
        f"{m.text(r['summary'])}\n{{: .ai-lead }}\n",
        _overdue_notice(content, review),
        _facts([
            ("Id", m.code(r["id"])),
            ("Ejer", f"{_owner_link(content, record)}, {m.text(r['owner']['unit'])}"),
            ("Kontakt", m.text(r["contact"])),
            ("Kategori", m.text(r["category"])),
            ("Emneord", _list(r["tags"], "ingen")),
            ("Status", m.text(status)),
            ("Risikoniveau (AI-forordningen)", m.text(act["risk_level"])),
            ("Ansvarlig leder", _person(resp.get("leader"))),
            ("Kvalitetsansvarlig", _person(resp.get("quality_owner"))),
            ("Oprettet", m.date_da(review["created"])),
            ("Sidst gennemgået", m.date_da(review["last_reviewed"])),
            ("Næste gennemgang", f"{m.date_da(review['next_review'])} (hver {review['interval_months']}. måned)"),
        ]) + "\n",
        "## Formål og forventet gevinst {#formaal}\n",
        m.paragraphs(r["purpose"]) + "\n",
        "### Forventet gevinst {#gevinst}\n", m.paragraphs(r["expected_benefit"]) + "\n",
        "### Overvejede alternativer {#alternativer}\n", m.paragraphs(r["alternatives"]) + "\n",
        "## Livsforløb {#livsforloeb data-search-exclude}\n",
        m.table(["Status", "Dato", "Bemærkning"],
                [[m.text(s["status"]), m.date_da(s["date"]), m.text(s.get("note", ""))] for s in r["status_history"]]) + "\n",
        "## Teknologi og leverandører {#teknologi}\n",
        m.paragraphs(tech["description"]) + "\n",
        _facts([
            ("Modeller", _list(tech["models"])),
            ("Leverandører", ", ".join(f"{m.text(s['name'])} ({m.text(s['role'])})" for s in tech["suppliers"]) or "ikke oplyst"),
            ("Kildekode", _source_code(tech["source_code"])),
        ]) + "\n",
        "### Afhængighed af leverandører (princip 9) {#leverandoerafhaengighed}\n",
        m.paragraphs(tech["supplier_dependence"]) + "\n",
        "## Data {#data}\n",
        _facts([
            ("Personoplysninger", m.text(data["personal_data"])),
            ("Typer af personoplysninger", _list(data["personal_data_kinds"], "ingen oplyst")),
            ("Behandles", m.text(data["processing_location"])),
            ("Datakilder", _list(data["sources"])),
        ]) + "\n",
        "### Databehandleraftale {#databehandleraftale}\n", m.paragraphs(data["data_processing_agreement"]) + "\n",
        "## Lovgrundlag (princip 3) {#lovgrundlag}\n",
        m.paragraphs(legal["basis"]) + "\n",
        f"**Henvisning:** {m.text(legal['reference'])}  \n**Seneste juridiske vurdering:** {m.date_da(legal['last_assessed'])}\n",
        "### Konsekvensanalyser {#konsekvensanalyser}\n",
    ]
    if legal["impact_assessments"]:
        out.append(m.table(["Analyse", "Dato", "Bemærkning"], [
            [(m.link(a["kind"], a["url"]) + _dead_note(content, a["url"])) if a.get("url") else m.text(a["kind"]),
             m.date_da(a["date"]), m.text(a.get("note", ""))]
            for a in legal["impact_assessments"]]) + "\n")
    else:
        out.append("Der er ikke registreret nogen konsekvensanalyse.\n")
    if legal.get("no_impact_assessment_reason"):
        out.append(m.paragraphs(legal["no_impact_assessment_reason"]) + "\n")
    out += [
        "## Risikoniveau efter AI-forordningen (princip 4) {#risikoniveau}\n",
        f"**Risikoniveau:** {m.text(act['risk_level'])}\n",
        m.paragraphs(act["justification"]) + "\n",
        decision_aid.record_section(content, record),
        eu_database_section(record),
        "## Ansvar (princip 15) {#ansvar data-search-exclude}\n",
        _facts([("Ansvarlig leder", _person(resp.get("leader"))),
                ("Ejer af kvalitetskontrollen", _person(resp.get("quality_owner")))]) + "\n",
        "## Menneskeligt tilsyn, kvalitet og drift {#tilsyn data-search-exclude}\n",
        "### Menneskeligt tilsyn {#menneskeligt-tilsyn}\n", m.paragraphs(ov["human_oversight"]) + "\n",
        "### Kvalitetskontrol (princip 11) {#kvalitetskontrol}\n", m.paragraphs(ov["quality_control"]) + "\n",
        f"**Hyppighed:** {m.text(ov['quality_control_frequency'])}\n",
        "### Fejl og klager (princip 13) {#fejl-og-klager}\n", m.paragraphs(ov["error_and_complaints"]) + "\n",
        "### Drift og overvågning (princip 10) {#drift}\n", m.paragraphs(ov["operations"]) + "\n",
        "## Budget {#budget}\n", _budget(r["budget"]),
        "## Opfølgningsmål {#opfoelgning}\n",
        m.table(["Mål", "Sådan måles det", "Hvem følger op", "Hvornår"],
                [[m.text(g["goal"]), m.text(g["measure"]), m.text(g["responsible"]), m.text(g["when"])]
                 for g in r["follow_up_goals"]]) or "Der er ikke oplyst opfølgningsmål.",
        "",
        "## Risikoregister {#risici}\n",
        m.table(["Kategori", "Vurdering", "Risiko", "Sådan håndteres den"],
                [[m.text(k["other_category"] if k["category"] == "anden" else k["category"]), m.text(k["rating"]),
                  m.text(k["description"]), m.text(k["mitigation"])] for k in r["risks"]]) or "Der er ikke oplyst risici.",
        "",
        "## Inddragelse og godkendelse (princip 8) {#inddragelse}\n",
        m.table(["Hvem", "Hvordan", "Hvornår", "Bemærkning"],
                [[m.text(c["party"]), m.text(c["kind"]), m.date_da(c["date"]), m.text(c.get("note", ""))]
                 for c in r["consultation"]]) or "Der er ikke oplyst nogen inddragelse.",
        "",
        "## Vurdering mod politikkens principper {#principper data-search-exclude}\n",
        assessments_edition,
        _assessments(content, record) + "\n",
    ]
    if r.get("assessment_note"):
        out.append(m.paragraphs(r["assessment_note"]) + "\n{: .ai-note }\n")
    out += [
        "## Kilder {#kilder}\n",
        "\n".join(f"- {source_line(s)}{_dead_note(content, s.get('url'))}" for s in r["sources"]) + "\n",
        "## Er der fejl i registreringen? {#fejl data-search-exclude}\n",
        f"[Rapportér en fejl i denne registrering]({m.url(report_error_url(repo_url, record))}){{ .md-button }} "
        f"Oplysningerne står i filen {m.code(record.source_file)}.\n",
        edit_link(record),
    ]
    return "\n".join(out)
