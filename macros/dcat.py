"""A DCAT-AP-DK description of the open data (JSON-LD), so a data portal can harvest it.

One catalogue with three datasets (the register, its history, the principle matrix), each
with its files as distributions. The mandatory properties of DCAT-AP-DK are all here:
catalogue title, description, publisher and datasets; dataset title, description and
publisher; distribution access URL, media type and licence. Publisher and licence come
from settings.yml; modified dates are the last commit that changed the data's sources.
"""
from __future__ import annotations

import json

from . import history_data, opendata
from .content import Content
from .history import History
from .render import matrix

URI = "register/dcat.jsonld"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
DANISH = {"@id": "http://publications.europa.eu/resource/authority/language/DAN"}
# uri suffix -> (IANA media type, EU file type)
FORMATS = {
    ".json": ("application/json", "JSON"),
    ".csv": ("text/csv", "CSV"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
}


def _da(text: str) -> dict:
    return {"@value": text, "@language": "da"}


def _last_change(history: History, prefixes: tuple[str, ...]) -> dict | None:
    dates = [v.date for path, versions in history.versions.items() if path.startswith(prefixes) for v in versions]
    return {"@value": max(dates)[:10], "@type": "xsd:date"} if dates else None


def dcat_jsonld(content: Content, history: History) -> str:
    settings = content.settings
    site_url = settings["site"]["url"].rstrip("/") + "/"
    publisher = {"@id": settings["publisher"]["url"], "@type": "foaf:Agent", "foaf:name": settings["publisher"]["name"]}
    licence = {"@id": settings["licence"]["url"]}
    landing = {"@id": f"{site_url}register/data/"}
    contact = {"@type": "vcard:Organization", "vcard:fn": settings["publisher"]["name"],
               "vcard:hasURL": {"@id": f"{settings['site']['repo_url'].rstrip('/')}/issues"}}

    def distribution(uri: str, title: str, media_type: str | None = None) -> dict:
        media, file_type = FORMATS["." + uri.rsplit(".", 1)[-1]]
        return {"@id": f"{site_url}{uri}", "@type": "dcat:Distribution", "dct:title": _da(title),
                "dcat:accessURL": {"@id": f"{site_url}{uri}"}, "dcat:downloadURL": {"@id": f"{site_url}{uri}"},
                "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media_type or media}"},
                "dct:format": {"@id": f"http://publications.europa.eu/resource/authority/file-type/{file_type}"},
                "dct:license": licence}

    def dataset(key: str, title: str, description: str, files: list[dict], modified: dict | None) -> dict:
        node = {"@id": f"{site_url}{URI}#{key}", "@type": "dcat:Dataset", "dct:title": _da(title),
                "dct:description": _da(description), "dct:publisher": publisher, "dcat:contactPoint": contact,
                "dcat:landingPage": landing, "dct:language": DANISH, "dcat:distribution": files,
                "dcat:keyword": [_da("kunstig intelligens"), _da("AI-register")]}
        if modified:
            node["dct:modified"] = modified
        return node

    register_modified = _last_change(history, ("registry/",))
    datasets = [
        dataset("register", "AI-registret",
                "Ét opslag pr. AI-initiativ: formål, status, lovgrundlag, risikoniveau efter AI-forordningen, "
                "ansvarlige, budget, opfølgning, risici og vurdering mod politikkens principper.",
                [distribution(opendata.JSON_URI, "AI-registret som JSON"),
                 distribution(opendata.CSV_URI, "AI-registret som CSV"),
                 distribution(opendata.XLSX_URI, "AI-registret som Excel"),
                 distribution(opendata.SCHEMA_URI, "Skemaet for en registrering (JSON Schema)", "application/schema+json")],
                register_modified),
        dataset("historik", "AI-registrets historik",
                "Hver version af hver registrering med dato og de ændrede felter, så registret kan genskabes på en given dato.",
                [distribution(history_data.JSON_URI, "Historikken som JSON"),
                 distribution(history_data.CSV_URI, "Historikken som CSV"),
                 distribution(history_data.XLSX_URI, "Historikken som Excel")],
                register_modified),
        dataset("principmatrix", "Principmatricen",
                "Hvert initiativ i registret vurderet mod hvert af AI-politikkens principper.",
                [distribution(matrix.CSV_URI, "Principmatricen som CSV"),
                 distribution(matrix.XLSX_URI, "Principmatricen som Excel")],
                _last_change(history, ("registry/", "principles/"))),
    ]
    catalogue = {"@context": CONTEXT, "@id": f"{site_url}{URI}", "@type": "dcat:Catalog",
                 "dct:title": _da(settings["site"]["name"]), "dct:description": _da(settings["site"]["description"]),
                 "dct:publisher": publisher, "dct:license": licence, "foaf:homepage": {"@id": site_url},
                 "dct:language": DANISH, "dcat:dataset": datasets}
    if register_modified:
        catalogue["dct:modified"] = _last_change(history, ("registry/", "principles/"))
    return json.dumps(catalogue, ensure_ascii=False, indent=2) + "\n"
