"""The principle matrix (/matrix/), its CSV, and each principle page's list of initiatives,
checked against the YAML read independently with yaml.safe_load."""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from functools import lru_cache
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from browser_support import open_page
from conftest import ROOT, areas_data, html, owner_name, principles_data, read_yaml, records_data

STATUSES = ["opfyldt", "delvist", "ikke opfyldt", "ikke relevant", "ikke vurderet"]
SYMBOLS = {"opfyldt": "✔", "delvist": "◐", "ikke opfyldt": "✘", "ikke relevant": "–", "ikke vurderet": "?"}


def records() -> list[dict]:
    return records_data()


def status_of(record: dict) -> str:
    return record["status_history"][-1]["status"]


def pids() -> list[str]:
    return [p["id"] for p in principles_data()]


@pytest.fixture(scope="module")
def matrix(site) -> BeautifulSoup:
    return html(site, "matrix")


def test_header_groups_the_principles_under_the_four_questions(matrix):
    head_rows = matrix.select("#principmatrix thead tr")
    assert len(head_rows) == 2
    areas = [th for th in head_rows[0].find_all("th") if th.get("scope") == "colgroup"]
    by_area = Counter(p["area"] for p in principles_data())
    assert [(th.get_text(strip=True), int(th["colspan"])) for th in areas] == \
        [(a["question"], by_area[a["id"]]) for a in areas_data()]
    columns = head_rows[1].find_all("th")
    principles = principles_data()
    assert [th.get_text(strip=True) for th in columns] == [p["id"] for p in principles]
    for th, p in zip(columns, principles):
        assert th.a["href"] == f"../principper/{p['slug']}/"
        assert th.abbr["title"] == p["title"]
    # The short titles are also written out in the key above the table, for sighted readers and print.
    key = matrix.select_one(".ai-matrix-key").get_text(" ", strip=True)
    for p in principles:
        assert f"{p['id']} {p['title']}" in key


def test_each_row_shows_the_record_its_status_and_risk_level(matrix):
    rows = matrix.select("#principmatrix tbody tr")
    recs = records()
    assert len(rows) == len(recs)
    for row, r in zip(rows, recs):
        th = row.find("th")
        assert th.get_text(strip=True) == " ".join(r["title"].split())
        assert th.a["href"] == f"../register/{r['slug']}/"
        tds = row.find_all("td")
        assert tds[0].get_text(strip=True) == status_of(r)
        assert tds[1].get_text(strip=True) == r["ai_act"]["risk_level"]


def test_each_cell_shows_symbol_and_word_and_links_to_the_evidence(matrix):
    for row, r in zip(matrix.select("#principmatrix tbody tr"), records()):
        cells = row.find_all("td")[2:]
        assert len(cells) == len(pids())
        for cell, pid in zip(cells, pids()):
            status = r["principle_assessments"][pid]["status"]
            assert cell.get_text() == f"{SYMBOLS[status]} {status}"  # symbol + word, never colour alone
            assert cell.a.span.get_text() == f" {status}"            # the word, hidden on screen, printed
            assert cell.a["href"] == f"../register/{r['slug']}/#vurdering-{pid.lower()}"


def test_every_cell_link_points_to_an_anchor_that_exists(site, matrix):
    @lru_cache(maxsize=None)
    def ids_on(path: str) -> frozenset:
        target = site / path.lstrip("/") / "index.html"
        assert target.exists(), f"{path} findes ikke"
        soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
        return frozenset(el["id"] for el in soup.select("[id]"))

    links = matrix.select("#principmatrix tbody td a")
    assert len(links) == len(records()) * len(pids())
    for a in links:
        url = urlparse(urljoin("http://x/matrix/", a["href"]))
        assert url.fragment, a["href"]
        assert url.fragment in ids_on(url.path), f"{a['href']}: ankeret findes ikke"


