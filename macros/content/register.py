"""The AI-use register (registry/): one record per file, and the rules a schema cannot express.

Each rule is a small function with its own Danish message, listed in RECORD_RULES (one
record at a time) or REGISTER_RULES (across records); load_register runs them all.
"""
from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..errors import ContentError
from ..parallel import map_in_processes, start_in_processes
from ..schema_check import SchemaChecker
from ..vocabulary import UNKNOWN, Vocabulary
from ..yamlio import load
from . import eu_database
from .checks import check_file, slug_places, slugs_unique, unique
from .model import Content, Item, current_status
from .organisations import ORGANISATIONS_FILE, Organisation

SCHEMA_FILE = "registry/schema.json"
RETIRED_IDS_FILE = "registry/_retired-ids.yml"
# Every record starts with this line, so editors (VS Code's YAML extension) check it while typing.
SCHEMA_COMMENT = "# yaml-language-server: $schema=schema.json"
# From test/pilot on, principle 15 asks for a named leader and quality-control owner.
ACCOUNTABLE_STATUSES = frozenset({"test/pilot", "i drift", "afsluttet"})
# Addresses under /register/ the build takes for its own pages (the organisations' index, the figures).
GENERATED_REGISTER_PAGES = {"organisationer", "statistik"}


@dataclass
class RegisterContext:
    """What the rules need beyond the record itself."""

    principle_ids: list[str]
    today: datetime.date
    retired: dict[str, int] = field(default_factory=dict)  # id -> line in RETIRED_IDS_FILE
    page_slugs: set[str] = field(default_factory=set)  # hand-written pages under docs/register/
    # key -> Organisation (registry/organisations.yml); None when that file has errors of its own
    organisations: dict[str, Organisation] | None = None


def record_paths(root: Path) -> list[Path]:
    """The record files: registry/*.yml but the register-wide lists (registry/_*.yml and the organisations)."""
    import os
    lists = {Path(ORGANISATIONS_FILE).name}
    folder = Path(root) / "registry"
    try:
        names = sorted(e.name for e in os.scandir(folder) if e.name.endswith(".yml") and e.is_file())
    except OSError:
        return []
    return [folder / name for name in names if not name.startswith("_") and name not in lists]


class RecordChecks:
    """The record files being read and checked (check_file), begun by start_checking before the rest of the
    content is loaded: on the other cores, the workers read records while this process reads the policy."""

    def __init__(self, root: Path):
        self.checker = SchemaChecker(root / SCHEMA_FILE)
        self._started = None
        try:
            self.checker.compile()  # once, before workers fork, so they inherit it
        except Exception as exc:  # a broken schema: load_register raises it when its turn comes, as before
            self._results = partial(_raise, exc)
            return
        self.paths = record_paths(root)
        check = partial(check_file, root, self.checker)
        if _remember:
            self._results = partial(_remembered_checks, root, check, self.paths)
        else:
            self._started = start_in_processes(check, self.paths)
            self._results = self._started.result

    def results(self) -> list:
        """check_file's result for each path, in order."""
        return self._results()

    def close(self) -> None:
        if self._started is not None:
            self._started.close()


def _raise(exc: Exception):
    raise exc


def start_checking(root: Path) -> RecordChecks:
    return RecordChecks(Path(root))


def load_register(root: Path, content: Content, errors: list, today: datetime.date,
                  organisations_ok: bool = True, checks: RecordChecks | None = None) -> None:
    """checks: what start_checking began for this root (default: begin it now)."""
    checks = checks or start_checking(root)
    checker = checks.checker
    results = checks.results()
    content.vocabulary = Vocabulary.from_schema(checker.schema)
    for doc, valid, problems in results:
        errors += problems
        if valid:
            if doc.first_line != SCHEMA_COMMENT:
                errors.append(ContentError(doc.path, 1, "(første linje)",
                                           f"filen skal begynde med linjen '{SCHEMA_COMMENT}', så editoren kan tjekke den"))
            content.records.append(Item(doc.data, doc))
    content.records.sort(key=lambda r: r["id"])
    retired = load_retired_ids(root, errors, id_pattern(checker.schema))
    content.retired_ids = list(retired)
    context = RegisterContext(sorted(content.declared_principle_ids), today, retired,
                              {p.stem for p in (root / "docs" / "register").glob("*.md")} | GENERATED_REGISTER_PAGES,
                              content.organisations if organisations_ok else None)
    errors += register_rules(content.records, context)


# The preview (`mkdocs serve`) loads the register again after every save: with remember_checked_files(True),
# a record file whose size and modification time are those of the last load is not read and checked
# again (its result is the same: check_file depends on nothing but the file and the schema).
_remember = False
_checked: dict[Path, tuple[tuple, tuple]] = {}  # path -> (file and schema stamp, check_file's result)


