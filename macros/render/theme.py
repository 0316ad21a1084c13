"""Corrections to mkdocs-material 9.8's page markup where no template block or partial reaches.

material's base.html writes its two page-wide toggles (the drawer and its own search) as checkboxes
with autocomplete="off", an attribute HTML allows on text-like inputs only (the Nu Html Checker
reports it). Every other correction is a template override in overrides/; this one cannot be,
because the toggles sit in base.html outside any block. MkDocs glue (macros/hooks.py) applies it to
each finished page.
"""
from __future__ import annotations

import re

_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="[a-z]+" type="checkbox" id="__[a-z]+") autocomplete="off"')


def fix_page(html: str) -> str:
    """The finished page with material's invalid markup corrected."""
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1", html)
