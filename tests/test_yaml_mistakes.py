"""The YAML mistakes a contributor who does not program makes, one record file each, through
`python -m macros validate` and `mkdocs build`: each reported in Danish at the line of the real
mistake, with the field where one can be named, never in the parser's English."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, assert_reported, copy_site, mkdocs_build, validate

BASE_NAME = "ai-0001-ai-tolk-beskaeftigelse-koebenhavn.yml"
BASE = (ROOT / "registry" / BASE_NAME).read_text(encoding="utf-8")
# Words of PyYAML's and Python's own messages that must never reach a contributor.
ENGLISH = re.compile(r"\b(while|scanning|mapping|expected|found|token|block|stream|Traceback|True|False|"
                     r"str|int|dict|list|NoneType|bool|invalid|continuation|codec)\b|\[0-9\]|\^P|\{2\}")


@dataclass
class Mistake:
    name: str
    old: str        # the text in the base record ...
    new: str        # ... and what the contributor wrote instead
    field: str
    message: str
    line_of: str = ""  # the changed text's line if empty; else the line holding this text
    encoding: str = "utf-8"


MISTAKES = [
    Mistake("tab", "  unit: Beskæftigelses", "\tunit: Beskæftigelses", "owner.unit", "rykket ind med tabulator; brug mellemrum"),
    Mistake("indent-deeper", "  unit: Beskæftigelses", "   unit: Beskæftigelses", "owner.unit", "rykket længere ind end linjen før"),
    Mistake("indent-shallower", "  unit: Beskæftigelses", " unit: Beskæftigelses", "owner.unit", "indrykningen passer ikke"),
    Mistake("colon", "title: AI-tolk i", "title: AI-tolk: i", "title", "sæt hele teksten i anførselstegn"),
    Mistake("hash", "title: AI-tolk i", "title: AI-tolk #1 i", "title", "teksten afbrydes af ' #'"),
    Mistake("unclosed-quote", 'date: "ikke oplyst"', 'date: "ikke oplyst', "status_history[0].date",
            "anførselstegnet, der begynder på denne linje, bliver aldrig lukket"),
    Mistake("unclosed-bracket", "  models: []", "  models: [GPT, Whisper", "technology.models",
            "parentesen på denne linje bliver aldrig lukket"),
    Mistake("item-for-field", "  unit: Beskæftigelses", "  - unit: Beskæftigelses", "owner.unit",
            "her står et listepunkt ('- '), hvor der skulle stå et felt"),
    Mistake("field-for-item", "  - borgersamtaler", "  borgersamtaler: ja", "tags.borgersamtaler",
            "her står et felt (navn: værdi), hvor der skulle stå et listepunkt"),
    Mistake("yes", 'personal_data: "ja"', "personal_data: yes", "data.personal_data",
            "'yes' er ikke en tilladt værdi; brug en af: 'ja', 'nej', 'ikke oplyst'; YAML læser ord som yes, no"),
    Mistake("off", 'personal_data: "ja"', "personal_data: off", "data.personal_data", "'off' er ikke en tilladt værdi"),
    Mistake("latin-1", "title: AI-tolk i borgersamtaler på", "title: AI-tolk i borgersamtaler på", "",
            "filen er ikke gemt som UTF-8", encoding="cp1252"),
    Mistake("nbsp-indent", "  unit: Beskæftigelses", "\u00a0\u00a0unit: Beskæftigelses", "unit",
            "indrykningen indeholder et hårdt mellemrum (U+00A0)"),
    Mistake("zero-width-key", "  unit: Beskæftigelses", "  un\u200bit: Beskæftigelses", "unit",
            "feltnavnet indeholder et usynligt tegn uden bredde (U+200B)"),
    Mistake("no-such-date", 'last_reviewed: "2026-11-25"', 'last_reviewed: "2026-02-31"', "review.last_reviewed",
            "datoen 2026-02-31 findes ikke i kalenderen"),
    Mistake("future-status", 'date: "ikke oplyst"', 'date: "2099-01-15"', "status_history[0].date",
            "statusændringen (2099-01-15) ligger i fremtiden"),
    Mistake("future-legal", 'last_assessed: "ikke oplyst"', 'last_assessed: "2099-03-01"', "legal.last_assessed",
            "den juridiske vurdering (2099-03-01) ligger i fremtiden"),
    Mistake("principle-P4", "  P04:", "  P4:", "principle_assessments.P4", "skriv P04"),
    Mistake("principle-p4", "  P04:", "  p4:", "principle_assessments.p4", "skriv P04"),
    Mistake("principle-princip-4", "  P04:", "  princip 4:", "principle_assessments.princip 4", "skriv P04"),
    Mistake("http", "    year: 2026\n    section: >-", "    year: 2026\n    url: http://www.kk.dk/tolk\n    section: >-",
            "sources[0].url", "skal være en webadresse, der begynder med https://", line_of="    url: http://"),
]


def _record(mistake: Mistake, number: int) -> tuple[str, bytes, int]:
    """(file name, bytes, line of the mistake) of the base record with the mistake in it."""
    assert mistake.old in BASE, mistake.name
    text = BASE.replace(mistake.old, mistake.new, 1)
    # Its own id and address, so the register-wide rules do not mix the cases up.
    text = text.replace("id: AI-0001", f"id: AI-{100 + number:04d}", 1)
    text = text.replace("slug: ai-tolk-beskaeftigelse-koebenhavn", f"slug: fejl-{mistake.name.lower()}", 1)
    line = text[:text.index(mistake.line_of or mistake.new.split("\n")[0])].count("\n") + 1
    return f"ai-{100 + number:04d}-fejl-{mistake.name}.yml", text.encode(mistake.encoding, errors="replace"), line


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory) -> tuple[Path, dict]:
    root = copy_site(tmp_path_factory.mktemp("mistakes") / "src")
    where = {}
    for number, mistake in enumerate(MISTAKES):
        name, data, line = _record(mistake, number)
        (root / "registry" / name).write_bytes(data)
        where[mistake.name] = (f"registry/{name}", line)
    bom_name = "ai-0200-med-bom.yml"
    bom = BASE.replace("id: AI-0001", "id: AI-0200", 1).replace("slug: ai-tolk-beskaeftigelse-koebenhavn", "slug: med-bom")
    (root / "registry" / bom_name).write_bytes(b"\xef\xbb\xbf" + bom.encode("utf-8"))
    where["bom"] = (f"registry/{bom_name}", 1)
    return root, where


@pytest.fixture(scope="module")
def validate_output(broken_site) -> str:
    result = validate(broken_site[0])
    assert result.returncode == 1
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def build_output(broken_site, tmp_path_factory) -> str:
    result = mkdocs_build(broken_site[0], tmp_path_factory.mktemp("out"))
    assert result.returncode != 0
    return result.stdout + result.stderr


def _own_lines(output: str, file: str) -> list[str]:
    return [line for line in output.splitlines() if file in line]


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
@pytest.mark.parametrize("command", ["validate_output", "build_output"])
def test_a_mistake_is_explained_in_danish_at_its_line(mistake, command, broken_site, request):
    output = request.getfixturevalue(command)
    file, line = broken_site[1][mistake.name]
    assert_reported(output, file, line, mistake.field, mistake.message)
    own = _own_lines(output, file)
    assert not [text for text in own if ENGLISH.search(text)], own
    assert not any("YAML-syntaksfejl: " + word in "\n".join(own) for word in ("while", "mapping", "did"))


@pytest.mark.parametrize("command", ["validate_output", "build_output"])
def test_a_byte_order_mark_is_simply_accepted(command, broken_site, request):
    file, _ = broken_site[1]["bom"]
    assert _own_lines(request.getfixturevalue(command), file) == []
