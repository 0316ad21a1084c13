"""The record page's section on the EU database for high-risk AI (content/eu_database.py)."""
from __future__ import annotations

from ..content import Item
from ..content.eu_database import NON_PUBLIC, PARTY_PARTS, SECTIONS, dpia_index, not_given, points_of
from .. import eu_database as export
from . import markup as m
from .addresses import REGISTER_DIR

ANCHOR = "eu-database"


def _value(point, data: dict, record: Item) -> str:
    value = data.get(point.field)
    if value is None:
        if point.number == 2:
            return "udelades: idriftsætteren registrerer selv"
        if point.number == 5 and dpia_index(record) is None:
            return "udelades: der er ikke registreret nogen DPIA"
        return "mangler"
    if point.party:
        return "<br>".join(f"{label.capitalize()}: {m.text(value[key])}" for key, label in PARTY_PARTS)
    if point.number == 3 and value.startswith("https://"):
        return m.link(value, value)
    return m.text(value)


def section(record: Item) -> str:
    """Markdown for a record whose risk level is 'høj' (validation makes sure it has the data); '' otherwise."""
    data = record["ai_act"].get("eu_database")
    if not data:
        return ""
    info = SECTIONS[data["section"]]
    out = [f"### Registrering af højrisikoanvendelsen (AI-forordningen art. 49) {{#{ANCHOR}}}\n",
           f"**Hvor:** {m.text(data['section'])} ({info.article}). {m.text(info.summary)}\n"]
    if info.in_database:
        out.append(m.table(["Oplysning (bilag VIII, afsnit C)", "Værdi"],
                           [[f"{p.number}. {m.text(p.label)}", _value(p, data, record)] for p in points_of(data["section"])])
                   + "\n")
        missing = not_given(record)
        if missing:
            out.append('!!! warning "Oplysninger mangler før registreringen"\n\n'
                       + "\n".join(f"    - {m.text(label)}" for label in missing) + "\n")
        here = f"{REGISTER_DIR}/"
        out.append(f"Felterne til EU-databasen kan hentes som "
                   f"[JSON]({export.uri(record, 'json').removeprefix(here)}) og "
                   f"[CSV]({export.uri(record, 'csv').removeprefix(here)}) (punkt, oplysning og værdi).\n")
        if data["section"] == NON_PUBLIC and ("fria_summary" in data or "dpia_summary" in data):
            out.append("Sammendragene af konsekvensanalyserne står i registreringens fil, men indgår ikke i en "
                       "ikke-offentlig registrering.\n")
    if data.get("note"):
        out.append(f"**Bemærkning:** {m.paragraphs(data['note'])}\n")
    return "\n".join(out)