def test_footer_counts_equal_counts_from_the_yaml(matrix):
    expected = {pid: Counter(r["principle_assessments"][pid]["status"] for r in records()) for pid in pids()}
    foot = matrix.select("#principmatrix tfoot tr")
    seen = set()
    for row in foot:
        label = row.th.get_text(" ", strip=True)
        status = next(s for s in sorted(STATUSES, key=len, reverse=True) if label.endswith(s))
        assert SYMBOLS[status] in label  # the footer's label carries the symbol too
        seen.add(status)
        counts = [int(td.get_text()) for td in row.find_all("td") if not td.get("colspan")]
        assert counts == [expected[pid][status] for pid in pids()], status
    assert seen == set(STATUSES)
    # Every column adds up to the number of records.
    for i, pid in enumerate(pids()):
        assert sum(int(row.select("td:not([colspan])")[i].get_text()) for row in foot) == len(records())


def test_matrix_has_the_register_browser(matrix):
    form = matrix.select_one("form.ai-browser")
    assert (form["data-table"], form["data-mode"]) == ("principmatrix", "matrix")
    assert [s["name"] for s in form.select("select")] == ["status", "risiko", "kategori", "ejer", "ejertype",
                                                           "princip", "vurdering", "sort"]
    owners = [o["value"] for o in form.select("select[name=ejer] option") if o["value"]]
    assert owners == sorted({owner_name(r) for r in records()}, key=str.casefold)


def test_matrix_page_is_in_the_nav_and_links_the_downloads(site, matrix):
    assert matrix.select_one('nav.md-nav a.md-nav__link--active[href="./"]'), "matricen mangler i navigationen"
    for name in ("principmatrix.csv", "principmatrix.xlsx"):
        assert matrix.select_one(f'a.md-button[href="{name}"]')
        assert (site / "matrix" / name).is_file()


def test_matrix_html_stays_compact(site):
    """Per cell only td, a and the hidden word: the page must scale to 1,000 records."""
    raw = (site / "matrix" / "index.html").read_text(encoding="utf-8")
    body = raw[raw.index("<tbody>"):raw.index("</tbody>")]
    cells = len(records()) * len(pids())
    assert len(body) / cells < 160, f"{len(body) / cells:.0f} tegn pr. celle"


# --- CSV ----------------------------------------------------------------------------

