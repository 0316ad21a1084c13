"""The register's lists of values come from its schema: a value added there works everywhere."""
from __future__ import annotations

import json
import sys

from conftest import ROOT, html, mkdocs_build, run, validate
from macros.content.register import ACCOUNTABLE_STATUSES
from macros.render import labels, matrix
from macros.vocabulary import Vocabulary

THISTED = "registry/ai-0002-tale-til-tekst-hjemmeplejen-thisted.yml"
PAUSED = "sat på pause"


def test_every_list_is_read_from_the_schema():
    words = Vocabulary.of_register(ROOT)
    assert words.statuses == ["idé", "forundersøgelse", "test/pilot", "i drift", "afsluttet", "stoppet"]
    assert words.risk_levels == ["ikke omfattet", "minimal", "begrænset", "høj", "uacceptabel", "ikke vurderet"]
    assert "sagsbehandling" in words.categories and "anden" in words.risk_categories
    assert words.ratings[0] == "lav" and "hørt" in words.consultation_kinds
    assert words.roles == ["udbyder", "idriftsætter"]


def test_symbols_and_rules_cover_the_schema_values():
    """What the code says about particular values must name values the schema has."""
    words = Vocabulary.of_register(ROOT)
    assert set(labels.ASSESSMENT_SYMBOLS) == set(words.assessment_statuses)
    assert set(matrix.CELL_CLASS) == set(words.assessment_statuses) == set(matrix.COUNT_ORDER)
    assert ACCOUNTABLE_STATUSES <= set(words.statuses)


def _add_status(root) -> None:
    """A new status in the schema, between 'i drift' and 'afsluttet', used by one record."""
    path = root / "registry" / "schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    statuses = schema["$defs"]["status"]["enum"]
    statuses.insert(statuses.index("afsluttet"), PAUSED)
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    record = root / THISTED
    text = record.read_text(encoding="utf-8")
    assert text.count("  - status: test/pilot\n") == 1
    record.write_text(text.replace("  - status: test/pilot\n", f"  - status: {PAUSED}\n"), encoding="utf-8")


def test_a_status_added_to_the_schema_reaches_the_site(site_copy, tmp_path):
    _add_status(site_copy)
    assert validate(site_copy).returncode == 0
    result = mkdocs_build(site_copy, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    for page, table in (("register", "register-table"), ("matrix", matrix.TABLE_ID)):
        soup = html(tmp_path / "out", page)
        options = [o["value"] for o in soup.select(f'form[data-table="{table}"] select[name="status"] option')]
        assert options == ["", "idé", "forundersøgelse", "test/pilot", "i drift", PAUSED, "afsluttet", "stoppet"]
    cells = html(tmp_path / "out", "register").select('#register-table td[data-label="Status"]')
    paused = [c for c in cells if c.get_text(strip=True) == PAUSED]
    assert len(paused) == 1 and paused[0]["data-sort"] == "4"
    rows = json.loads((tmp_path / "out" / "register" / "oversigt.json").read_text(encoding="utf-8"))
    assert rows["statuses"] == options[1:]  # the browser script's order is the schema's too


def test_new_takes_its_choices_from_the_schema(site_copy):
    _add_status(site_copy)
    new = [sys.executable, "-m", "macros", "--root", str(site_copy), "new", "Pauseret forsøg", "--owner", "gladsaxe-kommune"]
    made = run([*new, "--category", "sundhed", "--status", PAUSED], cwd=site_copy)
    assert made.returncode == 0, made.stderr
    assert validate(site_copy).returncode == 0
    refused = run([*new, "--category", "sundhed", "--status", "pause"], cwd=site_copy)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.strip() == ("--status: 'pause' er ikke en tilladt værdi; brug en af: 'idé', 'forundersøgelse', "
                                      f"'test/pilot', 'i drift', '{PAUSED}', 'afsluttet', 'stoppet'. Vælg status på listen")
    refused = run([*new, "--category", "miljø"], cwd=site_copy)
    assert refused.returncode == 2 and refused.stderr.startswith("--category: 'miljø' er ikke en tilladt værdi")
