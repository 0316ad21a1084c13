"""The record form (/register/ny/) in Chromium: its YAML is byte for byte what `macros new`
writes, every record survives the form, a keyboard-only contributor gets a file that validates,
mistakes are explained at the field, and the GitHub link carries the file."""
from __future__ import annotations

import datetime
import json
import re
from urllib.parse import parse_qs, quote, urlparse

import pytest
import yaml

from conftest import ROOT, copy_site, validate
from test_browser import axe_violations

from macros.content import load_content
from macros.scaffold import record_data, record_yaml
from macros.yamlio import load_text

FORM = "register/ny/"


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT)


@pytest.fixture(scope="module")
def schema():
    return json.loads((ROOT / "registry" / "schema.json").read_text(encoding="utf-8"))


def _open(page, url: str = FORM):
    page.goto(url, wait_until="load")
    page.wait_for_selector("#ai-form-yaml")
    page.wait_for_load_state("networkidle")


def _js_yaml(page, record: dict) -> str:
    return page.evaluate("""record => {
        const cfg = JSON.parse(document.getElementById('ai-form-data').textContent);
        return window.aiRecordYaml.makeYaml(cfg)(record);
    }""", record)


def _principles(content):
    return [(p["id"], p["title"]) for p in content.principles]


def test_the_form_writes_what_macros_new_writes_byte_for_byte(page, content, schema):
    _open(page)
    answers = [
        dict(title="Chatbot til byggesager på Ærø", owner="Ærø Kommune", unit="Teknik & Miljø", status="test/pilot",
             category="borgerservice", today=datetime.date(2026, 1, 31)),
        dict(title='Tekst med "anførselstegn", kolon: og # tegn', owner="X\\Y Kommune", unit="ikke oplyst",
             status="idé", category="sundhed", today=datetime.date(2024, 2, 29)),
    ]
    records = [record_data(content, schema, **a) for a in answers] + [r.data for r in content.records]
    for record in records:
        assert _js_yaml(page, record) == record_yaml(schema, _principles(content), record), record["id"]


def test_every_record_loaded_into_the_form_exports_the_same_data(page, content):
    for record in content.records:
        _open(page, f"{FORM}?id={record['id']}")
        text = page.locator("#ai-form-yaml").input_value()
        doc, errors = load_text(text, "form.yml")
        assert errors == [] and doc.data == record.data, record["id"]
        assert page.locator("#ai-form-summary").is_hidden(), page.locator("#ai-form-summary").inner_text()
        assert page.locator("#ai-form-filename").inner_text() == record.source_file.removeprefix("registry/")


def test_a_record_page_links_to_the_form_filled_with_it(site):
    html = (site / "register" / "gladgpt-gladsaxe" / "index.html").read_text(encoding="utf-8")
    assert '<a class="md-button" href="../ny/?id=AI-0003">Ret dette opslag</a>' in html


def _fill_by_keyboard(page, answers: dict[str, str]) -> None:
    """From the first field to Hent fil with Tab only; typing where answers name the field."""
    page.locator("#f-id").focus()
    for _ in range(3000):
        focused = page.evaluate("document.activeElement.id")
        if focused == "ai-form-download":
            return
        if focused in answers:
            kind = page.evaluate("document.activeElement.tagName")
            if kind == "SELECT":
                for _ in range(20):  # the closed list moves with the arrow keys
                    if page.evaluate("document.activeElement.value") == answers[focused]:
                        break
                    page.keyboard.press("ArrowDown")
            else:
                page.keyboard.press("Control+A")
                page.keyboard.type(answers[focused])
        page.keyboard.press("Tab")
    raise AssertionError("Tab nåede aldrig knappen Hent fil")


def test_keyboard_only_new_record_downloads_a_file_that_validates(page, tmp_path):
    _open(page)
    _fill_by_keyboard(page, {"f-title": "Tale til tekst i jobcentret", "f-owner-organisation": "gladsaxe-kommune",
                             "f-category": "sagsbehandling"})
    page.wait_for_function("document.getElementById('ai-form-summary').hidden")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == "ai-0010-tale-til-tekst-i-jobcentret.yml"
    root = copy_site(tmp_path / "src")
    download.save_as(root / "registry" / download.suggested_filename)
    result = validate(root)
    assert result.returncode == 0, result.stderr
    assert "10 registreringer" in result.stdout


