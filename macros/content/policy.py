"""The policy (principles/): its areas and principles, and the rules between them."""
from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

from ..errors import ContentError
from ..schema_check import SchemaChecker
from .checks import load_checked, slugs_unique, unique
from .model import Content, Item

AREAS_FILE = "principles/areas.yml"


def load_policy(root: Path, content: Content, errors: list, blobs: dict[str, bytes] | None = None,
                revision: str = "") -> None:
    """The policy from principles/ on disk, or (blobs) from its files' text in a git commit:
    {"principles/p04.yml": text}, as an edition holds it. Both are checked by the same schema
    (today's: the pages are made with today's templates) and rules; revision names the commit
    (e.g. the tag udgave-1) in front of each file in the problems, as `git show udgave-1:principles/p04.yml`."""
    folder = root / "principles"
    schema = folder / "schema.json"
    if blobs is None:
        names = [p.relative_to(root).as_posix() for p in folder.glob("p*.yml")]
        has = (root / AREAS_FILE).exists()
    else:
        names = [n for n in blobs if fnmatch(n, "principles/p*.yml")]
        has = AREAS_FILE in blobs

    def load(name: str, checker: SchemaChecker, on_parsed=None):
        return load_checked(root, root / name, checker, errors, on_parsed, None if blobs is None else blobs[name],
                            f"{revision}:{name}" if revision else None)

    if not has:
        errors.append(ContentError(f"{revision}:{AREAS_FILE}" if revision else AREAS_FILE, 1, "", "filen mangler"))
    elif areas_doc := load(AREAS_FILE, SchemaChecker(schema, "areas_file")):
        content.areas = [Item(a, areas_doc, ("areas", i)) for i, a in enumerate(areas_doc.data["areas"])]
        errors += unique(content.areas, "id", "området")

    checker = SchemaChecker(schema, "principle")

    def declare(doc):  # an invalid principle still exists: don't report its id as unknown elsewhere
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            content.declared_principle_ids.add(doc.data["id"])

    for name in sorted(names):
        if doc := load(name, checker, declare):
            content.principles.append(Item(doc.data, doc))
    content.principles.sort(key=lambda p: p["number"])
    prefix = f"{revision}:principles/p" if revision else "principles/p"
    errors += policy_rules(content, principle_count(checker), file_errors=any(e.file.startswith(prefix) for e in errors),
                           folder=f"{revision}:principles/" if revision else "principles/")


def principle_count(checker: SchemaChecker) -> int:
    """How many principles the policy has: the highest number the schema allows."""
    return checker.schema["$defs"]["principle"]["properties"]["number"]["maximum"]


def policy_rules(content: Content, count: int, file_errors: bool, folder: str = "principles/") -> list[ContentError]:
    """What the schema cannot say about the principles: unique ids, numbers and addresses,
    the id follows the number, the area exists, question ids are namespaced, none is missing."""
    ps = content.principles
    errors = unique(ps, "id", "id'et") + unique(ps, "number", "nummeret") + slugs_unique(ps)
    area_ids = set(content.areas_by_id)
    for p in ps:
        number = int(p["number"])  # JSON Schema counts 4.0 as an integer too
        if p["id"] != f"P{number:02d}":
            errors.append(p.error(("id",), f"id'et skal være P{number:02d}, når nummeret er {number}"))
        if content.areas and p["area"] not in area_ids:
            errors.append(p.error(("area",), f"området '{p['area']}' findes ikke; brug en af: {', '.join(sorted(area_ids))}"))
        for i, q in enumerate(p["questions"]):
            if not q["id"].startswith(p["id"] + "-"):
                errors.append(p.error(("questions", i, "id"), f"spørgsmålets id skal begynde med {p['id']}-"))
        errors += unique([Item(q, p.doc, ("questions", i)) for i, q in enumerate(p["questions"])], "id", "spørgsmåls-id'et")
    # A broken principle file is reported as such, not also as a missing principle.
    if not file_errors and len(ps) != count:
        errors.append(ContentError(folder, 1, "(alle principfiler)",
                                   f"politikken skal have præcis {count} principper, fandt {len(ps)}"))
    return errors
