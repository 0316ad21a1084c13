"""Old addresses keep working: a former slug becomes a small redirect page.

Filled from the data (former_slugs on principles and records, former_keys on
organisations), so renaming a page is one edit in its YAML file. The page works without JavaScript (meta refresh),
tells search engines the new address (canonical) and shows a link for people.
"""
from __future__ import annotations

from ..content import Content
from . import markup as m
from .addresses import ORGANISATIONS_DIR, REGISTER_DIR
from .policy import PRINCIPLES_DIR

_PAGE = """<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>Siden er flyttet</title>
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
<meta name="robots" content="noindex">
</head>
<body>
<p>Siden er flyttet til <a href="{target}">{label}</a>.</p>
</body>
</html>
"""


def redirect_files(content: Content) -> dict[str, str]:
    """{"principper/<old>/index.html": html} for every former slug and former organisation key."""
    moves = [(folder, old, item["slug"], item["title"])
             for folder, items in ((PRINCIPLES_DIR, content.principles), (REGISTER_DIR, content.records))
             for item in items for old in item.get("former_slugs", [])]
    moves += [(ORGANISATIONS_DIR, old, org.key, org.name)
              for org in content.organisations.values() for old in org.former_keys]
    # From /<folder>/<old>/ the new page is ../<new>/
    return {f"{folder}/{old}/index.html": _PAGE.format(target=m.attr(f"../{new}/"), label=m.attr(label))
            for folder, old, new, label in moves}
