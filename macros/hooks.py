"""MkDocs glue: validate the data, add generated pages, fill the nav, point edit links at YAML.

Loaded by mkdocs_hooks.py, which mkdocs.yml lists under `hooks:`. Everything here is thin: the work is in
macros.content (load/validate) and macros.render (Markdown).
"""
from __future__ import annotations

import gc
import logging
import os
import threading
import time
from pathlib import Path

import jinja2

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from macros import builddate, export, preview, search, site, siteconfig, watch
from macros.content import register
from macros.errors import ContentInvalid
from macros.gitdates import last_changed
from macros.render import publisher as publisher_css
from macros.render import theme
from macros.render.error_page import error_page
from macros.render.markup import date_da

log = logging.getLogger("mkdocs.hooks.macros")


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


_serving = False  # under `mkdocs serve`: a content mistake becomes a page, not a stopped server
_mistakes: ContentInvalid | None = None  # the mistakes this build shows instead of the site
# `mkdocs serve --dirty` (make serve): the preview answers a save with the saved file's own pages at once
# and the rest from a full build in the background (macros/preview.py); MkDocs renders only the pages
# whose files changed.
_dirty = False
_good: tuple[preview.Snapshot, site.Build] | None = None  # the newest build without mistakes, its sources
_background: preview.Background | None = None  # the full build in a process of its own
_background_wanted = False  # this build showed saved files at once: the full build follows (on_post_build)
_noticed: set[str] = set()  # pages shown with the preview's "the lists follow" notice
_rerender: set[str] = set()  # pages the next build renders whatever their files' times say
_rerender_all = False
# The lists that follow a save (the pages the background build changed, the pages that call macros, the
# pages that showed the notice) are rendered a share at a time: a build renders them for LIST_SHARE seconds
# at most, owes the rest and asks for another build when it is done (the signal file), so a save made
# meanwhile waits for one share, not for all of them. A quick update renders none of them.
LIST_SHARE = 0.5
_owed: set[str] = set()  # pages whose output is older than their text, to be rendered by a coming build
_sharing = False  # this build renders owed pages, a share of them
_boxed: set[str] = set()  # owed pages that show the notice: rendered after every other owed page
_share_started: float | None = None  # when this build began rendering them


def on_startup(command, dirty):
    global _serving, _dirty
    _serving = command == "serve"
    _dirty = _serving and dirty
    register.remember_checked_files(_dirty)  # the preview reads and checks only the files that changed
    if _dirty:
        logging.getLogger("mkdocs.structure.pages").addFilter(_links_to_unchanged)


def _links_to_unchanged(record: logging.LogRecord) -> bool:
    """A rebuilt page's links to pages left out as unchanged (on_files) resolve, as MkDocs says at INFO
    for each; those lines say nothing to the contributor."""
    return not (record.levelno <= logging.INFO and "which is excluded from the built site" in record.getMessage())


def _make_build(config) -> site.Build:
    """make_build, or under `mkdocs serve --dirty` the quickest build that shows the saved files."""
    global _good, _background, _rerender_all, _changed, _background_wanted
    root = _root(config)
    if not _dirty:
        return site.make_build(root)
    if _background is None:
        _background = preview.Background(root, _cache_folder(), _signal_file())
    now = preview.snapshot(root)
    ready = _background.take(now, _good)
    global _sharing
    _sharing = False
    if ready is not None:  # the full build of exactly these files: the lists, matrix, feeds follow now
        if _good is None or _nav(ready) != _nav(_good[1]):
            _rerender_all = True  # a principle's or step's title in the menu of every page: all at once
        else:
            _owed.update(_noticed | _data_pages(config))
            _boxed.update(_noticed)
            _sharing = True
        _noticed.clear()
        _good = (now, ready)
        _changed = last_changed(root)
        return ready
    plan = preview.plan(_good[0] if _good else None, now)
    build = None
    if plan.kind != "reuse":
        _background.stop()  # made from files that have changed since: superseded
    if plan.kind == "reuse":
        build = _good[1]
        _sharing = build.updated is None and bool(_owed)  # the next share of the lists
    elif plan.kind == "update":
        build = site.update_build(_good[1], root, plan.changed)
        if build is not None:
            log.info("Forhåndsvisning: " + ", ".join(sorted(plan.changed)) + " vist; oversigter, matrix, "
                     "organisationssider, feeds og søgning følger fra en fuld opbygning i baggrunden.")
            _background_wanted = True
    if build is None:
        build = site.make_build(root)
        _rerender.update(_owed)  # a full build renders everything that is due
        _owed.clear()
        _boxed.clear()
        if _good is not None:
            _rerender.update(_data_pages(config))
            _rerender_all = _rerender_all or _nav(build) != _nav(_good[1]) or "mkdocs.yml" in plan.changed
            if "mkdocs.yml" in plan.changed:
                _theme_files.clear()  # custom_dir or the theme's static templates may have changed
        _changed = last_changed(root)
    _good = (now, build)
    return build


