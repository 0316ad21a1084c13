"""The SMV guide: five step pages in order, stable checklist ids, templates, links, bad input."""
from __future__ import annotations

import csv
import io
import re

import pytest
import yaml

from conftest import ROOT, assert_reported, html, line_of, mkdocs_build, read_yaml, rewrite_yaml, validate

GUIDE = ROOT / "smv" / "guide.yml"
# The fields step 1 asks for, in the inventory templates (CSV columns = YAML keys).
INVENTORY_FIELDS = ["vaerktoej", "leverandoer", "formaal", "afdeling", "brugere", "data_der_indtastes",
                    "persondata", "risikoniveau", "status", "ansvarlig", "senest_gennemgaaet", "bemaerkninger"]


def guide() -> dict:
    return read_yaml(GUIDE)


def steps() -> list[dict]:
    return guide()["steps"]


def principles_by_id() -> dict[str, dict]:
    return {p["id"]: p for p in (read_yaml(f) for f in (ROOT / "principles").glob("p*.yml"))}


def _h1(soup) -> str:
    return soup.select_one("article h1").get_text(strip=True).rstrip("¶")


def _hrefs(soup) -> list[str]:
    return [a["href"] for a in soup.select("article a[href]")]


# --- the built pages ------------------------------------------------------------

def test_there_are_five_steps_each_with_its_own_page(site):
    data = steps()
    assert [s["number"] for s in data] == [1, 2, 3, 4, 5]
    for s in data:
        soup = html(site, f"smv/{s['slug']}")
        assert _h1(soup) == f"Trin {s['number']}: {s['title']}"
        text = soup.select_one("article").get_text(" ", strip=True)
        assert f"Trin {s['number']} af 5" in text
        assert " ".join(s["purpose"].split()) in text
        for action in s["actions"]:
            assert " ".join(action.split()) in text
        for example in s.get("examples", []):
            assert " ".join(example.split()) in text
        assert {h["id"] for h in soup.select("article h2")} >= {"handlinger", "tjekliste", "principper", "kilde"}
        assert "Udvikling Assens, 2025" in text and s["source_section"] in text


def test_steps_have_previous_and_next_in_order(site):
    data = steps()
    intro = html(site, "smv")
    assert intro.select_one("a.md-footer__link--next")["href"] == f"{data[0]['slug']}/"
    for i, s in enumerate(data):
        soup = html(site, f"smv/{s['slug']}")
        prev = soup.select_one("a.md-footer__link--prev")["href"]
        assert prev == ("../" if i == 0 else f"../{data[i - 1]['slug']}/")
        if i + 1 < len(data):
            assert soup.select_one("a.md-footer__link--next")["href"] == f"../{data[i + 1]['slug']}/"


def test_the_nav_has_an_smv_section_with_the_steps_in_order(site):
    soup = html(site, "smv")
    links = [a["href"] for a in soup.select("nav.md-nav--primary a.md-nav__link[href]")]
    expected = [f"{s['slug']}/" for s in steps()]
    found = [h for h in links if h in expected]
    assert found == expected
    titles = [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav--primary a.md-nav__link[href]")
              if a["href"] in expected]
    assert titles == [f"Trin {s['number']}: {s['title']}" for s in steps()]


def test_every_checklist_item_has_its_stable_id_and_a_label(site):
    all_ids = []
    for s in steps():
        soup = html(site, f"smv/{s['slug']}")
        fieldset = soup.select_one("article fieldset.smv-tjekliste")
        assert fieldset["data-trin"] == s["id"]
        boxes = fieldset.select("input[type=checkbox]")
        assert [b["id"] for b in boxes] == [f"tjek-{item['id']}" for item in s["checklist"]]
        assert [b["data-tjek"] for b in boxes] == [item["id"] for item in s["checklist"]]
        for box, item in zip(boxes, s["checklist"]):
            label = fieldset.select_one(f'label[for="{box["id"]}"]')
            assert label is not None and label.get_text(" ", strip=True) == " ".join(item["text"].split())
            assert not box.has_attr("checked")
        status = fieldset.select_one(".smv-tjekliste__status")
        assert status["aria-live"] == "polite"
        assert fieldset.select_one("button.smv-tjekliste__nulstil")["type"] == "button"
        all_ids += [item["id"] for item in s["checklist"]]
    assert len(all_ids) == len(set(all_ids))


