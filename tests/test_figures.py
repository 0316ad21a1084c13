"""/register/statistik/ ("Registret i tal"): charts and tables whose numbers are the records', each
count a link to the register filtered to exactly those records.

The expected numbers are worked out here from the YAML files, not by the site's code."""
from __future__ import annotations

import datetime
import os
import re
import subprocess
from collections import Counter
from urllib.parse import parse_qs, urlparse

import pytest

from browser_support import open_page
from macros import builddate

from conftest import ROOT, html, mkdocs_build, organisations_data, read_yaml, records_data, rewrite_yaml
from test_print import _flat, _is_a4, print_pdf

PAGE = "register/statistik"
UNKNOWN = "ikke oplyst"


def schema() -> dict:
    import json
    return json.loads((ROOT / "registry" / "schema.json").read_text(encoding="utf-8"))


def _table(soup, caption: str):
    for table in soup.select("article table"):
        if table.caption and table.caption.get_text(" ", strip=True) == caption:
            return table
    raise AssertionError(f"ingen tabel med overskriften {caption!r}")


def _rows(table) -> list[list]:
    return [tr.find_all(["th", "td"]) for tr in table.select("tbody tr")]


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def _owner_type(record: dict, organisations: dict) -> str:
    key = record["owner"]["organisation"]
    return UNKNOWN if key == UNKNOWN else organisations[key]["type"]


def expected_breakdowns() -> dict[str, tuple[str, Counter]]:
    """caption -> (the overview's query name, count per value), from the YAML."""
    recs, orgs = records_data(), organisations_data()
    return {
        "Initiativer efter status": ("status", Counter(r["status_history"][-1]["status"] for r in recs)),
        "Initiativer efter risikoniveau": ("risiko", Counter(r["ai_act"]["risk_level"] for r in recs)),
        "Initiativer efter kategori": ("kategori", Counter(r["category"] for r in recs)),
        "Initiativer efter ejerens organisationstype": ("ejertype", Counter(_owner_type(r, orgs) for r in recs)),
    }


@pytest.mark.parametrize("caption", list(expected_breakdowns()))
def test_each_breakdown_counts_the_records_and_links_each_count_to_the_filtered_register(site, caption):
    facet, expected = expected_breakdowns()[caption]
    soup = html(site, PAGE)
    table = _table(soup, caption)
    shown = {}
    for label, count, share in _rows(table):
        value, n = label.get_text(strip=True), _number(count.get_text(strip=True))
        shown[value] = n
        link = count.find("a")
        if n == 0:
            continue
        assert link is not None, f"{caption}: antallet for {value!r} er ikke et link"
        href = urlparse(link["href"])
        assert href.path == "../" and parse_qs(href.query) == {facet: [value]}, link["href"]
        assert link["aria-label"].startswith(count.get_text(strip=True)), link["aria-label"]
        assert share.get_text(strip=True) == f"{round(100 * n / sum(expected.values()))} %"
    assert {v: n for v, n in shown.items() if n} == dict(expected)
    total = table.select_one("tfoot td").get_text(strip=True)
    assert _number(total) == len(records_data())


def test_the_links_use_filters_and_values_the_register_overview_offers(site):
    """A link the overview does not understand would show every record: its query name must be one of
    the overview's filters, and the value one of that filter's options."""
    overview = html(site, "register")
    options = {select["name"]: {o["value"] for o in select.find_all("option")}
               for select in overview.select("form.ai-browser select[data-facet]")}
    links = html(site, PAGE).select("article table a[href^='../?']")
    assert len(links) >= 8
    for link in links:
        ((name, [value]),) = parse_qs(urlparse(link["href"]).query).items()
        assert name in options and value in options[name], link["href"]


def test_each_chart_is_an_svg_with_a_text_alternative_that_says_its_numbers(site):
    soup = html(site, PAGE)
    charts = soup.select("article figure.ai-figure svg.ai-chart")
    assert len(charts) >= 6
    for svg in charts:
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find("title", id=title_id).get_text(strip=True)
        desc = svg.find("desc", id=desc_id).get_text(" ", strip=True)
        # The table after the figure has the same numbers as the description.
        table = svg.find_parent("figure").find_next_sibling("div").find("table")
        for row in _rows(table):
            label, first = row[0].get_text(" ", strip=True), row[1].get_text(strip=True)
            assert first in desc and (label in desc or label.lower() in desc.lower()), (label, first, desc)
    breakdown = _table(soup, "Initiativer efter status")
    status_svg = soup.find("svg", attrs={"aria-labelledby": "fig-status-title fig-status-desc"})
    bars = status_svg.select("rect.ai-chart__bar")
    assert len(bars) == sum(1 for row in _rows(breakdown) if _number(row[1].get_text(strip=True)))


