"""Atom feeds (RFC 4287) of the changes: the register, the policy, and each organisation.

Made from the build's git history (macros.history). A register entry is a version that
created a record or changed its status, risk level or review; a policy entry is any
version of a principle or of the AI Act decision tree. An organisation's feed also announces each of its records whose review
has fallen due by the build's date (content.today). Newest first, at most MAX_ENTRIES, so a
feed stays small.
"""
from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .content import Content, Item
from .editions import Editions
from .history import History, Version
from .render.history import version_summary
from .render.addresses import organisation_feed_uri, record_uri
from .render.editions import edition_index_uri
from .render.markup import date_da
from .render.decision_aid import PAGE_URI as AID_PAGE_URI
from .render.policy import principle_uri

REGISTER_FEED_URI = "feeds/register.xml"
POLICY_FEED_URI = "feeds/politik.xml"
MAX_ENTRIES = 100
# mkdocs-material's script fetches sitemap.xml beside every <link rel="alternate"> it finds (it
# takes them for language versions of the site). An empty sitemap in each feed folder answers
# that request, instead of a 404 in the console on every page.
EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'

ATOM = "http://www.w3.org/2005/Atom"
# What makes a record's version news for a reader of the register feed.
NOTABLE_FIELDS = {("status_history",), ("ai_act", "risk_level"), ("review", "last_reviewed")}


@dataclass(frozen=True)
class Entry:
    title: str
    summary: str
    page_url: str
    updated: str         # ISO 8601 date and time
    key: str             # with page_url the entry's permanent id: a commit, or the review that fell due
    fragment: str = "historik"  # the part of the page the entry links to

    @classmethod
    def of_version(cls, title: str, summary: str, page_url: str, version: Version) -> Entry:
        return cls(title, summary, page_url, version.date, version.commit)


def page_url(site_url: str, uri: str) -> str:
    """The published URL of a generated page, e.g. register/x.md -> https://…/register/x/."""
    path = uri.removesuffix(".md")
    path = path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/"
    return site_url.rstrip("/") + "/" + path


def _notable(version: Version) -> bool:
    return version.kind in ("oprettet", "ældste kendte") or any(c.path in NOTABLE_FIELDS for c in version.changes)


def record_entries(content: Content, history: History, records: list[Item]) -> list[Entry]:
    site_url = content.settings["site"]["url"]
    entries = []
    for record in records:
        url = page_url(site_url, record_uri(record))
        for version in history.of(record.source_file):
            if not _notable(version):
                continue
            if version.kind == "oprettet":
                title = f"Ny registrering: {record['title']}"
            else:
                news = [p for p in version_summary(version) if p.startswith(("Status", "Risikoniveau", "Sidst gennemgået"))]
                title = f"{record['title']}: " + "; ".join(news or version_summary(version))
            entries.append(Entry.of_version(title, "; ".join(version_summary(version)) + ".", url, version))
    return entries


def review_entries(content: Content, records: list[Item]) -> list[Entry]:
    """A record whose next review date has come by the build's date: one entry, dated that day,
    whose id names the date, so it stays the same entry in every later build until the review is done."""
    site_url = content.settings["site"]["url"]
    entries = []
    for record in records:
        due = record["review"]["next_review"]
        if datetime.date.fromisoformat(due) > content.today:
            continue
        entries.append(Entry(f"Gennemgang forfalden: {record['title']}",
                             f"Registreringen skulle være gennemgået senest {date_da(due)} "
                             f"(sidst gennemgået {date_da(record['review']['last_reviewed'])}).",
                             page_url(site_url, record_uri(record)), _midnight(due), f"gennemgang-{due}", ""))
    return entries


def _midnight(day: str) -> str:
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(), datetime.timezone.utc).isoformat()


