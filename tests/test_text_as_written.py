"""YAML text reaches the page exactly as written, wherever it is shown.

One site is built in which every text field of extra records, of the principles and of the
SMV guide holds Markdown or HTML that a contributor might type (a list, a numbered list, a
heading, a fence, a table, a definition, a link, a tag ...), at the start of the text, in the
middle, at the start of a line and at the start of a paragraph, written as a plain, a folded
(>) and a literal (|) YAML scalar. Each row of PLACES is one spot a reader sees such text;
the test reads the built HTML there and compares the visible text with what the YAML says,
and fails on any element the text should not have produced (a list, a heading, a link ...).
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from conftest import ROOT, copy_site, html, mkdocs_build, read_yaml, records_data
from macros import search
from macros.render.matrix import FIRST_ROWS

SITE_NAME = yaml.safe_load((ROOT / "settings.yml").read_text(encoding="utf-8"))["site"]["name"]
URL = "https://example.dk/kilde?a=1&b=2"

# What a contributor might write; each is placed at the start, in the middle, at a line start
# and at a paragraph start of a text.
SNIPPETS = {
    "bullet -": "- punkt",
    "bullet *": "* punkt",
    "bullet +": "+ punkt",
    "numbered .": "2025. Kommunen afprøver",
    "numbered )": "2025) Kommunen afprøver",
    "heading #": "# Overskrift",
    "heading ### with id": "### Overskrift {#id}",
    "blockquote": "> citat",
    "fence ~~~": "~~~",
    "fence ```": "```python",
    "table row": "| a | b |",
    "table without edges": "a | b",
    "table separator": "|---|:--|",
    "definition": ": definition",
    "footnote definition": "[^1]: fodnote",
    "footnote reference": "tekst[^1]",
    "link reference definition": "[kilde]: https://example.dk/kilde",
    "setext =": "===",
    "setext -": "---",
    "rule ***": "***",
    "rule ___": "___",
    "html comment": "<!-- kommentar -->",
    "html tag": "<b>fed</b>",
    "html block": '<div markdown="1">blok</div>',
    "entities": "&amp; &#35; &lt;",
    "emphasis *": "*kursiv*",
    "emphasis _": "_kursiv_",
    "strong **": "**fed**",
    "strong __": "__fed__",
    "code span": "`kode`",
    "autolink": "<https://example.dk>",
    "email autolink": "<post@example.dk>",
    "bare url": "https://example.dk/side",
    "inline link": "[link](https://example.dk)",
    "image": "![billede](https://example.dk/b.png)",
    "attr_list": "{: .klasse #id }",
    "admonition": "!!! note",
    "task list": "- [x] opgave",
    "abbreviation": "*[HTML]: HyperText",
    "indented code": "    kode",
    "backslashes": "\\*ikke kursiv\\* \\\\",
    "jinja": "{{ 7*7 }} {% raw %}",
}


@dataclass(frozen=True)
class Case:
    name: str
    style: str         # "plain", "folded" (>-) or "literal" (|-)
    lines: tuple       # the scalar's lines as written in the YAML file
    single_line: bool  # usable in fields that allow one line only

    @property
    def snippet(self) -> str:
        return self.name.split(" | ")[0]


def _cases() -> list[Case]:
    out = []
    for name, s in SNIPPETS.items():
        out += [
            Case(f"{name} | start", "plain", (f"{s} og mere",), True),
            Case(f"{name} | middle", "plain", (f"Tekst {s} og mere",), True),
            Case(f"{name} | folded, line start", "folded", ("Første linje", f"{s} efter"), False),
            Case(f"{name} | folded, paragraph start", "folded", ("Første", "", f"{s} efter"), False),
            Case(f"{name} | literal, line start", "literal", ("Første linje", f"{s} efter"), False),
            Case(f"{name} | literal, paragraph start", "literal", ("Første afsnit.", "", f"{s} andet afsnit."), False),
        ]
    return out


CASES = _cases()
LINE_CASES = [c for c in CASES if c.single_line]


def placeholder(case: Case) -> str:
    return f"ZZCASE{CASES.index(case)}ZZ"


def dump(data) -> str:
    """YAML with each placeholder written as its case's scalar (plain, folded or literal)."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)
    out = []
    for line in text.splitlines():
        m = re.fullmatch(r"(.*?)ZZCASE(\d+)ZZ", line)
        if not m:
            out.append(line)
            continue
        prefix, case = m.group(1), CASES[int(m.group(2))]
        if case.style == "plain":
            out.append(prefix + json.dumps(case.lines[0], ensure_ascii=False))  # JSON strings are YAML
        else:
            indent = " " * len(prefix)  # deeper than the key or "- " it follows
            out.append(prefix + (">-" if case.style == "folded" else "|-"))
            out += [indent + ln if ln else "" for ln in case.lines]
    return "\n".join(out) + "\n"


