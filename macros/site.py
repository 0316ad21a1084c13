"""What the site is made of, independent of MkDocs: content in, Markdown pages out.

MkDocs glue (hooks.py) and mkdocs-macros (define_env in __init__.py) read the
Build made here, so the same text can be produced by another generator or
written to disk (bench/ does, for its plain-Markdown baseline).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .content import Content, load_content
from .editions import Editions, load_editions
from .errors import ContentInvalid
from . import api, builddate, dcat, eu_database, feeds, history_data, opendata, security, tables
from .gaps import find_gaps
from .history import History, load_history
from .content.decision_tree import TREE_SCHEMA
from .render import decision_aid, editions, figures, gaps, guide, matrix, overview, policy, printing, publisher, redirects, register
from .render.history import history_section
from .render.organisations import INDEX_URI as ORGANISATIONS_INDEX, organisation_pages


@dataclass
class GeneratedPage:
    uri: str          # path under docs/, e.g. principper/p04-risikovurdering.md
    markdown: str | None  # None once Build.release_texts has let it go (it is in its file)
    source_file: str  # the YAML file it is made from, for the edit link
    in_nav: bool = True  # False: reached by links only (a record's page), so no "not in nav" notice


@dataclass
class Build:
    content: Content
    pages: dict[str, GeneratedPage] = field(default_factory=dict)
    # Published as is, uri under the site -> a source file (Path) or generated text (str) or bytes.
    files: dict[str, Path | str | bytes] = field(default_factory=dict)
    history: History = field(default_factory=History)  # every committed version of the content files
    editions: Editions = field(default_factory=Editions)  # the policy's editions (git tags udgave-N)
    # Set by update_build: the pages it made again (the rest are the previous build's, maybe stale).
    updated: set[str] | None = None

    def add(self, uri: str, markdown: str, source_file: str, in_nav: bool = True) -> None:
        self.pages[uri] = GeneratedPage(uri, markdown, source_file, in_nav)

    def release_texts(self, paths: dict[str, Path]) -> None:
        """After export.write_tree wrote every page and file (paths: what it returned): the Markdown is read
        from the files by MkDocs and each published file is copied from where it was written, so the texts
        need not stay in memory while MkDocs renders (hundreds of MB at 5,000 records, bench/README.md)."""
        for page in self.pages.values():
            page.markdown = None
        for uri, data in self.files.items():
            if not isinstance(data, Path):
                self.files[uri] = paths[uri]

    def release_content(self) -> None:
        """Every page that reads the content is made: let it go (with the history and editions that hold
        its records' data), so it does not stay in memory while MkDocs renders the rest."""
        self.content = self.history = self.editions = None


def make_build(root: Path) -> Build:
    """Load and validate everything (raises ContentInvalid), then generate every page."""
    content = load_content(root)
    repo_url = content.repo_url
    build = Build(content)
    tree = content.decision_tree
    build.history = load_history(root, {item.source_file: item.data for item in content.principles + content.records
                                        + ([tree.item] if tree else [])})
    build.editions, edition_errors = load_editions(root, content, build.history.shallow)
    if edition_errors:
        raise ContentInvalid(edition_errors)
    for principle in content.principles:
        add_principle_page(build, principle)
    build.add(editions.INDEX_URI, editions.index_page(build.editions, content), "principles/")
    for uri, markdown in editions.edition_pages(build.editions, content).items():
        build.add(uri, markdown, "principles/", in_nav=False)
    for record in content.records:
        add_record_page(build, record)
    build.files[opendata.JSON_URI] = opendata.registry_json(content)
    # The register overview: every row as compact JSON for its script, and pages 2, 3, ... without it.
    build.files[overview.ROWS_URI] = overview.rows_json(content)
    for uri, markdown in overview.extra_pages(content).items():
        build.add(uri, markdown, "docs/register/index.md", in_nav=False)
    for uri, markdown in matrix.extra_pages(content).items():
        build.add(uri, markdown, "docs/matrix.md", in_nav=False)
    for uri, markdown in gaps.extra_pages(content, find_gaps(content, content.today), content.today).items():
        build.add(uri, markdown, "docs/register/mangler.md", in_nav=False)
    for table, csv_uri, xlsx_uri in ((matrix.matrix_table(content), matrix.CSV_URI, matrix.XLSX_URI),
                                     (opendata.registry_table(content), opendata.CSV_URI, opendata.XLSX_URI)):
        build.files[csv_uri] = tables.to_csv(table)
        build.files[xlsx_uri] = tables.to_xlsx(table, content.build_time)
    if tree:  # the decision aid's page is docs/risikoniveau/index.md; its data is published here
        build.files[decision_aid.TREE_URI] = decision_aid.tree_json(tree)
        build.files[decision_aid.SCHEMA_URI] = decision_aid.tree_schema_json(content, root / TREE_SCHEMA)
        build.add(decision_aid.PAGE_URI, decision_aid.aid_page(
            content, history_section(build.history, tree.source_file, repo_url, "beslutningstræet")), tree.source_file)
    build.files.update(api.files(content))  # the API, its OpenAPI document and the published schemas
    build.files.update(eu_database.files(content))  # the EU database's fields, per record at 'høj'
    for uri, (markdown, source) in organisation_pages(content, content.today).items():
        build.add(uri, markdown, source, in_nav=uri == ORGANISATIONS_INDEX)
    build.files.update(feeds.feed_files(content, build.history, build.editions))
    build.files.update(history_data.history_files(content, build.history))
    for table, csv_uri, xlsx_uri in (
            (history_data.history_table(content, build.history), history_data.CSV_URI, history_data.XLSX_URI),
            (history_data.changes_table(content, build.history), history_data.CHANGES_CSV_URI,
             history_data.CHANGES_XLSX_URI)):
        build.files[csv_uri] = tables.to_csv(table)
        build.files[xlsx_uri] = tables.to_xlsx(table, content.build_time)
    build.files[dcat.URI] = dcat.dcat_jsonld(content, build.history)
    build.files[dcat.TURTLE_URI] = dcat.dcat_turtle(content, build.history)
    build.add(figures.URI, figures.page(content, build.history, content.today), "docs/" + figures.URI)  # made from the register: no edit button
    build.files.update(redirects.redirect_files(content))
    build.files[publisher.COLOURS_URI] = publisher.colours_css(content)
    build.files[security.SECURITY_TXT_URI] = security.security_txt(content)
    build.files[security.HEADERS_URI] = security.headers_file()
    build.files[printing.RUNNING_HEADS_URI] = printing.running_heads_css(
        content, editions.policy_edition(build.editions, content))
    build.files.update(editions.edition_print_files(build.editions))
    if content.guide:
        add_guide_pages(build)
        build.files.update(guide.template_files(content.root))
    return build


# The pages made from one source file and the build's shared facts (principles, organisations, history,
# editions) alone, not from the rest of the register. make_build makes them for every file; the preview
# (update_build) makes them again for the files just saved, before the pages that list many files.

def add_principle_page(build: Build, principle) -> None:
    content, repo_url = build.content, build.content.repo_url
    build.add(policy.principle_uri(principle),
              policy.principle_page(content, principle, matrix.principle_assessments(content, principle),
                                    notice=editions.principle_status(build.editions, principle))
              + "\n" + editions.principle_editions_section(build.editions, principle)
              + "\n" + history_section(build.history, principle.source_file, repo_url, "princippet"),
              principle.source_file)


def add_record_page(build: Build, record) -> None:
    content, repo_url = build.content, build.content.repo_url
    build.add(register.record_uri(record),
              register.record_page(content, record, repo_url, editions.assessment_edition(build.editions, record))
              + "\n" + history_section(build.history, record.source_file, repo_url), record.source_file,
              in_nav=False)  # one page per record: the register's table links to them


def add_guide_pages(build: Build) -> None:
    content = build.content
    source = content.guide.source_file
    build.add(guide.INDEX_URI, guide.intro_page(content), source)
    for step in guide.steps(content):
        build.add(guide.step_uri(step), guide.step_page(content, step), source)


def update_build(previous: Build, root: Path, changed: set[str]) -> Build | None:
    """The preview's first answer to a save: the previous build, with the content loaded again and the pages
    of the changed files (paths relative to root) made again by the functions above; every other page and
    file as the previous build made it, so pages that list many records are stale until the next
    make_build. None when a change is to anything else (settings, schema, organisations, docs/…),
    which only make_build handles. Raises ContentInvalid as make_build does."""
    old = previous.content
    principle_files = {p.source_file for p in old.principles}
    guide_file = old.guide.source_file if old.guide else None
    records_dir = "registry/"
    for path in changed:
        record_file = (path.startswith(records_dir) and path.endswith(".yml") and "/" not in path[len(records_dir):]
                       and not path[len(records_dir):].startswith("_") and path != "registry/organisations.yml")
        if not (record_file or path in principle_files or path == guide_file):
            return None
    content = load_content(root, moment=builddate.after_saving(old.build_time, root, changed))
    if {p.source_file for p in content.principles} != principle_files:
        return None  # a principle added or removed: the nav and every list of principles change
    build = Build(content, dict(previous.pages), previous.files, previous.history, previous.editions)
    build.updated = set()
    before = set(build.pages)
    for principle in content.principles:
        if principle.source_file in changed:
            add_principle_page(build, principle)
    for record in content.records:
        if record.source_file in changed:
            add_record_page(build, record)
    if content.guide and content.guide.source_file in changed:
        add_guide_pages(build)
    build.updated = {uri for uri, page in build.pages.items()
                     if uri not in before or page is not previous.pages.get(uri)}
    return build


# The build in progress; set by hooks.on_config, read by the macros.
current: Build | None = None
