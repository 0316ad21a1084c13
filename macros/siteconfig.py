"""The site's configuration as the content sets it, for any generator: settings.yml's names and addresses,
the publisher, and the nav sections filled from the principles and the guide.

Works on MkDocs' config object (macros/hooks.py, every build) and on a plain dict (macros/export.py, the
configuration of an exported tree), so both say the same."""
from __future__ import annotations

from . import security
from .content import Content
from .render import guide, policy
from .render import publisher as publisher_css

REPO_LINK_LABEL = "Kildefiler og rettelser"  # the header's repository link, not a developer label


def apply_settings(config, settings: dict) -> None:
    """settings.yml is where the site's name and addresses are set; MkDocs and the theme read them here."""
    site = settings["site"]
    config["site_name"] = site["name"]
    config["site_description"] = site["description"]
    config["site_url"] = site["url"]
    config["repo_url"] = site["repo_url"]
    config["edit_uri"] = f"edit/{site['repo_branch']}/docs/"
    apply_publisher(config, settings)
    config["extra"]["security"] = security.page_meta()  # the CSP and referrer <meta> (overrides/main.html)


def apply_publisher(config, settings: dict) -> None:
    """The publisher's name, logo and colours in the theme (templates read config.extra.publisher)."""
    publisher = settings["publisher"]
    if config.get("extra") is None:
        config["extra"] = {}
    config["extra"]["publisher"] = publisher
    config["theme"]["logo"] = config["theme"]["favicon"] = publisher["logo"].removeprefix("docs/")
    config["repo_name"] = REPO_LINK_LABEL
    extra_css = config.get("extra_css")
    if extra_css is None:
        extra_css = config["extra_css"] = []
    if publisher_css.COLOURS_URI not in extra_css:
        extra_css.append(publisher_css.COLOURS_URI)


def fill_navs(config, content: Content) -> None:
    """The principle pages (grouped by area) and the guide's steps in their nav sections."""
    fill_nav(config["nav"], f"{policy.PRINCIPLES_DIR}/index.md", policy.nav_section(content))
    if content.guide:
        fill_nav(config["nav"], guide.INDEX_URI, guide.nav_section(content))


def fill_nav(nav: list, index_uri: str, entries: list) -> None:
    """Append generated pages to the nav section whose index is index_uri (e.g. principper/index.md),
    in the order given, so the footer's previous/next follows it."""
    for entry in nav or []:
        for children in (entry.values() if isinstance(entry, dict) else []):
            if isinstance(children, list) and index_uri in children:
                children.extend(entries)
                return
