"""The gaps ("mangler"): one fixture record per gap type, a complete record with none,
the CLI (`python -m macros gaps [--strict]`) and the page /register/mangler/."""
from __future__ import annotations

import copy
import datetime
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, html, read_yaml, run, validate
from macros.content import load_content
from macros.gaps import RULES, find_gaps

TODAY = datetime.date(2026, 6, 1)
FIXTURE_ID = "AI-0900"
FIXTURE_FILE = "registry/ai-0900-fuldstaendig-registrering.yml"


def complete_record() -> dict:
    """The model record (AI-0001) made complete: nothing the policy asks for is missing."""
    r = copy.deepcopy(read_yaml(next((ROOT / "registry").glob("ai-0001-*.yml"))))
    r.update(id=FIXTURE_ID, slug="fuldstaendig-registrering", title="Fuldstændig registrering til test")
    r.pop("former_slugs", None)
    r["status_history"] = [{"status": "idé", "date": "2025-01-10"}, {"status": "test/pilot", "date": "2025-06-01"}]
    r["legal"]["last_assessed"] = "2025-05-20"
    r["ai_act"].pop("decision", None)  # placed by hand here, not with the decision aid
    r["ai_act"]["risk_level"] = "høj"  # with what the EU database asks for (Annex VIII Section C)
    r["ai_act"]["eu_database"] = {
        "section": "offentlig",
        "deployer": {"name": "Eksempel Kommune", "address": "Rådhuspladsen 1, 9999 Eksempelby", "contact": "ai@eksempel.example"},
        "provider_entry_url": "https://ai-database.example.eu/registrering/123",
        "fria_summary": "Analysen fandt ingen risici, der ikke håndteres."}
    r["oversight"]["human_oversight"] = "En sagsbehandler godkender hvert forslag, før det bruges."
    r["responsibility"] = {"leader": {"role": "Direktør", "name": "Anne Jensen"},
                           "quality_owner": {"role": "Kvalitetskonsulent", "name": "Lars Hansen"}}
    for a in r["principle_assessments"].values():
        if a["status"] == "ikke vurderet":
            a["status"] = "delvist"
    r["review"] = {"created": "2025-01-10", "last_reviewed": "2025-06-01", "next_review": "2026-12-01", "interval_months": 6}
    return r


def write(root: Path, record: dict, only: bool = True) -> Path:
    """Write the fixture record into the copy; with only=True it is the register's only record."""
    if only:
        for path in (root / "registry").glob("ai-*.yml"):
            path.unlink()
    path = root / FIXTURE_FILE
    body = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100)
    path.write_text("# yaml-language-server: $schema=schema.json\n" + body, encoding="utf-8")
    return path


def gaps_of(root: Path, today=TODAY):
    return [g for g in find_gaps(load_content(root, today), today) if g.record_id == FIXTURE_ID]


def line_text(root: Path, gap) -> str:
    return (root / gap.file).read_text(encoding="utf-8").splitlines()[gap.line - 1]


def test_a_complete_record_has_no_gaps(site_copy):
    write(site_copy, complete_record())
    assert validate(site_copy).returncode == 0
    assert gaps_of(site_copy) == []


def _no_legal(r): r["legal"]["last_assessed"] = "ikke oplyst"
def not_high(r, level):
    """The record at another risk level, without the EU database's fields (they belong to 'høj' only)."""
    r["ai_act"]["risk_level"] = level
    del r["ai_act"]["eu_database"]


def _no_risk_level(r): not_high(r, "ikke vurderet")
def _no_leader(r): r["responsibility"]["leader"]["name"] = "ikke oplyst"
def _no_quality_owner(r): r["responsibility"]["quality_owner"]["name"] = "ikke oplyst"
def _principle_not_assessed(r): r["principle_assessments"]["P07"]["status"] = "ikke vurderet"
def _high_risk_no_oversight(r): r["oversight"]["human_oversight"] = "ikke oplyst"
def _review_overdue(r): r["review"]["next_review"] = "2026-05-31"  # the day before TODAY
def _eu_database_url_unknown(r): r["ai_act"]["eu_database"]["provider_entry_url"] = "ikke oplyst"


def _decided_with_an_older_tree(r):
    """Decided with version 1 of the decision tree; the test then moves the tree to version 2."""
    r["ai_act"]["decision"] = {"tree_version": 1, "conclusion": "hoej-idriftsaetter", "role": "idriftsætter",
                               "articles": ["artikel 26"], "answers": [{"question": "ai-system", "answer": "Ja"}]}


def newer_tree(root: Path) -> None:
    tree = root / "principles" / "beslutningstrae.yml"
    text = tree.read_text(encoding="utf-8")
    assert "\nversion: 1\n" in text
    tree.write_text(text.replace("\nversion: 1\n", "\nversion: 2\n"), encoding="utf-8")


CASES = [
    (_no_legal, "legal", "legal.last_assessed", "juridisk vurdering", "last_assessed:"),
    (_no_risk_level, "risk_level", "ai_act.risk_level", "risikoniveauet", "risk_level:"),
    (_no_leader, "responsibility", "responsibility.leader.name", "ansvarlig leder", "name:"),
    (_no_quality_owner, "responsibility", "responsibility.quality_owner.name", "kvalitetsansvarlig", "name:"),
    (_principle_not_assessed, "principle", "principle_assessments.P07.status", "P07 er ikke vurderet", "status:"),
    (_high_risk_no_oversight, "oversight", "oversight.human_oversight", "menneskelige tilsyn", "human_oversight:"),
    (_review_overdue, "review", "review.next_review", "1 dage forsinket", "next_review:"),
    (_eu_database_url_unknown, "eu_database", "ai_act.eu_database", "adressen på udbyderens registrering", "eu_database:"),
    (_decided_with_an_older_tree, "decision", "ai_act.decision.tree_version", "version 1 af beslutningstræet, som nu er i version 2",
     "tree_version:"),
]


@pytest.mark.parametrize("change, kind, field, words, key", CASES, ids=[c[0].__name__.strip("_") for c in CASES])
def test_each_gap_type_is_caught_with_file_line_and_field(site_copy, change, kind, field, words, key):
    record = complete_record()
    change(record)
    write(site_copy, record)
    if kind == "decision":
        newer_tree(site_copy)
    assert validate(site_copy).returncode == 0, "the fixture must be a valid record"
    gaps = gaps_of(site_copy)
    assert [(g.kind, g.field) for g in gaps] == [(kind, field)]
    gap = gaps[0]
    assert gap.file == FIXTURE_FILE and words in gap.message
    assert line_text(site_copy, gap).strip().startswith(key), line_text(site_copy, gap)
    assert str(gap) == f"{FIXTURE_FILE}:{gap.line}: {field}: {gap.message}"


def test_every_rule_has_a_fixture():
    assert {c[1] for c in CASES} == {rule.kind for rule in RULES}


def test_named_people_are_only_required_from_test_pilot(site_copy):
    record = complete_record()
    record["status_history"] = record["status_history"][:1]  # idé
    del record["responsibility"]
    write(site_copy, record)
    assert gaps_of(site_copy) == []
    record["status_history"].append({"status": "i drift", "date": "2025-09-01"})
    record["responsibility"] = {"leader": {"role": "Direktør", "name": "ikke oplyst"},
                                "quality_owner": {"role": "Kvalitetskonsulent", "name": "Lars Hansen"}}
    write(site_copy, record)
    assert [g.field for g in gaps_of(site_copy)] == ["responsibility.leader.name"]


def test_oversight_is_only_required_at_high_risk(site_copy):
    record = complete_record()
    not_high(record, "begrænset")
    record["oversight"]["human_oversight"] = "ikke oplyst"
    write(site_copy, record)
    assert gaps_of(site_copy) == []


