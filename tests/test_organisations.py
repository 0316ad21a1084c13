"""Organisations as data (registry/organisations.yml): their rules, pages, feeds, redirects and facets."""
from __future__ import annotations

import ast
import csv
import io
import json
import sys
from pathlib import Path

import feedparser
import pytest
import yaml

from conftest import (ROOT, assert_reported, html, line_of, mkdocs_build, organisations_data, owner_name, records_data, run,
                      validate)

ORGS = "registry/organisations.yml"
THISTED = "registry/ai-0002-tale-til-tekst-hjemmeplejen-thisted.yml"
GLADSAXE = "registry/ai-0003-gladgpt-gladsaxe.yml"
# The Copenhagen record's organisation page and feed before organisations were data.
OLD_COPENHAGEN = "koebenhavns-kommune-beskaeftigelses-integrations-og-erhvervsforvaltningen-bif"


def set_in_organisation(root: Path, key: str, lines: str) -> str:
    """Add YAML lines (indented two spaces) at the end of one organisation's entry; returns the file's text."""
    path = root / ORGS
    text = path.read_text(encoding="utf-8")
    head = f"\n{key}:\n"
    start = text.index(head) + len(head)
    end = text.find("\n\n", start)
    end = len(text.rstrip("\n")) if end == -1 else end
    text = text[:end] + "\n" + lines.rstrip("\n") + text[end:]
    path.write_text(text, encoding="utf-8")
    return text


def set_owner(root: Path, record: str, value: str) -> str:
    path = root / record
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("  organisation: "))
    text = text.replace(old, f"  organisation: {value}", 1)
    path.write_text(text, encoding="utf-8")
    return text


def by_owner() -> dict[str, list[dict]]:
    grouped = {key: [] for key in organisations_data()}
    for record in records_data():
        if record["owner"]["organisation"] != "ikke oplyst":
            grouped[record["owner"]["organisation"]].append(record)
    return grouped


# --- the file and its rules -------------------------------------------------------------

def test_every_record_names_a_listed_organisation_and_copenhagen_keeps_its_administration():
    orgs = organisations_data()
    for record in records_data():
        assert record["owner"]["organisation"] in set(orgs) | {"ikke oplyst"}
    copenhagen = next(r for r in records_data() if r["id"] == "AI-0001")
    assert copenhagen["owner"]["organisation"] == "koebenhavns-kommune"
    assert orgs["koebenhavns-kommune"]["name"] == "Københavns Kommune"
    assert copenhagen["owner"]["unit"].startswith("Beskæftigelses-, Integrations- og Erhvervsforvaltningen (BIF)")
    unnamed = [r["id"] for r in records_data() if r["owner"]["organisation"] == "ikke oplyst"]
    assert unnamed == ["AI-0005", "AI-0006", "AI-0007", "AI-0008", "AI-0009"]


def test_no_official_number_is_written_that_no_source_gives():
    """The sources name the four municipalities but give none of their numbers."""
    assert all("identifiers" not in org for org in organisations_data().values())


def test_a_record_naming_an_unlisted_organisation_is_an_error_with_the_fix(site_copy):
    text = set_owner(site_copy, THISTED, "Aarhus Kommune")
    result = validate(site_copy)
    assert result.returncode == 1
    assert_reported(result.stderr, THISTED, line_of(text, r"^  organisation:"), "owner.organisation",
                    f"organisationen 'Aarhus Kommune' står ikke i {ORGS}; skriv nøglen på en af organisationerne "
                    "dér ('gladsaxe-kommune', 'koebenhavns-kommune', 'soenderborg-kommune', 'thisted-kommune'), "
                    "eller tilføj organisationen i filen med nøgle, name, short_name, type og team")


def test_a_record_writing_the_name_instead_of_the_key_is_told_the_key(site_copy):
    text = set_owner(site_copy, THISTED, "Thisted kommune")
    result = validate(site_copy)
    assert_reported(result.stderr, THISTED, line_of(text, r"^  organisation:"), "owner.organisation",
                    "skriv organisationens nøgle: mente du 'thisted-kommune' (Thisted Kommune)?")


