"""The register's history as open data, in files that grow with the edits, not with the register
times its versions.

- `api/historik/<ID>.json`, one per record: every committed version oldest first (date, commit,
  message, file, kind) with the fields it changed, each before and after; the record is written
  whole only where there is nothing to compare with (its first known version, or a version
  that could not be read, and the one after it). A re-user rebuilds the record as it stood on
  any date by applying the changes in order (see `replay`).
- `register/registry-changes.csv` and `.xlsx`: the same changes for the whole register as one
  table, a row per changed field: record, date, commit, kind, field, before, after.
- `register/registry-history.csv` and `.xlsx`: a row per version with what changed, the status
  and the risk level after it, for a spreadsheet.
- `register/registry-history.json`: the index of the per-record files (id, file, number of
  versions, address), and whether the history is complete (not a shallow clone).

Before, registry-history.json held every version whole: 50 MB at 5,000 records after three
commits, and growing with every commit (bench/history.py).
"""
from __future__ import annotations

import json

from .content import Content
from .history import Change, History, Version
from .opendata import _scalar
from .render.history import version_summary
from .tables import Table

JSON_URI = "register/registry-history.json"
CSV_URI = "register/registry-history.csv"
XLSX_URI = "register/registry-history.xlsx"
CHANGES_CSV_URI = "register/registry-changes.csv"
CHANGES_XLSX_URI = "register/registry-changes.xlsx"
RECORD_DIR = "api/historik"
WHOLE_FILE = "(hele filen)"  # the field of a change that replaced the whole file (it could not be read before or after)

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
CHANGE_COLUMNS = [
    ("id", "Registreringens id, som det er nu."),
    ("dato", "Tidspunktet for ændringen (commit), ISO 8601."),
    ("commit", "Ændringens id i versionsstyringen (git)."),
    ("handling", "oprettet, ændret, omdøbt eller ældste kendte (historikken før er ikke hentet)."),
    ("felt", f"Feltet, der blev ændret, med punktum mellem gruppe og felt, fx ai_act.risk_level; "
             f"fil ved en omdøbning; {WHOLE_FILE}, hvis filen ikke kunne læses før eller efter; tom ved oprettelse."),
    ("før", "Værdien før ændringen; tom, hvis feltet ikke fandtes. Lister og grupper står som JSON."),
    ("efter", "Værdien efter ændringen; tom, hvis feltet blev fjernet. Lister og grupper står som JSON."),
]


def record_history_uri(record_id: str) -> str:
    return f"{RECORD_DIR}/{record_id}.json"


def _field(data, *path):
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _has(data, path: tuple) -> bool:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return False
        data = data[key]
    return True


def _status(data) -> str | None:
    steps = _field(data, "status_history")
    return steps[-1].get("status") if isinstance(steps, list) and steps and isinstance(steps[-1], dict) else None


def _whole(version: Version, previous: Version | None) -> bool:
    """Written whole: nothing to compare with (the first version, or this one or the one before unreadable)."""
    return previous is None or previous.data is None or version.data is None


def _change(change: Change, before_data, after_data) -> dict:
    """{"field", "before"?, "after"?}: "before" left out where the field did not exist, "after" where it was removed."""
    entry = {"field": ".".join(map(str, change.path))}
    if _has(before_data, change.path):
        entry["before"] = change.old
    if _has(after_data, change.path):
        entry["after"] = change.new
    return entry


def record_history(history: History, record) -> dict:
    versions, previous = [], None
    for version in history.of(record.source_file):
        entry = {"date": version.date, "commit": version.commit, "message": version.message,
                 "file": version.path, "kind": version.kind}
        if _whole(version, previous):
            entry["record"] = version.data
        else:
            entry["changes"] = [_change(c, previous.data, version.data) for c in version.changes]
        versions.append(entry)
        previous = version
    return {"id": record["id"], "file": record.source_file, "complete": not history.shallow, "versions": versions}


def replay(versions: list[dict]) -> list[dict | None]:
    """The record as it stood after each version of a per-record history file: what a re-user does."""
    states, state = [], None
    for version in versions:
        if "record" in version:
            state = json.loads(json.dumps(version["record"]))
        else:
            for change in version["changes"]:
                *groups, last = change["field"].split(".")
                node = state
                for key in groups:
                    node = node.setdefault(key, {})
                if "after" in change:
                    node[last] = change["after"]
                else:
                    node.pop(last, None)
        states.append(json.loads(json.dumps(state)))
    return states


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"


def history_files(content: Content, history: History) -> dict[str, str]:
    """uri -> text: one history file per record, and registry-history.json, their index."""
    site = content.settings["site"]["url"].rstrip("/") + "/"
    files, index = {}, []
    for record in content.records:
        data = record_history(history, record)
        files[record_history_uri(record["id"])] = _json(data)
        index.append({"id": record["id"], "file": record.source_file, "versions": len(data["versions"]),
                      "history": site + record_history_uri(record["id"])})
    head = {"description": "AI-registrets historik: for hver registrering adressen på dens historik "
                           "(api/historik/<id>.json) med hver version, ældste først, og de felter, den ændrede. "
                           "Alle ændringer i én tabel: registry-changes.csv.",
            "complete": not history.shallow, "records": index}
    # One record a line: small, and a diff of two builds shows which record's history moved.
    rows = ",\n".join(json.dumps(entry, ensure_ascii=False) for entry in index)
    files[JSON_URI] = json.dumps(head | {"records": []}, ensure_ascii=False)[:-3] + "[\n" + rows + "\n]}\n"
    return files


def history_table(content: Content, history: History) -> Table:
    rows = []
    for record in content.records:
        for v in history.of(record.source_file):
            rows.append([record["id"], v.date, v.commit, v.path, v.message, "; ".join(version_summary(v)),
                         _status(v.data), _field(v.data, "ai_act", "risk_level")])
    return Table("Historik", [name for name, _ in COLUMNS], rows, [about for _, about in COLUMNS])


def changes_table(content: Content, history: History) -> Table:
    """A row per changed field of every record, oldest first per record; a row without a field
    where a record was created (or its history begins), and one for a rename."""
    rows = []
    for record in content.records:
        previous = None
        for v in history.of(record.source_file):
            head = [record["id"], v.date, v.commit, v.kind]
            if previous is None:
                rows.append(head + ["", None, None])
            else:
                if v.path != previous.path:
                    rows.append(head + ["fil", previous.path, v.path])
                for change in v.changes:
                    if change.path == ():
                        rows.append(head + [WHOLE_FILE, _whole_cell(change.old), _whole_cell(change.new)])
                        continue
                    entry = _change(change, previous.data, v.data)
                    rows.append(head + [entry["field"], _scalar(entry.get("before")), _scalar(entry.get("after"))])
            previous = v
    return Table("Ændringer", [name for name, _ in CHANGE_COLUMNS], rows, [about for _, about in CHANGE_COLUMNS])


def _whole_cell(data) -> str | None:
    return None if data is None else "(hele registreringen; se api/historik/<id>.json)"