def _reuse_theme(config) -> None:
    """Under `mkdocs serve --dirty`, what MkDocs does again for every build although the theme does not
    change while it serves (it watches no theme folder unless told to): list the theme's files (about
    14,000, material's icons included) and compile its templates. Both are kept between rebuilds."""
    theme = config.theme
    original = theme.get_env

    def get_env():
        env = original()
        env.bytecode_cache = _TEMPLATE_CODE
        list_templates = env.list_templates

        def listed(extensions=None, filter_func=None):
            key = (tuple(theme.dirs), extensions and tuple(extensions),
                   filter_func and (filter_func.__module__, filter_func.__qualname__))
            if key not in _theme_files:
                _theme_files[key] = list_templates(extensions, filter_func)
            return list(_theme_files[key])
        env.list_templates = listed
        return env
    theme.get_env = get_env


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, keyed (by Jinja) on the template's name and source."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CODE = _MemoryBytecodeCache()
_theme_files: dict[tuple, list[str]] = {}


def _nav(build: site.Build) -> str:
    """The generated part of the menu, which every page carries."""
    from macros.render import guide, policy
    content = build.content
    return repr((policy.nav_section(content), guide.nav_section(content) if content.guide else None))


def _data_pages(config) -> set[str]:
    """Hand-written pages that call the macros (the register's overview, the matrix, the print page…):
    made from the content, but their own files do not change when it does."""
    docs = Path(config.docs_dir)
    return {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")
            if "{{" in (text := p.read_text(encoding="utf-8")) or "{%" in text}


def _signal_file() -> Path:
    """The file the background build writes when it is done: `mkdocs serve` watches its folder and
    rebuilds, and that rebuild takes the full build."""
    return _cache_folder() / ".signal" / "klar"


def _ask_for_build() -> None:
    """mkdocs serve builds again (it watches the signal file's folder)."""
    signal = _signal_file()
    signal.parent.mkdir(parents=True, exist_ok=True)
    signal.write_text(str(time.time_ns()), encoding="utf-8")


def on_serve(server, config, builder):
    if _dirty:
        watch.replace_observer(server)  # a save seen at once, not at the next walk of every file
        folder = _signal_file().parent
        folder.mkdir(exist_ok=True)
        server.watch(str(folder))
    return server


def on_shutdown():
    """`mkdocs serve` ends: so does the background build (were this process killed instead, the
    background build ends by the kernel's parent-death signal, macros/preview.py)."""
    if _background is not None:
        _background.stop()