def test_the_same_cvr_on_two_organisations_is_an_error_naming_both(site_copy):
    set_in_organisation(site_copy, "gladsaxe-kommune", '  identifiers:\n    cvr: "12345678"')
    text = set_in_organisation(site_copy, "thisted-kommune", '  identifiers:\n    cvr: "12345678"')
    result = validate(site_copy)
    assert result.returncode == 1
    first = line_of(text, r"^    cvr:")
    assert_reported(result.stderr, ORGS, line_of(text, r"^    cvr:", nth=2), "thisted-kommune.identifiers.cvr",
                    f"CVR-nummeret '12345678' står også ved 'gladsaxe-kommune' (Gladsaxe Kommune, linje {first}); "
                    "ret nummeret, eller slå de to organisationer sammen til én")


@pytest.mark.parametrize("key, value, want", [
    ("cvr", "1234567", "8 cifre"),
    ("municipality_code", "0101", "3 cifre"),
    ("region_code", "84", "4 cifre"),
])
def test_an_official_number_of_the_wrong_form_is_an_error(site_copy, key, value, want):
    text = set_in_organisation(site_copy, "thisted-kommune", f'  identifiers:\n    {key}: "{value}"')
    result = validate(site_copy)
    assert result.returncode == 1
    assert_reported(result.stderr, ORGS, line_of(text, rf"^    {key}:"), f"thisted-kommune.identifiers.{key}",
                    f"'{value}' har forkert form; skal være {want}")


def test_a_badly_formed_key_is_an_error(site_copy):
    path = site_copy / ORGS
    text = path.read_text(encoding="utf-8").replace("\nthisted-kommune:\n", "\nThisted Kommune:\n")
    path.write_text(text, encoding="utf-8")
    result = validate(site_copy)
    assert_reported(result.stderr, ORGS, line_of(text, r"^Thisted Kommune:"), "Thisted Kommune",
                    "'Thisted Kommune' har forkert form; skal være en nøgle med små bogstaver a-z, tal og bindestreger")


def test_one_key_twice_and_one_name_twice_are_errors(site_copy):
    path = site_copy / ORGS
    text = path.read_text(encoding="utf-8")
    text += "\nthisted-kommune:\n  name: Thisted Kommune\n  short_name: Thisted\n  type: kommune\n  team: thisted\n"
    path.write_text(text, encoding="utf-8")
    result = validate(site_copy)
    assert_reported(result.stderr, ORGS, line_of(text, r"^thisted-kommune:", nth=2), "thisted-kommune",
                    "feltet står mere end én gang")
    text = text.replace("\nthisted-kommune:\n  name: Thisted Kommune\n  short_name: Thisted\n  type: kommune\n  team: thisted\n",
                        "\nthisted-2:\n  name: THISTED kommune\n  short_name: Thisted\n  type: kommune\n  team: thisted\n")
    path.write_text(text, encoding="utf-8")
    result = validate(site_copy)
    assert_reported(result.stderr, ORGS, line_of(text, r"name: THISTED"), "thisted-2.name",
                    "navnet 'THISTED kommune' står også ved 'thisted-kommune'")


def test_a_type_outside_the_list_names_the_allowed_types(site_copy):
    path = site_copy / ORGS
    text = path.read_text(encoding="utf-8").replace("  type: kommune\n  team: thisted-kommune", "  type: Kommune\n  team: thisted-kommune")
    path.write_text(text, encoding="utf-8")
    result = validate(site_copy)
    assert_reported(result.stderr, ORGS, line_of(text, r"type: Kommune"), "thisted-kommune.type",
                    "'Kommune' er ikke en tilladt værdi; brug en af: 'kommune', 'region', 'statslig', 'fællesoffentlig', "
                    "'privat leverandør', 'andet'")


def test_a_former_key_may_not_be_another_organisations_key(site_copy):
    text = set_in_organisation(site_copy, "thisted-kommune", "  former_keys:\n    - gladsaxe-kommune")
    result = validate(site_copy)
    assert_reported(result.stderr, ORGS, line_of(text, r"^    - gladsaxe-kommune"), "thisted-kommune.former_keys[0]",
                    "nøglen 'gladsaxe-kommune' bruges allerede af 'gladsaxe-kommune'")


# --- pages, feeds and addresses ----------------------------------------------------------

def test_index_lists_every_organisation_with_its_type_and_count(site):
    orgs, grouped = organisations_data(), by_owner()
    soup = html(site, "register/organisationer")
    rows = soup.select("article table tbody tr")
    listed = {r.a["href"]: [td.get_text(strip=True) for td in r.find_all("td")] for r in rows}
    assert listed == {f"{key}/": [org["name"], org["type"], str(len(grouped[key])),
                                  str(sum(r["status_history"][-1]["status"] == "i drift" for r in grouped[key])),
                                  "ikke oplyst"]
                      for key, org in orgs.items()}
    unnamed = sum(1 for r in records_data() if r["owner"]["organisation"] == "ikke oplyst")
    assert f"{unnamed} initiativer har ingen oplyst ejer" in soup.select_one("article").get_text()