def test_a_wrong_value_is_explained_in_danish_at_its_field(page):
    _open(page)
    field = page.locator("#f-review-last_reviewed")
    field.fill("2026-02-31")
    error = page.locator("#f-review-last_reviewed-fejl")
    error.wait_for(state="visible")
    assert "datoen 2026-02-31 findes ikke i kalenderen" in error.inner_text()
    assert field.get_attribute("aria-invalid") == "true"
    assert "f-review-last_reviewed-fejl" in field.get_attribute("aria-describedby").split()
    link = page.locator('#ai-form-summary a[href="#f-review-last_reviewed"]')
    assert "findes ikke i kalenderen" in link.inner_text()
    link.click()
    assert page.evaluate("document.activeElement.id") == "f-review-last_reviewed"
    page.locator("#f-id").fill("AI-0003")
    page.locator("#f-id-fejl").wait_for(state="visible")
    assert "id'et 'AI-0003' er allerede brugt" in page.locator("#f-id-fejl").inner_text()
    blocking = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert blocking == [], blocking


def test_the_github_link_carries_the_file_name_and_content(page):
    _open(page)
    page.locator("#f-title").fill("Robot til journalnotater")
    page.wait_for_function("document.getElementById('ai-form-filename').textContent.includes('robot')")
    new_file = "https://github.com/ai-politik/ai-politik-site/new/main/registry"
    # A file that fits in an address (GitHub refuses about 8 KB) goes in it, name and content.
    short = "title: \"Æ: ø & å\"\n"
    prefilled = page.evaluate("text => window.aiRecordForm.githubUrl(text)", short)
    url = urlparse(prefilled["href"])
    assert prefilled["prefilled"] and f"{url.scheme}://{url.netloc}{url.path}" == new_file
    assert parse_qs(url.query) == {"filename": ["ai-0010-robot-til-journalnotater.yml"], "value": [short]}
    # A whole record is longer: the link opens the empty new-file page named for it, and a click
    # puts the file on the clipboard with a one-line instruction (GitHub itself is not contacted).
    text = page.locator("#ai-form-yaml").input_value()
    assert len(new_file + "?filename=ai-0010-robot-til-journalnotater.yml&value=" + quote(text, safe="")) > 8000
    link = page.locator("#ai-form-github")
    assert link.get_attribute("data-prefilled") == "nej"
    url = urlparse(link.get_attribute("href"))
    assert f"{url.scheme}://{url.netloc}{url.path}" == new_file
    assert parse_qs(url.query) == {"filename": ["ai-0010-robot-til-journalnotater.yml"]}
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.context.route("https://github.com/**", lambda route: route.abort())
    link.evaluate("a => { a.removeAttribute('target'); a.addEventListener('click', e => e.preventDefault()); }")
    link.click()
    page.wait_for_function("document.getElementById('ai-form-status').textContent.includes('kopieret')")
    assert "sæt den ind" in page.locator("#ai-form-status").inner_text()
    assert page.evaluate("navigator.clipboard.readText()") == text
    assert yaml.safe_load(text)["title"] == "Robot til journalnotater"


def test_the_draft_is_kept_until_slet_kladde(page):
    _open(page)
    page.locator("#f-title").fill("Min kladde")
    page.wait_for_function("(localStorage.getItem('ai-register-kladde:ny') || '').includes('Min kladde')")
    _open(page)
    assert page.locator("#f-title").input_value() == "Min kladde"
    assert "kladde er hentet" in page.locator("#ai-form-status").inner_text()
    page.locator("#ai-form-clear").click()
    assert page.locator("#f-title").input_value() == ""
    assert page.evaluate("localStorage.getItem('ai-register-kladde:ny')") is None


