"""The site as files: every generated page as Markdown and every published file, written to a folder.

`write_tree` is the one writer of what make_build makes. The MkDocs build uses it (macros/hooks.py writes
into a cache folder and hands MkDocs the files by path, so `mkdocs serve --dirty` skips what did not
change), and `python -m macros export DIR` uses it for a plain tree that another generator builds:
docs/ with the generated pages and files in place and the hand-written pages with their macros already
rendered (by the macros of define_env, called on the same Build), and an mkdocs.yml without hooks,
the macros plugin and the theme overrides, with the nav, names and addresses filled in as the hooks
fill them. Zensical reads that tree (tests/test_zensical.py).
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import yaml

from . import site, siteconfig

# Written into an exported tree, so a second export may replace it and nothing else is ever removed.
MARKER = ".ai-politik-export"
# The theme's overrides (overrides/) are mkdocs-material templates: Zensical renders its own templates
# with another engine (minijinja: no material `lang.t`, no Python dict methods), so the tree uses
# Zensical's theme as it is, and the overrides stay behind (bench/README.md lists what that loses).
SOURCES: list[str] = []
# Keys of mkdocs.yml that belong to our MkDocs build process, not to the site.
MKDOCS_ONLY = ["hooks", "watch"]
MACROS_PLUGIN = "macros"  # its pass is made by the export (render_handwritten)


class _Memo:
    """What this process last wrote in one folder ({uri: (its path, hash of the text)}): an unchanged file
    is neither read nor written again, so its modification time stays that of its last change. (Python
    keeps a string's hash with the string, so a page the build did not make again costs nothing here.)"""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written: dict[str, tuple[Path, int]] = {}
        self.moved_in: set[str] = set()  # since the last write_tree: files move_in put here
        # Until the first write_tree is done, whether the folder was empty (a build's new cache folder): then
        # no file there can hold a text already, so none is read back, and each folder is made once.
        self.fresh = not _has_files(folder)
        self._made: set[Path] = set()

    def write(self, uri: str, data: str | bytes) -> tuple[Path, bool]:
        """Write data to the folder at uri unless the file holds it already: (its path, whether written)."""
        digest = hash(data)
        known = self.written.get(uri)
        if known is not None and known[1] == digest:
            return known[0], False
        path = known[0] if known else self.folder / uri
        blob = _bytes(data)
        if self.fresh and known is None:
            parent = path.parent
            if parent not in self._made:
                parent.mkdir(parents=True, exist_ok=True)
                self._made.add(parent)
            with open(path, "wb") as out:  # nothing reads the folder before write_tree returns
                out.write(blob)
            same = False
        else:
            same = _holds(path, blob)  # a file from an earlier process or export
            if not same:
                _write_file(path, blob)
        self.written[uri] = (path, digest)
        return path, not same


def _has_files(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is not None
    except FileNotFoundError:
        return False


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _holds(path: Path, blob: bytes) -> bool:
    try:
        return path.read_bytes() == blob
    except OSError:
        return False


def _write_file(path: Path, blob: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(blob)
    tmp.replace(path)  # a reader (MkDocs, a watcher) never sees half a file


_memos: dict[Path, _Memo] = {}


def _memo(folder: Path) -> _Memo:
    key = Path(folder).resolve()
    memo = _memos.get(key)
    if memo is None:
        memo = _memos[key] = _Memo(Path(folder))
    return memo


def _outputs(build: site.Build):
    """(uri, text or bytes or the source file's Path) of every generated page and published file."""
    for uri, page in build.pages.items():
        yield uri, page.markdown
    yield from build.files.items()


def write_tree(build: site.Build, folder: Path, copy_sources: bool = False,
               written: set[str] | None = None) -> dict[str, Path]:
    """Write every generated page and published file of build under folder at its uri, each only if
    its bytes changed (those uris are added to written, when given, and so are those that move_in put
    there since the last call). Returns {uri: the file that holds it}. A published file that is a source
    file (a Path) is used where it is, unless copy_sources (a tree that must stand alone)."""
    memo = _memo(folder)
    if written is not None:
        written |= memo.moved_in
    memo.moved_in.clear()
    paths: dict[str, Path] = {}
    for uri, data in _outputs(build):
        if isinstance(data, Path):
            if not copy_sources:
                paths[uri] = data
                continue
            data = data.read_bytes()
        path, new = memo.write(uri, data)
        if new and written is not None:
            written.add(uri)
        paths[uri] = path
    memo.fresh = False
    memo._made.clear()
    return paths


def stage_changes(build: site.Build, folder: Path, staging: Path) -> dict[str, str]:
    """The pages and files of build whose bytes differ from those under folder (a folder write_tree
    writes in another process: the preview's background build), written under staging instead, for
    that process to take with move_in. Returns {uri: "str" or "bytes"} of those written."""
    staged: dict[str, str] = {}
    folder, staging = Path(folder), Path(staging)
    for uri, data in _outputs(build):
        if isinstance(data, Path):
            continue
        blob = _bytes(data)
        if not _holds(folder / uri, blob):
            _write_file(staging / uri, blob)
            staged[uri] = type(data).__name__
    return staged


def move_in(staging: Path, folder: Path, staged: dict[str, str]) -> dict[str, str | bytes]:
    """Move what stage_changes wrote under staging into folder, where this process's write_tree writes,
    and tell it (the next write_tree counts them as written). Returns {uri: the text or bytes}."""
    memo = _memo(folder)
    moved: dict[str, str | bytes] = {}
    for uri, kind in staged.items():
        source = Path(staging) / uri
        blob = source.read_bytes()
        data = blob.decode("utf-8") if kind == "str" else blob
        known = memo.written.get(uri)
        path = known[0] if known else memo.folder / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        source.replace(path)
        memo.written[uri] = (path, hash(data))
        memo.moved_in.add(uri)
        moved[uri] = data
    return moved


# --- mkdocs.yml, read and written with its !!python and !ENV tags kept as written ----------------

class _Tagged:
    def __init__(self, tag: str, kind: type, value):
        self.tag, self.kind, self.value = tag, kind, value


class _KeepLoader(yaml.SafeLoader):
    pass


class _KeepDumper(yaml.SafeDumper):
    pass


def _keep(loader, _tag_suffix, node):
    if isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_scalar(node)
    return _Tagged(node.tag, type(node), value)


def _emit(dumper, t: _Tagged):
    if t.kind is yaml.MappingNode:
        return dumper.represent_mapping(t.tag, t.value)
    if t.kind is yaml.SequenceNode:
        return dumper.represent_sequence(t.tag, t.value)
    return dumper.represent_scalar(t.tag, t.value)


_KeepLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep)
_KeepLoader.add_multi_constructor("!", _keep)
_KeepDumper.add_representer(_Tagged, _emit)


def read_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_KeepLoader)


def write_config(config: dict, path: Path) -> None:
    path.write_text(yaml.dump(config, Dumper=_KeepDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def tree_config(root: Path, build: site.Build) -> dict:
    """mkdocs.yml for the exported tree: the site's, without hooks, with what the hooks set filled in."""
    config = read_config(root / "mkdocs.yml")
    for key in MKDOCS_ONLY:
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    config["plugins"] = [p for p in config.get("plugins") or []
                         if (p if isinstance(p, str) else next(iter(p))) != MACROS_PLUGIN]
    siteconfig.apply_settings(config, build.content.settings.data)
    siteconfig.fill_navs(config, build.content)
    # Published files in dot folders (.well-known/): the generator would leave them out, as MkDocs does
    # unless the hook includes them.
    dotted = sorted({"/" + "/".join(parts[:i + 1]) + "/" for uri in build.files
                     for parts in [uri.split("/")[:-1]] for i, part in enumerate(parts) if part.startswith(".")})
    if dotted:
        config["exclude_docs"] = "\n".join([*(config.get("exclude_docs") or "").split("\n"),
                                            *(f"!{d}" for d in dotted)]).strip() + "\n"
    hidden = [f"/{page.uri}" for page in build.pages.values() if not page.in_nav]
    config["not_in_nav"] = "\n".join([*(config.get("not_in_nav") or "").split("\n"), *hidden]).strip() + "\n"
    return config


class ExportError(Exception):
    """A folder the export may not write into (Danish message for the command line)."""


def export(root: Path, dest: Path, build: site.Build | None = None) -> site.Build:
    """Write the whole site under dest as a plain tree (see the module's docstring)."""
    dest = Path(dest)
    if dest.exists():
        if not dest.is_dir():
            raise ExportError(f"{dest} er en fil; angiv en mappe, der ikke findes, eller en tidligere eksport")
        if any(dest.iterdir()) and not (dest / MARKER).exists():  # only an earlier export is replaced
            raise ExportError(f"{dest} er ikke tom og er ikke en tidligere eksport; angiv en tom eller ny mappe")
        shutil.rmtree(dest)
    build = build or site.make_build(root)
    dest.mkdir(parents=True)
    (dest / MARKER).write_text("Lavet af python -m macros export; erstattes ved næste eksport.\n", encoding="utf-8")
    shutil.copytree(root / "docs", dest / "docs", ignore=shutil.ignore_patterns("__pycache__"))
    for part in SOURCES:
        src = root / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    config = tree_config(root, build)
    render_handwritten(build, config, dest / "docs")
    write_tree(build, dest / "docs", copy_sources=True)
    write_config(config, dest / "mkdocs.yml")
    return build


# --- the hand-written pages' macros, rendered as mkdocs-macros renders them in the MkDocs build ----------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)


class _MacroEnv:
    """What define_env (macros/__init__.py) uses of mkdocs-macros' env, to call the macros outside MkDocs."""

    def __init__(self, root: Path) -> None:
        self.macros: dict = {}
        self.page = None
        self.project_dir = str(root)

    def macro(self, fn=None, name=None):
        if fn is None:
            return lambda f: self.macro(f, name)
        self.macros[name or fn.__name__] = fn
        return fn


class _Page:
    def __init__(self, uri: str, meta: dict) -> None:
        stem = uri.removesuffix(".md")
        self.url = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else f"{stem}/"
        self.meta = meta
        self.file = None


def render_handwritten(build: site.Build, config: dict, docs: Path) -> None:
    """Render the macros in every hand-written page under docs/ (as the macros plugin does in the MkDocs
    build: Jinja over the text after the front matter, undefined names an error, pages with
    `render_macros: false` left alone), with the macros of define_env reading this build."""
    import jinja2

    from . import define_env
    env = _MacroEnv(build.content.root)
    define_env(env)
    jinja = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    previous, site.current = site.current, build
    try:
        for path in sorted(docs.rglob("*.md")):
            uri = path.relative_to(docs).as_posix()
            text = path.read_text(encoding="utf-8")
            m = _FRONT_MATTER.match(text)
            front = m.group(0) if m else ""
            meta = (yaml.safe_load(m.group(1) or "") if m else None) or {}
            if meta.get("render_macros") is False or ("{{" not in text and "{%" not in text):
                continue
            env.page = _Page(uri, meta)
            body = jinja.from_string(text[len(front):]).render(config=config, page=env.page, **env.macros)
            path.write_text(front + body, encoding="utf-8")
    finally:
        site.current = previous
