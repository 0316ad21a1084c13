"""Markdown for the policy's editions: the overview /udgaver/, each edition read-only under
/udgaver/N/ (its principles, their overview and its print page), and on each current principle
page which edition it is and what has changed since every earlier one, word for word.

The editions' pages are the current pages' templates (policy.principle_page, policy_document) over
the edition's text, so an edition reads as it did, in today's layout. They are kept out of the nav
and out of search: their text is the current text's, or an older form of it, and a search result
should lead to the text in force; the current principle page links to each edition.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..content import Content, Item
from ..editions import Edition, Editions
from . import markup as m, printing
from .history import field_label
from .policy import PRINCIPLES_DIR, policy_document, principle_page, principle_uri, principles_overview

EDITIONS_DIR = "udgaver"
INDEX_URI = f"{EDITIONS_DIR}/index.md"
PRINT_NAME = "udskrift"
# An edition's pages: read only, no edit button (the text is a tag's), not in search (see above).
EDITION_META = {"edit": False, "search": {"exclude": True}}
def how_to(content: Content) -> str:
    guide = f"{content.repo_url}/blob/{content.settings['site']['repo_branch']}/CONTRIBUTING.md#udgiv-en-udgave-af-politikken"
    return ("En udgave er et annoteret git-tag `udgave-N` på den commit, der indeholder udgavens tekst; "
            f"sådan udgives en ny, står i {m.link('vejledningen for bidragydere', guide)}.")


def edition_base(edition: Edition) -> str:
    return f"{EDITIONS_DIR}/{edition.number}/"


def edition_index_uri(edition: Edition) -> str:
    return f"{edition_base(edition)}index.md"


def edition_principle_uri(edition: Edition, principle: Item) -> str:
    return edition_base(edition) + principle_uri(principle)


def edition_print_uri(edition: Edition) -> str:
    return f"{edition_base(edition)}{PRINCIPLES_DIR}/{PRINT_NAME}.md"


def edition_anchor(edition: Edition) -> str:
    return f"udgave-{edition.number}"


def edition_label(edition: Edition) -> str:
    """'1. udgave, 2. december 2026'"""
    return f"{edition.name}, {m.date_da(edition.date)}"


# --- the current text: which edition it is ------------------------------------------------

def policy_edition(editions: Editions, content: Content) -> str:
    """The current policy's edition in words, for the print page and its running head."""
    latest = editions.latest
    if latest is None:
        return "ingen udgave i denne bygning"
    if editions.policy_is_latest(content):
        return edition_label(latest)
    return f"gældende tekst, ændret efter {latest.name} ({m.date_da(latest.date)})"


def no_editions_reason(editions: Editions) -> str:
    """Why a build has no editions to show, in one sentence (also the build log's INFO line)."""
    if not editions.available:
        return ("Sitet er bygget uden git (fx fra en udpakket kopi), så politikkens udgaver kunne ikke læses.")
    if editions.shallow:
        return ("Sitet er bygget fra en afkortet kopi af repositoriet (shallow clone) uden udgavernes tags; "
                "hent dem med `git fetch --unshallow --tags`.")
    return ("Repositoriet, som sitet er bygget fra, har ingen udgaver af politikken (git-tags `udgave-1`, `udgave-2` …): "
            "enten er politikken endnu ikke udgivet som en nummereret udgave, eller kopien er hentet uden tags "
            "(hent dem med `git fetch --tags`).")


def principle_status(editions: Editions, principle: Item) -> str:
    """The line under a current principle's heading: which edition its text is."""
    latest, since = editions.current_is(principle)
    to = "[princippet i hver udgave](#udgaver)"
    if latest is None and editions.latest is None:
        text = f"Udgave: Der er ingen udgaver af politikken i denne bygning ([læs hvorfor](../{INDEX_URI}))."
    elif latest is None:
        text = (f"Udgave: Teksten er ændret efter [{m.text(editions.latest.name)}](../{edition_index_uri(editions.latest)}) "
                f"og er endnu ikke udgivet som en ny udgave. Se, hvad der er ændret, under {to}.")
    else:
        unchanged = f", uændret siden {m.text(since.name)}" if since is not latest else ""
        text = (f"Udgave: Princippet står som i [{m.text(edition_label(latest))}](../{edition_index_uri(latest)})"
                f"{unchanged}. Se også {to}.")
    return f"{text}\n{{: .ai-edition }}\n"