def test_the_page_has_no_style_attributes_and_no_inline_script(site):
    """The Content-Security-Policy allows no inline styles or scripts: the charts' colours are classes."""
    soup = html(site, PAGE)
    article = soup.select_one("article")
    assert not article.select("[style]") and not article.find("style")
    for script in article.find_all("script"):  # the theme's own scripts are the CSP work of issue 23
        assert script.get("src") or script.get("type") == "application/json", str(script)[:120]
    assert not [a for el in article.find_all(True) for a in el.attrs if a.startswith("on")]
    css = (ROOT / "docs" / "stylesheets" / "figures.css").read_text(encoding="utf-8")
    for cls in {c for svg in article.select("svg") for el in svg.find_all(True) for c in el.get("class", [])}:
        assert f".{cls}" in css, f"klassen {cls} har ingen regel i figures.css"


def _leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    elif value is not None and not isinstance(value, bool):
        yield value


def _is_unknown(value) -> bool:
    return isinstance(value, str) and " ".join(value.split()).rstrip(".").lower() == UNKNOWN


def test_completeness_counts_fields_not_given_principles_not_assessed_and_overdue_reviews(site):
    recs = records_data()
    leaves = [v for r in recs for k, value in r.items() if k != "principle_assessments" for v in _leaves(value)]
    assessments = [a["status"] for r in recs for a in r["principle_assessments"].values()]
    with_not_assessed = sum(1 for r in recs if any(a["status"] == "ikke vurderet" for a in r["principle_assessments"].values()))
    today = builddate.build_time(ROOT).date()  # the build's date (the commit's), not the clock's
    overdue = sum(1 for r in recs if datetime.date.fromisoformat(str(r["review"]["next_review"])) < today)
    rows = {row[0].get_text(" ", strip=True): [c.get_text(strip=True) for c in row[1:]]
            for row in _rows(_table(html(site, PAGE), "Hvor meget der mangler"))}
    unknown = sum(map(_is_unknown, leaves))
    assert rows["Felter, der står som ikke oplyst"] == [
        str(unknown), str(len(leaves)), f"{round(100 * unknown / len(leaves))} %"]
    assert rows["Vurderinger mod principperne, der ikke er lavet"][:2] == [
        str(assessments.count("ikke vurderet")), str(len(assessments))]
    assert rows["Initiativer med mindst ét princip ikke vurderet"][:2] == [str(with_not_assessed), str(len(recs))]
    assert rows["Initiativer med forsinket gennemgang"][:2] == [str(overdue), str(len(recs))]
    link = _table(html(site, PAGE), "Hvor meget der mangler").find("a", href=re.compile(r"vurdering="))
    if with_not_assessed:
        assert parse_qs(urlparse(link["href"]).query) == {"vurdering": ["ikke vurderet"]}


def test_unknown_fields_by_section_add_up_to_the_whole(site):
    recs = records_data()
    per_section = Counter()
    for r in recs:
        for key, value in r.items():
            if key != "principle_assessments":
                per_section[key] += sum(map(_is_unknown, _leaves(value)))
    rows = _rows(_table(html(site, PAGE), "Felter, der står som ikke oplyst, pr. afsnit"))
    shown = [_number(row[1].get_text(strip=True)) for row in rows]
    assert sorted(shown) == sorted(n for n in per_section.values() if n)
    assert all(n > 0 for n in shown)


def test_register_overview_and_data_page_link_to_the_figures(site):
    for page in ("register", "register/data"):
        links = [a["href"] for a in html(site, page).select("article a")]
        assert any(h.rstrip("/").endswith("statistik") for h in links), (page, links)


