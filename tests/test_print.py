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


def print_pdf(browser, served_site, url: str) -> PdfReader:
    """The page as Chromium prints it, with the paper size and margins its own CSS (@page) sets."""
    context = browser.new_context(base_url=served_site, locale="da-DK")
    try:
        pg = context.new_page()
        open_page(pg, url)
        pdf = pg.pdf(prefer_css_page_size=True, print_background=False)
    finally:
        context.close()
    return PdfReader(io.BytesIO(pdf))


@pytest.fixture(scope="module")
def printed_pages(browser, served_site) -> PdfReader:
    return print_pdf(browser, served_site, PRINT_PAGE)


@pytest.fixture(scope="module")
def printed(printed_pages) -> tuple[str, int]:
    reader = printed_pages
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
    assert "KOMBIT – AI-politik: hele politikken" in text[:400], text[:400]
    assert "Ctrl+P" not in text, "skærmens vejledning om udskrift er med i udskriften"


A4 = (595, 842)  # points, as Chromium writes 210 x 297 mm


def _is_a4(page) -> bool:
    return (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4


def test_policy_prints_on_a4_from_its_own_css(printed_pages):
    assert all(_is_a4(p) for p in printed_pages.pages), printed_pages.pages[0].mediabox


def test_first_sheet_starts_the_policy_text(printed_pages):
    first = _flat(printed_pages.pages[0].extract_text())
    assert "KOMBIT – AI-politik: hele politikken" in first
    area = areas_data()[0]
    assert _flat(f"{area['name']} – {area['question']}") in first, "første side er (næsten) tom"
    assert _flat(principles_data()[0]["title"]) in first


def test_every_sheet_carries_title_edition_date_and_address(printed_pages):
    address = "https://ai-politik.example.dk/principper/udskrift/"
    total = len(printed_pages.pages)
    for number, page in enumerate(printed_pages.pages, 1):
        text = _flat(page.extract_text())
        assert "KOMBIT – AI-politik, 1. udgave · hele politikken" in text, (number, text[:200])
        assert re.search(r"Bygget \d{1,2}\. [a-zæøå]+ \d{4}", text), (number, text[:200])
        # The site's edition of the policy (git tags udgave-N; the repository's build has none)
        assert "Udgave: ingen udgave i denne bygning" in text, (number, text[:200])
        assert address in re.sub(r"\s+", "", page.extract_text()), (number, text[:200])
        assert f"Side {number} af {total}" in text, (number, text[:200])


@pytest.mark.parametrize("url, title", [
    ("principper/p04-risikovurdering/", "Princip 4: Risikovurdering af den konkrete anvendelse"),
    ("register/ai-tolk-beskaeftigelse-koebenhavn/", "AI-tolk i borgersamtaler på beskæftigelsesområdet"),
])
def test_a_single_principle_or_record_prints_cleanly(browser, served_site, url, title):
    reader = print_pdf(browser, served_site, url)
    assert all(_is_a4(p) for p in reader.pages)
    first = _flat(reader.pages[0].extract_text())
    assert first.startswith(title) or title in first[:300], first[:300]
    assert f"Adresse: https://ai-politik.example.dk/{url}" in re.sub(r"(?<=/)\s+|\s+(?=/)", "", first)
    text = _flat(" ".join(p.extract_text() for p in reader.pages))
    for chrome in ["Kopiér link", "Gå til indholdet", "Material for MkDocs", "Tilgængelighedserklæring", "¶"]:
        assert chrome not in text, f"{chrome!r} er med i udskriften af {url}"
