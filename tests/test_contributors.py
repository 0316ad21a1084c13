"""Contributors and re-users: scaffold, open data, stable links, edit links, review dates."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import jsonschema
import yaml

from conftest import ROOT, created_file, html, mkdocs_build, read_yaml, records_data, run, validate


def records() -> list[dict]:
    return records_data()


def test_new_then_validate_passes(site_copy):
    result = run([sys.executable, "-m", "macros", "--root", str(site_copy), "new", "Chatbot til byggesager på Ærø",
                  "--owner", "thisted-kommune", "--status", "test/pilot", "--category", "borgerservice"], cwd=site_copy)
    assert result.returncode == 0, result.stderr
    created = created_file(site_copy, result.stdout)
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schema.json\n")
    record = yaml.safe_load(text)
    schema = json.loads((ROOT / "registry" / "schema.json").read_text(encoding="utf-8"))
    # every field of the schema is present, so the contributor sees them all
    assert set(schema["properties"]) - set(record) == set()
    assert created.name == f"{record['id'].lower()}-chatbot-til-byggesager-paa-aeroe-thisted.yml"
    assert record["status_history"][-1]["status"] == "test/pilot"
    assert set(record["principle_assessments"]) == {f"P{n:02d}" for n in range(1, 16)}
    result = validate(site_copy)
    assert result.returncode == 0, result.stderr
    assert "10 registreringer" in result.stdout


def test_new_never_reuses_a_retired_id(site_copy):
    """The id `new` would draw first is retired: it is refused, and another is drawn."""
    import random

    from macros import ids
    from macros.content import load_content
    from macros.scaffold import taken_ids
    retired = ids.new_id(set(), random.Random(1))
    (site_copy / "registry" / "_retired-ids.yml").write_text(f"retired_ids:\n  - {retired}\n", encoding="utf-8")
    taken = taken_ids(load_content(site_copy))
    assert retired in taken and "AI-0003" in taken
    assert ids.new_id(taken, random.Random(1)) not in taken


def test_validation_refuses_a_retired_id(site_copy):
    (site_copy / "registry" / "_retired-ids.yml").write_text("retired_ids:\n  - AI-0003\n", encoding="utf-8")
    result = validate(site_copy)
    assert result.returncode == 1
    assert "registry/ai-0003-gladgpt-gladsaxe.yml:2: id: id'et 'AI-0003' er udgået og må aldrig genbruges" in result.stderr


def test_validation_requires_the_editor_schema_line(site_copy):
    path = site_copy / "registry" / "ai-0005-digital-indgang-sundhed.yml"
    path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    result = validate(site_copy)
    assert "registry/ai-0005-digital-indgang-sundhed.yml:1: (første linje): filen skal begynde med linjen" in result.stderr


def test_open_data_json_carries_every_record_and_is_valid(site):
    data = json.loads((site / "register" / "registry.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "register" / "schema.json").read_text(encoding="utf-8"))
    # The repository's schema, its $id the address it is published at (from settings.yml).
    source = json.loads((ROOT / "registry" / "schema.json").read_text(encoding="utf-8"))
    site_url = read_yaml(ROOT / "settings.yml")["site"]["url"].rstrip("/") + "/"
    assert schema == {**source, "$id": site_url + "register/schema.json"}
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert data["records"] == records()
    for record in data["records"]:
        validator.validate(record)


def test_open_data_csv_has_one_row_per_record_with_the_yaml_facts(site):
    text = (site / "register" / "registry.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    recs = records()
    assert [r["id"] for r in rows] == [r["id"] for r in recs]
    for row, rec in zip(rows, recs):
        assert row["title"] == rec["title"]
        assert row["owner.organisation"] == rec["owner"]["organisation"]
        assert row["aktuel_status"] == rec["status_history"][-1]["status"]
        assert row["ai_act.risk_level"] == rec["ai_act"]["risk_level"]
        assert row["tags"].split("; ") == rec["tags"] if rec["tags"] else row["tags"] == ""
        assert int(row["budget_sum_af_poster_kr"]) == sum(i["amount_dkk"] for i in rec["budget"]["items"])
        assert row["review.next_review"] == rec["review"]["next_review"]
        assert row["responsibility.leader.name"] == rec.get("responsibility", {}).get("leader", {}).get("name", "")
    tolk = rows[0]
    assert tolk["budget.stated_total_dkk"] == "1000000" and tolk["risks (antal)"] == "7"


def test_data_page_links_the_files_and_describes_every_field(site):
    soup = html(site, "register/data")
    hrefs = {a["href"] for a in soup.select("article a")}
    assert {"../registry.json", "../registry.csv", "../registry.xlsx", "../schema.json"} <= hrefs
    fields = [td.get_text(strip=True) for td in soup.select("article table")[-1].select("tbody tr td:first-child")]
    schema = json.loads((ROOT / "registry" / "schema.json").read_text(encoding="utf-8"))
    for name in schema["properties"]:
        assert name in fields
    assert "ai_act.risk_level" in fields and "risks[].rating" in fields


def test_a_renamed_slug_keeps_working(site_copy, tmp_path):
    path = site_copy / "registry" / "ai-0003-gladgpt-gladsaxe.yml"
    text = path.read_text(encoding="utf-8").replace("slug: gladgpt-gladsaxe", "slug: gladgpt\nformer_slugs:\n  - gladgpt-gladsaxe")
    path.write_text(text, encoding="utf-8")
    principle = site_copy / "principles" / "p10.yml"
    data = read_yaml(principle)
    old = data["slug"]
    principle.write_text(principle.read_text(encoding="utf-8").replace(f"slug: {old}", f"slug: p10-driften\nformer_slugs: [{old}]"), encoding="utf-8")
    out = tmp_path / "out"
    result = mkdocs_build(site_copy, out)
    assert result.returncode == 0, result.stdout + result.stderr
    for folder, old_slug, new_slug in (("register", "gladgpt-gladsaxe", "gladgpt"), ("principper", old, "p10-driften")):
        assert (out / folder / new_slug / "index.html").exists()
        redirect = html(out, f"{folder}/{old_slug}")
        assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url=../{new_slug}/"
        assert redirect.find("link", rel="canonical")["href"] == f"../{new_slug}/"


def test_edit_link_of_generated_pages_opens_the_yaml(site):
    edit = html(site, "principper/p04-risikovurdering").select_one("a.md-content__button[rel=edit]")
    assert edit["href"] == "https://github.com/ai-politik/ai-politik-site/edit/main/principles/p04.yml"
    edit = html(site, "register/gladgpt-gladsaxe").select_one("a.md-content__button[rel=edit]")
    assert edit["href"].endswith("/edit/main/registry/ai-0003-gladgpt-gladsaxe.yml")


def test_pages_show_when_their_source_last_changed_in_git(site):
    dates = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "registry/ai-0003-gladgpt-gladsaxe.yml"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert dates, "the record must be committed for this test"
    year, month, day = (int(x) for x in dates.split("-"))
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"]
    fact = html(site, "register/gladgpt-gladsaxe").select_one(".md-source-file").get_text(" ", strip=True)
    assert f"Kilden sidst ændret {day}. {months[month - 1]} {year}" in fact


def test_overdue_review_shows_on_the_record_page(site_copy, tmp_path):
    path = site_copy / "registry" / "ai-0006-genai-forberedelse-laerere.yml"
    data = read_yaml(path)
    text = path.read_text(encoding="utf-8")
    text = text.replace(f'created: "{data["review"]["created"]}"', 'created: "2024-01-01"')
    text = text.replace(f'last_reviewed: "{data["review"]["last_reviewed"]}"', 'last_reviewed: "2024-06-01"')
    text = text.replace(f'next_review: "{data["review"]["next_review"]}"', 'next_review: "2025-06-01"')
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert mkdocs_build(site_copy, out).returncode == 0
    warning = html(out, "register/genai-forberedelse-laerere").select_one(".admonition.warning")
    assert "Gennemgangen er forsinket" in warning.get_text()
    assert "1. juni 2025" in warning.get_text()
    assert html(out, "register/gladgpt-gladsaxe").select_one(".admonition.warning") is None


def test_new_refuses_an_owner_that_is_not_in_the_organisations_file(site_copy):
    result = run([sys.executable, "-m", "macros", "--root", str(site_copy), "new", "Ny idé", "--owner", "Gladsaxe Kommune",
                  "--category", "administration"], cwd=site_copy)
    assert result.returncode == 2
    assert result.stderr.startswith("--owner: organisationen 'Gladsaxe Kommune' står ikke i registry/organisations.yml; "
                                    "skriv organisationens nøgle: mente du 'gladsaxe-kommune' (Gladsaxe Kommune)?")
    assert len(list((site_copy / "registry").glob("ai-*.yml"))) == 9
