"""A DCAT-AP-DK description of the open data, so a data portal can harvest it: JSON-LD
(register/dcat.jsonld) and the same graph as Turtle (register/dcat.ttl).

One catalogue with three datasets (the register, its history, the principle matrix), each
with its files as distributions. It conforms to the Agency for Digital Government's SHACL
shapes for DCAT-AP-DK 2.0.2, the normal and the strict set (tests/test_dcat.py runs them).
The shapes are checked without the vocabularies' ontologies, so every node states the class
the shape names: a licence is a dct:LicenseDocument, a landing page a foaf:Document, a
contact point a vcard:Kind, a media type a dct:MediaType, a file type a dct:MediaTypeOrExtent,
the language a dct:LinguisticSystem, Denmark a dct:Location, a period a dct:PeriodOfTime, a
theme a skos:Concept.

Besides the mandatory properties it states the recommended ones whose facts are the register's
own: each distribution's description, Denmark as the area covered, the period covered (from
the earliest dated status in the register, or the first commit of the history), the EU data
theme "government and public sector", the schema a JSON file follows, and the static API
(macros/api.py) as a data service described by its OpenAPI document. Publisher and
licence come from settings.yml; modified dates are the last commit that changed the sources.
"""
from __future__ import annotations

import datetime
import json

from . import api, history_data, opendata
from .content import Content
from .history import History
from .render import matrix

URI = "register/dcat.jsonld"
TURTLE_URI = "register/dcat.ttl"
PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
CONTEXT = PREFIXES
EU = "http://publications.europa.eu/resource/authority/"
DANISH = {"@id": f"{EU}language/DAN", "@type": "dct:LinguisticSystem"}
DENMARK = {"@id": f"{EU}country/DNK", "@type": "dct:Location"}
# The EU's data themes (the vocabulary DCAT-AP-DK recommends for dcat:theme); its Danish label.
THEMES = {"@id": f"{EU}data-theme", "@type": "skos:ConceptScheme", "dct:title": {"@value": "Datatema", "@language": "da"}}
GOVERNMENT = {"@id": f"{EU}data-theme/GOVE", "@type": "skos:Concept",
              "skos:prefLabel": {"@value": "Regeringen og den offentlige sektor", "@language": "da"},
              "skos:inScheme": {"@id": THEMES["@id"]}}
