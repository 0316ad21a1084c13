"""Load and validate all site content: the policy, the register and the SMV guide.

The single entry point is load_content(root). It reads each YAML file once,
checks it against its JSON Schema and the cross-checks a schema cannot express,
and raises ContentInvalid listing every problem, or returns the content.
"""
from __future__ import annotations

import csv
import datetime
import gc
import re
import io
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .errors import ContentError, ContentInvalid
from .parallel import map_in_processes
from .schema_check import SchemaChecker
from .vocabulary import Vocabulary
from .yamlio import Document, dotted, load

PRINCIPLE_COUNT = 15
UNKNOWN = "ikke oplyst"
# From test/pilot on, principle 15 asks for a named leader and quality-control owner.
ACCOUNTABLE_STATUSES = {"test/pilot", "i drift", "afsluttet"}
RETIRED_IDS_FILE = "registry/_retired-ids.yml"
# Every record starts with this line, so editors (VS Code's YAML extension) check it while typing.
SCHEMA_COMMENT = "# yaml-language-server: $schema=schema.json"
_ID_PATTERN = re.compile(r"^AI-[0-9]{4}$")
GUIDE_STEP_COUNT = 5
# The guide's own pages and folders under /smv/; a step's slug must not take them.
GUIDE_RESERVED_SLUGS = {"index", "skabeloner"}
# The downloadable templates in smv/templates/ (published under /smv/skabeloner/).
SMV_TEMPLATES = {"policy": "ai-politik-skabelon.md", "inventory_csv": "ai-vaerktoejer.csv",
                 "inventory_yml": "ai-vaerktoejer.yml"}
INVENTORY_KEY = "vaerktoejer"  # the list of tools in the YAML inventory


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
    vocabulary: Vocabulary | None = None  # the register schema's lists of values

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


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _check_file(root: Path, checker: SchemaChecker, path: Path) -> tuple[Document | None, bool, list[ContentError]]:
    """The parsed document (None if it did not parse), whether it is valid, and its problems.
    Depends on nothing but the file, so many files can be checked in parallel."""
    doc, problems = load(path, _rel(root, path))
    if doc is None:
        return None, False, problems
    if not isinstance(doc.data, dict):
        problems.append(ContentError(doc.path, 1, "", "filen skal indeholde felter (nøgle: værdi), ikke en liste eller en enkelt værdi"))
        return doc, False, problems
    schema_errors = checker.check(doc)
    return doc, not schema_errors, problems + schema_errors


def _load_checked(root: Path, path: Path, checker: SchemaChecker, errors: list,
                  on_parsed=None) -> Document | None:
    """The document if it is valid; otherwise None, with its problems added to errors.
    on_parsed sees every document that parsed, valid or not."""
    doc, valid, problems = _check_file(root, checker, path)
    errors += problems
    if doc is not None and on_parsed:
        on_parsed(doc)
    return doc if valid else None


def _unique(items: list[Item], key: str, label: str, errors: list) -> None:
    seen: dict = {}
    for item in items:
        value = item.get(key)
        if value in seen:
            errors.append(item.error((key,), f"{label} '{value}' er allerede brugt i {seen[value].source_file}"))
        else:
            seen[value] = item


def _slugs_unique(items: list[Item], errors: list) -> None:
    """Current and former slugs share one namespace: an old URL must never point elsewhere."""
    owner: dict[str, Item] = {}
    for item in items:
        for index, slug in [(None, item["slug"]), *enumerate(item.get("former_slugs", []))]:
            where = ("slug",) if index is None else ("former_slugs", index)
            if slug in owner and owner[slug] is not item:
                errors.append(item.error(where, f"adressen '{slug}' er allerede brugt i {owner[slug].source_file}"))
            owner.setdefault(slug, item)


# --- the policy ---------------------------------------------------------------

