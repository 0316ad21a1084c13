"""The SMV checklists in a real headless Chromium: ticks survive a reload and nothing is sent.

Uses the shared browser harness (tests/browser_support.py): `page` is a fresh context on the
built site served from 127.0.0.1; a missing /usr/bin/chromium fails these tests, never skips them.
"""
from __future__ import annotations

from urllib.parse import urlparse

from browser_support import LOCAL_HOSTS, open_page
from conftest import read_yaml, ROOT

STEPS = read_yaml(ROOT / "smv" / "guide.yml")["steps"]
STORAGE_PREFIX = "smv-tjekliste:"


def _url(step: dict) -> str:
    return f"smv/{step['slug']}/"


def _checked(page) -> list[str]:
    return page.eval_on_selector_all("fieldset.smv-tjekliste input[type=checkbox]",
                                     "boxes => boxes.filter(b => b.checked).map(b => b.dataset.tjek)")


def _status(page) -> str:
    return page.locator(".smv-tjekliste__status").inner_text().strip()


def _stored(page) -> dict:
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")


def _assert_only_local(page) -> None:
    requests = page.recorded.requests
    assert requests
    foreign = [u for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and urlparse(u).hostname not in LOCAL_HOSTS]
    assert not foreign, "requests til andre værter:\n" + "\n".join(foreign)


def test_ticks_survive_a_reload_and_are_kept_per_item_id(page):
    step = STEPS[0]
    items = [item["id"] for item in step["checklist"]]
    writes = []
    page.on("request", lambda r: writes.append(r.url) if r.method != "GET" else None)
    open_page(page, _url(step))
    total = len(items)
    assert _status(page) == f"0 af {total} punkter er krydset af"

    # One by mouse on the label, one by keyboard: focus the box and press Space.
    page.click(f'label[for="tjek-{items[0]}"]')
    page.focus(f"#tjek-{items[2]}")
    page.keyboard.press("Space")
    assert sorted(_checked(page)) == sorted([items[0], items[2]])
    assert _status(page) == f"2 af {total} punkter er krydset af"
    assert page.get_attribute(".smv-tjekliste__status", "aria-live") == "polite"
    assert _stored(page) == {STORAGE_PREFIX + items[0]: "1", STORAGE_PREFIX + items[2]: "1"}

    page.reload(wait_until="load")
    page.wait_for_load_state("networkidle")
    assert sorted(_checked(page)) == sorted([items[0], items[2]])
    assert _status(page) == f"2 af {total} punkter er krydset af"

    # Untick one: it is forgotten, the other stays.
    page.click(f'label[for="tjek-{items[0]}"]')
    page.reload(wait_until="load")
    assert _checked(page) == [items[2]]

    # Another step's checklist is its own.
    open_page(page, _url(STEPS[1]))
    assert _checked(page) == []
    assert _status(page) == f"0 af {len(STEPS[1]['checklist'])} punkter er krydset af"

    _assert_only_local(page)
    assert not writes, f"requests der sender noget: {writes}"


def test_every_item_can_be_ticked_and_the_reset_button_clears_them(page):
    step = STEPS[4]
    open_page(page, _url(step))
    for item in step["checklist"]:
        page.check(f"#tjek-{item['id']}")
    total = len(step["checklist"])
    assert _status(page).startswith(f"{total} af {total} punkter er krydset af")
    reset = page.get_by_role("button", name="Nulstil tjeklisten")
    assert reset.is_visible()
    reset.click()
    assert _checked(page) == []
    assert _status(page) == f"0 af {total} punkter er krydset af"
    assert not any(k.startswith(STORAGE_PREFIX) for k in _stored(page))
    page.reload(wait_until="load")
    assert _checked(page) == []
    _assert_only_local(page)


def test_without_javascript_the_checkboxes_still_render(browser, served_site):
    context = browser.new_context(base_url=served_site, java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(_url(STEPS[0]), wait_until="load")
        boxes = pg.locator("fieldset.smv-tjekliste input[type=checkbox]")
        assert boxes.count() == len(STEPS[0]["checklist"])
        boxes.nth(1).check()
        assert boxes.nth(1).is_checked()
        assert not pg.locator(".smv-tjekliste__status").is_visible()
        assert not pg.locator(".smv-tjekliste__nulstil").is_visible()
    finally:
        context.close()
