"""MkDocs glue: validate the data, add generated pages, fill the nav, point edit links at YAML.

Loaded by mkdocs_hooks.py, which mkdocs.yml lists under `hooks:`. Everything here is thin: the work is in
macros.content (load/validate) and macros.render (Markdown).
"""
from __future__ import annotations

import gc
import json
import logging
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from macros import site
from macros.errors import ContentInvalid
from macros.gitdates import last_changed
from macros.render import guide, policy
from macros.render.markup import date_da


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


@event_priority(100)  # before plugins that read the config, e.g. the nav consumers
def on_config(config):
    gc.unfreeze()  # a rebuild under `mkdocs serve` after a failed one
    try:
        site.current = site.make_build(_root(config))
    except ContentInvalid as exc:
        # A content mistake is the contributor's to fix: a clear list, no traceback.
        raise Abort(exc.report() + "\nBygningen er stoppet; ret fejlene ovenfor og prøv igen.")
    content = site.current.content
    if site.current.history.shallow:
        # Published, a shortened history would look complete: warn, so `--strict` stops it.
        logging.getLogger("mkdocs.hooks").warning(
            "Historikken er ufuldstændig: repositoriet er en afkortet kopi (shallow clone). "
            "Hent hele historikken med `git fetch --unshallow` før udgivelsen.")
    _apply_settings(config, content.settings.data)
    _fill_nav(config["nav"], f"{policy.PRINCIPLES_DIR}/index.md", policy.nav_section(content))
    if content.guide:
        _fill_nav(config["nav"], guide.INDEX_URI, guide.nav_section(content))
    global _changed
    _changed = last_changed(_root(config))
    # The content and the generated pages live until the build ends and hold no garbage:
    # frozen, the cyclic GC stops walking them again and again while every page is rendered
    # (measured in bench/). on_post_build unfreezes (on_env freezes the converted pages too).
    gc.freeze()
    return config


def _apply_settings(config, settings: dict) -> None:
    """settings.yml is where the site's name and addresses are set; MkDocs and the theme read them here."""
    site = settings["site"]
    config["site_name"] = site["name"]
    config["site_description"] = site["description"]
    config["site_url"] = site["url"]
    config["repo_url"] = site["repo_url"]
    config["repo_name"] = site["repo_url"].rstrip("/").rsplit("/", 1)[-1]
    config["edit_uri"] = f"edit/{site['repo_branch']}/docs/"


_changed: dict[str, str] = {}  # source file -> date of its last commit, for this build


def on_page_markdown(markdown, page, config, files):
    """Show when the page's source (the YAML behind a generated page) last changed in git.
    material prints page.meta.revision_date at the bottom of the page."""
    generated = site.current.pages.get(page.file.src_uri)
    source = generated.source_file if generated else f"docs/{page.file.src_uri}"
    if source in _changed:
        page.meta["revision_date"] = f"Kilden sidst ændret {date_da(_changed[source])}"
    return markdown


def _fill_nav(nav: list, index_uri: str, entries: list) -> None:
    """Append generated pages to the nav section whose index is index_uri (e.g. principper/index.md),
    in the order given, so the footer's previous/next follows it."""
    for entry in nav or []:
        for children in (entry.values() if isinstance(entry, dict) else []):
            if isinstance(children, list) and index_uri in children:
                children.extend(entries)
                return


@event_priority(-100)
def on_env(env, config, files):
    """MkDocs has converted every page before this event and renders them after it: freeze
    the converted pages too, so the GC stops walking them while the templates run."""
    gc.freeze()
    return env


@event_priority(-100)  # after material's search plugin has written the index
def on_post_build(config):
    """The search index as UTF-8 instead of \\u escapes: the same JSON in a smaller file
    (material writes each æ, ø, å as six bytes; that was a tenth of the index)."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if path.exists():
        index = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    gc.unfreeze()  # frozen in on_config


@event_priority(100)  # before plugins that copy the file list in their own on_files
def on_files(files, config):
    for page in site.current.pages.values():
        file = File.generated(config, page.uri, content=page.markdown,
                              inclusion=InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV)
        # Relative to edit_uri (…/edit/main/docs/): the edit button opens the YAML source.
        file.edit_uri = f"../{page.source_file}"
        files.append(file)
    for uri, source in site.current.files.items():
        where = {"abs_src_path": str(source)} if isinstance(source, Path) else {"content": source}
        files.append(_Download.generated(config, uri, **where))
    return files


class _Download(File):
    """A file published as is, even a .md (a template to download, not a page to render)."""

    def is_documentation_page(self) -> bool:
        return False
