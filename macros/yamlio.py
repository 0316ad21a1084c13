"""Read YAML once, keeping the line of every key and value for error messages."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import ContentError
from . import yaml_mistakes

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """Safe loader that keeps dates as strings: the schema checks their format,
    and a bad date like 2025-13-40 becomes a clear error instead of a ValueError.
    Only true and false are booleans (as in YAML 1.2): yes/no/on/off stay the words written,
    so `personal_data: yes` is told which words are allowed instead of 'True'."""


_BOOL_WORDS = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_Loader.yaml_implicit_resolvers = {
    key: [(tag, _BOOL_WORDS if tag == "tag:yaml.org,2002:bool" else rx) for tag, rx in resolvers
          if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in _BaseLoader.yaml_implicit_resolvers.copy().items()
}


class Document:
    """A parsed YAML file with the line (1-based) of each path in it."""

    def __init__(self, path: str, data: object, lines: dict[tuple, int] | None = None, first_line: str = "",
                 order: list[int] | None = None):
        self.path = path
        self.data = data
        self.first_line = first_line  # e.g. the editor's "# yaml-language-server: $schema=..." comment
        self._lines = lines
        self._order = order  # from the fast reader: lines in document order, see lines

    @property
    def lines(self) -> dict[tuple, int]:
        """{path: line}. The fast reader keeps only the lines in document order, a list of ints,
        and this index is made from them when first asked for: only a reported problem asks,
        and 5,000 records' indexes would hold 70 MB for nothing."""
        if self._lines is None:
            self._lines = _replay(self.data, self._order or [])
            self._order = None
        return self._lines

    def data_at(self, path: tuple):
        """The value at path, or None where the path does not exist."""
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def line_of(self, path: tuple) -> int:
        """Line of the deepest existing prefix of path (a missing field points at its parent)."""
        lines = self.lines
        while path not in lines and path:
            path = path[:-1]
        return lines.get(path, 1)


def _replay(data, order: list[int]) -> dict[tuple, int]:
    """The index _index makes, from the lines _fast_load noted: the root's, then depth first
    each mapping key's and each sequence item's (an entry's line is its key's line)."""
    lines: dict[tuple, int] = {}
    if not order:
        return lines
    nxt = iter(order).__next__
    lines[()] = nxt()

    def walk(node, path: tuple) -> None:
        for key, value in (node.items() if type(node) is dict else enumerate(node)):
            here = path + (key,)
            lines[here] = nxt()
            if type(value) is dict or type(value) is list:
                walk(value, here)

    if type(data) is dict or type(data) is list:
        walk(data, ())
    return lines


def _check_shape(node) -> None:
    """Raise _TooDeep at a collection more than MAX_DEPTH levels deep (as _fast_load does), and
    _TooLarge if aliases would expand the document beyond MAX_NODES values. Run before anything
    walks the tree: constructing recurses until Python's limit, and the line index and the
    schema check follow every alias, so ten lists of ten aliases of ten lists … would take hours.
    Each node is measured once (aliases share nodes), so this is linear in the text."""
    measured: dict[int, tuple[int, int]] = {}  # id(node) -> (levels of collections, values when expanded)

    def measure(node, depth: int) -> tuple[int, int]:
        if isinstance(node, yaml.ScalarNode):
            return 0, 1
        known = measured.get(id(node))
        if known is None:
            if depth > MAX_DEPTH:  # also ends an alias inside its own anchor, which never bottoms out
                raise _TooDeep(node.start_mark.line + 1)
            children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
            levels, size = 0, 1
            for child in children:
                child_levels, child_size = measure(child, depth + 1)
                levels, size = max(levels, child_levels), size + child_size
            known = measured[id(node)] = (levels + 1, size)
        if depth + known[0] - 1 > MAX_DEPTH:
            raise _TooDeep(node.start_mark.line + 1)
        if known[1] > MAX_NODES:
            raise _TooLarge(node.start_mark.line + 1)
        return known

    measure(node, 1)


def _index(node, path: tuple, lines: dict, dup_keys: list, text_lines: list[str] | None = None,
           cuts: list[int] | None = None) -> None:
    lines[path] = node.start_mark.line + 1
    if text_lines is not None and isinstance(node, yaml.ScalarNode) and not node.style:
        _cut_short(text_lines, node.end_mark, cuts)
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                dup_keys.append((path + (key,), key_node.start_mark.line + 1))
            seen.add(key)
            lines[path + (key,)] = key_node.start_mark.line + 1
            _index(value_node, path + (key,), lines, dup_keys, text_lines, cuts)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, path + (i,), lines, dup_keys, text_lines, cuts)


