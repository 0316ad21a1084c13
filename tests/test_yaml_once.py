"""Each YAML file is read and parsed once per build, with libyaml, and the fast
event-based reader gives exactly what PyYAML's composer gives."""
from __future__ import annotations

import builtins
import io
import pathlib

import pytest
import yaml

from conftest import ROOT, copy_site
from macros import yamlio
from macros.content import load_content

CONTENT_DIRS = ["principles", "registry", "smv"]
SETTINGS = "settings.yml"


def _reference(text: str):
    """The general path: compose a node tree, construct the data, index the lines."""
    loader = yamlio._Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    lines, dups = {}, []
    yamlio._index(node, (), lines, dups)
    return data, lines, dups


def _fast(text: str):
    """The fast path, with the line index made the way Document.lines makes it."""
    loader = yamlio._Loader(text)
    try:
        data, order = yamlio._fast_load(loader)
    finally:
        loader.dispose()
    return data, yamlio._replay(data, order), []


def test_libyaml_loader_is_used():
    assert yaml.__with_libyaml__
    assert issubclass(yamlio._Loader, yaml.CSafeLoader)


@pytest.mark.parametrize("path", sorted(p for d in CONTENT_DIRS for p in (ROOT / d).rglob("*.yml")),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_fast_path_matches_composer_on_the_content(path):
    text = path.read_text(encoding="utf-8")
    assert _fast(text) == _reference(text)


SNIPPETS = [
    "a: 1\nb: [1, 2.5, true, null, ~, '3', \"x\"]\nc: {d: e, 'f': 2026-01-01}\n",
    "# comment\nlist:\n  - a\n  -\n    - nested\n    - {k: v}\n  - ''\nempty:\nquoted: 'ja'\n",
    "values: [1, 0x1f, 1_000, .inf, yes, No, ~, null, '', 2026-01-01, 1.5e3, -2]\n'quoted key': x\n",
    "text: >-\n  folded\n  lines\nlit: |\n  keep\n  this\n",
    "- a\n- b: c\n  d: e\n",
    "just a scalar\n",
    "[1, [2, [3]]]\n",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_fast_path_matches_composer_on_snippets(text):
    assert _fast(text) == _reference(text)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",              # anchors and aliases
    "base: &b {x: 1}\nc:\n  <<: *b\n",  # merge keys
    "a: !!str 1\n",                  # explicit tags
    "? [complex]\n: key\n",           # a collection as a key
    "1: int key\nyes: bool key\n",     # keys that are not text
    "dup: 1\nother: 2\ndup: 3\n",       # a key twice
    "nested:\n  dup: 1\n  dup: [2]\n",
    "a: 1\n---\nb: 2\n",             # two documents
    "",                              # no document
    "~\n",                           # an empty document
    "a: [1\n",                       # a syntax error
])
def test_unusual_yaml_falls_back_to_the_composer(tmp_path, text):
    with pytest.raises((yamlio._Unusual, yaml.YAMLError)):
        _fast(text)
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    doc, errors = yamlio.load(path)  # the composer's own result or message
    if doc is not None:
        data, lines, dups = _reference(text)
        assert (doc.data, doc.lines) == (data, lines)
        assert [e.field for e in errors] == [yamlio.dotted(p) for p, _ in dups]
    else:
        assert errors


@pytest.mark.parametrize("levels", [yamlio.MAX_DEPTH, yamlio.MAX_DEPTH + 1])
@pytest.mark.parametrize("style", ["flow", "block"])
def test_both_readers_stop_at_the_same_depth(tmp_path, levels, style):
    """levels nested lists under the root mapping: MAX_DEPTH levels in all is the most either reads."""
    if style == "flow":
        text = "x: " + "[" * (levels - 1) + "]" * (levels - 1) + "\n"
    else:
        text = "x:\n" + "".join("  " * i + "-\n" for i in range(1, levels))
    for anchor in ("", "a: &x 1\nb: *x\n"):  # without and with the composer
        path = tmp_path / "x.yml"
        path.write_text(anchor + text, encoding="utf-8")
        doc, errors = yamlio.load(path)
        if levels <= yamlio.MAX_DEPTH:
            assert errors == [] and doc is not None
        else:
            assert doc is None and [e.message.split(";")[0] for e in errors] == [
                f"YAML-strukturen er indlejret i mere end {yamlio.MAX_DEPTH} niveauer"]