@event_priority(100)  # before plugins that read the config, e.g. the nav consumers
def on_config(config):
    global _mistakes
    gc.unfreeze()  # a rebuild under `mkdocs serve` after a failed one
    global _previous_ok, _last_build_ok
    _mistakes = None
    _forget_our_epoch()
    _previous_ok, _last_build_ok = _last_build_ok, False  # on_post_build sets it again
    if _dirty:
        _reuse_theme(config)
    try:
        site.current = _make_build(config)
        _restore_site(config)
    except ContentInvalid as exc:
        # A content mistake is the contributor's to fix: a clear list, no traceback.
        if not _serving:
            raise Abort(exc.report() + "\nBygningen er stoppet; ret fejlene ovenfor og prøv igen.")
        # The preview shows the list in the browser (see on_post_build), and the build "succeeds",
        # so the server answers instead of waiting for a good build.
        log.error(exc.report())
        _mistakes, site.current = exc, None
        return config
    content = site.current.content
    _set_epoch(content.build_time)
    if site.current.history.shallow:
        # Published, a shortened history would look complete: warn, so `--strict` stops it.
        logging.getLogger("mkdocs.hooks").warning(
            "Historikken er ufuldstændig: repositoriet er en afkortet kopi (shallow clone). "
            "Hent hele historikken med `git fetch --unshallow` før udgivelsen.")
    _report_editions(site.current)
    siteconfig.apply_settings(config, content.settings.data)
    config["extra"]["logo_size"] = publisher_css.logo_size(_root(config) / content.settings["publisher"]["logo"])
    _bundle_stylesheets(config)
    config["extra"]["theme_script"] = theme.theme_script(config["theme"].dirs)  # overrides/main.html defers it
    siteconfig.fill_navs(config, content)
    global _changed
    if not _dirty:
        _changed = last_changed(_root(config))
    # The content and the generated pages live until the build ends and hold no garbage:
    # frozen, the cyclic GC stops walking them again and again while every page is rendered
    # (measured in bench/). on_post_build unfreezes (on_env freezes the converted pages too).
    gc.freeze()
    return config


_our_epoch: str | None = None  # the SOURCE_DATE_EPOCH this process set (not the caller's)


def _set_epoch(moment) -> None:
    """MkDocs dates the sitemap and the gzip header of sitemap.xml.gz by SOURCE_DATE_EPOCH, or by
    the clock: set it to the build's moment (the commit's) unless the caller set it."""
    global _our_epoch
    # Not under `mkdocs serve`: a preview has no sitemap to keep, and its background build (another
    # process, macros/preview.py, which inherits the environment) must read the files' dates, not the last build's.
    if builddate.ENV not in os.environ and not _serving:
        _our_epoch = os.environ[builddate.ENV] = builddate.epoch(moment)


def _forget_our_epoch() -> None:
    """Under `mkdocs serve` the next build may be of a newer commit: drop the value set for the last."""
    global _our_epoch
    if _our_epoch is not None and os.environ.get(builddate.ENV) == _our_epoch:
        del os.environ[builddate.ENV]
    _our_epoch = None


def _report_editions(build) -> None:
    """No edition tags is a normal state (a clone without tags, a policy not yet published as an
    edition): said at INFO, and on the pages. An edition a shallow clone lacks would be missing from
    the published site: a warning, so `--strict` stops it, as for the history."""
    from macros.render.editions import no_editions_reason
    editions = build.editions
    if editions.missing:
        logging.getLogger("mkdocs.hooks").warning(
            f"Udgaverne {', '.join(editions.missing)} kan ikke bygges: deres commits er ikke i denne afkortede kopi "
            "(shallow clone). Hent hele historikken med `git fetch --unshallow --tags` før udgivelsen.")
    elif not editions.editions:
        log.info(f"Ingen udgaver af politikken: {no_editions_reason(editions).replace('`', '')} "
                 "Siden /udgaver/ og principsiderne siger det.")
    else:
        log.info(f"Udgaver af politikken: {', '.join(e.tag for e in editions.editions)} (under /udgaver/).")


_changed: dict[str, str] = {}  # source file -> date of its last commit, for this build


PREVIEW_NOTICE = (
    '!!! info "Forhåndsvisning"\n'
    "    Siden viser din ændring. Oversigter, matricen, organisationssider, feeds og søgningen bygges "
    "igen i baggrunden og følger om lidt; indtil da kan de vise det, der stod før.\n")