def normal(text: str) -> str:
    return " ".join(text.split())


def paragraphs(value: str) -> list[str]:
    return [normal(p) for p in re.split(r"\n\s*\n", value) if p.strip()]


# --- the site --------------------------------------------------------------------

def _fill(data, schema: dict, node: dict, line, text):
    """Every string the schema types as a line or a text gets the case's value (line or text)."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        if name in ("line", "text"):
            return line if name == "line" else text
        node = schema["$defs"][name]
    if isinstance(data, dict) and "properties" in node:
        return {k: _fill(v, schema, node["properties"].get(k, {}), line, text) for k, v in data.items()}
    if isinstance(data, list) and "items" in node:
        return [_fill(v, schema, node["items"], line, text) for v in data]
    return data


@dataclass
class Built:
    out: Path
    records: list[tuple[Case, dict]]   # (case, record as loaded back from its file)
    principles: list[dict]
    areas: list[dict]
    guide: dict


def _record_slug(i: int) -> str:
    return f"tekst-{i:03d}"


def _record_file(i: int) -> str:
    """The record's file name; the names are free, so some carry Markdown and an entity too."""
    return f"ai-{1000 + i}-{_record_slug(i)}" + (" `x` &lt; *y*" if i % 2 else "") + ".yml"


def _write_records(root: Path) -> None:
    schema = json.loads((root / "registry" / "schema.json").read_text(encoding="utf-8"))
    template = read_yaml(root / "registry" / "ai-0001-ai-tolk-beskaeftigelse-koebenhavn.yml")
    template["technology"]["suppliers"] = [{"name": "x", "role": "x"}]
    template["legal"]["impact_assessments"] = [{"kind": "x", "date": "ikke oplyst", "url": URL, "note": "x"}]
    template["sources"][0]["url"] = URL
    template["principle_assessments"]["P01"]["status"] = "delvist"
    template["risks"] = template["risks"][:1]
    template["follow_up_goals"] = template["follow_up_goals"][:1]
    template["consultation"] = template["consultation"][:1]
    template["tags"] = template["tags"][:1]
    template["technology"]["models"] = template["technology"]["models"][:1] or ["x"]
    template["data"]["personal_data_kinds"] = template["data"]["personal_data_kinds"][:1]
    template["data"]["sources"] = template["data"]["sources"][:1]
    organisations, keys = read_yaml(root / "registry" / "organisations.yml"), {}
    for i, case in enumerate(CASES):
        # Line fields hold this case, or the same snippet at the start of a line.
        line = placeholder(case if case.single_line else _case(f"{case.snippet} | start"))
        record = _fill(template, schema, schema, line, placeholder(case))
        record.update(id=f"AI-{1000 + i}", slug=_record_slug(i))
        # A decision's answers are the decision tree's own texts, checked against it: kept as decided.
        if "decision" in template["ai_act"]:
            record["ai_act"]["decision"] = template["ai_act"]["decision"]
        record.pop("former_slugs", None)
        # The owner's name is the organisation's, in the organisations file; the record holds its key
        # (records whose owner is the same text share one organisation, as names are unique there).
        name = record["owner"]["organisation"]
        key = keys.setdefault(name, _record_slug(i))
        organisations[key] = {"name": name, "short_name": "x", "type": "kommune", "team": key}
        record["owner"]["organisation"] = key
        path = root / "registry" / _record_file(i)
        path.write_text("# yaml-language-server: $schema=schema.json\n" + dump(record), encoding="utf-8")
    (root / "registry" / "organisations.yml").write_text(
        "# yaml-language-server: $schema=organisations.schema.json\n" + dump(organisations), encoding="utf-8")


