"""Where the register's generated pages and feeds live: one definition of each address.

A leaf module (it imports no other render module), so the record pages, the organisation
pages, the matrix, the overview and the feeds can all link to each other without importing
each other. An organisation's address is its key in registry/organisations.yml.
"""
from __future__ import annotations

REGISTER_DIR = "register"
ORGANISATIONS_DIR = f"{REGISTER_DIR}/organisationer"
ORGANISATION_FEEDS_DIR = "feeds/organisationer"  # beside the register's and the policy's feeds (see macros.feeds)


def record_uri(record) -> str:
    """A record's page under docs/ (register/<slug>.md); its URL is /register/<slug>/."""
    return f"{REGISTER_DIR}/{record['slug']}.md"


def organisation_uri(key: str) -> str:
    """An organisation's page under docs/ (register/organisationer/<key>.md); its URL is /register/organisationer/<key>/."""
    return f"{ORGANISATIONS_DIR}/{key}.md"


def organisation_feed_uri(key: str) -> str:
    return f"{ORGANISATION_FEEDS_DIR}/{key}.xml"