def _git(root, *args, date: str | None = None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_new_and_changed_records_per_month_come_from_the_history(site_copy, tmp_path):
    """A register created in January, untouched in February, two records changed twice in March."""
    _git(site_copy, "init", "-q", "-b", "main")
    _git(site_copy, "add", "-A")
    _git(site_copy, "commit", "-q", "-m", "Registret", date="2025-01-15T10:00:00+01:00")
    paths = sorted(p for p in (site_copy / "registry").glob("ai-*.yml"))[:2]
    for n in range(2):
        for path in paths:
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("\ntitle: ", f"\ntitle: {'Nyt ' * (n + 1)}", 1), encoding="utf-8")
        _git(site_copy, "commit", "-q", "-am", f"Ny titel {n}", date=f"2025-03-{10 + n}T10:00:00+01:00")
    out = tmp_path / "out"
    result = mkdocs_build(site_copy, out)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [[c.get_text(strip=True) for c in row]
            for row in _rows(_table(html(out, PAGE), "Nye og ændrede registreringer pr. måned"))]
    records = len(list((site_copy / "registry").glob("ai-*.yml")))
    assert rows == [["januar 2025", str(records), "0"], ["februar 2025", "0", "0"], ["marts 2025", "0", "2"]]
    desc = html(out, PAGE).find("desc", id="fig-udvikling-desc").get_text()
    assert f"januar 2025: {records} nye, 0 ændrede" in desc and "marts 2025: 0 nye, 2 ændrede" in desc


def test_a_record_moved_to_another_risk_level_moves_in_the_table(site_copy, tmp_path):
    """The counts follow the data: a record moved to another level and status moves in the tables."""
    path = next(p for p in sorted((site_copy / "registry").glob("ai-*.yml")) if "risk_level: ikke vurderet" in p.read_text(encoding="utf-8"))
    before = Counter(r["ai_act"]["risk_level"] for r in records_data())
    rewrite_yaml(path, lambda d: d["ai_act"].update(risk_level="begrænset"))
    text = path.read_text(encoding="utf-8")
    path.write_text("# yaml-language-server: $schema=schema.json\n" + text, encoding="utf-8")
    out = tmp_path / "out"
    result = mkdocs_build(site_copy, out)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {row[0].get_text(strip=True): row[1] for row in _rows(_table(html(out, PAGE), "Initiativer efter risikoniveau"))}
    assert rows["begrænset"].get_text(strip=True) == str(before["begrænset"] + 1)
    assert rows["begrænset"].find("a")["href"] == "../?risiko=begr%C3%A6nset"
    assert _number(rows["ikke vurderet"].get_text(strip=True)) == before["ikke vurderet"] - 1


# --- in the browser ---------------------------------------------------------------------------

@pytest.mark.parametrize("width", [390, 1280])
def test_charts_fit_the_screen_and_are_drawn(browser, served_site, width):
    context = browser.new_context(base_url=served_site, locale="da-DK", viewport={"width": width, "height": 900})
    try:
        pg = context.new_page()
        open_page(pg, PAGE + "/")
        assert pg.evaluate("document.documentElement.scrollWidth") == width
        boxes = pg.eval_on_selector_all("svg.ai-chart", "els => els.map(e => e.getBoundingClientRect().toJSON())")
        assert len(boxes) >= 6
        for box in boxes:
            assert box["width"] >= min(width - 60, 300) and box["right"] <= width and box["height"] > 50, box
        # The labels are readable: at least 12 px on the screen.
        sizes = pg.eval_on_selector_all("svg.ai-chart text.ai-chart__label",
                                        "els => els.map(e => e.getBoundingClientRect().height)")
        assert min(sizes) >= 12, sizes
        fill = pg.eval_on_selector("rect.ai-chart__bar--1", "e => getComputedStyle(e).fill")
        assert fill == "rgb(57, 73, 171)", fill
    finally:
        context.close()


def test_a_count_link_opens_the_register_filtered_to_those_records(page):
    open_page(page, PAGE + "/")
    link = page.locator("table.ai-figures a[href*='kategori=']").first
    expected = int(link.inner_text())
    category = parse_qs(urlparse(link.get_attribute("href")).query)["kategori"][0]
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/register/\?kategori="))
    page.wait_for_selector("form.ai-browser:not([hidden])")
    assert page.locator("select[name=kategori]").input_value() == category
    rows = page.locator("#register-table tbody tr:visible")
    assert rows.count() == expected
    assert all(cell == category for cell in rows.locator("td[data-label=Kategori]").all_inner_texts())


def test_the_page_prints_its_tables_and_charts_without_site_chrome(browser, served_site):
    reader = print_pdf(browser, served_site, PAGE + "/")
    assert all(_is_a4(p) for p in reader.pages)
    text = _flat(" ".join(p.extract_text() for p in reader.pages))
    assert "Registret i tal" in text[:100], text[:100]
    assert "Adresse: https://ai-politik.example.dk/register/statistik/" in re.sub(r"(?<=/)\s+|\s+(?=/)", "", text)
    for caption in expected_breakdowns():
        assert caption in text
    for chrome in ["Gå til indholdet", "Material for MkDocs", "¶"]:
        assert chrome not in text