def _snippet_fill(data, schema: dict, node: dict, k: int):
    """_fill with the k-th snippet: at the start of every line field, as a literal text with a
    paragraph starting with it in every text field."""
    name = list(SNIPPETS)[k % len(SNIPPETS)]
    return _fill(data, schema, node, placeholder(_case(f"{name} | start")),
                 placeholder(_case(f"{name} | literal, paragraph start")))


def _case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


def _write_policy(root: Path) -> None:
    paragraphs_case = [c for c in CASES if c.name.endswith("literal, paragraph start")]
    schema = json.loads((root / "principles" / "schema.json").read_text(encoding="utf-8"))
    for n in range(1, 16):
        path = root / "principles" / f"p{n:02d}.yml"
        p = _snippet_fill(read_yaml(path), schema, schema["$defs"]["principle"], n * 3)
        p["title"] = placeholder(LINE_CASES[(n - 1) * 3 % len(LINE_CASES)])
        p["summary"] = placeholder(CASES[(n * 7) % len(CASES)])
        if n == 1:
            p["questions"] = [{"id": f"P01-Q{i + 1}", "text": placeholder(c)} for i, c in enumerate(LINE_CASES)]
            p["guidance"] = "\n\n".join(f"{s} afsnit." for s in SNIPPETS.values())
        if n == 2:
            p["guidance"] = placeholder(paragraphs_case[0])
        path.write_text(dump(p), encoding="utf-8")
    areas = read_yaml(root / "principles" / "areas.yml")
    for i, area in enumerate(areas["areas"]):
        area["question"] = placeholder(_case(f"{['numbered .', 'definition', 'heading #', 'bullet -'][i % 4]} | start"))
        area["intro"] = placeholder(paragraphs_case[i + 1])
    (root / "principles" / "areas.yml").write_text(dump(areas), encoding="utf-8")