def test_csv_parses_and_matches_the_yaml(site):
    text = (site / "matrix" / "principmatrix.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == ["id", "titel", "status", "risikoniveau", "kategori", *pids()]
    assert len(rows) == 1 + len(records())
    for row, r in zip(rows[1:], records()):
        assert row == [r["id"], r["title"], status_of(r), r["ai_act"]["risk_level"], r["category"],
                       *(r["principle_assessments"][pid]["status"] for pid in pids())]


# --- the principle pages ---------------------------------------------------------------

def _section(soup):
    h2 = soup.select_one("h2#initiativer")
    assert h2, "afsnittet om initiativerne mangler"
    table = None
    for sib in h2.find_next_siblings():
        if sib.name == "h2":
            break
        table = table or (sib if sib.name == "table" else sib.find("table"))
    return h2, table, soup.select_one("#ikke-vurderede")


def _slug_of(href: str) -> str:
    m = re.fullmatch(r"\.\./\.\./register/([a-z0-9-]+)/#vurdering-p\d\d", href)
    assert m, href
    return m.group(1)


def test_each_principle_page_lists_exactly_the_records_that_assessed_it(site):
    """'Assessed' = any status except 'ikke vurderet'; the page says so, and names the others below."""
    for p in principles_data():
        pid = p["id"]
        soup = html(site, f"principper/{p['slug']}")
        h2, table, pending = _section(soup)
        assert "ikke relevant" in h2.find_next_sibling("p").get_text()  # the definition is on the page
        assessed = [r for r in records() if r["principle_assessments"][pid]["status"] != "ikke vurderet"]
        others = [r for r in records() if r["principle_assessments"][pid]["status"] == "ikke vurderet"]
        rows = table.select("tbody tr") if table else []
        assert [_slug_of(tr.a["href"]) for tr in rows] == [r["slug"] for r in assessed], pid
        for tr, r in zip(rows, assessed):
            assert tr.a["href"].endswith(f"#vurdering-{pid.lower()}")
            cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
            a = r["principle_assessments"][pid]
            assert cells[1:] == [status_of(r), f"{SYMBOLS[a['status']]} {a['status']}", " ".join(a["evidence"].split())]
        if others:
            assert [_slug_of(a["href"]) for a in pending.select("a")] == [r["slug"] for r in others], pid
        else:
            assert pending is None


def test_principle_page_links_reach_the_record_anchor(site):
    p = principles_data()[0]
    _, table, _ = _section(html(site, f"principper/{p['slug']}"))
    for a in table.select("tbody a"):
        url = urlparse(urljoin(f"http://x/principper/{p['slug']}/", a["href"]))
        soup = BeautifulSoup((site / url.path.lstrip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.find(id=url.fragment), a["href"]


# --- in a browser ------------------------------------------------------------------------

def test_filtering_updates_rows_and_footer_counts(page):
    open_page(page, "matrix/")
    page.wait_for_function("() => !document.querySelector('form.ai-browser').hidden")
    for status in ("test/pilot", "idé"):
        page.select_option("form.ai-browser select[name=status]", status)
        shown = [r for r in records() if status_of(r) == status]
        assert page.locator("#principmatrix tbody tr").count() == len(shown)
        footer = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#principmatrix tfoot tr')]
            .map(r => [r.dataset.count, [...r.querySelectorAll('td:not([colspan])')].map(td => Number(td.textContent))]))""")
        classes = {"opfyldt": "a-o", "delvist": "a-d", "ikke opfyldt": "a-n", "ikke relevant": "a-r", "ikke vurderet": "a-v"}
        for s, cls in classes.items():
            assert footer[cls] == [sum(r["principle_assessments"][pid]["status"] == s for r in shown) for pid in pids()], (status, s)
    page.select_option("form.ai-browser select[name=status]", "")
    assert page.locator("#principmatrix tbody tr").count() == len(records())
    assert "status=" not in page.url


def test_header_sticks_while_the_matrix_scrolls(page):
    page.set_viewport_size({"width": 1000, "height": 500})  # the container is shorter than the table
    open_page(page, "matrix/")
    result = page.evaluate("""() => {
      const wrap = document.querySelector('.ai-matrix-wrap');
      const before = wrap.scrollHeight > wrap.clientHeight;
      wrap.scrollTop = wrap.scrollHeight; wrap.scrollLeft = wrap.scrollWidth;
      const top = wrap.getBoundingClientRect().top, left = wrap.getBoundingClientRect().left;
      return {scrolls: before, scrolled: wrap.scrollTop,
              first: document.querySelector('#principmatrix thead tr th').getBoundingClientRect().top - top,
              rowHead: document.querySelector('#principmatrix tbody tr:last-child th').getBoundingClientRect().left - left};
    }""")
    assert result["scrolls"] and result["scrolled"] > 0, result
    assert -1 <= result["first"] <= 2, result      # the header row is still at the top of the container
    assert -1 <= result["rowHead"] <= 2, result    # the initiative column is still at its left edge


def _pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(w), float(h)) for w, h in
            re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)]


def test_matrix_prints_on_a4_landscape_and_other_pages_do_not(page):
    open_page(page, "matrix/")
    sizes = _pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))
    assert sizes and all(abs(w - 841.9) < 2 and abs(h - 595.3) < 2 for w, h in sizes), sizes  # A4 landscape
    page.emulate_media(media="print")
    word = page.locator("#principmatrix tbody td a span").first.bounding_box()
    assert word and word["width"] > 5, "ordet bag symbolet skal stå på papiret"
    page.emulate_media(media="screen")
    open_page(page, "principper/")
    sizes = _pdf_pages(page.pdf(prefer_css_page_size=True))
    assert sizes and all(h > w for w, h in sizes), sizes
