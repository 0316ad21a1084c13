"""argparse in Danish: its own texts (usage, help, errors) through a translation table.

argparse looks every text up with gettext's `_` at the moment it uses it; `danish()` swaps that
lookup while our parser is built and used, so nothing else in the process is affected.
"""
from __future__ import annotations

import argparse
from contextlib import contextmanager

TEXTS = {
    "usage: ": "brug: ",
    "positional arguments": "argumenter",
    "options": "tilvalg",
    "show this help message and exit": "vis denne hjælp og afslut",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "disse skal angives: %s",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "expected one argument": "skal have en værdi",
    "expected at most one argument": "må højst have én værdi",
    "expected at least one argument": "skal have mindst én værdi",
    "invalid choice: %(value)r (choose from %(choices)s)": "ugyldigt valg: %(value)r (vælg en af: %(choices)s)",
    "invalid %(type)s value: %(value)r": "ugyldig værdi: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "tvetydigt tilvalg: %(option)s kan være %(matches)s",
    "one of the arguments %s is required": "et af disse skal angives: %s",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
    "ignored explicit argument %r": "tilvalget tager ingen værdi: %r",
    "unexpected option string: %s": "uventet tilvalg: %s",
}


def _translate(text: str) -> str:
    return TEXTS.get(text, text)


def _ntranslate(singular: str, plural: str, count: int) -> str:
    if singular == "expected %s argument":
        return "skal have %s værdi" if count == 1 else "skal have %s værdier"
    return _translate(singular if count == 1 else plural)


@contextmanager
def danish():
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _translate, _ntranslate
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved
