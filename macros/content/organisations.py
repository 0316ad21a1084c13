"""The organisations that own records (registry/organisations.yml), and their rules.

An organisation is data, not whatever a record's owner.organisation says: its key is its
address (/register/organisationer/<key>/) and what records write in owner.organisation, so two
spellings of one name can no longer make two organisations, nor two names share one page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError
from ..schema_check import SchemaChecker
from .checks import load_checked
from .model import Content, Item

ORGANISATIONS_FILE = "registry/organisations.yml"
SCHEMA_FILE = "registry/organisations.schema.json"
SCHEMA_COMMENT = "# yaml-language-server: $schema=organisations.schema.json"
# An organisation's official identifiers (identifiers.<key>), with their Danish names.
IDENTIFIERS = {"cvr": "CVR-nummeret", "municipality_code": "kommunekoden", "region_code": "regionskoden"}


@dataclass(frozen=True)
class Organisation:
    key: str           # its address and what records write in owner.organisation
    name: str
    short_name: str
    type: str          # kommune, region, statslig, ... (the schema's list)
    team: str          # the team in the register's GitHub organisation that reviews its records
    identifiers: dict[str, str] = field(default_factory=dict)  # cvr, municipality_code, region_code
    former_keys: tuple[str, ...] = ()
    item: Item | None = field(default=None, compare=False, repr=False)  # where it is written

    @property
    def source_file(self) -> str:
        return ORGANISATIONS_FILE


def organisation_types(root: Path) -> list[str]:
    """The allowed types in the schema's order (the order the site shows them in)."""
    schema = SchemaChecker(root / SCHEMA_FILE).schema
    return list(schema["$defs"]["organisation"]["properties"]["type"]["enum"])


def load_organisations(root: Path, content: Content, errors: list) -> bool:
    """content.organisations, in the file's order; False if the file has errors (which are added
    to errors). A site without the file has none, so every record's owner must be 'ikke oplyst'."""
    path = root / ORGANISATIONS_FILE
    content.organisation_types = organisation_types(root)
    if not path.exists():
        return True
    doc = load_checked(root, path, SchemaChecker(root / SCHEMA_FILE), errors)
    if doc is None:
        return False
    if doc.first_line != SCHEMA_COMMENT:
        errors.append(ContentError(doc.path, 1, "(første linje)",
                                   f"filen skal begynde med linjen '{SCHEMA_COMMENT}', så editoren kan tjekke den"))
    for key, data in (doc.data or {}).items():
        content.organisations[key] = Organisation(
            key, data["name"], data["short_name"], data["type"], data["team"], dict(data.get("identifiers", {})),
            tuple(data.get("former_keys", [])), Item(data, doc, (key,)))
    problems = [error for rule in RULES for error in rule(list(content.organisations.values()))]
    errors += problems
    return not problems


# --- rules across organisations ------------------------------------------------------

def _identifiers_unique(organisations: list[Organisation]) -> list[ContentError]:
    """One official number, one organisation: the same number twice is a typo, or one organisation twice."""
    errors = []
    for key, label in IDENTIFIERS.items():
        first: dict[str, Organisation] = {}
        for org in organisations:
            value = org.identifiers.get(key)
            if value is None:
                continue
            earlier = first.setdefault(value, org)
            if earlier is not org:
                errors.append(org.item.error(("identifiers", key),
                                             f"{label} '{value}' står også ved '{earlier.key}' ({earlier.name}, linje "
                                             f"{earlier.item.doc.line_of((earlier.key, 'identifiers', key))}); ret "
                                             "nummeret, eller slå de to organisationer sammen til én"))
    return errors


def _names_unique(organisations: list[Organisation]) -> list[ContentError]:
    """Two entries with one name (in any case) would look like one organisation in every list."""
    errors, first = [], {}
    for org in organisations:
        earlier = first.setdefault(org.name.casefold(), org)
        if earlier is not org:
            errors.append(org.item.error(("name",), f"navnet '{org.name}' står også ved '{earlier.key}'; "
                                                    "skriv organisationen én gang, eller giv dem hver sit navn"))
    return errors


def _keys_unique(organisations: list[Organisation]) -> list[ContentError]:
    """Current and former keys share one namespace: an old address must never lead to another organisation."""
    errors, owner = [], {org.key: org for org in organisations}
    for org in organisations:
        for i, old in enumerate(org.former_keys):
            if owner.setdefault(old, org) is not org:
                errors.append(org.item.error(("former_keys", i), f"nøglen '{old}' bruges allerede af "
                                                                 f"'{owner[old].key}'; en gammel adresse må kun føre ét sted hen"))
    return errors


RULES = (_identifiers_unique, _names_unique, _keys_unique)
