"""One page per owner organisation, their index, and the owner's identifiers."""
from __future__ import annotations

import pytest

from conftest import assert_reported, html, line_of, mkdocs_build, records_data, validate
from macros.render.organisations import organisation_slug, organisation_uri

THISTED = "registry/ai-0002-tale-til-tekst-hjemmeplejen-thisted.yml"
GLADSAXE = "registry/ai-0003-gladgpt-gladsaxe.yml"


def add_to_owner(path, **fields) -> str:
    """Insert fields at the top of owner:, keeping the rest of the file (and its first line) as written."""
    text = path.read_text(encoding="utf-8")
    lines = "".join(f'  {key}: "{value}"\n' for key, value in fields.items())
    text = text.replace("\nowner:\n", "\nowner:\n" + lines, 1)
    path.write_text(text, encoding="utf-8")
    return text


def named_owners() -> dict[str, list[dict]]:
    owners: dict[str, list[dict]] = {}
    for record in records_data():
        if record["owner"]["organisation"] != "ikke oplyst":
            owners.setdefault(record["owner"]["organisation"], []).append(record)
    return owners


def test_slug_is_ascii_and_stable():
    assert organisation_slug("Københavns Kommune") == "koebenhavns-kommune"
    assert organisation_slug("Region Sjælland – Område Syd") == "region-sjaelland-omraade-syd"
    assert organisation_uri("Sønderborg Kommune") == "register/organisationer/soenderborg-kommune.md"


def test_index_lists_every_named_owner_with_its_count(site):
    owners = named_owners()
    rows = html(site, "register/organisationer").select("article table tbody tr")
    listed = {r.td.get_text(strip=True): r.find_all("td")[1].get_text(strip=True) for r in rows}
    assert listed == {name: str(len(records)) for name, records in owners.items()}
    for row in rows:
        assert row.a["href"] == f"{organisation_slug(row.a.get_text())}/"
    unnamed = sum(1 for r in records_data() if r["owner"]["organisation"] == "ikke oplyst")
    assert f"{unnamed} initiativer har ingen oplyst ejer" in html(site, "register/organisationer").select_one("article").get_text()


def test_each_organisation_page_lists_its_records_and_links_them(site):
    for name, records in named_owners().items():
        soup = html(site, f"register/organisationer/{organisation_slug(name)}")
        assert soup.select_one("article h1").get_text(strip=True).rstrip("¶") == name
        table = soup.find(id="initiativer").find_next("table")
        links = [a["href"] for a in table.select("tbody tr td:first-child a")]
        assert links == [f"../../{r['slug']}/" for r in records]
        statuses = [tr.find_all("td")[2].get_text(strip=True) for tr in table.select("tbody tr")]
        assert statuses == [r["status_history"][-1]["status"] for r in records]
        summary = soup.find(id="principper").find_next("table")
        assert len(summary.select("tbody tr")) == 15
        for row in summary.select("tbody tr"):
            assert sum(int(td.get_text()) for td in row.find_all("td")[1:]) == len(records)
        feed = f"feeds/organisationer/{organisation_slug(name)}.xml"
        assert soup.find("a", string="Følg ændringerne (Atom-feed)")["href"] == f"../../../{feed}"
        assert (site / feed).exists()


def test_every_record_links_to_its_organisation(site):
    for record in records_data():
        name = record["owner"]["organisation"]
        cell = html(site, f"register/{record['slug']}").find("strong", string="Ejer").find_parent("tr").find_all("td")[1]
        if name == "ikke oplyst":
            assert cell.a is None
        else:
            assert cell.a["href"] == f"../organisationer/{organisation_slug(name)}/"


def test_identifiers_are_shown_on_the_organisation_page(site_copy, tmp_path):
    add_to_owner(site_copy / THISTED, cvr="12345678", municipality_code="999")
    result = mkdocs_build(site_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    text = html(tmp_path / "out", "register/organisationer/thisted-kommune").select_one("article").get_text(" ")
    assert "CVR-nummer: 12345678 · Kommunekode: 999" in " ".join(text.split())
    index = html(tmp_path / "out", "register/organisationer").select_one("article table").get_text(" ")
    assert "CVR-nummer: 12345678" in " ".join(index.split())


@pytest.mark.parametrize("key, value, message", [
    ("cvr", "1234567", "har forkert form"),
    ("municipality_code", "0101", "har forkert form"),
    ("region_code", "84", "har forkert form"),
])
def test_identifier_form_is_checked(site_copy, key, value, message):
    text = add_to_owner(site_copy / THISTED, **{key: value})
    result = validate(site_copy)
    assert result.returncode != 0
    assert_reported(result.stdout + result.stderr, THISTED, line_of(text, rf"^  {key}:"), f"owner.{key}", message)


def test_one_cvr_with_two_names_is_an_error(site_copy):
    add_to_owner(site_copy / THISTED, cvr="12345678")
    text = add_to_owner(site_copy / GLADSAXE, cvr="12345678")
    result = validate(site_copy)
    assert result.returncode != 0
    assert_reported(result.stdout + result.stderr, GLADSAXE, line_of(text, r"^  cvr:"), "owner.cvr",
                    f"CVR-nummeret '12345678' står også i {THISTED} med organisationen 'Thisted Kommune', "
                    "her 'Gladsaxe Kommune'; brug det samme navn, eller ret nummeret")


def test_an_organisation_name_is_text_in_the_head_and_on_the_page(site_copy, tmp_path):
    name = 'Kommune "A" <b>fed</b> & co'
    path = site_copy / THISTED
    path.write_text(path.read_text(encoding="utf-8").replace("organisation: Thisted Kommune", f"organisation: '{name}'"),
                    encoding="utf-8")
    result = mkdocs_build(site_copy, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    soup = html(tmp_path / "out", f"register/organisationer/{organisation_slug(name)}")
    assert soup.select_one("article h1").get_text(strip=True).rstrip("¶") == name
    link = soup.select('head link[type="application/atom+xml"]')[-1]
    assert link["title"] == f"Ændringer for {name}"
    assert not soup.select_one("article h1").find_all("b")
