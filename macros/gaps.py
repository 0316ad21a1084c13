"""The register's gaps: what each record lacks that the policy requires at its stage.

Pure data, no Markdown: the gaps page (render/gaps.py) and the CLI (`python -m macros gaps`)
print the same list. A gap is not a validation error: the record is valid YAML that says
honestly "ikke oplyst" or "ikke vurderet", and the gap says what is still to be done.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from .content import Content, Item, current_status
from .content.eu_database import FIELD as EU_DATABASE, not_given as eu_database_not_given
from .content.register import ACCOUNTABLE_STATUSES
from .vocabulary import NOT_ASSESSED, UNKNOWN


@dataclass(frozen=True)
class Rule:
    kind: str        # stable key, e.g. "legal"
    label: str       # what a reader sees, Danish
    applies: str     # when the rule applies, Danish


RULES = [
    Rule("legal", "Ingen juridisk vurdering", "alle stadier (princip 3)"),
    Rule("risk_level", "Intet risikoniveau efter AI-forordningen", "alle stadier (princip 4)"),
    Rule("responsibility", "Ingen navngiven ansvarlig leder eller kvalitetsansvarlig",
         "fra test/pilot: test/pilot, i drift og afsluttet (princip 15)"),
    Rule("principle", "Princip ikke vurderet", "alle stadier (alle principper)"),
    Rule("oversight", "Høj risiko uden beskrevet menneskeligt tilsyn", "risikoniveau høj (princip 4 og 11)"),
    Rule("review", "Gennemgangen er overskredet", "alle stadier (princip 11)"),
    Rule("decision", "Risikoniveauet er fundet med en ældre version af beslutningstræet",
         "registreringer, hvis risikoniveau er fundet med hjælpen på /risikoniveau/ (princip 4)"),
    Rule("eu_database", "Højrisiko: oplysninger til EU's database står som ikke oplyst",
         "risikoniveau høj (AI-forordningen art. 49 og bilag VIII, afsnit C)"),
]


@dataclass(frozen=True, order=True)
class Gap:
    record_id: str
    file: str
    line: int
    field: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


def _unknown(text: str) -> bool:
    """'ikke oplyst', also as 'Ikke oplyst.' in a text field."""
    return " ".join(text.split()).rstrip(".").lower() == UNKNOWN


def _gap(record: Item, kind: str, field_path: tuple, message: str) -> Gap:
    error = record.error(field_path, message)
    return Gap(record["id"], error.file, error.line, error.field, kind, error.message)


def record_gaps(record: Item, today: datetime.date, tree_version: int | None = None) -> list[Gap]:
    """The gaps of one valid record, in file order; tree_version is the decision tree's current version."""
    gaps = []
    status = current_status(record)
    if record["legal"]["last_assessed"] == UNKNOWN:
        gaps.append(_gap(record, "legal", ("legal", "last_assessed"),
                         "der er ikke registreret nogen juridisk vurdering (princip 3)"))
    risk = record["ai_act"]["risk_level"]
    if risk == NOT_ASSESSED:
        gaps.append(_gap(record, "risk_level", ("ai_act", "risk_level"),
                         "risikoniveauet efter AI-forordningen er ikke vurderet (princip 4)"))
    decision = record["ai_act"].get("decision")
    if decision and tree_version and decision["tree_version"] < tree_version:
        gaps.append(_gap(record, "decision", ("ai_act", "decision", "tree_version"),
                         f"risikoniveauet er fundet med version {decision['tree_version']} af beslutningstræet, som nu er i "
                         f"version {tree_version}; gå svarene igennem igen på /risikoniveau/ (princip 4)"))
    if status in ACCOUNTABLE_STATUSES:
        resp = record.get("responsibility") or {}
        for key, who in (("leader", "ansvarlig leder"), ("quality_owner", "kvalitetsansvarlig")):
            if (resp.get(key) or {}).get("name", UNKNOWN) == UNKNOWN:
                gaps.append(_gap(record, "responsibility", ("responsibility", key, "name"),
                                 f"der er ingen navngiven {who}; det kræves fra test/pilot (status er '{status}', princip 15)"))
    if risk == "høj" and _unknown(record["oversight"]["human_oversight"]):
        gaps.append(_gap(record, "oversight", ("oversight", "human_oversight"),
                         "risikoniveauet er høj, men det menneskelige tilsyn er ikke beskrevet"))
    due = datetime.date.fromisoformat(record["review"]["next_review"])
    if due < today:
        gaps.append(_gap(record, "review", ("review", "next_review"),
                         f"næste gennemgang skulle have været {due.isoformat()}; den er {(today - due).days} dage forsinket"))
    if risk == "høj":
        for label in eu_database_not_given(record):
            gaps.append(_gap(record, "eu_database", EU_DATABASE,
                             f"oplysningen til EU's database for højrisiko-AI står som ikke oplyst: {label[0].lower() + label[1:]}; "
                             "den skal findes, før anvendelsen registreres"))
    for pid, assessment in record["principle_assessments"].items():
        if assessment["status"] == NOT_ASSESSED:
            gaps.append(_gap(record, "principle", ("principle_assessments", pid, "status"),
                             f"{pid} er ikke vurderet"))
    return sorted(gaps, key=lambda g: (g.line, g.field))


def find_gaps(content: Content, today: datetime.date | None = None) -> list[Gap]:
    """Every gap in the register, by record id and then by line. Worked out once per Content and day
    (the gaps pages, the organisation pages and the CLI read it): do not change the list."""
    today = today or datetime.date.today()
    key = ("gaps", today)
    found = content.derived.get(key)
    if found is None:
        version = tree_version(content)
        found = content.derived[key] = [gap for record in content.records for gap in record_gaps(record, today, version)]
    return found


def gaps_by_record(content: Content, today: datetime.date) -> dict[str, list[Gap]]:
    """{record id: its gaps} for the records with any, from find_gaps."""
    key = ("gaps by record", today)
    found = content.derived.get(key)
    if found is None:
        found = content.derived[key] = {}
        for gap in find_gaps(content, today):
            found.setdefault(gap.record_id, []).append(gap)
    return found


def tree_version(content: Content) -> int | None:
    """The AI Act decision tree's version, if the site has one."""
    return content.decision_tree.version if content.decision_tree else None


def by_record(content: Content, gaps: list[Gap]) -> list[tuple[Item, list[Gap]]]:
    """(record, its gaps) for every record with at least one gap, in register order."""
    grouped: dict[str, list[Gap]] = {}
    for gap in gaps:
        grouped.setdefault(gap.record_id, []).append(gap)
    return [(r, grouped[r["id"]]) for r in content.records if r["id"] in grouped]
