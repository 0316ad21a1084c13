"""The record form's fields, sections and rules, made from registry/schema.json as data.

Nothing here names a register field. The schema gives each field its label (`title`), help
(`description`) and rules; its `x-form` annotation gives the form's sections, its own help where a description
speaks of the file (`help`), the field chosen from the organisations (`organisation`) and the
fields the form keeps but does not ask for (`not_asked`, e.g. what the decision aid fills in) (a top-level field
not listed joins the section of the field before it in the schema), the fields under *Avanceret*
and the few answers of a minimal record. The browser gets `form_spec(...)` as JSON in the page
and checks a value with the field's own schema (`schema` below, its $refs into the schema's $defs), so a rule is
never written twice; `field_problem` is which message a person gets, in Python and in
docs/javascripts/form/fields.js alike (tests/test_form_rules.py feeds both the same cases).
"""
from __future__ import annotations

import datetime
import re

from jsonschema import Draft202012Validator

from . import ids
from .messages import label_forms
from .schema_compile import FORMATS
from .scaffold import SchemaWalker, _OMIT
from .vocabulary import UNKNOWN

# The kinds of field, by the definition a field refers to (registry/schema.json $defs).
_KIND_OF_DEF = {"line": "line", "text": "text", "slug": "slug", "url": "url", "date": "date",
                "date_or_unknown": "date_or_unknown"}


def _ref_name(node: dict) -> str:
    return node.get("$ref", "").rsplit("/", 1)[-1]


class _Spec:
    def __init__(self, schema: dict):
        self.schema = schema
        self.walker = SchemaWalker(schema)
        self.defs = schema.get("$defs", {})

    def kind(self, raw: dict) -> str:
        node = self.walker.resolve(raw)
        name = _ref_name(raw)
        if name in _KIND_OF_DEF:
            return _KIND_OF_DEF[name]
        if "enum" in node:
            return "choice"
        kind = node.get("type")
        if kind == "object":
            return "map" if isinstance(node.get("additionalProperties"), dict) else "group"
        if kind == "array":
            return "rows" if self.walker.resolve(node.get("items", {})).get("type") == "object" else "lines"
        if kind == "integer":
            return "integer"
        if kind == "string" and node.get("pattern") == ids.schema_pattern():
            return "id"
        branches = [self.walker.resolve(b) for b in node.get("anyOf", [])]
        names = [_ref_name(b) for b in node.get("anyOf", [])]
        if any(b.get("type") == "integer" for b in branches):
            return "integer_or_unknown"
        if any(b.get("format") == "email" for b in branches):
            return "email"
        if "url" in names:
            return "url"
        return "line"

    def words(self, raw: dict) -> list[str]:
        """The fixed words a free-text field also accepts (e.g. 'ikke offentlig' beside a link)."""
        node = self.walker.resolve(raw)
        found = []
        for branch in node.get("anyOf", []):
            branch = self.walker.resolve(branch)
            found += branch.get("enum", []) + ([branch["const"]] if "const" in branch else [])
        return found

    def blank(self, raw: dict, required: bool):
        """What an unanswered field holds: its starting value ('ikke oplyst', 'ikke vurderet', its
        default), or None when it has none (then it must be answered, or is left out if optional)."""
        node = self.walker.resolve(raw)
        if not required and "default" not in node:
            return None
        start = self.walker.start_value(raw)
        return None if start is _OMIT or start == "" else start

    def field(self, key: str, raw: dict, required: bool) -> dict:
        node = self.walker.resolve(raw)
        kind = self.kind(raw)
        out = {"key": key, "label": node.get("title", key), "help": node.get("description", ""), "kind": kind,
               "required": required}
        blank = self.blank(raw, required)
        if blank is not None and kind not in ("group", "rows", "map"):
            out["blank"] = blank
        if kind == "choice":
            out["choices"] = node["enum"]
        if self.words(raw):
            out["words"] = [w for w in self.words(raw) if w != blank]
        if kind in ("group", "map", "rows"):
            inner = self.walker.resolve(node.get("items", {})) if kind == "rows" else node
            if kind == "map":
                inner = self.walker.resolve(node["additionalProperties"])
            need = set(inner.get("required", []))
            out["fields"] = [self.field(k, v, k in need) for k, v in inner.get("properties", {}).items()]
            if kind == "rows":
                out["row_label"] = inner.get("title", "")  # what one row is called: "Risiko 1", "Tilføj risiko"
                out["min_rows"] = node.get("minItems", 0)
                out["new_row"] = {f["key"]: f["blank"] for f in out["fields"] if "blank" in f}
        if kind not in ("group", "map", "rows"):  # the field's own rule, its $refs into the schema's $defs
            out["schema"] = {k: v for k, v in raw.items() if k not in ("title", "description", "default")}
        return out


def field_specs(schema: dict) -> dict:
    """Every top-level field's spec (label, kind, rule), without the form's sections."""
    spec, need = _Spec(schema), set(schema.get("required", []))
    return {key: spec.field(key, raw, key in need) for key, raw in schema["properties"].items()}


def field_at(fields: dict, path: tuple) -> dict | None:
    """The spec of the field at a record path (row indexes and a map's keys skipped)."""
    field = fields.get(path[0]) if path and isinstance(path[0], str) else None
    rest = list(path[1:])
    while field and rest:
        part = rest.pop(0)
        if field["kind"] == "rows" and isinstance(part, int):
            continue
        if field["kind"] == "map":
            if not rest:
                return None
            part = rest.pop(0)
        field = next((f for f in field.get("fields", []) if f["key"] == part), None)
    return field


