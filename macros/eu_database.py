"""The fields to enter in the EU database for high-risk AI, one small file per record at 'høj'.

A record whose use is registered in the EU database (section 'offentlig' or 'ikke-offentlig',
see content/eu_database.py) gets register/eu-database/<ID>.json and .csv: the points of Annex VIII
Section C its registration holds, in the Act's order, with the record's values, so whoever
registers the use can copy them field by field. A use registered nationally (critical
infrastructure) or not at all (Annex I) has no such file. make_build adds files(content).
"""
from __future__ import annotations

import json

from .content import Content, Item
from .content.eu_database import HIGH, PARTY_PARTS, SECTIONS, not_given, points_of
from .render.addresses import REGISTER_DIR
from .tables import Table, to_csv

DIR = f"{REGISTER_DIR}/eu-database"


def uri(record: Item, ext: str) -> str:
    return f"{DIR}/{record['id']}.{ext}"


def exported(record: Item) -> bool:
    data = record["ai_act"].get("eu_database")
    return record["ai_act"]["risk_level"] == HIGH and bool(data) and SECTIONS[data["section"]].in_database


def fields(record: Item) -> list[dict]:
    """The section's points the record fills in: {point, label, value}; a party's value is
    {name, address, contact}. Point 2 is left out when the deployer registers itself, point 5 when
    there is no DPIA."""
    data = record["ai_act"]["eu_database"]
    return [{"point": p.number, "label": p.label, "value": data[p.field]}
            for p in points_of(data["section"]) if p.field in data]


def record_json(content: Content, record: Item) -> str:
    data = record["ai_act"]["eu_database"]
    section = SECTIONS[data["section"]]
    site = content.settings["site"]["url"].rstrip("/") if content.settings else ""
    doc = {
        "description": "Oplysningerne til EU's database for højrisiko-AI for én anvendelse (AI-forordningen "
                       f"{section.article} og bilag VIII, afsnit C), i forordningens rækkefølge. 'not_given' er "
                       "de oplysninger, der står som 'ikke oplyst' og skal findes, før anvendelsen registreres.",
        "id": record["id"],
        "title": " ".join(record["title"].split()),
        "page": f"{site}/{REGISTER_DIR}/{record['slug']}/",
        "section": section.value,
        "article": section.article,
        "fields": fields(record),
        "not_given": not_given(record),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def record_table(record: Item) -> Table:
    """The same as rows: point, what to enter, the value (a party on three rows)."""
    rows = []
    for item in fields(record):
        value = item["value"]
        if isinstance(value, dict):
            rows += [[item["point"], f"{item['label']}: {label}", value[key]] for key, label in PARTY_PARTS]
        else:
            rows.append([item["point"], item["label"], " ".join(str(value).split())])
    return Table("EU-databasen", ["punkt", "oplysning", "værdi"], rows,
                 ["Punktet i AI-forordningens bilag VIII, afsnit C.", "Hvad der skal indtastes.",
                  "Registreringens oplysning ('ikke oplyst': skal findes før registreringen)."])


def files(content: Content) -> dict[str, str | bytes]:
    out: dict[str, str | bytes] = {}
    for record in content.records:
        if exported(record):
            out[uri(record, "json")] = record_json(content, record)
            out[uri(record, "csv")] = to_csv(record_table(record))
    return out
