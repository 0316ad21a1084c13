"""`python -m macros` speaks Danish: help, usage and argparse's own errors."""
from __future__ import annotations

import io
import re
from contextlib import redirect_stderr, redirect_stdout

import pytest

from macros.cli import main

ENGLISH = re.compile(r"\b(usage|options|positional arguments|show this help|error|required|invalid|unrecognized|"
                     r"expected|argument)\b", re.IGNORECASE)


def _run(args: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("args, code, expected", [
    (["--help"], 0, "brug: python -m macros"),
    (["new", "--help"], 0, "Opret en ny registrering"),
    (["gaps", "--help"], 0, "--today DATO"),
    (["validate", "--help"], 0, "vis denne hjælp og afslut"),
    (["new"], 2, "fejl: disse skal angives: titel, --owner, --category"),
    (["new", "x", "--owner"], 2, "fejl: --owner: skal have en værdi"),
    (["nyt"], 2, "ugyldigt valg: 'nyt' (vælg en af: 'validate', 'new', 'gaps', 'codeowners', 'links', 'export')"),
    (["validate", "--alt"], 2, "ukendte argumenter: --alt"),
    (["gaps", "--today", "2026-02-31"], 2, "datoen 2026-02-31 findes ikke i kalenderen"),
])
def test_every_cli_text_is_danish(args, code, expected):
    got, text = _run(args)
    assert got == code and expected in text, text
    assert not ENGLISH.search(text.replace("--root", "")), text


def test_argparse_is_english_again_outside_the_cli():
    import argparse
    _run(["--help"])
    assert argparse._("usage: ") == "usage: "
