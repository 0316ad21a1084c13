"""Every register rule has a failing input with its expected message (file, line, field)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import assert_reported, line_of, mkdocs_build, rewrite_yaml, validate, validate_subprocess

TOLK = "registry/ai-0001-ai-tolk-beskaeftigelse-koebenhavn.yml"
THISTED = "registry/ai-0002-tale-til-tekst-hjemmeplejen-thisted.yml"


def rewrite(root: Path, rel: str, change) -> str:
    return rewrite_yaml(root / rel, change)


def case(rel, change, pattern, field, message, after=None):
    """A mutation of one record and the error it must produce."""
    def apply(root):
        text = rewrite(root, rel, change)
        line = 1 if pattern is None else line_of(text, pattern, after)
        return rel, line, field, message
    return apply


def _set(path, value):
    def change(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _del(path):
    def change(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return change


def _text_case(rel, transform, field, message):
    def apply(root):
        path = root / rel
        text, line = transform(path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
        return rel, line, field, message
    return apply


def _syntax(text):
    lines = text.splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[n] = 'title: "AI-tolk'
    return "\n".join(lines) + "\n", n + 1


def _dup_key(text):
    return text + "category: sundhed\n", len(text.splitlines()) + 1


def _duplicate_record(root):
    src = root / TOLK
    dest = root / "registry/ai-0100-kopi.yml"
    shutil.copy(src, dest)
    text = rewrite(root, "registry/ai-0100-kopi.yml", _set(("slug",), "kopi-af-ai-tolk"))
    return "registry/ai-0100-kopi.yml", line_of(text, "^id:"), "id", "id'et 'AI-0001' er allerede brugt i " + TOLK


def _duplicate_slug(root):
    src = root / TOLK
    dest = root / "registry/ai-0100-kopi.yml"
    shutil.copy(src, dest)
    text = rewrite(root, "registry/ai-0100-kopi.yml", _set(("id",), "AI-0100"))
    return "registry/ai-0100-kopi.yml", line_of(text, "^slug:"), "slug", "adressen 'ai-tolk-beskaeftigelse-koebenhavn' er allerede brugt"


def _former_slug_taken(root):
    text = rewrite(root, THISTED, _set(("former_slugs",), ["ai-tolk-beskaeftigelse-koebenhavn"]))
    return THISTED, line_of(text, r"^- ai-tolk", after="^former_slugs:"), "former_slugs[0]", "er allerede brugt i " + TOLK


def _unknown_principle(root):
    text = rewrite(root, TOLK, lambda d: d["principle_assessments"].update(P16={"status": "opfyldt", "evidence": "x"}))
    return TOLK, line_of(text, "^  P16:"), "principle_assessments.P16", "princippet 'P16' findes ikke i politikken"


def _not_a_mapping(root):
    (root / TOLK).write_text("- bare en liste\n", encoding="utf-8")
    return TOLK, 1, "", "filen skal indeholde felter"


def _empty(root):
    (root / TOLK).write_text("# kun en kommentar\n", encoding="utf-8")
    return TOLK, 1, "", "filen er tom"


CASES = {
    "yaml-syntax": _text_case(TOLK, _syntax, "title", "YAML-syntaksfejl: anførselstegnet, der begynder på denne linje, bliver aldrig lukket"),
    "duplicate-key": _text_case(TOLK, _dup_key, "category", "feltet står mere end én gang"),
    "not-a-mapping": _not_a_mapping,
    "empty-file": _empty,
    "missing-field": case(TOLK, _del(("purpose",)), None, "purpose", "feltet mangler"),
    "missing-nested-field": case(TOLK, _del(("legal", "basis")), "^legal:", "legal.basis", "feltet mangler"),
    "unknown-field": case(TOLK, _set(("budjet",), 5), "^budjet:", "budjet", "ukendt felt"),
    "unknown-nested-field": case(TOLK, _set(("ai_act", "level"), "høj"), "^  level:", "ai_act.level", "ukendt felt; tilladte felter her: decision, eu_database, justification, risk_level"),
    "wrong-type": case(TOLK, _set(("tags",), "tolkning"), "^tags:", "tags", "skal være en liste, ikke tekst"),
    "wrong-type-amount": case(TOLK, _set(("budget", "items", 0, "amount_dkk"), "350 t.kr."), "amount_dkk: 350 t.kr.", "budget.items[0].amount_dkk", "skal være et heltal, ikke tekst"),
    "bad-enum-risk": case(TOLK, _set(("ai_act", "risk_level"), "medium"), "^  risk_level:", "ai_act.risk_level", "'medium' er ikke en tilladt værdi; brug en af: 'ikke omfattet', 'minimal', 'begrænset', 'høj', 'uacceptabel', 'ikke vurderet'"),
    "bad-enum-rating": case(TOLK, _set(("risks", 5, "rating"), "lav-middel"), "rating: lav-middel", "risks[5].rating", "'lav-middel' er ikke en tilladt værdi"),
    "bad-enum-category": case(TOLK, _set(("category",), "transport"), "^category:", "category", "'transport' er ikke en tilladt værdi"),
    "bad-enum-assessment": case(TOLK, _set(("principle_assessments", "P04", "status"), "ja"), "status: ja", "principle_assessments.P04.status", "'ja' er ikke en tilladt værdi"),
    "bad-date-impossible": case(TOLK, _set(("review", "created"), "2025-13-40"), "created:", "review.created", "datoen 2025-13-40 findes ikke i kalenderen"),
    "bad-date-format": case(TOLK, _set(("review", "next_review"), "1/5/2027"), "next_review:", "review.next_review", "skal være en dato på formen ÅÅÅÅ-MM-DD"),
    "bad-date-or-unknown": case(TOLK, _set(("legal", "last_assessed"), "snart"), "last_assessed:", "legal.last_assessed", "'snart' passer ikke; skal være en dato på formen ÅÅÅÅ-MM-DD (fx \"2026-03-01\") eller 'ikke oplyst'"),
    "bad-slug": case(TOLK, _set(("slug",), "AI Tolk!"), "^slug:", "slug", "skal være en adresse med små bogstaver"),
    "bad-id": case(TOLK, _set(("id",), "tolk-1"), "^id:", "id", "'tolk-1' har forkert form"),
    "javascript-url": case(TOLK, _set(("sources", 0, "url"), "javascript:alert(1)"), "url: javascript", "sources[0].url", "skal være en webadresse, der begynder med https://"),
    "bad-contact": case(TOLK, _set(("contact",), "ring til Bo"), "^contact:", "contact", "skal være en e-mailadresse eller 'ikke oplyst'"),
    "empty-text": case(TOLK, _set(("summary",), "   "), "^summary:", "summary", "har forkert form"),
    "duplicate-id": _duplicate_record,
    "duplicate-slug": _duplicate_slug,
    "former-slug-taken": _former_slug_taken,
    "unknown-principle": _unknown_principle,
    "missing-principle": case(TOLK, _del(("principle_assessments", "P07")), "^principle_assessments:", "principle_assessments", "vurderingen mangler for P07"),
    "unacceptable-not-stopped": case(TOLK, _set(("ai_act", "risk_level"), "uacceptabel"), "^  risk_level:", "ai_act.risk_level", "'uacceptabel' er kun tilladt, når status er 'stoppet'"),
    "no-responsibility-from-pilot": case(THISTED, _del(("responsibility",)), None, "responsibility", "fra status 'test/pilot' skal ansvarlig leder og kvalitetsansvarlig stå i registreringen"),
    "status-dates-out-of-order": case(TOLK, _set(("status_history",), [
        {"status": "idé", "date": "2025-06-01"}, {"status": "forundersøgelse", "date": "2025-01-01"}]),
        "date: '2025-01-01'", "status_history[1].date", "ligger før den forrige statusændring"),
    "review-before-created": case(TOLK, _set(("review", "last_reviewed"), "2020-01-01"), "last_reviewed:", "review.last_reviewed", "ligger før oprettelsen"),
    "next-review-not-after-last": case(TOLK, _set(("review", "next_review"), "2026-11-25"), "next_review:", "review.next_review", "skal ligge efter seneste gennemgang"),
    "review-in-future": case(TOLK, _set(("review", "last_reviewed"), "2099-01-01"), "last_reviewed:", "review.last_reviewed", "ligger i fremtiden"),
    "other-risk-unnamed": case(TOLK, _set(("risks", 0, "category"), "anden"), "category: anden", "risks[0].other_category", "kategorien 'anden' skal navngives"),
}


@pytest.mark.parametrize("name", CASES)
def test_validate_reports_the_rule(site_copy, name):
    expected = CASES[name](site_copy)
    result = validate(site_copy)
    assert result.returncode == 1, result.stdout
    assert_reported(result.stderr, *expected)


@pytest.mark.parametrize("name", ["bad-enum-risk", "unknown-principle", "bad-date-impossible"])
def test_build_fails_and_publishes_nothing(site_copy, tmp_path, name):
    expected = CASES[name](site_copy)
    result = mkdocs_build(site_copy, tmp_path / "out")
    assert result.returncode != 0
    assert_reported(result.stdout + result.stderr, *expected)
    assert not (tmp_path / "out" / "register").exists()


def test_every_problem_in_every_file_at_once(site_copy):
    expected = [CASES[n](site_copy) for n in ("bad-enum-category", "no-responsibility-from-pilot", "bad-slug")]
    result = validate_subprocess(site_copy)  # the real entry point: exit code 1, no traceback
    assert result.returncode == 1
    for e in expected:
        assert_reported(result.stderr, *e)
