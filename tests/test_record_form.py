"""The guided record form (/register/ny/) in Chromium: a task list made from the schema's
sections, one section at a time, a check page with a Ret link per answer, and a file that is
byte for byte what `macros new` writes. A keyboard-only contributor on a phone makes a minimal
record in 8 answers; every record survives *Ret dette opslag*; mistakes are told in the field's
own words, and only after the field is left or a check is asked for."""
from __future__ import annotations

import datetime
import json
import re
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from conftest import ROOT, copy_site, mkdocs_build, validate
from test_browser import axe_violations

from macros.content import load_content
from macros.scaffold import add_months, default_slug, record_data, record_yaml, slugify
from macros.yamlio import load_text

FORM = "register/ny/"
MODULES = "/javascripts/form/"


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT)


@pytest.fixture(scope="module")
def schema():
    return json.loads((ROOT / "registry" / "schema.json").read_text(encoding="utf-8"))


def _open(page, url: str = FORM):
    page.goto(url, wait_until="load")
    page.wait_for_selector("#ai-record-form-root[data-ready]")
    page.wait_for_load_state("networkidle")


def _module(page, name: str, body: str, arg=None):
    """Run body (a function of the module m and arg) with one of the form's modules."""
    return page.evaluate(f"async arg => {{ const m = await import('{MODULES}{name}'); return ({body})(m, arg); }}", arg)


def _principles(content):
    return [(p["id"], p["title"]) for p in content.principles]


def _blocking(page):
    return [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]


# --- the file ------------------------------------------------------------------------

def test_the_form_writes_what_macros_new_writes_byte_for_byte(page, content, schema):
    _open(page)
    answers = [
        dict(title="Chatbot til byggesager på Ærø", owner="gladsaxe-kommune", unit="Teknik & Miljø", status="test/pilot",
             category="borgerservice", today=datetime.date(2026, 1, 31)),
        dict(title='Tekst med "anførselstegn", kolon: og # tegn', owner="X\\Y Kommune", unit="ikke oplyst",
             status="idé", category="sundhed", today=datetime.date(2024, 2, 29)),
    ]
    records = [record_data(content, schema, **a) for a in answers] + [r.data for r in content.records]
    cfg = {"schema": schema, "width": 100, "head_lines": None, "principles": _principles(content)}
    from macros.scaffold import HEAD_LINES
    cfg["head_lines"] = HEAD_LINES
    texts = _module(page, "yaml-writer.js", "(m, a) => a.records.map(m.makeYaml(a.cfg))", {"records": records, "cfg": cfg})
    for record, text in zip(records, texts):
        assert text == record_yaml(schema, _principles(content), record), record["id"]
    for title in ["Æble på ÅEN", "  Café Noël – 2026!  ", "x" * 80 + " y", "Ærø/Strøm: AI_tolk"]:
        assert _module(page, "yaml-writer.js", "(m, t) => m.slugify(t)", title) == slugify(title), title
        for short in ["Gladsaxe", "", "Ærø", "Strøm"]:
            assert _module(page, "yaml-writer.js", "(m, a) => m.defaultSlug(a[0], a[1])", [title, short]) == \
                default_slug(title, short), (title, short)
    for day, months in [("2024-01-31", 1), ("2023-11-30", 3), ("2024-02-29", 12), ("2026-12-15", 36)]:
        expected = add_months(datetime.date.fromisoformat(day), months).isoformat()
        assert _module(page, "yaml-writer.js", "(m, a) => m.addMonths(a[0], a[1])", [day, months]) == expected


def _download(page):
    with page.expect_download() as info:
        page.locator("#ai-form-download").click()
    download = info.value
    return download.suggested_filename, open(download.path(), encoding="utf-8").read()


def test_every_record_round_trips_through_ret_dette_opslag(page, content):
    for record in content.records:
        _open(page, f"{FORM}?id={record['id']}#tjek")
        assert page.locator("#ai-form-summary").count() == 0, page.locator("#ai-form-summary").inner_text()
        name, text = _download(page)
        doc, errors = load_text(text, "form.yml")
        assert errors == [] and doc.data == record.data, record["id"]
        assert name == record.source_file.removeprefix("registry/")
    # It read that one record, and the small index, never the whole register.
    requested = [u for u in page.recorded.requests if "/api/" in u or "registry.json" in u]
    assert not any("registry.json" in u for u in requested)
    assert any(u.endswith("/api/registreringer/AI-0009.json") for u in requested)