def test_each_organisation_page_lists_its_records_and_links_them(site):
    for key, records in by_owner().items():
        org = organisations_data()[key]
        soup = html(site, f"register/organisationer/{key}")
        assert soup.select_one("article h1").get_text(strip=True).rstrip("¶") == org["name"]
        assert f"Type: {org['type']}" in soup.select_one("article").get_text()
        table = soup.find(id="initiativer").find_next("table")
        assert [a["href"] for a in table.select("tbody tr th a")] == [f"../../{r['slug']}/" for r in records]
        assert [tr.find_all("td")[0].get_text(strip=True) for tr in table.select("tbody tr")] == \
            [r["owner"]["unit"] for r in records]
        assert [td["data-label"] for td in table.select("tbody tr")[0].find_all("td")] == ["Enhed", "Status", "Risikoniveau"]
        summary = soup.find(id="principper").find_next("table")
        assert len(summary.select("tbody tr")) == 15
        for row in summary.select("tbody tr"):
            assert sum(int(td.get_text()) for td in row.find_all("td")[1:]) == len(records)
        feed = f"feeds/organisationer/{key}.xml"
        assert soup.find("a", string="Følg ændringerne (Atom-feed)")["href"] == f"../../../{feed}"
        assert feedparser.parse((site / feed).read_bytes()).feed.title == f"{org['name']}: ændringer i AI-registret"


def test_every_record_links_to_its_organisation_by_key(site):
    for record in records_data():
        key = record["owner"]["organisation"]
        cell = html(site, f"register/{record['slug']}").find("strong", string="Ejer").find_parent("tr").find_all("td")[1]
        if key == "ikke oplyst":
            assert cell.a is None
        else:
            assert cell.a["href"] == f"../organisationer/{key}/"
            assert cell.get_text(strip=True) == f"{owner_name(record)}, {record['owner']['unit']}"


def test_the_old_copenhagen_page_redirects_and_its_feed_stays_with_the_same_entries(site):
    old = html(site, f"register/organisationer/{OLD_COPENHAGEN}")
    assert old.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../koebenhavns-kommune/"
    assert old.find("link", rel="canonical")["href"] == "../koebenhavns-kommune/"
    assert old.a.get_text() == "Københavns Kommune"
    new = feedparser.parse((site / "feeds/organisationer/koebenhavns-kommune.xml").read_bytes())
    moved = feedparser.parse((site / f"feeds/organisationer/{OLD_COPENHAGEN}.xml").read_bytes())
    assert not moved.bozo and moved.version == "atom10"
    assert [e.id for e in moved.entries] == [e.id for e in new.entries]
    assert "Feedet er flyttet til https://ai-politik.example.dk/feeds/organisationer/koebenhavns-kommune.xml" \
        in moved.feed.subtitle


def test_identifiers_are_shown_on_the_organisation_page(site_copy, tmp_path):
    set_in_organisation(site_copy, "thisted-kommune", '  identifiers:\n    cvr: "12345678"\n    municipality_code: "999"')
    result = mkdocs_build(site_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    text = html(tmp_path / "out", "register/organisationer/thisted-kommune").select_one("article").get_text(" ")
    assert "Type: kommune · CVR-nummer: 12345678 · Kommunekode: 999" in " ".join(text.split())
    index = html(tmp_path / "out", "register/organisationer").select_one("article table").get_text(" ")
    assert "CVR-nummer: 12345678" in " ".join(index.split())
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out/register/registry.csv").read_bytes().decode("utf-8-sig")),
                               delimiter=";"))
    assert {(r["id"], r["owner.cvr"], r["owner.municipality_code"]) for r in rows if r["owner.cvr"]} == \
        {("AI-0002", "12345678", "999")}


