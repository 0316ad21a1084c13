"""`python -m macros new`: a new record with every field present and explained.

The file validates as written; what the contributor does not know yet says
'ikke oplyst' or 'ikke vurderet', which the gaps list then points out.
"""
from __future__ import annotations

import datetime
import json
import re
import unicodedata
from pathlib import Path

from .content import SCHEMA_COMMENT, Content, retired_ids

UNKNOWN = "ikke oplyst"


def slugify(title: str) -> str:
    """ASCII URL slug: æ→ae, ø→oe, å→aa, other accents dropped."""
    text = title.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].rstrip("-")


def next_id(content: Content) -> str:
    used = {r["id"] for r in content.records} | set(retired_ids(content.root))
    numbers = [int(i.split("-")[1]) for i in used]
    return f"AI-{max(numbers, default=0) + 1:04d}"


def _q(value: str) -> str:
    """A YAML scalar that reads back exactly (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def record_text(content: Content, title: str, owner: str, unit: str, status: str, category: str,
                today: datetime.date) -> tuple[str, str]:
    """(file name, YAML text) for a new record."""
    rid, slug = next_id(content), slugify(title)
    date = today.isoformat()
    next_review = today.replace(year=today.year + 1).isoformat()
    assessments = "\n".join(
        f"  {p['id']}:  # {p['title']}\n    status: ikke vurderet\n    evidence: Ikke vurderet endnu."
        for p in content.principles)
    text = f"""{SCHEMA_COMMENT}
# Ny registrering. Skriv 'ikke oplyst', hvor oplysningen mangler – gæt aldrig.
# Tjek filen med: python -m macros validate   (og mangler med: python -m macros gaps)

id: {rid}  # permanent; genbruges aldrig
slug: {slug}  # adressen /register/{slug}/; omdøbes den, flyttes den gamle til former_slugs
former_slugs: []
title: {_q(title)}
summary: {_q(UNKNOWN)}  # én sætning om initiativet
owner:
  organisation: {_q(owner)}
  unit: {_q(unit)}
contact: {_q(UNKNOWN)}  # en funktionspostkasse, ikke en persons egen adresse
category: {category}  # dokumentation, sagsbehandling, borgerservice, tolkning, undervisning, administration, sundhed
tags: []

# Livsforløbet; den sidste række er den aktuelle status:
# idé, forundersøgelse, test/pilot, i drift, afsluttet, stoppet
status_history:
  - status: {status}
    date: "{date}"

purpose: {_q(UNKNOWN)}  # hvad skal initiativet løse?
expected_benefit: {_q(UNKNOWN)}
alternatives: {_q(UNKNOWN)}  # hvad er ellers overvejet, herunder at lade være?

technology:
  description: {_q(UNKNOWN)}
  models: []
  suppliers: []  # - {{name: ..., role: ...}}
  supplier_dependence: {_q(UNKNOWN)}  # princip 9: afhængighed af én leverandør?
  source_code: {_q(UNKNOWN)}  # link, 'ikke offentlig' eller 'ikke oplyst'

data:
  personal_data: {_q(UNKNOWN)}  # ja, nej eller ikke oplyst
  personal_data_kinds: []
  processing_location: {_q(UNKNOWN)}  # EU/EØS, uden for EU/EØS eller ikke oplyst
  data_processing_agreement: {_q(UNKNOWN)}
  sources: []

# Princip 3: lovgrundlag og dato for seneste juridiske vurdering
legal:
  basis: {_q(UNKNOWN)}
  reference: {_q(UNKNOWN)}
  last_assessed: {_q(UNKNOWN)}  # ÅÅÅÅ-MM-DD
  impact_assessments: []  # - {{kind: DPIA, date: "ÅÅÅÅ-MM-DD", url: https://...}}

# Princip 4: minimal, begrænset, høj, uacceptabel (kun ved status stoppet) eller ikke vurderet
ai_act:
  risk_level: ikke vurderet
  justification: {_q(UNKNOWN)}

# Princip 15: navngiven ansvarlig leder og ejer af kvalitetskontrollen (krævet fra test/pilot)
responsibility:
  leader: {{role: {_q(UNKNOWN)}, name: {_q(UNKNOWN)}}}
  quality_owner: {{role: {_q(UNKNOWN)}, name: {_q(UNKNOWN)}}}

oversight:
  human_oversight: {_q(UNKNOWN)}
  quality_control: {_q(UNKNOWN)}  # princip 11
  quality_control_frequency: {_q(UNKNOWN)}
  error_and_complaints: {_q(UNKNOWN)}  # princip 13
  operations: {_q(UNKNOWN)}  # princip 10

budget:
  price_basis: {_q(UNKNOWN)}
  items: []  # - {{item: ..., year: 2026, amount_dkk: 100000}}

follow_up_goals: []  # - {{goal: ..., measure: ..., responsible: ..., when: ...}}

# Én række pr. kategori; vurdering: lav, lav–middel, middel, middel–høj, høj
risks: []  # - {{category: juridisk, rating: lav, description: ..., mitigation: ...}}

# Princip 8: hvem er hørt, inddraget, orienteret eller har godkendt, og hvornår
consultation: []  # - {{party: ..., kind: hørt, date: "ÅÅÅÅ-MM-DD"}}

# Vurdering mod hvert princip: opfyldt, delvist, ikke opfyldt, ikke relevant, ikke vurderet
principle_assessments:
{assessments}
assessment_note: {_q(UNKNOWN)}  # hvem har vurderet, og på hvilket grundlag?

sources:
  - title: {_q(UNKNOWN)}
    publisher: {_q(UNKNOWN)}
    year: {_q(UNKNOWN)}
    section: {_q(UNKNOWN)}

review:
  created: "{date}"
  last_reviewed: "{date}"
  next_review: "{next_review}"
  interval_months: 12  # princip 11: hvor ofte registreringen gennemgås
"""
    return f"{rid.lower()}-{slug}.yml", text


def write_new_record(content: Content, folder: Path, **answers) -> Path:
    name, text = record_text(content, **answers)
    path = folder / name
    if path.exists():
        raise FileExistsError(path)
    path.write_text(text, encoding="utf-8")
    return path
