"""The register's small JSON files under /api/: what a script needs without the whole register.

One function per published file; `files(content)` is what macros/site.py make_build adds.

- `api/indeks.json`: every record's id and address, the retired ids and the former addresses.
  The record form checks a new id and address against it (never against registry.json, which
  is 40 MB at 5,000 records). "ids" and "slugs" are in the same order: slugs[i] is ids[i]'s.
- `api/registreringer/<ID>.json`: one record, exactly as validated (valid against
  registry/schema.json), with the file it is kept in, so *Ret dette opslag* can load it alone.
- `api/organisationer.json`: every organisation, its page, its file and its records' ids.
- `api/organisationer/<key>.json`: one organisation with all its records.
- `api/historik/<ID>.json`: one record's history, its changes field by field, and
  `register/registry-history.json`, the index of those files (both made by macros/history_data.py).
- `register/eu-database/<ID>.json` and `.csv`: for a record at 'høj' whose use is registered in
  the EU database, the points of the AI Act's Annex VIII Section C to enter (macros/eu_database.py).
- The whole register stays `register/registry.json` (macros/opendata.py).
- `api/openapi.json`: an OpenAPI 3.1 description of every path above, each response described
  by a published JSON Schema: the record schema (register/schema.json), the organisations'
  (register/organisations.schema.json) and small ones for the API's own files (api/skemaer/).
  Every published schema's `$id` is the address it is published at, made from settings.yml's
  site URL, so a validator that follows a `$ref` finds the schema where the `$id` says.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from .content import Content
from .content.model import Item
from . import eu_database
from .content.eu_database import SECTIONS as EU_SECTIONS
from .opendata import organisations_data
from .render.addresses import ORGANISATIONS_DIR as ORGANISATIONS_PAGES

INDEX_URI = "api/indeks.json"
RECORD_DIR = "api/registreringer"
ORGANISATIONS_URI = "api/organisationer.json"
ORGANISATION_DIR = "api/organisationer"
OPENAPI_URI = "api/openapi.json"
SCHEMA_DIR = "api/skemaer"
RECORD_SCHEMA_URI = "register/schema.json"  # = opendata.SCHEMA_URI
ORGANISATIONS_SCHEMA_URI = "register/organisations.schema.json"
REGISTER_URI = "register/registry.json"  # = opendata.JSON_URI
HISTORY_DIR = "api/historik"  # = history_data.RECORD_DIR
HISTORY_INDEX_URI = "register/registry-history.json"  # = history_data.JSON_URI
# The source of each published schema that is a file of the content (the others are made here).
SCHEMA_SOURCES = {RECORD_SCHEMA_URI: "registry/schema.json", ORGANISATIONS_SCHEMA_URI: "registry/organisations.schema.json"}
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def record_uri(record_id: str) -> str:
    return f"{RECORD_DIR}/{record_id}.json"


def _json(data) -> str:
    # Compact: the index is read on a phone; no indent (the C encoder, a tenth of the time).
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def index_json(content: Content) -> str:
    """{"ids", "slugs", "retired_ids", "former_slugs"}: the register-wide facts a new record must not clash with."""
    return _json({
        "ids": [r["id"] for r in content.records],
        "slugs": [r["slug"] for r in content.records],
        "retired_ids": list(content.retired_ids),
        "former_slugs": sorted({s for r in content.records for s in r.get("former_slugs", [])}),
    })


def record_json(record: Item) -> str:
    """{"id", "file", "record"}: the record's data as its YAML file holds it, and that file's path."""
    return _json({"id": record["id"], "file": record.source_file, "record": record.data})


def organisation_file_uri(key: str) -> str:
    return f"{ORGANISATION_DIR}/{key}.json"


def schema_uri(name: str) -> str:
    return f"{SCHEMA_DIR}/{name}.schema.json"


def _site(content: Content) -> str:
    return content.settings["site"]["url"].rstrip("/") + "/"


def organisations_json(content: Content) -> str:
    site, grouped, about = _site(content), content.records_by_organisation(), organisations_data(content)
    return _json({"organisations": [
        {"key": key, **about[key], "page": f"{site}{ORGANISATIONS_PAGES}/{key}/",
         "file": f"{site}{organisation_file_uri(key)}", "records": [r["id"] for r in grouped[key]]}
        for key in content.organisations]})


def organisation_json(content: Content, key: str, records: list[Item]) -> str:
    """{"key", name, short_name, type, identifiers?, "page", "records"}: each record as in registry.json."""
    return _json({"key": key, **organisations_data(content)[key], "page": f"{_site(content)}{ORGANISATIONS_PAGES}/{key}/",
                  "records": [r.data for r in records]})


def published_schema(content: Content, uri: str) -> str:
    """A schema of the content, its $id set to the address it is published at."""
    schema = json.loads((content.root / SCHEMA_SOURCES[uri]).read_text(encoding="utf-8"))
    return json.dumps({"$schema": schema.get("$schema", DIALECT), "$id": _site(content) + uri,
                       **{k: v for k, v in schema.items() if k not in ("$schema", "$id")}},
                      ensure_ascii=False, indent=2) + "\n"


def api_schemas(content: Content) -> dict[str, dict]:
    """uri -> the JSON Schema of each of the API's own files; they reuse the record schema and the
    organisations' by their published address."""
    site = _site(content)
    record = {"$ref": site + RECORD_SCHEMA_URI}
    record_id = {"$ref": site + RECORD_SCHEMA_URI + "#/properties/id"}
    slug = {"$ref": site + RECORD_SCHEMA_URI + "#/$defs/slug"}
    key = {"$ref": site + ORGANISATIONS_SCHEMA_URI + "#/$defs/key"}
    url = {"type": "string", "format": "uri", "pattern": "^https?://"}

    def org_field(name: str) -> dict:
        return {"$ref": f"{site}{ORGANISATIONS_SCHEMA_URI}#/$defs/organisation/properties/{name}"}
    summary = {"name": org_field("name"), "short_name": org_field("short_name"), "type": org_field("type"),
               "identifiers": org_field("identifiers")}

    def schema(name: str, title: str, description: str, properties: dict, required: list[str], **more) -> tuple:
        uri = schema_uri(name)
        return uri, {"$schema": DIALECT, "$id": site + uri, "title": title, "description": description,
                     "type": "object", "additionalProperties": False, "required": required,
                     "properties": properties, **more}
    return dict([
        schema("indeks", "Registrets indeks",
               "Hver registrerings id og adresse (slugs[i] hører til ids[i]), de slettede id'er og de tidligere adresser.",
               {"ids": {"type": "array", "items": record_id, "uniqueItems": True},
                "slugs": {"type": "array", "items": slug, "uniqueItems": True},
                "retired_ids": {"type": "array", "items": record_id, "uniqueItems": True},
                "former_slugs": {"type": "array", "items": slug, "uniqueItems": True}},
               ["ids", "slugs", "retired_ids", "former_slugs"]),
        schema("registrering", "Én registrering",
               "Registreringen, som den er valideret, og filen i repositoriet, den står i.",
               {"id": record_id, "file": {"type": "string", "pattern": "^registry/[^/]+\\.yml$"}, "record": record},
               ["id", "file", "record"]),
        schema("organisationer", "Organisationerne",
               "Hver organisation i registret med dens side, dens fil i API'et og id'erne på dens registreringer.",
               {"organisations": {"type": "array", "items": {
                   "type": "object", "additionalProperties": False,
                   "required": ["key", "name", "short_name", "type", "page", "file", "records"],
                   "properties": {"key": key, **summary, "page": url, "file": url,
                                  "records": {"type": "array", "items": record_id}}}}},
               ["organisations"]),
        schema("organisation", "Én organisation med dens registreringer",
               "Organisationens navn, type og officielle numre, dens side og hver af dens registreringer.",
               {"key": key, **summary, "page": url, "records": {"type": "array", "items": record}},
               ["key", "name", "short_name", "type", "page", "records"]),
        schema("historik", "Én registrerings historik",
               "Hver version af registreringen, ældste først. Den første version (og en version, der ikke kunne "
               "læses, og den efter den) står hel under record; de andre har de felter, de ændrede, under changes. "
               "Anvendt i rækkefølge giver de registreringen, som den så ud efter hver version.",
               {"id": record_id, "file": {"type": "string"}, "complete": {
                   "type": "boolean", "description": "false: sitet er bygget fra en afkortet kopi, og de ældste versioner mangler."},
                "versions": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False,
                    "required": ["date", "commit", "message", "file", "kind"],
                    "oneOf": [{"required": ["record"]}, {"required": ["changes"]}],
                    "properties": {
                        "date": {"type": "string", "format": "date-time"},
                        "commit": {"type": "string", "pattern": "^[0-9a-f]{40}$"},
                        "message": {"type": "string"}, "file": {"type": "string"},
                        "kind": {"enum": ["oprettet", "ændret", "omdøbt", "ældste kendte"]},
                        "record": {"type": ["object", "null"],
                                   "description": "Registreringen, som den så ud (null: filen kunne ikke læses). "
                                                  "En gammel version følger skemaet, som det var dengang."},
                        "changes": {"type": "array", "items": {
                            "type": "object", "additionalProperties": False, "required": ["field"],
                            "properties": {
                                "field": {"type": "string", "description": "Feltet, fx ai_act.risk_level."},
                                "before": {"description": "Værdien før; udeladt, hvis feltet ikke fandtes."},
                                "after": {"description": "Værdien efter; udeladt, hvis feltet blev fjernet."}}}}}}}},
               ["id", "file", "complete", "versions"]),
        schema("historikindeks", "Historikkens indeks",
               "Hver registrerings id, fil, antal versioner og adressen på dens historik.",
               {"description": {"type": "string"}, "complete": {"type": "boolean"},
                "records": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False,
                    "required": ["id", "file", "versions", "history"],
                    "properties": {"id": record_id, "file": {"type": "string"},
                                   "versions": {"type": "integer", "minimum": 0}, "history": url}}}},
               ["description", "complete", "records"]),
        schema("eu-database", "Oplysningerne til EU's database for højrisiko-AI",
               "For én anvendelse på risikoniveau 'høj': punkterne i AI-forordningens bilag VIII, afsnit C, "
               "i forordningens rækkefølge, med registreringens værdier. not_given: dem, der står som 'ikke oplyst'.",
               {"description": {"type": "string"}, "id": record_id, "title": {"type": "string", "minLength": 1},
                "page": url,
                "section": {"enum": [v for v, s in EU_SECTIONS.items() if s.in_database]},
                "article": {"type": "string", "minLength": 1},
                "fields": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False, "required": ["point", "label", "value"],
                    "properties": {
                        "point": {"type": "integer", "minimum": 1, "maximum": 5,
                                  "description": "Punktet i bilag VIII, afsnit C."},
                        "label": {"type": "string", "minLength": 1},
                        "value": {"anyOf": [{"type": "string"}, {"$ref": site + RECORD_SCHEMA_URI + "#/$defs/eu_party"}]}}}},
                "not_given": {"type": "array", "items": {"type": "string"}}},
               ["description", "id", "title", "page", "section", "article", "fields", "not_given"]),
        schema("register", "Hele registret",
               "registry.json: alle registreringer; owner.organisation er en nøgle i organisations.",
               {"description": {"type": "string"}, "schema": {"type": "string"},
                "organisations": {"type": "object", "propertyNames": key, "additionalProperties": {
                    "type": "object", "additionalProperties": False, "required": ["name", "short_name", "type"],
                    "properties": summary}},
                "records": {"type": "array", "items": record}},
               ["description", "schema", "organisations", "records"]),
    ])