def _with_notice(markdown: str) -> str:
    """The notice under the page's heading (the heading stays the page's first line and title)."""
    head, sep, rest = markdown.partition("\n")
    if head.startswith("# "):
        return f"{head}\n\n{PREVIEW_NOTICE}\n{rest}"
    return f"{PREVIEW_NOTICE}\n{markdown}"


def _bundle_stylesheets(config) -> None:
    """One render-blocking stylesheet instead of eleven: material's own (main, palette) and every
    extra_css file in mkdocs.yml's order, published as one file (macros/render/theme.py); the pages
    link only that (overrides/main.html, block styles, and extra_css set to the one file)."""
    theme_css = theme.theme_stylesheets(config["theme"].dirs, bool(config["theme"]["palette"]))
    if theme_css is None:
        config["extra"]["theme_css_bundled"] = False
        return
    parts = [(p.name, p.read_text(encoding="utf-8")) for p in theme_css]
    for uri in config["extra_css"]:
        generated = site.current.files.get(uri)
        text = generated if isinstance(generated, str) else (Path(config["docs_dir"]) / uri).read_text(encoding="utf-8")
        parts.append((uri, text))
    uri, text = theme.bundle(parts)
    site.current.files[uri] = text  # published with the build's other generated files (on_files)
    config["extra_css"] = [uri]
    config["extra"]["theme_css_bundled"] = True


def _error_files(files):
    """While the content has mistakes: no pages, only the error page (written in on_post_build)."""
    return Files([])


def on_page_markdown(markdown, page, config, files):
    """Show when the page's source (the YAML behind a generated page) last changed in git.
    material prints page.meta.revision_date at the bottom of the page."""
    if page.meta.get("edit") is False:
        page.edit_url = None  # the text comes from data files: no one source to edit, so no edit button
    if site.current and site.current.updated and page.file.src_uri in site.current.updated:
        markdown = _with_notice(markdown)
        _noticed.add(page.file.src_uri)
    generated = site.current.pages.get(page.file.src_uri) if site.current else None
    source = generated.source_file if generated else f"docs/{page.file.src_uri}"
    if source in _changed:
        page.meta["revision_date"] = f"Kilden sidst ændret {date_da(_changed[source])}"
    if _content_readers:
        _content_readers.discard(page.file.src_uri)  # the macros plugin has rendered this page's macros
        if not _content_readers:
            site.current.release_content()
    return markdown


@event_priority(-100)
def on_env(env, config, files):
    """MkDocs has converted every page before this event and renders them after it: freeze
    the converted pages too, so the GC stops walking them while the templates run."""
    gc.freeze()
    return env


def on_page_content(html, page, config, files):
    """Sections marked data-search-exclude stay out of the Pagefind index. And the page's Markdown, now
    converted, is let go: MkDocs keeps it to the end of the build, while it converts every other page, but
    reads it no more (the title comes from the front matter or the HTML). The preview keeps it as MkDocs does."""
    if not _dirty:
        page.markdown = ""  # not None: MkDocs takes None for a page not read yet
    return search.mark_ignored(html)


def on_post_page(output, page, config):
    """The theme's markup that no override reaches, made valid HTML (macros/render/theme.py)."""
    return theme.fix_page(output)


def on_post_template(output_content, template_name, config):
    """The same for the pages made from a template alone (404.html)."""
    return theme.fix_page(output_content) if template_name.endswith(".html") else output_content


@event_priority(-100)  # after every other writer: the index reads the finished pages
def on_post_build(config):
    """Pagefind's search index of the built site (on `mkdocs serve` too, so search works there);
    under `mkdocs serve` with a content mistake, the Danish list of mistakes at every address instead."""
    gc.unfreeze()  # frozen in on_config
    global _rerender_all, _last_build_ok, _background_wanted
    _rerender.clear()
    _rerender_all = False
    _last_build_ok = _mistakes is None  # its pages are all written: the next build may skip unchanged ones
    if _mistakes is not None:
        _keep_site(config)
        page = error_page(_mistakes)
        for name in ("404.html", "index.html"):  # every address answers with the list
            (Path(config.site_dir) / name).write_text(page, encoding="utf-8")
        return
    if _dirty:  # the preview answers now; the full build and the search follow
        if _background_wanted:
            _background_wanted = False
            # Started now the saved file's pages are written: it competes with nothing of this build.
            _background.start()
        elif _sharing and _owed:  # the next share of the lists: another build, after any save waiting
            _ask_for_build()
        else:  # after a quick update the search is left as it was, like the lists, until the full build
            _index_in_background(Path(config.site_dir))
        return
    try:
        search.write_index(Path(config.site_dir))
    except search.SearchIndexError as exc:
        raise Abort(f"{exc}\nBygningen er stoppet.")