def test_review_is_overdue_only_after_its_date(site_copy):
    write(site_copy, complete_record())
    due = datetime.date(2026, 12, 1)
    assert gaps_of(site_copy, due) == []
    assert [g.kind for g in gaps_of(site_copy, due + datetime.timedelta(days=1))] == ["review"]


# --- the CLI -------------------------------------------------------------------------

def gaps_cli(root: Path, *args: str):
    return run([sys.executable, "-m", "macros", "--root", str(root), "gaps", *args], cwd=root)


def test_cli_strict_exits_zero_when_clean(site_copy):
    write(site_copy, complete_record())
    result = gaps_cli(site_copy, "--strict", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Ingen mangler" in result.stdout


def test_cli_lists_the_gap_and_strict_exits_non_zero(site_copy):
    record = complete_record()
    _no_legal(record)
    write(site_copy, record)
    plain = gaps_cli(site_copy, "--today", TODAY.isoformat())
    strict = gaps_cli(site_copy, "--strict", "--today", TODAY.isoformat())
    assert plain.returncode == 0
    assert strict.returncode != 0
    line = next(l for l in strict.stdout.splitlines() if l.startswith(FIXTURE_FILE))
    assert line.startswith(f"{FIXTURE_FILE}:") and ": legal.last_assessed: " in line
    assert "Traceback" not in strict.stderr


def test_cli_reports_invalid_content_instead_of_gaps(site_copy):
    record = complete_record()
    record["ai_act"]["risk_level"] = "meget høj"
    write(site_copy, record)
    result = gaps_cli(site_copy)
    assert result.returncode == 1
    assert "ai_act.risk_level" in result.stderr and "Traceback" not in result.stderr


def test_cli_on_the_repository_prints_one_line_per_gap():
    result = gaps_cli(ROOT)
    assert result.returncode == 0, result.stderr
    gaps = find_gaps(load_content(ROOT))
    lines = result.stdout.splitlines()
    assert lines[:-1] == [str(g) for g in gaps]
    assert lines[-1].startswith(f"{len(gaps)} mangler")


def test_a_record_slug_cannot_take_the_gaps_page_address(site_copy):
    record = complete_record()
    record["slug"] = "mangler"
    write(site_copy, record, only=False)
    result = validate(site_copy)
    assert result.returncode == 1
    assert "slug: adressen 'mangler' er taget af siden docs/register/mangler.md" in result.stderr


# --- the page --------------------------------------------------------------------------

def test_gaps_page_lists_the_gaps_grouped_by_record(site):
    content = load_content(ROOT)
    gaps = find_gaps(content)
    soup = html(site, "register/mangler")
    article = soup.select_one("article")
    with_gaps = [r for r in content.records if any(g.record_id == r["id"] for g in gaps)]
    headings = article.select("h2")
    assert [h.get("id") for h in headings] == [r["id"].lower() for r in with_gaps]
    assert f"{len(gaps)} mangler i {len(with_gaps)} af {len(content.records)} initiativer" in article.get_text(" ")
    for h, r in zip(headings, with_gaps):
        assert h.a["href"] == f"../{r['slug']}/"
        items = h.find_next_sibling("ul").select("li")
        own = [g for g in gaps if g.record_id == r["id"]]
        text = " ".join(li.get_text(" ", strip=True) for li in items)
        for g in own:
            if g.kind == "principle":
                pid = g.field.split(".")[1]
                assert soup.select_one(f'a[href="../{r["slug"]}/#vurdering-{pid.lower()}"]'), (r["id"], pid)
            else:
                assert g.field in text and f"linje {g.line}" in text, (r["id"], g.field)


def test_gaps_page_is_in_the_nav_and_names_the_cli(site):
    soup = html(site, "register/mangler")
    assert soup.select_one("article h1").get_text(strip=True).startswith("Mangler i registret")
    assert "python -m macros gaps" in soup.select_one("article").get_text(" ")
    register = html(site, "register")
    assert register.select_one('nav.md-nav a[href="mangler/"]'), "siden mangler i navigationen"
    assert register.select_one('nav.md-nav a[href="../matrix/"]'), "matricen mangler i navigationen"
