"""Read YAML once, keeping the line of every key and value for error messages."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ContentError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """Safe loader that keeps dates as strings: the schema checks their format,
    and a bad date like 2025-13-40 becomes a clear error instead of a ValueError."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in _BaseLoader.yaml_implicit_resolvers.copy().items()
}

Path_ = tuple  # a path into the document: ("risks", 2, "rating")


@dataclass
class Document:
    """A parsed YAML file with the line (1-based) of each path in it."""

    path: str
    data: object
    lines: dict[tuple, int] = field(default_factory=dict)
    first_line: str = ""  # e.g. the editor's "# yaml-language-server: $schema=..." comment

    def line_of(self, path: tuple) -> int:
        """Line of the deepest existing prefix of path (a missing field points at its parent)."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def _index(node, path: tuple, lines: dict, dup_keys: list) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                dup_keys.append((path + (key,), key_node.start_mark.line + 1))
            seen.add(key)
            lines[path + (key,)] = key_node.start_mark.line + 1
            _index(value_node, path + (key,), lines, dup_keys)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, path + (i,), lines, dup_keys)


def dotted(path: tuple) -> str:
    """("risks", 2, "rating") -> "risks[2].rating", the way contributors read it."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Unusual(Exception):
    """The document uses YAML the fast path leaves to PyYAML's own composer (see _fast_load)."""


_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
# Implicit resolvers by first character, wildcard ones appended, as BaseResolver.resolve looks them up.
_RESOLVERS: dict = {}


def _resolvers(first: str) -> list:
    found = _RESOLVERS.get(first)
    if found is None:
        table = _Loader.yaml_implicit_resolvers
        found = _RESOLVERS[first] = table.get(first, []) + table.get(None, [])
    return found


def _fast_load(loader) -> tuple[object, dict, list]:
    """Data, line index and duplicate keys in one pass over libyaml's parse events.

    The same result as get_single_node + construct_document + _index, without building
    a node tree and walking it twice: plain mappings, sequences and scalars with implicit
    tags. Anything else (anchors, aliases, explicit tags, merge keys, complex keys, more
    or fewer than one document, a syntax error) raises, and load() reads the text with
    the composer instead, which gives PyYAML's own result and error messages."""
    if loader.yaml_path_resolvers:
        raise _Unusual
    get_event, constructors = loader.get_event, loader.yaml_constructors
    lines: dict[tuple, int] = {}
    dup_keys: list = []
    stack: list = []  # per open collection: [container, path, is_mapping, key, raw key or None]
    root, documents = None, 0
    scalar, map_start, seq_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    while True:
        event = get_event()
        kind = type(event)
        if kind is scalar:
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise _Unusual
            value = event.value
            if event.implicit[0]:
                first = value[:1]
                found = _RESOLVERS.get(first)
                for tag, regexp in _resolvers(first) if found is None else found:
                    if regexp.match(value):
                        if tag not in _PLAIN_TAGS:
                            raise _Unusual
                        value = constructors[tag](loader, yaml.ScalarNode(tag, value, event.start_mark, event.end_mark))
                        break
            container = None
        elif kind is map_start or kind is seq_start:
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise _Unusual
            value = container = {} if kind is map_start else []
        elif kind in ends:
            stack.pop()
            continue
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unusual
            continue
        elif kind is yaml.StreamEndEvent:
            break
        elif kind is yaml.AliasEvent:
            raise _Unusual
        else:
            continue
        line = event.start_mark.line + 1
        if not stack:
            root, path = value, ()
            lines[path] = line
        else:
            top = stack[-1]
            if top[2]:  # in a mapping: a key, or the value of the key before it
                if top[4] is None:
                    if container is not None:
                        raise _Unusual  # a collection as a key
                    path = top[1] + (event.value,)
                    if path in lines:
                        dup_keys.append((path, line))
                    lines[path] = line  # an entry's line is its key's line
                    top[3], top[4] = value, event.value
                    continue
                path = top[1] + (top[4],)
                top[0][top[3]] = value
                top[4] = None
            else:
                path = top[1] + (len(top[0]),)
                top[0].append(value)
                lines[path] = line
        if container is not None:
            stack.append([container, path, kind is map_start, None, None])
    if documents != 1 or root is None:
        raise _Unusual  # empty file or document: the composer says which
    return root, lines, dup_keys


def load(path: Path, display: str | None = None) -> tuple[Document | None, list[ContentError]]:
    """Parse one file (one read, one parse). Returns the document or the errors that stop it."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [ContentError(name, 1, "", f"filen er ikke gyldig UTF-8 ({exc.reason})")]
    loader = _Loader(text)
    try:
        data, lines, dup_keys = _fast_load(loader)
    except (_Unusual, yaml.YAMLError):
        pass  # read it again the general way below, for PyYAML's own result or message
    else:
        errors = [ContentError(name, line, dotted(p), "feltet står mere end én gang") for p, line in dup_keys]
        return Document(name, data, lines, text.split("\n", 1)[0].strip()), errors
    finally:
        loader.dispose()
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [ContentError(name, 1, "", "filen er tom")]
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        return None, [ContentError(name, line, "", f"YAML-syntaksfejl: {problem}")]
    except yaml.YAMLError as exc:
        return None, [ContentError(name, 1, "", f"YAML-syntaksfejl: {exc}")]
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}
    dup_keys: list = []
    _index(node, (), lines, dup_keys)
    errors = [ContentError(name, line, dotted(p), "feltet står mere end én gang") for p, line in dup_keys]
    return Document(name, data, lines, text.split("\n", 1)[0].strip()), errors
