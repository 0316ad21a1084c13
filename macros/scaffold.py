"""`python -m macros new`: a new record with every field present and explained, made from the schema.

Nothing here lists the register's fields: registry/schema.json does. Each field gets its
description (and, for a choice, the allowed values) as a comment, and a starting value:
what the contributor answered, else the schema's `default`, else 'ikke oplyst' or
'ikke vurderet' where the field accepts it, else an empty list. An optional field with no
`default` is written as a comment, so the contributor still sees that it exists.
The file validates as written; the gaps list then points out what is still unknown.
"""
from __future__ import annotations

import calendar
import datetime
import json
import re
import textwrap
import unicodedata

from jsonschema import Draft202012Validator

from .content import Content
from .ids import new_id
from .content.register import SCHEMA_COMMENT
from .vocabulary import NOT_ASSESSED, UNKNOWN

# Placeholders tried, in order, for a field the contributor has not answered.
PLACEHOLDERS = (UNKNOWN, NOT_ASSESSED)
EVIDENCE_PLACEHOLDER = "Ikke vurderet endnu."
_OMIT = object()  # a field with no valid starting value: written as a comment
_WIDTH = 100


def slugify(title: str) -> str:
    """ASCII URL slug: æ→ae, ø→oe, å→aa, other accents dropped."""
    text = title.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].rstrip("-")


def taken_ids(content: Content) -> set[str]:
    """Ids a new record may not have: every record's and every retired one."""
    return {r["id"] for r in content.records} | set(content.retired_ids)


def default_slug(title: str, short_name: str | None) -> str:
    """The title and the organisation's short name, as the first records' addresses are made
    ('GladGPT' of Gladsaxe -> gladgpt-gladsaxe); the name once, if the title already ends with it."""
    base, suffix = slugify(title), slugify(short_name or "")
    if not suffix or base == suffix or base.endswith("-" + suffix):
        return base
    return f"{base[:60 - len(suffix) - 1].rstrip('-')}-{suffix}".strip("-")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day months later (the month's last day where it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class SchemaWalker:
    """The register schema, walked with its $refs resolved."""

    def __init__(self, schema: dict):
        self.root = schema

    def resolve(self, node: dict) -> dict:
        while "$ref" in node:
            node = {**self.root["$defs"][node["$ref"].rsplit("/", 1)[-1]],
                    **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def accepts(self, node: dict, value) -> bool:
        return Draft202012Validator({**node, "$defs": self.root.get("$defs", {})}).is_valid(value)

    def start_value(self, node: dict):
        """What a field holds before anyone has filled it in; _OMIT if nothing valid."""
        node = self.resolve(node)
        if "default" in node:
            return node["default"]
        kind = node.get("type")
        if kind == "object":
            value = {}
            for name in node.get("required", []):
                value[name] = self.start_value(node["properties"][name])
                if value[name] is _OMIT:
                    return _OMIT
            return value
        if kind == "array":
            item = self.start_value(node.get("items", {}))
            count = node.get("minItems", 0)
            return _OMIT if count and item is _OMIT else [item] * count
        return next((p for p in PLACEHOLDERS if self.accepts(node, p)), _OMIT)


def complete(walker: SchemaWalker, node: dict, value):
    """value in the schema's field order, each missing required field given its start value
    (e.g. synthetic records stay valid when the schema gains a field)."""
    node = walker.resolve(node)
    if isinstance(value, list):
        return [complete(walker, node.get("items", {}), item) for item in value]
    if not isinstance(value, dict) or node.get("type") != "object":
        return value
    props = node.get("properties", {})
    out = {}
    for key, sub in props.items():
        if key in value:
            out[key] = complete(walker, sub, value[key])
        elif key in node.get("required", []) and (start := walker.start_value(sub)) is not _OMIT:
            out[key] = start
    extra = node.get("additionalProperties")
    for key in value:
        if key not in props:
            out[key] = complete(walker, extra, value[key]) if isinstance(extra, dict) else value[key]
    return out


def record_data(content: Content, schema: dict, title: str, owner: str, unit: str, status: str,
                category: str, today: datetime.date, slug: str | None = None, record_id: str | None = None) -> dict:
    """The new record's values: the contributor's answers over the schema's starting values.
    The id is a new random one unless given; the address is made from the title and the owner's
    short name unless given."""
    walker = SchemaWalker(schema)
    interval = walker.start_value(walker.resolve(schema["properties"]["review"])["properties"]["interval_months"])
    org = content.organisations.get(owner)
    answers = {
        "id": record_id or new_id(taken_ids(content)),
        "slug": slug or default_slug(title, org.short_name if org else None), "title": title,
        "owner": {"organisation": owner, "unit": unit}, "category": category,
        "status_history": [{"status": status, "date": today.isoformat()}],
        "principle_assessments": {p["id"]: {"status": NOT_ASSESSED, "evidence": EVIDENCE_PLACEHOLDER}
                                  for p in content.principles},
        "review": {"created": today.isoformat(), "last_reviewed": today.isoformat(),
                   "next_review": add_months(today, interval).isoformat(), "interval_months": interval},
    }
    record = {}
    for name, node in schema["properties"].items():
        if name in answers:
            record[name] = answers[name]
        elif name in schema.get("required", []) or "default" in walker.resolve(node):
            record[name] = walker.start_value(node)
    return record


# --- the YAML text ------------------------------------------------------------------

def _scalar(value) -> str:
    """A YAML scalar that reads back exactly: JSON strings and numbers are valid YAML."""
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str, indent: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), _WIDTH - len(indent) - 2,
                         initial_indent=f"{indent}# ", subsequent_indent=f"{indent}# ", break_on_hyphens=False)


