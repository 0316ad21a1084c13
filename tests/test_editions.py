"""Editions of the policy: a throwaway repository tags udgave-1, changes principle 4 and builds.

Both texts are then at their addresses (/udgaver/1/principper/<slug>/ and /principper/<slug>/),
with links between them and a word-for-word comparison; a clone without tags builds with
--strict and says so; a tag with a wrong message stops the build with a Danish message.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser_support import new_recorded_page, open_page
from conftest import copy_site, html, mkdocs_build, run
from test_browser import BLOCKING_IMPACTS, _violations_report, axe_violations
from test_history import git, replace

P04 = "principles/p04.yml"
SLUG = "p04-risikovurdering"
OLD_TITLE = "Risikovurdering af den konkrete anvendelse"
NEW_TITLE = "Risikovurdering af hver konkret anvendelse"
P01_PAGE = "principper/p01-forretningsvaerdi"
RECORD_PAGE = "register/ai-tolk-beskaeftigelse-koebenhavn"  # last reviewed 2026-11-25


def change_p04(root: Path) -> None:
    path = root / P04
    replace(path, f"title: {OLD_TITLE}\n", f"title: {NEW_TITLE}\n")
    replace(path, "  tidligt i arbejdet.\n", "  tidligt i arbejdet og gentages ved større ændringer.\n")
    replace(path, "  - id: P04-Q3\n    text: Gælder risikovurderingen netop denne konkrete anvendelse og ikke kun "
                  "teknologien i almindelighed?\n", "")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nsource:", "\n  - id: P04-Q5\n    text: Bliver risikovurderingen gentaget, "
                                 "når anvendelsen ændres?\nsource:", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """Commits: the site (tagged udgave-1, the edition dated 1 June 2026); principle 4 changed (not yet an edition)."""
    root = copy_site(tmp_path_factory.mktemp("editions") / "src")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    # The build's "today" is the last commit's date (macros/builddate.py): after the records' reviews.
    git(root, "commit", "-q", "-m", "The policy, first edition", date="2026-11-26T10:00:00+00:00")
    git(root, "tag", "-a", "udgave-1", "-m", "1. udgave", "-m", "Dato: 2026-06-01", date="2026-11-26T10:00:00+00:00")
    change_p04(root)
    replace(root / "principles/areas.yml", "Det siger sig selv, men er alligevel afgørende:", "Det er afgørende:")
    git(root, "commit", "-q", "-am", "Principle 4: every use, reassessed", date="2026-12-01T10:00:00+00:00")
    return root


def build(root: Path, out: Path) -> subprocess.CompletedProcess:
    """mkdocs build --strict, with its log (not -q: the INFO lines are checked)."""
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def built(repo, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built")
    build(repo, out)
    return out


@pytest.fixture(scope="module")
def second(repo, tmp_path_factory) -> Path:
    """The same repository with the change published as udgave-2 (dated 1 December 2026)."""
    root = tmp_path_factory.mktemp("second") / "src"
    subprocess.run(["cp", "-r", str(repo), str(root)], check=True)
    git(root, "tag", "-a", "udgave-2", "-m", "2. udgave", "-m", "Dato: 2026-12-01", date="2026-12-01T10:00:00+00:00")
    out = root.parent / "out"
    build(root, out)
    return out


def _text(node) -> str:
    """What a sighted reader sees: the text without the visually hidden words for screen readers."""
    node = BeautifulSoup(str(node), "html.parser")  # a copy: the page stays whole for the next check
    for hidden in node.select(".ai-visually-hidden"):
        hidden.decompose()
    return " ".join(node.get_text().split())


def test_the_edition_keeps_its_text_at_its_own_address(built):
    soup = html(built, f"udgaver/1/principper/{SLUG}")
    assert soup.h1.get_text(" ", strip=True).startswith(f"Princip 4: {OLD_TITLE}")
    assert "1. udgave" in soup.title.get_text()
    notice = soup.select_one(".admonition.info")
    assert "1. udgave, 1. juni 2026" in notice.get_text(" ")
    assert "Teksten er udgivet og ændres ikke" in notice.get_text(" ")
    links = {a.get_text(" ", strip=True): a["href"] for a in notice.find_all("a")}
    assert links["Læs den gældende tekst"] == f"../../../../principper/{SLUG}/"
    assert links["se, hvad der er ændret siden"] == f"../../../../principper/{SLUG}/#udgave-1"
    questions = [li["id"] for li in soup.select("ol.ai-questions li")]
    assert questions == ["p04-q1", "p04-q2", "p04-q3", "p04-q4"]
    assert "Gælder risikovurderingen netop denne konkrete anvendelse" in _text(soup)
    # Read only: no edit button, not in the search index (its text would be a second result)
    assert soup.select_one("a.md-content__button") is None
    assert soup.select_one("[data-pagefind-body]") is None
    # In print, its own address
    assert f"Adresse: https://ai-politik.example.dk/udgaver/1/principper/{SLUG}/" in _text(soup)


def test_search_finds_the_current_text_not_the_editions(built):
    from macros.search import indexed_pages
    urls = [page["url"] for page in indexed_pages(built)]
    assert any(f"principper/{SLUG}/" in u for u in urls), urls[:20]
    assert not [u for u in urls if "udgaver/1/" in u]
    # and the current page's comparison (old words) is not indexed as its text
    current = next(p for p in indexed_pages(built) if p["url"].endswith(f"principper/{SLUG}/"))
    assert "Gælder risikovurderingen netop denne konkrete anvendelse" not in current["content"]


def test_the_current_text_is_at_the_stable_address_and_says_it_is_changed_since_the_edition(built):
    soup = html(built, f"principper/{SLUG}")
    assert soup.h1.get_text(" ", strip=True).startswith(f"Princip 4: {NEW_TITLE}")
    status = _text(soup.select_one(".ai-edition"))
    assert "Teksten er ændret efter 1. udgave og er endnu ikke udgivet som en ny udgave" in status
    assert soup.select_one("[data-pagefind-body]") is not None


def test_the_current_page_links_to_the_edition_and_shows_what_changed_word_for_word(built):
    soup = html(built, f"principper/{SLUG}")
    section = soup.find(id="udgave-1")
    assert section is not None and section.name == "h3"
    assert _text(section).startswith("1. udgave, 1. juni 2026")
    intro = section.find_next("p")
    link = intro.find("a")
    assert link.get_text(" ", strip=True) == "Princip 4, som det står i 1. udgave"
    assert link["href"] == f"../../udgaver/1/principper/{SLUG}/"
    assert "Ændret siden da: titel, vejledning, spørgsmål P04-Q3 og spørgsmål P04-Q5" in _text(intro)
    blocks = {}
    for block in section.find_all_next("div", class_="ai-diff"):
        blocks[block.strong.get_text()] = block
    title = blocks["Titel"]
    assert "Titel: 2 ord fjernet og 2 ord tilføjet." in _text(title.select_one(".ai-diff__what"))
    assert [_text(d) for d in title.find_all("del")] == ["den konkrete"]
    assert [_text(i) for i in title.find_all("ins")] == ["hver konkret"]
    assert _text(title.select_one(".ai-diff__text")) == "Risikovurdering af den konkrete hver konkret anvendelse"
    guidance = blocks["Vejledning"]
    assert [_text(i) for i in guidance.find_all("ins")] == ["og gentages ved større ændringer"]
    assert guidance.find("del") is None
    assert "Vejledning: 5 ord tilføjet." in _text(guidance)
    assert "Spørgsmål P04-Q3: fjernet siden udgaven." in _text(blocks["Spørgsmål P04-Q3"])
    assert blocks["Spørgsmål P04-Q3"].find("del") is not None
    assert "Spørgsmål P04-Q5: tilføjet siden udgaven." in _text(blocks["Spørgsmål P04-Q5"])
    # Screen readers, which do not announce <del> and <ins>, are told in words
    hidden = " ".join(s.get_text() for s in title.select(".ai-visually-hidden"))
    assert "[fjernet:" in hidden and "[tilføjet:" in hidden
    # No style attributes (the pages' CSP allows none)
    assert not soup.select("[style]")


def test_an_unchanged_principle_says_it_is_the_same_as_in_the_edition(built):
    soup = html(built, P01_PAGE)
    section = soup.find(id="udgave-1")
    assert _text(section.find_next("p")).endswith("Teksten er den samme som i den gældende politik.")
    assert not soup.select(".ai-diff")
    status = _text(soup.select_one(".ai-edition"))
    assert status.startswith("Udgave: Princippet står som i 1. udgave, 1. juni 2026.")


def test_the_editions_overview_lists_the_edition_with_its_date(built):
    soup = html(built, "udgaver")
    rows = [[" ".join(td.get_text(" ").split()) for td in tr.find_all("td")] for tr in soup.select("article table tbody tr")]
    assert rows == [["1. udgave", "1. juni 2026", "15 principper", "Hele 1. udgave"]]
    assert ("Den gældende tekst på principsiderne er ændret efter 1. udgave, 1. juni 2026 og er endnu ikke "
            "udgivet som en ny udgave") in _text(soup)
    assert soup.find("a", string="1. udgave")["href"] == "1/"
    assert soup.find("a", string="vejledningen for bidragydere")["href"] == (
        "https://github.com/ai-politik/ai-politik-site/blob/main/CONTRIBUTING.md#udgiv-en-udgave-af-politikken")


def test_the_edition_has_its_whole_text_and_print_page_carrying_the_edition(built):
    soup = html(built, "udgaver/1/principper/udskrift")
    assert f"Princip 4: {OLD_TITLE}" in _text(soup)
    meta = soup.select_one(".ai-print-meta").get_text(" ")
    assert "Udgave: 1. udgave, 1. juni 2026" in meta
    assert "https://ai-politik.example.dk/udgaver/1/principper/udskrift/" in meta
    # The running heads are a stylesheet of the edition's own, beside its page (the CSP allows no <style>)
    assert soup.find("style") is None and not soup.select("[style]")
    sheet = (built / "udgaver/1/principper/udskrift/sidehoved.css").read_text(encoding="utf-8")
    assert "Udgave: 1. udgave, 1. juni 2026" in sheet and "udgaver/1/principper/udskrift/" in sheet
    landing = html(built, "udgaver/1")
    assert "udgave-1" in landing.get_text(" ")
    changed = [a["href"] for a in landing.find(id="aendret").find_next("p").find_all("a")]
    assert changed == [f"../../principper/{SLUG}/#udgave-1"]
    area = landing.find(id="omraade-lovlighed")
    assert _text(area).startswith("Området Lovlighed mv.")
    block = area.find_next("div", class_="ai-diff")
    assert _text(block.select_one(".ai-diff__what")) == "Indledning: 5 ord fjernet."
    assert [_text(d) for d in block.find_all("del")] == ["siger sig selv, men", "alligevel"]
    current_print = html(built, "principper/udskrift").select_one(".ai-print-meta").get_text(" ")
    assert "Udgave: gældende tekst, ændret efter 1. udgave (1. juni 2026)" in current_print


def test_the_policy_feed_announces_the_edition(built):
    import xml.etree.ElementTree as ET
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(built / "feeds/politik.xml").getroot()
    entry = next(e for e in feed.findall("a:entry", ns) if e.find("a:title", ns).text == "1. udgave af politikken er udgivet")
    assert entry.find("a:link", ns).get("href") == "https://ai-politik.example.dk/udgaver/1/"
    assert entry.find("a:updated", ns).text.startswith("2026-06-01")
    assert "udgivet 1. juni 2026" in entry.find("a:summary", ns).text


def test_a_record_says_which_edition_its_assessments_were_made_against(built):
    soup = html(built, RECORD_PAGE)
    note = soup.find(id="principper").find_next("p")
    assert " ".join(note.get_text(" ").split()) == (
        "Vurderingerne er foretaget mod 1. udgave af politikken, som var gældende ved seneste gennemgang 25. november 2026.")
    assert note.a["href"] == "../../udgaver/1/"


def test_a_second_edition_is_the_current_text_and_both_are_kept(second):
    soup = html(second, f"principper/{SLUG}")
    status = _text(soup.select_one(".ai-edition"))
    assert status.startswith("Udgave: Princippet står som i 2. udgave, 1. december 2026.")
    assert _text(soup.find(id="udgave-2").find_next("p")).endswith("Teksten er den samme som i den gældende politik.")
    assert soup.find(id="udgave-1").find_next("div", class_="ai-diff") is not None
    assert html(second, f"udgaver/2/principper/{SLUG}").h1.get_text(" ", strip=True).startswith(f"Princip 4: {NEW_TITLE}")
    assert html(second, f"udgaver/1/principper/{SLUG}").h1.get_text(" ", strip=True).startswith(f"Princip 4: {OLD_TITLE}")
    assert "uændret siden 1. udgave" in html(second, P01_PAGE).select_one(".ai-edition").get_text()
    overview = html(second, "udgaver")
    rows = [tr.find("td").get_text(" ", strip=True) for tr in overview.select("article table tbody tr")]
    assert rows == ["2. udgave", "1. udgave"]
    assert "Den gældende tekst på principsiderne er 2. udgave, 1. december 2026." in _text(overview)
    # Reviewed on 25 November 2026, before the second edition of 1 December: assessed against the first
    note = html(second, RECORD_PAGE).find(id="principper").find_next("p")
    note = " ".join(note.get_text().split())
    assert "foretaget mod 1. udgave" in note
    assert "Udgave: 2. udgave, 1. december 2026" in html(second, "principper/udskrift").select_one(".ai-print-meta").get_text(" ")


def test_a_clone_without_tags_builds_strict_and_says_there_are_no_editions(repo, tmp_path):
    clone = tmp_path / "clone"
    result = run(["git", "clone", "-q", "--no-tags", f"file://{repo}", str(clone)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    log = build(clone, tmp_path / "out")
    assert re.search(r"INFO\s+-\s+Ingen udgaver af politikken: Repositoriet, som sitet er bygget fra, har ingen udgaver",
                     log.stderr), log.stderr
    assert "WARNING" not in log.stderr
    soup = html(tmp_path / "out", "udgaver")
    assert "Der er ingen udgaver at vise." in _text(soup)
    assert "git fetch --tags" in _text(soup)
    assert not (tmp_path / "out" / "udgaver" / "1").exists()
    status = html(tmp_path / "out", f"principper/{SLUG}").select_one(".ai-edition").get_text()
    assert "Der er ingen udgaver af politikken i denne bygning" in status


def test_a_shallow_clone_keeps_the_history_warning_and_says_why_it_has_no_editions(repo, tmp_path):
    clone = tmp_path / "clone"
    result = run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    strict = mkdocs_build(clone, tmp_path / "strict")
    assert strict.returncode != 0 and "shallow clone" in strict.stderr  # as for the history: not published so
    loose = run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "out")], cwd=clone)
    assert loose.returncode == 0, loose.stderr
    assert "Ingen udgaver af politikken: Sitet er bygget fra en afkortet kopi af repositoriet (shallow clone)" in loose.stderr
    assert "git fetch --unshallow --tags" in _text(html(tmp_path / "out", "udgaver"))


def test_a_copy_outside_git_builds_strict_without_editions(tmp_path):
    root = copy_site(tmp_path / "src")
    log = build(root, tmp_path / "out")
    assert "Ingen udgaver af politikken: Sitet er bygget uden git" in log.stderr
    assert "Sitet er bygget uden git" in _text(html(tmp_path / "out", "udgaver"))


@pytest.mark.parametrize("tag_args, message", [
    (["udgave-2", "-m", "2. udgave"], "udgave-2:1: Dato: tag-beskeden mangler linjen \"Dato: ÅÅÅÅ-MM-DD\""),
    (["udgave-2", "-m", "2. udgave", "-m", "Dato: 2026-02-30"], "udgave-2:3: Dato: '2026-02-30' er ikke en dato"),
    (["udgave-2", "-m", "2. udgave", "-m", "Dato: 2026-05-01"], "udgave-2 er dateret 2026-05-01, før udgave-1 (2026-06-01)"),
    (["udgave-to", "-m", "2. udgave", "-m", "Dato: 2026-07-01"], "en udgaves tag hedder udgave- og et nummer"),
])
def test_a_wrong_edition_tag_stops_the_build_with_a_danish_message(repo, tmp_path, tag_args, message):
    root = tmp_path / "src"
    subprocess.run(["cp", "-r", str(repo), str(root)], check=True)
    git(root, "tag", "-a", *tag_args)
    result = mkdocs_build(root, tmp_path / "out")
    assert result.returncode != 0
    assert message in result.stdout + result.stderr, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_checks_the_edition_tags_too(repo, tmp_path):
    from conftest import validate
    ok = validate(repo)
    assert ok.returncode == 0 and ok.stdout.strip().endswith("Udgaver af politikken: udgave-1."), ok.stdout + ok.stderr
    root = tmp_path / "src"
    subprocess.run(["cp", "-r", str(repo), str(root)], check=True)
    git(root, "tag", "-a", "udgave-2", "-m", "2. udgave", "-m", "Dato: 2026-13-01")
    bad = validate(root)
    assert bad.returncode != 0
    assert "udgave-2:3: Dato: '2026-13-01' er ikke en dato på formen ÅÅÅÅ-MM-DD" in bad.stdout + bad.stderr


def test_a_lightweight_tag_is_not_an_edition(repo, tmp_path):
    root = tmp_path / "src"
    subprocess.run(["cp", "-r", str(repo), str(root)], check=True)
    git(root, "tag", "udgave-2")
    result = mkdocs_build(root, tmp_path / "out")
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "udgave-2:1: (hele filen): tagget er et letvægts-tag uden besked; en udgave er et annoteret tag" in out, out
    assert "git tag -a -f udgave-2" in out


def test_edition_pages_are_valid_html(built):
    from test_html_valid import report, vnu_errors
    files = [built / url / "index.html" for url in EDITION_PAGES]
    errors = vnu_errors(built, files)
    found = [e for f in files for e in errors[f.resolve()]]
    assert not found, report(built, found)


EDITION_PAGES = [f"udgaver/1/principper/{SLUG}/", "udgaver/1/principper/udskrift/", "udgaver/1/",
                 "udgaver/1/principper/", f"principper/{SLUG}/", "udgaver/"]


@pytest.fixture(scope="module")
def served_editions(built):
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from browser_support import _QuietHandler
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(built)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("url", EDITION_PAGES)
def test_edition_pages_pass_axe_and_load_nothing_foreign(browser, served_editions, url):
    pg = new_recorded_page(browser, served_editions)
    try:
        open_page(pg, url)
        blocking = [v for v in axe_violations(pg) if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"{url}: {len(blocking)} alvorlige WCAG 2.1 AA-fejl\n" + _violations_report(blocking)
        assert not pg.recorded.foreign_requests(), pg.recorded.foreign_requests()
        assert not pg.recorded.console_errors(), pg.recorded.console_errors()
    finally:
        pg.context.close()


def test_keyboard_reaches_the_edition_from_the_current_principle(browser, served_editions):
    from test_browser import tab_until
    pg = new_recorded_page(browser, served_editions)
    try:
        open_page(pg, f"principper/{SLUG}/")
        tab_until(pg, lambda a: a["tag"] == "a" and a["text"] == "Princip 4, som det står i 1. udgave", limit=400)
        pg.keyboard.press("Enter")
        pg.wait_for_url(f"**/udgaver/1/principper/{SLUG}/")
        assert OLD_TITLE in pg.locator("h1").inner_text()
    finally:
        pg.context.close()


def test_every_printed_sheet_of_an_edition_carries_the_edition(browser, served_editions):
    from test_print import _flat, print_pdf
    reader = print_pdf(browser, served_editions, "udgaver/1/principper/udskrift/")
    assert len(reader.pages) >= 4
    for number, sheet in enumerate(reader.pages, 1):
        text = _flat(sheet.extract_text())
        assert "Udgave: 1. udgave, 1. juni 2026" in text, (number, text[:300])
        assert "udgaver/1/principper/udskrift/" in re.sub(r"\s+", "", sheet.extract_text()), (number, text[:300])
    whole = _flat(" ".join(s.extract_text() for s in reader.pages))
    assert f"Princip 4: {OLD_TITLE}" in whole and NEW_TITLE not in whole