# uri suffix -> (IANA media type, EU file type)
FORMATS = {
    ".json": ("application/json", "JSON"),
    ".csv": ("text/csv", "CSV"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
}


def _da(text: str) -> dict:
    return {"@value": text, "@language": "da"}


def _date(day: str) -> dict:
    return {"@value": day, "@type": "xsd:date"}


def _last_change(history: History, prefixes: tuple[str, ...]) -> dict | None:
    dates = [v.date for path, versions in history.versions.items() if path.startswith(prefixes) for v in versions]
    return _date(max(dates)[:10]) if dates else None


def _period(start: str | None, end: str | None = None) -> dict | None:
    if not start:
        return None
    period = {"@type": "dct:PeriodOfTime", "dcat:startDate": _date(start)}
    if end:
        period["dcat:endDate"] = _date(end)
    return period


def _earliest_status(content: Content) -> str | None:
    """The earliest real date in any record's status history ('ikke oplyst' is no date)."""
    dates = []
    for record in content.records:
        for step in record.data.get("status_history", []):
            try:
                dates.append(datetime.date.fromisoformat(str(step.get("date"))).isoformat())
            except ValueError:
                continue
    return min(dates) if dates else None


def catalogue(content: Content, history: History) -> dict:
    """The catalogue as a JSON-LD tree (compact IRIs as in PREFIXES)."""
    settings = content.settings
    site_url = settings["site"]["url"].rstrip("/") + "/"
    publisher = {"@id": settings["publisher"]["url"], "@type": "foaf:Agent", "foaf:name": settings["publisher"]["name"]}
    licence = {"@id": settings["licence"]["url"], "@type": "dct:LicenseDocument"}
    landing = {"@id": f"{site_url}register/data/", "@type": "foaf:Document"}
    contact = {"@type": ["vcard:Kind", "vcard:Organization"], "vcard:fn": settings["publisher"]["name"],
               "vcard:hasURL": {"@id": f"{settings['site']['repo_url'].rstrip('/')}/issues"}}
    schema = {"@id": f"{site_url}{opendata.SCHEMA_URI}", "@type": "dct:Standard"}

    def distribution(uri: str, title: str, description: str, media_type: str | None = None,
                     conforms_to: dict | None = None) -> dict:
        media, file_type = FORMATS["." + uri.rsplit(".", 1)[-1]]
        node = {"@id": f"{site_url}{uri}", "@type": "dcat:Distribution", "dct:title": _da(title),
                "dct:description": _da(description),
                "dcat:accessURL": {"@id": f"{site_url}{uri}"}, "dcat:downloadURL": {"@id": f"{site_url}{uri}"},
                "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media_type or media}",
                                   "@type": "dct:MediaType"},
                "dct:format": {"@id": f"{EU}file-type/{file_type}", "@type": "dct:MediaTypeOrExtent"},
                "dct:license": licence}
        if conforms_to:
            node["dct:conformsTo"] = conforms_to
        return node

    def dataset(key: str, title: str, description: str, files: list[dict], modified: dict | None,
                period: dict | None) -> dict:
        node = {"@id": f"{site_url}{URI}#{key}", "@type": "dcat:Dataset", "dct:title": _da(title),
                "dct:description": _da(description), "dct:publisher": publisher, "dcat:contactPoint": contact,
                "dcat:landingPage": landing, "dct:language": DANISH, "dct:spatial": DENMARK,
                "dcat:theme": GOVERNMENT, "dcat:distribution": files,
                "dcat:keyword": [_da("kunstig intelligens"), _da("AI-register")]}
        if period:
            node["dct:temporal"] = period
        if modified:
            node["dct:modified"] = modified
        return node

    register_modified = _last_change(history, ("registry/",))
    commits = sorted(v.date[:10] for path, versions in history.versions.items() if path.startswith("registry/")
                     for v in versions)
    register_period = _period(_earliest_status(content))
    datasets = [
        dataset("register", "AI-registret",
                "Ét opslag pr. AI-initiativ: formål, status, lovgrundlag, risikoniveau efter AI-forordningen, "
                "ansvarlige, budget, opfølgning, risici og vurdering mod politikkens principper.",
                [distribution(opendata.JSON_URI, "AI-registret som JSON",
                              "Alle registreringer med alle felter og ejerorganisationerne; "
                              "hver registrering følger skemaet.", conforms_to=schema),
                 distribution(opendata.CSV_URI, "AI-registret som CSV",
                              "Én række pr. registrering og én kolonne pr. felt; semikolonsepareret, UTF-8 med BOM."),
                 distribution(opendata.XLSX_URI, "AI-registret som Excel",
                              "Én række pr. registrering og én kolonne pr. felt; arket Kolonner forklarer kolonnerne."),
                 distribution(opendata.SCHEMA_URI, "Skemaet for en registrering (JSON Schema)",
                              "Felterne i en registrering, deres typer og hvilke der er krævet.",
                              "application/schema+json")],
                register_modified, register_period),
        dataset("historik", "AI-registrets historik",
                "Hver version af hver registrering med dato og de ændrede felter, så registret kan genskabes på en given dato.",
                [distribution(history_data.JSON_URI, "Historikkens indeks som JSON",
                              "Hver registrering med antallet af versioner og adressen på dens historik i API'et "
                              "(api/historik/<id>.json): hver version med de felter, den ændrede, før og efter."),
                 distribution(history_data.CHANGES_CSV_URI, "Alle ændringer som CSV",
                              "Én række pr. ændret felt i hele registret: registrering, dato, commit, handling, "
                              "felt, før og efter."),
                 distribution(history_data.CHANGES_XLSX_URI, "Alle ændringer som Excel",
                              "Den samme tabel som ændringernes CSV-fil, som regneark."),
                 distribution(history_data.CSV_URI, "Historikken som CSV",
                              "Én række pr. version med de ændrede felter, status og risikoniveau efter ændringen."),
                 distribution(history_data.XLSX_URI, "Historikken som Excel",
                              "Den samme tabel som CSV-filen, som regneark.")],
                register_modified, _period(commits[0], commits[-1]) if commits else None),
        dataset("principmatrix", "Principmatricen",
                "Hvert initiativ i registret vurderet mod hvert af AI-politikkens principper.",
                [distribution(matrix.CSV_URI, "Principmatricen som CSV",
                              "Én række pr. initiativ og én kolonne pr. princip med vurderingen."),
                 distribution(matrix.XLSX_URI, "Principmatricen som Excel",
                              "Den samme tabel som CSV-filen, som regneark.")],
                _last_change(history, ("registry/", "principles/")), register_period),
    ]
    node = {"@context": CONTEXT, "@id": f"{site_url}{URI}", "@type": "dcat:Catalog",
            "dct:title": _da(settings["site"]["name"]), "dct:description": _da(settings["site"]["description"]),
            "dct:publisher": publisher, "dct:license": licence,
            "foaf:homepage": {"@id": site_url, "@type": "foaf:Document"},
            "dct:language": DANISH, "dct:spatial": DENMARK, "dcat:themeTaxonomy": THEMES, "dcat:dataset": datasets,
            "dcat:service": {"@id": f"{site_url}api/", "@type": "dcat:DataService",
                             "dct:title": _da("Registrets API"),
                             "dct:description": _da("Statiske JSON-filer: én pr. registrering, én pr. organisation og "
                                                    "hele registret, beskrevet i et OpenAPI 3.1-dokument."),
                             "dcat:endpointURL": {"@id": f"{site_url}api/"},
                             "dcat:endpointDescription": {"@id": f"{site_url}{api.OPENAPI_URI}"},
                             "dcat:servesDataset": {"@id": datasets[0]["@id"]}}}
    if register_modified:
        node["dct:modified"] = _last_change(history, ("registry/", "principles/"))
    return node