def _load_policy(root: Path, content: Content, errors: list) -> None:
    folder = root / "principles"
    schema = folder / "schema.json"
    areas_path = folder / "areas.yml"
    if not areas_path.exists():
        errors.append(ContentError("principles/areas.yml", 1, "", "filen mangler"))
    elif areas_doc := _load_checked(root, areas_path, SchemaChecker(schema, "areas_file"), errors):
        content.areas = [Item(a, areas_doc, ("areas", i)) for i, a in enumerate(areas_doc.data["areas"])]
        _unique(content.areas, "id", "området", errors)

    checker = SchemaChecker(schema, "principle")

    def declare(doc):  # an invalid principle still exists: don't report its id as unknown elsewhere
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            content.declared_principle_ids.add(doc.data["id"])

    for path in sorted(folder.glob("p*.yml")):
        doc = _load_checked(root, path, checker, errors, declare)
        if doc:
            content.principles.append(Item(doc.data, doc))
    content.principles.sort(key=lambda p: p["number"])
    _check_principles(content, errors)


def _check_principles(content: Content, errors: list) -> None:
    ps = content.principles
    _unique(ps, "id", "id'et", errors)
    _unique(ps, "number", "nummeret", errors)
    _slugs_unique(ps, errors)
    area_ids = set(content.areas_by_id)
    for p in ps:
        if p["id"] != f"P{p['number']:02d}":
            errors.append(p.error(("id",), f"id'et skal være P{p['number']:02d}, når nummeret er {p['number']}"))
        if content.areas and p["area"] not in area_ids:
            errors.append(p.error(("area",), f"området '{p['area']}' findes ikke; brug en af: {', '.join(sorted(area_ids))}"))
        for i, q in enumerate(p["questions"]):
            if not q["id"].startswith(p["id"] + "-"):
                errors.append(p.error(("questions", i, "id"), f"spørgsmålets id skal begynde med {p['id']}-"))
        _unique([Item(q, p.doc, ("questions", i)) for i, q in enumerate(p["questions"])], "id", "spørgsmåls-id'et", errors)
    loaded = len(ps)
    if not any(e.file.startswith("principles/p") for e in errors) and loaded != PRINCIPLE_COUNT:
        errors.append(ContentError("principles/", 1, "(alle principfiler)", f"politikken skal have præcis {PRINCIPLE_COUNT} principper, fandt {loaded}"))


# --- the register -------------------------------------------------------------

def _load_register(root: Path, content: Content, errors: list, today: datetime.date) -> None:
    folder = root / "registry"
    checker = SchemaChecker(folder / "schema.json")
    checker.compile()  # once, before workers fork, so they inherit it
    content.vocabulary = Vocabulary.from_schema(checker.schema)
    # registry/_*.yml hold register-wide lists, not records
    paths = [path for path in sorted(folder.glob("*.yml")) if not path.name.startswith("_")]
    for doc, valid, problems in map_in_processes(partial(_check_file, root, checker), paths):
        errors += problems
        if valid:
            if doc.first_line != SCHEMA_COMMENT:
                errors.append(ContentError(doc.path, 1, "(første linje)",
                                           f"filen skal begynde med linjen '{SCHEMA_COMMENT}', så editoren kan tjekke den"))
            content.records.append(Item(doc.data, doc))
    content.records.sort(key=lambda r: r["id"])
    _unique(content.records, "id", "id'et", errors)
    _slugs_unique(content.records, errors)
    # Hand-written pages beside the records (docs/register/mangler.md is /register/mangler/).
    taken = {p.stem for p in (root / "docs" / "register").glob("*.md")}
    for record in content.records:
        for index, slug in [(None, record["slug"]), *enumerate(record.get("former_slugs", []))]:
            if slug in taken:
                errors.append(record.error(("slug",) if index is None else ("former_slugs", index),
                                           f"adressen '{slug}' er taget af siden docs/register/{slug}.md; vælg en anden"))
    retired = _load_retired_ids(root, errors)
    for record in content.records:
        if record["id"] in retired:
            errors.append(record.error(("id",), f"id'et '{record['id']}' er udgået og må aldrig genbruges "
                                                f"(se {RETIRED_IDS_FILE}); brug python -m macros new"))
    known = sorted(content.declared_principle_ids)
    for record in content.records:
        errors += check_record(record, known, today)




