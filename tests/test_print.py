"""The whole policy prints as one document: Chromium renders /principper/udskrift/ to PDF."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from browser_support import open_page
from conftest import areas_data, principles_data

PRINT_PAGE = "principper/udskrift/"


def _flat(text: str) -> str:
    """PDF text with line breaks and runs of spaces made single spaces."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def printed(browser, served_site) -> tuple[str, int]:
    context = browser.new_context(base_url=served_site, locale="da-DK")
    try:
        pg = context.new_page()
        open_page(pg, PRINT_PAGE)
        pdf = pg.pdf(format="A4", print_background=False,
                     margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"})
    finally:
        context.close()
    reader = PdfReader(io.BytesIO(pdf))
    return _flat(" ".join(p.extract_text() or "" for p in reader.pages)), len(reader.pages)


def test_pdf_has_every_principle_title_in_policy_order(printed):
    text, _ = printed
    positions = []
    for p in principles_data():
        heading = _flat(f"Princip {p['number']}: {p['title']}")
        at = text.find(heading, positions[-1] if positions else 0)
        assert at >= 0, f"{heading!r} mangler i PDF'en (eller står før princip {p['number'] - 1})"
        positions.append(at)
    assert positions == sorted(positions)


def test_pdf_has_every_area_and_every_question(printed):
    text, _ = printed
    for area in areas_data():
        assert _flat(f"{area['name']} – {area['question']}") in text, area["id"]
    compact = re.sub(r"\s+", "", text)  # line breaks can fall anywhere in a long question
    for p in principles_data():
        for q in p["questions"]:
            assert re.sub(r"\s+", "", q["text"]) in compact, f"{q['id']} mangler i PDF'en"


def test_pdf_is_the_text_only_without_site_chrome(printed):
    text, pages = printed
    assert pages >= 4, f"kun {pages} sider: hvert område skal starte på en ny side"
    for chrome in ["Gå til indholdet", "Indholdet er en fortolkning", "Material for MkDocs", "Nulstil søgning",
                   "Tilgængelighedserklæring"]:
        assert chrome not in text, f"{chrome!r} er med i udskriften"
    assert text.startswith("KOMBIT – AI-politik: hele politikken"), text[:200]
