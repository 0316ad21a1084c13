"""Link to the exact thing: stable anchors for questions, assessments and checklist items, and
"Kopiér link" buttons that copy the address, by keyboard and by touch, and say so via aria-live."""
from __future__ import annotations

import pytest

from browser_support import open_page
from conftest import html, principles_data, records_data, read_yaml, ROOT

PRINCIPLE = "principper/p04-risikovurdering/"
RECORD = "register/ai-tolk-beskaeftigelse-koebenhavn/"


def test_every_principle_question_has_its_own_anchor(site):
    for p in principles_data():
        for page in (f"principper/{p['slug']}", "principper/udskrift"):
            soup = html(site, page)
            for q in p["questions"]:
                item = soup.find(id=q["id"].lower())
                assert item is not None and item.name == "li", (page, q["id"])
                assert " ".join(q["text"].split()) in item.get_text(" ", strip=True)
                button = item.select_one("button.ai-copy-link")
                assert button["data-anchor"] == q["id"].lower() and button.get_text(strip=True) == "Kopiér link"


def test_every_assessment_anchor_is_a_labelled_block(site):
    for r in records_data():
        soup = html(site, f"register/{r['slug']}")
        for p in principles_data():
            block = soup.find(id=f"vurdering-{p['id'].lower()}")
            assert block is not None and block.name == "section", (r["id"], p["id"])
            assert block.find(id=block["aria-labelledby"]).name == "h3"
            assert block.select_one("button.ai-copy-link")["data-anchor"] == block["id"]


def test_every_smv_checklist_item_has_a_stable_anchor(site):
    guide = read_yaml(ROOT / "smv" / "guide.yml")
    for step in guide["steps"]:
        soup = html(site, f"smv/{step['slug']}")
        for item in step["checklist"]:
            assert soup.find(id=f"tjek-{item['id']}") is not None, item["id"]


@pytest.fixture
def clip_page(browser, served_site):
    context = browser.new_context(base_url=served_site, locale="da-DK", has_touch=True,
                                  viewport={"width": 390, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site.rstrip("/"))
    yield context.new_page()
    context.close()


def _copied(pg) -> str:
    return pg.evaluate("() => navigator.clipboard.readText()")


def test_keyboard_copies_the_link_to_a_question_and_it_is_announced(clip_page, served_site):
    pg = clip_page
    open_page(pg, PRINCIPLE)
    button = pg.locator("#p04-q2 button.ai-copy-link")
    assert button.is_visible()
    # Reached with Tab alone, pressed with Enter.
    pg.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(120):
        pg.keyboard.press("Tab")
        if pg.evaluate("() => document.activeElement.dataset.anchor === 'p04-q2'"):
            break
    else:
        raise AssertionError("Tab nåede ikke knappen ved P04-Q2")
    pg.keyboard.press("Enter")
    live = pg.locator("[aria-live=polite]#ai-copy-status")
    live.wait_for(state="attached")
    pg.wait_for_function("() => document.getElementById('ai-copy-status').textContent === 'Link kopieret'")
    assert _copied(pg) == f"{served_site}{PRINCIPLE}#p04-q2"
    assert button.inner_text() == "Link kopieret"


def test_a_tap_copies_the_link_to_an_assessment_and_the_page(clip_page, served_site):
    pg = clip_page
    open_page(pg, RECORD)
    block = pg.locator("#vurdering-p09")
    block.locator("button.ai-copy-link").tap()
    pg.wait_for_function("() => document.getElementById('ai-copy-status').textContent === 'Link kopieret'")
    assert _copied(pg) == f"{served_site}{RECORD}#vurdering-p09"
    open_page(pg, PRINCIPLE)
    pg.locator("article .ai-copy-row button.ai-copy-link").first.tap()
    pg.wait_for_function("() => navigator.clipboard.readText().then(t => !t.includes('#'))")
    assert _copied(pg) == f"{served_site}{PRINCIPLE}"


def test_a_link_to_an_assessment_lands_on_its_heading(page):
    open_page(page, RECORD + "#vurdering-p09")
    heading = page.locator("#vurdering-p09-titel")
    assert heading.is_visible()
    box = heading.bounding_box()
    assert 0 <= box["y"] < 844, box


def test_heading_permalinks_show_without_hover(page):
    open_page(page, PRINCIPLE)
    link = page.locator("article h2 a.headerlink").first
    assert link.is_visible()
    assert page.evaluate("el => getComputedStyle(el).opacity", link.element_handle()) == "1"
