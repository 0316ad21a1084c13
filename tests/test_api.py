"""/api/: the small files a script reads instead of the whole register (macros/api.py)."""
from __future__ import annotations

import json

from conftest import ROOT, copy_site, mkdocs_build

from macros.content import load_content
from macros.yamlio import load


def test_the_index_lists_every_id_address_retired_id_and_former_address(site):
    content = load_content(ROOT)
    index = json.loads((site / "api" / "indeks.json").read_text(encoding="utf-8"))
    assert set(index) == {"ids", "slugs", "retired_ids", "former_slugs"}
    assert index["ids"] == [r["id"] for r in content.records]
    assert dict(zip(index["ids"], index["slugs"])) == {r["id"]: r["slug"] for r in content.records}
    assert index["retired_ids"] == content.retired_ids
    assert set(index["former_slugs"]) == {s for r in content.records for s in r.get("former_slugs", [])}
    # Small: no record's text is in it.
    assert "purpose" not in (site / "api" / "indeks.json").read_text(encoding="utf-8")


def test_one_file_per_record_holds_the_record_as_its_yaml_file_does(site):
    content = load_content(ROOT)
    for record in content.records:
        data = json.loads((site / "api" / "registreringer" / f"{record['id']}.json").read_text(encoding="utf-8"))
        doc, errors = load(ROOT / record.source_file, record.source_file)
        assert errors == [] and data == {"id": record["id"], "file": record.source_file, "record": doc.data}
    assert len(list((site / "api" / "registreringer").glob("*.json"))) == len(content.records)


def test_a_retired_id_and_a_former_address_reach_the_index(tmp_path):
    root = copy_site(tmp_path / "src")
    (root / "registry" / "_retired-ids.yml").write_text("retired_ids:\n  - AI-7K3QZD\n", encoding="utf-8")
    record = next((root / "registry").glob("ai-0003-*.yml"))
    record.write_text(record.read_text(encoding="utf-8") + 'former_slugs: ["gammel-adresse"]\n', encoding="utf-8")
    out = tmp_path / "site"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stdout + result.stderr
    index = json.loads((out / "api" / "indeks.json").read_text(encoding="utf-8"))
    assert index["retired_ids"] == ["AI-7K3QZD"]
    assert index["former_slugs"] == ["gammel-adresse"]