def dcat_jsonld(content: Content, history: History) -> str:
    return json.dumps(catalogue(content, history), ensure_ascii=False, indent=2) + "\n"


def dcat_turtle(content: Content, history: History) -> str:
    return to_turtle(catalogue(content, history))


# --- the same tree as Turtle -------------------------------------------------------------
# The tree above is plain: nodes with an @id become subjects of their own (a node met twice,
# such as the publisher, is written once), nodes without one are blank nodes written in place.

def to_turtle(tree: dict) -> str:
    subjects: dict[str, dict[str, list[str]]] = {}

    def term(value) -> str:
        if isinstance(value, dict) and "@value" in value:
            text = _string(str(value["@value"]))
            if "@language" in value:
                return f"{text}@{value['@language']}"
            return f"{text}^^{value['@type']}" if "@type" in value else text
        if isinstance(value, dict):
            if "@id" not in value:
                properties = _properties(value, term)
                return "[\n" + _body(properties, "    ") + "\n  ]" if properties else "[]"
            merged = subjects.setdefault(value["@id"], {})  # first met, first written: the catalogue leads
            properties = _properties(value, term)
            for predicate, objects in properties.items():
                merged.setdefault(predicate, [])
                merged[predicate] += [o for o in objects if o not in merged[predicate]]
            return _iri(value["@id"])
        return _string(str(value))

    term({k: v for k, v in tree.items() if k != "@context"})
    lines = [f"@prefix {name}: <{iri}> ." for name, iri in PREFIXES.items()] + [""]
    for subject, properties in subjects.items():
        if properties:
            lines.append(_iri(subject) + "\n" + _body(properties, "  ") + " .\n")
    return "\n".join(lines)


def _properties(node: dict, term) -> dict[str, list[str]]:
    properties: dict[str, list[str]] = {}
    for key, value in node.items():
        if key in ("@id", "@context"):
            continue
        predicate = "a" if key == "@type" else key
        values = value if isinstance(value, list) else [value]
        properties[predicate] = [v if key == "@type" else term(v) for v in values]
    return properties


def _body(properties: dict[str, list[str]], indent: str) -> str:
    return " ;\n".join(f"{indent}{predicate} " + ", ".join(objects) for predicate, objects in properties.items())


def _string(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
               .replace("\t", "\\t"))
    return f'"{escaped}"'


def _iri(iri: str) -> str:
    # Characters an IRI in Turtle cannot hold as they are, percent-encoded.
    return "<" + "".join(f"%{ord(c):02X}" if c in '<>"{}|^`\\ ' or ord(c) <= 0x20 else c for c in iri) + ">"