def test_the_checklist_script_is_self_hosted_and_sends_nothing(site):
    soup = html(site, f"smv/{steps()[0]['slug']}")
    srcs = [s["src"] for s in soup.select("script[src]")]
    assert any(src.endswith("javascripts/checklist.js") for src in srcs)
    js = (site / "javascripts" / "checklist.js").read_text(encoding="utf-8")
    assert "localStorage" in js
    for forbidden in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "http://", "https://", "document.cookie"):
        assert forbidden not in js, forbidden


def test_step_pages_link_to_the_related_principles(site):
    principles = principles_by_id()
    for s in steps():
        soup = html(site, f"smv/{s['slug']}")
        section = [a["href"] for a in soup.select("article a[href^='../../principper/']")]
        assert section == [f"../../principper/{principles[pid]['slug']}/" for pid in s["related_principles"]]
        for pid in s["related_principles"]:
            assert (site / "principper" / principles[pid]["slug"] / "index.html").exists()


def test_intro_explains_the_guide_and_links_steps_templates_and_the_agency(site):
    data = guide()
    soup = html(site, "smv")
    assert _h1(soup) == data["title"]
    text = soup.select_one("article").get_text(" ", strip=True)
    for phrase in ["spilleregler for kunstig intelligens", "2. februar 2025", "AI-færdigheder",
                   "små og mellemstore virksomheder", "Udvikling Assens, 2025"]:
        assert phrase in text, phrase
    hrefs = _hrefs(soup)
    for s in data["steps"]:
        assert f"{s['slug']}/" in hrefs
    digst = [link["url"] for link in data["external_links"]]
    assert len(digst) == 3 and all(u.startswith("https://digst.dk/tilsyn/ai-forordningen/") for u in digst)
    for url in digst:
        assert url in hrefs, url
    for name in ("ai-politik-skabelon.md", "ai-vaerktoejer.csv", "ai-vaerktoejer.yml"):
        link = soup.select_one(f'article a[href="skabeloner/{name}"]')
        assert link is not None and link["download"] == name, name


def test_step_one_links_the_inventory_templates(site):
    soup = html(site, f"smv/{steps()[0]['slug']}")
    for name in ("ai-vaerktoejer.csv", "ai-vaerktoejer.yml"):
        assert soup.select_one(f'article a[href="../skabeloner/{name}"][download]') is not None, name


def test_templates_are_in_the_built_site_unchanged(site):
    for source in (ROOT / "smv" / "templates").iterdir():
        built = site / "smv" / "skabeloner" / source.name
        assert built.is_file(), built
        assert built.read_bytes() == source.read_bytes()
    assert not (site / "smv" / "skabeloner" / "ai-politik-skabelon" / "index.html").exists()


def test_inventory_templates_parse_as_csv_and_yaml_with_the_same_fields(site):
    folder = site / "smv" / "skabeloner"
    reader = csv.DictReader(io.StringIO((folder / "ai-vaerktoejer.csv").read_text(encoding="utf-8"), newline=""))
    rows = list(reader)
    assert reader.fieldnames == INVENTORY_FIELDS
    assert rows and all(None not in row and all(v is not None for v in row.values()) for row in rows)
    data = yaml.safe_load((folder / "ai-vaerktoejer.yml").read_text(encoding="utf-8"))
    tools = data["vaerktoejer"]
    assert tools and all(list(tool) == INVENTORY_FIELDS for tool in tools)
    assert rows[0]["vaerktoej"] == tools[0]["vaerktoej"]


def test_policy_template_follows_the_five_steps(site):
    text = (site / "smv" / "skabeloner" / "ai-politik-skabelon.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\d)\. ", text, flags=re.MULTILINE)
    assert headings == ["1", "2", "3", "4", "5"]