def dotted(path: tuple) -> str:
    """("risks", 2, "rating") -> "risks[2].rating", the way contributors read it."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Unusual(Exception):
    """The document uses YAML the fast path leaves to PyYAML's own composer (see _fast_load)."""


# Deeper than any of our files needs (a record is 4 levels deep): a limit reported as a content
# error, before Python's recursion limit would turn a mistake into a traceback.
MAX_DEPTH = 50


class _TooDeep(Exception):
    """A collection nested more than MAX_DEPTH levels deep; args[0] is its line."""


# A record has a few hundred values; aliases (*name) that multiply that past a million are an
# attack on the build ("billion laughs"), not content. The message says "en million".
MAX_NODES = 1_000_000


class _TooLarge(Exception):
    """Aliases expand the document past MAX_NODES values; args[0] is the line where it happens."""


_PLAIN_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
# Implicit resolvers by first character, wildcard ones appended, as BaseResolver.resolve looks them up.
_RESOLVERS: dict = {}
# Plain scalar text -> its value, for short texts: the same keys, words and numbers recur in
# every record, and resolving them is a regular expression or two each time.
_PLAIN: dict = {}
_PLAIN_MAX_LENGTH, _PLAIN_MAX_ENTRIES = 40, 10_000
_MISS = object()
_Scalar, _MapStart, _SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MapEnd, _SeqEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent


def _resolvers(first: str) -> list:
    found = _RESOLVERS.get(first)
    if found is None:
        table = _Loader.yaml_implicit_resolvers
        found = _RESOLVERS[first] = table.get(first, []) + table.get(None, [])
    return found


def _maybe_cut(text: str) -> bool:
    """Whether a '#' follows a space after other text on its line: maybe a value cut short (see
    _cut_short). Substring searches, not a regular expression: this runs on every file."""
    for sep in (" #", "\t#"):
        at = text.find(sep)
        while at >= 0:
            if text[text.rfind("\n", 0, at) + 1:at].strip():
                return True
            at = text.find(sep, at + 2)
    return False


def _cut_short(lines: list[str] | None, mark, cuts: list[int]) -> None:
    """Note the line of a plain value that ' #' cuts short: YAML reads the rest as a comment."""
    if lines is not None and mark.line < len(lines) and lines[mark.line][mark.column:].lstrip(" \t").startswith("#"):
        cuts.append(mark.line)


def _fast_load(loader, lines: list[str] | None = None, cuts: list[int] | None = None) -> tuple[object, list[int]]:
    """The data, and the lines Document.lines is made from, in one pass over libyaml's events.

    The same result as get_single_node + construct_document + _index, without building
    a node tree and walking it twice: plain mappings, sequences and scalars with implicit
    tags and text keys. Anything else (anchors, aliases, explicit tags, merge keys, keys
    that are not text, a key twice, more or fewer than one document, a syntax error)
    raises, and load() reads the text with the composer instead, which gives PyYAML's own
    result and the messages for the errors."""
    if loader.yaml_path_resolvers:
        raise _Unusual
    get_event, constructors = loader.get_event, loader.yaml_constructors
    order: list[int] = []  # the line of the root, then of each key and sequence item, in order
    note = order.append

    def scalar(event):
        if event.anchor is not None or (event.tag is not None and event.tag != "!"):
            raise _Unusual
        value = event.value
        if not event.implicit[0]:  # quoted or block text: a string as written
            return value
        if lines is not None:
            _cut_short(lines, event.end_mark, cuts)
        known = _PLAIN.get(value, _MISS)
        if known is not _MISS:
            return known
        text, first = value, value[:1]
        for tag, regexp in _RESOLVERS.get(first) or _resolvers(first):
            if regexp.match(value):
                if tag not in _PLAIN_TAGS:
                    raise _Unusual
                value = constructors[tag](loader, yaml.ScalarNode(tag, value, event.start_mark, event.end_mark))
                break
        if len(text) <= _PLAIN_MAX_LENGTH and len(_PLAIN) < _PLAIN_MAX_ENTRIES:
            _PLAIN[text] = value  # ints, floats, bools, None and str: immutable, safe to share
        return value

    def node(event, depth: int):
        kind = type(event)
        if kind is _Scalar:
            return scalar(event)
        if (kind is not _MapStart and kind is not _SeqStart) or event.anchor is not None or (
                event.tag is not None and event.tag != "!"):
            raise _Unusual  # an alias, or a collection with an anchor or a tag
        if depth > MAX_DEPTH:
            raise _TooDeep(event.start_mark.line + 1)
        depth += 1
        if kind is _MapStart:
            mapping: dict = {}
            while True:
                event = get_event()
                kind = type(event)
                if kind is _MapEnd:
                    return mapping
                if kind is not _Scalar:
                    raise _Unusual  # a collection or an alias as a key
                key = scalar(event)
                if type(key) is not str or key in mapping:
                    raise _Unusual  # a key that is not text (the index names keys as written), or a key twice
                note(event.start_mark.line + 1)
                event = get_event()
                mapping[key] = scalar(event) if type(event) is _Scalar else node(event, depth)
        sequence: list = []
        while True:
            event = get_event()
            kind = type(event)
            if kind is _SeqEnd:
                return sequence
            note(event.start_mark.line + 1)
            sequence.append(scalar(event) if kind is _Scalar else node(event, depth))

    if type(get_event()) is not yaml.StreamStartEvent or type(get_event()) is not yaml.DocumentStartEvent:
        raise _Unusual  # no document: the composer says so
    event = get_event()
    note(event.start_mark.line + 1)
    root = node(event, 1)
    if root is None or type(get_event()) is not yaml.DocumentEndEvent or type(get_event()) is not yaml.StreamEndEvent:
        raise _Unusual  # an empty document, or more than one
    return root, order