def principle_editions_section(editions: Editions, principle: Item) -> str:
    """The current principle page's section on its editions: a link to the principle in each, and
    what has changed since, field by field and word for word."""
    if not editions.editions:
        return ""  # the line under the heading says so, and /udgaver/ why
    out = ["## Udgaver af princippet {#udgaver data-search-exclude}\n"]
    found = editions.of_principle(principle["id"])
    if not found:
        out.append(f"Princippet findes ikke i de udgivne udgaver af politikken; det er kommet til siden. [Alle udgaver](../{INDEX_URI}).\n")
        return "\n".join(out)
    out.append("Her står princippet i hver udgave af politikken, nyeste først, og hvad der er ændret siden. "
               "Tekst, der er fjernet siden udgaven, er <del>overstreget</del>, og tekst, der er kommet til, er <ins>understreget</ins>. "
               f"[Alle udgaver](../{INDEX_URI}).\n")
    for edition, old in reversed(found):
        # Each edition's part out of search too: its old words are not the text in force.
        out.append(f"### {m.text(edition_label(edition))} {{#{edition_anchor(edition)} data-search-exclude}}\n")
        link = f"[Princip {old['number']}, som det står i {m.text(edition.name)}](../{edition_principle_uri(edition, old)})"
        changes = principle_changes(old.data, principle.data)
        if not changes:
            out.append(f"{link}. Teksten er den samme som i den gældende politik.\n")
            continue
        names = [label for label, _, _ in changes]
        out.append(f"{link}. Ændret siden da: {m.text(_and(names))}.\n")
        out.append(diff_blocks(changes))
    return "\n".join(out)


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " og " + words[-1]


# --- the comparison -------------------------------------------------------------------------

_SOURCE_LABELS = {"title": "titel", "publisher": "udgiver", "year": "år", "section": "afsnit", "url": "link"}


_AREA_LABELS = {"name": "navn", "question": "spørgsmål", "intro": "indledning", "id": "id"}


def principle_changes(old: dict, new: dict, labels: dict | None = None) -> list[tuple[str, str | None, str | None]]:
    """(field's Danish name, old text, new text) for each field that differs, in the page's order;
    a question by its id, the source part by part. None: the field or question is not there.
    labels: names for fields the history's labels do not have (an area's)."""
    changes = []

    def add(label, a, b):
        if a != b:
            changes.append((label, None if a is None else _as_text(a), None if b is None else _as_text(b)))

    order = ["title", "name", "question", "summary", "intro", "guidance", "questions", "area", "source", "slug",
             "number", "id"]
    for key in order + [k for k in list(old) + list(new) if k not in order and k != "former_slugs"]:
        a, b = old.get(key), new.get(key)
        if key == "questions":
            before = {q["id"]: q["text"] for q in a or []}
            after = {q["id"]: q["text"] for q in b or []}
            for qid in list(before) + [q for q in after if q not in before]:
                add(f"spørgsmål {qid}", before.get(qid), after.get(qid))
        elif key == "source" and isinstance(a, dict) and isinstance(b, dict):
            for part in list(a) + [p for p in b if p not in a]:
                add(f"kilde ({_SOURCE_LABELS.get(part, part)})", a.get(part), b.get(part))
        elif key in old or key in new:
            add((labels or {}).get(key) or field_label((key,)).lower(), a, b)
    return changes


def _as_text(value) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


_TOKEN = re.compile(r"\w+|[^\w\s]| ")


def _words(text: str) -> list[str]:
    """The text as words, punctuation marks and single spaces; a paragraph break is a token of its own
    ("\n"), so a changed full stop is one changed mark, not a changed word."""
    out = []
    for i, para in enumerate(p for p in str(text).replace("\r", "").split("\n\n") if p.strip()):
        if i:
            out.append("\n")
        out += _TOKEN.findall(" ".join(para.split()))
    return out


def _join(tokens: list[str]) -> str:
    return "".join("<br><br>" if t == "\n" else m.attr(t) if t != " " else " " for t in tokens)


