"""Command line: check the content without building the site.

    python -m macros validate        # every YAML mistake, with file, line and field
    python -m macros new TITLE ...   # a new record with every field, a random id and its CODEOWNERS line
    python -m macros gaps [--strict] [--organisation KEY]  # what records lack at their stage
    python -m macros codeowners [--check]  # write (or check) .github/CODEOWNERS
    python -m macros links [--strict]      # do the records' links still answer? (writes registry/_links.json)
    python -m macros export DIR            # the whole site as a plain tree another generator builds (Zensical)
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
    import gc

    from .editions import load_editions
    # Off for the rest of this short command: load_content would turn the collector back on, and its
    # first full pass would walk the register's millions of objects (no cycles among them) for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _validate(args, load_editions)
    finally:
        if collecting:
            gc.enable()


def _validate(args, load_editions) -> int:
    content = load_content(args.root)
    editions, problems = load_editions(args.root, content)  # the tags udgave-N, as the build reads them
    if problems:
        raise ContentInvalid(problems)
    print(f"OK: {len(content.principles)} principper, {len(content.records)} registreringer"
          + (f", beslutningstræ version {content.decision_tree.version}" if content.decision_tree else "")
          + (f", SMV-guide med {len(content.guide['steps'])} trin" if content.guide else "") + "."
          + (f" Udgaver af politikken: {', '.join(e.tag for e in editions.editions)}." if editions.editions else ""))
    return 0


# Which option of `new` fills which field of the record, so a refused value names the option.
NEW_OPTIONS = {"title": "titel", "owner.organisation": "--owner", "owner.unit": "--unit",
               "status_history[0].status": "--status", "category": "--category", "slug": "--slug"}


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
                             status=args.status, category=args.category, today=today, slug=args.slug)
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
    taken = _slug_taken(content, doc.data["slug"])
    if taken:
        print(f"--slug: adressen '{doc.data['slug']}' er allerede brugt {taken}; vælg en anden med --slug", file=sys.stderr)
        return 2
    if path.exists():
        print(f"{display} findes allerede; vælg en anden titel", file=sys.stderr)
        return 2
    path.write_text(text, encoding="utf-8")
    print(f"Oprettet: {display}")
    _update_codeowners(args.root)
    print("Udfyld felterne (skriv 'ikke oplyst', hvor du ikke ved det), og kør: python -m macros validate")
    return 0


def _slug_taken(content, slug: str) -> str:
    """Where an address is already used ('' if it is free): a record's current or former slug, or a page."""
    from .content.register import GENERATED_REGISTER_PAGES
    for record in content.records:
        if slug == record["slug"] or slug in record.get("former_slugs", []):
            return f"i {record.source_file}"
    pages = {p.stem for p in (content.root / "docs" / "register").glob("*.md")} | GENERATED_REGISTER_PAGES
    return f"af siden /register/{slug}/" if slug in pages else ""


def _update_codeowners(root: Path) -> None:
    """The new record's line in .github/CODEOWNERS, so its pull request carries it."""
    from . import codeowners
    content = load_content(root)
    if codeowners.stale(content):
        codeowners.write(content)
        print(f"Opdateret: {codeowners.FILE} (organisationens team godkender ændringer i filen)")


def cmd_gaps(args) -> int:
    from .gaps import find_gaps
    content = load_content(args.root, args.today)
    records = content.records
    org = None
    if args.organisation:
        org = content.organisations.get(args.organisation)
        if org is None:
            keys = ", ".join(content.organisations) or "ingen"
            print(f"--organisation: '{args.organisation}' står ikke i registry/organisations.yml; brug en af: {keys}",
                  file=sys.stderr)
            return 2
        records = content.records_by_organisation()[org.key]
    wanted = {r["id"] for r in records}
    gaps = [g for g in find_gaps(content, content.today) if g.record_id in wanted]
    for gap in gaps:
        print(gap)
    of = f" for {org.name}" if org else ""
    if gaps:
        print(f"{len(gaps)} mangler i {len({g.record_id for g in gaps})} af {len(records)} registreringer{of}.")
    else:
        print(f"Ingen mangler i {len(records)} registreringer{of}.")
    return 1 if gaps and args.strict else 0