def test_a_record_page_links_to_the_form_filled_with_it(site):
    html = (site / "register" / "gladgpt-gladsaxe" / "index.html").read_text(encoding="utf-8")
    assert '<a class="md-button" href="../ny/?id=AI-0003">Ret dette opslag</a>' in html


# --- keyboard only, on a phone: a minimal record in 8 answers ------------------------------

def _tab_to(page, predicate_js: str, limit: int = 400) -> None:
    for _ in range(limit):
        if page.evaluate(f"(() => {{ const e = document.activeElement; return !!({predicate_js}); }})()"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab nåede aldrig {predicate_js}")


def _choose(page, value: str) -> None:
    for _ in range(200):  # a closed list moves with the arrow keys
        if page.evaluate("document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} findes ikke i listen")


def _open_task(page, title: str) -> None:
    _tab_to(page, f"e.classList.contains('ai-tasklist__link') && e.textContent === {json.dumps(title)}")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'ai-form-view'")


def test_keyboard_only_minimal_record_on_a_phone_downloads_a_file_that_validates(browser, served_site, tmp_path):
    context = browser.new_context(base_url=served_site, viewport={"width": 390, "height": 844}, locale="da-DK",
                                  accept_downloads=True)
    page = context.new_page()
    try:
        _open(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        answers = 0
        sections = {
            "Om initiativet": [("f-title", "Tale til tekst i jobcentret"), ("f-summary", "Tale bliver til tekst i samtaler."),
                               ("f-owner-organisation", "gladsaxe-kommune"), ("f-contact", "ai@gladsaxe.dk"),
                               ("f-category", "sagsbehandling"), ("f-status_history-0-status", "test/pilot")],
            "Formål og gevinst": [("f-purpose", "Sagsbehandlerne skal bruge mindre tid på notater.")],
            "Kilder og gennemgang": [("f-sources-0-title", "Byrådets referat 12. marts")],
        }
        for title, fields in sections.items():
            _open_task(page, title)
            for field_id, value in fields:
                _tab_to(page, f"e.id === {json.dumps(field_id)}")
                if page.evaluate("document.activeElement.tagName") == "SELECT":
                    _choose(page, value)
                else:
                    page.keyboard.type(value)
                answers += 1
            _tab_to(page, "e.id === 'ai-form-save'")
            page.keyboard.press("Enter")
            page.wait_for_function("() => !!document.getElementById('ai-form-progress')")
            status = page.locator(".ai-tasklist__item", has_text=title).locator(".ai-tag")
            assert status.inner_text() == "færdig", title
        assert answers == 8
        assert page.locator("#ai-form-progress").inner_text() == "3 af 10 afsnit færdige"
        _tab_to(page, "e.id === 'ai-form-to-check'")
        page.keyboard.press("Enter")
        page.wait_for_selector("#ai-form-download")
        assert page.locator("#ai-form-summary").count() == 0
        _tab_to(page, "e.id === 'ai-form-download'")
        with page.expect_download() as info:
            page.keyboard.press("Enter")
        download = info.value
        assert re.fullmatch(r"ai-[0-9a-hjkmnp-tv-z]{6}-tale-til-tekst-i-jobcentret-gladsaxe\.yml", download.suggested_filename)
        root = copy_site(tmp_path / "src")
        download.save_as(root / "registry" / download.suggested_filename)
        result = validate(root)
        assert result.returncode == 0, result.stderr
        assert "10 registreringer" in result.stdout
        data = yaml.safe_load((root / "registry" / download.suggested_filename).read_text(encoding="utf-8"))
        assert data["owner"] == {"organisation": "gladsaxe-kommune", "unit": "ikke oplyst"}
        assert data["expected_benefit"] == "ikke oplyst" and data["ai_act"]["risk_level"] == "ikke vurderet"
        assert data["sources"] == [{"title": "Byrådets referat 12. marts", "publisher": "ikke oplyst",
                                    "year": "ikke oplyst", "section": "ikke oplyst"}]
    finally:
        context.close()


# --- derived values ------------------------------------------------------------------

def test_the_address_comes_from_the_title_and_dates_from_today(page, content):
    _open(page, FORM + "#afsnit-om")
    page.locator("#f-title").fill("Robot til journalnotater")
    page.locator("#f-owner-organisation").select_option("gladsaxe-kommune")
    assert page.locator("#f-slug").input_value() == "robot-til-journalnotater-gladsaxe"
    today = page.evaluate("(() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); })()")
    assert page.locator("#f-status_history-0-date").input_value() == today
    # The address can be changed under Avanceret, and then the title no longer moves it.
    page.locator(".ai-form-advanced summary").click()
    page.locator("#f-slug").fill("journalrobot")
    page.locator("#f-title").fill("Robot til journalnotater 2")
    assert page.locator("#f-slug").input_value() == "journalrobot"
    assert re.fullmatch(r"AI-[0-9A-HJKMNP-TV-Z]{6}", page.locator("#f-id").input_value())
    page.goto(FORM + "#afsnit-kilder")
    page.wait_for_selector("#f-review-created")
    assert page.locator("#f-review-created").input_value() == today
    interval = int(page.locator("#f-review-interval_months").input_value())
    assert page.locator("#f-review-next_review").input_value() == add_months(datetime.date.fromisoformat(today), interval).isoformat()
    page.locator("#f-review-interval_months").fill("3")
    assert page.locator("#f-review-next_review").input_value() == add_months(datetime.date.fromisoformat(today), 3).isoformat()


def test_a_new_organisation_can_be_proposed(page):
    _open(page, FORM + "#afsnit-om")
    page.locator("#f-owner-organisation").select_option("__ny__")
    page.locator("#f-owner-organisation-ny").fill("Ærø Kommune")
    page.locator("#f-owner-organisation-type").select_option("kommune")
    page.goto(FORM + "#tjek")
    page.wait_for_selector(".ai-summary-list")
    assert "Ærø Kommune (ny organisation)" in page.locator(".ai-summary-list").first.inner_text()


# --- messages ------------------------------------------------------------------------

def test_nothing_is_flagged_before_a_field_is_left_or_a_check_is_asked_for(page):
    _open(page, FORM + "#afsnit-om")
    assert page.locator(".ai-field__error:visible").count() == 0
    assert page.locator("#ai-form-summary").count() == 0
    page.locator("#f-title").focus()
    page.keyboard.type("x")
    page.keyboard.press("Backspace")
    assert page.locator("#f-title-fejl").is_hidden()  # still in the field: not yet
    page.keyboard.press("Tab")
    assert page.locator("#f-title-fejl").text_content() == "Fejl: Skriv initiativets titel"
    assert page.locator("#f-title").get_attribute("aria-invalid") == "true"
    assert "f-title-fejl" in page.locator("#f-title").get_attribute("aria-describedby").split()


def test_a_check_lists_every_problem_at_the_top_in_the_fields_own_words(page, schema):
    _open(page, FORM + "#afsnit-om")
    page.locator("#f-status_history-0-date").fill("2026-02-31")
    page.locator("#f-contact").fill("skriv til os")
    page.locator("#ai-form-save").click()
    summary = page.locator("#ai-form-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.id") == "ai-form-summary"
    links = [a.inner_text() for a in summary.locator("a").all()]
    assert links == [
        "Skriv initiativets titel",
        "Skriv resumé i én sætning",
        "Vælg organisation",
        "Skriv kontaktadresse som en e-mailadresse, fx ai@kommune.dk, eller lad feltet stå tomt, hvis den ikke er oplyst",
        "Vælg anvendelsesområde",
        "Vælg status",
        "Dato for status findes ikke i kalenderen; skriv en rigtig dato, fx 2026-03-01",
    ]
    assert summary.locator("h2").inner_text() == "Der er 7 fejl"
    keys = {k for k in re.findall(r'"([a-z_]+)":', json.dumps(schema)) if "_" in k or k in schema["properties"]}
    for text in links:
        assert "''" not in text and not re.search(r"[\^$\\]|\btekst\b|heltal|pattern", text), text
        assert not any(re.search(rf"\b{re.escape(k)}\b", text) for k in keys), text
    summary.locator("a", has_text="Dato for status").click()
    assert page.evaluate("document.activeElement.id") == "f-status_history-0-date"
    assert _blocking(page) == []
    page.goto(FORM + "#oversigt")
    page.wait_for_selector(".ai-tasklist")
    assert page.locator(".ai-tasklist__item", has_text="Om initiativet").locator(".ai-tag").inner_text() == "skal rettes"


def test_the_register_index_refuses_a_used_address(page):
    _open(page, FORM + "#afsnit-om")
    page.locator(".ai-form-advanced summary").click()
    page.locator("#f-slug").fill("gladgpt-gladsaxe")
    page.locator("#f-slug").blur()
    assert "Adressen gladgpt-gladsaxe er allerede brugt af en anden registrering" in page.locator("#f-slug-fejl").inner_text()
    page.locator("#f-id").fill("AI-0003")
    page.locator("#f-id").blur()
    assert "Id'et AI-0003 er allerede brugt" in page.locator("#f-id-fejl").inner_text()


# --- the same rules and words in Python and in the browser -------------------------------

def _near_misses(field: dict) -> list:
    base = ["", " ", "ikke oplyst", "Ikke oplyst", "x", "to\nlinjer", "2026-03-01", "2026-02-31", "2026-3-1", "a@b.dk",
            "ab.dk", "https://x.dk", "http://x.dk", "AI-0001", "AI-7K3QZD", "AI-7K3QZI", "ai-tolk", "Æ B", 0, 1, 12, 40,
            1899, 2026, -5, True, None, "12 mdr", "x" * 81, ["a"], ["a", "a"], [],
            [{"": None}, {"": None}], [1, 1], ["a", {"b": 1}]]  # lists a YAML file can hold where lines belong
    return base + field.get("choices", []) + [c.upper() for c in field.get("choices", [])] + field.get("words", [])


def _leaf_fields(fields: list[dict]):
    for field in fields:
        if "fields" in field:
            yield from _leaf_fields(field["fields"])
        else:
            yield field


def test_the_browser_checks_a_field_as_the_validators_do_and_words_it_as_python(page, content, schema):
    """Every field of the schema, with values near and far from what it accepts: validate.js
    accepts what jsonschema accepts, fields.js picks the message form_spec.field_problem picks,
    and messages.js fills it in as messages.field_message does."""
    from macros import messages
    from macros.form_spec import _accepts, field_problem, form_spec, start_record
    _open(page)
    spec = form_spec(schema, start_record(content, schema, datetime.date(2026, 3, 1)))
    defs = schema["$defs"]
    cases = []
    for field in _leaf_fields(list(spec["fields"].values())):
        for value in _near_misses(field):
            cases.append((field, value))
    js = _module(page, "fields.js", """async (m, a) => {
        const v = await import('/javascripts/form/validate.js');
        const w = await import('/javascripts/form/messages.js');
        const say = w.makeMessages(a.table);
        return a.cases.map(([f, value]) => {
            const p = m.fieldProblem(f, value, a.defs);
            return [v.accepts(f.schema, value, a.defs), p && p[0], p && say.field(p[0], f.label, p[1])];
        });
    }""", {"cases": cases, "defs": defs,
           "table": {"field": messages.FIELD_MESSAGES, "words": messages.FORM_WORDS, "examples": messages.EXAMPLES}})
    compared = 0
    for (field, value), (accepted, kind, text) in zip(cases, js):
        assert accepted == _accepts(field["schema"], value, defs), (field["label"], value)
        python = field_problem(field, value, defs)
        assert kind == (python and python[0]), (field["label"], value)
        if python:
            assert text == messages.field_message(python[0], field["label"], **python[1]), (field["label"], value)
            compared += 1
    assert compared > 300
    # The whole record too: the start record is refused only for what it leaves unanswered.
    start = start_record(content, schema, datetime.date(2026, 3, 1))
    assert _module(page, "validate.js", "(m, a) => m.accepts(a.s, a.r, a.s.$defs)", {"s": schema, "r": start}) is False
    for record in content.records:
        assert _module(page, "validate.js", "(m, a) => m.accepts(a.s, a.r, a.s.$defs)", {"s": schema, "r": record.data})


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
    # The EU database (macros/content/eu_database.py): at 'høj' without it, with too little, with a DPIA, and not at 'høj'.
    high = {"section": "offentlig", "deployer": {"name": "x", "address": "y", "contact": "z"},
            "provider_entry_url": "ikke oplyst", "fria_summary": "ikke oplyst"}
    changed(lambda r: (r["ai_act"].update(risk_level="høj"), r["ai_act"].pop("eu_database", None)))
    changed(lambda r: r["ai_act"].update(risk_level="høj", eu_database={"section": "offentlig"}))
    changed(lambda r: r["ai_act"].update(risk_level="høj", eu_database={"section": "ikke-offentlig"}))
    changed(lambda r: r["ai_act"].update(risk_level="høj", eu_database={"section": "national"}))
    changed(lambda r: (r["ai_act"].update(risk_level="høj", eu_database=dict(high)),
                       r["legal"]["impact_assessments"].append({"kind": "Konsekvensanalyse (DPIA)", "date": "ikke oplyst"})))
    changed(lambda r: r["ai_act"].update(risk_level="høj", eu_database=dict(high)))
    changed(lambda r: r["ai_act"].update(risk_level="minimal", eu_database=dict(high)))
    changed(lambda r: (r["status_history"].append({"status": "stoppet", "date": "2099-01-15"}),
                       r["legal"].update(last_assessed="2099-02-01"),
                       r["legal"]["impact_assessments"].append({"kind": "DPIA", "date": "2099-03-01"}),
                       r["consultation"].append({"party": "MED", "kind": "hørt", "date": "2099-04-01"})))
    return out


def test_the_form_applies_the_record_rules_where_python_does(page, content, schema):
    from macros import messages
    from macros.content.model import Item
    from macros.content import eu_database
    from macros.content.register import ACCOUNTABLE_STATUSES, RegisterContext, check_record
    from macros.yamlio import dotted
    _open(page)
    today = datetime.date(2026, 11, 29)
    principles = _principles(content)
    checked = 0
    for base in (content.records[0].data, content.records[2].data):
        for record in _mutations(base):
            doc, errors = load_text(record_yaml(schema, principles, record), "x.yml")
            python = {e.field for e in check_record(Item(doc.data, doc), RegisterContext([p for p, _ in principles], today))
                      if e.field != "owner.organisation"}  # the form chooses the owner from the list
            js = _module(page, "record-rules.js", "(m, a) => m.recordRules(a[0], a[1], a[2], a[3])",
                         [record, today.isoformat(), sorted(ACCOUNTABLE_STATUSES), eu_database.form_data()])
            assert {dotted(tuple(found[0])) for found in js} == python, record["id"]
            assert all(found[1] in messages.FIELD_MESSAGES for found in js)
            checked += bool(python)
    assert checked >= 12  # the mutations did break rules


def test_importing_a_yaml_file_explains_its_mistakes_as_validate_does(page):
    """The form's YAML import and `python -m macros validate`: the same line, field and Danish
    message for each mistake of the table in test_yaml_mistakes that is in the file's form."""
    from macros import yaml_mistakes
    from test_yaml_mistakes import MISTAKES, _record
    _open(page)
    setup = """async (m, a) => { await m.loadYamlParser('/javascripts/vendor/js-yaml-4.1.0.min.js');
                                 m.configure(a.messages, a.invisible);
                                 return a.texts.map(t => m.yamlProblems(t).problems); }"""
    config = {"messages": {**yaml_mistakes.MESSAGES, "syntax": yaml_mistakes.SYNTAX}, "invisible": yaml_mistakes.INVISIBLE}
    texts, expected, names = [], [], []
    for number, mistake in enumerate(MISTAKES):
        name, data, _ = _record(mistake, number)
        if mistake.encoding != "utf-8":
            continue
        text = data.decode("utf-8")
        _, errors = load_text(text, name)
        texts.append(text)
        expected.append([[e.line, e.field, e.message] for e in errors])
        names.append(mistake.name)
    got = _module(page, "import.js", setup, {**config, "texts": texts})
    for name, js, python in zip(names, got, expected):
        assert js == python, name
    assert sum(bool(p) for p in expected) >= 11
    # Every record in the register imports without a problem, BOM or not.
    texts = [v for path in sorted((ROOT / "registry").glob("ai-*.yml"))
             for v in (path.read_text(encoding="utf-8"), "\ufeff" + path.read_text(encoding="utf-8"))]
    assert _module(page, "import.js", setup, {**config, "texts": texts}) == [[]] * len(texts)


def test_an_imported_file_fills_the_form_and_a_latin_1_file_is_refused(page):
    from test_yaml_mistakes import BASE
    _open(page)
    page.locator(".ai-form-import summary").click()
    page.locator("#ai-form-import-file").set_input_files(
        files=[{"name": "gammel.yml", "mimeType": "text/yaml", "buffer": BASE.encode("cp1252", errors="replace")}])
    page.wait_for_function("() => document.getElementById('ai-form-import-errors').textContent.length > 0")
    assert page.locator("#ai-form-import-errors").inner_text().startswith("linje 4: (hele filen): filen er ikke gemt som UTF-8")
    page.locator("#ai-form-import").fill(BASE.replace('personal_data: "ja"', "personal_data: yes"))
    page.locator("#ai-form-import-button").click()
    page.wait_for_selector(".ai-summary-list")
    summary = page.locator("#ai-form-summary")
    assert "Vælg personoplysninger på listen" in summary.inner_text()
    assert "AI-tolk i borgersamtaler" in page.locator(".ai-summary-list").first.inner_text()


# --- the task list, the draft, the principles ---------------------------------------------

def test_the_task_list_is_made_from_the_schemas_sections(page, schema):
    _open(page)
    titles = [a.inner_text() for a in page.locator(".ai-tasklist__link").all()]
    assert titles == [s["title"] for s in schema["x-form"]["sections"]]
    assert [t.inner_text() for t in page.locator(".ai-tag").all()] == ["ikke påbegyndt"] * len(titles)
    assert page.locator("#ai-form-progress").inner_text() == f"0 af {len(titles)} afsnit færdige"
    assert _blocking(page) == []
    # Every field of the schema is in exactly one section (or under Avanceret).
    placed = [k for s in schema["x-form"]["sections"] for k in s["fields"]] + schema["x-form"]["advanced"]
    assert sorted(placed) == sorted(schema["properties"])


def test_the_draft_survives_a_reload_and_a_closed_tab_until_slet_kladde(page):
    _open(page, FORM + "#afsnit-om")
    page.locator("#f-title").fill("Min kladde")
    page.wait_for_function("() => (localStorage.getItem('ai-register-kladde:ny') || '').includes('Min kladde')")
    page.reload()
    page.wait_for_selector("#f-title")
    assert page.locator("#f-title").input_value() == "Min kladde"
    assert "kladde er hentet" in page.locator("#ai-form-status").inner_text()
    other = page.context.new_page()  # the tab closed, the page opened again
    page.close()
    _open(other, FORM)
    assert page.context.pages == [other]
    assert "i gang" in other.locator(".ai-tasklist__item", has_text="Om initiativet").inner_text()
    other.locator("#ai-form-clear").click()
    assert other.evaluate("localStorage.getItem('ai-register-kladde:ny')") is None
    other.goto(FORM + "#afsnit-om")
    other.wait_for_selector("#f-title")
    assert other.locator("#f-title").input_value() == ""


def test_each_principle_shows_its_own_questions_beside_its_assessment(page, content):
    _open(page, FORM + "#afsnit-principper")
    for principle in content.principles:
        box = page.locator(".ai-principle", has=page.locator(f"#f-principle_assessments-{principle['id']}-titel"))
        questions = [li.inner_text() for li in box.locator(".ai-principle__questions li").all()]
        assert questions == [q["text"] for q in principle["questions"]]
        assert box.locator(f"#f-principle_assessments-{principle['id']}-status").input_value() == "ikke vurderet"
    assert _blocking(page) == []


def test_the_check_page_has_a_ret_link_beside_every_answer(page):
    _open(page, FORM + "?id=AI-0003#tjek")
    rows = page.locator(".ai-summary-list__row")
    assert rows.count() > 60
    for row in rows.all()[:5]:
        assert row.locator("a").inner_text().startswith("Ret")
    assert _blocking(page) == []
    title_row = page.locator(".ai-summary-list__row", has=page.locator("dt", has_text=re.compile("^Initiativets titel$")))
    title_row.locator("a").click()
    page.wait_for_function("() => document.activeElement.id === 'f-title'")
    assert page.locator("#f-title").input_value().startswith("GladGPT")


# --- proposing ---------------------------------------------------------------------------

def test_propose_links_go_to_githubs_upload_page_and_to_the_editors(page, tmp_path):
    from macros.render.record_form import upload_url
    assert upload_url("https://github.com/ai-politik/ai-politik-site", "main") == \
        "https://github.com/ai-politik/ai-politik-site/upload/main/registry"
    _open(page, FORM + "?id=AI-0003#tjek")
    link = page.locator("#ai-form-github")
    assert link.get_attribute("href") == "https://github.com/ai-politik/ai-politik-site/upload/main/registry"
    steps = page.locator(".ai-form-steps").inner_text()
    for button in ("Hent fil", "choose your files", "Commit changes", "Propose changes", "Create pull request"):
        assert button in steps
    # No address for the editors in settings.yml: the page says so instead of inventing one.
    assert "ikke oplyst en e-mailadresse" in page.locator("#ai-form-mail-missing").inner_text()


def test_send_til_redaktionen_uses_the_address_in_settings(tmp_path, browser):
    from browser_support import new_recorded_page  # noqa: F401 - the same browser
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    root = copy_site(tmp_path / "src")
    settings = (root / "settings.yml").read_text(encoding="utf-8")
    settings = settings.replace("  # contact: address, email and phone", "  contact:\n    email: redaktion@example.dk\n  # contact: address, email and phone")
    (root / "settings.yml").write_text(settings, encoding="utf-8")
    out = tmp_path / "site"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stdout + result.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SimpleHTTPRequestHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(base_url=f"http://127.0.0.1:{server.server_address[1]}/")
    try:
        page = context.new_page()
        _open(page, FORM + "?id=AI-0003#tjek")
        href = page.locator("#ai-form-mail").get_attribute("href")
        url = urlparse(href)
        assert url.scheme == "mailto" and url.path == "redaktion@example.dk"
        query = parse_qs(url.query)
        assert query["subject"][0].startswith("Rettelse til registreringen AI-0003: GladGPT")
        assert "ai-0003-gladgpt-gladsaxe.yml" in query["body"][0]
    finally:
        context.close()
        server.shutdown()


# --- the page itself ------------------------------------------------------------------------

def test_the_form_page_loads_no_ajv_no_registry_and_no_inline_code(site, page):
    html = (site / "register" / "ny" / "index.html").read_text(encoding="utf-8")
    assert "ajv" not in html and "registry.json" not in html and "record-form.js" not in html
    assert '<script type="module" src="../../javascripts/form/app.js"></script>' in html
    _open(page, FORM + "#afsnit-risiko")
    assert page.recorded.console_errors() == []
    assert not any("registry.json" in u for u in page.recorded.requests)
    assert _blocking(page) == []


def test_every_field_has_a_label_the_form_and_its_messages_use(schema):
    """A field's `title` is its name in the form and in every message ("Skriv initiativets titel"):
    a field without one would be named by its key."""
    def walk(props, prefix=""):
        for key, node in props.items():
            assert node.get("title"), f"{prefix}{key} har ingen title i registry/schema.json"
            if "properties" in node:
                walk(node["properties"], f"{prefix}{key}.")
            if isinstance(node.get("items"), dict) and "properties" in node["items"]:
                walk(node["items"]["properties"], f"{prefix}{key}.")
            if isinstance(node.get("additionalProperties"), dict):
                walk(node["additionalProperties"].get("properties", {}), f"{prefix}{key}.*.")
    walk(schema["properties"])
    for name, definition in schema["$defs"].items():
        walk(definition.get("properties", {}), f"$defs.{name}.")


def test_every_list_of_rows_says_what_one_row_is(schema):
    """A row is named by its list's `items.title` ("Risiko 2", "Tilføj risiko"), not as "række 2 under Risici"."""
    from macros.form_spec import field_specs

    def walk(fields, prefix=""):
        for field in fields:
            if field["kind"] == "rows":
                assert field["row_label"], f"{prefix}{field['key']}: items har ingen title i registry/schema.json"
            walk(field.get("fields", []), f"{prefix}{field['key']}.")
    walk(field_specs(schema).values())


def test_an_empty_list_that_needs_a_row_asks_for_one_by_name_in_python_and_in_the_browser(page, schema):
    from macros.form_spec import field_problem, field_specs
    from macros.messages import field_message

    field = field_specs(schema)["status_history"]
    python = field_problem(field, [], schema["$defs"])
    assert field_message(python[0], field["label"], **python[1]) == "Tilføj statusændring under statusforløb"
    _open(page)
    browser = _module(page, "fields.js", "(m, arg) => m.fieldProblem(arg, [], {})", field)
    assert browser == list(python)


def test_rows_are_named_as_one_of_their_kind_and_the_introduction_stays_on_the_overview(page):
    _open(page)
    intro = page.locator("#ai-form-intro")
    assert intro.is_visible() and "uden at installere noget" in intro.inner_text()
    page.locator(".ai-tasklist__link", has_text="Økonomi").click()
    page.wait_for_selector(".ai-form-section")
    assert not intro.is_visible()  # a section starts with its own questions, on a phone too
    add = page.locator("#f-budget-items-tilfoej")
    assert add.inner_text() == "Tilføj budgetpost"
    add.click()
    page.locator("#f-budget-items-tilfoej").click()
    legends = [x.inner_text() for x in page.locator("fieldset.ai-group--row > legend").all()]
    assert legends == ["Budgetpost 1", "Budgetpost 2"]
    assert page.locator("#f-budget-items-fjern-1").inner_text() == "Fjern budgetpost 2"
    page.locator("#ai-form-save").click()  # the empty rows' messages name the row they are in
    page.wait_for_selector("#ai-form-summary")
    summary = page.locator("#ai-form-summary").inner_text()
    assert "(budgetpost 2)" in summary and "række" not in summary, summary
    page.locator("a", has_text="Tilbage til oversigten").first.click()
    page.wait_for_selector(".ai-tasklist")
    assert intro.is_visible()


def test_the_risk_section_takes_the_decision_aids_outcome(page):
    """The aid opens inside the risk section; walked to a conclusion, it fills the record's risk level,
    its decision and the justification (in the draft the check page and the file are made from)."""
    tree = load_content(ROOT).decision_tree
    path = next(p for p in tree.paths() if tree.conclusions[tree.walk(p)[0].conclusion]["risk_level"] == "minimal")
    _open(page, FORM + "#afsnit-risiko")
    page.locator("#ai-form-aid-open").click()
    mount = page.locator("#ai-form-aid-mount")
    for question_id, text in path:
        index = [a["text"] for a in tree.questions[question_id]["answers"]].index(text)
        radio_id = mount.locator(f"input[type=radio][value='{index}']").get_attribute("id")
        mount.locator(f"label[for='{radio_id}']").click()  # the answer's label, as a reader clicks it
        assert mount.locator(f"#{radio_id}").is_checked()
        mount.locator(".ai-aid__continue").click()
    page.wait_for_function("() => (localStorage.getItem('ai-register-kladde:ny') || '').includes('tree_version')")
    draft = json.loads(page.evaluate("localStorage.getItem('ai-register-kladde:ny')"))
    record = draft.get("record", draft)
    assert record["ai_act"]["risk_level"] == "minimal"
    assert len(record["ai_act"]["decision"]["answers"]) == len(path)
    assert record["ai_act"]["decision"]["conclusion"] == tree.walk(path)[0].conclusion
    assert record["ai_act"]["justification"] not in ("", "ikke oplyst")
