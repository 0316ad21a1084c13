"""The loaded content: YAML-backed items and the Content that holds them all."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ContentError
from ..vocabulary import Vocabulary
from ..yamlio import Document, dotted


if TYPE_CHECKING:
    from .decision_tree import DecisionTree
    from .link_checks import LinkChecks
    from .organisations import Organisation

DEFAULT_PAGE_SIZE = 50  # rows per listing page: the page and a filter change stay light on a phone (bench/listings.py)


@dataclass
class Item:
    """One YAML-backed object (area, principle, record, step) with where it came from."""

    data: dict
    doc: Document
    path: tuple = ()  # where inside doc.data this item sits

    def __getitem__(self, key):
        return self.data[key]

    def get(self, key, default=None):
        return self.data.get(key, default)

    def error(self, field_path: tuple, message: str) -> ContentError:
        full = self.path + field_path
        return ContentError(self.doc.path, self.doc.line_of(full), dotted(full), message)

    @property
    def source_file(self) -> str:
        return self.doc.path


@dataclass
class Content:
    root: Path
    areas: list[Item] = field(default_factory=list)
    principles: list[Item] = field(default_factory=list)
    records: list[Item] = field(default_factory=list)
    guide: Item | None = None
    declared_principle_ids: set = field(default_factory=set)
    today: datetime.date = field(default_factory=datetime.date.today)  # "now" for overdue reviews
    # The build's moment (macros/builddate.py: SOURCE_DATE_EPOCH or the commit, never the clock);
    # load_content sets today to its date. Every date the build publishes comes from these two.
    build_time: datetime.datetime = datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc)
    vocabulary: Vocabulary | None = None  # the register schema's lists of values
    retired_ids: list[str] = field(default_factory=list)  # ids of deleted records, never reused
    settings: Item | None = None  # settings.yml: the site, its publisher and licence
    # registry/organisations.yml: key -> Organisation, in the file's order; and the allowed types.
    organisations: dict[str, Organisation] = field(default_factory=dict)
    organisation_types: list[str] = field(default_factory=list)
    link_checks: LinkChecks | None = None  # registry/_links.json: the last `python -m macros links`, if any
    decision_tree: DecisionTree | None = None  # principles/beslutningstrae.yml, when valid
    # What is worked out from the loaded records and read by several pages (the gaps, each record's
    # completeness): made once per Content by its module (gaps.find_gaps, completeness.of_records) and kept here.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def organisation_of(self, record: Item) -> Organisation | None:
        """The record's owner; None for an owner 'ikke oplyst'."""
        return self.organisations.get(record["owner"]["organisation"])

    def records_by_organisation(self) -> dict[str, list[Item]]:
        """key -> the organisation's records in register order, for every listed organisation."""
        grouped: dict[str, list[Item]] = {key: [] for key in self.organisations}
        for record in self.records:
            key = record["owner"]["organisation"]
            if key in grouped:
                grouped[key].append(record)
        return grouped

    @property
    def repo_url(self) -> str:
        return self.settings["site"]["repo_url"].rstrip("/") if self.settings else ""

    @property
    def page_size(self) -> int:
        """How many records a listing page shows (settings.yml listing.page_size)."""
        listing = self.settings.get("listing", {}) if self.settings else {}
        return listing.get("page_size", DEFAULT_PAGE_SIZE)

    def principle(self, pid: str) -> Item:
        return self.principles_by_id[pid]

    @property
    def principles_by_id(self) -> dict[str, Item]:
        return {p["id"]: p for p in self.principles}

    @property
    def areas_by_id(self) -> dict[str, Item]:
        return {a["id"]: a for a in self.areas}

    def principles_in(self, area_id: str) -> list[Item]:
        return [p for p in self.principles if p["area"] == area_id]


def current_status(record: Item) -> str:
    return record["status_history"][-1]["status"]
