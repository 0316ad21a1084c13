"""The AI Act decision aid: the page /risikoniveau/, the published tree, and what a record page
shows about a decided risk level.

The tree (principles/beslutningstrae.yml, loaded by macros.content.decision_tree) is published as
JSON for the page's script and for the record form; the page also has the whole tree as plain
links, so every question can be followed without JavaScript. All YAML text is escaped.
"""
from __future__ import annotations

import json

from ..content import Content, Item
from ..content.decision_tree import DecisionTree
from . import markup as m
from .labels import source_line

AID_DIR = "risikoniveau"
PAGE_URI = f"{AID_DIR}/index.md"
TREE_URI = f"{AID_DIR}/beslutningstrae.json"
SCHEMA_URI = f"{AID_DIR}/beslutningstrae.schema.json"
# The page's scripts, relative to the page (/risikoniveau/).
PAGE_SCRIPT = "../javascripts/decision-aid-page.js"


def tree_json(tree: DecisionTree) -> str:
    """The tree as published: the YAML's data as JSON (the tree's schema validates both)."""
    return json.dumps(tree.data, ensure_ascii=False, indent=1) + "\n"


def tree_schema_json(content: Content, schema_path) -> str:
    """The tree's schema as published, its $id the address it is published at (as macros/api.py does)."""
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["$id"] = content.settings["site"]["url"].rstrip("/") + "/" + SCHEMA_URI
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def question_anchor(qid: str) -> str:
    return f"spm-{qid}"


def conclusion_anchor(cid: str) -> str:
    return f"resultat-{cid}"


def articles_text(articles: list[str]) -> str:
    return "; ".join(m.text(a) for a in articles)


def _level_role(conclusion: dict) -> str:
    role = f" · rolle: {m.text(conclusion['role'])}" if conclusion.get("role") else ""
    return f"**Risikoniveau: {m.text(conclusion['risk_level'])}**{role}"


def duties_list(tree: DecisionTree) -> str:
    duties = tree.data["public_deployer_duties"]
    items = "\n".join(f"- {m.text(d['text'])} ({articles_text(d['articles'])})" for d in duties["items"])
    return f"{m.text(duties['intro'])}\n\n{items}\n"


def aid_page(content: Content, history_section: str = "") -> str:
    """The page /risikoniveau/: the mount point and its data, then the whole tree as linked
    sections (the way through without JavaScript), the dates, the source and the tree's history."""
    tree = content.decision_tree
    data = json.dumps(tree.data, ensure_ascii=False).replace("<", "\\u003c")
    principle = content.principles_by_id.get(tree.data["principle"])
    principle_link = (f" Hjælpen hører til [princip {principle['number']}: {m.text(principle['title'])}]"
                      f"(../principper/{principle['slug']}.md)." if principle else "")
    out = [
        m.front_matter(tree.data["title"], render_macros=False, hide=["toc"]),  # a tool: the width for the questions
        f"# {m.text(tree.data['title'])}\n",
        f"{m.text(tree.data['intro'])}{principle_link}\n{{: .ai-lead }}\n",
        f'<script type="application/json" id="ai-decision-tree">{data}</script>\n',
        '<div id="ai-decision-aid" class="ai-aid-mount" data-search-exclude></div>\n',
        f'<script type="module" src="{PAGE_SCRIPT}"></script>\n',
        '<noscript><p>Hjælpen viser ét spørgsmål ad gangen, når JavaScript er slået til. Uden JavaScript kan du '
        'følge spørgsmålene under <a href="#alle-spoergsmaal">Alle spørgsmål og svar</a>: hvert svar er et link til '
        'det næste spørgsmål eller til resultatet.</p></noscript>\n',
        "## Når resultatet er høj risiko {#hoej-risiko}\n",
        duties_list(tree),
        "## Hvornår reglerne gælder {#datoer}\n",
        f"{m.text(tree.data['dates']['text'])} ({articles_text(tree.data['dates']['articles'])})\n",
        "## Alle spørgsmål og svar {#alle-spoergsmaal data-search-exclude}\n",
        f"Hele beslutningstræet (version {tree.version}), spørgsmål for spørgsmål. Start ved det første, og følg "
        "linket ved det svar, der passer. Træet kan også hentes som data: "
        f"[beslutningstrae.json](beslutningstrae.json) med skemaet [beslutningstrae.schema.json](beslutningstrae.schema.json).\n",
    ]
    for number, (qid, question) in enumerate(tree.questions.items(), start=1):  # the file's order: the regulation's
        out.append(f"### {number}. {m.text(question['text'])} {{#{question_anchor(qid)}}}\n")
        out.append(f"{m.text(question['help'])}\n")
        out.append(f"Forordningen: {articles_text(question['articles'])}\n{{: .ai-aid-articles }}\n")
        for answer in question["answers"]:
            target = (f"#{question_anchor(answer['next'])}" if "next" in answer
                      else f"#{conclusion_anchor(answer['conclusion'])}")
            where = "næste spørgsmål" if "next" in answer else "resultat"
            out.append(f"- {m.text(answer['text'])} → [{where}]({target})")
        out.append("")
    out.append("### Resultaterne {#resultater}\n")
    for cid, conclusion in tree.conclusions.items():
        out.append(f"#### {m.text(_conclusion_title(conclusion))} {{#{conclusion_anchor(cid)}}}\n")
        out.append(f"{_level_role(conclusion)}\n")
        out.append(f"{m.text(conclusion['text'])}\n")
        out.append(f"Forordningen: {articles_text(conclusion['articles'])}\n{{: .ai-aid-articles }}\n")
    out += ["## Kilde {#kilde}\n", source_line(tree.data["source"]) + "\n",
            "Spørgsmål og forklaringer er skrevet med egne ord; kun forordningens tekst er gældende.\n"]
    if history_section:
        out.append(history_section)
    return "\n".join(out)


