"""Random and hostile input: a clear error or a clean build, never a traceback or live markup."""
from __future__ import annotations

import copy
import datetime
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, copy_site, html, mkdocs_build, read_yaml, validate_subprocess

from macros import search
from macros.content import load_content
from macros.content.register import SCHEMA_COMMENT
from macros.errors import ContentError, ContentInvalid

TOLK_FILE = "ai-0001-ai-tolk-beskaeftigelse-koebenhavn.yml"
TODAY = datetime.date(2026, 11, 25)
TOLK_RECORD = read_yaml(ROOT / "registry" / TOLK_FILE)  # read once; each example mutates a copy


@pytest.fixture(scope="module")
def one_record_root(tmp_path_factory) -> Path:
    """The policy plus a register with a single record file that the tests overwrite."""
    root = copy_site(tmp_path_factory.mktemp("fuzz"))
    for f in (root / "registry").glob("*.yml"):
        f.unlink()
    return root


def _check(root: Path, text: str) -> None:
    (root / "registry" / "ai-0001.yml").write_text(text, encoding="utf-8")
    try:
        load_content(root, today=TODAY)
    except ContentInvalid as exc:
        assert exc.errors and all(isinstance(e, ContentError) for e in exc.errors)
        for e in exc.errors:
            assert e.file and e.line >= 1 and e.message
        assert "Traceback" not in exc.report()


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         st.text(max_size=20), st.sampled_from(["2025-13-01", "ikke oplyst", "høj", "P99", "{{ 7*7 }}"]))
yaml_values = st.recursive(yaml_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=12)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # examples: the profile in conftest
@given(st.text(max_size=300))
def test_random_text_gives_a_clear_error(one_record_root, text):
    _check(one_record_root, text)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # examples: the profile in conftest
@given(st.data())
def test_mutated_records_give_a_clear_error(one_record_root, data):
    mutated = copy.deepcopy(TOLK_RECORD)
    for _ in range(data.draw(st.integers(1, 4))):
        # walk to a random place in the record and replace, delete or add something there
        target = mutated
        while isinstance(target, (dict, list)) and target and data.draw(st.booleans()):
            key = data.draw(st.sampled_from(list(target) if isinstance(target, dict) else range(len(target))))
            if not isinstance(target[key], (dict, list)):
                break
            target = target[key]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if isinstance(target, dict) and target:
            key = data.draw(st.sampled_from(list(target)))
            if action == "delete":
                del target[key]
            elif action == "replace":
                target[key] = data.draw(yaml_values)
            else:
                target[data.draw(st.text(min_size=1, max_size=8))] = data.draw(yaml_values)
        elif isinstance(target, list) and target:
            index = data.draw(st.integers(0, len(target) - 1))
            if action == "delete":
                del target[index]
            else:
                target[index] = data.draw(yaml_values)
    _check(one_record_root, yaml.dump(mutated, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False))


# Mutations Hypothesis found that once ended in a traceback: a list of mappings where lines of
# text belong, and a key that is a superscript digit (str.isdigit() is true of "²").
FOUND = {"tags": [{"": None}, {"": None}], "owner": {"²": None}}


