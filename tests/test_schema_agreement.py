"""One schema truth: the fast check (fastjsonschema, draft-07) and the 2020-12 validator that
lists the problems accept and reject the same documents, keyword by keyword for every keyword
the schemas use, and for mutations of the real content."""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, copy_site, validate

from macros.errors import ContentInvalid
from macros.schema_check import SchemaChecker
from macros.schema_compile import SUPPORTED_KEYWORDS
from macros.yamlio import Document, load

SCHEMAS = [ROOT / "registry" / "schema.json", ROOT / "principles" / "schema.json", ROOT / "smv" / "schema.json",
           ROOT / "macros" / "settings.schema.json"]
DRAFT = "https://json-schema.org/draft/2020-12/schema"
# Keywords whose value is a map of names to schemas; every other keyword's value is walked as
# it is, so a schema inside any keyword (known or not) is seen. Values that are data, not schemas.
NAMED_SCHEMAS = {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
DATA = {"enum", "const", "examples", "default", "required", "dependentRequired", "x-form"}


def keywords_in(node) -> set[str]:
    """Every keyword used anywhere in a schema (independent of the code it checks)."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= keywords_in(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key in NAMED_SCHEMAS and isinstance(value, dict):
                for sub in value.values():
                    found |= keywords_in(sub)
            elif key not in DATA:
                found |= keywords_in(value)
    return found


@dataclass
class Case:
    schema: dict
    accept: list = field(default_factory=list)
    reject: list = field(default_factory=list)


SLUG_DEFS = {"slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}}

# For each keyword: schemas with values both validators must accept and values both must reject.
# Edge cases are where draft-07 and 2020-12, or fastjsonschema and jsonschema, have differed.
CASES: dict[str, list[Case]] = {
    "type": [
        Case({"type": "integer"}, [1, -3, 0, 2020.0, 10**30], [True, False, "1", 1.5, None, [1], {}]),
        Case({"type": "string"}, ["", "æøå", "ikke oplyst"], [1, None, True, ["a"], {"a": "b"}]),
        Case({"type": "object"}, [{}, {"a": 1}], [[], "a", None, 1]),
        Case({"type": "array"}, [[], [1, "a"]], [{}, "ab", None, 0]),
    ],
    "enum": [
        Case({"enum": ["høj", "ikke oplyst"]}, ["høj", "ikke oplyst"], ["Høj", "hoej", "høj ", "høj\n", 1, True, None, ["høj"]]),
        Case({"enum": [1, "1"]}, [1, 1.0, "1"], [True, "1.0", 2]),
    ],
    "const": [Case({"const": "ikke oplyst"}, ["ikke oplyst"], ["Ikke oplyst", "ikke  oplyst", "ikke oplyst\n", None, 0, ["ikke oplyst"]])],
    "required": [Case({"required": ["id", "slug"]}, [{"id": 1, "slug": 2}, {"id": None, "slug": None, "x": 1}],
                      [{"id": 1}, {}, {"slug": 1, "ID": 2}])],
    "properties": [Case({"properties": {"a": {"type": "string"}, "b": {"properties": {"c": {"const": 1}}}}},
                        [{}, {"a": "x"}, {"b": {"c": 1}}, {"z": 1}], [{"a": 1}, {"b": {"c": 2}}])],
    "additionalProperties": [
        Case({"properties": {"a": {}}, "additionalProperties": False}, [{}, {"a": 1}], [{"b": 1}, {"a": 1, "A": 2}]),
        Case({"properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "object", "required": ["status"]}},
             [{"a": "x"}, {"a": "x", "P01": {"status": 1}}], [{"P01": {}}, {"a": "x", "b": 3}, {"a": 1}]),
    ],
    "propertyNames": [Case({"propertyNames": {"pattern": "^P[0-9]{2}$"}}, [{}, {"P01": 1}, {"P15": {}}],
                           [{"P1": 1}, {"P01\n": 1}, {"p01": 1}, {"P001": 1}, {"P01": 1, "X": 2}])],
    "items": [Case({"items": {"type": "string"}}, [[], ["a"], ["a", "b"]], [[1], ["a", None], [["a"]]])],
    "minItems": [Case({"minItems": 1}, [[1], [None]], [[]])],
    "uniqueItems": [Case({"uniqueItems": True},
                         [[], ["a", "b"], [1, True], [1, "1"], [0, False], [{"a": 1}, {"a": 2}], [[1], [True]]],
                         [["a", "a"], [1, 1.0], [{"a": 1, "b": 2}, {"b": 2, "a": 1}], [[1, 2], [1, 2]], ["æ", "æ"]])],
    "minLength": [
        Case({"minLength": 1}, ["a", "æ", "🙂", " "], [""]),
        Case({"minLength": 2}, ["ab", "e\u0301", "æø"], ["æ", "🙂", "Å", ""]),  # characters (code points), not bytes
    ],
    "maxLength": [Case({"maxLength": 3}, ["abc", "æøå", "🙂🙂🙂", ""], ["abcd", "æøåæ", "🙂🙂🙂🙂"])],
    "pattern": [
        Case({"pattern": "^AI-[0-9]{4}$"}, ["AI-0001"], ["AI-0001\n", "AI-01", "xAI-0001", "AI-٠٠٠١", "ai-0001"]),
        Case({"pattern": "^[^\\n]*\\S[^\\n]*$"}, ["én linje", "  x  ", "Ærø"], ["", "   ", "to\nlinjer", "x\n", "\n"]),
        Case({"pattern": "\\S"}, ["x", " æ ", "a\nb"], ["", " \n\t ", "\u00a0\u2003"]),
        Case({"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}, ["ai-tolk", "p04"], ["æble", "Ai", "a--b", "a-", "a-\n"]),
        Case({"pattern": "^\\w+$"}, ["æøå", "ÆØÅ_1", "ñ"], ["a b", "a\n", "æ-ø"]),  # \w is Unicode in both
        Case({"pattern": "^kr\\$$"}, ["kr$"], ["kr", "kr$\n", "kr$$"]),  # an escaped $ is a dollar sign
        Case({"pattern": "^https?://[^\\s<>\"]+$"}, ["https://x.dk/æ", "http://a"],
             ["javascript:alert(1)", "https://x.dk/ a", "https://x.dk\n", "https://<x>"]),
    ],
    "format": [
        Case({"format": "date"}, ["2026-02-28", "2024-02-29", "2000-02-29"],
             ["2026-02-31", "2025-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "20260301", "2026-W09-1",
              "2026-03-01\n", "2026-3-1", " 2026-03-01", "٢٠٢٦-٠٣-٠١", "2026-03-01T00:00"]),
        Case({"format": "email"}, ["a@b.dk", "a@b", "æ@ø.dk"], ["ab.dk", ""]),
    ],
    "minimum": [Case({"minimum": 2000}, [2000, 2100.5, 2000.0], [1999, 1999.99, -1])],
    "maximum": [Case({"maximum": 2100}, [2100, -5, 2099.9], [2101, 2100.01])],
    "anyOf": [Case({"anyOf": [{"type": "integer", "minimum": 1900}, {"const": "ikke oplyst"}]},
                   [1900, 2026, "ikke oplyst"], [1899, "ikke", None, True, "2026"])],
    "oneOf": [Case({"oneOf": [{"type": "integer"}, {"minimum": 5}]}, [1, 5.5, "x"], [7, 2.5])],
    "allOf": [Case({"allOf": [{"type": "string"}, {"minLength": 2}]}, ["ab"], ["a", 12])],
    "$ref": [
        # Beside a $ref, 2020-12 applies the other keywords too (draft-07 would ignore them).
        Case({"$defs": SLUG_DEFS, "$ref": "#/$defs/slug", "maxLength": 5, "description": "kort"},
             ["ab-c", "abcde"], ["abcdef", "AB", 5]),
        Case({"$defs": {"a": {"$ref": "#/$defs/b", "minLength": 2}, "b": {"type": "string"}},
              "properties": {"x": {"$ref": "#/$defs/a"}, "y": {"items": {"$ref": "#/$defs/b"}}}},
             [{"x": "ab", "y": ["a"]}, {}], [{"x": "a"}, {"x": 12}, {"y": [1]}]),
    ],
    "$defs": [Case({"$defs": {"unused": {"type": "integer"}}, "type": "string"}, ["x"], [1])],
    "$schema": [Case({"$schema": DRAFT, "type": "string"}, ["x"], [1])],
    "$id": [Case({"$id": "https://example.org/sag.json", "$defs": SLUG_DEFS, "$ref": "#/$defs/slug"}, ["a-b"], ["A B"])],
    # Annotations constrain nothing.
    **{k: [Case({k: v, "type": "string"}, ["x", ""], [1])] for k, v in
       {"title": "Titel", "description": "Beskrivelse", "$comment": "note", "examples": ["x"],
        "x-form": {"sections": [{"key": "om", "title": "Om", "fields": ["type"]}]}}.items()},
    # default too: it is the scaffold's starting value, never written into a document being checked.
    "default": [Case({"properties": {"a": {"type": "string", "default": "ikke oplyst"}}}, [{}, {"a": "x"}], [{"a": 1}])],
}

ENGLISH = re.compile(r"\b(is not|is too|does not|should|valid under|expected|non-empty|has non-unique)\b")


def _checker(tmp_path: Path, schema: dict) -> SchemaChecker:
    path = tmp_path / "sag" / "schema.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({"$schema": DRAFT, **schema}, ensure_ascii=False), encoding="utf-8")
    return SchemaChecker(path)


def test_every_keyword_the_schemas_use_is_proven_below():
    used = set().union(*(keywords_in(json.loads(p.read_text(encoding="utf-8"))) for p in SCHEMAS))
    assert {"$ref", "anyOf", "pattern", "format", "additionalProperties"} <= used  # the walk finds them
    assert used - set(CASES) == set(), "a keyword the schemas use has no cases in CASES"
    # and the fast check compiles nothing that is not proven here
    assert SUPPORTED_KEYWORDS == set(CASES)


@pytest.mark.parametrize(("keyword", "index"), [(k, i) for k, cases in CASES.items() for i in range(len(cases))])
def test_both_validators_accept_and_reject_the_same(tmp_path, keyword, index):
    case = CASES[keyword][index]
    assert case.accept and case.reject
    checker = _checker(tmp_path, case.schema)
    for value in case.accept:
        assert (checker.is_valid_fast(value), checker.is_valid_full(value)) == (True, True), repr(value)
    for value in case.reject:
        assert (checker.is_valid_fast(value), checker.is_valid_full(value)) == (False, False), repr(value)


def test_the_fast_check_never_fills_in_a_default(tmp_path):
    checker = _checker(tmp_path, {"properties": {"a": {"type": "string", "default": "ikke oplyst"}}})
    document = {}
    assert checker.is_valid_fast(document) and document == {}


@pytest.mark.parametrize("keyword", CASES)
def test_a_rejected_value_is_reported_in_danish_and_an_accepted_one_not_at_all(tmp_path, keyword):
    """What `validate` shows: each case inside a record, as field "v"."""
    for case in CASES[keyword]:
        root_only = {k: v for k, v in case.schema.items() if k in ("$defs", "$id", "$schema")}
        inner = {k: v for k, v in case.schema.items() if k not in root_only}
        checker = _checker(tmp_path, {**root_only, "type": "object", "properties": {"v": inner}})
        for value in case.accept:
            assert checker.check(Document("sag.yml", {"v": value})) == []
        for value in case.reject:
            errors = checker.check(Document("sag.yml", {"v": value}))
            assert errors, repr(value)
            for e in errors:
                assert e.file == "sag.yml" and e.field.startswith("v") and e.message, e
                assert not ENGLISH.search(e.message), f"English message for {value!r}: {e}"


# --- keywords the fast check would read otherwise: refused, never ignored -----

UNSUPPORTED = {
    "prefixItems": ({"type": "array", "prefixItems": [{"type": "string"}]}, "prefixItems",
                    "nøgleordet 'prefixItems' understøttes ikke"),
    "unevaluatedProperties": ({"unevaluatedProperties": False}, "unevaluatedProperties",
                              "nøgleordet 'unevaluatedProperties' understøttes ikke"),
    "dependentRequired": ({"dependentRequired": {"a": ["b"]}}, "dependentRequired", "understøttes ikke"),
    "$dynamicRef": ({"$dynamicRef": "#meta"}, "$dynamicRef", "understøttes ikke"),
    "patternProperties": ({"patternProperties": {"^x": {"type": "string"}}}, "patternProperties", "understøttes ikke"),
    "if/then": ({"if": {"type": "string"}, "then": {"minLength": 2}}, "if", "understøttes ikke"),
    "items as a list": ({"items": [{"type": "string"}]}, "items", "skal være ét skema, ikke en liste"),
    "unknown format": ({"format": "uri"}, "format", "formatet 'uri' understøttes ikke; brug en af: date, email"),
    "nested $id": ({"properties": {"a": {"$id": "https://x.dk/a.json"}}}, "properties.a.$id", "må kun stå øverst"),
    "outside $ref": ({"$ref": "https://x.dk/s.json#/$defs/a"}, "$ref", "skal være '#/$defs/<navn>'"),
    "missing $ref": ({"$ref": "#/$defs/findes-ikke"}, "$ref", "skal være '#/$defs/<navn>'"),
    "recursive $ref": ({"$defs": {"node": {"properties": {"next": {"$ref": "#/$defs/node"}}}}, "$ref": "#/$defs/node"},
                       "$defs.node", "henviser til sig selv"),
    "$ in a set": ({"pattern": "^[$]+$"}, "pattern", "mønstret kan ikke bruges"),
    "misspelt type": ({"properties": {"a": {"type": "strng"}}}, "properties.a.type", "ikke gyldig JSON Schema 2020-12"),
    "length as text": ({"minLength": "1"}, "minLength", "ikke gyldig JSON Schema 2020-12"),
    "properties as a list": ({"properties": []}, "properties", "skal være en gruppe af skemaer"),
}


@pytest.mark.parametrize("name", UNSUPPORTED)
def test_the_fast_check_refuses_what_it_would_read_differently(tmp_path, name):
    schema, field_name, message = UNSUPPORTED[name]
    checker = _checker(tmp_path, schema)
    with pytest.raises(ContentInvalid) as caught:
        checker.compile()
    (error,) = [e for e in caught.value.errors if e.field == field_name]
    assert error.file == "sag/schema.json" and error.line >= 1
    assert message in error.message


def test_validate_stops_on_a_schema_keyword_it_cannot_check(tmp_path):
    root = copy_site(tmp_path / "site")
    schema_path = root / "registry" / "schema.json"
    text = schema_path.read_text(encoding="utf-8")
    text = text.replace('"uniqueItems": true,', '"uniqueItems": true, "prefixItems": [{"type": "string"}],', 1)
    schema_path.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "prefixItems" in t)
    result = validate(root)
    assert result.returncode == 1
    assert (f"registry/schema.json:{line}: properties.former_slugs.prefixItems: nøgleordet 'prefixItems' "
            "understøttes ikke; den hurtige kontrol (draft-07) ville læse det anderledes end 2020-12 eller se bort "
            "fra det") in result.stderr
    assert "Traceback" not in result.stderr


# --- mutations of the real content ------------------------------------------------

def _real_files() -> list[tuple[str, SchemaChecker, object]]:
    """(name, checker, data) for every file the site checks against a schema."""
    record = SchemaChecker(ROOT / "registry" / "schema.json")
    plan = [(p, record) for p in sorted((ROOT / "registry").glob("ai-*.yml"))]
    principle = SchemaChecker(ROOT / "principles" / "schema.json", "principle")
    plan += [(p, principle) for p in sorted((ROOT / "principles").glob("p*.yml"))]
    plan += [(ROOT / "principles" / "areas.yml", SchemaChecker(ROOT / "principles" / "schema.json", "areas_file")),
             (ROOT / "smv" / "guide.yml", SchemaChecker(ROOT / "smv" / "schema.json"))]
    files = []
    for path, checker in plan:
        doc, problems = load(path)
        assert not problems and checker.is_valid_fast(doc.data) and checker.is_valid_full(doc.data), path
        files.append((path.relative_to(ROOT).as_posix(), checker, doc.data))
    return files


REAL_FILES = _real_files()
TRICKY = ["", " ", "\n", "x\n", "ikke oplyst", "Ikke oplyst", "2026-02-31", "2025-02-29", "2026-2-1", "20260301",
          "AI-0001\n", "P01\n", "høj", "Høj", "a@b", "https://x.dk\n", "javascript:alert(1)", "æ" * 81,
          0, -1, 1, 1.0, 2020.0, 1899, 2101, 10**20, 1.5, True, False, None, [], {}, [""], {"x": 1}]

TRICKY_VALUES = st.sampled_from(TRICKY).map(copy.deepcopy)  # a mutation may change the value later


def _leaf_tweaks(value) -> list:
    """Near misses of a real value: what a typo or a wrong editor setting would make of it."""
    if isinstance(value, bool):
        return [str(value).lower(), int(value)]
    if isinstance(value, int):
        return [float(value), str(value), value + 1000, -value]
    if isinstance(value, str):
        return [value + "\n", value.upper(), " " + value, value[:-1], value * 3]
    return []


def _places(node, path=()) -> list[tuple]:
    places = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            places += _places(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            places += _places(v, path + (i,))
    return places


def _mutate(data, draw) -> None:
    if not _places(data)[1:]:  # an earlier mutation left nothing to change (e.g. areas.yml's one key deleted)
        return
    path = draw(st.sampled_from(_places(data)[1:]))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    key, value = path[-1], parent[path[-1]]
    action = draw(st.sampled_from(["delete", "replace", "tweak", "add", "duplicate"]))
    if action == "delete":
        del parent[key]
    elif action == "replace":
        parent[key] = draw(TRICKY_VALUES)
    elif action == "tweak" and _leaf_tweaks(value):
        parent[key] = draw(st.sampled_from(_leaf_tweaks(value)))
    elif action == "add" and isinstance(value, dict):
        value[draw(st.sampled_from(["x", "Id", "P16", "P01", "title", "id\n", "ukendt"]))] = draw(TRICKY_VALUES)
    elif action == "duplicate" and isinstance(value, list) and value:
        value.append(copy.deepcopy(value[draw(st.integers(0, len(value) - 1))]))
    else:
        parent[key] = draw(TRICKY_VALUES)


@given(st.data())
def test_mutated_real_files_get_the_same_verdict_from_both(data):
    name, checker, original = data.draw(st.sampled_from(REAL_FILES), label="file")
    mutated = copy.deepcopy(original)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        _mutate(mutated, data.draw)
    assert checker.is_valid_fast(mutated) == checker.is_valid_full(mutated), name


RECORD = next(f for f in REAL_FILES if f[0].startswith("registry/ai-0001"))


def _named(change):
    def apply(record):
        change(record)
        return record
    return apply


NAMED_MUTATIONS = {
    "required field dropped": _named(lambda r: r.pop("title")),
    "wrong type": _named(lambda r: r.__setitem__("principle_assessments", [])),
    "bad enum": _named(lambda r: r["status_history"][-1].__setitem__("status", "Drift")),
    "extra key": _named(lambda r: r.__setitem__("titel", "x")),
    "impossible date": _named(lambda r: r["status_history"][0].__setitem__("date", "2026-02-31")),
    "id with a line break": _named(lambda r: r.__setitem__("id", r["id"] + "\n")),
    "duplicate former slug": _named(lambda r: r.__setitem__("former_slugs", ["a-b", "a-b"])),
    "unknown principle key": _named(lambda r: r["principle_assessments"].__setitem__("P1", {})),
}


@pytest.mark.parametrize("name", NAMED_MUTATIONS)
def test_named_mistakes_in_a_real_record_are_rejected_by_both(name):
    _, checker, record = RECORD
    mutated = NAMED_MUTATIONS[name](copy.deepcopy(record))
    assert (checker.is_valid_fast(mutated), checker.is_valid_full(mutated)) == (False, False)


def test_every_near_miss_of_every_value_gets_the_same_verdict_from_both():
    """Deterministic: in one real file per schema, each value replaced by each of its near misses in turn."""
    verdicts = {True: 0, False: 0}
    one_per_schema = {id(checker): (name, checker, data) for name, checker, data in reversed(REAL_FILES)}
    for name, checker, original in one_per_schema.values():
        mutated = copy.deepcopy(original)
        for path in _places(mutated)[1:]:
            parent = mutated
            for key in path[:-1]:
                parent = parent[key]
            value = parent[path[-1]]
            for tweak in _leaf_tweaks(value):
                parent[path[-1]] = tweak
                fast = checker.is_valid_fast(mutated)
                assert fast == checker.is_valid_full(mutated), (name, path, tweak)
                verdicts[fast] += 1
            parent[path[-1]] = value
    assert verdicts[True] > 100 and verdicts[False] > 100, verdicts  # both verdicts occur, often
