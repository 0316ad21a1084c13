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
