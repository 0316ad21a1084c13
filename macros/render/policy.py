"""Markdown for the policy: the overview, the four questions and one page per principle."""
from __future__ import annotations

from ..content import Content, Item
from . import anchors, markup as m, printing
from .labels import source_line

PRINCIPLES_DIR = "principper"


def principle_uri(principle: Item) -> str:
    return f"{PRINCIPLES_DIR}/{principle['slug']}.md"


def area_anchor(area: Item) -> str:
    return area["id"]


def area_label(area: Item) -> str:
    return f"{area['name']} – {area['question']}"


def principle_label(principle: Item) -> str:
    return f"{principle['number']}. {principle['title']}"


def principle_page(content: Content, principle: Item, assessments_section: str = "", *, base: str = "",
                   notice: str = "", title_suffix: str = "", **meta) -> str:
    """The page at /principper/<slug>/: everything the YAML says about one principle.

    An edition's copy (macros/render/editions.py) is the same page under base (udgaver/1/), with its
    notice under the heading, the edition in its title and meta (edit, search) in its front matter."""
    area = content.areas_by_id[principle["area"]]
    parts = [
        m.front_matter(f"Princip {principle['number']}: {principle['title']}{title_suffix}", render_macros=False,
                       principle=principle["id"], **meta),
        f"# Princip {principle['number']}: {m.text(principle['title'])}\n",
        anchors.page_copy_row(f"princip {principle['number']}"),
        printing.print_address(content, f"{base}{PRINCIPLES_DIR}/{principle['slug']}/"),
        f"Område: [{m.text(area_label(area))}](index.md#{area_anchor(area)}) · Id: {m.code(principle['id'])}\n"
        "{: .ai-area }\n",
        notice,
        f"{m.text(principle['summary'])}\n{{: .ai-lead }}\n",
        "## Hvad betyder princippet? {#vejledning}\n",
        m.paragraphs(principle["guidance"]) + "\n",
        "## Spørgsmål et initiativ skal kunne besvare {#tjekliste}\n",
        "Et initiativ lever op til princippet, når det kan svare ja til spørgsmålene og vise hvordan. "
        "Registrets vurderinger af de enkelte initiativer bygger på dem.\n",
        anchors.questions_list(principle),
    ]
    tree = content.decision_tree
    if tree is not None and tree.data["principle"] == principle["id"]:
        parts.append(f"[{m.text(tree.data['title'])}](../risikoniveau/index.md){{ .md-button }} "
                     "Hjælpen stiller spørgsmålene i AI-forordningens rækkefølge og giver risikoniveauet, "
                     "rollen og de artikler, resultatet bygger på.\n{: .ai-aid-link }\n")
    if assessments_section:
        parts.append(assessments_section)
    parts += ["## Kilde {#kilde}\n", source_line(principle["source"]) + "\n"]
    return "\n".join(parts)


def principles_overview(content: Content, link_prefix: str = "") -> str:
    """All principles grouped by area; used on /principper/."""
    out = []
    for area in content.areas:
        out.append(f"## {m.text(area_label(area))} {{#{area_anchor(area)}}}\n")
        out.append(m.paragraphs(area["intro"]) + "\n")
        for p in content.principles_in(area["id"]):
            out.append(f"- **[Princip {p['number']}: {m.text(p['title'])}]({link_prefix}{p['slug']}.md)**  \n"
                       f"  {m.text(p['summary'])}")
        out.append("")
    return "\n".join(out)


def four_questions(content: Content, link_prefix: str = "principper/") -> str:
    """The four areas as a compact list with their principle numbers (front page)."""
    rows = []
    for area in content.areas:
        numbers = [p["number"] for p in content.principles_in(area["id"])]
        span = f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else str(numbers[0]) if numbers else "–"
        rows.append(f"- **[{m.text(area['question'])}]({link_prefix}index.md#{area_anchor(area)})** "
                    f"{m.text(area['name'])} (princip {span})")
    return "\n".join(rows)


def nav_section(content: Content) -> list[dict]:
    """Nav entries for the principles, one subsection per area, in policy order.

    Titles are HTML-escaped because the theme renders nav titles as markup."""
    return [{m.attr(area_label(area)): [{m.attr(principle_label(p)): principle_uri(p)}
                                         for p in content.principles_in(area["id"])]}
            for area in content.areas]


def policy_document(content: Content) -> str:
    """The whole policy on one page, areas and principles in policy order (/principper/udskrift/).

    Headings are one level down from the principle pages and carry the principle's id in
    their anchors, so the page has unique ids and prints as one document."""
    out = []
    for area in content.areas:
        out.append(f"## {m.text(area_label(area))} {{#{area_anchor(area)} .ai-print-area}}\n")
        out.append(m.paragraphs(area["intro"]) + "\n")
        for p in content.principles_in(area["id"]):
            anchor = p["id"].lower()
            out += [
                f"### Princip {p['number']}: {m.text(p['title'])} {{#{anchor} .ai-print-principle}}\n",
                anchors.page_copy_row(f"princip {p['number']}", anchor),
                f"{m.text(p['summary'])}\n{{: .ai-lead }}\n",
                f"#### Hvad betyder princippet? {{#{anchor}-vejledning}}\n",
                m.paragraphs(p["guidance"]) + "\n",
                f"#### Spørgsmål et initiativ skal kunne besvare {{#{anchor}-tjekliste}}\n",
                anchors.questions_list(p),
                f"Kilde: {source_line(p['source'])}\n",
            ]
    return "\n".join(out)
