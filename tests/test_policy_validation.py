"""Every kind of mistake in principles/ stops the build with file, line and field."""
from __future__ import annotations

import pytest

from conftest import ROOT, assert_reported, line_of, mkdocs_build, rewrite_yaml, validate, validate_subprocess


def _syntax(root):
    path = root / "principles/p04.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[n] = "title: [Risikovurdering"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "principles/p04.yml", n + 1, "title", "YAML-syntaksfejl: parentesen på denne linje bliver aldrig lukket"


def _missing(root):
    rewrite_yaml(root / "principles/p04.yml", lambda d: d.pop("summary"))
    return "principles/p04.yml", 1, "summary", "feltet mangler"


def _unknown(root):
    text = rewrite_yaml(root / "principles/p07.yml", lambda d: d.update(colour="blå"))
    return "principles/p07.yml", line_of(text, "^colour:"), "colour", "ukendt felt"


def _wrong_type(root):
    text = rewrite_yaml(root / "principles/p02.yml", lambda d: d.update(number="to"))
    return "principles/p02.yml", line_of(text, "^number:"), "number", "skal være et heltal, ikke tekst"


def _duplicate_id(root):
    text = rewrite_yaml(root / "principles/p05.yml", lambda d: d.update(id="P04", number=4))
    return "principles/p05.yml", line_of(text, "^id:"), "id", "id'et 'P04' er allerede brugt i principles/p04.yml"


def _duplicate_slug(root):
    text = rewrite_yaml(root / "principles/p05.yml", lambda d: d.update(slug="p04-risikovurdering"))
    return "principles/p05.yml", line_of(text, "^slug:"), "slug", "adressen 'p04-risikovurdering' er allerede brugt"


def _unknown_area(root):
    text = rewrite_yaml(root / "principles/p09.yml", lambda d: d.update(area="oekonomi"))
    return "principles/p09.yml", line_of(text, "^area:"), "area", "området 'oekonomi' findes ikke"


def _number_with_decimals(root):
    """4.0 is an integer to JSON Schema: the number check must not crash on it."""
    text = rewrite_yaml(root / "principles/p05.yml", lambda d: d.update(number=4.0))
    return "principles/p05.yml", line_of(text, "^id:"), "id", "id'et skal være P04, når nummeret er 4"


def _number_out_of_range(root):
    text = rewrite_yaml(root / "principles/p15.yml", lambda d: d.update(number=16))
    return "principles/p15.yml", line_of(text, "^number:"), "number", "16 er uden for det tilladte; skal være højst 15"


def _too_few(root):
    (root / "principles/p15.yml").unlink()
    return "principles/", 1, "(alle principfiler)", "præcis 15 principper, fandt 14"


def _duplicate_key(root):
    path = root / "principles/p03.yml"
    text = path.read_text(encoding="utf-8") + "title: En titel til\n"
    path.write_text(text, encoding="utf-8")
    return "principles/p03.yml", len(text.splitlines()), "title", "feltet står mere end én gang"


def _area_missing_question(root):
    text = rewrite_yaml(root / "principles/areas.yml", lambda d: d["areas"][2].pop("question"))
    return "principles/areas.yml", line_of(text, r"^\s*- id: etik"), "areas[2].question", "feltet mangler"


CASES = {
    "yaml-syntax": _syntax,
    "missing-field": _missing,
    "unknown-field": _unknown,
    "wrong-type": _wrong_type,
    "duplicate-id": _duplicate_id,
    "duplicate-slug": _duplicate_slug,
    "unknown-area": _unknown_area,
    "number-out-of-range": _number_out_of_range,
    "number-with-decimals": _number_with_decimals,
    "not-fifteen": _too_few,
    "duplicate-key": _duplicate_key,
    "area-missing-field": _area_missing_question,
}


@pytest.mark.parametrize("case", CASES)
def test_validate_cli_reports_file_line_and_field(site_copy, case):
    expected = CASES[case](site_copy)
    result = validate(site_copy)
    assert result.returncode == 1
    assert_reported(result.stderr, *expected)


@pytest.mark.parametrize("case", ["yaml-syntax", "unknown-field", "duplicate-slug", "not-fifteen"])
def test_build_stops_with_the_same_message_and_no_traceback(site_copy, tmp_path, case):
    expected = CASES[case](site_copy)
    result = mkdocs_build(site_copy, tmp_path / "out")
    assert result.returncode != 0
    assert_reported(result.stdout + result.stderr, *expected)
    assert not (tmp_path / "out" / "index.html").exists()


def test_all_problems_are_reported_at_once(site_copy):
    expectations = [CASES[c](site_copy) for c in ("unknown-field", "wrong-type", "unknown-area")]
    result = validate(site_copy)
    for expected in expectations:
        assert_reported(result.stderr, *expected)
    assert result.stderr.startswith("Indholdet har 3 fejl:")


def test_valid_content_passes():
    result = validate_subprocess(ROOT)  # the real entry point
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 15 principper")
