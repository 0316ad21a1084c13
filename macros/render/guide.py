"""Markdown for the SMV guide: an introduction page and one page per step, under /smv/.

Every text from smv/guide.yml goes through markup (m.text, m.paragraphs, m.attr,
m.link); the checklist is raw HTML we generate, with the YAML text escaped by m.attr.
The downloadable templates (smv/templates/) are copied to /smv/skabeloner/.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content import Content, Item
from ..content.guide import SMV_TEMPLATES
from . import markup as m
from .labels import source_line

GUIDE_DIR = "smv"
TEMPLATES_DIR = f"{GUIDE_DIR}/skabeloner"
INDEX_URI = f"{GUIDE_DIR}/index.md"
CHECKLIST_SCRIPT = "javascripts/checklist.js"  # under docs/ and the site
CHECK_PREFIX = "tjek-"  # checkbox id = tjek-<checklist item id>; the script keys localStorage on the item id


@dataclass(frozen=True)
class Template:
    name: str         # file name in smv/templates/ and under /smv/skabeloner/
    title: str
    format: str
    description: str
    steps: tuple = ()  # ids of the steps whose page links to it (the intro links to all)


TEMPLATES = [
    Template(SMV_TEMPLATES["policy"], "Skabelon til jeres AI-politik", "Markdown",
             "Et udkast til selve politikken med ét afsnit pr. trin. Udfyld felterne i firkantede parenteser.",
             ("regler",)),
    Template(SMV_TEMPLATES["inventory_csv"], "Oversigt over AI-værktøjer", "CSV, kan åbnes i et regneark",
             "Én række pr. værktøj med de oplysninger, trin 1 beder jer samle.", ("kortlaeg",)),
    Template(SMV_TEMPLATES["inventory_yml"], "Oversigt over AI-værktøjer", "YAML",
             "Samme felter som CSV-filen, til jer, der hellere vil vedligeholde oversigten som tekst.", ("kortlaeg",)),
]

_NUMBER_WORDS = {1: "ét", 2: "to", 3: "tre", 4: "fire", 5: "fem"}


def steps(content: Content) -> list[Item]:
    guide = content.guide
    return [Item(s, guide.doc, ("steps", i)) for i, s in enumerate(guide["steps"])]


def step_uri(step: Item) -> str:
    return f"{GUIDE_DIR}/{step['slug']}.md"


def step_label(step: Item) -> str:
    return f"Trin {step['number']}: {step['title']}"


def template_uri(template: Template) -> str:
    return f"{TEMPLATES_DIR}/{template.name}"


def template_files(root: Path) -> dict[str, Path]:
    """Where each template is published -> the file it is copied from."""
    return {template_uri(t): root / GUIDE_DIR / "templates" / t.name for t in TEMPLATES}


def checkbox_id(item: dict) -> str:
    return CHECK_PREFIX + item["id"]


def _template_links(templates: list[Template], prefix: str) -> str:
    return "\n".join(
        f"- [{m.text(t.title)} ({m.text(t.format)})]({prefix}{t.name}){{ download=\"{m.attr(t.name)}\" }}  \n"
        f"  {m.text(t.description)}"
        for t in templates)


def _count_word(n: int) -> str:
    return _NUMBER_WORDS.get(n, str(n))


def intro_page(content: Content) -> str:
    """The page at /smv/: what an AI policy is, why now, who it is for, the steps and the templates."""
    guide = content.guide
    all_steps = steps(content)
    parts = [
        m.front_matter(render_macros=False, title="SMV-guide"),
        f"# {m.text(guide['title'])}\n",
        m.paragraphs(guide["intro"]) + "\n",
        f"## De {_count_word(len(all_steps))} trin {{#trin}}\n",
        "Tag trinene i rækkefølge. Hvert trin har sin egen side med det, I skal nå frem til, "
        "konkrete handlinger og en tjekliste, I kan krydse af undervejs.\n",
        "\n".join(f"{s['number']}. **[{m.text(s['title'])}]({s['slug']}.md)**  \n"
                  f"    {m.text(s['purpose'])}" for s in all_steps) + "\n",
        "## Skabeloner til download {#skabeloner}\n",
        "Skabelonerne er almindelige tekstfiler, som I kan hente, rette til og gemme, hvor det passer jer.\n",
        _template_links(TEMPLATES, "skabeloner/") + "\n",
    ]
    if guide["external_links"]:
        parts += [
            "## Mere om AI-forordningen {#ai-forordningen}\n",
            "Digitaliseringsstyrelsen forklarer reglerne nærmere. Kilden henviser til disse sider:\n",
            "\n".join(f"- {m.link(link['title'], link['url'])}"
                      + (f"  \n  {m.text(link['description'])}" if link.get("description") else "")
                      for link in guide["external_links"]) + "\n",
        ]
    parts += ["## Kilde {#kilde}\n", source_line(guide["source"]) + "\n"]
    return "\n".join(parts)


def checklist_html(step: Item) -> str:
    """The checklist as raw HTML: a real checkbox and label per item; checklist.js (which comes with it, from
    the step's page at /smv/<slug>/) adds memory and status."""
    items = step["checklist"]
    rows = "\n".join(
        f'<li><input type="checkbox" id="{m.attr(checkbox_id(item))}" data-tjek="{m.attr(item["id"])}">'
        f' <label for="{m.attr(checkbox_id(item))}">{m.attr(item["text"])}</label></li>'
        for item in items)
    return (
        f'<fieldset class="smv-tjekliste" data-trin="{m.attr(step["id"])}">\n'
        f'<legend>Tjekliste for trin {step["number"]}</legend>\n'
        f'<ul>\n{rows}\n</ul>\n'
        f'<p class="smv-tjekliste__status" aria-live="polite" hidden></p>\n'
        f'<p class="smv-tjekliste__knapper" hidden><button type="button" class="md-button smv-tjekliste__nulstil">'
        f'Nulstil tjeklisten</button></p>\n'
        f'</fieldset>\n'
        f'{m.page_script("../../", CHECKLIST_SCRIPT)}\n'
    )


def step_page(content: Content, step: Item) -> str:
    """The page at /smv/<slug>/: purpose, what to do, examples, checklist, related principles, source."""
    guide = content.guide
    total = len(guide["steps"])
    parts = [
        m.front_matter(render_macros=False, title=step_label(step), smv_step=step["id"]),
        f"# {m.text(step_label(step))}\n",
        f"Trin {step['number']} af {total} i [{m.text(guide['title'])}](index.md)\n{{: .ai-area }}\n",
        f"{m.text(step['purpose'])}\n{{: .ai-lead }}\n",
        "## Det skal I gøre {#handlinger}\n",
        "\n".join(f"{i}. {m.text(a)}" for i, a in enumerate(step["actions"], 1)) + "\n",
    ]
    if step.get("examples"):
        parts += ["## Eksempler {#eksempler}\n",
                  "\n".join(f"- {m.text(e)}" for e in step["examples"]) + "\n"]
    templates = [t for t in TEMPLATES if step["id"] in t.steps]
    if templates:
        parts += ["## Skabeloner {#skabeloner}\n",
                  "Hent en skabelon, så I ikke skal starte fra et tomt ark:\n",
                  _template_links(templates, "skabeloner/") + "\n"]
    parts += [
        "## Tjekliste {#tjekliste}\n",
        "Kryds af, efterhånden som I bliver færdige. Afkrydsningerne gemmes kun i denne browser "
        "på denne enhed; de bliver ikke sendt nogen steder hen.\n",
        checklist_html(step),
    ]
    related = [content.principle(pid) for pid in step["related_principles"] if pid in content.principles_by_id]
    if related:
        parts += [
            "## Samme krav i AI-politikken {#principper}\n",
            "KOMBITs AI-politik stiller tilsvarende krav til offentlige AI-initiativer i disse principper:\n",
            "\n".join(f"- [Princip {p['number']}: {m.text(p['title'])}](../principper/{p['slug']}.md)  \n"
                      f"  {m.text(p['summary'])}" for p in related) + "\n",
        ]
    parts += ["## Kilde {#kilde}\n", source_line({**guide["source"], "section": step["source_section"]}) + "\n"]
    return "\n".join(parts)


def nav_section(content: Content) -> list[dict]:
    """Nav entries for the step pages, in step order (titles escaped: the theme renders them as markup)."""
    return [{m.attr(step_label(s)): step_uri(s)} for s in steps(content)]