def _is_word(token: str) -> bool:
    return token[:1].isalnum() or token[:1] == "_"


def _mark(tag: str, what: str, words: list[str]) -> str:
    """<del> or <ins> with the change named for screen readers, which do not announce the elements.
    Spaces at its ends stay outside, so the mark starts and ends at a word."""
    start, end = 0, len(words)
    while start < end and words[start] == " ":
        start += 1
    while end > start and words[end - 1] == " ":
        end -= 1
    return (" " * bool(start) + f'<{tag}><span class="ai-visually-hidden">[{what}: </span>{_join(words[start:end])}'
            f'<span class="ai-visually-hidden">]</span></{tag}>' + " " * (end < len(words)))


def _opcodes(a: list[str], b: list[str]):
    """SequenceMatcher's opcodes, with a change, a lone space and a change made one change:
    "<del>den konkrete</del> <ins>hver konkret</ins>", not word by word."""
    merged = []
    for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if merged and op[0] != "equal" and len(merged) >= 2 and merged[-1][0] == "equal" \
                and merged[-2][0] != "equal" and all(t == " " for t in a[merged[-1][1]:merged[-1][2]]):
            space, before = merged.pop(), merged.pop()
            op = ("replace", before[1], op[2], before[3], op[4])
        elif merged and op[0] != "equal" and merged[-1][0] != "equal":
            before = merged.pop()
            op = ("replace", before[1], op[2], before[3], op[4])
        merged.append(op)
    return merged


def word_diff(old: str, new: str) -> tuple[str, int, int]:
    """The new text with the words removed from the old (<del>) and added (<ins>) marked, as HTML;
    and how many words were removed and added."""
    a, b = _words(old), _words(new)
    parts, removed, added = [], 0, 0
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op == "equal":
            parts.append(_join(a[i1:i2]))
            continue
        if i2 > i1:
            parts.append(_mark("del", "fjernet", a[i1:i2]))
            removed += sum(map(_is_word, a[i1:i2]))
        if j2 > j1:
            if i2 > i1 and a[i2 - 1] not in " \n" and b[j1] not in " \n":
                parts.append(" ")  # the old and the new words apart
            parts.append(_mark("ins", "tilføjet", b[j1:j2]))
            added += sum(map(_is_word, b[j1:j2]))
    return "".join(parts), removed, added


def _count(n: int, what: str) -> str:
    return f"{n} ord {what}"


def diff_blocks(changes: list[tuple[str, str | None, str | None]]) -> str:
    """Raw HTML: one block per changed field, its name and a sentence saying what changed, then the text."""
    blocks = []
    for label, old, new in changes:
        name = m.attr(label[:1].upper() + label[1:])
        if old is None:
            explain, body = "tilføjet siden udgaven", _mark("ins", "tilføjet", _words(new))
        elif new is None:
            explain, body = "fjernet siden udgaven", _mark("del", "fjernet", _words(old))
        else:
            body, removed, added = word_diff(old, new)
            said = [s for n, s in ((removed, _count(removed, "fjernet")), (added, _count(added, "tilføjet"))) if n]
            explain = _and(said) if said else "kun tegnsætning eller mellemrum er ændret"
        blocks.append(f'<div class="ai-diff">\n<p class="ai-diff__what"><strong>{name}</strong>: {m.attr(explain)}.</p>\n'
                      f'<p class="ai-diff__text">{body}</p>\n</div>')
    return "\n".join(blocks) + "\n"


# --- the editions' own pages ----------------------------------------------------------------

def _up(uri: str) -> str:
    """From a page at uri (udgaver/1/principper/x.md) back to the site's root, for a relative link."""
    return "../" * uri.count("/")


def edition_notice(edition: Edition, current: Item | None, uri: str, what: str) -> str:
    """The box on each of an edition's pages: which edition, read only, and where the current text is."""
    up = _up(uri)
    if current is not None:
        now = (f"[Læs den gældende tekst]({up}{principle_uri(current)}) eller "
               f"[se, hvad der er ændret siden]({up}{principle_uri(current)}#{edition_anchor(edition)}).")
    else:
        now = f"[Læs den gældende politik]({up}{PRINCIPLES_DIR}/index.md)."
    return (f'!!! info "{m.attr(edition_label(edition))}"\n\n'
            f"    Du læser {what}, som det står i {m.text(edition.name)} af politikken, udgivet {m.date_da(edition.date)}. "
            f"Teksten er udgivet og ændres ikke. {now} [Alle udgaver]({up}{INDEX_URI}).\n")


