"""The record form (/register/ny/): the HTML the page's script turns into a form, and the data it
needs, all made from the same Python the command line uses, so that nothing is defined twice.

The script (docs/javascripts/record-form.js) gets, as JSON in the page: the register schema, the
principles, the starting record of `macros new` (scaffold.record_data), the scaffold's constants
and wrapping width, the Danish phrases of schema_check, and where to propose a file on GitHub.
Register-wide rules (used ids and addresses, retired ids) come from the published data files.
"""
from __future__ import annotations

import datetime
import json

from .. import scaffold, schema_check, yaml_mistakes
from ..content import Content
from .. import ids
from ..content.register import ACCOUNTABLE_STATUSES, SCHEMA_FILE

RETIRED_IDS_URI = "register/retired-ids.json"
# The page and its script, relative to the page (/register/ny/).
AJV_SCRIPT = "../../javascripts/vendor/ajv2020-8.17.1.min.js"
YAML_SCRIPT = "../../javascripts/vendor/js-yaml-4.1.0.min.js"
FORM_SCRIPT = "../../javascripts/record-form.js"


def retired_ids_json(content: Content) -> str:
    """The ids of deleted records, published so the form never offers one again."""
    return json.dumps({"retired_ids": content.retired_ids}, ensure_ascii=False) + "\n"


def form_data(content: Content, today: datetime.date) -> dict:
    schema = json.loads((content.root / SCHEMA_FILE).read_text(encoding="utf-8"))
    # A fixed placeholder id (the script draws the real one), so the page is the same at every build.
    start = scaffold.record_data(content, schema, title="", owner="", unit=scaffold.UNKNOWN, status="idé",
                                 category="", today=today, record_id=ids.PREFIX + ids.ALPHABET[0] * ids.LENGTH)
    settings = content.settings["site"] if content.settings else {}
    page_slugs = sorted(p.stem for p in (content.root / "docs" / "register").glob("*.md"))
    return {
        "schema": schema,
        "principles": [[p["id"], p["title"]] for p in content.principles],
        "start": start,
        "head_lines": scaffold.HEAD_LINES,
        "width": scaffold._WIDTH,
        "def_phrases": schema_check._DEF_PHRASES,
        "pattern_phrases": schema_check._PATTERN_PHRASES,
        "type_names": schema_check._TYPE_NAMES,
        "yes_no": [sorted(schema_check._YES_NO_WORDS), schema_check.YES_NO_HINT],
        "invisible": yaml_mistakes.INVISIBLE,
        "yaml_messages": {**yaml_mistakes.MESSAGES, "syntax": yaml_mistakes.SYNTAX},
        "accountable_statuses": sorted(ACCOUNTABLE_STATUSES),
        # How a new id is made (content/ids.py), and the organisations a record may name.
        "id_format": ids.ID_FORMAT,
        "organisations": {key: {"name": o.name, "short_name": o.short_name, "type": o.type}
                          for key, o in content.organisations.items()},
        "page_slugs": page_slugs,
        "repo_url": settings.get("repo_url", "").rstrip("/"),
        "repo_branch": settings.get("repo_branch", "main"),
        # Register-wide checks: the small index, never registry.json; an edit loads one record.
        "index_json": "../../api/indeks.json",
        "record_json_dir": "../../api/registreringer/",
    }


def form_html(content: Content, today: datetime.date) -> str:
    data = json.dumps(form_data(content, today), ensure_ascii=False).replace("<", "\\u003c")
    return (
        '<noscript><p>Formularen kræver JavaScript. Du kan i stedet oprette filen med '
        '<code>python -m macros new</code>, som beskrevet i CONTRIBUTING.md.</p></noscript>\n'
        f'<script type="application/json" id="ai-form-data">{data}</script>\n'
        '<div id="ai-record-form-root" class="ai-record-form"></div>\n'
        f'<script src="{AJV_SCRIPT}"></script>\n'
        f'<script src="{YAML_SCRIPT}"></script>\n'
        f'<script src="{FORM_SCRIPT}"></script>\n'
    )
