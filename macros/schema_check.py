"""JSON Schema validation with Danish messages that name the field.

Valid documents take the fast path; only a document that fails is walked again by the
2020-12 validator to list every problem (see schema_compile.py for why two, and why they agree).
"""
from __future__ import annotations

import datetime
import json
import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import fastjsonschema

from .errors import ContentError, ContentInvalid
from .ids import schema_pattern as _id_pattern
from .schema_compile import Unsupported, compile_fast, compile_full, for_definition
from .yamlio import Document, dotted, load

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
    return "en anden slags værdi"


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
    "url": "en webadresse, der begynder med https://",
    "slug": "en adresse med små bogstaver a-z, tal og bindestreger (fx ai-tolk-koebenhavn)",
    "line": "tekst på én linje",
    "text": "en tekst, der ikke er tom",
    "unknown": "'ikke oplyst'",
    # principles/beslutningstrae.schema.json
    "node_id": "et id med små bogstaver a-z, tal og bindestreger (fx bilag-iii)",
    "article": "en henvisning til forordningen på formen 'artikel 6, stk. 2' eller 'bilag III, punkt 4'",
    # registry/organisations.schema.json
    "key": "en nøgle med små bogstaver a-z, tal og bindestreger (fx gladsaxe-kommune)",
    "cvr": "8 cifre i anførselstegn (fx \"12345678\")",
    "municipality_code": "3 cifre i anførselstegn (fx \"101\")",
    "region_code": "4 cifre i anførselstegn (fx \"1084\")",
}


_FORMAT_PHRASES = {"date": "en gyldig dato (ÅÅÅÅ-MM-DD)", "email": "en e-mailadresse"}

# Inline patterns (not a $defs entry) and how a contributor reads them.
_PATTERN_PHRASES = {
    _id_pattern(): "et id på formen AI-7K3QZD (AI, bindestreg og seks tegn: tal og store bogstaver uden I, L, O "
                   "og U) eller et af de første på formen AI-0007; brug python -m macros new, som trækker et ledigt",
    "^P[0-9]{2}$": "et princip-id på formen P04 (P og to cifre)",
    "^https://[^\\s<>\"]+$": "en webadresse, der begynder med https://",
}
# YAML 1.1 words for yes and no: a contributor who writes them means a choice, not a boolean.
_YES_NO_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}
_DATE_SHAPE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_PRINCIPLE_LIKE = re.compile(r"^\s*(?:p|princip)\s*0*([0-9]{1,2})\s*$", re.IGNORECASE)


def _undotted(field: str) -> tuple:
    """"risks[2].rating" -> ("risks", 2, "rating"): yamlio.dotted read back."""
    # isdigit() is also true of "²": only ASCII digits are a list index.
    return tuple(int(p) if p.isascii() and p.isdigit() else p for p in re.findall(r"[^.\[\]]+", field))