@dataclass(frozen=True)
class ApiPath:
    """One address of the API, as the OpenAPI document and the data page describe it."""
    template: str      # under the site, e.g. api/registreringer/{id}.json
    schema: str | None  # the uri of the published schema of its response (JSON only)
    summary: str
    description: str
    # (name, description, example); the example is None when no such file is published yet
    parameter: tuple[str, str, str | None] | None = None
    media: str = "application/json"


def paths(content: Content) -> list[ApiPath]:
    first_id = content.records[0]["id"] if content.records else "AI-0001"
    grouped = content.records_by_organisation()
    with_records = [key for key, records in grouped.items() if records] or list(content.organisations) or ["kombit"]
    eu_example = next((r["id"] for r in content.records if eu_database.exported(r)), None)
    return [
        ApiPath(INDEX_URI, schema_uri("indeks"), "Indekset",
             "Alle registreringers id'er og adresser, de slettede id'er og de tidligere adresser. Lille: "
             "det, en formular eller et script skal bruge for at tjekke et nyt id."),
        ApiPath(RECORD_DIR + "/{id}.json", schema_uri("registrering"), "Én registrering",
             "Registreringen med det id, med alle felter, og filen i repositoriet, den står i.",
             ("id", "Registreringens faste id.", first_id)),
        ApiPath(ORGANISATIONS_URI, schema_uri("organisationer"), "Organisationerne",
             "Hver organisation med navn, type, officielle numre, side, fil og id'erne på dens registreringer."),
        ApiPath(ORGANISATION_DIR + "/{organisation}.json", schema_uri("organisation"), "Én organisation",
             "Organisationen og alle dens registreringer med alle felter.",
             ("organisation", "Organisationens nøgle (den står i registreringernes owner.organisation).",
              with_records[0])),
        ApiPath(HISTORY_DIR + "/{id}.json", schema_uri("historik"), "Én registrerings historik",
             "Hver version af registreringen, ældste først, med dato, ændringens id (commit), beskrivelse og "
             "de felter, den ændrede, før og efter. Den første version står hel.",
             ("id", "Registreringens faste id.", first_id)),
        ApiPath(HISTORY_INDEX_URI, schema_uri("historikindeks"), "Historikkens indeks",
             "Hver registrering med antallet af versioner og adressen på dens historik; og om historikken er "
             "komplet."),
        ApiPath(eu_database.DIR + "/{id}.json", schema_uri("eu-database"), "Oplysningerne til EU's database",
             "For en anvendelse på risikoniveau 'høj', der registreres i EU's database for højrisiko-AI: punkterne "
             "i AI-forordningens bilag VIII, afsnit C, med registreringens værdier, og hvilke der mangler. Findes "
             "kun for de registreringer, hvis side har afsnittet om EU-databasen.",
             ("id", "Registreringens faste id.", eu_example)),
        ApiPath(eu_database.DIR + "/{id}.csv", None, "Oplysningerne til EU's database som regneark",
             "Det samme som en CSV-fil (UTF-8, semikolon mellem kolonnerne) med kolonnerne punkt, oplysning og "
             "værdi; en part står på tre rækker: navn, adresse og kontaktoplysninger.",
             ("id", "Registreringens faste id.", eu_example), media="text/csv"),
        ApiPath(REGISTER_URI, schema_uri("register"), "Hele registret",
             "Alle registreringer med alle felter og alle organisationer i én fil. Stor: hent hellere én "
             "registrering eller én organisation ad gangen."),
    ]


