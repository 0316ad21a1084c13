"""The last link check (registry/_links.json, written by `python -m macros links`), as the build reads it.

Not a record (its name starts with _): the date of the check and the links that did not answer
well then. The build shows a dead source on its record's page; it never asks the network itself,
so a build stays the same however the sources' servers are doing today.
"""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError

LINKS_FILE = "registry/_links.json"
DEAD = "død"


@dataclass(frozen=True)
class LinkChecks:
    checked: datetime.date
    links: dict[str, dict] = field(default_factory=dict)  # url -> {"status": …, …} for links that were not OK

    def dead(self, url: str) -> bool:
        return self.links.get(url, {}).get("status") == DEAD


def load_link_checks(root: Path, errors: list) -> LinkChecks | None:
    path = Path(root) / LINKS_FILE
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LinkChecks(datetime.date.fromisoformat(data["checked"]), dict(data["links"]))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        errors.append(ContentError(LINKS_FILE, 1, "", "filen kan ikke læses; slet den, eller kør python -m macros links igen"))
        return None