def _shown(value) -> str:
    """A value as the contributor wrote it: true, not Python's True."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "ikke udfyldt" if value is None else str(value)


def _no_such_date(value) -> bool:
    """Shaped like ÅÅÅÅ-MM-DD but not in the calendar, e.g. 2026-02-31."""
    if not isinstance(value, str) or not _DATE_SHAPE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return True
    return False


YES_NO_HINT = "; YAML læser ord som yes, no, on, off, true og false som ja/nej-værdier: skriv et af de tilladte ord"


def _yes_no_hint(value) -> str:
    if isinstance(value, bool) or (isinstance(value, str) and value.lower() in _YES_NO_WORDS):
        return YES_NO_HINT
    return ""


class SchemaChecker:
    def __init__(self, schema_path: Path, definition: str | None = None):
        self.schema_path = schema_path
        self.definition = definition

    @cached_property
    def _text(self) -> str:
        return self.schema_path.read_text(encoding="utf-8")

    @cached_property
    def schema(self) -> dict:
        return for_definition(json.loads(self._text), self.definition)

    @cached_property
    def _fast(self):
        try:
            return compile_fast(self._text, self.definition)
        except Unsupported as exc:
            raise ContentInvalid([self._schema_error(path, message) for path, message in exc.args[0]]) from None

    def _schema_error(self, path: tuple, message: str) -> ContentError:
        shown = Path(*self.schema_path.parts[-2:]).as_posix()  # e.g. registry/schema.json
        doc, _ = load(self.schema_path, shown)
        return ContentError(shown, doc.line_of(path) if doc else 1, dotted(path), message)

    def compile(self) -> None:
        """Compile the fast check now (e.g. before forking workers that will use it)."""
        self._fast  # noqa: B018 - the cached property is the compiled check

    @cached_property
    def _full(self):
        return compile_full(self._text, self.definition)

    def is_valid_fast(self, data) -> bool:
        """The fast check's verdict."""
        try:
            self._fast(data)
            return True
        except fastjsonschema.JsonSchemaException:
            return False

    def is_valid_full(self, data) -> bool:
        """The 2020-12 validator's verdict (the one that lists the problems)."""
        return self._full.is_valid(data)

    def check(self, doc: Document) -> list[ContentError]:
        if self.is_valid_fast(doc.data):
            return []
        errors = [error for e in self._full.iter_errors(doc.data) for error in self._to_errors(doc, e)]
        return [self._for_a_person(doc, e) for e in errors] if "x-form" in self.schema else errors

    @cached_property
    def _fields(self) -> dict:
        from .form_spec import field_specs
        return field_specs(self.schema)

    def _for_a_person(self, doc: Document, error: ContentError) -> ContentError:
        """What exactly is wrong, then the record form's message, which names the field by its label
        and says what to write (macros/messages.py: one table for the form, the command line and the build)."""
        from .form_spec import person_message
        path = _undotted(error.field)
        value = doc.data_at(path)
        if value == "" or (value is None and error.message.startswith("feltet mangler")):
            value = None
        said = person_message(self.schema, self._fields, path, value) if path else None
        return ContentError(error.file, error.line, error.field, f"{error.message}. {said}") if said else error

    def _pattern_phrase(self, pattern: str) -> str:
        for name, definition in self.schema.get("$defs", {}).items():
            if definition.get("pattern") == pattern and name in _DEF_PHRASES:
                return _DEF_PHRASES[name]
        return _PATTERN_PHRASES.get(pattern, "en værdi på den form, feltets beskrivelse i schemaet viser")

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
        if isinstance(value, str) and isinstance(doc.data_at(path), dict) and value in doc.data_at(path):
            line, field = doc.line_of(path + (value,)), dotted(path + (value,))  # a key refused by propertyNames
            principle = _PRINCIPLE_LIKE.match(value)
            if principle and kind == "pattern":
                return ContentError(doc.path, line, field, f"'{value}' er ikke skrevet som et princip-id; "
                                                           f"skriv P{int(principle.group(1)):02d}")
        if kind in ("anyOf", "format", "pattern") and _no_such_date(value):
            return ContentError(doc.path, line, field, f"datoen {value} findes ikke i kalenderen; ret måned eller dag "
                                                       "(formen ÅÅÅÅ-MM-DD er rigtig)")
        if kind == "enum":
            allowed = ", ".join(f"'{v}'" for v in err.validator_value)
            return ContentError(doc.path, line, field, f"'{_shown(value)}' er ikke en tilladt værdi; brug en af: "
                                                       f"{allowed}{_yes_no_hint(value)}")
        if kind == "const":
            return ContentError(doc.path, line, field, f"skal være '{err.validator_value}'")
        if kind == "type":
            want = _TYPE_NAMES.get(err.validator_value, err.validator_value)
            return ContentError(doc.path, line, field, f"skal være {want}, ikke {_type_of(value)}{_yes_no_hint(value)}")
        if kind == "anyOf":
            want = " eller ".join(_describe(s, self.schema) for s in err.validator_value)
            return ContentError(doc.path, line, field, f"'{_shown(value)}' passer ikke; skal være {want}"
                                                       f"{_yes_no_hint(value)}")
        if kind == "oneOf":
            want = ", ".join(_describe(s, self.schema) for s in err.validator_value)
            return ContentError(doc.path, line, field, f"'{value}' skal passe til netop én af: {want}")
        if kind == "format" and err.validator_value in _FORMAT_PHRASES:
            return ContentError(doc.path, line, field, f"'{value}' er ikke {_FORMAT_PHRASES[err.validator_value]}")
        if kind == "pattern":
            want = self._pattern_phrase(err.validator_value)
            shown = str(value).replace("\n", "\\n")  # one error, one line: show a line break as \n
            return ContentError(doc.path, line, field, f"'{shown}' har forkert form; skal være {want}")
        if kind == "minLength":
            n = err.validator_value
            return ContentError(doc.path, line, field, "må ikke være tom" if n == 1 else f"skal være mindst {n} tegn lang")
        if kind == "maxLength":
            return ContentError(doc.path, line, field, f"må højst være {err.validator_value} tegn lang, ikke {len(value)}")
        if kind == "minItems":
            return ContentError(doc.path, line, field, f"skal have mindst {err.validator_value} element(er)")
        if kind == "uniqueItems":
            return ContentError(doc.path, line, field, "listen indeholder den samme værdi flere gange")
        if kind in ("minimum", "maximum"):
            word = "mindst" if kind == "minimum" else "højst"
            return ContentError(doc.path, line, field, f"{value} er uden for det tilladte; skal være {word} {err.validator_value}")
        return ContentError(doc.path, line, field, f"'{_shown(value)}' passer ikke til feltets regler i schemaet")
