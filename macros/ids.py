"""Record ids that two people can make at the same time without colliding.

A new id is AI- and six characters of Crockford's base32 (digits and capital letters without
I, L, O and U, so it reads aloud and types without mix-ups), drawn at random by whoever creates
the record: `macros new` here, the form in the browser from ID_FORMAT as data. 32**6 (about a
billion) ids make a clash between two branches opened the same day vanishingly rare, and the
loader refuses an id that is used or retired anyway. The first records' AI-0001 … AI-0009 stay.
registry/schema.json's id pattern accepts exactly these two forms (a test keeps them equal).
"""
from __future__ import annotations

import random
import secrets

PREFIX = "AI-"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
LENGTH = 6
LEGACY_DIGITS = 4  # AI-0001 … : the ids before random ids, valid for ever
# What the form is given (record_form.py), so the browser makes ids by the same rule.
ID_FORMAT = {"prefix": PREFIX, "alphabet": ALPHABET, "length": LENGTH}


def schema_pattern() -> str:
    """The id pattern registry/schema.json must have: a legacy id or a random one."""
    return f"^{PREFIX}(?:[0-9]{{{LEGACY_DIGITS}}}|[{ALPHABET}]{{{LENGTH}}})$"


def new_id(taken: set[str], rng: random.Random | None = None) -> str:
    """A random id that is not in taken (the register's ids and its retired ids)."""
    choose = rng.choice if rng else secrets.choice
    while True:
        candidate = PREFIX + "".join(choose(ALPHABET) for _ in range(LENGTH))
        if candidate not in taken:
            return candidate
