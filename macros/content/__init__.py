"""Load and validate all site content: the policy, the AI Act decision tree, the register and the SMV guide.

The single entry point is load_content(root). It reads each YAML file once, checks it
against its JSON Schema and the rules a schema cannot express, and raises ContentInvalid
listing every problem, or returns the Content. Each domain keeps its loading and its rules,
each with its Danish message, in its own module: policy, organisations, register, decision_tree, guide.
"""
from __future__ import annotations

import datetime
import gc
from pathlib import Path

from ..builddate import ENV, BadEpoch, build_time
from ..errors import ContentError, ContentInvalid
from .decision_tree import load_decision_tree
from .guide import load_guide
from .link_checks import load_link_checks
from .model import Content, Item, current_status
from .organisations import Organisation, load_organisations
from .policy import load_policy
from .register import load_register, start_checking
from .settings import load_settings

__all__ = ["Content", "Item", "Organisation", "current_status", "load_content"]


def load_content(root: Path, today: datetime.date | None = None,
                 moment: datetime.datetime | None = None) -> Content:
    """moment: the build's moment when the caller knows it (the preview: builddate.after_saving);
    otherwise builddate.build_time says it."""
    # Loading makes millions of small objects and no reference cycles: the cyclic garbage
    # collector's passes over them cost time for nothing (measured in bench/).
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            moment = moment or build_time(Path(root))
        except BadEpoch as exc:
            raise ContentInvalid([ContentError("(miljøet)", 1, ENV, str(exc))]) from None
        # Published dates (overdue reviews, feeds, "built on") are the build's: the same commit, the same
        # pages. The rule that what has happened is not in the future checks against the real date
        # (it publishes nothing): a history made with old commit dates still validates.
        return _load_content(Path(root), today or moment.date(), moment, today or datetime.date.today())
    finally:
        if collecting:
            gc.enable()


def _load_content(root: Path, today: datetime.date, moment: datetime.datetime,
                  checks_today: datetime.date) -> Content:
    content = Content(root, today=today, build_time=moment)
    errors: list[ContentError] = []
    records = start_checking(root)  # forked workers read the records while this process reads the rest
    try:
        load_settings(root, content, errors)
        load_policy(root, content, errors)
        organisations_ok = load_organisations(root, content, errors)
        load_register(root, content, errors, checks_today, organisations_ok, records)
    finally:
        records.close()
    load_decision_tree(root, content, errors)  # after the register: its levels, roles and decisions
    load_guide(root, content, errors)
    content.link_checks = load_link_checks(root, errors)
    if errors:
        raise ContentInvalid(errors)
    return content
