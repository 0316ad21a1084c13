"""How complete a record is: the share of its fields still 'ikke oplyst', and its principles not assessed.

Pure data, as gaps.py: the organisation pages show it, and any page or command may. A field is
a text, number or date the record holds (a list of texts counts each text); the principle
assessments are counted on their own, as assessed or not, since 'ikke vurderet' is their unknown.
"""
from __future__ import annotations

from dataclasses import dataclass

from .content import Content, Item
from .vocabulary import NOT_ASSESSED, UNKNOWN

NOT_FIELDS = {"principle_assessments"}  # counted as principles, below


@dataclass(frozen=True)
class Completeness:
    fields: int = 0
    unknown: int = 0         # fields that say 'ikke oplyst'
    principles: int = 0
    not_assessed: int = 0    # principles 'ikke vurderet'

    def __add__(self, other: Completeness) -> Completeness:
        return Completeness(self.fields + other.fields, self.unknown + other.unknown,
                            self.principles + other.principles, self.not_assessed + other.not_assessed)

    @property
    def unknown_share(self) -> float:
        return self.unknown / self.fields if self.fields else 0.0


_FIRST_WORD = UNKNOWN.split()[0]


def is_unknown(value) -> bool:
    """'ikke oplyst', also written 'Ikke oplyst.' in a text field."""
    # Most texts do not begin with 'ikke': they are told at once, without normalising the whole text.
    return (isinstance(value, str) and value.lstrip()[:len(_FIRST_WORD)].lower() == _FIRST_WORD
            and " ".join(value.split()).rstrip(".").lower() == UNKNOWN)


def _count(value) -> tuple[int, int]:
    """(fields, of which unknown) in a value: its texts, numbers and dates, a list's and a mapping's counted each."""
    kind = type(value)
    if kind is dict or kind is list:
        fields = unknown = 0
        for item in (value.values() if kind is dict else value):
            n, u = _count(item)
            fields += n
            unknown += u
        return fields, unknown
    if value is None or kind is bool:
        return 0, 0
    return 1, int(is_unknown(value))


@dataclass(frozen=True)
class RecordCompleteness(Completeness):
    # {top-level field: (its fields, of which unknown)} for the fields that hold any, in the record's order
    sections: tuple = ()


def record_completeness(record: Item) -> RecordCompleteness:
    sections = []
    for key, value in record.data.items():
        if key not in NOT_FIELDS:
            fields, unknown = _count(value)
            if fields:
                sections.append((key, fields, unknown))
    assessments = record["principle_assessments"].values()
    return RecordCompleteness(sum(n for _, n, _ in sections), sum(u for _, _, u in sections),
                              len(assessments), sum(a["status"] == NOT_ASSESSED for a in assessments),
                              tuple(sections))


def of_records(content: Content) -> dict[str, RecordCompleteness]:
    """{record id: its completeness} for the register, worked out once per Content (several pages read it)."""
    found = content.derived.get("completeness")
    if found is None:
        found = content.derived["completeness"] = {r["id"]: record_completeness(r) for r in content.records}
    return found


def total(records: list[Item], content: Content | None = None) -> Completeness:
    """The sum over records; with content, from what of_records worked out."""
    each = of_records(content) if content is not None else None
    return sum((each[r["id"]] if each is not None else record_completeness(r) for r in records), Completeness())
