"""The record form (/register/ny/): its mount point and the data its modules need, all made from
the same Python the command line uses, so that nothing is defined twice.

The form (docs/javascripts/form/app.js and the modules beside it) gets, as JSON in the page: the
register schema and the form's spec made from it (macros/form_spec.py: sections, labels, help,
kinds and each field's rule), the starting record of `macros new`, the Danish message table
(macros/messages.py), the principles with their questions, the organisations, and where to
propose a file. Register-wide checks read api/indeks.json (macros/api.py); *Ret dette opslag*
reads the one record's api/registreringer/<ID>.json. Neither is in the page, so the page stays
the same size at any register size.
"""
from __future__ import annotations

import datetime
import json
from urllib.parse import quote

from .. import api, ids, messages, scaffold, yaml_mistakes
from ..content import Content, eu_database
from ..content.register import ACCOUNTABLE_STATUSES, GENERATED_REGISTER_PAGES, SCHEMA_FILE
from ..form_spec import form_spec, start_record
from .policy import principle_uri

# Relative to the page (/register/ny/).
SITE_ROOT = "../../"
FORM_DIR = "javascripts/form"  # under docs/ and the site
APP_SCRIPT = SITE_ROOT + FORM_DIR + "/app.js"
YAML_SCRIPT = SITE_ROOT + "javascripts/vendor/js-yaml-4.1.0.min.js"
# The AI Act decision aid (its own module and tree, issue 21), mounted in the risk section when built.
DECISION_AID_SCRIPT = "javascripts/decision-aid.js"
DECISION_TREE = "risikoniveau/beslutningstrae.json"
DECISION_PAGE = "risikoniveau/"


def upload_url(repo_url: str, branch: str) -> str:
    """GitHub's *Upload files* page for the registry folder: a file dropped there becomes a
    proposed change (a fork and a pull request for someone without write access)."""
    return f"{repo_url.rstrip('/')}/upload/{quote(branch, safe='')}/registry"


def editors_email(content: Content) -> str:
    """The address for *send til redaktionen*: settings.yml publisher.contact.email, or ''."""
    settings = content.settings.data if content.settings else {}
    return settings.get("publisher", {}).get("contact", {}).get("email", "")


def form_data(content: Content, today: datetime.date) -> dict:
    schema = json.loads((content.root / SCHEMA_FILE).read_text(encoding="utf-8"))
    start = start_record(content, schema, today)
    settings = content.settings["site"] if content.settings else {}
    repo_url = settings.get("repo_url", "").rstrip("/")
    branch = settings.get("repo_branch", "main")
    page_slugs = sorted({p.stem for p in (content.root / "docs" / "register").glob("*.md")} | GENERATED_REGISTER_PAGES)
    has_aid = (content.root / "docs" / DECISION_AID_SCRIPT).is_file()
    return {
        "schema": schema,
        "spec": form_spec(schema, start),
        "start": start,
        "head_lines": scaffold.HEAD_LINES,
        "width": scaffold._WIDTH,
        "principles": [{"id": p["id"], "title": p["title"], "questions": [q["text"] for q in p["questions"]],
                        "url": SITE_ROOT + principle_uri(p).removesuffix(".md") + "/"} for p in content.principles],
        # The principles as `macros new` notes them in the file ("P04: Risikovurdering …").
        "principle_titles": [[p["id"], p["title"]] for p in content.principles],
        "messages": {"field": messages.FIELD_MESSAGES, "words": messages.FORM_WORDS, "examples": messages.EXAMPLES},
        "invisible": yaml_mistakes.INVISIBLE,
        "yaml_messages": {**yaml_mistakes.MESSAGES, "syntax": yaml_mistakes.SYNTAX},
        "accountable_statuses": sorted(ACCOUNTABLE_STATUSES),
        "eu_database": eu_database.form_data(),
        "id_format": ids.ID_FORMAT,
        "organisations": [{"key": key, "name": o.name, "short_name": o.short_name, "type": o.type}
                          for key, o in content.organisations.items()],
        "organisation_types": content.organisation_types,
        "page_slugs": page_slugs,
        "repo_url": repo_url,
        "upload_url": upload_url(repo_url, branch) if repo_url else "",
        "editors_email": editors_email(content),
        "index_json": SITE_ROOT + api.INDEX_URI,
        "record_json_dir": SITE_ROOT + api.RECORD_DIR + "/",
        "yaml_script": YAML_SCRIPT,
        "decision_aid": {"script": SITE_ROOT + DECISION_AID_SCRIPT, "tree": SITE_ROOT + DECISION_TREE} if has_aid else None,
        "decision_page": SITE_ROOT + DECISION_PAGE,
    }


def module_preloads(content: Content) -> str:
    """A modulepreload link for each module beside app.js: the browser fetches them with the page,
    instead of one round trip later when app.js has been parsed (its imports)."""
    names = sorted(p.name for p in (content.root / "docs" / FORM_DIR).glob("*.js") if p.name != "app.js")
    return "".join(f'<link rel="modulepreload" href="{SITE_ROOT}{FORM_DIR}/{name}">\n' for name in names)


def form_html(content: Content, today: datetime.date) -> str:
    data = json.dumps(form_data(content, today), ensure_ascii=False).replace("<", "\\u003c")
    return (
        '<noscript><p>Formularen kræver JavaScript. Du kan i stedet oprette filen med '
        '<code>python -m macros new</code>, som beskrevet i CONTRIBUTING.md.</p></noscript>\n'
        f'<script type="application/json" id="ai-form-data">{data}</script>\n'
        # The preloads inside the form's place, where Markdown leaves them alone (a <p> elsewhere).
        '<div id="ai-record-form-root" class="ai-record-form">\n' + module_preloads(content) +
        '<p class="ai-form-loading">Formularen indlæses …</p></div>\n'
        f'<script type="module" src="{APP_SCRIPT}"></script>\n'
    )
