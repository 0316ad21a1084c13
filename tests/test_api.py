"""/api/: the small files a script reads instead of the whole register (macros/api.py)."""
from __future__ import annotations

import json

from conftest import ROOT, copy_site, mkdocs_build

from macros import eu_database
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


# --- the OpenAPI document and the published schemas ---------------------------------------

import re  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from jsonschema import Draft202012Validator  # noqa: E402
from jsonschema_path import SchemaPath  # noqa: E402
from openapi_spec_validator import OpenAPIV31SpecValidator  # noqa: E402
from referencing import Registry, Resource  # noqa: E402

from conftest import html, read_yaml  # noqa: E402

SITE_URL = read_yaml(ROOT / "settings.yml")["site"]["url"].rstrip("/") + "/"


def published(site: Path, url: str) -> dict:
    """What a client gets at a published address: the built file, and never another host."""
    assert url.startswith(SITE_URL), f"henviser uden for sitet: {url}"
    return json.loads((site / url.removeprefix(SITE_URL).split("#")[0]).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def openapi(site) -> dict:
    return json.loads((site / "api" / "openapi.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schemas(site) -> Registry:
    return published_schemas(site)


def test_the_openapi_document_is_valid_openapi_3_1(site, openapi):
    """openapi-spec-validator checks the document, following every $ref to the published schema."""
    assert openapi["openapi"].startswith("3.1")
    spec = SchemaPath.from_dict(openapi, base_uri=SITE_URL + "api/openapi.json",
                                handlers={"https": lambda url: published(site, url),
                                          "http": lambda url: published(site, url)})
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in OpenAPIV31SpecValidator(spec).iter_errors()]
    assert not errors, "\n".join(errors)


def expand(template: str, parameters: list[dict], value: str | None = None) -> str:
    for parameter in parameters:
        template = template.replace("{" + parameter["name"] + "}", value or parameter["example"])
    return template


def parameter_values(content, template: str) -> list[str]:
    """Every value of the template's parameter that has a published file: the EU database's files
    exist only for the records at 'høj' registered there."""
    if template.startswith("/register/eu-database/"):
        return [r["id"] for r in content.records if eu_database.exported(r)]
    if "{organisation}" in template:
        return list(content.organisations)
    return [r["id"] for r in content.records]


def response(operation: dict) -> tuple[str, dict]:
    """(media type, schema) of the one 200 response."""
    [(media, body)] = operation["responses"]["200"]["content"].items()
    return media, body["schema"]


def test_every_published_api_file_is_a_documented_path(site, openapi):
    """Each path has a summary and a response schema; each parameter an example that is a published
    file (or none, where no such file is published); and every file under /api/ and
    /register/eu-database/ (besides the document and the schemas) is one of the paths."""
    content = load_content(ROOT)
    documented = set()
    for template, item in openapi["paths"].items():
        operation = item["get"]
        assert operation["summary"] and operation["description"]
        media, schema = response(operation)
        if media == "application/json":
            assert schema["$ref"].startswith(SITE_URL)
        else:
            assert media == "text/csv" and schema == {"type": "string"}
        parameters = operation.get("parameters", [])
        assert [p["name"] for p in parameters] == re.findall(r"\{(\w+)\}", template)
        for parameter in parameters:
            assert parameter["in"] == "path" and parameter["required"] and parameter["description"]
        values = parameter_values(content, template) if parameters else []
        if not parameters or all("example" in p for p in parameters):
            assert (site / expand(template, parameters).lstrip("/")).is_file(), template
        else:
            assert values == [], f"{template}: filer findes, men intet eksempel"
        for value in values:
            documented.add(expand(template, parameters, value).lstrip("/"))
        if not parameters:
            documented.add(template.lstrip("/"))
    files = {p.relative_to(site).as_posix() for p in (site / "api").rglob("*.json")}
    files -= {"api/openapi.json"} | {f for f in files if f.startswith("api/skemaer/")}
    eu_files = {p.relative_to(site).as_posix() for p in (site / "register" / "eu-database").glob("*")}
    assert files | eu_files | {"register/registry.json", "register/registry-history.json"} == documented


def check_every_file_against_its_schema(content, site: Path, openapi: dict, schemas: Registry) -> int:
    """Each published file of each path, valid against its path's schema (a CSV file: its header);
    the number of files checked."""
    checked = 0
    for template, item in openapi["paths"].items():
        operation = item["get"]
        media, schema = response(operation)
        parameters = operation.get("parameters", [])
        for value in (parameter_values(content, template) if parameters else [None]):
            path = site / expand(template, parameters, value).lstrip("/")
            if media == "text/csv":
                header = path.read_text(encoding="utf-8-sig").splitlines()[0]
                assert header == "punkt;oplysning;værdi", path
            else:
                validator = Draft202012Validator(published(site, schema["$ref"]), registry=schemas,
                                                 format_checker=Draft202012Validator.FORMAT_CHECKER)
                errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                          for e in validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))]
                assert not errors, f"{path.relative_to(site)}:\n" + "\n".join(errors)
            checked += 1
    return checked