def test_the_form_fits_a_phone(browser, served_site):
    context = browser.new_context(base_url=served_site, viewport={"width": 390, "height": 844})
    try:
        pg = context.new_page()
        _open(pg)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def _mutations(record: dict) -> list[dict]:
    """The record, and copies that break each one-record rule of macros/content/register.py."""
    import copy
    out = [record]

    def changed(edit):
        other = copy.deepcopy(record)
        edit(other)
        out.append(other)
    changed(lambda r: r["ai_act"].update(risk_level="uacceptabel"))
    changed(lambda r: (r.pop("responsibility", None), r["status_history"].append({"status": "i drift", "date": "2026-01-02"})))
    changed(lambda r: r["risks"].append({"category": "anden", "rating": "lav", "description": "x", "mitigation": "y"}))
    changed(lambda r: r["status_history"].extend([{"status": "idé", "date": "2024-05-01"}, {"status": "idé", "date": "2023-01-01"}]))
    changed(lambda r: r["review"].update(created="2026-01-10", last_reviewed="2026-01-05", next_review="2026-01-01"))
    changed(lambda r: r["review"].update(created="2099-01-01", last_reviewed="2099-02-01", next_review="2099-03-01"))
    changed(lambda r: (r["status_history"].append({"status": "stoppet", "date": "2099-01-15"}),
                       r["legal"].update(last_assessed="2099-02-01"),
                       r["legal"]["impact_assessments"].append({"kind": "DPIA", "date": "2099-03-01"}),
                       r["consultation"].append({"party": "MED", "kind": "hørt", "date": "2099-04-01"})))
    return out


def test_the_form_applies_the_record_rules_as_python_words_them(page, content, schema):
    from macros.content.model import Item
    from macros.content.register import RegisterContext, check_record
    from macros.yamlio import dotted
    _open(page)
    today = datetime.date(2026, 11, 29)
    principles = _principles(content)
    checked = 0
    for base in (content.records[0].data, content.records[2].data):
        for record in _mutations(base):
            doc, errors = load_text(record_yaml(schema, principles, record), "x.yml")
            python = {(e.field, e.message) for e in check_record(Item(doc.data, doc),
                                                                  RegisterContext([p for p, _ in principles], today))}
            js = page.evaluate("([r, day]) => window.aiRecordForm.recordRules(r, day)", [record, today.isoformat()])
            assert {(dotted(tuple(path)), message) for path, message in js} == python, record["id"]
            checked += bool(python)
    assert checked >= 12  # the mutations did break rules


def test_a_future_status_date_is_refused_at_its_field(page):
    _open(page)
    page.locator("#f-title").fill("Fremtid")
    page.locator("#f-owner-organisation").fill("gladsaxe-kommune")
    page.locator("#f-category").select_option("sundhed")
    page.locator("#f-status_history-0-date").fill("2099-01-01")
    error = page.locator("#f-status_history-0-date-fejl")
    error.wait_for(state="visible")
    assert "statusændringen (2099-01-01) ligger i fremtiden" in error.inner_text()


def test_the_form_words_schema_mistakes_as_validate_does(page, content, schema):
    """The same wrong values through the form's ajv check and schema_check: the same Danish."""
    import copy

    from macros.content.register import SCHEMA_FILE
    from macros.schema_check import SchemaChecker
    from macros.yamlio import dotted
    _open(page)
    checker = SchemaChecker(ROOT / SCHEMA_FILE)
    base = record_data(content, schema, title="Ny chatbot", owner="X Kommune", unit="ikke oplyst", status="idé",
                       category="sundhed", today=datetime.date(2026, 1, 5))
    edits = {
        "empty title": lambda r: r.update(title=""),
        "enum": lambda r: r.update(category="medium"),
        "yes": lambda r: r["data"].update(personal_data="yes"),
        "type": lambda r: r["review"].update(interval_months="12 mdr"),
        "maximum": lambda r: r["review"].update(interval_months=40),
        "pattern": lambda r: r.update(slug="Æ B"),
        "no such date": lambda r: r["status_history"][0].update(date="2026-02-31"),
        "date format": lambda r: r["review"].update(created="2026-13-01"),
        "anyOf": lambda r: r.update(contact="skriv til os"),
        "minItems": lambda r: r.update(sources=[]),
        "required": lambda r: r["owner"].pop("unit"),
        "uniqueItems": lambda r: r.update(tags=["a", "a"]),
        "http": lambda r: r["sources"][0].update(url="http://x.dk"),
    }
    for name, edit in edits.items():
        record = copy.deepcopy(base)
        edit(record)
        doc, _ = load_text(json.dumps(record, ensure_ascii=False), "x.yml")
        python = {(e.field, e.message) for e in checker.check(doc)}
        js = page.evaluate("r => window.aiRecordForm.problems(r)", record)
        assert python and {(dotted(tuple(path)), message) for path, message in js} == python, name


