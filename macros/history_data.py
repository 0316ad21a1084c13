"""The register's history as open data: every committed version of every record.

registry-history.json holds each version whole (date, commit, message, file, the record as
it was), oldest first, so a re-user can rebuild the register as it stood on any date; the
CSV has one row per version with what changed, for a spreadsheet.
"""
from __future__ import annotations

import json

from .content import Content
from .history import History
from .render.history import version_summary
from .tables import Table

JSON_URI = "register/registry-history.json"
CSV_URI = "register/registry-history.csv"
XLSX_URI = "register/registry-history.xlsx"

COLUMNS = [
    ("id", "Registreringens id, som det er nu."),
    ("dato", "Tidspunktet for ændringen (commit), ISO 8601."),
    ("commit", "Ændringens id i versionsstyringen (git)."),
    ("fil", "Filen, som den hed i denne version."),
    ("besked", "Ændringens beskrivelse (første linje)."),
    ("ændringer", "De felter, der blev ændret, adskilt af '; '."),
    ("status", "Status efter ændringen."),
    ("risikoniveau", "Risikoniveau efter ændringen."),
]


def _field(data, *path):
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _status(data) -> str | None:
    steps = _field(data, "status_history")
    return steps[-1].get("status") if isinstance(steps, list) and steps and isinstance(steps[-1], dict) else None


def history_json(content: Content, history: History) -> str:
    head = {
        "description": "AI-registrets historik: hver version af hver registrering, ældste først. "
                       "'record' er registreringen, som den så ud i den version (null, hvis filen ikke kunne læses).",
        "complete": not history.shallow,
    }
    rows = []
    for record in content.records:
        versions = [{"date": v.date, "commit": v.commit, "message": v.message, "file": v.path, "kind": v.kind,
                     "record": v.data} for v in history.of(record.source_file)]
        rows.append(json.dumps({"id": record["id"], "file": record.source_file, "versions": versions},
                               ensure_ascii=False, default=str))
    return json.dumps(head, ensure_ascii=False)[:-1] + ',\n"records": [\n' + ",\n".join(rows) + "\n]}\n"


def history_table(content: Content, history: History) -> Table:
    rows = []
    for record in content.records:
        for v in history.of(record.source_file):
            rows.append([record["id"], v.date, v.commit, v.path, v.message, "; ".join(version_summary(v)),
                         _status(v.data), _field(v.data, "ai_act", "risk_level")])
    return Table("Historik", [name for name, _ in COLUMNS], rows, [about for _, about in COLUMNS])