def test_guide_text_is_shown_as_text_not_markup(site_copy, tmp_path):
    """YAML text is data: HTML, Markdown and Jinja in it reach the reader as written."""
    def change(d):
        d["steps"][0]["checklist"][0]["text"] = '<img src=x onerror="alert(1)"> {{ 7*7 }} **fed**'
        d["steps"][1]["purpose"] = "[klik](javascript:alert(1)) {% raw %} <script>alert(2)</script>"
        d["steps"][2]["title"] = "</title><script>alert(3)</script> & {{ config }}"
    rewrite_yaml(site_copy / "smv" / "guide.yml", change)
    out = tmp_path / "out"
    result = mkdocs_build(site_copy, out)
    assert result.returncode == 0, result.stdout + result.stderr
    one = html(out, f"smv/{steps()[0]['slug']}")
    label = one.select_one('label[for="tjek-kortlaeg-oversigt"]')
    assert label.get_text() == '<img src=x onerror="alert(1)"> {{ 7*7 }} **fed**'
    assert not one.select("article img") and "49" not in label.get_text()
    two = html(out, f"smv/{steps()[1]['slug']}")
    lead = two.select_one("article .ai-lead")
    assert "<script>alert(2)</script>" in lead.get_text() and "{% raw %}" in lead.get_text()
    assert not lead.select("a, script")
    three = html(out, f"smv/{steps()[2]['slug']}")
    title = "Trin 3: </title><script>alert(3)</script> & {{ config }}"
    assert three.title.get_text().startswith(title)
    assert _h1(three) == title
    for page in out.rglob("*.html"):
        assert "<script>alert(" not in page.read_text(encoding="utf-8"), page


# --- bad input: every mistake is named with file, line and field ------------------


G = "smv/guide.yml"


def _missing_purpose(root):
    text = rewrite_yaml(root / G, lambda d: d["steps"][1].pop("purpose"))
    return G, line_of(text, r"^- id: regler"), "steps[1].purpose", "feltet mangler"


def _unknown_field(root):
    text = rewrite_yaml(root / G, lambda d: d["steps"][2].update(farve="grøn"))
    return G, line_of(text, r"^  farve:"), "steps[2].farve", "ukendt felt"


def _duplicate_checklist_id(root):
    def change(d):
        d["steps"][0]["checklist"][1]["id"] = "kortlaeg-oversigt"
    text = rewrite_yaml(root / G, change)
    return (G, line_of(text, r"- id: kortlaeg-oversigt$", nth=2), "steps[0].checklist[1].id",
            "tjeklistepunktets id 'kortlaeg-oversigt' er allerede brugt")


def _checklist_id_outside_its_step(root):
    def change(d):
        d["steps"][3]["checklist"][2]["id"] = "ai-forordningen"
    text = rewrite_yaml(root / G, change)
    return G, line_of(text, r"- id: ai-forordningen$"), "steps[3].checklist[2].id", \
        "tjeklistepunktets id skal begynde med lovgivning-"


def _unknown_principle(root):
    text = rewrite_yaml(root / G, lambda d: d["steps"][1].update(related_principles=["P02", "P99"]))
    return G, line_of(text, r"^  - P99$"), "steps[1].related_principles[1]", "princippet 'P99' findes ikke i politikken"


def _repeated_principle(root):
    text = rewrite_yaml(root / G, lambda d: d["steps"][1].update(related_principles=["P02", "P02"]))
    return G, line_of(text, r"^  related_principles:", nth=2), "steps[1].related_principles", \
        "listen indeholder den samme værdi flere gange"


def _steps_out_of_order(root):
    def change(d):
        d["steps"][0], d["steps"][1] = d["steps"][1], d["steps"][0]
    text = rewrite_yaml(root / G, change)
    return G, line_of(text, r"^  number: 2$"), "steps[0].number", "trinnene skal stå i rækkefølge; forventede nummer 1"


def _duplicate_slug(root):
    text = rewrite_yaml(root / G, lambda d: d["steps"][4].update(slug="trin-1-kortlaeg"))
    return G, line_of(text, r"^  slug: trin-1-kortlaeg$", nth=2), "steps[4].slug", "adressen 'trin-1-kortlaeg' er allerede brugt"