def test_importing_a_yaml_file_explains_its_mistakes_as_validate_does(page):
    """The form's YAML import and `python -m macros validate`: the same line, field and Danish
    message for each mistake of the table in test_yaml_mistakes that is in the file's form."""
    from test_yaml_mistakes import MISTAKES, _record
    _open(page)
    compared = 0
    for number, mistake in enumerate(MISTAKES):
        name, data, _ = _record(mistake, number)
        if mistake.encoding != "utf-8":
            continue
        text = data.decode("utf-8")
        _, errors = load_text(text, name)
        python = [[e.line, e.field, e.message] for e in errors]
        js = page.evaluate("text => window.aiRecordImport.yamlProblems(text).problems", text)
        assert js == python, mistake.name
        compared += bool(python)
    assert compared >= 11
    # Every record in the register imports without a problem, BOM or not.
    for path in sorted((ROOT / "registry").glob("ai-*.yml")):
        text = path.read_text(encoding="utf-8")
        for variant in (text, "\ufeff" + text):
            assert page.evaluate("text => window.aiRecordImport.yamlProblems(text).problems", variant) == [], path.name


def test_an_imported_file_fills_the_form_and_a_latin_1_file_is_refused(page):
    from test_yaml_mistakes import BASE
    _open(page)
    page.locator(".ai-form-import summary").click()
    page.locator("#ai-form-import-file").set_input_files(
        files=[{"name": "gammel.yml", "mimeType": "text/yaml", "buffer": BASE.encode("cp1252", errors="replace")}])
    errors = page.locator("#ai-form-import-errors")
    errors.wait_for(state="visible")
    page.wait_for_function("document.getElementById('ai-form-import-errors').textContent.length > 0")
    assert errors.inner_text().startswith("linje 4: (hele filen): filen er ikke gemt som UTF-8")
    page.locator("#ai-form-import").fill(BASE.replace('personal_data: "ja"', "personal_data: yes"))
    page.locator("#ai-form-import-button").click()
    page.locator("#f-data-personal_data-fejl").wait_for(state="visible")
    assert "'yes' er ikke en tilladt værdi" in page.locator("#f-data-personal_data-fejl").inner_text()
    assert page.locator("#f-title").input_value().startswith("AI-tolk i borgersamtaler")


def test_the_same_answers_give_the_file_macros_new_writes(page, content, schema):
    """Title, owner, unit, status and category typed into the form: the form's file is, byte for
    byte, the one `python -m macros new` writes for the same answers today."""
    from macros.scaffold import add_months, record_text, slugify
    _open(page)
    answers = dict(title="Chatbot til byggesager på Ærø – forsøg 2", owner="Ærø Kommune", unit="Teknik & Miljø",
                   status="test/pilot", category="borgerservice")
    page.locator("#f-title").fill(answers["title"])
    page.locator("#f-owner-organisation").fill(answers["owner"])
    page.locator("#f-owner-unit").fill(answers["unit"])
    page.locator("#f-status_history-0-status").select_option(answers["status"])
    page.locator("#f-category").select_option(answers["category"])
    # The id is drawn at random (macros/ids.py): the same answers with the id the form drew.
    page.wait_for_function("() => document.getElementById('ai-form-yaml').value.includes('borgerservice')")
    drawn = re.search(r'^id: "([^"]+)"$', page.locator("#ai-form-yaml").input_value(), re.M).group(1)
    name, text = record_text(content, schema, today=datetime.date.today(), record_id=drawn, **answers)
    page.wait_for_function("text => document.getElementById('ai-form-yaml').value === text", arg=text)
    assert page.locator("#ai-form-filename").inner_text() == name
    for title in ["Æble på ÅEN", "  Café Noël – 2026!  ", "x" * 80 + " y", "Ærø/Strøm: AI_tolk"]:
        assert page.evaluate("t => window.aiRecordYaml.slugify(t)", title) == slugify(title), title
    for day, months in [("2024-01-31", 1), ("2023-11-30", 3), ("2024-02-29", 12), ("2026-12-15", 36)]:
        expected = add_months(datetime.date.fromisoformat(day), months).isoformat()
        assert page.evaluate("([d, m]) => window.aiRecordYaml.addMonths(d, m)", [day, months]) == expected