def remember_checked_files(on: bool) -> None:
    global _remember
    _remember = on
    _checked.clear()


def _stamp(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def _remembered_checks(root: Path, check, paths: list[Path]) -> list:
    schema = _stamp(root / SCHEMA_FILE)
    stamps = {path: (_stamp(path), schema) for path in paths}
    todo = [path for path in paths if _checked.get(path, (None,))[0] != stamps[path]]
    for path, result in zip(todo, map_in_processes(check, todo)):
        _checked[path] = (stamps[path], result)
    for gone in set(_checked) - set(stamps):
        del _checked[gone]
    return [_checked[path][1] for path in paths]


def register_rules(records: list[Item], context: RegisterContext) -> list[ContentError]:
    errors = []
    for rule in REGISTER_RULES:
        errors += rule(records, context)
    for record in records:
        for rule in RECORD_RULES:
            errors += rule(record, context)
    return errors


def id_pattern(schema: dict) -> re.Pattern:
    return re.compile(schema["properties"]["id"]["pattern"])


def load_retired_ids(root: Path, errors: list, pattern: re.Pattern) -> dict[str, int]:
    """Ids of deleted records ({id: line}); a stable link must never point at a new record."""
    path = root / RETIRED_IDS_FILE
    if not path.exists():
        return {}
    doc, problems = load(path, RETIRED_IDS_FILE)
    errors += problems
    if doc is None:
        return {}
    ids = doc.data.get("retired_ids") if isinstance(doc.data, dict) else None
    if not isinstance(ids, list) or set(doc.data) != {"retired_ids"}:
        errors.append(ContentError(RETIRED_IDS_FILE, 1, "retired_ids", "filen skal have præcis feltet retired_ids med en liste af id'er"))
        return {}
    retired = {}
    for i, rid in enumerate(ids):
        if not isinstance(rid, str) or not pattern.match(rid):
            errors.append(ContentError(RETIRED_IDS_FILE, doc.line_of(("retired_ids", i)), f"retired_ids[{i}]",
                                       f"'{rid}' har forkert form; skal være fx AI-0007"))
        else:
            retired[rid] = doc.line_of(("retired_ids", i))
    return retired


# --- rules across records --------------------------------------------------------

def _ids_unique(records, context):
    return unique(records, "id", "id'et")


def _slugs_unique(records, context):
    """A record's current and former addresses are its own, and no hand-written page's."""
    errors = slugs_unique(records)
    for record in records:
        for where, slug in slug_places(record):
            if slug in context.page_slugs:
                errors.append(record.error(where, f"adressen '{slug}' er taget af siden docs/register/{slug}.md; vælg en anden"))
    return errors


def _ids_not_retired(records, context):
    return [record.error(("id",), f"id'et '{record['id']}' er udgået og må aldrig genbruges "
                                  f"(se {RETIRED_IDS_FILE}); brug python -m macros new")
            for record in records if record["id"] in context.retired]


REGISTER_RULES = (_ids_unique, _slugs_unique, _ids_not_retired)


# --- rules for one record ----------------------------------------------------------

def _owner_listed(record, context):
    """owner.organisation is the key of an organisation in the organisations file (or 'ikke oplyst')."""
    value, organisations = record["owner"]["organisation"], context.organisations
    if value == UNKNOWN or organisations is None or value in organisations:
        return []
    how = ("tilføj organisationen i filen med nøgle, name, short_name, type og team (se CONTRIBUTING.md), "
           f"eller skriv '{UNKNOWN}'")
    guess = _organisation_meant(value, organisations)
    if guess:
        return [record.error(("owner", "organisation"),
                             f"organisationen '{value}' står ikke i {ORGANISATIONS_FILE}; skriv organisationens nøgle: "
                             f"mente du '{guess.key}' ({guess.name})? Ellers {how}")]
    listed = ", ".join(f"'{key}'" for key in list(organisations)[:5]) + (" …" if len(organisations) > 5 else "")
    where = f"skriv nøglen på en af organisationerne dér ({listed}), eller {how}" if organisations else how
    return [record.error(("owner", "organisation"), f"organisationen '{value}' står ikke i {ORGANISATIONS_FILE}; {where}")]


def _organisation_meant(value: str, organisations: dict[str, Organisation]) -> Organisation | None:
    """The organisation a record most likely means: by its name or short name, or a near-miss of its key."""
    folded = " ".join(value.split()).casefold()
    for org in organisations.values():
        if folded in (org.name.casefold(), org.short_name.casefold(), org.key):
            return org
    close = difflib.get_close_matches(folded, list(organisations), n=1, cutoff=0.8)
    return organisations[close[0]] if close else None


def _unacceptable_only_when_stopped(record, context):
    status = current_status(record)
    if record["ai_act"]["risk_level"] == "uacceptabel" and status != "stoppet":
        return [record.error(("ai_act", "risk_level"),
                             f"risikoniveauet 'uacceptabel' er kun tilladt, når status er 'stoppet' (status er '{status}')")]
    return []


def _responsibility_from_pilot(record, context):
    status = current_status(record)
    if status in ACCOUNTABLE_STATUSES and "responsibility" not in record.data:
        return [record.error(("responsibility",),
                             f"feltet mangler: fra status 'test/pilot' skal ansvarlig leder og kvalitetsansvarlig "
                             f"stå i registreringen (status er '{status}')")]
    return []


def _every_principle_assessed(record, context):
    known, assessments, errors = context.principle_ids, record["principle_assessments"], []
    if not known:  # the policy did not load: its own errors say why
        return errors
    for pid in assessments:
        if pid not in known:
            errors.append(record.error(("principle_assessments", pid),
                                       f"princippet '{pid}' findes ikke i politikken ({known[0]}–{known[-1]})"))
    missing = [pid for pid in known if pid not in assessments]
    if missing:
        errors.append(record.error(("principle_assessments",),
                                   f"vurderingen mangler for {', '.join(missing)}; brug status 'ikke vurderet', hvis den ikke er lavet"))
    return errors


def _other_risk_named(record, context):
    return [record.error(("risks", i, "other_category"), "feltet mangler: kategorien 'anden' skal navngives i other_category")
            for i, risk in enumerate(record["risks"]) if risk["category"] == "anden" and not risk.get("other_category")]


def _date(value) -> datetime.date | None:
    return None if value == UNKNOWN else datetime.date.fromisoformat(value)


def _status_dates_in_order(record, context):
    errors, previous = [], None
    for i, step in enumerate(record["status_history"]):
        when = _date(step["date"])
        if when and previous and when < previous:
            errors.append(record.error(("status_history", i, "date"), f"datoen {when} ligger før den forrige statusændring ({previous})"))
        previous = when or previous
    return errors


def _review_dates(record, context):
    review, errors = record["review"], []
    created, last, due = (_date(review[k]) for k in ("created", "last_reviewed", "next_review"))
    if last < created:
        errors.append(record.error(("review", "last_reviewed"), f"seneste gennemgang ({last}) ligger før oprettelsen ({created})"))
    if due <= last:
        errors.append(record.error(("review", "next_review"), f"næste gennemgang ({due}) skal ligge efter seneste gennemgang ({last})"))
    if last > context.today:
        errors.append(record.error(("review", "last_reviewed"), f"seneste gennemgang ({last}) ligger i fremtiden"))
    return errors


# --- dates of what has happened: never after today -----------------------------------

def _future(record, context, path: tuple, what: str) -> list[ContentError]:
    value = record.data
    for part in path:
        value = value[part]
    when = _date(value)
    if when and when > context.today:
        return [record.error(path, f"{what} ({when}) ligger i fremtiden; skriv datoen, da det skete, "
                                   f"eller 'ikke oplyst' (en plan hører til i en note)")]
    return []


def _status_changes_not_in_future(record, context):
    return [error for i in range(len(record["status_history"]))
            for error in _future(record, context, ("status_history", i, "date"), "statusændringen")]


def _legal_assessments_not_in_future(record, context):
    legal = record["legal"]
    errors = _future(record, context, ("legal", "last_assessed"), "den juridiske vurdering")
    for i in range(len(legal["impact_assessments"])):
        errors += _future(record, context, ("legal", "impact_assessments", i, "date"), "konsekvensanalysen")
    return errors


def _consultations_not_in_future(record, context):
    return [error for i in range(len(record.get("consultation", [])))
            for error in _future(record, context, ("consultation", i, "date"), "inddragelsen")]


def _created_not_in_future(record, context):
    return _future(record, context, ("review", "created"), "oprettelsen")


RECORD_RULES = (_owner_listed, _unacceptable_only_when_stopped, _responsibility_from_pilot, _every_principle_assessed,
                _other_risk_named, _status_dates_in_order, _review_dates, _status_changes_not_in_future,
                _legal_assessments_not_in_future, _consultations_not_in_future, _created_not_in_future,
                eu_database.rule)  # a record at 'høj' carries what the EU database asks for (Annex VIII C)


def check_record(record: Item, context: RegisterContext) -> list[ContentError]:
    """Every one-record rule, e.g. for a record made by `python -m macros new` before it is written."""
    return [error for rule in RECORD_RULES for error in rule(record, context)]
