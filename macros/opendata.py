"""The register as open data: JSON (valid against the schema), CSV (main fields), the schema."""
from __future__ import annotations

import csv
import io
import json

from .content import Content

JSON_URI = "register/registry.json"
CSV_URI = "register/registry.csv"
SCHEMA_URI = "register/schema.json"

# (column, how to read it from a record); one row per record.
CSV_COLUMNS = [
    ("id", lambda r: r["id"]),
    ("slug", lambda r: r["slug"]),
    ("titel", lambda r: r["title"]),
    ("resume", lambda r: r["summary"]),
    ("organisation", lambda r: r["owner"]["organisation"]),
    ("enhed", lambda r: r["owner"]["unit"]),
    ("kontakt", lambda r: r["contact"]),
    ("kategori", lambda r: r["category"]),
    ("emneord", lambda r: "; ".join(r["tags"])),
    ("status", lambda r: r["status_history"][-1]["status"]),
    ("status_dato", lambda r: r["status_history"][-1]["date"]),
    ("risikoniveau", lambda r: r["ai_act"]["risk_level"]),
    ("personoplysninger", lambda r: r["data"]["personal_data"]),
    ("behandlingssted", lambda r: r["data"]["processing_location"]),
    ("seneste_juridiske_vurdering", lambda r: r["legal"]["last_assessed"]),
    ("ansvarlig_leder", lambda r: r.get("responsibility", {}).get("leader", {}).get("name", "ikke oplyst")),
    ("kvalitetsansvarlig", lambda r: r.get("responsibility", {}).get("quality_owner", {}).get("name", "ikke oplyst")),
    ("budget_sum_af_poster_kr", lambda r: sum(i["amount_dkk"] for i in r["budget"]["items"])),
    ("budget_oplyst_ramme_kr", lambda r: r["budget"].get("stated_total_dkk", "")),
    ("antal_risici", lambda r: len(r["risks"])),
    ("sidst_gennemgaaet", lambda r: r["review"]["last_reviewed"]),
    ("naeste_gennemgang", lambda r: r["review"]["next_review"]),
]


def registry_json(content: Content) -> str:
    """Every record exactly as validated; each item of "records" is valid against schema.json."""
    head = {
        "description": "AI-registret som åbne data. Hver post i 'records' følger schema.json.",
        "schema": "schema.json",
    }
    # One record per line. json.dumps(indent=...) uses the pure-Python encoder, about 2 s
    # per 1,000 records; without indent the C encoder takes a tenth of that.
    records = ",\n".join(json.dumps(r.data, ensure_ascii=False) for r in content.records)
    return json.dumps(head, ensure_ascii=False)[:-1] + ',\n"records": [\n' + records + "\n]}\n"


def registry_csv(content: Content) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _ in CSV_COLUMNS])
    for record in content.records:
        writer.writerow([read(record.data) for _, read in CSV_COLUMNS])
    return out.getvalue()


def schema_fields(schema: dict) -> list[tuple[str, str, bool, str]]:
    """(dotted name, type, required, description) for each field, for the data documentation."""
    rows = []

    def walk(node: dict, prefix: str, required: set) -> None:
        for name, prop in node.get("properties", {}).items():
            resolved = _resolve(prop, schema)
            dotted = f"{prefix}{name}"
            rows.append((dotted, _type_word(resolved, schema), name in required, prop.get("description") or resolved.get("description", "")))
            if resolved.get("type") == "object" and "properties" in resolved:
                walk(resolved, dotted + ".", set(resolved.get("required", [])))
            items = resolved.get("items")
            if resolved.get("type") == "array" and items:
                item = _resolve(items, schema)
                if item.get("type") == "object":
                    walk(item, dotted + "[].", set(item.get("required", [])))

    walk(schema, "", set(schema.get("required", [])))
    return rows


def _resolve(node: dict, schema: dict) -> dict:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _type_word(node: dict, schema: dict) -> str:
    if "enum" in node:
        return "en af: " + ", ".join(str(v) for v in node["enum"])
    if "anyOf" in node:
        return " eller ".join(_type_word(_resolve(n, schema), schema) for n in node["anyOf"])
    if "const" in node:
        return f"'{node['const']}'"
    if node.get("format") == "date" or node.get("pattern", "").startswith("^[0-9]{4}-"):
        return "dato (ÅÅÅÅ-MM-DD)"
    if node.get("pattern", "").startswith("^https?"):
        return "webadresse"
    return {"string": "tekst", "integer": "heltal", "array": "liste", "object": "gruppe"}.get(node.get("type", ""), "værdi")

