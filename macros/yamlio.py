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


def load(path: Path, display: str | None = None) -> tuple[Document | None, list[ContentError]]:
    """Parse one file (one read, one parse). Returns the document or the errors that stop it."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [ContentError(name, 1, "", f"filen er ikke gyldig UTF-8 ({exc.reason})")]
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
