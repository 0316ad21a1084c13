"""One page per owner organisation (/register/organisationer/<slug>/) and their index.

organisation_slug and organisation_uri are the one definition of the address: the register's
organisation facet and every record page link through them. A page lists the organisation's
initiatives, its row of the matrix summary, its gaps and its feed; raw counts, no per-record
sections, so a municipality with hundreds of records still gets a light page.
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..content import Content, Item, current_status
from ..content.register import ORGANISATION_IDENTIFIERS
from ..gaps import RULES, record_gaps
from ..vocabulary import UNKNOWN
from . import markup as m
from .labels import assessment_label
from .matrix import COUNT_ORDER, counts
from .register import REGISTER_DIR

ORGANISATIONS_DIR = f"{REGISTER_DIR}/organisationer"
INDEX_URI = f"{ORGANISATIONS_DIR}/index.md"
IDENTIFIER_LABELS = {"cvr": "CVR-nummer", "municipality_code": "Kommunekode", "region_code": "Regionskode"}
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


def organisation_slug(name: str) -> str:
    """'Københavns Kommune' -> 'koebenhavns-kommune': ASCII, as the record addresses are written."""
    ascii_name = unicodedata.normalize("NFKD", name.translate(_DANISH)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "organisation"


def organisation_uri(name: str) -> str:
    """The page's source path under docs/ (register/organisationer/<slug>.md); its URL is /register/organisationer/<slug>/."""
    return f"{ORGANISATIONS_DIR}/{organisation_slug(name)}.md"


def organisation_feed_uri(name: str) -> str:
    """Beside the register's and the policy's feeds, under feeds/ (see macros.feeds on why)."""
    return f"feeds/organisationer/{organisation_slug(name)}.xml"


@dataclass
class Organisation:
    name: str
    slug: str
    records: list[Item] = field(default_factory=list)
    identifiers: dict[str, str] = field(default_factory=dict)  # owner.cvr … as the records give them


def organisations(content: Content) -> list[Organisation]:
    """Every named owner, by name; records whose owner is 'ikke oplyst' belong to none."""
    by_slug: dict[str, Organisation] = {}  # names that differ only in case or accents share a page
    for record in content.records:
        owner = record["owner"]
        name = owner["organisation"]
        if name == UNKNOWN:
            continue
        org = by_slug.setdefault(organisation_slug(name), Organisation(name, organisation_slug(name)))
        org.records.append(record)
        for key in ORGANISATION_IDENTIFIERS:
            if key in owner:
                org.identifiers.setdefault(key, owner[key])
    return sorted(by_slug.values(), key=lambda o: o.slug)


def _identifiers(org: Organisation) -> str:
    return " · ".join(f"{IDENTIFIER_LABELS[k]}: {m.text(v)}" for k, v in org.identifiers.items())


def organisation_page(content: Content, org: Organisation, today: datetime.date) -> str:
    n = len(org.records)
    out = [
        # feed_title is plain text: the theme escapes it into the <link> in the head (overrides/main.html)
        m.front_matter(org.name, render_macros=False, organisation=org.slug, feed_title=f"Ændringer for {org.name}"),
        f"# {m.text(org.name)}\n",
        f"{n} {'initiativ' if n == 1 else 'initiativer'} i AI-registret. "
        f"[Alle organisationer](index.md) · [Følg ændringerne (Atom-feed)](../../{organisation_feed_uri(org.name)})\n",
    ]
    if org.identifiers:
        out.append(_identifiers(org) + "\n{: .ai-area }\n")
    # Sections out of the search index: the records' and principles' own pages are the hits for their titles.
    out += ["## Initiativer {#initiativer data-search-exclude}\n",
            m.table(["Initiativ", "Enhed", "Status", "Risikoniveau"],
                    [[f"[{m.text(r['title'])}](../{r['slug']}.md)", m.text(r["owner"]["unit"]),
                      m.text(current_status(r)), m.text(r["ai_act"]["risk_level"])] for r in org.records]) + "\n",
            "## Vurdering mod principperne {#principper data-search-exclude}\n",
            "Hvor mange af organisationens initiativer, der har hver vurdering, pr. princip – "
            "organisationens række af [principmatricen](../../matrix.md).\n",
            _matrix_summary(content, org.records) + "\n",
            "## Mangler {#mangler data-search-exclude}\n"]
    gap_rows = []
    for record in org.records:
        kinds = Counter(g.kind for g in record_gaps(record, today))
        if kinds:
            listed = "; ".join(f"{label}" + (f" ({kinds[kind]})" if kinds[kind] > 1 else "")
                               for kind, label in ((r.kind, r.label) for r in RULES) if kinds[kind])
            gap_rows.append(f"- [{m.text(record['title'])}](../{record['slug']}.md): {m.text(listed)}")
    out.append("\n".join(gap_rows) + "\n" if gap_rows else "Ingen af initiativerne mangler noget af det, politikken kræver på deres stadie.\n")
    out.append("Se alle mangler på siden [Mangler](../mangler.md).\n")
    return "\n".join(out)


def _matrix_summary(content: Content, records: list[Item]) -> str:
    per_principle = counts(content, records)
    return m.table(["Princip"] + [assessment_label(s) for s in COUNT_ORDER],
                   [[f"[{p['id']} {m.text(p['title'])}](../../principper/{p['slug']}.md)"]
                    + [str(per_principle[p["id"]][s]) for s in COUNT_ORDER] for p in content.principles])


def index_page(content: Content, orgs: list[Organisation]) -> str:
    rows = []
    for org in orgs:
        running = sum(1 for r in org.records if current_status(r) == "i drift")
        rows.append([f"[{m.text(org.name)}]({org.slug}.md)", str(len(org.records)), str(running),
                     _identifiers(org) or "ikke oplyst"])
    unnamed = sum(1 for r in content.records if r["owner"]["organisation"] == UNKNOWN)
    out = [m.front_matter("Organisationer", render_macros=False),
           "# Organisationer i AI-registret\n",
           f"{len(orgs)} organisationer ejer initiativer i registret. Hver organisation har sin egen side med "
           "initiativerne, vurderingen mod principperne, manglerne og et feed med ændringerne.\n",
           m.table(["Organisation", "Initiativer", "I drift", "Identifikation"], rows) + "\n"]
    if unnamed:
        out.append(f"{unnamed} initiativer har ingen oplyst ejer og står kun i [registret](../index.md).\n")
    return "\n".join(out)


def organisation_pages(content: Content, today: datetime.date) -> dict[str, tuple[str, str]]:
    """uri -> (Markdown, the source file its edit link opens) for the index and every organisation's page."""
    orgs = organisations(content)
    pages = {INDEX_URI: (index_page(content, orgs), "registry/schema.json")}
    for org in orgs:  # the organisation's name and identifiers are written in its records
        pages[f"{ORGANISATIONS_DIR}/{org.slug}.md"] = (organisation_page(content, org, today), org.records[0].source_file)
    return pages
