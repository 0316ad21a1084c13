"""An exported tree (`python -m macros export`) is marked by a file listing the pages the export wrote,
so that the content read back from the tree (by the macros, in another generator) tells the generated
pages in docs/ from hand-written ones."""
from __future__ import annotations

import json
from pathlib import Path

MARKER = ".ai-politik-export"


def write_marker(dest: Path, generated: list[str]) -> None:
    text = json.dumps({"about": "Lavet af python -m macros export; erstattes ved næste eksport.",
                       "generated_pages": sorted(generated)}, ensure_ascii=False, indent=1)
    (dest / MARKER).write_text(text + "\n", encoding="utf-8")


def is_export(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def generated_pages(root: Path) -> set[str]:
    """The pages under docs/ that an export wrote (uris under docs/); none outside an exported tree."""
    try:
        return set(json.loads((root / MARKER).read_text(encoding="utf-8"))["generated_pages"])
    except (OSError, ValueError, KeyError, TypeError):
        return set()