# A result's heading by its level (docs/javascripts/decision-aid.js has the same words).
CONCLUSION_TITLES = {"ikke omfattet": "Ikke omfattet af AI-forordningen", "uacceptabel": "Uacceptabel risiko: forbudt",
                     "høj": "Høj risiko", "begrænset": "Begrænset risiko: krav om gennemsigtighed",
                     "minimal": "Minimal risiko"}


def _conclusion_title(conclusion: dict) -> str:
    level = conclusion["risk_level"]
    title = CONCLUSION_TITLES.get(level, f"Risikoniveau {level}")
    return title + (f", {conclusion['role']}" if conclusion.get("role") else "")


def tree_is_newer(content: Content, record: Item) -> bool:
    """The record's level was decided with an older version of the tree: time to look again."""
    decision = record["ai_act"].get("decision")
    tree = content.decision_tree
    return bool(decision and tree and decision["tree_version"] < tree.version)


def record_section(content: Content, record: Item, link_prefix: str = "../") -> str:
    """Under the record's risk level: how it was decided (answers, articles, tree version), a notice
    when the tree has changed since, and at 'høj' what the AI Act asks of a public deployer."""
    act, tree = record["ai_act"], content.decision_tree
    decision = act.get("decision")
    out = []
    aid = f"{link_prefix}{AID_DIR}/index.md"  # a record page is register/<slug>.md
    if decision:
        if tree_is_newer(content, record):
            out.append(f'!!! warning "Beslutningstræet er ændret siden"\n\n'
                       f"    Risikoniveauet er fundet med version {decision['tree_version']} af "
                       f"[beslutningstræet]({aid}); det er nu i version {tree.version}. "
                       "Gå svarene igennem igen, og ret niveauet, hvis det har ændret sig.\n")
        same = tree is not None and decision["tree_version"] == tree.version
        out.append(f"### Sådan blev risikoniveauet fundet {{#saadan-fundet}}\n")
        out.append(f"Med [hjælpen til risikoniveauet]({aid}), beslutningstræ version {decision['tree_version']}"
                   + (f". Rolle efter forordningen: {m.text(decision['role'])}." if decision.get("role") else ".") + "\n")
        rows = []
        for answer in decision["answers"]:
            question = tree.questions.get(answer["question"]) if same else None
            # The question links to its place in the whole tree on /risikoniveau/, where its answers stand.
            asked = (f"[{m.text(question['text'])}]({aid}#{question_anchor(answer['question'])})" if question
                     else m.code(answer["question"]))
            rows.append([asked, m.text(answer["answer"])])
        out.append(m.table(["Spørgsmål", "Svar"], rows) + "\n")
        out.append(f"**Forordningen (EU) 2024/1689:** {articles_text(decision['articles'])}\n")
    if act["risk_level"] == "høj" and tree is not None:
        out.append("### Hvad forordningen kræver af en offentlig idriftsætter {#krav-ved-hoej-risiko}\n")
        out.append(duties_list(tree))
        out.append("Hvornår kravene gælder: se [hjælpen til risikoniveauet]"
                   f"({aid}#datoer).\n")
    return "\n".join(out)
