"""The listing pages at scale: a site of 200 synthetic records, 20 to a page (settings.yml
listing.page_size). The overview, the matrix and the gaps come in pages whose plain links reach
every record; the register browser's facets, URL, CSV and phone layout in Chromium.

Expected values come from the synthetic records as written to YAML, never from the site's code."""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from browser_support import new_recorded_page, open_page
from conftest import ROOT, copy_site, mkdocs_build
from test_browser import axe_violations, BLOCKING_IMPACTS, _violations_report, tab_until

sys.path.insert(0, str(ROOT / "bench"))
from phone import serve  # noqa: E402
from synthetic import SYNTHETIC_ORGANISATIONS, make_records, write_records  # noqa: E402

N, PAGE_SIZE = 200, 20
PRINCIPLE_IDS = [f"P{i:02d}" for i in range(1, 16)]
MAX_PAGE_BYTES = 500_000


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return sorted(make_records(N, PRINCIPLE_IDS, seed=7), key=lambda r: r["id"])


@pytest.fixture(scope="module")
def big_site(tmp_path_factory, records) -> Path:
    src = copy_site(tmp_path_factory.mktemp("listings") / "src")
    for path in (src / "registry").glob("*.yml"):
        if not path.name.startswith("_"):
            path.unlink()
    write_records(records, src / "registry")
    settings = src / "settings.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + f"listing:\n  page_size: {PAGE_SIZE}\n", encoding="utf-8")
    out = src.parent / "site"
    result = mkdocs_build(src, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def status_of(r: dict) -> str:
    return r["status_history"][-1]["status"]


def soup_of(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def crawl(site: Path, start: str, links: str) -> tuple[list[str], set[str]]:
    """Follow the plain pager from a list's first page: (the pages visited, the record pages linked)."""
    seen, queue, records = [], [start], set()
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.append(path)
        soup = soup_of(site, path)
        for a in soup.select(links):
            target = urlparse(urljoin(f"http://x/{path}", a["href"])).path.strip("/")
            if re.fullmatch(r"register/[a-z0-9-]+", target) and target != "register/mangler":
                records.add(target.split("/")[1])
        for a in soup.select("nav.ai-pager a[href]"):
            queue.append(urlparse(urljoin(f"http://x/{path}", a["href"])).path.lstrip("/"))
    return seen, records


# --- the build: pages, sizes, links ---------------------------------------------------------

def test_no_html_page_is_over_the_size_limit(big_site):
    sizes = {p.relative_to(big_site).as_posix(): p.stat().st_size for p in big_site.rglob("*.html")}
    too_big = {p: s for p, s in sizes.items() if s > MAX_PAGE_BYTES}
    assert not too_big, too_big


# The matrix pages hold half as many rows: each has a cell per principle.
@pytest.mark.parametrize("listing,table,size", [("register/", "#register-table", PAGE_SIZE),
                                                ("matrix/", "#principmatrix", PAGE_SIZE // 2)])
def test_listing_is_paged_and_its_plain_links_reach_every_record(big_site, records, listing, table, size):
    pages, linked = crawl(big_site, listing, f"{table} tbody th a")
    expected = [listing] + [f"{listing}side/{n}/" for n in range(2, N // size + 1)]
    assert sorted(pages) == sorted(expected)
    for n, path in enumerate(expected, start=1):
        rows = soup_of(big_site, path).select(f"{table} tbody tr")
        assert [tr.th.a.get_text(strip=True) for tr in rows] == \
            [" ".join(r["title"].split()) for r in records[(n - 1) * size:n * size]], path
    assert linked == {r["slug"] for r in records}


def test_gaps_are_paged_by_record_and_reach_every_record_with_a_gap(big_site):
    pages, linked = crawl(big_site, "register/mangler/", "article h2 a")
    first = soup_of(big_site, "register/mangler/")
    m = re.search(r"(\d+) mangler i (\d+) af (\d+) initiativer", first.select_one("article").get_text(" "))
    with_gaps = int(m.group(2))
    assert int(m.group(3)) == N
    assert len(pages) == -(-with_gaps // PAGE_SIZE)
    pages = ["register/mangler/"] + [f"register/mangler/side/{n}/" for n in range(2, len(pages) + 1)]
    assert [len(soup_of(big_site, p).select("article h2")) for p in pages] == \
        [PAGE_SIZE] * (len(pages) - 1) + [with_gaps - PAGE_SIZE * (len(pages) - 1)]
    assert len(linked) == with_gaps
    # The first page counts the records per kind of gap.
    assert first.select_one("article table thead").get_text(" ", strip=True).endswith("Initiativer med manglen")


def test_principle_page_shows_counts_and_the_first_rows(big_site, records):
    soup = soup_of(big_site, "principper/p04-risikovurdering")
    tally = Counter(r["principle_assessments"]["P04"]["status"] for r in records)
    counts = soup.select(".ai-counts a")
    for a in counts:
        query = parse_qs(urlparse(a["href"]).query)
        assert query["princip"] == ["P04"]
        assert a.get_text(" ", strip=True).startswith(f"{tally[query['vurdering'][0]]} ")
    assert {parse_qs(urlparse(a["href"]).query)["vurdering"][0] for a in counts} == {s for s in tally if tally[s]}
    h2 = soup.select_one("h2#initiativer")
    assert len(h2.find_next("table").select("tbody tr")) == 20


def owner(record: dict) -> str:
    """The owner's name as the register shows it (the record holds its organisation's key)."""
    key = record["owner"]["organisation"]
    return SYNTHETIC_ORGANISATIONS[key]["name"] if key in SYNTHETIC_ORGANISATIONS else key


def owner_type(record: dict) -> str:
    key = record["owner"]["organisation"]
    return SYNTHETIC_ORGANISATIONS[key]["type"] if key in SYNTHETIC_ORGANISATIONS else key


def test_rows_file_holds_every_record(big_site, records):
    data = json.loads((big_site / "register" / "oversigt.json").read_text(encoding="utf-8"))
    assert [row[0] for row in data["rows"]] == [r["id"] for r in records]
    assert [data["statuses"][row[5]] for row in data["rows"]] == [status_of(r) for r in records]
    assert [data["owners"][row[3]] for row in data["rows"]] == [owner(r) for r in records]


# --- in Chromium ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def big_url(big_site):
    with serve(big_site) as base:
        yield base


@pytest.fixture
def bpage(browser, big_url):
    pg = new_recorded_page(browser, big_url)
    yield pg
    assert not pg.recorded.console_errors(), pg.recorded.console_errors()
    pg.context.close()


def ready(page, url: str) -> None:
    open_page(page, url)
    page.wait_for_function("() => document.querySelector('form.ai-browser').aiBrowser")


def option_counts(page, name: str) -> dict[str, int]:
    texts = page.locator(f"form.ai-browser select[name={name}] option").evaluate_all(
        "os => os.filter(o => o.value).map(o => [o.value, o.textContent])")
    return {value: int(re.search(r"\((\d+)\)$", text).group(1)) for value, text in texts}


def shown_titles(page, table: str = "#register-table") -> list[str]:
    return page.locator(f"{table} tbody tr th").all_inner_texts()


def test_facet_counts_match_the_data(bpage, records):
    ready(bpage, "register/")
    status = option_counts(bpage, "status")
    assert {k: v for k, v in status.items() if v} == Counter(map(status_of, records))
    assert option_counts(bpage, "ejer") == Counter(owner(r) for r in records)
    assert option_counts(bpage, "ejertype") == Counter(owner_type(r) for r in records)
    bpage.select_option("form.ai-browser select[name=status]", "i drift")
    in_use = [r for r in records if status_of(r) == "i drift"]
    risk = option_counts(bpage, "risiko")
    assert {k: v for k, v in risk.items() if v} == Counter(r["ai_act"]["risk_level"] for r in in_use)
    category = option_counts(bpage, "kategori")
    assert {k: v for k, v in category.items() if v} == Counter(r["category"] for r in in_use)
    assert f"af {len(in_use)} initiativer (udvalgt blandt {N})" in bpage.locator(".ai-browser__count").inner_text()


def _expected_view(records, status, risk=None, query=""):
    rows = [r for r in records if status_of(r) == status and (risk is None or r["ai_act"]["risk_level"] == risk)
            and all(w in " ".join([r["id"], r["title"], owner(r), r["category"]]).lower()
                    for w in query.lower().split())]
    return sorted(rows, key=lambda r: r["review"]["last_reviewed"], reverse=True)  # ties keep id order


def test_a_filtered_url_restores_the_view_and_back_forward_work(bpage, records):
    view = _expected_view(records, "idé")
    assert len(view) > PAGE_SIZE, "the synthetic register should fill two pages of ideas"
    ready(bpage, "register/?status=id%C3%A9&sort=-gennemgaaet&side=2")
    assert bpage.locator("form.ai-browser select[name=status]").input_value() == "idé"
    assert bpage.locator("form.ai-browser select[name=sort]").input_value() == "-gennemgaaet"
    assert shown_titles(bpage) == [" ".join(r["title"].split()) for r in view[PAGE_SIZE:2 * PAGE_SIZE]]
    # A change is a new history entry, and the URL says what is shown.
    bpage.select_option("form.ai-browser select[name=risiko]", "minimal")
    assert parse_qs(urlparse(bpage.url).query)["risiko"] == ["minimal"]
    narrowed = _expected_view(records, "idé", "minimal")
    assert shown_titles(bpage) == [" ".join(r["title"].split()) for r in narrowed[:PAGE_SIZE]]
    bpage.go_back()
    bpage.wait_for_function("() => document.querySelector('form.ai-browser select[name=risiko]').value === ''")
    assert shown_titles(bpage) == [" ".join(r["title"].split()) for r in view[PAGE_SIZE:2 * PAGE_SIZE]]
    bpage.go_forward()
    bpage.wait_for_function("() => document.querySelector('form.ai-browser select[name=risiko]').value === 'minimal'")
    assert shown_titles(bpage) == [" ".join(r["title"].split()) for r in narrowed[:PAGE_SIZE]]


def test_search_in_the_register_narrows_the_rows(bpage, records):
    ready(bpage, "register/")
    word = owner(records[3]).split()[0]
    bpage.fill("form.ai-browser input[name=q]", word)
    expected = [r for r in records if word.lower() in " ".join(
        [r["id"], r["title"], owner(r), r["category"]]).lower()]
    bpage.wait_for_function(f"() => new URLSearchParams(location.search).get('q') === {json.dumps(word)}")
    assert shown_titles(bpage) == [" ".join(r["title"].split()) for r in expected[:PAGE_SIZE]]


def test_download_gives_the_filtered_rows_as_csv(bpage, records):
    ready(bpage, "register/?status=i+drift")
    with bpage.expect_download() as info:
        bpage.click("form.ai-browser [data-download]")
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as registry.csv
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:5] == ["id", "titel", "ejer", "kategori", "status"]
    assert [row[0] for row in rows[1:]] == [r["id"] for r in records if status_of(r) == "i drift"]
    assert b"\r\n" in raw


def test_matrix_summary_counts_lead_to_exactly_those_records(bpage, records):
    ready(bpage, "matrix/")
    link = bpage.locator("#matrix-overblik tbody tr").nth(3).locator("td a").nth(2)  # P04, 'ikke opfyldt'
    count = int(link.inner_text())
    assert count == sum(r["principle_assessments"]["P04"]["status"] == "ikke opfyldt" for r in records)
    link.click()
    bpage.wait_for_function("() => document.querySelector('form.ai-browser') && document.querySelector('form.ai-browser').aiBrowser")
    assert bpage.locator("form.ai-browser select[name=princip]").input_value() == "P04"
    assert f"af {count} initiativer" in bpage.locator(".ai-browser__count").inner_text()


def test_matrix_filter_and_footer_follow_the_whole_register(bpage, records):
    ready(bpage, "matrix/?status=afsluttet")
    shown = [r for r in records if status_of(r) == "afsluttet"]
    foot = bpage.evaluate("""() => [...document.querySelectorAll('#principmatrix tfoot tr')]
        .map(r => [r.dataset.word, [...r.querySelectorAll('td[data-principle]')].map(td => Number(td.textContent))])""")
    for word, numbers in foot:
        assert numbers == [sum(r["principle_assessments"][p]["status"] == word for r in shown) for p in PRINCIPLE_IDS]


PHONE_PAGES = ["register/", "register/side/2/", "matrix/", "matrix/side/2/", "register/mangler/",
               "register/mangler/side/2/", "principper/p04-risikovurdering/"]


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_at_390_px_the_page_never_scrolls_sideways(browser, big_url, path):
    context = browser.new_context(base_url=big_url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    open_page(page, path)
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    context.close()
    assert width[0] == width[1] == 390, f"{path}: {width}"


def test_at_390_px_each_overview_row_shows_title_owner_status_and_risk(browser, big_url):
    context = browser.new_context(base_url=big_url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    ready(page, "register/")
    boxes = page.evaluate("""() => [...document.querySelectorAll('#register-table tbody tr')].slice(0, 5).map(tr =>
        ['Titel', 'Ejer', 'Status', 'Risikoniveau'].map(label => {
          const r = tr.querySelector(`[data-label="${label}"]`).getBoundingClientRect();
          return [label, r.left, r.right, r.height];
        }))""")
    context.close()
    for row in boxes:
        for label, left, right, height in row:
            assert left >= 0 and right <= 390 and height > 0, (label, left, right)


AXE_PAGES = ["register/", "register/side/2/", "matrix/", "matrix/side/2/", "register/mangler/side/2/",
             "principper/p04-risikovurdering/"]


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_on_the_paged_listings(bpage, path):
    open_page(bpage, path)
    if "side" not in path and "principper" not in path and "mangler" not in path:
        bpage.wait_for_function("() => document.querySelector('form.ai-browser').aiBrowser")
    blocking = [v for v in axe_violations(bpage) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, _violations_report(blocking)


def test_keyboard_reaches_the_search_the_facets_and_the_pager(bpage):
    ready(bpage, "register/")
    path = tab_until(bpage, lambda a: a["tag"] == "input" and a["name"] == "q")
    assert len(path) < 60, f"{len(path)} tab-tryk til søgefeltet"
    reached = set()
    tab_until(bpage, lambda a: reached.add(a["filter"]) if a["tag"] == "select" else a["text"] == "Hent udsnittet (CSV)")
    assert reached >= {"status", "risiko", "kategori", "ejer", "princip", "vurdering", "sort"}
    tab_until(bpage, lambda a: a["tag"] == "button" and a["text"] == "Næste side")
    bpage.keyboard.press("Enter")
    assert parse_qs(urlparse(bpage.url).query).get("side") == ["2"]
    assert shown_titles(bpage)[0] == bpage.evaluate("() => document.querySelector('form.ai-browser').aiBrowser.shown[20].r[2]")
