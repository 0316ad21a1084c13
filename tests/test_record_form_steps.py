"""Every step of the guided record form (/register/ny/) in Chromium: axe finds nothing, at any
impact, on the task list, on each section (as opened and after a check shows its messages), on the
check page (with and without mistakes), in the import and the other folds; a record that a reader
opens from its page with *Ret dette opslag* comes back as the file it was; and without JavaScript
the page says what to do instead of showing a form that never comes."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT
from test_browser import _violations_report, axe_violations
from test_record_form import FORM, _download, _open

from macros.content import load_content
from macros.yamlio import load_text

SECTIONS = [s["key"] for s in json.loads((ROOT / "registry" / "schema.json").read_text(encoding="utf-8"))["x-form"]["sections"]]


def _assert_clean(page, step: str) -> None:
    # A view scrolls the page, and the theme's "back to top" button fades in: check the page as it settles.
    page.wait_for_timeout(250)
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
    found = axe_violations(page)
    assert found == [], f"axe på {step}:\n{_violations_report(found)}"


def _section(page, key: str) -> None:
    page.goto(FORM + "#afsnit-" + key)
    page.wait_for_function("key => document.querySelector('.ai-form-section') && location.hash === '#afsnit-' + key", arg=key)


def test_axe_finds_nothing_on_any_section_of_a_new_record_before_and_after_its_check(page):
    _open(page)
    _assert_clean(page, "oversigten")
    for key in SECTIONS:
        _section(page, key)
        _assert_clean(page, f"afsnit {key}")
        page.locator("#ai-form-save").click()  # a check: the section's messages, or back to the list
        page.wait_for_function("() => document.getElementById('ai-form-summary') || document.getElementById('ai-form-progress')")
        _assert_clean(page, f"afsnit {key} efter Gem og fortsæt")
    # The task list with every status a new record can have: færdig, skal rettes.
    page.goto(FORM + "#oversigt")
    page.wait_for_selector(".ai-tasklist")
    tags = {t.inner_text() for t in page.locator(".ai-tag").all()}
    assert {"færdig", "skal rettes"} <= tags, tags
    _assert_clean(page, "oversigten med status")


def test_axe_finds_nothing_in_the_forms_folds_and_added_rows(page):
    _open(page, FORM + "#afsnit-om")
    page.locator(".ai-form-advanced summary").click()
    page.locator("#f-owner-organisation").select_option("__ny__")
    _assert_clean(page, "avanceret og ny organisation")
    _section(page, "inddragelse")
    page.locator("button[id$='-tilfoej']").first.click()
    page.wait_for_selector("fieldset.ai-group--row")
    _assert_clean(page, "en tilføjet række")
    _section(page, "risiko")
    page.locator("#ai-form-aid-open").click()
    page.locator("#ai-form-aid-mount input[type=radio]").first.wait_for()
    _assert_clean(page, "beslutningsstøtten i risikoafsnittet")


def test_axe_finds_nothing_on_the_check_page_with_and_without_mistakes(page):
    _open(page, FORM + "#tjek")
    assert page.locator("#ai-form-summary").count() == 1  # a new, empty record: what to write
    _assert_clean(page, "Tjek dine svar med fejl")
    _open(page, FORM + "?id=AI-0003#tjek")
    assert page.locator("#ai-form-summary").count() == 0
    page.locator("#ai-form-download").wait_for()
    _assert_clean(page, "Tjek dine svar uden fejl")


def test_axe_finds_nothing_in_the_import_with_its_mistakes(page):
    _open(page)
    page.locator(".ai-form-import summary").click()
    _assert_clean(page, "indlæs en fil")
    page.locator("#ai-form-import").fill("title: [ikke lukket\n")
    page.locator("#ai-form-import-button").click()
    page.locator("#ai-form-import-errors li").first.wait_for()
    _assert_clean(page, "indlæs en fil med fejl")


def test_a_record_opened_with_ret_dette_opslag_from_its_page_comes_back_as_its_file(page):
    """From the record's own page, as a reader gets there: the link, the task list with every section
    færdig, the check page, Hent fil; the file holds what the record's file holds."""
    record = next(r for r in load_content(ROOT).records if r["id"] == "AI-0003")
    page.goto("register/" + record["slug"] + "/")
    page.get_by_role("link", name="Ret dette opslag").click()
    page.wait_for_selector("#ai-record-form-root[data-ready]")
    assert page.locator(".ai-tasklist__link").count() == len(SECTIONS)
    assert {t.inner_text() for t in page.locator(".ai-tag").all()} == {"færdig"}
    page.locator("#ai-form-to-check").click()
    page.locator("#ai-form-download").wait_for()
    name, text = _download(page)
    doc, errors = load_text(text, name)
    assert errors == [] and doc.data == record.data
    assert name == record.source_file.removeprefix("registry/")


@pytest.mark.parametrize("path", [FORM, FORM + "#afsnit-om"])
def test_without_javascript_the_page_says_what_to_do_and_shows_no_form_placeholder(browser, served_site, path):
    context = browser.new_context(base_url=served_site, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(path)
        assert page.locator("noscript").count() == 1
        assert "python -m macros new" in page.locator("article").inner_text()
        assert page.locator("#ai-record-form-root").is_hidden()  # not a "Formularen indlæses …" that never ends
    finally:
        context.close()
