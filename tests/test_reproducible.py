"""The same commit gives the same bytes in every published file, whenever it is built: the
dates come from the commit (or SOURCE_DATE_EPOCH), never from the clock (macros/builddate.py)."""
from __future__ import annotations

import datetime
import difflib
import gzip
import os
import re
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import copy_site, validate

COMMIT_DATE = "2027-01-15T10:00:00+01:00"  # after every date in the content: nothing is "in the future"


def build(root: Path, out: Path, **env) -> None:
    """`mkdocs build --strict` as a publisher runs it (not -q: a warning is shown and stops it)."""
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=root,
                            capture_output=True, text=True, env={**environ, "NO_MKDOCS_2_WARNING": "1", **env})
    assert result.returncode == 0, result.stdout + result.stderr


def describe_difference(a: Path, b: Path) -> str:
    """Where two versions of a file differ, for a person: the zip members, or the first lines."""
    if zipfile.is_zipfile(a) and zipfile.is_zipfile(b):
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            members = [(m.filename, m.date_time) for m in za.infolist()]
            other = [(m.filename, m.date_time) for m in zb.infolist()]
            changed = [name for name, _ in members if name in zb.namelist() and za.read(name) != zb.read(name)]
            return f"zip: indhold ændret i {changed}; datoer {members[:2]} mod {other[:2]}"
    data_a, data_b = a.read_bytes(), b.read_bytes()
    if data_a[:2] == b"\x1f\x8b":
        return f"gzip: tidsstempel {data_a[4:8].hex()} mod {data_b[4:8].hex()}; " + \
            ("samme indhold" if gzip.decompress(data_a) == gzip.decompress(data_b) else "andet indhold")
    try:
        lines = difflib.unified_diff(data_a.decode().splitlines(), data_b.decode().splitlines(), lineterm="", n=0)
        return "\n    ".join(line[:160] for line in list(lines)[2:8])
    except UnicodeDecodeError:
        first = next(i for i, (x, y) in enumerate(zip(data_a, data_b)) if x != y) if len(data_a) == len(data_b) else None
        return f"binær: {len(data_a)} mod {len(data_b)} bytes, første forskel ved byte {first}"


def compare_trees(one: Path, two: Path) -> list[str]:
    files_one = {p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file()}
    files_two = {p.relative_to(two).as_posix() for p in two.rglob("*") if p.is_file()}
    problems = [f"kun i første bygning: {name}" for name in sorted(files_one - files_two)]
    problems += [f"kun i anden bygning: {name}" for name in sorted(files_two - files_one)]
    for name in sorted(files_one & files_two):
        if (one / name).read_bytes() != (two / name).read_bytes():
            problems.append(f"{name}:\n    {describe_difference(one / name, two / name)}")
    return problems


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """The site in a git repository of one commit, dated COMMIT_DATE."""
    root = copy_site(tmp_path_factory.mktemp("repo") / "src")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
           "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Site"]):
        subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
                       cwd=root, env=env, check=True, capture_output=True)
    return root


def test_two_builds_of_one_commit_are_byte_for_byte_the_same(repo, tmp_path):
    build(repo, tmp_path / "one")
    time.sleep(2.5)  # zip and gzip times have a resolution of 2 s and 1 s
    build(repo, tmp_path / "two")
    count = sum(1 for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert count > 200
    problems = compare_trees(tmp_path / "one", tmp_path / "two")
    assert not problems, f"{len(problems)} af {count} filer er forskellige:\n" + "\n".join(problems)
    # ... and their dates are the commit's, not the clock's.
    check_dates(tmp_path / "one", datetime.datetime.fromisoformat(COMMIT_DATE))


def check_dates(site: Path, moment: datetime.datetime) -> None:
    utc = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    day = utc.date()  # MkDocs dates the sitemap in UTC, and its gzip header at that day's midnight
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_text("utf-8"))) == \
        {day.isoformat()}
    header = (site / "sitemap.xml.gz").read_bytes()
    midnight = datetime.datetime.combine(day, datetime.time(), datetime.timezone.utc)
    assert struct.unpack("<I", header[4:8])[0] == int(midnight.timestamp())
    for name in ("register/registry.xlsx", "register/registry-history.xlsx", "register/registry-changes.xlsx",
                 "matrix/principmatrix.xlsx"):
        with zipfile.ZipFile(site / name) as book:
            assert {m.date_time[:5] for m in book.infolist()} == {utc.timetuple()[:5]}, name
            core = book.read("docProps/core.xml").decode()
        assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]+)<", core) == [utc.isoformat() + "Z"] * 2, name


def test_source_date_epoch_sets_every_date(repo, tmp_path):
    moment = datetime.datetime(2027, 2, 1, 12, 30, tzinfo=datetime.timezone.utc)
    build(repo, tmp_path / "site", SOURCE_DATE_EPOCH=str(int(moment.timestamp())))
    check_dates(tmp_path / "site", moment)


def test_a_bad_source_date_epoch_is_explained_in_danish(site_copy, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "i går")
    result = validate(site_copy)
    assert result.returncode != 0
    assert "SOURCE_DATE_EPOCH: Miljøvariablen SOURCE_DATE_EPOCH skal være et helt antal sekunder" in result.stderr
    assert "'i går'" in result.stderr and "Traceback" not in result.stderr