def _too_deep(name: str, line: int) -> ContentError:
    return ContentError(name, line, "", f"YAML-strukturen er indlejret i mere end {MAX_DEPTH} niveauer; "
                                        "det skyldes sandsynligvis en fejl i indrykningen eller parenteserne")


def _first_line(text: str) -> str:
    end = text.find("\n")
    return (text if end < 0 else text[:end]).strip()  # without copying the rest of the file


def load(path: Path, display: str | None = None) -> tuple[Document | None, list[ContentError]]:
    """Parse one file (one read, one parse). Returns the document or the errors that stop it."""
    return load_bytes(path.read_bytes(), display or str(path))


def load_bytes(data: bytes, name: str) -> tuple[Document | None, list[ContentError]]:
    """Parse a file's bytes as if they were the file name (e.g. a version of it in a git commit)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [yaml_mistakes.not_utf8(name, data, exc.start)]
    return load_text(text, name)


def load_text(text: str, name: str) -> tuple[Document | None, list[ContentError]]:
    """Parse YAML text as if it were the file name (e.g. a record before it is written)."""
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark (Windows Notepad) means nothing here
    invisible = yaml_mistakes.before_parse(text, name)
    if invisible:
        return None, invisible
    lines = text.split("\n") if _maybe_cut(text) else None
    cuts: list[int] = []
    loader = _Loader(text)
    try:
        data, order = _fast_load(loader, lines, cuts)
    except (_Unusual, yaml.YAMLError):
        pass  # read it again the general way below, for PyYAML's own result or message
    except _TooDeep as exc:
        return None, [_too_deep(name, exc.args[0])]
    else:
        return Document(name, data, None, _first_line(text), order), _cut_errors(name, lines, cuts)
    finally:
        loader.dispose()
    cuts.clear()
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [ContentError(name, 1, "", "filen er tom")]
        _check_shape(node)
        data = loader.construct_document(node)
    except _TooDeep as exc:
        return None, [_too_deep(name, exc.args[0])]
    except _TooLarge as exc:
        return None, [ContentError(name, exc.args[0], "", "henvisningerne (*navn) gør filen til mere end en million "
                                                          "værdier; skriv værdierne ud i stedet for at henvise")]
    except yaml.MarkedYAMLError as exc:
        return None, [yaml_mistakes.syntax_error(name, text, exc)]
    except yaml.YAMLError:
        return None, [ContentError(name, 1, "", "YAML-syntaksfejl: filen kan ikke læses; tjek indrykning, "
                                                "anførselstegn og kolon")]
    finally:
        loader.dispose()
    index: dict[tuple, int] = {}
    dup_keys: list = []
    _index(node, (), index, dup_keys, lines, cuts)
    errors = [ContentError(name, line, dotted(p), yaml_mistakes.MESSAGES["duplicate"]) for p, line in dup_keys]
    return Document(name, data, index, _first_line(text)), errors + _cut_errors(name, lines, cuts)


def _cut_errors(name: str, lines: list[str] | None, cuts: list[int]) -> list[ContentError]:
    return [yaml_mistakes.trailing_comment(name, line, lines) for line in sorted(set(cuts))]