def _explain(node: dict, required: bool) -> str:
    parts = [node.get("description", "")]
    if "enum" in node:
        parts.append("Tilladt: " + ", ".join(f"'{v}'" for v in node["enum"]) + ".")
    if not required:
        parts.append("(valgfrit)")
    return " ".join(p for p in parts if p)


def _yaml(walker: SchemaWalker, node: dict, value, indent: str, notes: dict) -> list[str]:
    """Lines for the fields of a mapping (value) described by an object schema (node)."""
    node = walker.resolve(node)
    props, required = node.get("properties", {}), set(node.get("required", []))
    keys = list(props) + [k for k in value if k not in props]  # e.g. principle ids
    lines, explained = [], False
    for key in keys:
        sub = walker.resolve(props.get(key) or node.get("additionalProperties") or {})
        note = notes.get(key) or _explain(sub, key in required)
        if note:
            lines += _comment(note, indent)
        if key not in value:
            lines.append(f"{indent}# {key}:")
            continue
        field = _field(walker, key, sub, value[key], indent)
        if key not in props and explained:  # keys of one kind (principle ids): explain the first only
            field = [line for line in field if not line.lstrip().startswith("#")]
        explained = explained or key not in props
        lines += field
    return lines


def _field(walker: SchemaWalker, key: str, node: dict, value, indent: str) -> list[str]:
    if isinstance(value, dict):
        return [f"{indent}{key}:", *_yaml(walker, node, value, indent + "  ", {})]
    if isinstance(value, list) and value:
        item_node = walker.resolve(node.get("items", {}))
        lines = [f"{indent}{key}:"]
        for item in value:
            if isinstance(item, dict):
                body = _yaml(walker, item_node, item, indent + "    ", {})
                body = [line for line in body if not line.lstrip().startswith("#")]  # explained once, above
                lines += [f"{indent}  - {body[0].lstrip()}", *body[1:]]
            else:
                lines.append(f"{indent}  - {_scalar(item)}")
        return lines
    return [f"{indent}{key}: {'[]' if value == [] else _scalar(value)}"]


def record_text(content: Content, schema: dict, **answers) -> tuple[str, str]:
    """(file name, YAML text) for a new record."""
    record = record_data(content, schema, **answers)
    return file_name(record), record_yaml(schema, [(p["id"], p["title"]) for p in content.principles], record)


def file_name(record: dict) -> str:
    return f"{record['id'].lower()}-{record['slug']}.yml"


def record_yaml(schema: dict, principles: list[tuple[str, str]], record: dict) -> str:
    """A record's YAML text as `macros new` writes it: every field in the schema's order with its
    description as a comment, an optional field not given as a comment. The record form on the
    site (docs/javascripts/record-form.js) is a port of this function; a test keeps them equal."""
    walker = SchemaWalker(schema)
    notes = {pid: f"{pid}: {title}" for pid, title in principles}
    body = []
    for key, node in schema["properties"].items():
        resolved = walker.resolve(node)
        body.append("")
        body += _comment(_explain(resolved, key in schema.get("required", [])), "")
        if key not in record:
            body.append(f"# {key}:")
            continue
        if key == "principle_assessments":
            body += [f"{key}:", *_yaml(walker, resolved, record[key], "  ", notes)]
        else:
            body += _field(walker, key, resolved, record[key], "")
    return "\n".join(HEAD_LINES + body) + "\n"


# The first lines of every record file written by `new` or the form.
HEAD_LINES = [SCHEMA_COMMENT,
              "# Ny registrering. Skriv 'ikke oplyst', hvor oplysningen mangler – gæt aldrig.",
              "# Tjek filen med: python -m macros validate   (og mangler med: python -m macros gaps)"]