def edition_pages(editions: Editions, content: Content) -> dict[str, str]:
    """{uri: Markdown} of every edition's pages."""
    pages = {}
    current = content.principles_by_id
    for edition in editions.editions:
        policy = edition.content
        uri = edition_index_uri(edition)
        pages[uri] = _edition_index(edition, content, uri)
        overview_uri = f"{edition_base(edition)}{PRINCIPLES_DIR}/index.md"
        pages[overview_uri] = "\n".join([
            m.front_matter(f"Politikkens principper ({edition.name})", render_macros=False, **EDITION_META),
            f"# Politikkens {len(policy.principles)} principper\n",
            edition_notice(edition, None, overview_uri, "politikkens principper"),
            principles_overview(policy),
            f"Hele politikken i denne udgave på én side: [{m.text(edition.name)} til udskrift]({PRINT_NAME}.md).\n",
        ])
        for p in policy.principles:
            puri = edition_principle_uri(edition, p)
            pages[puri] = principle_page(
                policy, p, base=edition_base(edition), title_suffix=f" ({edition.name})",
                notice=edition_notice(edition, current.get(p["id"]), puri, f"princip {p['number']}"), **EDITION_META)
        pages[edition_print_uri(edition)] = _edition_print(edition, content)
    return pages


def _edition_index(edition: Edition, content: Content, uri: str) -> str:
    policy = edition.content
    changed = [p for p in policy.principles
               if p["id"] in content.principles_by_id and principle_changes(p.data, content.principle(p["id"]).data)]
    if changed:
        since = ("Siden denne udgave er disse principper ændret (linket viser ændringerne): "
                 + ", ".join(f"[princip {p['number']}](../../{principle_uri(content.principle(p['id']))}#{edition_anchor(edition)})"
                             for p in changed) + ".")
    else:
        since = "Principperne er de samme i den gældende politik."
    areas_now = content.areas_by_id
    area_parts = []
    for area in policy.areas:
        now = areas_now.get(area["id"])
        changes = principle_changes(area.data, now.data, _AREA_LABELS) if now is not None else []
        if changes:
            area_parts += [f"### Området {m.text(area['name'])} {{#omraade-{area['id']} data-search-exclude}}\n",
                           f"Ændret siden da: {m.text(_and([c[0] for c in changes]))}. Tekst, der er fjernet, er "
                           "<del>overstreget</del>, og tekst, der er kommet til, er <ins>understreget</ins>.\n",
                           diff_blocks(changes)]
    return "\n".join([
        m.front_matter(edition_label(edition), render_macros=False, **EDITION_META),
        f"# Politikken, {m.text(edition.name)}\n",
        edition_notice(edition, None, uri, "politikken"),
        f"**Udgave:** {m.text(edition.name)}  \n**Dato:** {m.date_da(edition.date)}  \n"
        f"**Git-tag:** {m.code(edition.tag)} (commit {m.code(edition.commit[:12])})\n",
        f"- [De {len(policy.principles)} principper i denne udgave]({PRINCIPLES_DIR}/index.md)",
        f"- [Hele udgaven på én side, til udskrift]({PRINCIPLES_DIR}/{PRINT_NAME}.md)\n",
        "## Ændret siden denne udgave {#aendret}\n",
        since + "\n",
        *area_parts,
    ])


def _edition_print(edition: Edition, content: Content) -> str:
    uri = edition_print_uri(edition)
    page_path = uri.removesuffix(".md") + "/"
    return "\n".join([
        m.front_matter(f"Hele politikken til udskrift ({edition.name})", render_macros=False, **EDITION_META),
        f"# {m.text(printing.edition(content).split(',')[0])}: hele politikken, {m.text(edition.name)}\n",
        printing.running_heads(edition.content, edition_label(edition), page_path),
        edition_notice(edition, None, uri, "hele politikken"),
        "Siden er lavet til at blive udskrevet eller gemt som PDF med browserens udskriftsfunktion (fx Ctrl+P).\n"
        "{: .ai-screen-only }\n",
        policy_document(edition.content),
    ])