def _write_guide(root: Path) -> None:
    path = root / "smv" / "guide.yml"
    schema = json.loads((root / "smv" / "schema.json").read_text(encoding="utf-8"))
    g = _snippet_fill(read_yaml(path), schema, schema, 7)
    g["intro"] = "\n\n".join(f"{s} afsnit." for s in SNIPPETS.values())
    g["external_links"][0]["title"] = placeholder(LINE_CASES[3])
    g["external_links"][0]["url"] = URL
    g["external_links"][0]["description"] = placeholder(LINE_CASES[4])
    for n, step in enumerate(g["steps"]):
        step["title"] = placeholder(LINE_CASES[(n * 11 + 1) % len(LINE_CASES)])
        step["purpose"] = placeholder(CASES[(n * 13 + 2) % len(CASES)])
    first = g["steps"][0]
    first["actions"] = [placeholder(c) for c in CASES]
    first["examples"] = [placeholder(c) for c in CASES]
    first["checklist"] = [{"id": f"kortlaeg-tekst-{i}", "text": placeholder(c)} for i, c in enumerate(LINE_CASES)]
    path.write_text(dump(g), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    root = copy_site(tmp_path_factory.mktemp("as-written"))
    _write_records(root)
    _write_policy(root)
    _write_guide(root)
    out = root / "out"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stdout + result.stderr
    organisations = read_yaml(root / "registry" / "organisations.yml")
    records = [(c, {**read_yaml(root / "registry" / _record_file(i)), "file": f"registry/{_record_file(i)}",
                    "owner_name": organisations[read_yaml(root / "registry" / _record_file(i))["owner"]["organisation"]]["name"]})
               for i, c in enumerate(CASES)]
    # The YAML says what the cases intend: plain text as is, folded lines joined, literal kept.
    for case, record in records:
        if case.style == "plain":
            assert record["purpose"] == case.lines[0], case
        elif case.style == "literal" or case.lines[-1].startswith(" "):  # YAML keeps more-indented lines
            assert record["purpose"] == "\n".join(case.lines), case
        else:
            assert record["purpose"] == case.lines[0] + ("\n" if case.lines[1] == "" else " ") + case.lines[-1], case
    principles = sorted((read_yaml(p) for p in (root / "principles").glob("p*.yml")), key=lambda p: p["number"])
    return Built(out, records, principles, read_yaml(root / "principles" / "areas.yml")["areas"],
                 read_yaml(root / "smv" / "guide.yml"))


# --- reading the pages -------------------------------------------------------------

_pages: dict[tuple, BeautifulSoup] = {}


def page(built: Built, path: str) -> BeautifulSoup:
    key = (built.out, path)
    if key not in _pages:
        soup = html(built.out, path)
        for permalink in soup.select("a.headerlink"):
            permalink.decompose()
        _pages[key] = soup
    return _pages[key]


def elements(el: Tag) -> list[str]:
    return [d.name for d in el.find_all(True)]


def blocks_after(heading: Tag, stop) -> list[Tag]:
    """The block elements after a heading, up to the first one stop() accepts."""
    out = []
    for sib in heading.find_next_siblings():
        if stop(sib):
            break
        out.append(sib)
    return out


@functools.cache
def _search_index(out: Path) -> dict[str, dict]:
    """Pagefind's stored pages by location: the title and the text the search shows (plain text)."""
    return {p["url"].lstrip("/"): {"title": p["meta"].get("title", ""), "text": p["content"]}
            for p in search.indexed_pages(out)}


def in_text(text: str, want: str) -> str:
    """want, if the plain text holds it as written; else the text, for the message."""
    return want if want in normal(text) else text


def search_entry(built: Built, location: str) -> dict:
    return _search_index(built.out)[location]


def nav_titles(soup) -> list[str]:
    return [normal(a.get_text(" ")) for a in soup.select("nav.md-nav--primary a.md-nav__link")]


def toc_titles(soup) -> list[str]:
    return [normal(a.get_text(" ")) for a in soup.select("nav.md-nav--secondary a.md-nav__link")]


# Each place below yields (case name, expected visible text, what the page shows: an element or
# a string, the elements allowed inside it). Strings are compared as shown (<title>, nav, TOC, search).

def _record_title(built):
    for case, r in built.records:
        soup = page(built, f"register/{r['slug']}")
        yield case.name, normal(r["title"]), soup.select_one("article h1"), ()
        yield case.name, f"{normal(r['title'])} - {SITE_NAME}", soup.title.get_text(), ()
        entry = search_entry(built, f"register/{r['slug']}/")
        yield case.name, normal(r["title"]), entry["title"], ()
        yield case.name, normal(r["summary"]), in_text(entry["text"], normal(r["summary"])), ()


def _record_lead(built):
    for case, r in built.records:
        yield case.name, normal(r["summary"]), page(built, f"register/{r['slug']}").select_one("p.ai-lead"), ()


def _record_paragraphs(built):
    for case, r in built.records:
        soup = page(built, f"register/{r['slug']}")
        for section, field, next_id in [("formaal", r["purpose"], "gevinst"),
                                        ("menneskeligt-tilsyn", r["oversight"]["human_oversight"], "kvalitetskontrol")]:
            found = blocks_after(soup.find(id=section), lambda el: el.get("id") == next_id)
            want = paragraphs(field)
            shown = [normal(el.get_text(" ")) if el.name == "p" and not el.find(True) else f"<{el.name}> {el}"
                     for el in found]
            yield case.name, " ¶ ".join(want), " ¶ ".join(shown), ()


def _cell(soup, section: str, row: int, column: int) -> Tag:
    heading = soup.find(id=section)
    table = heading.find_next("table")
    return table.select("tbody tr")[row].find_all("td")[column]


def _record_cells(built):
    for case, r in built.records:
        soup = page(built, f"register/{r['slug']}")
        facts = {normal(tr.find_all("td")[0].get_text()): tr.find_all("td")[1]
                 for table in soup.select("article table") for tr in table.select("tbody tr")
                 if len(tr.find_all("td")) == 2}
        # The owner links to its organisation's page
        yield case.name, f"{normal(r['owner_name'])}, {normal(r['owner']['unit'])}", facts["Ejer"], ("a",)
        yield case.name, normal(r["technology"]["models"][0]), facts["Modeller"], ()
        yield case.name, normal(r["status_history"][0]["note"]), _cell(soup, "livsforloeb", 0, 2), ()
        yield case.name, normal(r["risks"][0]["description"]), _cell(soup, "risici", 0, 2), ()
        yield case.name, normal(r["follow_up_goals"][0]["goal"]), _cell(soup, "opfoelgning", 0, 0), ()
        yield case.name, normal(r["principle_assessments"]["P01"]["evidence"]), \
            soup.select_one("#vurdering-p01 .ai-assessment__evidence"), ()
        yield case.name, normal(r["legal"]["impact_assessments"][0]["note"]), _cell(soup, "konsekvensanalyser", 0, 2), ()
        yield case.name, r["file"], soup.find(id="fejl").find_next("p").find_all("code")[-1], ()
        gaps = page(built, "register/mangler").find(id=r["id"].lower())
        if gaps is not None:
            yield case.name, r["file"], gaps.find_next("p").find_all("code")[-1], ()


def _record_links(built):
    """Link texts from YAML, and the URL fields that are links."""
    for case, r in built.records:
        soup = page(built, f"register/{r['slug']}")
        link = _cell(soup, "konsekvensanalyser", 0, 0).find("a")
        yield case.name, normal(r["legal"]["impact_assessments"][0]["kind"]), link, ()
        yield case.name, URL, link and link.get("href"), ()
        source = soup.find(id="kilder").find_next("li")
        yield case.name, normal(r["sources"][0]["title"]), source.find("em"), ()
        yield case.name, URL, source.find("a", string="Åbn kilden").get("href"), ()


def _listing_pages(built, first: str) -> list[str]:
    """A paged listing's pages: the first at its own address, then side/2/, side/3/, ..."""
    more = sorted((built.out / first / "side").glob("*/index.html"), key=lambda p: int(p.parent.name))
    return [first] + [f"{first}/side/{p.parent.name}" for p in more]


def _in_listing(built, first: str, selector: str):
    return next((row for path in _listing_pages(built, first) if (row := page(built, path).select_one(selector))), None)


def _record_lists(built):
    p01_id = built.principles[0]["id"]
    # A principle page lists its first assessed records; the register filters the rest.
    on_p01 = [r["slug"] for _, r in sorted(built.records + [(None, r) for r in records_data()], key=lambda cr: cr[1]["id"])
              if r["principle_assessments"][p01_id]["status"] != "ikke vurderet"][:FIRST_ROWS]
    for case, r in built.records:
        title = normal(r["title"])
        row = _in_listing(built, "register", f'#register-table a[href="{r["slug"]}/"], '
                                             f'#register-table a[href="../../{r["slug"]}/"]')
        yield case.name, title, row, ()
        row = _in_listing(built, "matrix", f'#principmatrix th a[href="../register/{r["slug"]}/"], '
                                           f'#principmatrix th a[href="../../../register/{r["slug"]}/"]')
        yield case.name, title, row, ()
        gaps = page(built, "register/mangler")
        heading = gaps.find(id=r["id"].lower())
        if heading is not None:
            yield case.name, title, heading, ("a",)
            yield case.name, title, next((t for t, a in zip(toc_titles(gaps), gaps.select("nav.md-nav--secondary a"))
                                          if a.get("href") == f"#{r['id'].lower()}"), None), ()
        if r["slug"] not in on_p01:
            continue
        p01 = page(built, f"principper/{built.principles[0]['slug']}")
        link = p01.select_one(f'#initiativer ~ table a[href="../../register/{r["slug"]}/#vurdering-p01"]')
        yield case.name, title, link, ()
        yield case.name, normal(r["principle_assessments"]["P01"]["evidence"]), link and link.find_parent("tr").find_all("td")[3], ()


# Elements the snippets would make if a field were not escaped. Every line and text field of the
# extra records holds a snippet (_fill walks the schema), so this covers a field added later too.
# So does an element whose text starts with a snippet's words ("kode" is left out: "    kode"
# is rightly shown as "kode"; the <pre> it would make is in the list).
MADE_BY_SNIPPETS = ", ".join([
    "blockquote", "dl", "pre", "b", "img", "abbr", "sup", "hr", ".klasse", "#id", ".admonition.note",
    'a[href^="https://example.dk"]:not([href="%s"])' % URL, 'a[href^="mailto:"]', "div[markdown]"])
SNIPPET_WORDS = re.compile(r"^(punkt|opgave|Kommunen afprøver|\[x\] opgave|Overskrift|kursiv|fed|definition)\b")


def _record_anywhere(built):
    for case, r in built.records:
        article = page(built, f"register/{r['slug']}").select_one("article")
        made = article.select(MADE_BY_SNIPPETS) + [
            el for el in article.find_all(["li", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code", "dd", "dt"])
            if SNIPPET_WORDS.match(el.get_text(" ", strip=True))]
        yield case.name, "", " ".join(str(el)[:80] for el in made), ()


def _anywhere_else(built):
    """Principles and guide: every line and text field holds a snippet (_snippet_fill)."""
    pages = ([f"principper/{p['slug']}" for p in built.principles] + [".", "principper", "principper/udskrift", "smv"]
             + [f"smv/{s['slug']}" for s in built.guide["steps"]])
    for path in pages:
        article = page(built, path).select_one("article")
        made = article.select(MADE_BY_SNIPPETS) + [
            el for el in article.find_all(["li", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code", "dd", "dt"])
            if SNIPPET_WORDS.match(el.get_text(" ", strip=True))]
        yield path, "", " ".join(str(el)[:80] for el in made), ()


def _principle_titles(built):
    print_page = page(built, "principper/udskrift")
    overview = page(built, "principper")
    for p in built.principles:
        name, title = f"P{p['number']:02d} title", normal(p["title"])
        heading = f"Princip {p['number']}: {title}"
        soup = page(built, f"principper/{p['slug']}")
        yield name, heading, soup.select_one("article h1"), ()
        yield name, f"{heading} - {SITE_NAME}", soup.title.get_text(), ()
        yield name, f"{p['number']}. {title}", next((t for t in nav_titles(soup) if t.startswith(f"{p['number']}. ")), None), ()
        yield name, heading, search_entry(built, f"principper/{p['slug']}/")["title"], ()
        yield name, heading, print_page.find(id=p["id"].lower()), ()
        yield name, heading, next((t for t, a in zip(toc_titles(print_page), print_page.select("nav.md-nav--secondary a"))
                                   if a.get("href") == f"#{p['id'].lower()}"), None), ()
        yield name, f"{heading} {normal(p['summary'])}", overview.select_one(f'article a[href="{p["slug"]}/"]').find_parent("li"), ("strong", "a", "br")
        yield name, normal(p["summary"]), soup.select_one("p.ai-lead"), ()
        yield name, normal(p["summary"]), print_page.find(id=p["id"].lower()).find_next("p", class_="ai-lead"), ()


def _principle_texts(built):
    p01, p02 = built.principles[0], built.principles[1]
    soup = page(built, f"principper/{p01['slug']}")
    items = soup.find(id="tjekliste").find_next("ol").find_all("li", recursive=False)
    yield "P01 questions: how many", str(len(p01["questions"])), str(len(items)), ()
    for case, q, li in zip(LINE_CASES, p01["questions"], items):
        # The item is the question, its id and a "Kopiér link" button; the question is the text.
        yield case.name, normal(q["text"]), li.find(class_="ai-question__text"), ()
    print_page = page(built, "principper/udskrift")
    for p, soup_, anchor, stop in [(p01, soup, "vejledning", "tjekliste"), (p02, page(built, f"principper/{p02['slug']}"), "vejledning", "tjekliste"),
                                   (p01, print_page, "p01-vejledning", "p01-tjekliste")]:
        found = blocks_after(soup_.find(id=anchor), lambda el: el.get("id") == stop)
        yield f"{p['id']} guidance on {anchor}: how many paragraphs", str(len(paragraphs(p["guidance"]))), str(len(found)), ()
        for want, el in zip(paragraphs(p["guidance"]), found + [None] * 99):
            yield f"{p['id']} guidance: {want[:30]}", want, el if el is not None and el.name == "p" else (el and str(el)), ()
    overview, front = page(built, "principper"), page(built, ".")
    for area in built.areas:
        heading = overview.find(id=area["id"])
        label = f"{area['name']} – {normal(area['question'])}"
        yield f"area {area['id']} question", label, heading, ()
        yield f"area {area['id']} question in the nav", label, next(
            (normal(el.get_text(" ")) for el in overview.select("nav.md-nav--primary label.md-nav__link")
             if normal(el.get_text(" ")).startswith(area["name"] + " –")), None), ()
        numbers = [p["number"] for p in built.principles if p["area"] == area["id"]]
        item = front.select_one(f'article a[href="principper/#{area["id"]}"]').find_parent("li")
        yield f"area {area['id']} question on the front page", (
            f"{normal(area['question'])} {area['name']} (princip {numbers[0]}–{numbers[-1]})"), item, ("strong", "a")
        found = blocks_after(heading, lambda el: el.name != "p")
        yield f"area {area['id']} intro", " ¶ ".join(paragraphs(area["intro"])), " ¶ ".join(
            normal(el.get_text(" ")) if not el.find(True) else str(el) for el in found), ()


def _guide(built):
    g = built.guide
    intro = page(built, "smv")
    found = blocks_after(intro.select_one("article h1"), lambda el: el.get("id") == "trin")
    yield "guide intro: how many paragraphs", str(len(paragraphs(g["intro"]))), str(len(found)), ()
    for want, el in zip(paragraphs(g["intro"]), found + [None] * 99):
        yield f"guide intro: {want[:30]}", want, el if el is not None and el.name == "p" else (el and str(el)), ()
    link = g["external_links"][0]
    a = intro.find(id="ai-forordningen").find_next("ul").find("li").find("a")
    yield "external link title", normal(link["title"]), a, ()
    yield "external link url", URL, a.get("href"), ()
    for s in g["steps"]:
        name, label = f"step {s['number']} title", f"Trin {s['number']}: {normal(s['title'])}"
        soup = page(built, f"smv/{s['slug']}")
        yield name, label, soup.select_one("article h1"), ()
        yield name, f"{label} - {SITE_NAME}", soup.title.get_text(), ()
        yield name, label, next((t for t in nav_titles(soup) if t.startswith(f"Trin {s['number']}:")), None), ()
        yield name, label, search_entry(built, f"smv/{s['slug']}/")["title"], ()
        yield name, f"{normal(s['title'])} {normal(s['purpose'])}", intro.select_one(f'article a[href="{s["slug"]}/"]').find_parent("li"), ("strong", "a", "br")
        for pid in s["related_principles"]:
            p = next(p for p in built.principles if p["id"] == pid)
            link = soup.select_one(f'#principper ~ ul a[href="../../principper/{p["slug"]}/"]')
            yield f"step {s['number']} related {pid}", f"Princip {p['number']}: {normal(p['title'])} {normal(p['summary'])}", link and link.find_parent("li"), ("a", "br")
        yield f"step {s['number']} purpose", normal(s["purpose"]), soup.select_one("p.ai-lead"), ()
    first = page(built, f"smv/{g['steps'][0]['slug']}")
    step = g["steps"][0]
    actions = first.find(id="handlinger").find_next("ol").find_all("li", recursive=False)
    examples = first.find(id="eksempler").find_next("ul").find_all("li", recursive=False)
    for case, want, li in zip(CASES, step["actions"], actions):
        yield f"action {case.name}", normal(want), li, ()
    for case, want, li in zip(CASES, step["examples"], examples):
        yield f"example {case.name}", normal(want), li, ()
    labels = first.select("fieldset.smv-tjekliste label")
    for case, item, label in zip(LINE_CASES, step["checklist"], labels):
        yield f"checklist {case.name}", normal(item["text"]), label, ()
    yield "actions, examples, checklist: how many", str((len(CASES), len(CASES), len(LINE_CASES))), str(
        (len(actions), len(examples), len(labels))), ()


PLACES = {
    "record title: h1, <title>, search": _record_title,
    "record summary": _record_lead,
    "record paragraphs": _record_paragraphs,
    "record table cells": _record_cells,
    "record link texts and URL fields": _record_links,
    "record in register, matrix, gaps, principle page": _record_lists,
    "record page: no markup made from YAML anywhere": _record_anywhere,
    "principle and guide pages: no markup made from YAML anywhere": _anywhere_else,
    "principle title: h1, <title>, nav, search, print, TOC, overview": _principle_titles,
    "principle questions, guidance, areas": _principle_texts,
    "SMV guide": _guide,
}


@pytest.mark.parametrize("place", PLACES)
def test_yaml_text_is_shown_as_written(built, place):
    wrong = []
    for name, want, shown, allowed in PLACES[place](built):
        if isinstance(shown, Tag):
            extra = [e for e in elements(shown) if e not in allowed]
            got = normal(shown.get_text(" ")) if not allowed else normal(shown.get_text())
            if extra:
                wrong.append(f"{name}: <{'>, <'.join(extra)}> in {shown}")
                continue
        else:
            got = normal(shown) if isinstance(shown, str) else shown
        if got != want:
            wrong.append(f"{name}: shows {got!r}, YAML says {want!r}")
    assert not wrong, f"{len(wrong)} texts not shown as written:\n" + "\n".join(wrong)
