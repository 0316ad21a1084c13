"""Command line: check the content without building the site.

    python -m macros validate        # every YAML mistake, with file, line and field
    python -m macros gaps [--strict] # what records lack that the policy requires at their stage
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .argparse_da import danish
from .content import load_content
from .errors import ContentInvalid


def _default_root() -> Path:
    """The folder with mkdocs.yml: the current one, or the checkout this package is in
    (an installed package is in site-packages, which has none)."""
    for folder in (Path.cwd(), Path(__file__).resolve().parent.parent):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return Path.cwd()


def _iso_date(value: str):
    import datetime
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        import re
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise argparse.ArgumentTypeError(f"datoen {value} findes ikke i kalenderen; ret måned eller dag")
        raise argparse.ArgumentTypeError(f"'{value}' er ikke en dato på formen ÅÅÅÅ-MM-DD")


def cmd_validate(args) -> int:
    content = load_content(args.root)
    print(f"OK: {len(content.principles)} principper, {len(content.records)} registreringer"
          + (f", SMV-guide med {len(content.guide['steps'])} trin" if content.guide else "") + ".")
    return 0


# Which option of `new` fills which field of the record, so a refused value names the option.
NEW_OPTIONS = {"title": "titel", "owner.organisation": "--owner", "owner.unit": "--unit",
               "status_history[0].status": "--status", "category": "--category"}


def cmd_new(args) -> int:
    import datetime

    from .content.register import RegisterContext, SCHEMA_FILE, check_record
    from .content.model import Item
    from .scaffold import record_text
    from .schema_check import SchemaChecker
    from .yamlio import load_text
    content = load_content(args.root)
    checker = SchemaChecker(args.root / SCHEMA_FILE)
    today = datetime.date.today()
    name, text = record_text(content, checker.schema, title=args.title, owner=args.owner, unit=args.unit,
                             status=args.status, category=args.category, today=today)
    path = args.root / "registry" / name
    display = path.relative_to(args.root).as_posix()
    # The new record passes the same checks as every other record before it is written.
    doc, errors = load_text(text, display)
    if doc is not None:
        errors += checker.check(doc) or check_record(
            Item(doc.data, doc), RegisterContext(sorted(content.declared_principle_ids), today,
                                                 organisations=content.organisations))
    if errors:
        for error in errors:
            option = NEW_OPTIONS.get(error.field)
            print(f"{option}: {error.message}" if option else str(error), file=sys.stderr)
        return 2
    if path.exists():
        print(f"{display} findes allerede; vælg en anden titel", file=sys.stderr)
        return 2
    path.write_text(text, encoding="utf-8")
    print(f"Oprettet: {display}")
    print("Udfyld felterne (skriv 'ikke oplyst', hvor du ikke ved det), og kør: python -m macros validate")
    return 0


def cmd_gaps(args) -> int:
    from .gaps import find_gaps
    content = load_content(args.root, args.today)
    gaps = find_gaps(content, content.today)
    for gap in gaps:
        print(gap)
    records = len({g.record_id for g in gaps})
    if gaps:
        print(f"{len(gaps)} mangler i {records} af {len(content.records)} registreringer.")
    else:
        print(f"Ingen mangler i {len(content.records)} registreringer.")
    return 1 if gaps and args.strict else 0


def build_parser() -> argparse.ArgumentParser:
    """The parser; build and use it inside argparse_da.danish(), which puts argparse's own texts in Danish."""
    parser = argparse.ArgumentParser(prog="python -m macros", description="Tjek og vedligehold sitets indhold.")
    parser.add_argument("--root", type=Path, default=_default_root(), metavar="MAPPE", help="mappen med mkdocs.yml")
    sub = parser.add_subparsers(dest="command", required=True, metavar="kommando", title="kommandoer")
    sub.add_parser("validate", help="valider principper, register og SMV-guide",
                   description="Tjek alle principper, registreringer og SMV-guiden, og vis alle fejl på én gang."
                   ).set_defaults(func=cmd_validate)
    new = sub.add_parser("new", help="opret en ny registrering med alle felter",
                         description="Opret en ny registrering i registry/ med alle felter og deres forklaring. "
                                     "Id og adresse findes selv. Udfyld derefter filen, og kør validate.")
    new.add_argument("title", metavar="titel", help="initiativets titel i anførselstegn, fx \"AI-tolk i jobcentret\"")
    new.add_argument("--owner", required=True, metavar="ORGANISATION",
                     help="organisationens nøgle i registry/organisations.yml, fx gladsaxe-kommune, eller 'ikke oplyst'")
    new.add_argument("--unit", default="ikke oplyst", metavar="ENHED", help="forvaltning eller enhed")
    # The allowed values are the register schema's (registry/schema.json), checked in cmd_new.
    new.add_argument("--status", default="idé", metavar="STATUS", help="initiativets status, fx idé eller 'test/pilot'")
    new.add_argument("--category", required=True, metavar="KATEGORI", help="kategori, fx sagsbehandling")
    new.set_defaults(func=cmd_new)
    gaps = sub.add_parser("gaps", help="vis hvad registreringerne mangler i forhold til politikken på deres stadie",
                          description="Vis, hvad registreringerne mangler i forhold til politikken på deres stadie.")
    gaps.add_argument("--strict", action="store_true", help="afslut med fejlkode 1, hvis der er mangler")
    gaps.add_argument("--today", type=_iso_date, default=None, metavar="DATO",
                      help="dagens dato (ÅÅÅÅ-MM-DD) for overskredne gennemgange")
    gaps.set_defaults(func=cmd_gaps)
    return parser


def main(argv: list[str] | None = None) -> int:
    with danish():
        args = build_parser().parse_args(argv)
    if not (args.root / "mkdocs.yml").is_file():
        print(f"{args.root}: ingen mkdocs.yml her; kør kommandoen i sitets mappe, eller angiv den med --root",
              file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except ContentInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