def _load_retired_ids(root: Path, errors: list) -> dict[str, int]:
    """Ids of deleted records ({id: line}); a stable link must never point at a new record."""
    path = root / RETIRED_IDS_FILE
    if not path.exists():
        return {}
    doc, problems = load(path, RETIRED_IDS_FILE)
    errors += problems
    if doc is None:
        return {}
    ids = doc.data.get("retired_ids") if isinstance(doc.data, dict) else None
    if not isinstance(ids, list) or (isinstance(doc.data, dict) and set(doc.data) != {"retired_ids"}):
        errors.append(ContentError(RETIRED_IDS_FILE, 1, "retired_ids", "filen skal have præcis feltet retired_ids med en liste af id'er"))
        return {}
    retired = {}
    for i, rid in enumerate(ids):
        if not isinstance(rid, str) or not _ID_PATTERN.match(rid):
            errors.append(ContentError(RETIRED_IDS_FILE, doc.line_of(("retired_ids", i)), f"retired_ids[{i}]",
                                       f"'{rid}' har forkert form; skal være fx AI-0007"))
        else:
            retired[rid] = doc.line_of(("retired_ids", i))
    return retired


def retired_ids(root: Path) -> list[str]:
    """The retired ids, for tools that hand out new ones (errors are reported by load_content)."""
    return list(_load_retired_ids(Path(root), []))


def check_record(record: Item, principle_ids: list[str], today: datetime.date) -> list[ContentError]:
    """The rules a schema cannot express, for one record."""
    errors = []
    status = current_status(record)
    if record["ai_act"]["risk_level"] == "uacceptabel" and status != "stoppet":
        errors.append(record.error(("ai_act", "risk_level"),
                                   f"risikoniveauet 'uacceptabel' er kun tilladt, når status er 'stoppet' (status er '{status}')"))
    if status in ACCOUNTABLE_STATUSES and "responsibility" not in record.data:
        errors.append(record.error(("responsibility",),
                                   f"feltet mangler: fra status 'test/pilot' skal ansvarlig leder og kvalitetsansvarlig stå i registreringen (status er '{status}')"))
    assessments = record["principle_assessments"]
    if principle_ids:
        for pid in assessments:
            if pid not in principle_ids:
                errors.append(record.error(("principle_assessments", pid), f"princippet '{pid}' findes ikke i politikken (P01–P{len(principle_ids):02d})"))
        missing = [pid for pid in principle_ids if pid not in assessments]
        if missing:
            errors.append(record.error(("principle_assessments",),
                                       f"vurderingen mangler for {', '.join(missing)}; brug status 'ikke vurderet', hvis den ikke er lavet"))
    for i, risk in enumerate(record["risks"]):
        if risk["category"] == "anden" and not risk.get("other_category"):
            errors.append(record.error(("risks", i, "other_category"), "feltet mangler: kategorien 'anden' skal navngives i other_category"))
    errors += _check_dates(record, today)
    return errors


def _date(value) -> datetime.date | None:
    return None if value == UNKNOWN else datetime.date.fromisoformat(value)


def _check_dates(record: Item, today: datetime.date) -> list[ContentError]:
    errors = []
    previous = None
    for i, step in enumerate(record["status_history"]):
        when = _date(step["date"])
        if when and previous and when < previous:
            errors.append(record.error(("status_history", i, "date"), f"datoen {when} ligger før den forrige statusændring ({previous})"))
        previous = when or previous
    review = record["review"]
    created, last, due = (_date(review[k]) for k in ("created", "last_reviewed", "next_review"))
    if last < created:
        errors.append(record.error(("review", "last_reviewed"), f"seneste gennemgang ({last}) ligger før oprettelsen ({created})"))
    if due <= last:
        errors.append(record.error(("review", "next_review"), f"næste gennemgang ({due}) skal ligge efter seneste gennemgang ({last})"))
    if last > today:
        errors.append(record.error(("review", "last_reviewed"), f"seneste gennemgang ({last}) ligger i fremtiden"))
    return errors


# --- the SMV guide ------------------------------------------------------------

