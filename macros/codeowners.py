""".github/CODEOWNERS, made from registry/organisations.yml and settings.yml.

GitHub asks a code owner of every changed file to approve a pull request. Each record file falls
to its organisation's team in the register's GitHub organisation (the owner of settings'
repo_url), and the editors' team (settings' site.editors_team) owns everything else: the policy,
the schemas, the code and the records without a named owner. The editors are listed on every
record too, so they can approve any change. `python -m macros codeowners` writes the file; a
test fails when it is out of date.

The record lines are one per file, sorted, and their order does not matter to GitHub (each
names one file); .gitattributes merges the file by union, so two branches that each add a
record merge without a conflict, and `stale` reads the lines as a set.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from .content import Content

FILE = ".github/CODEOWNERS"
HEAD = [
    "# Lavet af `python -m macros codeowners` ud fra registry/organisations.yml, registreringerne og settings.yml.",
    "# Ret ikke i filen: ret dem, og kør kommandoen igen.",
    "# Redaktionen ejer alt; en registrering ejes desuden af sin organisations team.",
]


def github_organisation(repo_url: str) -> str:
    """'https://github.com/ai-politik/ai-politik-site' -> 'ai-politik'."""
    return urlparse(repo_url).path.strip("/").split("/")[0]


def team_handle(content: Content, team: str) -> str:
    return f"@{github_organisation(content.repo_url)}/{team}"


def editors_handle(content: Content) -> str:
    return team_handle(content, content.settings["site"]["editors_team"])


def codeowners_text(content: Content) -> str:
    editors = editors_handle(content)
    lines = HEAD + ["", f"* {editors}", ""]
    for record in sorted(content.records, key=lambda r: r.source_file):
        org = content.organisation_of(record)
        if org is not None:
            lines.append(f"/{record.source_file} {team_handle(content, org.team)} {editors}")
    return "\n".join(lines) + "\n"


def _rules(text: str) -> tuple[list[str], set[str]]:
    """(the lines before the first record line, the record lines as a set)."""
    lines = text.splitlines()
    split = next((i for i, line in enumerate(lines) if line.startswith("/")), len(lines))
    return lines[:split], {line for line in lines[split:] if line.strip()}


def stale(content: Content) -> bool:
    """True when the committed file does not say what codeowners_text says (in any line order)."""
    path = Path(content.root) / FILE
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    return _rules(current) != _rules(codeowners_text(content))


def write(content: Content) -> Path:
    path = Path(content.root) / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(codeowners_text(content), encoding="utf-8")
    return path
