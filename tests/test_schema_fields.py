"""A register field is declared once, in registry/schema.json: everything that lists the
fields (the scaffold, the open data, the data page, the synthetic records) follows it."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_site, created_file, html, mkdocs_build, run, validate
from test_opendata import read_csv, read_xlsx

sys.path.insert(0, str(ROOT / "bench"))

NOTE = {"$ref": "#/$defs/text", "description": "En bemærkning om initiativets hjemmeside."}
NOTE_TEXT = "Initiativet har en side på kommunens hjemmeside."


def add_field(root: Path, name: str, node: dict, required: bool = False) -> None:
    """Add a top-level field to the copy's register schema, before principle_assessments."""
    path = root / "registry" / "schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    props = list(schema["properties"].items())
    at = [key for key, _ in props].index("principle_assessments")
    schema["properties"] = dict(props[:at] + [(name, node)] + props[at:])
    if required:
        schema["required"].append(name)
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.fixture(scope="module")
def with_note(tmp_path_factory):
    """A site copy whose schema has an optional field website_note, set in one record; built."""
    root = copy_site(tmp_path_factory.mktemp("note") / "src")
    add_field(root, "website_note", NOTE)
    record = root / "registry" / "ai-0002-tale-til-tekst-hjemmeplejen-thisted.yml"
    record.write_text(record.read_text(encoding="utf-8") + f"website_note: {NOTE_TEXT}\n", encoding="utf-8")
    out = root.parent / "site"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, out


def test_an_optional_field_is_in_the_scaffold_with_its_description(with_note):
    root, _ = with_note
    made = run([sys.executable, "-m", "macros", "--root", str(root), "new", "Ny idé", "--owner", "gladsaxe-kommune",
                "--category", "administration"], cwd=root)
    assert made.returncode == 0, made.stderr
    made_file = created_file(root, made.stdout)
    assert made_file.name.endswith("-ny-ide-gladsaxe.yml")
    text = made_file.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = lines.index("# website_note:")  # optional with no default: shown, not filled in
    assert lines[at - 1] == "# En bemærkning om initiativets hjemmeside. (valgfrit)"
    assert lines.index("# website_note:") < next(i for i, line in enumerate(lines) if line.startswith("principle_assessments:"))
    assert validate(root).returncode == 0
    made_file.unlink()


def test_an_optional_field_reaches_the_json_csv_xlsx_and_the_data_page(with_note):
    _, out = with_note
    records = json.loads((out / "register" / "registry.json").read_text(encoding="utf-8"))["records"]
    assert [r.get("website_note") for r in records][:3] == [None, NOTE_TEXT, None]
    rows = read_csv(out / "register/registry.csv")
    cells, columns = read_xlsx(out / "register/registry.xlsx")
    for table in (rows, cells):
        column = table[0].index("website_note")
        assert [row[column] or "" for row in table[1:4]] == ["", NOTE_TEXT, ""]
    assert ["website_note", NOTE["description"]] in columns
    fields = html(out, "register/data").select("article table")[-1].select("tbody tr")
    assert ["website_note", "tekst", "nej", NOTE["description"]] in \
        [[td.get_text(strip=True) for td in tr.select("td")] for tr in fields]


def test_a_required_field_with_a_default_is_filled_in_by_the_scaffold(site_copy):
    add_field(site_copy, "review_board", {"$ref": "#/$defs/line", "description": "Hvilket udvalg der følger initiativet.",
                                          "default": "ikke oplyst"})
    made = run([sys.executable, "-m", "macros", "--root", str(site_copy), "new", "Ny idé", "--owner", "gladsaxe-kommune",
                "--category", "administration"], cwd=site_copy)
    assert made.returncode == 0, made.stderr
    record = yaml.safe_load(created_file(site_copy, made.stdout).read_text(encoding="utf-8"))
    assert record["review_board"] == "ikke oplyst"
    assert list(record).index("review_board") == list(record).index("principle_assessments") - 1


def test_synthetic_records_take_a_new_required_field_from_the_schema(site_copy):
    from synthetic import make_records, write_records
    add_field(site_copy, "review_board", {"$ref": "#/$defs/line", "description": "Hvilket udvalg der følger initiativet."},
              required=True)
    schema = json.loads((site_copy / "registry" / "schema.json").read_text(encoding="utf-8"))
    for old in (site_copy / "registry").glob("ai-*.yml"):
        old.unlink()
    records = make_records(20, [f"P{n:02d}" for n in range(1, 16)], schema=schema)
    assert all(r["review_board"] == "ikke oplyst" for r in records)
    write_records(records, site_copy / "registry")
    result = validate(site_copy)
    assert result.returncode == 0, result.stderr
