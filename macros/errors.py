"""Content errors: what a contributor sees when a YAML file is wrong."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one file, located precisely enough to fix without guessing."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = self.field or "(hele filen)"
        return f"{self.file}:{self.line}: {field}: {self.message}"


class ContentInvalid(Exception):
    """Raised with every problem found, so one run shows them all."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        head = f"Indholdet har {count} fejl:" if count != 1 else "Indholdet har 1 fejl:"
        return "\n".join([head, *(f"  {e}" for e in self.errors)])