def _load_guide(root: Path, content: Content, errors: list) -> None:
    path = root / "smv" / "guide.yml"
    if not path.exists():
        return
    _check_inventory_templates(root, errors)
    doc = _load_checked(root, path, SchemaChecker(root / "smv" / "schema.json"), errors)
    if not doc:
        return
    content.guide = Item(doc.data, doc)
    steps = [Item(s, doc, ("steps", i)) for i, s in enumerate(doc.data["steps"])]
    for key, label in (("id", "id'et"), ("number", "nummeret"), ("slug", "adressen")):
        _unique(steps, key, label, errors)
    checklist = [Item(c, doc, ("steps", i, "checklist", j)) for i, s in enumerate(steps) for j, c in enumerate(s["checklist"])]
    _unique(checklist, "id", "tjeklistepunktets id", errors)
    known = content.declared_principle_ids
    for i, step in enumerate(steps):
        if step["number"] != i + 1:
            errors.append(step.error(("number",), f"trinnene skal stå i rækkefølge; forventede nummer {i + 1}"))
        for j, pid in enumerate(step["related_principles"]):
            if known and pid not in known:
                errors.append(step.error(("related_principles", j), f"princippet '{pid}' findes ikke i politikken"))
        if step["slug"] in GUIDE_RESERVED_SLUGS:
            errors.append(step.error(("slug",), f"adressen '{step['slug']}' er forbeholdt guidens egne sider; vælg en anden"))
        for j, item in enumerate(step["checklist"]):
            # The id is the key a reader's ticks are stored under: namespaced by step, never reused.
            if not item["id"].startswith(step["id"] + "-"):
                errors.append(step.error(("checklist", j, "id"), f"tjeklistepunktets id skal begynde med {step['id']}-"))
    if len(steps) != GUIDE_STEP_COUNT:
        errors.append(ContentError(doc.path, doc.line_of(("steps",)), "steps",
                                   f"guiden skal have præcis {GUIDE_STEP_COUNT} trin, fandt {len(steps)}"))


def _check_inventory_templates(root: Path, errors: list) -> None:
    """The AI-tool inventory comes as CSV and as YAML: both must exist, parse and have the same fields."""
    folder = root / "smv" / "templates"
    for name in SMV_TEMPLATES.values():
        if not (folder / name).exists():
            errors.append(ContentError(_rel(root, folder / name), 1, "", "skabelonen mangler; guiden linker til den"))
    csv_path, yml_path = folder / SMV_TEMPLATES["inventory_csv"], folder / SMV_TEMPLATES["inventory_yml"]
    if not (csv_path.exists() and yml_path.exists()):
        return
    csv_name = _rel(root, csv_path)
    try:
        rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        errors.append(ContentError(csv_name, 1, "", f"filen kan ikke læses som CSV ({exc})"))
        return
    if not rows or not any(rows[0]):
        errors.append(ContentError(csv_name, 1, "", "filen skal begynde med en linje med kolonnenavne"))
        return
    header = rows[0]
    for number, row in enumerate(rows[1:], 2):
        if row and len(row) != len(header):
            errors.append(ContentError(csv_name, number, "", f"rækken har {len(row)} felter, men der er {len(header)} kolonner"))
    doc, problems = load(yml_path, _rel(root, yml_path))
    errors += problems
    if doc is None:
        return
    tools = doc.data.get(INVENTORY_KEY) if isinstance(doc.data, dict) else None
    if not isinstance(tools, list) or not tools or not all(isinstance(t, dict) for t in tools):
        errors.append(ContentError(doc.path, doc.line_of((INVENTORY_KEY,)), INVENTORY_KEY,
                                   "skal være en liste med mindst ét værktøj (felter: nøgle: værdi)"))
        return
    for i, tool in enumerate(tools):
        missing = [c for c in header if c not in tool]
        extra = [k for k in tool if k not in header]
        if missing or extra:
            what = "; ".join(filter(None, [
                f"mangler {', '.join(missing)}" if missing else "",
                f"har {', '.join(map(str, extra))}, som ikke er en kolonne i {csv_path.name}" if extra else ""]))
            errors.append(ContentError(doc.path, doc.line_of((INVENTORY_KEY, i)), dotted((INVENTORY_KEY, i)),
                                       f"felterne skal være de samme som kolonnerne i {csv_path.name}: {what}"))


def load_content(root: Path, today: datetime.date | None = None) -> Content:
    # Loading makes millions of small objects and no reference cycles; the cyclic garbage
    # collector's passes over them took a sixth of the time at 5,000 records, for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_content(Path(root), today or datetime.date.today())
    finally:
        if collecting:
            gc.enable()


def _load_content(root: Path, today: datetime.date) -> Content:
    content = Content(root, today=today)
    errors: list[ContentError] = []
    _load_policy(root, content, errors)
    _load_register(root, content, errors, today)
    _load_guide(root, content, errors)
    if errors:
        raise ContentInvalid(errors)
    return content
