"""Shared fixtures: the real site built once, and throw-away copies to break."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import settings

from macros.cli import main as cli_main

from browser_support import browser, page, served_site  # noqa: E402,F401 - browser fixtures

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# What a site needs to build; copied into a temporary folder for tests that change it.
SITE_PARTS = ["mkdocs.yml", "mkdocs_hooks.py", "settings.yml", "docs", "overrides", "principles", "registry", "smv", "macros"]


def run(cmd: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, **kw)


def mkdocs_build(root: Path, out: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into out. Never with -q: MkDocs then drops warnings before --strict counts
    them, and a build with a broken link would pass."""
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=root)


def validate(root: Path) -> subprocess.CompletedProcess:
    """`python -m macros --root ROOT validate`, run in this process with its output captured:
    the same exit code and text as the command, without starting Python again for each case."""
    args = ["--root", str(root), "validate"]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli_main(args)
        except SystemExit as exc:  # argparse's way out: as the interpreter turns it into an exit code
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def validate_subprocess(root: Path, **kw) -> subprocess.CompletedProcess:
    """The real entry point, for the tests of its exit code and that it shows no traceback."""
    return run([sys.executable, "-m", "macros", "--root", str(root), "validate"], cwd=root, **kw)


# Hypothesis: under CI (the CI environment variable, which Hypothesis detects itself) fewer
# examples, the same ones each run; locally more, and new ones each run. HYPOTHESIS_PROFILE
# (default or ci) chooses by hand.
settings.register_profile("default", settings.get_profile("default"), max_examples=150, deadline=None)
settings.register_profile("ci", settings.get_profile("ci"), max_examples=40)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The repository's site, built with --strict into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def copy_site(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture
def site_copy(tmp_path) -> Path:
    """A private copy of the site's sources that a test may break."""
    return copy_site(tmp_path / "src")


def html(site: Path, page: str) -> BeautifulSoup:
    path = site / page / "index.html" if not page.endswith(".html") else site / page
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def read_yaml(path: Path):
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def records_data() -> list[dict]:
    """The register's records straight from YAML (registry/_*.yml and organisations.yml are register-wide lists)."""
    paths = [p for p in (ROOT / "registry").glob("*.yml") if not p.name.startswith("_") and p.name != "organisations.yml"]
    return sorted((read_yaml(p) for p in paths), key=lambda r: r["id"])


def created_file(root: Path, stdout: str) -> Path:
    """The file `python -m macros new` says it made ("Oprettet: registry/…"): its id is random."""
    return root / re.search(r"^Oprettet: (\S+)$", stdout, re.M).group(1)


def organisations_data(root: Path = ROOT) -> dict[str, dict]:
    """registry/organisations.yml straight from YAML: key -> organisation."""
    return read_yaml(root / "registry" / "organisations.yml")


def owner_name(record: dict, root: Path = ROOT) -> str:
    """The name a reader sees for a record's owner: its organisation's, or 'ikke oplyst'."""
    key = record["owner"]["organisation"]
    return "ikke oplyst" if key == "ikke oplyst" else organisations_data(root)[key]["name"]


def principles_data() -> list[dict]:
    return sorted((read_yaml(p) for p in (ROOT / "principles").glob("p*.yml")), key=lambda p: p["number"])


def areas_data() -> list[dict]:
    return read_yaml(ROOT / "principles" / "areas.yml")["areas"]


# --- helpers for bad-input tests -------------------------------------------------

def rewrite_yaml(path: Path, change) -> str:
    """Apply change() to the parsed file, write it back, return the new text."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, pattern: str, after: str | None = None, nth: int = 1) -> int:
    """1-based line of the nth line matching pattern (searching from the line matching after)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.search(after, line)) if after else 0
    hits = [n + 1 for n in range(start, len(lines)) if re.search(pattern, lines[n])]
    assert len(hits) >= nth, f"{pattern!r} found {len(hits)} times"
    return hits[nth - 1]


def assert_reported(output: str, file: str, line: int | None, field: str, message: str) -> None:
    """The output names the file, line and field with the message, and shows no traceback."""
    assert "Traceback" not in output
    line_rx = r"\d+" if line is None else str(line)
    field_rx = re.escape(field) if field else r"\(hele filen\)"
    pattern = rf"{re.escape(file)}:{line_rx}: {field_rx}: .*{re.escape(message)}"
    assert re.search(pattern, output), f"expected /{pattern}/ in:\n{output}"
