"""The page `mkdocs serve` shows while the content has mistakes: the same Danish list as
`python -m macros validate`, on a page that asks again every few seconds, so the site
comes back by itself once the file is fixed and saved. Plain HTML: no theme, no script."""
from __future__ import annotations

import html

from ..errors import ContentInvalid

# Seconds between the page's own reloads; each reload waits for a rebuild in progress.
RELOAD_SECONDS = 2


def error_page(exc: ContentInvalid) -> str:
    items = "\n".join(
        f"<li><code>{html.escape(e.file)}:{e.line}</code> <strong>{html.escape(e.field or '(hele filen)')}</strong>: "
        f"{html.escape(e.message)}</li>" for e in exc.errors)
    count = len(exc.errors)
    heading = "Indholdet har 1 fejl" if count == 1 else f"Indholdet har {count} fejl"
    return f"""<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{RELOAD_SECONDS}">
<title>{heading} – forhåndsvisningen venter</title>
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }}
h1 {{ color: #a40000; font-size: 1.5rem; }}
li {{ margin: .5rem 0; overflow-wrap: anywhere; }}
code {{ background: #f3f3f3; padding: 0 .2rem; }}
</style>
</head>
<body>
<main>
<h1>{heading}</h1>
<p>Sitet kan ikke vises, før fejlene er rettet. Hver linje siger: fil:linje, felt og hvad der er galt.</p>
<ul>
{items}
</ul>
<p>Ret filen, og gem den. Siden opdaterer sig selv, når fejlene er væk (den spørger igen hvert {RELOAD_SECONDS}. sekund).
<code>python -m macros validate</code> viser den samme liste, og <code>CONTRIBUTING.md</code> forklarer hver besked.</p>
</main>
</body>
</html>
"""
