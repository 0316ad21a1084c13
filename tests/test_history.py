"""History from git: a throwaway repository where one record is created, changed twice and renamed."""
from __future__ import annotations

import csv
import datetime
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest

from conftest import copy_site, html, mkdocs_build, run

from macros import history_data
from macros.content import load_content
from macros.history import load_history

RECORD = "registry/ai-0003-gladgpt-gladsaxe.yml"
RENAMED = "registry/ai-0003-gladgpt.yml"
PAGE = "register/gladgpt-gladsaxe"


def git(repo: Path, *args: str, date: str = "2026-01-01T10:00:00+00:00") -> str:
    env_dates = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    result = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
                            cwd=repo, capture_output=True, text=True, env={**_env(), **env_dates})
    assert result.returncode == 0, result.stderr
    return result.stdout


def _env() -> dict:
    import os
    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def undecided(record: Path) -> None:
    """The record as it was before the register placed it on the AI Act's levels: this history's
    story begins there (its own risk-level commit below), whatever the real record says today."""
    text = record.read_text(encoding="utf-8")
    start, end = text.index("\nai_act:\n") + 1, text.index("\nresponsibility:\n") + 1
    record.write_text(text[:start] + "ai_act:\n  risk_level: ikke vurderet\n  justification: >-\n"
                      "    Kilden placerer ikke løsningen i et af AI-forordningens risikoniveauer.\n" + text[end:],
                      encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """Commits: everything but the record; the record; its status; its risk level; its rename."""
    root = copy_site(tmp_path_factory.mktemp("repo") / "src")
    record = root / RECORD
    undecided(record)
    text = record.read_text(encoding="utf-8")
    record.unlink()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Site without GladGPT", date="2026-01-01T10:00:00+00:00")
    record.write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add GladGPT", date="2026-01-02T10:00:00+00:00")
    replace(record, '    date: "ikke oplyst"\n', '    date: "ikke oplyst"\n  - status: i drift\n    date: "2026-01-03"\n')
    git(root, "commit", "-q", "-am", "GladGPT in operation", date="2026-01-03T10:00:00+00:00")
    replace(record, "  risk_level: ikke vurderet\n", "  risk_level: begrænset\n")
    git(root, "commit", "-q", "-am", "GladGPT risk assessed", date="2026-01-04T10:00:00+00:00")
    git(root, "mv", RECORD, RENAMED)
    git(root, "commit", "-q", "-m", "Shorter file name", date="2026-01-05T10:00:00+00:00")
    return root


@pytest.fixture(scope="module")
def built(repo, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = mkdocs_build(repo, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def history_items(site: Path, page: str) -> list[str]:
    soup = html(site, page)
    heading = soup.find(id="historik")
    assert heading is not None, "no Historik section"
    return [" ".join(li.get_text().split()) for li in heading.find_next("ul").find_all("li", recursive=False)]


def test_record_page_lists_every_change_newest_first_across_the_rename(built):
    items = history_items(built, PAGE)
    assert len(items) == 4
    assert items[0].startswith("5. januar 2026: Filen er omdøbt")
    assert items[1].startswith("4. januar 2026: Risikoniveau: ikke vurderet → begrænset")
    assert items[2].startswith("3. januar 2026: Status: test/pilot → i drift")
    assert items[3].startswith("2. januar 2026: Oprettet")
    assert "GladGPT risk assessed" in items[1]


def test_a_long_text_change_links_to_the_diff_on_github(repo, tmp_path):
    record = repo.parent / "long"
    subprocess.run(["cp", "-r", str(repo), str(record)], check=True)
    replace(record / RENAMED, "purpose: >-\n", "purpose: >-\n  Ny indledning til formålet.\n")
    message = "Purpose reworded [x](javascript:alert(1)) <b>bold</b> *not em* {{ 7*7 }}"
    git(record, "commit", "-q", "-am", message, date="2026-01-06T10:00:00+00:00")
    sha = git(record, "rev-parse", "HEAD").strip()
    result = mkdocs_build(record, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    soup = html(tmp_path / "out", PAGE)
    first = soup.find(id="historik").find_next("ul").li
    assert " ".join(first.get_text().split()).startswith("6. januar 2026: Formål: ændret")
    link = first.find("a", string="Se ændringen")
    assert link["href"].startswith(f"https://github.com/ai-politik/ai-politik-site/commit/{sha}#diff-")
    # The commit message is text: no live link, markup or template
    assert first.small.get_text() == message
    assert not first.small.find_all(True)


def test_principle_pages_show_their_history(built):
    items = history_items(built, "principper/p04-risikovurdering")
    assert items == ["1. januar 2026: Oprettet Site without GladGPT"]


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_one_history_file_per_record_replays_every_version(built, repo):
    """api/historik/<id>.json: the first version whole, then only the fields each version changed;
    applied in order they give the record exactly as every version held it."""
    index = read_json(built / "register/registry-history.json")
    assert index["complete"] is True
    entry = next(r for r in index["records"] if r["id"] == "AI-0003")
    assert entry["file"] == RENAMED and entry["versions"] == 4
    assert entry["history"].endswith("/api/historik/AI-0003.json")
    data = read_json(built / "api/historik/AI-0003.json")
    versions = data["versions"]
    assert [v["message"] for v in versions] == ["Add GladGPT", "GladGPT in operation", "GladGPT risk assessed",
                                                "Shorter file name"]
    assert [v["file"] for v in versions] == [RECORD] * 3 + [RENAMED]
    assert ["record" in v for v in versions] == [True, False, False, False]  # only the first is whole
    assert versions[2]["changes"] == [{"field": "ai_act.risk_level", "before": "ikke vurderet", "after": "begrænset"}]
    assert versions[3]["changes"] == []  # the rename changed no field
    states = history_data.replay(versions)
    assert [s["status_history"][-1]["status"] for s in states] == ["test/pilot", "i drift", "i drift", "i drift"]
    assert [s["ai_act"]["risk_level"] for s in states] == ["ikke vurderet", "ikke vurderet", "begrænset", "begrænset"]
    # Every record's every version, as git holds it, is what its file replays to.
    content = load_content(repo)
    history = load_history(repo, {r.source_file: r.data for r in content.records})
    for record in content.records:
        data = read_json(built / f"api/historik/{record['id']}.json")
        expected = [json.loads(json.dumps(v.data, default=str)) for v in history.of(record.source_file)]
        assert history_data.replay(data["versions"]) == expected, record["id"]
        assert expected[-1] == json.loads(json.dumps(record.data, default=str))
    other = read_json(built / "api/historik/AI-0001.json")
    assert [v["message"] for v in other["versions"]] == ["Site without GladGPT"]


def test_a_removed_field_and_an_unreadable_version_replay_too(repo, tmp_path):
    """A field added has no "before", one taken out no "after"; a version that is not YAML is
    written whole (null), and so is the one after it."""
    work = tmp_path / "work"
    subprocess.run(["cp", "-r", str(repo), str(work)], check=True)
    path = work / RENAMED
    good = path.read_text(encoding="utf-8")
    steps = [("Former address", good + "former_slugs: [gammel-gladgpt]\n"), ("Broken", "id: [ikke lukket\n"),
             ("Mended", good), ("Former address again", good + "former_slugs: [gammel-gladgpt]\n"),
             ("Former address removed", good)]
    for day, (message, text) in enumerate(steps, start=6):
        path.write_text(text, encoding="utf-8")
        git(work, "commit", "-q", "-am", message, date=f"2026-01-{day:02d}T10:00:00+00:00")
    content = load_content(work)
    history = load_history(work, {r.source_file: r.data for r in content.records})
    record = next(r for r in content.records if r["id"] == "AI-0003")
    versions = json.loads(json.dumps(history_data.record_history(history, record)["versions"], default=str))
    assert [v["message"] for v in versions[4:]] == [message for message, _ in steps]
    assert versions[4]["changes"] == [{"field": "former_slugs", "after": ["gammel-gladgpt"]}]
    assert versions[5]["record"] is None and "changes" not in versions[5]
    assert versions[6]["record"]["id"] == "AI-0003" and "changes" not in versions[6]
    assert versions[7]["changes"] == [{"field": "former_slugs", "after": ["gammel-gladgpt"]}]
    assert versions[8]["changes"] == [{"field": "former_slugs", "before": ["gammel-gladgpt"]}]
    expected = [json.loads(json.dumps(v.data, default=str)) for v in history.of(record.source_file)]
    assert history_data.replay(versions) == expected
    assert "former_slugs" not in history_data.replay(versions)[-1]
    rows = [row for row in history_data.changes_table(content, history).rows if row[0] == "AI-0003"]
    assert [row[4:] for row in rows[-5:]] == [
        ["former_slugs", None, '["gammel-gladgpt"]'],
        ["(hele filen)", "(hele registreringen; se api/historik/<id>.json)", None],
        ["(hele filen)", None, "(hele registreringen; se api/historik/<id>.json)"],
        ["former_slugs", None, '["gammel-gladgpt"]'],
        ["former_slugs", '["gammel-gladgpt"]', None]]


def test_the_changes_table_has_a_row_per_changed_field(built):
    """registry-changes.csv/.xlsx: record, date, commit, kind, field, before, after, for the whole register."""
    data = (built / "register/registry-changes.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data, newline=""), delimiter=";"))
    assert list(rows[0]) == ["id", "dato", "commit", "handling", "felt", "før", "efter"]
    gladgpt = [(r["dato"][:10], r["handling"], r["felt"], r["før"], r["efter"]) for r in rows if r["id"] == "AI-0003"]
    assert gladgpt[0] == ("2026-01-02", "oprettet", "", "", "")
    assert ("2026-01-03", "ændret", "status_history") == gladgpt[1][:3]
    assert '"status": "i drift"' in gladgpt[1][4] and '"status": "i drift"' not in gladgpt[1][3]  # a list, as JSON
    assert gladgpt[2:] == [("2026-01-04", "ændret", "ai_act.risk_level", "ikke vurderet", "begrænset"),
                           ("2026-01-05", "omdøbt", "fil", RECORD, RENAMED)]
    book = openpyxl.load_workbook(built / "register/registry-changes.xlsx")
    cells = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    assert [["" if v is None else str(v) for v in row] for row in cells] == \
        list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))


def test_history_csv_has_a_row_per_version(built):
    rows = list(csv.DictReader(io.StringIO((built / "register/registry-history.csv").read_bytes().decode("utf-8-sig")),
                               delimiter=";"))
    gladgpt = [r for r in rows if r["id"] == "AI-0003"]
    assert [r["ændringer"] for r in gladgpt] == ["Oprettet", "Status: test/pilot → i drift",
                                                "Risikoniveau: ikke vurderet → begrænset", "Filen er omdøbt"]
    assert (built / "register/registry-history.xlsx").stat().st_size > 0


def test_a_shallow_clone_builds_with_a_warning_and_says_so_on_the_page(repo, tmp_path):
    clone = tmp_path / "clone"
    result = run(["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    strict = mkdocs_build(clone, tmp_path / "strict")
    assert strict.returncode != 0
    assert "shallow clone" in strict.stderr
    loose = run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "out")], cwd=clone)
    assert loose.returncode == 0, loose.stderr
    assert "Historikken er ufuldstændig" in loose.stderr
    items = history_items(tmp_path / "out", PAGE)
    assert items[0].startswith("5. januar 2026: Filen er omdøbt")
    assert items[1].startswith("4. januar 2026: Ældste kendte version")
    assert len(items) == 2
    assert "ufuldstændig" in html(tmp_path / "out", PAGE).find(id="historik").find_next("p").find_next("p").get_text()
    data = json.loads((tmp_path / "out/register/registry-history.json").read_text(encoding="utf-8"))
    assert data["complete"] is False


def test_a_copy_outside_git_has_no_history_and_builds_strict(tmp_path):
    root = copy_site(tmp_path / "src")
    result = mkdocs_build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert html(tmp_path / "out", PAGE).find(id="historik") is None
    data = json.loads((tmp_path / "out/register/registry-history.json").read_text(encoding="utf-8"))
    assert all(r["versions"] == 0 for r in data["records"])
    assert all(read_json(tmp_path / f"out/api/historik/{r['id']}.json")["versions"] == [] for r in data["records"])


# --- feeds -------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_feed(path: Path) -> ET.Element:
    """The feed, checked against RFC 4287's required elements (4.1.1, 4.1.2)."""
    feed = ET.parse(path).getroot()
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    datetime.datetime.fromisoformat(feed.find(f"{ATOM}updated").text)
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "summary"):
            assert (entry.find(f"{ATOM}{name}").text or "").strip(), name
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("https://")
        datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        ids.append(entry.find(f"{ATOM}id").text)
    assert len(ids) == len(set(ids))
    return feed


def entries(feed: ET.Element) -> list[tuple[str, str, str]]:
    return [(e.find(f"{ATOM}updated").text[:10], e.find(f"{ATOM}title").text, e.find(f"{ATOM}summary").text)
            for e in feed.findall(f"{ATOM}entry")]


def test_register_feed_lists_new_records_and_status_and_risk_changes_newest_first(built):
    feed = entries(parse_feed(built / "feeds/register.xml"))
    title = "GladGPT – kommunal chatbot til administrative opgaver i Gladsaxe Kommune"
    assert feed[:3] == [
        ("2026-01-04", f"{title}: Risikoniveau: ikke vurderet → begrænset", "Risikoniveau: ikke vurderet → begrænset."),
        ("2026-01-03", f"{title}: Status: test/pilot → i drift", "Status: test/pilot → i drift."),
        ("2026-01-02", f"Ny registrering: {title}", "Oprettet."),
    ]
    assert len(feed) == 3 + 8  # the rename is no news; the other eight records were created on 1 January
    assert all(t.startswith("Ny registrering: ") and d == "2026-01-01" for d, t, _ in feed[3:])
    link = parse_feed(built / "feeds/register.xml").find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link == "https://ai-politik.example.dk/register/gladgpt-gladsaxe/#historik"


def test_organisation_feed_has_only_its_records(built):
    feed = entries(parse_feed(built / "feeds/organisationer/gladsaxe-kommune.xml"))
    assert [d for d, _, _ in feed] == ["2026-01-04", "2026-01-03", "2026-01-02"]


def test_policy_feed_has_every_principle(built):
    feed = entries(parse_feed(built / "feeds/politik.xml"))
    principles = [e for e in feed if e[1].startswith("Nyt princip: Princip ")]
    assert len(principles) == 15
    # and the AI Act decision tree, the policy's tool for principle 4
    assert [e for e in feed if e not in principles] == [("2026-01-01", "Nyt: Beslutningstræet for risikoniveau (version 1)", "Oprettet.")]


def test_every_page_announces_the_feeds_and_the_footer_links_them(built):
    for page in ("", "register/gladgpt-gladsaxe", "register/organisationer/gladsaxe-kommune"):
        soup = html(built, page)
        feeds = [link["href"] for link in soup.select('head link[rel="alternate"][type="application/atom+xml"]')]
        assert any(href.endswith("feeds/register.xml") for href in feeds)
        assert any(href.endswith("feeds/politik.xml") for href in feeds)
        assert soup.select_one("footer").find("a", string="registret (Atom-feed)") is not None
    own = html(built, "register/organisationer/gladsaxe-kommune").select('head link[type="application/atom+xml"]')
    assert own[-1]["href"] == "../../../feeds/organisationer/gladsaxe-kommune.xml" and own[-1]["title"] == "Ændringer for Gladsaxe Kommune"


def test_an_uncommitted_edit_is_not_taken_for_the_last_commit_in_a_subfolder_site(tmp_path):
    """The site may sit in a subfolder of its repository; `git status` names paths from the top."""
    from macros.content import load_content
    from macros.history import load_history
    root = copy_site(tmp_path / "repo" / "site")
    undecided(root / RECORD)
    git(tmp_path / "repo", "init", "-q", "-b", "main")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", "commit", "-q", "-m", "Everything")
    replace(root / RECORD, "  risk_level: ikke vurderet\n", "  risk_level: begrænset\n")
    content = load_content(root)
    history = load_history(root, {r.source_file: r.data for r in content.records})
    (version,) = history.of(RECORD)
    assert version.data["ai_act"]["risk_level"] == "ikke vurderet"
    assert [v.data is r.data for r in content.records if r.source_file != RECORD
            for v in history.of(r.source_file)] == [True] * 8  # unchanged files are not parsed again


def test_a_review_is_news_in_the_feed_and_a_typo_fix_is_not(repo, tmp_path):
    copy = tmp_path / "review"
    subprocess.run(["cp", "-r", str(repo), str(copy)], check=True)
    replace(copy / RENAMED, '  last_reviewed: "2026-11-25"\n', '  last_reviewed: "2026-11-26"\n')
    git(copy, "commit", "-q", "-am", "GladGPT reviewed", date="2026-01-07T10:00:00+00:00")
    replace(copy / RENAMED, "purpose: >-\n", "purpose: >-\n  Rettet.\n")
    git(copy, "commit", "-q", "-am", "Typo", date="2026-01-08T10:00:00+00:00")
    result = mkdocs_build(copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    feed = entries(parse_feed(tmp_path / "out/feeds/register.xml"))
    assert feed[0][:2] == ("2026-01-07", "GladGPT – kommunal chatbot til administrative opgaver i Gladsaxe Kommune: "
                                         "Sidst gennemgået: 2026-11-25 → 2026-11-26")
    assert history_items(tmp_path / "out", PAGE)[0].startswith("8. januar 2026: Formål: ændret")


def test_a_version_that_did_not_parse_is_said_so_not_shown_as_content():
    from macros.history import Version, compare
    from macros.render.history import version_summary
    broken = Version("b" * 40, "2026-01-02T10:00:00+00:00", "Oops", RECORD, "x", None, "ændret",
                     compare({"title": "A"}, None))
    fixed = Version("c" * 40, "2026-01-03T10:00:00+00:00", "Fix", RECORD, "y", {"title": "A"}, "ændret",
                    compare(None, {"title": "A"}))
    assert version_summary(broken) == ["Filen kunne ikke læses i denne version"]
    assert version_summary(fixed) == ["Filen kan læses igen"]