def policy_entries(content: Content, history: History, editions: Editions | None = None) -> list[Entry]:
    """Each change of a principle, and each edition of the policy when it was published."""
    site_url = content.settings["site"]["url"]
    entries = [Entry(f"{edition.name} af politikken er udgivet",
                     f"{edition.name} af politikken er udgivet {date_da(edition.date)}. "
                     "Hele udgaven står uændret på sin egen adresse.",
                     page_url(site_url, edition_index_uri(edition)), _midnight(edition.date), edition.tag, "")
               for edition in (editions.editions if editions else [])]
    for principle in content.principles:
        url = page_url(site_url, principle_uri(principle))
        for version in history.of(principle.source_file):
            label = f"Princip {principle['number']}: {principle['title']}"
            title = f"Nyt princip: {label}" if version.kind == "oprettet" else f"{label} er ændret"
            entries.append(Entry.of_version(title, "; ".join(version_summary(version)) + ".", url, version))
    tree = content.decision_tree
    if tree is not None:  # the AI Act decision tree is part of the policy's tools: its changes are news too
        url = page_url(site_url, AID_PAGE_URI)
        for version in history.of(tree.source_file):
            number = version.data.get("version") if isinstance(version.data, dict) else None
            label = f"Beslutningstræet for risikoniveau" + (f" (version {number})" if number else "")
            title = f"Nyt: {label}" if version.kind == "oprettet" else f"{label} er ændret"
            entries.append(Entry.of_version(title, "; ".join(version_summary(version)) + ".", url, version))
    return entries


def atom_feed(content: Content, uri: str, title: str, subtitle: str, entries: list[Entry]) -> str:
    """The feed published at uri (its id and its rel=self address)."""
    settings = content.settings
    site_url = settings["site"]["url"].rstrip("/")
    entries = sorted(entries, key=lambda e: (_utc(e.updated), e.page_url, e.key), reverse=True)[:MAX_ENTRIES]
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "da"})
    ET.SubElement(feed, "id").text = f"{site_url}/{uri}"
    ET.SubElement(feed, "title").text = title
    ET.SubElement(feed, "subtitle").text = subtitle
    ET.SubElement(feed, "updated").text = entries[0].updated if entries else \
        datetime.datetime.combine(content.today, datetime.time(), datetime.timezone.utc).isoformat()
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": f"{site_url}/{uri}"})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": f"{site_url}/"})
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = settings["publisher"]["name"]
    ET.SubElement(author, "uri").text = settings["publisher"]["url"]
    ET.SubElement(feed, "rights").text = settings["licence"]["name"]
    for entry in entries:
        item = ET.SubElement(feed, "entry")
        ET.SubElement(item, "id").text = f"{entry.page_url}#{entry.key}"
        ET.SubElement(item, "title").text = entry.title
        ET.SubElement(item, "updated").text = entry.updated
        href = f"{entry.page_url}#{entry.fragment}" if entry.fragment else entry.page_url
        ET.SubElement(item, "link", {"rel": "alternate", "type": "text/html", "href": href})
        ET.SubElement(item, "summary").text = entry.summary
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _utc(date: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(date).astimezone(datetime.timezone.utc)


def feed_files(content: Content, history: History, editions: Editions | None = None) -> dict[str, str]:
    """uri -> Atom XML for the register, the policy and every organisation."""
    name = content.settings["site"]["name"]
    files = {
        REGISTER_FEED_URI: atom_feed(content, REGISTER_FEED_URI, f"Ændringer i AI-registret – {name}",
                                     "Nye registreringer og ændret status, risikoniveau eller gennemgang.",
                                     record_entries(content, history, content.records)),
        POLICY_FEED_URI: atom_feed(content, POLICY_FEED_URI, f"Ændringer i AI-politikken – {name}",
                                   "Hver ændring af politikkens principper og af beslutningstræet for risikoniveau, "
                                   "og hver ny udgave af politikken.",
                                   policy_entries(content, history, editions)),
    }
    files["feeds/sitemap.xml"] = files["feeds/organisationer/sitemap.xml"] = EMPTY_SITEMAP
    grouped = content.records_by_organisation()
    for key, org in content.organisations.items():
        uri = organisation_feed_uri(key)
        title = f"{org.name}: ændringer i AI-registret"
        entries = record_entries(content, history, grouped[key]) + review_entries(content, grouped[key])
        files[uri] = atom_feed(content, uri, title, f"Nye registreringer og ændringer for {org.name}.", entries)
        # A static host cannot answer a feed's old address with a redirect (an HTML page would break
        # the feed reader), so the feed stays there too, saying where it has moved; its entries and
        # their ids are the same, so a reader that follows both shows each change once.
        for old in org.former_keys:
            moved = site_url(content, uri)
            files[organisation_feed_uri(old)] = atom_feed(
                content, organisation_feed_uri(old), title,
                f"Nye registreringer og ændringer for {org.name}. Feedet er flyttet til {moved}; abonnér dér.", entries)
    return files


def site_url(content: Content, uri: str) -> str:
    return content.settings["site"]["url"].rstrip("/") + "/" + uri
