"""The register's small JSON files under /api/: what a script needs without the whole register.

One function per published file; `files(content)` is what macros/site.py make_build adds.

- `api/indeks.json`: every record's id and address, the retired ids and the former addresses.
  The record form checks a new id and address against it (never against registry.json, which
  is 40 MB at 5,000 records). "ids" and "slugs" are in the same order: slugs[i] is ids[i]'s.
- `api/registreringer/<ID>.json`: one record, exactly as validated (valid against
  registry/schema.json), with the file it is kept in, so *Ret dette opslag* can load it alone.
"""
from __future__ import annotations

import json

from .content import Content
from .content.model import Item

INDEX_URI = "api/indeks.json"
RECORD_DIR = "api/registreringer"


def record_uri(record_id: str) -> str:
    return f"{RECORD_DIR}/{record_id}.json"


def _json(data) -> str:
    # Compact: the index is read on a phone; no indent (the C encoder, a tenth of the time).
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def index_json(content: Content) -> str:
    """{"ids", "slugs", "retired_ids", "former_slugs"}: the register-wide facts a new record must not clash with."""
    return _json({
        "ids": [r["id"] for r in content.records],
        "slugs": [r["slug"] for r in content.records],
        "retired_ids": list(content.retired_ids),
        "former_slugs": sorted({s for r in content.records for s in r.get("former_slugs", [])}),
    })


def record_json(record: Item) -> str:
    """{"id", "file", "record"}: the record's data as its YAML file holds it, and that file's path."""
    return _json({"id": record["id"], "file": record.source_file, "record": record.data})


def files(content: Content) -> dict[str, str]:
    """uri -> text of every file this module publishes."""
    out = {INDEX_URI: index_json(content)}
    for record in content.records:
        out[record_uri(record["id"])] = record_json(record)
    return out
