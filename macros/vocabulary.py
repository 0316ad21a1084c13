"""The register's fixed lists of values, read from registry/schema.json.

The schema is where a contributor adds a status, a risk level or a category; the filters,
the sort order of the overview, the CLI's choices and the benchmark's synthetic records take
the lists from here, so none of them can disagree with what validation accepts.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# Words with a meaning of their own in the register: a field the source says nothing about,
# and an assessment not yet made. Both are values in registry/schema.json.
UNKNOWN = "ikke oplyst"
NOT_ASSESSED = "ikke vurderet"
NOT_COVERED = "ikke omfattet"  # not an AI system in the AI Act's sense, or outside its scope

# Where each list is in the schema (JSON pointers), in the order the site shows them.
POINTERS = {
    "statuses": "/$defs/status/enum",
    "risk_levels": "/properties/ai_act/properties/risk_level/enum",
    "categories": "/properties/category/enum",
    "risk_categories": "/properties/risks/items/properties/category/enum",
    "ratings": "/$defs/rating/enum",
    "assessment_statuses": "/properties/principle_assessments/additionalProperties/properties/status/enum",
    "consultation_kinds": "/properties/consultation/items/properties/kind/enum",
    "roles": "/properties/ai_act/properties/decision/properties/role/enum",
}


@dataclass(frozen=True)
class Vocabulary:
    statuses: list[str]
    risk_levels: list[str]
    categories: list[str]
    risk_categories: list[str]
    ratings: list[str]
    assessment_statuses: list[str]
    consultation_kinds: list[str]
    roles: list[str]  # a record's role under the AI Act (ai_act.decision.role)

    @classmethod
    def from_schema(cls, schema: dict) -> Vocabulary:
        return cls(**{name: list(_resolve(schema, pointer)) for name, pointer in POINTERS.items()})

    @classmethod
    def of_register(cls, root: Path) -> Vocabulary:
        return cls.from_schema(json.loads((Path(root) / "registry" / "schema.json").read_text(encoding="utf-8")))


def _resolve(schema: dict, pointer: str):
    node = schema
    for part in pointer.lstrip("/").split("/"):
        node = node[part]
    return node
