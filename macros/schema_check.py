"""JSON Schema validation with Danish messages that name the field.

Valid documents take the fast path (fastjsonschema, compiled once); only a
document that fails is walked again by jsonschema to list every problem.
"""
from __future__ import annotations

import datetime
import json
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import fastjsonschema

from .errors import ContentError
from .yamlio import Document, dotted

if TYPE_CHECKING:
    import jsonschema

_TYPE_NAMES = {
    "string": "tekst", "integer": "et heltal", "number": "et tal", "boolean": "ja/nej (true/false)",
    "array": "en liste", "object": "en gruppe af felter", "null": "tom",
}


def _type_of(value) -> str:
    for py, name in ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"),
                     (list, "array"), (dict, "object"), (type(None), "null")):
        if isinstance(value, py):
            return _TYPE_NAMES[name]
    return type(value).__name__


def _describe(schema: dict, root: dict) -> str:
    """A short Danish phrase for what a (sub)schema accepts, used for anyOf messages."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        target = root["$defs"][name]
        return _DEF_PHRASES.get(name) or _describe(target, root)
    if "const" in schema:
        return f"'{schema['const']}'"
    if "enum" in schema:
        return "en af " + ", ".join(f"'{v}'" for v in schema["enum"])
    if "anyOf" in schema:
        return " eller ".join(_describe(s, root) for s in schema["anyOf"])
    if schema.get("format") == "email":
        return "en e-mailadresse"
    return _TYPE_NAMES.get(schema.get("type", ""), "en anden værdi")


_DEF_PHRASES = {
    "date": "en dato på formen ÅÅÅÅ-MM-DD (fx \"2026-03-01\")",
    "url": "en webadresse, der begynder med https:// eller http://",
    "slug": "en adresse med små bogstaver a-z, tal og bindestreger (fx ai-tolk-koebenhavn)",
    "line": "tekst på én linje",
    "text": "en tekst, der ikke er tom",
    "unknown": "'ikke oplyst'",
}


class SchemaChecker:
    def __init__(self, schema_path: Path, definition: str | None = None):
        self.schema_path = schema_path
        self.definition = definition

    @cached_property
    def schema(self) -> dict:
        root = json.loads(self.schema_path.read_text(encoding="utf-8"))
        if self.definition:
            root = {**root, "$ref": f"#/$defs/{self.definition}"}
            root.pop("oneOf", None)
        return root

    @cached_property
    def _fast(self):
        # $refs inlined: fastjsonschema turns each $ref into a function call that formats
        # the error path of the value on every call, which cost twice the rest of the check.
        root = json.loads(self.schema_path.read_text(encoding="utf-8"))
        defs = root.get("$defs", {})
        try:
            schema = _inline_refs(defs[self.definition] if self.definition else root, defs)
        except _CannotInline:
            schema = self.schema
        draft7 = {**schema, "$schema": "http://json-schema.org/draft-07/schema#"}
        # use_default=False: fastjsonschema would otherwise write the schema's defaults into the data.
        return fastjsonschema.compile(draft7, formats={"date": _is_date}, use_default=False)

    def compile(self) -> None:
        """Compile the fast check now (e.g. before forking workers that will use it)."""
        self._fast  # noqa: B018 - the cached property is the compiled check

    @cached_property
    def _full(self):
        import jsonschema  # only a document that fails needs it (a fifth of validate's start-up)
        cls = jsonschema.Draft202012Validator
        return cls(self.schema, format_checker=cls.FORMAT_CHECKER)

    def check(self, doc: Document) -> list[ContentError]:
        try:
            self._fast(doc.data)
            return []
        except fastjsonschema.JsonSchemaException:
            pass
        return [error for e in self._full.iter_errors(doc.data) for error in self._to_errors(doc, e)]

    def _pattern_phrase(self, pattern: str) -> str:
        for name, definition in self.schema.get("$defs", {}).items():
            if definition.get("pattern") == pattern and name in _DEF_PHRASES:
                return _DEF_PHRASES[name]
        return f"tekst, der matcher mønstret {pattern}"

    def _to_errors(self, doc: Document, err: jsonschema.ValidationError) -> list[ContentError]:
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = sorted(err.schema.get("properties", {}))
            hint = f"; tilladte felter her: {', '.join(allowed)}" if allowed else ""
            return [ContentError(doc.path, doc.line_of(path + (key,)), dotted(path + (key,)), f"ukendt felt{hint}")
                    for key in err.instance if key not in allowed]
        return [self._to_error(doc, err)]

    def _to_error(self, doc: Document, err: jsonschema.ValidationError) -> ContentError:
        path = tuple(err.absolute_path)
        value, kind = err.instance, err.validator
        if kind == "required":
            missing = err.message.split("'")[1]
            return ContentError(doc.path, doc.line_of(path), dotted(path + (missing,)), "feltet mangler")
        line, field = doc.line_of(path), dotted(path)
        if kind == "enum":
            allowed = ", ".join(f"'{v}'" for v in err.validator_value)
            return ContentError(doc.path, line, field, f"'{value}' er ikke en tilladt værdi; brug en af: {allowed}")
        if kind == "const":
            return ContentError(doc.path, line, field, f"skal være '{err.validator_value}'")
        if kind == "type":
            want = _TYPE_NAMES.get(err.validator_value, err.validator_value)
            return ContentError(doc.path, line, field, f"skal være {want}, ikke {_type_of(value)}")
        if kind == "anyOf":
            want = " eller ".join(_describe(s, self.schema) for s in err.validator_value)
            return ContentError(doc.path, line, field, f"'{value}' passer ikke; skal være {want}")
        if kind == "format" and err.validator_value == "date":
            return ContentError(doc.path, line, field, f"'{value}' er ikke en gyldig dato (ÅÅÅÅ-MM-DD)")
        if kind == "pattern":
            want = self._pattern_phrase(err.validator_value)
            shown = str(value).replace("\n", "\\n")  # one error, one line: show a line break as \n
            return ContentError(doc.path, line, field, f"'{shown}' har forkert form; skal være {want}")
        if kind in ("minLength",):
            return ContentError(doc.path, line, field, "må ikke være tom")
        if kind == "minItems":
            return ContentError(doc.path, line, field, f"skal have mindst {err.validator_value} element(er)")
        if kind == "uniqueItems":
            return ContentError(doc.path, line, field, "listen indeholder den samme værdi flere gange")
        if kind in ("minimum", "maximum"):
            word = "mindst" if kind == "minimum" else "højst"
            return ContentError(doc.path, line, field, f"{value} er uden for det tilladte; skal være {word} {err.validator_value}")
        return ContentError(doc.path, line, field, err.message)


class _CannotInline(Exception):
    """A $ref that is not a local #/$defs/ name, or one that refers to itself."""


# Keywords that say something about a schema without constraining the value.
_ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "examples", "default",
                "deprecated", "readOnly", "writeOnly"}


def _inline_refs(node, defs: dict, seen: tuple = ()):
    """The schema with each "$ref": "#/$defs/name" replaced by that definition. A $ref with
    constraints beside it becomes allOf [definition, constraints], as in draft 2020-12."""
    if isinstance(node, list):
        return [_inline_refs(v, defs, seen) for v in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref[len("#/$defs/"):]
        if not ref.startswith("#/$defs/") or name not in defs or name in seen:
            raise _CannotInline(ref)
        target = _inline_refs(defs[name], defs, seen + (name,))
        rest = {k: _inline_refs(v, defs, seen) for k, v in node.items() if k != "$ref" and k not in _ANNOTATIONS}
        return {"allOf": [target, rest]} if rest else target
    return {k: _inline_refs(v, defs, seen) for k, v in node.items() if k != "$defs"}


def _is_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
        return True
    except ValueError:
        return False
