"""The register in figures (/register/statistik/): what the charts count, as plain data.

Pure data, as completeness.py and gaps.py: render/figures.py draws it. Every breakdown names
the overview's filter (its URL query name, render/overview.py FACETS) that selects the same
records, so each count can link to them in the register; a count no filter can select says so
(facet None).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .completeness import Completeness, of_records  # the same fields
from .content import Content, current_status
from .content.eu_database import HIGH, not_given as eu_database_not_given
from .history import History
from .render.overview import owner_type, owner_types
from .vocabulary import UNKNOWN


@dataclass(frozen=True)
class Count:
    value: str   # the value as the register writes it, e.g. 'i drift'
    count: int   # records with that value


@dataclass(frozen=True)
class Breakdown:
    key: str      # the page's anchor, e.g. 'status'
    facet: str    # the overview's query name for the value, e.g. 'status' (?status=i drift)
    counts: list[Count]

    @property
    def total(self) -> int:
        return sum(c.count for c in self.counts)


def _breakdown(key: str, facet: str, values: list[str], of_record, records) -> Breakdown:
    tally = dict.fromkeys(values, 0)
    for record in records:
        tally[of_record(record)] += 1
    return Breakdown(key, facet, [Count(value, n) for value, n in tally.items()])


def breakdowns(content: Content) -> list[Breakdown]:
    """Records by status, AI Act risk level, category and owner type; every value of each list
    in the schema's order, also those no record has (a zero is a figure too)."""
    words, records = content.vocabulary, content.records
    return [
        _breakdown("status", "status", words.statuses, current_status, records),
        _breakdown("risikoniveau", "risiko", words.risk_levels, lambda r: r["ai_act"]["risk_level"], records),
        _breakdown("kategori", "kategori", words.categories, lambda r: r["category"], records),
        _breakdown("organisationstype", "ejertype",
                   content.organisation_types + ([UNKNOWN] if UNKNOWN in owner_types(content) else []),
                   lambda r: owner_type(content, r), records),
    ]


@dataclass(frozen=True)
class Month:
    month: str    # YYYY-MM
    new: int      # records whose file was created that month
    changed: int  # records changed that month (created earlier, or again later the same month)


def activity(content: Content, history: History) -> list[Month]:
    """New and changed records per month, from the first commit of a record to the last, months
    without a change included. From git: the records in the register today (a deleted file has no
    page to link to); in a shallow clone the oldest known version is neither new nor changed."""
    new: dict[str, set[str]] = {}
    changed: dict[str, set[str]] = {}
    for record in content.records:
        for version in history.of(record.source_file):
            month = version.date[:7]
            if version.kind == "oprettet":
                new.setdefault(month, set()).add(record["id"])
            elif version.kind in ("ændret", "omdøbt"):
                changed.setdefault(month, set()).add(record["id"])
    months = sorted(set(new) | set(changed))
    if not months:
        return []
    return [Month(m, len(new.get(m, ())), len(changed.get(m, ()))) for m in _month_range(months[0], months[-1])]


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@dataclass(frozen=True)
class Section:
    key: str      # the record's top-level field, e.g. 'legal'
    fields: int   # its texts, numbers and dates (completeness.py's fields)
    unknown: int  # of which 'ikke oplyst'


@dataclass(frozen=True)
class CompletenessFigures:
    records: int
    whole: Completeness                 # fields, unknown, principles, not_assessed over the register
    with_not_assessed: int              # records with at least one principle 'ikke vurderet'
    overdue: int                        # records whose next review is before today
    high: int = 0                       # records at risk level 'høj'
    high_not_ready: int = 0             # of which some field for the EU database is 'ikke oplyst'
    sections: list[Section] = field(default_factory=list)  # by top-level field, in the schema's order


def completeness(content: Content, today: datetime.date) -> CompletenessFigures:
    records = content.records
    each = of_records(content)
    per_record = [each[r["id"]] for r in records]
    sections: dict[str, list[int]] = {}
    for c in per_record:
        for key, n, unknown in c.sections:
            counts = sections.setdefault(key, [0, 0])
            counts[0] += n
            counts[1] += unknown
    return CompletenessFigures(
        len(records), sum(per_record, Completeness()),
        sum(1 for c in per_record if c.not_assessed),
        sum(1 for r in records if datetime.date.fromisoformat(r["review"]["next_review"]) < today),
        sum(1 for r in records if r["ai_act"]["risk_level"] == HIGH),
        sum(1 for r in records if r["ai_act"]["risk_level"] == HIGH and eu_database_not_given(r)),
        [Section(key, n, unknown) for key, (n, unknown) in sections.items()])

