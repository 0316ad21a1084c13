"""The DCAT-AP-DK description (dcat.jsonld, and the same graph as dcat.ttl) has every mandatory
property and conforms to the Agency for Digital Government's SHACL shapes, the normal and the
strict set (tests/data/dcat-ap-dk/, see SOURCE.md there), as a portal's validator checks it."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SH, SKOS

from conftest import ROOT, mkdocs_build, read_yaml

SETTINGS = read_yaml(ROOT / "settings.yml")
SITE = SETTINGS["site"]["url"]
SHAPES = Path(__file__).parent / "data" / "dcat-ap-dk"
SHAPE_SETS = ["dcat-ap-dk_2.0.2_shacl_shapes.ttl", "dcat-ap-dk_2.0.2_shacl_shapes-strict.ttl"]
DENMARK = URIRef("http://publications.europa.eu/resource/authority/country/DNK")


def read_graph(path: Path) -> Graph:
    return Graph().parse(path, format="json-ld" if path.suffix == ".jsonld" else "turtle")


@pytest.fixture(scope="module")
def graph(site) -> Graph:
    return read_graph(site / "register" / "dcat.jsonld")


def one(g: Graph, subject, predicate):
    values = list(g.objects(subject, predicate))
    assert len(values) == 1, f"{subject} {predicate}: {values}"
    return values[0]


def shacl_results(data: Graph, shapes_file: str) -> list[str]:
    """Every result of the shapes (violations, warnings and notes), one readable line each."""
    shapes = Graph().parse(SHAPES / shapes_file, format="turtle")
    _, report, _ = validate(data, shacl_graph=shapes, inference="rdfs", allow_infos=True, allow_warnings=True)
    lines = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        def get(predicate):
            value = report.value(result, predicate)
            return "" if value is None else value.n3(data.namespace_manager)
        shape = report.value(result, SH.sourceShape)
        names = [str(n) for n in shapes.objects(shape, SH.name) if getattr(n, "language", None) == "da"]
        lines.append(f"{get(SH.resultSeverity)}: {get(SH.focusNode)} {get(SH.resultPath)}: "
                     f"{get(SH.resultMessage)} (regel: {names[0] if names else get(SH.sourceShape)}, "
                     f"værdi {get(SH.value)})")
    return sorted(lines)


@pytest.mark.parametrize("shapes_file", SHAPE_SETS)
@pytest.mark.parametrize("name", ["dcat.jsonld", "dcat.ttl"])
def test_conforms_to_the_dcat_ap_dk_shapes(site, name, shapes_file):
    results = shacl_results(read_graph(site / "register" / name), shapes_file)
    assert not results, f"{name} mod {shapes_file}: {len(results)} fund\n" + "\n".join(results)


def test_the_turtle_is_the_same_graph_as_the_json_ld(site, graph):
    turtle = read_graph(site / "register" / "dcat.ttl")
    assert len(turtle) == len(graph) > 100
    assert isomorphic(turtle, graph)


def test_catalogue_has_title_description_publisher_and_datasets(graph):
    catalogue = next(graph.subjects(RDF.type, DCAT.Catalog))
    assert one(graph, catalogue, DCTERMS.title) == Literal(SETTINGS["site"]["name"], lang="da")
    assert one(graph, catalogue, DCTERMS.description) == Literal(SETTINGS["site"]["description"], lang="da")
    publisher = one(graph, catalogue, DCTERMS.publisher)
    assert publisher == URIRef(SETTINGS["publisher"]["url"])
    assert one(graph, publisher, FOAF.name) == Literal(SETTINGS["publisher"]["name"])
    assert len(list(graph.objects(catalogue, DCAT.dataset))) == 3
    service = one(graph, catalogue, DCAT.service)
    assert one(graph, service, DCAT.endpointDescription) == URIRef(SITE + "api/openapi.json")
    assert one(graph, service, DCAT.servesDataset) == URIRef(SITE + "register/dcat.jsonld#register")


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
        "register/registry-changes.csv", "register/registry-changes.xlsx",
        "matrix/principmatrix.csv", "matrix/principmatrix.xlsx"])
    for path in files:  # every described file is published
        assert (site / path).is_file(), path


def earliest_status_date(root: Path) -> str | None:
    dates = [str(step["date"]) for path in (root / "registry").glob("ai-*.yml")
             for step in read_yaml(path)["status_history"] if str(step["date"])[:1].isdigit()]
    return min(dates) if dates else None


def check_recommended_properties(graph: Graph, root: Path) -> None:
    """Distribution descriptions, Denmark as the area, the EU data theme, and the period covered:
    the register's from its earliest dated status (none when no status is dated), the history's
    from its first commit to its last (none outside git)."""
    earliest = earliest_status_date(root)
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        assert one(graph, dataset, DCTERMS.spatial) == DENMARK
        theme = one(graph, dataset, DCAT.theme)
        assert str(theme) == "http://publications.europa.eu/resource/authority/data-theme/GOVE"
        assert one(graph, theme, SKOS.prefLabel) == Literal("Regeringen og den offentlige sektor", lang="da")
        periods = list(graph.objects(dataset, DCTERMS.temporal))
        if str(one(graph, dataset, DCTERMS.title)) == "AI-registrets historik":
            if not periods:  # a site outside git has no history: no period and no date of change
                assert list(graph.objects(dataset, DCTERMS.modified)) == []
                continue
            start, end = str(one(graph, periods[0], DCAT.startDate)), str(one(graph, periods[0], DCAT.endDate))
            assert start <= end == str(one(graph, dataset, DCTERMS.modified))
        elif earliest:
            assert str(one(graph, one(graph, dataset, DCTERMS.temporal), DCAT.startDate)) == earliest
        else:
            assert periods == []
        for distribution in graph.objects(dataset, DCAT.distribution):
            assert len(str(one(graph, distribution, DCTERMS.description))) > 20


def test_recommended_properties_are_stated(graph):
    check_recommended_properties(graph, ROOT)


def test_text_from_settings_is_escaped_in_both_forms(site_copy, tmp_path):
    """A publisher name with quotes, a backslash and a Turtle comment sign is data in both files;
    a dated status gives the register its period."""
    settings_file = site_copy / "settings.yml"
    settings = yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    name = 'Udgiver "A/S" \\ # ikke en kommentar ; . >'
    settings["publisher"]["name"] = name
    settings_file.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    record = sorted((site_copy / "registry").glob("ai-*.yml"))[0]
    record.write_text(record.read_text(encoding="utf-8").replace('date: "ikke oplyst"', "date: 2025-03-01", 1),
                      encoding="utf-8")
    assert earliest_status_date(site_copy) == "2025-03-01"
    out = tmp_path / "out"
    result = mkdocs_build(site_copy, out)
    assert result.returncode == 0, result.stdout + result.stderr
    jsonld, turtle = read_graph(out / "register" / "dcat.jsonld"), read_graph(out / "register" / "dcat.ttl")
    assert isomorphic(jsonld, turtle)
    assert one(turtle, URIRef(settings["publisher"]["url"]), FOAF.name) == Literal(name)
    check_recommended_properties(turtle, site_copy)
    for shapes_file in SHAPE_SETS:
        assert not shacl_results(turtle, shapes_file), shapes_file