def test_an_organisation_name_is_text_in_the_head_and_on_the_page(site_copy, tmp_path):
    name = 'Kommune "A" <b>fed</b> & co'
    path = site_copy / ORGS
    path.write_text(path.read_text(encoding="utf-8").replace("name: Thisted Kommune", f"name: '{name}'"), encoding="utf-8")
    result = mkdocs_build(site_copy, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    soup = html(tmp_path / "out", "register/organisationer/thisted-kommune")
    assert soup.select_one("article h1").get_text(strip=True).rstrip("¶") == name
    assert soup.select('head link[type="application/atom+xml"]')[-1]["title"] == f"Ændringer for {name}"
    assert not soup.select_one("article h1").find_all("b")


def test_an_organisation_without_records_has_its_page_and_feed(site_copy, tmp_path):
    path = site_copy / ORGS
    path.write_text(path.read_text(encoding="utf-8")
                    + "\nregion-eksempel:\n  name: Region Eksempel\n  short_name: Eksempel\n  type: region\n  team: region-eksempel\n",
                    encoding="utf-8")
    result = mkdocs_build(site_copy, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    text = html(tmp_path / "out", "register/organisationer/region-eksempel").select_one("article").get_text(" ")
    assert "0 initiativer i AI-registret" in text and "ingen initiativer i registret endnu" in text
    assert (tmp_path / "out/feeds/organisationer/region-eksempel.xml").exists()


# --- the register's facets and the open data ----------------------------------------------

def test_the_register_filters_by_owner_name_and_by_organisation_type(site):
    form = html(site, "register").select_one("form.ai-browser")
    owners = [o["value"] for o in form.select("select[name=ejer] option") if o["value"]]
    assert owners == sorted({owner_name(r) for r in records_data()}, key=str.casefold)
    types = [o["value"] for o in form.select("select[name=ejertype] option") if o["value"]]
    assert types == ["kommune", "ikke oplyst"]
    assert form.select_one("select[name=ejertype]").find_parent("label").get_text(strip=True).startswith("Organisationstype")
    data = json.loads((site / "register/oversigt.json").read_text(encoding="utf-8"))
    for row, record in zip(data["rows"], records_data()):
        assert data["owners"][row[3]] == owner_name(record)
        key = record["owner"]["organisation"]
        want = "ikke oplyst" if key == "ikke oplyst" else organisations_data()[key]["type"]
        assert data["types"][data["owner_types"][row[3]]] == want


def test_open_data_carries_the_organisation_keys_names_and_types(site):
    data = json.loads((site / "register/registry.json").read_text(encoding="utf-8"))
    assert data["organisations"] == {key: {"name": o["name"], "short_name": o["short_name"], "type": o["type"]}
                                     for key, o in organisations_data().items()}
    rows = list(csv.DictReader(io.StringIO((site / "register/registry.csv").read_bytes().decode("utf-8-sig")), delimiter=";"))
    header = list(rows[0])
    at = header.index("owner.organisation")
    assert header[at:at + 4] == ["owner.organisation", "organisation_navn", "organisation_type", "owner.cvr"]
    for row, record in zip(rows, records_data()):
        assert row["owner.organisation"] == record["owner"]["organisation"]
        assert row["organisation_navn"] == owner_name(record)


# --- the render layer has no import circle -------------------------------------------------

def _render_imports(path: Path) -> set[str]:
    """The other render modules a render module imports (from . import x; from .x import y)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names |= {node.module} if node.module else {a.name for a in node.names}
    return {n.split(".")[0] for n in names}


def test_the_render_modules_import_each_other_without_a_circle():
    folder = ROOT / "macros" / "render"
    graph = {p.stem: _render_imports(p) & {q.stem for q in folder.glob("*.py")} for p in folder.glob("*.py")}
    done, path = set(), []

    def visit(node: str) -> None:
        assert node not in path, "importcirkel: " + " -> ".join(path[path.index(node):] + [node])
        if node in done:
            return
        path.append(node)
        for other in sorted(graph[node]):
            visit(other)
        path.pop()
        done.add(node)

    for module in sorted(graph):
        visit(module)


# --- keeping records current, per organisation ------------------------------------------------

def _set_review(root: Path, record: str, last: str, due: str) -> None:
    """Created and last reviewed on `last`, next review `due` (the records write each date as "ÅÅÅÅ-MM-DD")."""
    import re
    path = root / record
    text = path.read_text(encoding="utf-8")
    for key, value in (("created", last), ("last_reviewed", last), ("next_review", due)):
        text = re.sub(rf'^  {key}: "[0-9-]+"$', f'  {key}: "{value}"', text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    assert yaml.safe_load(text)["review"]["next_review"] == due


def test_an_organisation_page_shows_its_overdue_reviews_and_completeness(site):
    from macros.completeness import record_completeness, total
    from macros.content import load_content
    content = load_content(ROOT)
    today = content.today
    for key, records in content.records_by_organisation().items():
        soup = html(site, f"register/organisationer/{key}")
        section = soup.find(id="ajourfoering")
        assert section is not None and section.name == "h2"
        overdue = [r for r in records if r["review"]["next_review"] < today.isoformat()]
        late = soup.find(id="forsinkede").find_next(["table", "p"])
        if overdue:
            assert late.name == "table"
            assert [a.get_text() for a in late.select("tbody a")] == \
                [r["title"] for r in sorted(overdue, key=lambda r: r["review"]["next_review"])]
        else:
            assert "Ingen gennemgange er forsinkede" in late.get_text()
        whole = total(records)
        summary = " ".join(soup.find(id="fuldstaendighed").find_next("p").get_text(" ").split())
        share = round(100 * whole.unknown / whole.fields)
        assert f"{share} % af felterne står som ikke oplyst ({whole.unknown} af {whole.fields})" in summary
        assert f"{whole.not_assessed} af {whole.principles} vurderinger mod principperne er ikke lavet" in summary
        rows = soup.find(id="fuldstaendighed").find_next("table").select("tbody tr")
        for row, record in zip(rows, records, strict=True):
            c = record_completeness(record)
            cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
            assert row.th.get_text(strip=True) == record["title"]
            assert cells[0] == f"{round(100 * c.unknown / c.fields)} % ({c.unknown} af {c.fields})"
            assert cells[1] == f"{c.not_assessed} af {c.principles}"


def test_overdue_reviews_are_listed_and_announced_in_the_organisations_feed(site_copy, tmp_path):
    _set_review(site_copy, GLADSAXE, "2024-01-15", "2024-07-15")
    result = mkdocs_build(site_copy, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "out"
    late = html(out, "register/organisationer/gladsaxe-kommune").find(id="forsinkede").find_next("table")
    row = [cell.get_text(" ", strip=True) for cell in late.select("tbody tr")[0].find_all(["th", "td"])]
    title = "GladGPT – kommunal chatbot til administrative opgaver i Gladsaxe Kommune"
    assert row[:2] == [title, "15. juli 2024"] and row[2].endswith(" dage")
    feed = feedparser.parse((out / "feeds/organisationer/gladsaxe-kommune.xml").read_bytes())
    due = [e for e in feed.entries if e.title.startswith("Gennemgang forfalden")]
    assert [e.title for e in due] == [f"Gennemgang forfalden: {title}"]
    assert due[0].id == "https://ai-politik.example.dk/register/gladgpt-gladsaxe/#gennemgang-2024-07-15"
    assert due[0].updated.startswith("2024-07-15T00:00:00")
    assert "skulle være gennemgået senest 15. juli 2024" in due[0].summary
    other = feedparser.parse((out / "feeds/organisationer/thisted-kommune.xml").read_bytes())
    assert not [e for e in other.entries if "GladGPT" in e.title]
    # The same entry, with the same id and date, in a build on another day: a feed reader shows it once.
    again = mkdocs_build(site_copy, tmp_path / "again")
    assert again.returncode == 0
    assert (tmp_path / "again/feeds/organisationer/gladsaxe-kommune.xml").read_bytes() == \
        (out / "feeds/organisationer/gladsaxe-kommune.xml").read_bytes()


def test_gaps_for_one_organisation(site_copy):
    result = run([sys.executable, "-m", "macros", "--root", str(site_copy), "gaps", "--organisation", "gladsaxe-kommune",
                  "--today", "2028-01-01"], cwd=site_copy)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines and all(line.startswith(GLADSAXE + ":") for line in lines[:-1])
    assert lines[-1].endswith("af 1 registreringer for Gladsaxe Kommune.")
    everyone = run([sys.executable, "-m", "macros", "--root", str(site_copy), "gaps", "--today", "2028-01-01"], cwd=site_copy)
    assert [line for line in everyone.stdout.splitlines() if line.startswith(GLADSAXE)] == lines[:-1]
    wrong = run([sys.executable, "-m", "macros", "--root", str(site_copy), "gaps", "--organisation", "gladsaxe"], cwd=site_copy)
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == ("--organisation: 'gladsaxe' står ikke i registry/organisations.yml; brug en af: "
                                    "gladsaxe-kommune, koebenhavns-kommune, soenderborg-kommune, thisted-kommune")