def _operation_id(template: str) -> str:
    """api/registreringer/{id}.json -> api_registreringer_id; a file that is not JSON keeps its kind (…_id_csv)."""
    stem, ext = template.rsplit(".", 1)
    name = stem.replace("/", "_").replace("{", "").replace("}", "")
    return name if ext == "json" else f"{name}_{ext}"


def openapi_json(content: Content) -> str:
    settings, site = content.settings, _site(content)
    document = {
        "openapi": "3.1.0",
        "jsonSchemaDialect": DIALECT,
        "info": {
            "title": f"{settings['site']['name']}: åbne data",
            "version": "1.0.0",
            "summary": "Registret som statiske JSON-filer: én pr. registrering, én pr. organisation og hele registret.",
            "description": "Filerne dannes ved hver opdatering af sitet. Det er almindelige filer: der er ingen "
                           "søgning eller filtrering på serveren, og en adresse, der ikke findes, giver 404. "
                           "Hvert svar er beskrevet af et JSON Schema, som er udgivet på sitet.",
            "contact": {"name": settings["publisher"]["name"],
                        "url": settings["site"]["repo_url"].rstrip("/") + "/issues"},
            "license": {"name": settings["licence"]["name"], "url": settings["licence"]["url"]},
        },
        "servers": [{"url": site.rstrip("/"), "description": "Sitet"}],
        "paths": {},
    }
    for path in paths(content):
        operation = {
            "operationId": _operation_id(path.template),
            "summary": path.summary, "description": path.description,
            "responses": {
                "200": {"description": path.summary,
                        "content": {path.media: {"schema": {"$ref": site + path.schema} if path.schema
                                                 else {"type": "string"}}}},
                "404": {"description": "Findes ikke (fx et id, der ikke er i registret)."},
            },
        }
        if path.parameter:
            name, description, example = path.parameter
            parameter = {"name": name, "in": "path", "required": True, "description": description,
                         "schema": {"type": "string"}}
            operation["parameters"] = [parameter | ({"example": example} if example else {})]
        document["paths"]["/" + path.template] = {"get": operation}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def files(content: Content) -> dict[str, str]:
    """uri -> text of every file this module publishes."""
    out = {INDEX_URI: index_json(content), ORGANISATIONS_URI: organisations_json(content),
           OPENAPI_URI: openapi_json(content)}
    for record in content.records:
        out[record_uri(record["id"])] = record_json(record)
    for key, records in content.records_by_organisation().items():
        out[organisation_file_uri(key)] = organisation_json(content, key, records)
    for uri in SCHEMA_SOURCES:
        out[uri] = published_schema(content, uri)
    for uri, schema in api_schemas(content).items():
        out[uri] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out