def _kept(config) -> Path:
    site_dir = Path(config.site_dir)
    return site_dir.with_name(site_dir.name + "-bevaret")


def _keep_site(config) -> None:
    """With a content mistake under `mkdocs serve --dirty`, the built pages are put aside, so every
    address answers with the list of mistakes, and back when the mistakes are fixed (_restore_site):
    then only what changed meanwhile is rendered again."""
    if not _dirty:
        return
    site_dir, kept = Path(config.site_dir), _kept(config)
    if not kept.exists() and site_dir.is_dir():
        site_dir.rename(kept)
        site_dir.mkdir()
        import atexit
        import shutil
        atexit.register(shutil.rmtree, kept, ignore_errors=True)


def _restore_site(config) -> None:
    kept = _kept(config)
    if _dirty and kept.is_dir():
        import shutil
        shutil.rmtree(config.site_dir, ignore_errors=True)
        kept.rename(config.site_dir)


_indexing = threading.Lock()
_index_again = threading.Event()


def _index_in_background(site_dir: Path) -> None:
    """Pagefind's index of the preview, on a thread of its own, one at a time (the newest site last)."""
    _index_again.set()
    if not _indexing.acquire(blocking=False):
        return  # the running one starts again when it is done

    def run():
        try:
            while _index_again.is_set():
                _index_again.clear()
                try:
                    search.write_index(site_dir, nice=10)  # behind the next save's rebuild
                except Exception as exc:  # the preview goes on; the search is what is missing
                    log.warning(f"Søgeindekset til forhåndsvisningen kunne ikke laves: {exc}")
        finally:
            _indexing.release()
    threading.Thread(target=run, name="preview-search-index", daemon=True).start()


@event_priority(100)  # before plugins that copy the file list in their own on_files
def on_files(files, config):
    if _mistakes is not None:
        return _error_files(files)
    # The pages and files as files on disk (the same writer as `python -m macros export`), each written
    # only when its text changed: `mkdocs serve --dirty` then renders only the pages that did.
    written: set[str] = set()
    paths = export.write_tree(site.current, _cache_folder(), written=written)
    # Under `mkdocs serve --dirty`, after a build that went through, a page or file reached by links only
    # whose file was not written now is left out of this build altogether (MkDocs neither makes a Page of
    # it nor looks at its times; links to it still resolve): its output from before stands.
    skip = _dirty and _previous_ok and not _rerender_all
    for page in site.current.pages.values():
        if (skip and not page.in_nav and page.uri not in written and page.uri not in _rerender
                and not (_sharing and page.uri in _owed)):
            files.append(_unchanged(config, page.uri, paths[page.uri], page.source_file))
            continue
        file = File.generated(config, page.uri, abs_src_path=str(paths[page.uri]),
                              inclusion=InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV)
        # Relative to edit_uri (…/edit/main/docs/): the edit button opens the YAML source.
        file.edit_uri = f"../{page.source_file}"
        files.append(file)
    for uri, source in site.current.files.items():
        if skip and uri not in written and not isinstance(source, Path):
            files.append(_unchanged(config, uri, paths[uri], None))
            continue
        # Included whatever the name: MkDocs would leave out .well-known/ (exclude_docs skips dot folders).
        files.append(_Download.generated(config, uri, abs_src_path=str(paths[uri]), inclusion=InclusionLevel.INCLUDED))
    if _rerender or _rerender_all:
        for file in files:
            if _rerender_all or file.src_uri in _rerender:
                file.is_modified = _modified  # rendered again though its file is older than its page
    if _rerender_all:
        _owed.clear()  # every page is rendered
        _boxed.clear()
    elif _dirty:
        _share_lists(files, written)
    if not _dirty:  # the preview keeps its build for the next save; a build lets go of what is written
        site.current.release_texts(paths)
        _content_readers.clear()
        _content_readers.update(f.src_uri for f in files.documentation_pages() if f.src_uri not in site.current.pages)
    return files