def published_schemas(site: Path) -> Registry:
    """Every published JSON Schema by its $id, which must be the address it is published at."""
    resources = []
    for path in [site / "register" / "schema.json", site / "register" / "organisations.schema.json",
                 *sorted((site / "api" / "skemaer").glob("*.schema.json"))]:
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$id"] == SITE_URL + path.relative_to(site).as_posix()
        Draft202012Validator.check_schema(schema)
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


def test_every_api_file_is_valid_against_its_schema(site, openapi, schemas):
    content = load_content(ROOT)
    checked = check_every_file_against_its_schema(content, site, openapi, schemas)
    # every record's file and history, every organisation's, the index, the organisations, both registers
    # (the real register has no record at 'høj', so no file for the EU database: tests/test_eu_database.py)
    assert checked == 2 * len(content.records) + len(content.organisations) + 4
    # The check can fail: a record without its title is refused, by the record schema it reuses.
    record = json.loads((site / "api" / "registreringer" / f"{content.records[0]['id']}.json").read_text(encoding="utf-8"))
    del record["record"]["title"]
    schema = published(site, SITE_URL + "api/skemaer/registrering.schema.json")
    assert any("title" in e.message for e in Draft202012Validator(schema, registry=schemas).iter_errors(record))


def test_an_organisation_file_holds_the_organisation_and_all_its_records(site):
    content = load_content(ROOT)
    listing = json.loads((site / "api" / "organisationer.json").read_text(encoding="utf-8"))["organisations"]
    assert [o["key"] for o in listing] == list(content.organisations)
    for key, records in content.records_by_organisation().items():
        org = json.loads((site / "api" / "organisationer" / f"{key}.json").read_text(encoding="utf-8"))
        assert org["name"] == content.organisations[key].name
        assert [r["id"] for r in org["records"]] == [r["id"] for r in records]
        assert org["records"] == [r.data for r in records]
        assert org["page"] == f"{SITE_URL}register/organisationer/{key}/"
        assert (site / "register" / "organisationer" / key / "index.html").is_file()


def test_the_data_page_links_to_the_api_documentation_in_danish(site, openapi):
    page = html(site, "register/data")
    link = next(a for a in page.find_all("a") if a["href"].endswith("api/openapi.json"))
    assert "API-dokumentationen" in link.get_text()
    table = next(t for t in page.find_all("table") if t.th.get_text() == "Adresse")
    shown = [row.find("code").get_text() for row in table.find_all("tr")[1:]]
    assert shown == list(openapi["paths"])
    json_paths = [t for t, item in openapi["paths"].items() if response(item["get"])[0] == "application/json"]
    assert len([a for a in table.find_all("a") if a.get_text() == "dets JSON Schema"]) == len(json_paths)
    for a in table.find_all("a"):  # every example and schema linked is published
        target = (site / "register" / "data" / a["href"]).resolve()
        assert target.is_file(), a["href"]


def test_the_schemas_ids_follow_the_site_url_in_settings(tmp_path):
    root = copy_site(tmp_path / "src")
    settings = (root / "settings.yml").read_text(encoding="utf-8")
    (root / "settings.yml").write_text(settings.replace(SITE_URL, "https://fork.example.org/ai/"), encoding="utf-8")
    out = tmp_path / "site"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads((out / "register" / "schema.json").read_text(encoding="utf-8"))["$id"] == \
        "https://fork.example.org/ai/register/schema.json"
    document = json.loads((out / "api" / "openapi.json").read_text(encoding="utf-8"))
    assert document["servers"][0]["url"] == "https://fork.example.org/ai"
    refs = re.findall(r'"\$ref": "([^"#]+)', (out / "api" / "skemaer" / "organisation.schema.json").read_text("utf-8"))
    assert refs and all(r.startswith("https://fork.example.org/ai/") for r in refs)
