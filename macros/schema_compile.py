"""The two schema validators, compiled so that they accept and reject the same documents.

fastjsonschema (draft-07) checks every document: it checks 5,000 records in 0.7 s, jsonschema
in 9.9 s. jsonschema's 2020-12 validator walks only a document that failed, to list every
problem. They agree because the fast one compiles only the keywords whose draft-07 meaning is
their 2020-12 meaning (SUPPORTED_KEYWORDS, each proven keyword by keyword in
tests/test_schema_agreement.py) and refuses any other, and because both use the same format
checks and read a pattern's `$` the same way.
"""
from __future__ import annotations

import datetime
import json
import re
from functools import cache, partial

from fastjsonschema.draft07 import CodeGeneratorDraft07
from fastjsonschema.ref_resolver import RefResolver

# --- compiled once per schema text and definition -------------------------------
# Compiling costs far more than checking one file (registry: 50 ms against 0.13 ms), and a site
# is loaded again and again by `mkdocs serve` and the tests, each time with new checkers.


def for_definition(root: dict, definition: str | None) -> dict:
    """The schema that checks one of its definitions (e.g. "principle"), or the whole schema."""
    if definition:
        root = {**root, "$ref": f"#/$defs/{definition}"}
        root.pop("oneOf", None)
    return root


class Unsupported(Exception):
    """args[0]: the (path, message) of each thing in the schema the fast path would not read as 2020-12 does."""


@cache
def compile_fast(text: str, definition: str | None):
    root = json.loads(text)
    problems = unsupported_keywords(root)
    if problems:
        raise Unsupported(problems)
    defs = root.get("$defs", {})
    # $refs inlined: fastjsonschema turns each $ref into a function call that formats
    # the error path of the value on every call, which cost twice the rest of the check.
    schema = _inline_refs(defs[definition] if definition else root, defs)
    draft7 = {**schema, "$schema": "http://json-schema.org/draft-07/schema#"}
    try:
        return _compile_verdict_only(draft7)
    except Exception as exc:  # a value of the wrong kind somewhere (fastjsonschema's errors do not say where)
        raise Unsupported(_against_metaschema(root) or [((), f"skemaet kan ikke bruges: {exc}")]) from None


class _VerdictOnly(CodeGeneratorDraft07):
    """fastjsonschema's draft-07 code whose failures raise one bare exception. The fast check is only
    ever asked yes or no (a document that fails is walked again by the 2020-12 validator for its
    messages), but a detailed failure builds its message, path and a copy of the failing schema
    literal first. Every anyOf tries its branches that way: a date that is 'ikke oplyst' fails the
    date branch first. Those raises were about half of the check's time on valid records (bench/README.md).
    (fastjsonschema's own detailed_exceptions=False still formats the message, and fails on const.)"""

    def exc(self, msg, *args, append_to_msg=None, rule=None):
        self.l('raise JsonSchemaValueException("")')


def _compile_verdict_only(draft7: dict):
    """fastjsonschema.compile with _VerdictOnly's code: the same checks, in the same order."""
    resolver = RefResolver.from_schema(draft7, handlers={}, store={})
    # use_default=False: fastjsonschema would otherwise write the schema's defaults into the data.
    generator = _VerdictOnly(draft7, resolver=resolver, formats=FORMATS, use_default=False)
    state = generator.global_state
    exec(generator.func_code, state)  # as fastjsonschema.compile runs its generated code
    return partial(state[resolver.get_scope_name()], custom_formats=FORMATS)


def _against_metaschema(root: dict) -> list[tuple[tuple, str]]:
    import jsonschema
    meta = jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)
    return [(tuple(e.absolute_path), f"værdien er ikke gyldig JSON Schema 2020-12 ({e.message})")
            for e in meta.iter_errors(root)]


@cache
def compile_full(text: str, definition: str | None):
    import jsonschema  # only a document that fails needs it (a fifth of validate's start-up)
    formats = jsonschema.FormatChecker(formats=())
    for name, check in FORMATS.items():
        formats.checks(name)(check)
    cls = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern_keyword})
    return cls(for_definition(json.loads(text), definition), format_checker=formats)


# --- what the fast path may compile ---------------------------------------------

# Keywords that say something about a schema without constraining the value. "default" is the
# starting value of `macros new`; the fast check is compiled with use_default=False, so it never
# writes the default into the document (tests/test_schema_agreement.py checks that too).
# "x-form" is the record form's sections, advanced and minimal fields (macros/form_spec.py): data,
# not a schema, and no JSON Schema validator reads it.
_ANNOTATIONS = {"$comment", "title", "description", "examples", "default", "x-form"}
_SCHEMA_MAPS = {"properties"}                                        # name -> schema
_SUBSCHEMAS = {"additionalProperties", "items", "propertyNames"}      # one schema (items: not a list)
_SCHEMA_LISTS = {"anyOf", "oneOf", "allOf"}
_ROOT_ONLY = {"$schema", "$id", "$defs"}  # a nested $id would change what "#/$defs/…" means
_VALUES = {"$ref", "type", "enum", "const", "required", "minItems", "uniqueItems", "minLength", "maxLength",
           "pattern", "format", "minimum", "maximum"}
