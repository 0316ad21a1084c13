"""The register as a reader sees it: one page per record, the overview, the model record."""
from __future__ import annotations

from conftest import ROOT, html, owner_name, principles_data, read_yaml, records_data

TOLK = "register/ai-tolk-beskaeftigelse-koebenhavn"


def records() -> list[dict]:
    return records_data()


def _section_table(soup, heading_id: str):
    return soup.find(id=heading_id).find_next("table")


def _rows(table) -> list[list[str]]:
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])] for tr in table.select("tbody tr")]


def test_every_record_has_a_page_kept_out_of_the_nav(site):
    recs = records()
    assert len(recs) >= 9
    nav_html = str(html(site, "principper").select_one("nav.md-nav--primary"))
    for r in recs:
        soup = html(site, f"register/{r['slug']}")
        assert soup.select_one("article h1").get_text(strip=True).rstrip("¶") == r["title"]
        assert f"register/{r['slug']}/" not in nav_html


def test_ai_tolk_page_shows_the_budget_by_item_and_the_stated_total(site):
    soup = html(site, TOLK)
    rows = _rows(_section_table(soup, "budget"))
    items = read_yaml(next((ROOT / "registry").glob("ai-0001-*.yml")))["budget"]["items"]
    for item, row in zip(items, rows):
        assert row[0] == item["item"]
        assert row[2] == f"{item['amount_dkk']:,}".replace(",", ".") + " kr."
    assert rows[len(items)] == ["Sum af posterne", "–", "1.050.000 kr."]
    text = soup.select_one("article").get_text(" ", strip=True)
    assert "Samlet budgetramme ifølge kilden: 1.000.000 kr." in text
    assert "350.000 kr." in text and "400.000 kr." in text


def test_ai_tolk_page_has_seven_risk_rows_with_their_ratings(site):
    soup = html(site, TOLK)
    rows = _rows(_section_table(soup, "risici"))
    assert [(r[0], r[1]) for r in rows] == [
        ("juridisk", "lav"),
        ("databeskyttelse og informationssikkerhed", "lav"),
        ("teknisk kvalitet", "middel"),
        ("etik og bias", "lav"),
        ("brugeraccept og tillid", "middel"),
        ("økonomi og drift", "lav–middel"),
        ("organisatorisk forankring", "lav–middel"),
    ]


def test_ai_tolk_page_shows_need_follow_up_goals_and_consultation(site):
    soup = html(site, TOLK)
    record = records()[0]
    goals = _rows(_section_table(soup, "opfoelgning"))
    assert [g[0] for g in goals] == [" ".join(g["goal"].split()) for g in record["follow_up_goals"]]
    assert len(goals) == 6
    consulted = _rows(_section_table(soup, "inddragelse"))
    assert ("Center for Økonomi, Økonomiforvaltningen (CFØ)", "godkendt", "9. januar 2026") in [tuple(c[:3]) for c in consulted]
    text = soup.select_one("article").get_text(" ", strip=True)
    assert "14.000" in text and "13 mio. kr." in text
    assert "beskæftigelsesreform" in text


def test_each_assessment_links_to_its_principle_page(site):
    soup = html(site, TOLK)
    blocks = soup.select("section.ai-assessment")
    links = [block.select_one("h3 a")["href"] for block in blocks]
    assert links == [f"../../principper/{p['slug']}/" for p in principles_data()]
    record = records()[0]
    for p, block in zip(principles_data(), blocks):
        # The anchor is a labelled block with a visible heading, verdict and reasoning, not an empty span.
        assert block["id"] == f"vurdering-{p['id'].lower()}"
        heading = block.find(id=block["aria-labelledby"])
        assert heading.get_text(" ", strip=True) == f"{p['id']} {' '.join(p['title'].split())}"
        assessment = record["principle_assessments"][p["id"]]
        assert assessment["status"] in block.select_one(".ai-assessment__verdict").get_text()
        assert " ".join(assessment["evidence"].split()) in block.get_text(" ", strip=True)


def test_record_page_offers_error_report_and_edit_of_the_yaml(site):
    soup = html(site, TOLK)
    report = soup.find("a", string="Rapportér en fejl i denne registrering")
    assert report["href"].startswith("https://github.com/") and "/issues/new?title=" in report["href"]
    assert "AI-0001" in report["href"]
    edit = soup.select_one("a.md-content__button[rel=edit]")
    assert edit["href"].endswith("/registry/ai-0001-ai-tolk-beskaeftigelse-koebenhavn.yml")


def test_overview_lists_every_record_with_the_browser_controls(site):
    soup = html(site, "register")
    table = soup.select_one("table#register-table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == ["Titel", "Ejer", "Kategori", "Status", "Risikoniveau", "Sidst gennemgået"]
    rows = table.select("tbody tr")
    recs = records()
    assert len(rows) == len(recs)  # fewer than a page: all on the first
    for row, r in zip(rows, recs):
        cells = {c["data-label"]: c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])}
        assert cells["Titel"] == r["title"]
        assert row.find("a")["href"] == f"{r['slug']}/"
        assert cells["Ejer"] == owner_name(r)
        assert cells["Kategori"] == r["category"]
        assert cells["Status"] == r["status_history"][-1]["status"]
        assert cells["Risikoniveau"] == r["ai_act"]["risk_level"]
    form = soup.select_one("form.ai-browser")
    assert form.has_attr("hidden")  # shown by the script; without JavaScript the plain table remains
    assert [s["name"] for s in form.select("select")] == ["status", "risiko", "kategori", "ejer", "ejertype",
                                                           "princip", "vurdering", "sort"]
    assert form.select_one("input[type=search][name=q]")
    assert form.select_one("button[data-download]").get_text(strip=True) == "Hent udsnittet (CSV)"
    assert not soup.select("nav.ai-pager"), "ingen sider, når alle initiativer står på første side"