def test_line_of_after_the_fast_path(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("a: 1\nb:\n  - x\n  - c: 2\n    d: [3]\n", encoding="utf-8")
    doc, errors = yamlio.load(path)
    assert errors == [] and doc._lines is None  # no index until a problem asks for a line
    assert [doc.line_of(p) for p in [(), ("a",), ("b", 1, "d", 0), ("b", 1, "missing"), ("zz",)]] == [1, 1, 5, 4, 1]


class Counter:
    """Counts reads of a site's content YAML files and YAML parses of them, of any kind."""

    def __init__(self, root: pathlib.Path):
        self.root = root
        paths = [root / SETTINGS, *(p for d in CONTENT_DIRS for p in (root / d).rglob("*.yml"))]
        self.paths = sorted(paths, key=lambda p: p.as_posix())
        self.files = [self.name(p) for p in self.paths]
        self.texts = {p.read_text(encoding="utf-8") for p in self.paths}
        self.reads: dict[str, int] = {}
        self.loader_parses = 0  # yamlio._Loader instances (libyaml)
        self.api_parses = 0     # yaml.load & co. given one of the files or its text

    def name(self, path) -> str | None:
        try:
            p = pathlib.Path(path).resolve()
        except (TypeError, ValueError, OSError):
            return None
        root = self.root.resolve()
        if p.suffix == ".yml" and p.is_relative_to(root) and p.relative_to(root).parts[0] in [*CONTENT_DIRS, SETTINGS]:
            return p.relative_to(root).as_posix()
        return None

    def read(self, path) -> None:
        if (name := self.name(path)) is not None:
            self.reads[name] = self.reads.get(name, 0) + 1


@pytest.fixture
def counting(monkeypatch, tmp_path):
    counter = Counter(copy_site(tmp_path / "src"))
    real_open = builtins.open  # Path.read_text and read_bytes open through io.open too

    def opener(file, *a, **kw):
        if isinstance(file, (str, pathlib.PurePath)):
            counter.read(file)
        return real_open(file, *a, **kw)

    class CountingLoader(yamlio._Loader):
        def __init__(self, stream):
            counter.loader_parses += 1
            super().__init__(stream)

    monkeypatch.setattr(builtins, "open", opener)
    monkeypatch.setattr(io, "open", opener)
    monkeypatch.setattr(yamlio, "_Loader", CountingLoader)
    for api in ("load", "safe_load", "full_load", "unsafe_load", "load_all", "safe_load_all", "compose", "parse"):
        def counted(*a, _real=getattr(yaml, api), **kw):
            stream = a[0] if a else kw.get("stream")
            if (isinstance(stream, str) and stream in counter.texts) or counter.name(getattr(stream, "name", None)):
                counter.api_parses += 1
            return _real(*a, **kw)
        monkeypatch.setattr(yaml, api, counted)
    return counter


def test_load_content_reads_and_parses_each_file_once(counting):
    load_content(counting.root)
    assert counting.reads == {f: 1 for f in counting.files}
    assert (counting.loader_parses, counting.api_parses) == (len(counting.files), 0)


def test_a_build_reads_and_parses_each_file_once(counting, tmp_path):
    """The whole `mkdocs build`, in this process: config, hooks, the macros plugin, every page."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from macros import site

    build(load_config(str(counting.root / "mkdocs.yml"), site_dir=str(tmp_path / "out")))
    # A file also published as a download (an SMV template) is copied once more, not parsed.
    published = {counting.name(f) for f in site.current.files.values() if isinstance(f, pathlib.Path)}
    assert counting.reads == {f: 1 + (f in published) for f in counting.files}
    assert (counting.loader_parses, counting.api_parses) == (len(counting.files), 0)
