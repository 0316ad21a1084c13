"""The benchmark keeps working: a small run (N = 50) and the synthetic records it uses.

Timings are printed by bench/run.py, never asserted here."""
from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import ACCOUNTABLE, CATEGORIES, RISK_LEVELS, STATUSES, make_records  # noqa: E402

PRINCIPLE_IDS = [f"P{i:02d}" for i in range(1, 16)]


def test_synthetic_records_cover_every_value_and_keep_the_rules():
    records = make_records(60, PRINCIPLE_IDS, seed=3)
    assert records == make_records(60, PRINCIPLE_IDS, seed=3)  # the same seed, the same records
    status = [r["status_history"][-1]["status"] for r in records]
    assert set(status) == set(STATUSES)
    assert {r["ai_act"]["risk_level"] for r in records} == set(RISK_LEVELS)
    assert {r["category"] for r in records} == set(CATEGORIES)
    assert len({r["id"] for r in records}) == len({r["slug"] for r in records}) == 60
    for r, s in zip(records, status):
        assert list(r["principle_assessments"]) == PRINCIPLE_IDS
        assert s not in ACCOUNTABLE or "responsibility" in r
        assert r["ai_act"]["risk_level"] != "uacceptabel" or s == "stoppet"
        review = {k: datetime.date.fromisoformat(r["review"][k]) for k in ("created", "last_reviewed", "next_review")}
        assert review["created"] <= review["last_reviewed"] <= datetime.date.today()
        assert review["last_reviewed"] < review["next_review"]
        dates = [d["date"] for d in r["status_history"] if d["date"] != "ikke oplyst"]
        assert dates == sorted(dates)


def test_small_benchmark_run(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "50", "--repeat", "1", "--json", str(out)],
        capture_output=True, text=True, timeout=600, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for column in ("N", "build s", "peak MB", "baseline MB", "MB ratio", "baseline s", "ratio", "validate s",
                   "index B/rec", "visible B/rec", "matrix bytes", "CPU ratio"):
        assert column in lines[0]
    assert any(line.split("|")[0].strip() == "50" for line in lines[2:]), result.stdout

    [r] = json.loads(out.read_text(encoding="utf-8"))
    assert r["n"] == r["records"] == 50
    assert r["validate_output"].startswith("OK: 15 principper, 50 registreringer")  # the synthetic records are valid
    assert r["warnings"] == []
    # Every page of ours is in the baseline: the 50 records, the other generated pages and the hand-written ones.
    assert r["pages"] == r["baseline_pages"] == r["generated_pages"] + r["handwritten_pages"]
    assert r["generated_pages"] >= 50 + 15
    assert r["titles_in_index"] == 50  # every record can be found by its title
    assert r["peak_mb"] > 0 and r["baseline_peak_mb"] > 0 and r["build_s"] > 0 and r["baseline_s"] > 0
    assert r["mem_ratio"] == r["peak_mb"] / r["baseline_peak_mb"]
    assert r["index_bytes_per_record"] > 0 and r["visible_bytes_per_record"] > 0
    if (ROOT / "docs" / "matrix.md").exists():
        assert r["matrix_bytes"] > 0


def test_validate_benchmark_times_the_working_tree(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "validate.py"), "--sizes", "20", "--runs", "1"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    header, _, row, *_ = result.stdout.splitlines()
    assert header.split("|")[0].strip() == "N" and "CPU s" in header
    n, label, wall, cpu, ratio, runs = (cell.strip() for cell in row.split("|"))
    assert (n, label, ratio) == ("20", "arbejdskopi", "1.00")
    assert float(wall) > 0 and float(cpu) > 0 and runs == wall