def cmd_codeowners(args) -> int:
    from . import codeowners
    content = load_content(args.root)
    if args.check:
        if codeowners.stale(content):
            print(f"{codeowners.FILE} passer ikke til registry/organisations.yml og registreringerne; "
                  "kør python -m macros codeowners", file=sys.stderr)
            return 1
        print(f"OK: {codeowners.FILE} er opdateret.")
        return 0
    path = codeowners.write(content)
    print(f"Skrevet: {path.relative_to(args.root).as_posix()}")
    return 0


def cmd_links(args) -> int:
    import datetime

    from . import links
    content = load_content(args.root)
    urls = [url for record in content.records for _, url in links.record_urls(record)]
    results = links.check_all(urls, timeout=args.timeout, slow=args.slow, workers=args.workers)
    for line in links.report(content, results):
        print(line)
    path = links.write(args.root, results, datetime.date.today())
    print(f"Skrevet: {path.relative_to(args.root).as_posix()}")
    return 1 if args.strict and any(r.status == links.DEAD for r in results.values()) else 0


def cmd_export(args) -> int:
    from .export import ExportError, export
    try:
        build = export(args.root, args.folder)
    except ExportError as exc:
        print(f"export: {exc}", file=sys.stderr)
        return 2
    print(f"Skrevet: {args.folder} med {len(build.pages)} genererede sider og {len(build.files)} datafiler "
          "(byg den med fx zensical build).")
    return 0


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
    new.add_argument("--slug", default=None, metavar="ADRESSE",
                     help="sidens adresse; ellers laves den af titlen og organisationens korte navn")
    new.set_defaults(func=cmd_new)
    gaps = sub.add_parser("gaps", help="vis hvad registreringerne mangler i forhold til politikken på deres stadie",
                          description="Vis, hvad registreringerne mangler i forhold til politikken på deres stadie.")
    gaps.add_argument("--strict", action="store_true", help="afslut med fejlkode 1, hvis der er mangler")
    gaps.add_argument("--today", type=_iso_date, default=None, metavar="DATO",
                      help="dagens dato (ÅÅÅÅ-MM-DD) for overskredne gennemgange")
    gaps.add_argument("--organisation", default=None, metavar="NØGLE",
                      help="kun én organisations registreringer, fx gladsaxe-kommune")
    gaps.set_defaults(func=cmd_gaps)
    owners = sub.add_parser("codeowners", help="skriv .github/CODEOWNERS ud fra organisationerne",
                            description="Skriv .github/CODEOWNERS: hver registrering godkendes af sin organisations "
                                        "team, alt andet af redaktionen.")
    owners.add_argument("--check", action="store_true", help="skriv intet; afslut med fejlkode 1, hvis filen er forældet")
    owners.set_defaults(func=cmd_codeowners)
    links = sub.add_parser("links", help="tjek, at registreringernes links stadig svarer",
                           description="Spørg hver adresse i registreringerne én gang, og vis døde, flyttede og langsomme "
                                       "links pr. registrering. Resultatet gemmes i registry/_links.json.")
    links.add_argument("--timeout", type=float, default=10.0, metavar="SEKUNDER", help="hvor længe et link må være om at svare")
    links.add_argument("--slow", type=float, default=5.0, metavar="SEKUNDER", help="hvornår et link, der svarer, er langsomt")
    links.add_argument("--workers", type=int, default=4, metavar="ANTAL", help="hvor mange links der tjekkes ad gangen")
    links.add_argument("--strict", action="store_true", help="afslut med fejlkode 1, hvis et link ikke kan hentes")
    links.set_defaults(func=cmd_links)
    exp = sub.add_parser("export", help="skriv hele sitet som almindelige filer til en anden generator",
                         description="Skriv hele sitet til MAPPE: de genererede sider som Markdown, datafilerne, "
                                     "docs/, temaet og en mkdocs.yml uden hooks, som fx Zensical kan bygge.")
    exp.add_argument("folder", type=Path, metavar="MAPPE", help="en ny eller tom mappe (eller en tidligere eksport)")
    exp.set_defaults(func=cmd_export)
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