def person_message(schema: dict, fields: dict, path: tuple, value) -> str | None:
    """The form's message for a field's value ("Skriv initiativets titel"), or None when the
    field has no label or the form would say nothing; what `python -m macros validate` puts first."""
    from .messages import field_message
    field = field_at(fields, path)
    if not field or "title" not in _resolved_node(schema, path):
        return None
    found = field_problem(field, value, schema.get("$defs", {})) if field["kind"] not in ("group", "map") else None
    return field_message(found[0], field["label"], **found[1]) if found else None


def _resolved_node(schema: dict, path: tuple) -> dict:
    """The schema node of the field at path ({} if none), to see that the schema itself labels it."""
    node, defs = schema, schema.get("$defs", {})
    for part in path:
        node = _resolved(node, defs)
        if isinstance(part, int):
            node = node.get("items", {})
        elif part in node.get("properties", {}):
            node = node["properties"][part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return {}
    return node


def _sections(schema: dict) -> list[dict]:
    form = schema.get("x-form", {})
    listed = {key: s["key"] for s in form.get("sections", []) for key in s["fields"]}
    advanced = set(form.get("advanced", []))
    sections = [{"key": s["key"], "title": s["title"], "help": s.get("help", ""), "fields": []}
                for s in form.get("sections", [])]
    by_key = {s["key"]: s for s in sections}
    current = sections[0]["key"] if sections else None
    for key in schema["properties"]:
        if key in advanced:
            continue
        current = listed.get(key, current)  # a field not listed joins the one before it
        by_key[current]["fields"].append(key)
    return sections


def form_spec(schema: dict, start: dict) -> dict:
    """Everything the form needs to know about the register's fields, as JSON-ready data.
    start: the record a new form begins with (start_record); a map's entries (the principle
    assessments) take their unanswered values from it, as `macros new` writes them."""
    form = schema.get("x-form", {})
    fields = field_specs(schema)
    def at(dotted_path: str) -> dict:
        field = fields[dotted_path.split(".")[0]]
        for key in dotted_path.split(".")[1:]:
            field = next(f for f in field["fields"] if f["key"] == key)
        return field
    for dotted_path, text in form.get("help", {}).items():  # the form's own words where the description is for a file
        at(dotted_path)["help"] = text
    for dotted_path in form.get("not_asked", []):  # filled by something else (the decision aid), kept as it is
        at(dotted_path)["not_asked"] = True
    for key, field in fields.items():
        if field["kind"] == "map" and start.get(key):
            first = next(iter(start[key].values()))
            for sub in field["fields"]:
                if sub["key"] in first:
                    sub["blank"] = first[sub["key"]]
    return {
        "fields": fields,
        "sections": _sections(schema),
        "advanced": form.get("advanced", []),
        "minimal": form.get("minimal", []),
    }


# --- which message a person gets: the same in fields.js -----------------------------

_DATE_SHAPE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_NUMBER = re.compile(r"^-?[0-9]+$")


def _accepts(node: dict, value, defs: dict) -> bool:
    from jsonschema import FormatChecker
    checker = FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return Draft202012Validator({**node, "$defs": defs}, format_checker=checker).is_valid(value)


def _resolved(node: dict, defs: dict) -> dict:
    while "$ref" in node:
        node = {**defs[_ref_name(node)], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def field_problem(field: dict, value, defs: dict):
    """(message kind, values) for a field's value, or None when it is accepted; defs: the
    schema's $defs. value is what the form holds (an empty box is "", a list of lines a list)."""
    kind = field["kind"]
    if value is None or value == "" or value == []:
        if kind == "rows":
            return ("missing_row", {"række": label_forms(field["row_label"])["felt"]}) if field.get("min_rows") else None
        if kind == "lines" or not field["required"]:
            return None
        return ("missing_choice" if kind == "choice" else "missing_text", {})
    if kind in ("rows", "group", "map"):
        return None
    if _accepts(field["schema"], value, defs):
        return None
    text = value if isinstance(value, str) else ""
    if kind == "choice":
        return "choice", {}
    if kind == "lines":
        # Only a list of texts can hold the same line twice; anything else (a mapping, a number)
        # is not a line of text at all.
        if isinstance(value, list) and all(isinstance(v, str) for v in value) and len(set(value)) < len(value):
            return "duplicate", {}
        return "one_line", {}
    if kind in ("date", "date_or_unknown"):
        if _DATE_SHAPE.match(text):
            return "no_such_date", {}
        return kind, {}
    if kind in ("integer", "integer_or_unknown"):
        node = _resolved(field["schema"], defs)
        number = node if kind == "integer" else next(b for b in node["anyOf"] if b.get("type") == "integer")
        if isinstance(value, int) and not isinstance(value, bool):
            if "minimum" in number and value < number["minimum"]:
                return "minimum", {"grænse": number["minimum"]}
            if "maximum" in number and value > number["maximum"]:
                return "maximum", {"grænse": number["maximum"]}
        return kind, {}
    if kind in ("line", "text"):
        if kind == "line" and "\n" in text.strip():
            return "one_line", {}
        if not text.strip():
            return "missing_text", {}
    limit = _resolved(field["schema"], defs).get("maxLength")
    if limit and len(text) > limit:
        return "too_long", {"grænse": limit, "antal": len(text)}
    if kind in ("slug", "id", "url", "email"):
        return kind, {}
    return "other", {}


def start_record(content, schema: dict, today: datetime.date) -> dict:
    """The record a new form starts from: `macros new`'s, with nothing answered (the id is drawn
    in the browser from ids.ID_FORMAT; the placeholder keeps the page the same at every build)."""
    from .scaffold import record_data
    record = record_data(content, schema, title="", owner=UNKNOWN, unit=UNKNOWN, status="", category="",
                         today=today, record_id=ids.PREFIX + ids.ALPHABET[0] * ids.LENGTH, slug="")
    return record