def _reserved_slug(root):
    text = rewrite_yaml(root / G, lambda d: d["steps"][2].update(slug="skabeloner"))
    return G, line_of(text, r"^  slug: skabeloner$"), "steps[2].slug", "adressen 'skabeloner' er forbeholdt guidens egne sider"


def _four_steps(root):
    text = rewrite_yaml(root / G, lambda d: d["steps"].pop())
    return G, line_of(text, r"^steps:"), "steps", "guiden skal have præcis 5 trin, fandt 4"


def _script_link(root):
    text = rewrite_yaml(root / G, lambda d: d["external_links"][0].update(url="javascript:alert(1)"))
    return G, line_of(text, r"url: javascript:"), "external_links[0].url", "skal være en webadresse, der begynder med https://"


def _two_line_checklist_text(root):
    text = rewrite_yaml(root / G, lambda d: d["steps"][4]["checklist"][0].update(text="Første linje\nanden linje"))
    return G, line_of(text, r"^    text: .*Første linje"), "steps[4].checklist[0].text", \
        "'Første linje\\nanden linje' har forkert form; skal være tekst på én linje"


def _inventory_fields_differ(root):
    csv_path = root / "smv/templates/ai-vaerktoejer.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("bemaerkninger", "noter")
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = (root / "smv/templates/ai-vaerktoejer.yml").read_text(encoding="utf-8")
    return ("smv/templates/ai-vaerktoejer.yml", line_of(text, r"^  - vaerktoej:"), "vaerktoejer[0]",
            "felterne skal være de samme som kolonnerne i ai-vaerktoejer.csv: mangler noter; har bemaerkninger")


def _inventory_yaml_broken(root):
    path = root / "smv/templates/ai-vaerktoejer.yml"
    text = path.read_text(encoding="utf-8")
    items = len(yaml.safe_load(text)["vaerktoejer"])
    path.write_text(text + "  - vaerktoej: [ikke lukket\n", encoding="utf-8")
    return ("smv/templates/ai-vaerktoejer.yml", len(text.splitlines()) + 1, f"vaerktoejer[{items}].vaerktoej",
            "YAML-syntaksfejl: parentesen på denne linje bliver aldrig lukket")


def _template_missing(root):
    (root / "smv/templates/ai-politik-skabelon.md").unlink()
    return "smv/templates/ai-politik-skabelon.md", 1, "", "skabelonen mangler"


CASES = {
    "missing-field": _missing_purpose,
    "unknown-field": _unknown_field,
    "duplicate-checklist-id": _duplicate_checklist_id,
    "checklist-id-outside-step": _checklist_id_outside_its_step,
    "unknown-principle": _unknown_principle,
    "repeated-principle": _repeated_principle,
    "steps-out-of-order": _steps_out_of_order,
    "duplicate-slug": _duplicate_slug,
    "reserved-slug": _reserved_slug,
    "four-steps": _four_steps,
    "script-link": _script_link,
    "two-line-checklist-text": _two_line_checklist_text,
    "inventory-fields-differ": _inventory_fields_differ,
    "inventory-yaml-broken": _inventory_yaml_broken,
    "template-missing": _template_missing,
}


@pytest.mark.parametrize("case", CASES)
def test_validate_cli_reports_file_line_and_field(site_copy, case):
    expected = CASES[case](site_copy)
    result = validate(site_copy)
    assert result.returncode == 1, result.stdout
    assert_reported(result.stderr, *expected)


@pytest.mark.parametrize("case", ["duplicate-checklist-id", "unknown-principle", "inventory-fields-differ"])
def test_build_stops_with_the_same_message_and_no_traceback(site_copy, tmp_path, case):
    expected = CASES[case](site_copy)
    result = mkdocs_build(site_copy, tmp_path / "out")
    assert result.returncode != 0
    assert_reported(result.stdout + result.stderr, *expected)
    assert not (tmp_path / "out" / "index.html").exists()


def test_guide_and_template_problems_are_reported_together(site_copy):
    expectations = [CASES[c](site_copy) for c in ("unknown-principle", "inventory-fields-differ")]
    result = validate(site_copy)
    for expected in expectations:
        assert_reported(result.stderr, *expected)
    assert result.stderr.startswith("Indholdet har 2 fejl:")
