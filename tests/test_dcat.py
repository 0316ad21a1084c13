"""The DCAT-AP-DK description parses as RDF and has every mandatory property."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from conftest import ROOT, read_yaml

SETTINGS = read_yaml(ROOT / "settings.yml")
SITE = SETTINGS["site"]["url"]


@pytest.fixture(scope="module")
def graph(site) -> Graph:
    g = Graph()
    g.parse(site / "register" / "dcat.jsonld", format="json-ld")
    return g


def one(g: Graph, subject, predicate):
    values = list(g.objects(subject, predicate))
    assert len(values) == 1, f"{subject} {predicate}: {values}"
    return values[0]


def test_catalogue_has_title_description_publisher_and_datasets(graph):
    catalogue = next(graph.subjects(RDF.type, DCAT.Catalog))
    assert one(graph, catalogue, DCTERMS.title) == Literal(SETTINGS["site"]["name"], lang="da")
    assert one(graph, catalogue, DCTERMS.description) == Literal(SETTINGS["site"]["description"], lang="da")
    publisher = one(graph, catalogue, DCTERMS.publisher)
    assert publisher == URIRef(SETTINGS["publisher"]["url"])
    assert one(graph, publisher, FOAF.name) == Literal(SETTINGS["publisher"]["name"])
    assert len(list(graph.objects(catalogue, DCAT.dataset))) == 3


def test_every_dataset_and_distribution_has_the_mandatory_properties(graph, site):
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    titles = {str(one(graph, d, DCTERMS.title)) for d in datasets}
    assert titles == {"AI-registret", "AI-registrets historik", "Principmatricen"}
    files = []
    for dataset in datasets:
        assert str(one(graph, dataset, DCTERMS.description))
        assert one(graph, dataset, DCTERMS.publisher) == URIRef(SETTINGS["publisher"]["url"])
        assert str(one(graph, dataset, DCTERMS.modified))[:4].isdigit()  # the build's site is a git checkout
        for distribution in graph.objects(dataset, DCAT.distribution):
            access = str(one(graph, distribution, DCAT.accessURL))
            assert access.startswith(SITE)
            assert str(one(graph, distribution, DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")
            assert one(graph, distribution, DCTERMS.license) == URIRef(SETTINGS["licence"]["url"])
            files.append(access.removeprefix(SITE))
    assert sorted(files) == sorted([
        "register/registry.json", "register/registry.csv", "register/registry.xlsx", "register/schema.json",
        "register/registry-history.json", "register/registry-history.csv", "register/registry-history.xlsx",
        "matrix/principmatrix.csv", "matrix/principmatrix.xlsx"])
    for path in files:  # every described file is published
        assert (site / path).is_file(), path
