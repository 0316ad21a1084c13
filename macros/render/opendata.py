"""Markdown for the open-data page: the fields of the published schema."""
from __future__ import annotations

import json
from pathlib import Path

from .. import opendata
from . import markup as m


def fields_table(schema_path: Path) -> str:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    rows = [[f"`{name}`", m.text(kind), "ja" if required else "nej", m.text(description)]
            for name, kind, required, description in opendata.schema_fields(schema)]
    return m.table(["Felt", "Type", "Krævet", "Beskrivelse"], rows)


def api_table(content) -> str:
    """The API's addresses for the data page: each links to an example, with what it holds and its schema.
    Links are relative to docs/register/data.md."""
    from .. import api
    rows = []
    for path in api.paths(content):
        example = path.template
        if path.parameter:
            name, _, value = path.parameter
            example = example.replace("{" + name + "}", value) if value else None
        address = f"[{m.code('/' + path.template)}](../{example})" if example else m.code("/" + path.template)
        follows = f" Svaret følger [dets JSON Schema](../{path.schema})." if path.schema else ""
        rows.append([address, m.text(path.description) + follows])
    return m.table(["Adresse", "Indhold"], rows)
