"""What every domain's loading shares: read and schema-check a file, and uniqueness rules."""
from __future__ import annotations

from pathlib import Path

from ..errors import ContentError
from ..schema_check import SchemaChecker
from ..yamlio import Document, load, load_bytes
from .model import Item


def rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def check_file(root: Path, checker: SchemaChecker, path: Path, blob: bytes | None = None,
               display: str | None = None) -> tuple[Document | None, bool, list[ContentError]]:
    """The parsed document (None if it did not parse), whether it is valid, and its problems.
    Depends on nothing but the file, so many files can be checked in parallel.
    blob: the file's text as a git commit holds it (an edition of the policy), instead of the file on disk;
    display: the name problems are reported under (default: the path relative to root)."""
    name = display or rel(root, path)
    doc, problems = load(path, name) if blob is None else load_bytes(blob, name)
    if doc is None:
        return None, False, problems
    if not isinstance(doc.data, dict):
        problems.append(ContentError(doc.path, 1, "", "filen skal indeholde felter (nøgle: værdi), ikke en liste eller en enkelt værdi"))
        return doc, False, problems
    schema_errors = checker.check(doc)
    return doc, not schema_errors, problems + schema_errors


def load_checked(root: Path, path: Path, checker: SchemaChecker, errors: list, on_parsed=None,
                 blob: bytes | None = None, display: str | None = None) -> Document | None:
    """The document if it is valid; otherwise None, with its problems added to errors.
    on_parsed sees every document that parsed, valid or not. blob and display: as for check_file."""
    doc, valid, problems = check_file(root, checker, path, blob, display)
    errors += problems
    if doc is not None and on_parsed:
        on_parsed(doc)
    return doc if valid else None


def unique(items: list[Item], key: str, label: str) -> list[ContentError]:
    """A value of key used by two items: the second is the error, naming the first's file."""
    errors, seen = [], {}
    for item in items:
        value = item.get(key)
        if value in seen:
            errors.append(item.error((key,), f"{label} '{value}' er allerede brugt i {seen[value].source_file}"))
        else:
            seen[value] = item
    return errors


def slug_places(item: Item):
    """(field path, slug) for the current and every former slug of an item."""
    yield ("slug",), item["slug"]
    for index, slug in enumerate(item.get("former_slugs", [])):
        yield ("former_slugs", index), slug


def slugs_unique(items: list[Item]) -> list[ContentError]:
    """Current and former slugs share one namespace: an old URL must never point elsewhere."""
    errors, owner = [], {}
    for item in items:
        for where, slug in slug_places(item):
            if slug in owner and owner[slug] is not item:
                errors.append(item.error(where, f"adressen '{slug}' er allerede brugt i {owner[slug].source_file}"))
            owner.setdefault(slug, item)
    return errors
