"""EU database readiness (AI Act Art. 49, Annex VIII Section C): a record at risk level 'høj' must
carry what its registration holds, the record page shows it, and the fields to enter are exported.

Synthetic records at 'høj' are made in throw-away copies of the site: the register has none."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import (ROOT, assert_reported, copy_site, html, line_of, mkdocs_build, read_yaml, rewrite_yaml,
                      validate)
from test_opendata import read_csv

SCHEMA_COMMENT = "# yaml-language-server: $schema=schema.json\n"
DATABASE = "EU's database for højrisiko-AI"

DEPLOYER = {"name": "Eksempel Kommune", "address": "Rådhuspladsen 1, 9999 Eksempelby",
            "contact": "ai@eksempel.example"}
SUBMITTER = {"name": "Eksempel Rådgivning", "address": "Havnegade 2, 9999 Eksempelby", "contact": "ikke oplyst"}
PUBLIC = {"section": "offentlig", "deployer": DEPLOYER, "submitter": SUBMITTER,
          "provider_entry_url": "ikke oplyst",
          "fria_summary": "Analysen fandt en risiko for forskelsbehandling, som håndteres med manuel kontrol.",
          "dpia_summary": "Analysen fandt, at behandlingen kræver en databehandleraftale."}
NON_PUBLIC = {"section": "ikke-offentlig", "deployer": DEPLOYER,
              "provider_entry_url": "https://ai-database.example.eu/registrering/123",
              "fria_summary": "Et sammendrag, der ikke indgår i den ikke-offentlige registrering."}
NATIONAL = {"section": "national", "note": "Registreret nationalt efter art. 49, stk. 5."}
ANNEX_I = {"section": "bilag I"}
DPIA = {"kind": "DPIA", "date": "ikke oplyst"}


def record_path(root: Path, number: str) -> Path:
    return next((root / "registry").glob(f"ai-{number}-*.yml"))


def set_high(path: Path, eu_database: dict | None = None, impact_assessments: list | None = None) -> str:
    """The record at risk level 'høj', with ai_act.eu_database when given; the new text."""
    def change(data):
        data["ai_act"]["risk_level"] = "høj"
        data["ai_act"].pop("decision", None)  # placed by hand here, not with the decision aid
        if eu_database is not None:
            data["ai_act"]["eu_database"] = eu_database
        if impact_assessments is not None:
            data["legal"]["impact_assessments"] = impact_assessments
            data["legal"].pop("no_impact_assessment_reason", None)
    text = SCHEMA_COMMENT + rewrite_yaml(path, change)
    path.write_text(text, encoding="utf-8")
    return text


def _output(root: Path) -> str:
    result = validate(root)
    assert result.returncode != 0
    return result.stdout + result.stderr


def test_the_fields_are_declared_once_in_the_schema_under_ai_act():
    schema = json.loads((ROOT / "registry" / "schema.json").read_text(encoding="utf-8"))
    node = schema["properties"]["ai_act"]["properties"]["eu_database"]
    assert set(node["properties"]) >= {"section", "deployer", "submitter", "provider_entry_url", "fria_summary",
                                       "dpia_summary"}
    assert node["properties"]["section"]["enum"] == ["offentlig", "ikke-offentlig", "national", "bilag I"]
    assert "bilag VIII" in node["description"]
    party = schema["$defs"]["eu_party"]
    assert party["required"] == ["name", "address", "contact"]


def test_a_high_risk_record_without_the_fields_names_the_eu_database_and_annex_viii(site_copy):
    path = record_path(site_copy, "0003")
    text = set_high(path)
    result = validate(site_copy)
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert_reported(out, f"registry/{path.name}", line_of(text, r"^  risk_level: "), "ai_act.risk_level",
                    f"anvendelsen skal registreres i {DATABASE} (AI-forordningen art. 49 og bilag VIII, afsnit C)")
    for fix in ("Tilføj", "section", "deployer", "provider_entry_url", "fria_summary", "'ikke oplyst'"):
        assert fix in out


def test_each_missing_point_of_annex_viii_is_named_with_its_line_and_the_dpia_that_requires_point_5(site_copy):
    path = record_path(site_copy, "0003")
    text = set_high(path, {"section": "offentlig", "deployer": DEPLOYER}, [DPIA])
    out = _output(site_copy)
    line = line_of(text, r"^  eu_database:")
    assert_reported(out, f"registry/{path.name}", line, "ai_act.eu_database",
                    f"{DATABASE} kræver efter AI-forordningen bilag VIII, afsnit C, ved en offentlig registrering "
                    "(art. 49, stk. 3) også: provider_entry_url")
    assert "fria_summary (sammendrag af konsekvensanalysen vedrørende grundlæggende rettigheder (art. 27), punkt 4)" in out
    dpia_line = line_of(text, r"kind: DPIA")
    assert "dpia_summary (sammendrag af konsekvensanalysen vedrørende databeskyttelse" in out
    assert f"Registreringen har en DPIA under legal.impact_assessments (linje {dpia_line}), så punkt 5 skal med" in out
    assert "submitter" not in out.split("også:")[1].split("Tilføj")[0]  # point 2 only when someone submits for it


def test_a_non_public_registration_needs_points_1_to_3_only(site_copy):
    path = record_path(site_copy, "0003")
    set_high(path, {"section": "ikke-offentlig", "deployer": DEPLOYER, "provider_entry_url": "ikke oplyst"})
    result = validate(site_copy)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_deployer_without_its_address_is_a_schema_error_in_danish(site_copy):
    path = record_path(site_copy, "0003")
    set_high(path, {**PUBLIC, "deployer": {"name": "Eksempel Kommune", "contact": "ai@eksempel.example"}})
    out = _output(site_copy)
    assert "ai_act.eu_database.deployer" in out and "address" in out and "Traceback" not in out


def test_the_fields_belong_only_to_risk_level_hoej(site_copy):
    path = record_path(site_copy, "0003")
    level = yaml.safe_load(path.read_text(encoding="utf-8"))["ai_act"]["risk_level"]
    assert level != "høj"
    text = SCHEMA_COMMENT + rewrite_yaml(path, lambda d: d["ai_act"].update(eu_database=NATIONAL))
    path.write_text(text, encoding="utf-8")
    assert_reported(_output(site_copy), f"registry/{path.name}", line_of(text, r"^  eu_database:"),
                    "ai_act.eu_database", f"felterne til {DATABASE} (AI-forordningen bilag VIII, afsnit C) hører kun "
                                          f"til risikoniveau 'høj', og risikoniveauet er '{level}'")


@pytest.fixture(scope="module")
def high_site(tmp_path_factory):
    """A copy with four records at 'høj': registered publicly (with a DPIA), in the non-public
    section, nationally, and not at all (Annex I); built."""
    root = copy_site(tmp_path_factory.mktemp("hoej") / "src")
    set_high(record_path(root, "0001"), PUBLIC, [DPIA])
    set_high(record_path(root, "0002"), NON_PUBLIC)
    set_high(record_path(root, "0003"), NATIONAL)
    set_high(record_path(root, "0004"), ANNEX_I)
    out = root.parent / "site"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, out


def _record(root: Path, number: str) -> dict:
    return read_yaml(record_path(root, number))


def _section_text(soup) -> str:
    heading = soup.find(id="eu-database")
    assert heading is not None, "afsnittet om EU-databasen mangler"
    parts = []
    for el in heading.find_next_siblings():
        if el.name in ("h2", "h3"):
            break
        parts.append(el.get_text(" ", strip=True))
    return " ".join(parts)


def test_the_record_page_shows_the_fields_and_what_is_still_missing(high_site):
    root, site = high_site
    record = _record(root, "0001")
    soup = html(site, f"register/{record['slug']}")
    text = _section_text(soup)
    assert "offentlige del af EU's database for højrisiko-AI" in text and "art. 49, stk. 3" in text
    for value in [*DEPLOYER.values(), SUBMITTER["name"], PUBLIC["fria_summary"], PUBLIC["dpia_summary"]]:
        assert value in text, value
    table = soup.find(id="eu-database").find_next("table")
    assert [tr.find("td").get_text(strip=True)[:2] for tr in table.select("tbody tr")] == ["1.", "2.", "3.", "4.", "5."]
    warning = soup.select_one("#eu-database ~ .admonition.warning")
    assert warning is not None
    assert "Adressen på udbyderens registrering af AI-systemet i EU-databasen" in warning.get_text()
    assert "kontaktoplysninger" in warning.get_text()  # the submitter's contact is 'ikke oplyst'


def test_the_export_holds_the_fields_to_enter_in_the_database(high_site):
    root, site = high_site
    record = _record(root, "0001")
    soup = html(site, f"register/{record['slug']}")
    links = {a.get_text(strip=True): a["href"] for a in soup.find(id="eu-database").find_all_next("a", limit=40)
             if a["href"].startswith("../eu-database/")}
    assert links == {"JSON": f"../eu-database/{record['id']}.json", "CSV": f"../eu-database/{record['id']}.csv"}
    data = json.loads((site / "register" / "eu-database" / f"{record['id']}.json").read_text(encoding="utf-8"))
    assert data["id"] == record["id"] and data["section"] == "offentlig" and data["article"] == "art. 49, stk. 3"
    assert [(f["point"], f["value"]) for f in data["fields"]] == [
        (1, DEPLOYER), (2, SUBMITTER), (3, "ikke oplyst"), (4, PUBLIC["fria_summary"]), (5, PUBLIC["dpia_summary"])]
    assert len(data["not_given"]) == 2
    rows = read_csv(site / "register" / "eu-database" / f"{record['id']}.csv")
    assert rows[0] == ["punkt", "oplysning", "værdi"]
    assert ["1", "Idriftsætterens navn, adresse og kontaktoplysninger: adresse", DEPLOYER["address"]] in rows
    assert rows[-1] == ["5", "Sammendrag af konsekvensanalysen vedrørende databeskyttelse (art. 26, stk. 8)",
                        PUBLIC["dpia_summary"]]


def test_a_non_public_registration_exports_points_1_to_3_and_says_who_sees_it(high_site):
    root, site = high_site
    record = _record(root, "0002")
    data = json.loads((site / "register" / "eu-database" / f"{record['id']}.json").read_text(encoding="utf-8"))
    assert data["section"] == "ikke-offentlig" and data["article"] == "art. 49, stk. 4"
    assert [f["point"] for f in data["fields"]] == [1, 3]
    assert NON_PUBLIC["fria_summary"] not in json.dumps(data, ensure_ascii=False)
    text = _section_text(html(site, f"register/{record['slug']}"))
    assert "ikke-offentlige del" in text and "kun Kommissionen og de udpegede nationale myndigheder" in text
    assert "indgår ikke i en ikke-offentlig registrering" in text
    assert NON_PUBLIC["fria_summary"] not in text


def test_critical_infrastructure_is_registered_nationally_with_no_export(high_site):
    root, site = high_site
    record = _record(root, "0003")
    assert not (site / "register" / "eu-database" / f"{record['id']}.json").exists()
    text = _section_text(html(site, f"register/{record['slug']}"))
    assert "kritisk infrastruktur (bilag III, punkt 2)" in text and "nationalt niveau" in text
    assert "art. 49, stk. 5" in text and NATIONAL["note"] in text
    exported = sorted(p.name for p in (site / "register" / "eu-database").iterdir())
    assert exported == sorted(f"{_record(root, n)['id']}.{ext}" for n in ("0001", "0002") for ext in ("json", "csv"))


def test_a_product_under_annex_i_is_not_registered_by_its_deployer(high_site):
    root, site = high_site
    record = _record(root, "0004")
    assert not (site / "register" / "eu-database" / f"{record['id']}.json").exists()
    text = _section_text(html(site, f"register/{record['slug']}"))
    assert "art. 6, stk. 1, og bilag I" in text and "gælder kun systemer i bilag III" in text
    assert "registrerer ikke anvendelsen" in text


def test_the_api_documents_the_export_and_every_exported_file_follows_its_schema(high_site):
    """The OpenAPI document names the two addresses with an example that is published, and each
    exported JSON file is valid against its published schema (test_api.py runs the same check on
    the real register, which has no record at 'høj')."""
    from macros.content import load_content
    from test_api import check_every_file_against_its_schema, published_schemas
    root, site = high_site
    openapi = json.loads((site / "api" / "openapi.json").read_text(encoding="utf-8"))
    ids = [_record(root, n)["id"] for n in ("0001", "0002")]
    for ext, media in (("json", "application/json"), ("csv", "text/csv")):
        operation = openapi["paths"][f"/register/eu-database/{{id}}.{ext}"]["get"]
        assert list(operation["responses"]["200"]["content"]) == [media]
        assert operation["parameters"][0]["example"] in ids
    content = load_content(root)
    checked = check_every_file_against_its_schema(content, site, openapi, published_schemas(site))
    assert checked == 2 * len(content.records) + len(content.organisations) + 4 + 2 * len(ids)
    # The check can fail: an export without its points is refused.
    schema = json.loads((site / "api" / "skemaer" / "eu-database.schema.json").read_text(encoding="utf-8"))
    data = json.loads((site / "register" / "eu-database" / f"{ids[0]}.json").read_text(encoding="utf-8"))
    del data["fields"]
    from jsonschema import Draft202012Validator
    assert not Draft202012Validator(schema, registry=published_schemas(site)).is_valid(data)


def test_the_real_register_has_no_high_risk_record_and_no_export(site):
    levels = [yaml.safe_load(p.read_text(encoding="utf-8"))["ai_act"]["risk_level"]
              for p in (ROOT / "registry").glob("ai-*.yml")]
    assert ("høj" in levels) == (site / "register" / "eu-database").exists()


# --- accessible and valid, in the browser and the HTML checker -------------------------------

@pytest.fixture(scope="module")
def served_high(high_site):
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
            pass
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(high_site[1])))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("number", ["0001", "0002", "0003", "0004"])
def test_the_record_page_with_the_section_passes_axe_and_fits_a_phone(browser, served_high, high_site, number):
    from browser_support import new_recorded_page, open_page
    from test_browser import BLOCKING_IMPACTS, _violations_report, axe_violations
    page = new_recorded_page(browser, served_high)
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        open_page(page, f"register/{_record(high_site[0], number)['slug']}/")
        assert page.locator("#eu-database").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") == 390
        blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, _violations_report(blocking)
        assert not page.recorded.foreign_requests()
    finally:
        page.context.close()


def test_the_record_pages_with_the_section_are_valid_html(high_site):
    from test_html_valid import report, vnu_errors
    root, site = high_site
    files = [site / "register" / _record(root, n)["slug"] / "index.html" for n in ("0001", "0002", "0003", "0004")]
    errors = vnu_errors(site, files)
    assert not any(errors.values()), "\n".join(report(site, e) for e in errors.values() if e)


def test_the_figures_count_the_high_risk_records_that_lack_fields_for_the_database(high_site):
    root, site = high_site
    soup = html(site, "register/statistik")
    table = next(t for t in soup.select("article table") if t.caption.get_text(strip=True) == "Hvor meget der mangler")
    row = next(tr for tr in table.select("tbody tr") if "EU's database" in tr.th.get_text())
    cells = row.find_all("td")
    levels = [_record(root, n)["ai_act"] for n in ("0001", "0002", "0003", "0004")]
    # Only AI-0001 has 'ikke oplyst' among the fields it exports; AI-0003 is registered nationally.
    lacking = sum(1 for act in levels if act["eu_database"]["section"] in ("offentlig", "ikke-offentlig")
                  and "ikke oplyst" in json.dumps(act["eu_database"], ensure_ascii=False))
    assert [c.get_text(strip=True) for c in cells[:2]] == [str(lacking), "4"]
    assert cells[0].a["href"] == "../mangler/" and cells[1].a["href"] == "../?risiko=h%C3%B8j"