def _share_lists(files, written: set[str]) -> None:
    """Which of the lists' pages this build renders. While sharing, the pages due (the owed ones, and
    those whose files are newer than their output) in the order MkDocs renders them, until LIST_SHARE
    seconds have gone (one page at least); the others are owed. In a quick update, the owed pages wait
    (their files may be newer than their output: the background build's), and the saved files' pages
    are rendered."""
    global _share_started
    _share_started = None
    if _sharing:  # the pages with the notice last: it goes when the lists have come, not before
        for file in [f for f in files if f.src_uri in _boxed]:
            files.remove(file)
            files.append(file)
    for file in files:
        if not file.is_documentation_page() or file.inclusion.is_excluded():
            continue
        uri = file.src_uri
        if _sharing:
            if uri in _owed:
                _owed.discard(uri)
                file.is_modified = _modified
            file.is_modified = _within_share(file, file.is_modified)
        elif uri in _owed and uri not in written:
            file.is_modified = _not_now


def _within_share(file, due):
    """file.is_modified, deciding once (MkDocs asks before reading the page and again before writing it)
    whether this build renders it or owes it."""
    decided: list[bool] = []

    def is_modified() -> bool:
        global _share_started
        if not decided:
            now = time.monotonic()
            render = due()
            if render and _share_started is not None and now - _share_started > LIST_SHARE:
                _owed.add(file.src_uri)
                render = False
            elif render and _share_started is None:
                _share_started = now
            if render:
                _boxed.discard(file.src_uri)
            decided.append(render)
        return decided[0]
    return is_modified


def _not_now() -> bool:
    return False


# The hand-written pages not yet converted in this build: their macros read the content. MkDocs converts every
# page before it renders any, and the hand-written ones come first (docs/ is listed before on_files adds
# the generated pages); once the last of them is converted, the build lets go of the content (on_page_markdown).
_content_readers: set[str] = set()


_last_build_ok = False  # the previous build went to its end without mistakes (its outputs are all there)
_previous_ok = False  # _last_build_ok as this build began
_unchanged_files: dict[str, File] = {}  # uri -> the File that stands for it while it does not change


def _unchanged(config, uri: str, path: Path, source_file: str | None) -> File:
    """An excluded File for an unchanged page or download, made once and kept (it is never built)."""
    file = _unchanged_files.get(uri)
    if file is None or file.abs_src_path != str(path):
        cls = File if source_file is not None else _Download
        file = cls.generated(config, uri, abs_src_path=str(path), inclusion=InclusionLevel.EXCLUDED)
        if source_file is not None:
            file.edit_uri = f"../{source_file}"
        _unchanged_files[uri] = file
    return file


def _modified() -> bool:
    return True


_cache: Path | None = None  # this process's folder of generated pages and files


def _cache_folder() -> Path:
    """A folder of this process's own, outside docs/ and everything `mkdocs serve` watches
    (a write there must not start a rebuild), kept for the process's life: under `mkdocs serve`
    its files' times are what tells a rebuild which pages changed."""
    global _cache
    if _cache is None:
        import atexit
        import shutil
        import tempfile
        _cache = Path(tempfile.mkdtemp(prefix="ai-politik-sider-"))
        atexit.register(shutil.rmtree, _cache, ignore_errors=True)
    return _cache


class _Download(File):
    """A file published as is, even a .md (a template to download, not a page to render)."""

    def is_documentation_page(self) -> bool:
        return False