def edition_print_files(editions: Editions) -> dict[str, str]:
    """{uri: CSS}: the running heads of each edition's whole policy, beside its page."""
    files = {}
    for edition in editions.editions:
        page_path = edition_print_uri(edition).removesuffix(".md") + "/"
        files[page_path + printing.RUNNING_HEADS_NAME] = printing.running_heads_css(
            edition.content, edition_label(edition), page_path)
    return files


# --- /udgaver/ ----------------------------------------------------------------------------

def index_page(editions: Editions, content: Content) -> str:
    """/udgaver/: every edition with its date, and which edition the current text is."""
    out = [m.front_matter("Udgaver af politikken", render_macros=False, edit=False),
           "# Udgaver af politikken\n",
           "Politikken udgives i nummererede udgaver. En udgave ændres aldrig: den ligger fast på sin egen adresse "
           "under `/udgaver/`, så en kommune, der har vedtaget eller henvist til en bestemt udgave, altid kan læse "
           "præcis den tekst. Den gældende tekst står under [Politikken](../principper/index.md); hvert princips side "
           "siger, hvilken udgave teksten er, og viser, hvad der er ændret siden hver tidligere udgave.\n"]
    if not editions.editions:
        out.append(f"**Der er ingen udgaver at vise.** {no_editions_reason(editions)}\n{{: .ai-note }}\n")
    else:
        out.append(m.table(["Udgave", "Dato", "Principper", "Til udskrift"], [
            [f"[{m.text(e.name)}]({e.number}/index.md)", m.date_da(e.date),
             f"[{len(e.content.principles)} principper]({e.number}/{PRINCIPLES_DIR}/index.md)",
             f"[Hele {m.text(e.name)}]({e.number}/{PRINCIPLES_DIR}/{PRINT_NAME}.md)"]
            for e in reversed(editions.editions)]) + "\n")
        latest = editions.latest
        if editions.policy_is_latest(content):
            now = f"er {m.text(edition_label(latest))}"
        else:
            now = (f"er ændret efter {m.text(edition_label(latest))} og er endnu ikke udgivet som en ny udgave; "
                   "hvert princips side viser, hvad der er ændret")
        out.append(f"**Den gældende tekst** på [principsiderne](../principper/index.md) {now}.\n")
    if editions.missing:
        out.append("**Udgaver, der mangler her:** " + ", ".join(m.code(t) for t in editions.missing)
                   + ". Deres commits er ikke i den afkortede kopi, sitet er bygget fra.\n{: .ai-note }\n")
    out.append(how_to(content) + "\n")
    return "\n".join(out)


# --- a record's assessments ----------------------------------------------------------------

def assessment_edition(editions: Editions, record: Item) -> str:
    """Which edition a record's assessments were made against: the one in force when the record was
    last reviewed (review.last_reviewed, the date its assessments were last gone through)."""
    date = record["review"]["last_reviewed"]
    edition = editions.in_force(date)
    if edition is not None:
        text = (f"Vurderingerne er foretaget mod [{m.text(edition.name)}](../{edition_index_uri(edition)}) af politikken, "
                f"som var gældende ved seneste gennemgang {m.date_da(date)}.")
    elif not editions.editions:
        text = (f"Der er ingen udgaver af politikken i denne bygning ([læs hvorfor](../{INDEX_URI})); "
                "vurderingerne er foretaget mod den gældende tekst.")
    elif date == "ikke oplyst" or not str(date)[:1].isdigit():
        text = "Datoen for seneste gennemgang er ikke oplyst, så det vides ikke, hvilken udgave af politikken vurderingerne er foretaget mod."
    else:
        first = editions.editions[0]
        text = (f"Vurderingerne er fra seneste gennemgang {m.date_da(date)}, før politikkens første udgave "
                f"([{m.text(first.name)}](../{edition_index_uri(first)}), {m.date_da(first.date)}).")
    return f"{text}\n{{: .ai-edition }}\n"