# Each has the same meaning in fastjsonschema's draft-07 and in 2020-12 (given the same formats
# and the same reading of $ in patterns); tests/test_schema_agreement.py proves it keyword by keyword.
SUPPORTED_KEYWORDS = _ANNOTATIONS | _SCHEMA_MAPS | _SUBSCHEMAS | _SCHEMA_LISTS | _ROOT_ONLY | _VALUES


def unsupported_keywords(root: dict) -> list[tuple[tuple, str]]:
    """(path, Danish message) for everything in the schema the fast path would not read as
    2020-12 does: other keywords, a list under items, a format without a check, a $ref it cannot
    inline, a pattern that does not compile."""
    problems: list[tuple[tuple, str]] = []
    defs = root.get("$defs", {}) if isinstance(root, dict) else {}

    def walk(node, path: tuple) -> None:
        if isinstance(node, bool):
            return
        if not isinstance(node, dict):
            problems.append((path, "et skema skal være en gruppe af felter eller true/false"))
            return
        for key, value in node.items():
            here = path + (key,)
            if key in _ROOT_ONLY and path:
                problems.append((here, f"nøgleordet '{key}' må kun stå øverst i skemaet"))
            elif key not in SUPPORTED_KEYWORDS:
                problems.append((here, f"nøgleordet '{key}' understøttes ikke; den hurtige kontrol (draft-07) "
                                       "ville læse det anderledes end 2020-12 eller se bort fra det"))
            elif key in _SCHEMA_MAPS or key == "$defs":
                if not isinstance(value, dict):
                    problems.append((here, f"'{key}' skal være en gruppe af skemaer"))
                    continue
                for name, sub in value.items():
                    walk(sub, here + (name,))
            elif key in _SUBSCHEMAS:
                if isinstance(value, list):
                    problems.append((here, f"'{key}' skal være ét skema, ikke en liste (brug 'prefixItems' i 2020-12)"))
                else:
                    walk(value, here)
            elif key in _SCHEMA_LISTS:
                if not isinstance(value, list):
                    problems.append((here, f"'{key}' skal være en liste af skemaer"))
                    continue
                for i, sub in enumerate(value):
                    walk(sub, here + (i,))
            elif key == "format" and value not in FORMATS:
                problems.append((here, f"formatet '{value}' understøttes ikke; brug en af: {', '.join(sorted(FORMATS))}"))
            elif key == "$ref" and not (isinstance(value, str) and value.startswith("#/$defs/")
                                        and value[len("#/$defs/"):] in defs):
                problems.append((here, f"henvisningen '{value}' skal være '#/$defs/<navn>' på en definition i skemaet"))
            elif key == "pattern":
                try:
                    _regex(value)
                except (re.error, TypeError) as exc:
                    problems.append((here, f"mønstret kan ikke bruges: {exc}"))

    walk(root, ())
    if not problems:
        try:
            _inline_refs(root, defs)
        except _RefCycle as exc:
            problems.append((("$defs", exc.args[0]), f"definitionen '{exc.args[0]}' henviser til sig selv"))
    return problems


class _RefCycle(Exception):
    """A $ref that (through others) refers to itself: it cannot be inlined."""


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
        if name in seen:
            raise _RefCycle(name)
        target = _inline_refs(defs[name], defs, seen + (name,))
        rest = {k: _inline_refs(v, defs, seen) for k, v in node.items() if k != "$ref" and k not in _ANNOTATIONS}
        return {"allOf": [target, rest]} if rest else target
    return {k: _inline_refs(v, defs, seen) for k, v in node.items() if k != "$defs"}


# --- the same checks in both validators ----------------------------------------

# As fastjsonschema does, $ in a pattern is the end of the text (ECMA-262, which JSON Schema
# prescribes), not also the place before a final line break (Python's re): "AI-0001\n" is no id.
_DOLLAR = re.compile(r"(?<!\\)\$")


@cache
def _regex(pattern: str) -> re.Pattern:
    return re.compile(_DOLLAR.sub(r"\\Z", pattern))


def _pattern_keyword(validator, pattern, instance, schema):
    """jsonschema's "pattern", with $ read as the fast check reads it."""
    import jsonschema
    if validator.is_type(instance, "string") and not _regex(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def _is_date(value) -> bool:
    """A real calendar date written ÅÅÅÅ-MM-DD (not 2026-02-31, nor the other forms Python reads)."""
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        datetime.date.fromisoformat(value)
        return True
    except ValueError:
        return False


def _is_email(value) -> bool:
    return not isinstance(value, str) or "@" in value  # as jsonschema's; the schema's pattern does the rest


# Given to both validators, so a format means the same in each.
FORMATS = {"date": _is_date, "email": _is_email}
