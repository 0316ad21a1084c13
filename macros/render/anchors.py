"""Stable places to link to inside a page, and the "Kopiér link" button beside them.

Anchors are made from ids in the YAML (P04-Q2 -> #p04-q2, P09 -> #vurdering-p09), never from
titles, so a link another site keeps does not break when a text is reworded. The button is
raw HTML with the `hidden` attribute: docs/javascripts/copylink.js shows it, since without
JavaScript it could not copy anything.
"""
from __future__ import annotations

from ..content import Item
from . import markup as m
from .labels import assessment_label
from .printing import NOT_INDEXED

COPY_LABEL = "Kopiér link"


def question_anchor(question: dict) -> str:
    return question["id"].lower()


def copy_button(anchor: str, what: str) -> str:
    """A button that copies this page's address with #anchor (the page itself when anchor is '')."""
    return (f'<button type="button" class="ai-copy-link" data-anchor="{m.attr(anchor)}" hidden {NOT_INDEXED} '
            f'aria-label="{COPY_LABEL} til {m.attr(what)}">{COPY_LABEL}</button>')


def page_copy_row(what: str, anchor: str = "") -> str:
    """The button under a heading: copies the page's own address, or #anchor's."""
    return f'<p class="ai-copy-row" {NOT_INDEXED}>{copy_button(anchor, what)}</p>\n'


def questions_list(principle: Item) -> str:
    """The principle's questions as a numbered list, each item its own anchor with a copy button. The id and
    the button have a line of their own, as high as the button: the text does not move when it appears."""
    items = "\n".join(
        f'<li id="{question_anchor(q)}"><span class="ai-question__text">{m.attr(q["text"])}</span> '
        f'<span class="ai-question__ref"><small>({m.attr(q["id"])})</small> '
        f'{copy_button(question_anchor(q), "spørgsmål " + q["id"])}</span></li>'
        for q in principle["questions"])
    return f'<ol class="ai-questions">\n{items}\n</ol>\n'


def assessment_blocks(principles: list[Item], assessments: dict, anchor_of, principle_href) -> str:
    """A record's assessment against each principle as a labelled block: heading, verdict, reasoning.

    Blocks rather than a table, so the reasoning reads on a phone and each block has a visible
    heading to land on when a link ends in #vurdering-p09."""
    blocks = []
    for p in principles:
        a, anchor = assessments[p["id"]], anchor_of(p["id"])
        blocks.append(
            f'<section class="ai-assessment" id="{anchor}" aria-labelledby="{anchor}-titel">\n'
            f'<h3 id="{anchor}-titel" {NOT_INDEXED}><a href="{principle_href(p)}">{m.attr(p["id"])} {m.attr(p["title"])}</a></h3>\n'
            f'<p class="ai-assessment__verdict"><strong>Vurdering:</strong> {m.attr(assessment_label(a["status"]))}</p>\n'
            f'<p><strong>Begrundelse:</strong> <span class="ai-assessment__evidence">{m.attr(a["evidence"])}</span></p>\n'
            f'<p class="ai-copy-row" {NOT_INDEXED}>{copy_button(anchor, "vurderingen af " + p["id"])}</p>\n'
            "</section>")
    # Out of the search index, like the section they are in: each heading would be a search result.
    return '<div class="ai-assessments" data-pagefind-ignore>\n' + "\n".join(blocks) + "\n</div>\n"