@pytest.mark.parametrize("field", FOUND)
def test_mutations_that_once_crashed_are_clear_errors(one_record_root, field):
    mutated = copy.deepcopy(TOLK_RECORD)
    mutated[field] = FOUND[field]
    (one_record_root / "registry" / "ai-0001.yml").write_text(
        yaml.dump(mutated, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentInvalid) as caught:
        load_content(one_record_root, today=TODAY)
    mine = [e for e in caught.value.errors if e.field == field or e.field.startswith(field + ".")]
    assert mine, [str(e) for e in caught.value.errors]
    assert all(e.file == "registry/ai-0001.yml" and e.line > 1 for e in mine)


# Nesting deeper than Python's recursion limit lets a recursive reader follow, and the line
# (after the two lines of schema comment and id) where the 51st level opens.
DEEP = {
    "flow": ("x: " + "[" * 999 + "]" * 999 + "\n", 3),
    "block": ("x:\n" + "".join("  " * i + "-\n" for i in range(1, 1500)), 3 + 50),
    "flow, read by PyYAML's composer": ("a: &x 1\nb: *x\nx: " + "[" * 999 + "]" * 999 + "\n", 5),
    "a list that contains itself": ("x: &loop [*loop]\n", 3),
}


@pytest.mark.parametrize("kind", DEEP)
def test_deeply_nested_yaml_is_a_content_error(one_record_root, kind):
    body, line = DEEP[kind]
    (one_record_root / "registry" / "ai-0001.yml").write_text(f"{SCHEMA_COMMENT}\nid: AI-0001\n{body}", encoding="utf-8")
    with pytest.raises(ContentInvalid) as caught:
        load_content(one_record_root, today=TODAY)
    assert [str(e) for e in caught.value.errors] == [
        f"registry/ai-0001.yml:{line}: (hele filen): YAML-strukturen er indlejret i mere end 50 niveauer; "
        "det skyldes sandsynligvis en fejl i indrykningen eller parenteserne"]


def test_aliases_that_multiply_the_file_are_refused_quickly(site_copy):
    """Ten lists of ten aliases of … ("billion laughs"): a clear error, not hours of work.
    In a subprocess with a time limit, so a regression fails instead of hanging the suite."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for before, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{before}"] * 10) + "]")
    record = site_copy / "registry" / "ai-0001-ai-tolk-beskaeftigelse-koebenhavn.yml"
    record.write_text(f"{SCHEMA_COMMENT}\n" + "\n".join(lines) + "\n", encoding="utf-8")
    result = validate_subprocess(site_copy, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    # a: 11 values, b: 111, … f: 1,111,111, the first past a million; f is on line 7.
    assert ("registry/ai-0001-ai-tolk-beskaeftigelse-koebenhavn.yml:7: (hele filen): henvisningerne (*navn) gør "
            "filen til mere end en million værdier") in result.stderr


# --- hostile text is inert -------------------------------------------------------

PAYLOADS = ['<script>alert("xss")</script>', '</title><script>alert("xss")</script>', '<img src=x onerror=alert(1)>',
            '[klik her](javascript:alert(1))', '{{ 7*7 }}', '{% raw %}', '<a href="javascript:alert(2)">a</a>']
PAYLOAD = " ".join(PAYLOADS)


def _poison(value, schema_check) -> object:
    """Append the payload to every string the schema still accepts with it."""
    if isinstance(value, dict):
        for key in value:
            value[key] = _poison_one(value, key, schema_check)
        return value
    if isinstance(value, list):
        for i in range(len(value)):
            value[i] = _poison_one(value, i, schema_check)
    return value


def _poison_one(container, key, schema_check):
    original = container[key]
    if isinstance(original, str):
        container[key] = f"{original} {PAYLOAD}"
        if not schema_check():
            container[key] = original
        return container[key]
    return _poison(original, schema_check)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = copy_site(tmp_path_factory.mktemp("hostile"))
    record_path = root / "registry" / TOLK_FILE
    record = read_yaml(record_path)
    schema = json.loads((root / "registry" / "schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    _poison(record, lambda: validator.is_valid(record))
    assert PAYLOAD in record["title"] and PAYLOAD in record["risks"][0]["mitigation"]
    # The owner is a key of the organisations file; the organisation's name there is text shown on the pages.
    key = record["owner"]["organisation"] = TOLK_RECORD["owner"]["organisation"]
    # A decision's answers are the decision tree's own texts, checked against it: they stay as decided.
    if "decision" in TOLK_RECORD["ai_act"]:
        record["ai_act"]["decision"] = copy.deepcopy(TOLK_RECORD["ai_act"]["decision"])
    orgs_path = root / "registry" / "organisations.yml"
    orgs_text = orgs_path.read_text(encoding="utf-8")
    name = read_yaml(orgs_path)[key]["name"]
    orgs_path.write_text(orgs_text.replace(f"  name: {name}\n", f"  name: {json.dumps(name + ' ' + PAYLOAD)}\n", 1),
                         encoding="utf-8")
    assert PAYLOAD in read_yaml(orgs_path)[key]["name"]
    record_path.write_text(SCHEMA_COMMENT + "\n" + yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")

    principle_path = root / "principles" / "p04.yml"
    principle = read_yaml(principle_path)
    principle["title"] += " " + PAYLOAD
    principle["questions"][0]["text"] += " " + PAYLOAD
    principle_path.write_text(yaml.safe_dump(principle, allow_unicode=True, sort_keys=False), encoding="utf-8")

    out = root / "out"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out, record


def _assert_inert(soup, page):
    for script in soup.find_all("script"):
        assert "xss" not in script.get_text(), page
    for el in soup.find_all(True):
        for attr, value in el.attrs.items():
            assert not attr.startswith("on"), f"{page}: live {attr} on <{el.name}>"
            if attr in ("href", "src", "action"):
                assert not str(value).strip().lower().startswith("javascript:"), f"{page}: {attr}={value}"


@pytest.mark.parametrize("page", ["register/ai-tolk-beskaeftigelse-koebenhavn", "register", "principper/p04-risikovurdering",
                                  "principper", ".", "register/organisationer/koebenhavns-kommune",
                                  "register/organisationer"])
def test_hostile_yaml_text_is_shown_as_written_and_inert(hostile_site, page):
    out, record = hostile_site
    soup = html(out, page)
    _assert_inert(soup, page)
    text = soup.get_text(" ")
    for payload in PAYLOADS:
        assert payload in text or page == ".", f"{payload!r} not shown as text on {page}"
    assert "49" not in re.findall(r"\d+", soup.select_one("article h1").get_text()), "Jinja evaluated YAML text"


def test_hostile_text_is_plain_text_in_the_search_index(hostile_site):
    """Pagefind stores the text a reader sees: the payloads are there as words, which they are only
    if the page showed them as text (a live <script> is not page text), and unrendered by Jinja.
    Its excerpts escape them, and the search dialog shows titles with textContent."""
    out, _ = hostile_site
    contents = " ".join(page["content"] for page in search.indexed_pages(out))
    assert '<script>alert("xss")</script>' in contents and "<img src=x onerror=alert(1)>" in contents
    assert "{{ 7*7 }}" in contents
