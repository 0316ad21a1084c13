"""Corrections to mkdocs-material 9.8's page markup where no template block or partial reaches,
and the one stylesheet every page loads instead of the theme's and ours one by one.

material's base.html writes its two page-wide toggles (the drawer and its own search) as checkboxes
with autocomplete="off", an attribute HTML allows on text-like inputs only (the Nu Html Checker
reports it). Every other correction is a template override in overrides/; this one cannot be,
because the toggles sit in base.html outside any block. MkDocs glue (macros/hooks.py) applies it to
each finished page.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="[a-z]+" type="checkbox" id="__[a-z]+") autocomplete="off"')


def fix_page(html: str) -> str:
    """The finished page with material's invalid markup corrected."""
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1", html)


STYLESHEET_DIR = "assets/stylesheets"


def theme_stylesheets(theme_dirs: list[str], palette: bool) -> list[Path] | None:
    """material's main stylesheet (and its palette's, when the theme has a palette), as its base.html
    links them; None when this theme has no such files (another version: leave its links alone)."""
    found = []
    for name in ["main"] + (["palette"] if palette else []):
        hits = [p for d in theme_dirs for p in sorted((Path(d) / STYLESHEET_DIR).glob(f"{name}.*.min.css"))]
        if not hits:
            return None
        found.append(hits[0])
    return found


def bundle(parts: list[tuple[str, str]]) -> tuple[str, str]:
    """(uri, text) of one stylesheet made of the parts (name, CSS) in their order, which is the
    order the pages linked them in, so the cascade is the same. The name carries a hash of the
    text: a browser that cached an older bundle fetches the new one. None of the parts uses url()
    other than data: URLs, so moving them into one file changes no address."""
    text = "".join(f"/* {name} */\n{css.strip()}\n" for name, css in parts)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    return f"{STYLESHEET_DIR}/sitet.{digest}.css", text


def theme_script(theme_dirs: list[str]) -> str | None:
    """The path of material's JavaScript bundle under the site (its name carries a hash)."""
    hits = [p for d in theme_dirs for p in sorted((Path(d) / "assets/javascripts").glob("bundle.*.min.js"))]
    return f"assets/javascripts/{hits[0].name}" if hits else None
