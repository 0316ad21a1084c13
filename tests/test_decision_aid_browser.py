"""The decision aid (/risikoniveau/) in Chromium: walked by keyboard to every conclusion along paths made
from the tree (every answer is chosen on some path), with focus on each new heading, axe on every
question and result at 390 and 1280 px, back and start over, the error when no answer is chosen,
and the outcome the page gives agreeing with the build's own walk of the tree."""
from __future__ import annotations

import re

import pytest
import yaml

from browser_support import new_recorded_page, open_page
from conftest import ROOT
from test_browser import BLOCKING_IMPACTS, _violations_report, axe_violations, tab_until

URL = "risikoniveau/"
WIDTHS = [390, 1280]
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'self'; form-action 'self'")


def _tree():
    from macros.content import load_content
    return load_content(ROOT).decision_tree


def covering_paths(tree) -> list[list[tuple[str, str]]]:
    """Few walks from the start that together choose every answer of every question (and so reach
    every conclusion): greedily, the walk that chooses most answers not yet chosen."""
    todo = {(q, a["text"]) for q, question in tree.questions.items() for a in question["answers"]}
    chosen = []
    candidates = tree.paths()
    while todo:
        best = max(candidates, key=lambda p: len(todo & set(p)))
        chosen.append(best)
        todo -= set(best)
    return chosen


TREE = _tree()
PATHS = covering_paths(TREE)


def path_id(path) -> str:
    return TREE.walk(path)[0].conclusion + ":" + "/".join(
        str([a["text"] for a in TREE.questions[q]["answers"]].index(t) + 1) for q, t in path)


@pytest.fixture(scope="module")
def axe_seen():
    """(width, what is shown) already checked by axe: each question and result once per width."""
    return set()


def _active(page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement; return {
        tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, text: el.textContent.trim(),
        type: el.getAttribute('type'), value: el.value, checked: !!el.checked }; }""")


def _check_axe(page, key, seen):
    if key in seen:
        return
    seen.add(key)
    # Focus scrolls the page, and the theme's "back to top" button fades in: check the page as it settles.
    page.wait_for_timeout(250)
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{key}: alvorlige WCAG 2.1 AA-fejl\n" + _violations_report(blocking)


def _answer_by_keyboard(page, question_id: str, text: str) -> None:
    """From the question's heading (focused): Tab into the radio group, arrow to the answer, Tab to Fortsæt, Enter."""
    answers = [a["text"] for a in TREE.questions[question_id]["answers"]]
    index = answers.index(text)
    page.keyboard.press("Tab")
    active = _active(page)
    assert active["tag"] == "input" and active["type"] == "radio", active
    start = int(active["value"])
    if start == index:
        page.keyboard.press("Space")
    for _ in range(abs(index - start)):
        page.keyboard.press("ArrowDown" if index > start else "ArrowUp")
    active = _active(page)
    assert active["checked"] and int(active["value"]) == index, (question_id, index, active)
    page.keyboard.press("Tab")
    active = _active(page)
    assert active["tag"] == "button" and active["text"] == "Fortsæt", active
    page.keyboard.press("Enter")


def _shown_yaml(page) -> dict:
    details = page.locator("details.ai-aid-yaml")
    assert details.is_hidden() is False
    return yaml.safe_load(details.locator("code").text_content())["ai_act"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PATHS, ids=[path_id(p) for p in PATHS])
def test_walk_to_the_conclusion_by_keyboard(browser, served_site, axe_seen, path, width):
    page = new_recorded_page(browser, served_site)
    try:
        page.set_viewport_size({"width": width, "height": 900})
        open_page(page, URL)
        # Tab reaches the first question from the top of the page (test_tab_reaches_the_first_question);
        # the walk starts on its heading, as it does after every answer.
        page.locator(".ai-aid__heading").focus()
        _check_axe(page, (width, TREE.start), axe_seen)
        for number, (question_id, text) in enumerate(path):
            if number:
                active = _active(page)
                assert active["tag"] == "h2" and active["text"] == TREE.questions[question_id]["text"], active
                _check_axe(page, (width, question_id), axe_seen)
            _answer_by_keyboard(page, question_id, text)
        outcome, _ = TREE.walk(path)
        conclusion = TREE.conclusions[outcome.conclusion]
        active = _active(page)
        assert active["tag"] == "h2" and active["text"].startswith("Resultat: "), active
        result = page.locator(".ai-aid__result")
        assert " ".join(conclusion["text"].split()) in " ".join(result.inner_text().split())
        assert page.locator(".ai-aid [role=status]").text_content().startswith("Resultat: ")
        shown_articles = result.locator(".ai-aid__article-list li").all_inner_texts()
        assert shown_articles == outcome.articles
        assert ("Hvad forordningen kræver af en offentlig idriftsætter" in result.inner_text()) == (outcome.risk_level == "høj")
        # The outcome handed to onOutcome (the page shows it as YAML) is the build's walk of the same answers.
        act = _shown_yaml(page)
        assert act["risk_level"] == outcome.risk_level
        decision = act["decision"]
        assert decision["tree_version"] == TREE.version and decision["conclusion"] == outcome.conclusion
        assert decision.get("role") == outcome.role and decision["articles"] == outcome.articles
        assert [(a["question"], a["answer"]) for a in decision["answers"]] == path
        for question_id, text in path:
            assert f"{TREE.questions[question_id]['text']} Svar: {text}" in act["justification"]
        _check_axe(page, (width, "resultat-" + outcome.conclusion), axe_seen)
        assert not page.recorded.console_errors(), page.recorded.console_errors()
        assert not page.recorded.foreign_requests()
    finally:
        page.context.close()


def test_tab_reaches_the_first_question_from_the_top_of_the_page(page):
    open_page(page, URL)
    first_radio = f"ai-aid-1-{TREE.start}-"
    path = tab_until(page, lambda a: a["tag"] == "input" and a["id"].startswith(first_radio), limit=400)
    assert path[-1]["visible"]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_answer_shows_the_error_and_back_and_start_over_work_by_keyboard(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, URL)
    page.locator(".ai-aid__continue").focus()
    page.keyboard.press("Enter")
    summary = page.locator(".ai-aid__summary")
    assert summary.is_visible() and page.evaluate("document.activeElement.classList.contains('ai-aid__summary')")
    described = page.locator(".ai-aid__fieldset").get_attribute("aria-describedby").split()
    assert any(page.locator(f"[id='{i}']").text_content().strip() == "Fejl: Vælg et svar." for i in described)
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, _violations_report(blocking)
    page.keyboard.press("Tab")  # the summary's link
    page.keyboard.press("Enter")
    assert _active(page)["type"] == "radio"
    # Answer the first two questions, go back: the earlier answer is still chosen, focus on its heading.
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    _answer_by_keyboard(page, "undtaget", "Nej")
    assert _active(page)["text"] == TREE.questions["forbudt"]["text"]
    back = page.locator(".ai-aid__back")
    back.focus()
    page.keyboard.press("Enter")
    assert _active(page)["text"] == TREE.questions["undtaget"]["text"]
    assert page.locator(".ai-aid__radio input:checked + label").inner_text() == "Nej"
    page.locator(".ai-aid__restart").focus()
    page.keyboard.press("Enter")
    assert _active(page)["text"] == TREE.questions[TREE.start]["text"]
    assert page.locator(".ai-aid__bar").is_hidden()
    assert page.locator(".ai-aid__radio input:checked").count() == 0


def test_changing_an_answer_from_the_result_goes_back_to_that_question(page):
    open_page(page, URL)
    page.locator(".ai-aid__continue").focus()
    steps = [("ai-system", "Nej, løsningen følger kun regler, som mennesker har skrevet")]
    page.locator(".ai-aid__heading").focus()
    _answer_by_keyboard(page, *steps[0])
    assert page.locator("details.ai-aid-yaml").is_visible()
    change = page.locator(".ai-aid__change").first
    assert change.inner_text().startswith("Skift")
    change.focus()
    page.keyboard.press("Enter")
    assert _active(page)["text"] == TREE.questions["ai-system"]["text"]
    assert page.locator("details.ai-aid-yaml").is_hidden()  # onOutcome(null): no outcome while a question is open


def test_the_aid_works_under_the_sites_content_security_policy(browser, served_site):
    """With the CSP of every page (COMMON.md) sent as a header: the aid runs, and nothing of it is refused."""
    context = browser.new_context(base_url=served_site)
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', e => "
                            "window.__csp.push({file: e.sourceFile, directive: e.violatedDirective, "
                            "sample: e.sample, inAid: !!(e.target && e.target.closest && e.target.closest('.ai-aid'))}));")

    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})
    context.route("**/*", with_csp)
    page = context.new_page()
    try:
        page.goto(URL)
        page.wait_for_selector(".ai-aid__heading")
        page.locator(".ai-aid__heading").focus()
        _answer_by_keyboard(page, "ai-system", TREE.questions["ai-system"]["answers"][1]["text"])
        page.wait_for_selector(".ai-aid__result")
        violations = page.evaluate("window.__csp")
        mine = [v for v in violations if v["inAid"] or re.search(r"decision-aid", v["file"] or "")]
        assert not mine, mine
    finally:
        context.close()


def test_the_scripts_use_nothing_the_policy_forbids():
    for name in ("decision-aid.js", "decision-aid-page.js"):
        source = (ROOT / "docs" / "javascripts" / name).read_text(encoding="utf-8")
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("//"))
        for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", ".style", "setAttribute(\"style",
                          "eval(", "new Function", "setAttribute(\"on", "document.write"):
            assert forbidden not in code, f"{name}: {forbidden}"
    assert "export function mountDecisionAid(container, options)" in (ROOT / "docs/javascripts/decision-aid.js").read_text(encoding="utf-8")


def test_the_markup_the_script_makes_is_valid_html(page, tmp_path):
    """The Nu Html Checker on the page as the script has made it: a question with its error, and a result at 'høj'."""
    from test_html_valid import report, vnu_errors
    open_page(page, URL)
    page.locator(".ai-aid__continue").click()
    files = [tmp_path / "spoergsmaal.html"]
    files[0].write_text(page.content(), encoding="utf-8")
    steps = [("ai-system", "Ja"), ("undtaget", "Nej"), ("forbudt", "Nej"), ("bilag-i", "Nej"), ("bilag-iii", "4."),
             ("profilering", "Ja"), ("rolle-hoej", "Nej, vi bruger")]
    for question, start in steps:
        page.locator(".ai-aid__radio label", has_text=start).first.click()
        page.locator(".ai-aid__continue").click()
    assert page.locator(".ai-aid__result h2").inner_text() == "Resultat: Høj risiko"
    files.append(tmp_path / "resultat.html")
    files[1].write_text(page.content(), encoding="utf-8")
    errors = vnu_errors(tmp_path, files)
    assert not any(errors.values()), "\n".join(report(tmp_path, e) for e in errors.values() if e)


def test_the_script_and_the_page_name_the_results_alike():
    from macros.render.decision_aid import CONCLUSION_TITLES
    source = (ROOT / "docs/javascripts/decision-aid.js").read_text(encoding="utf-8")
    for level, title in CONCLUSION_TITLES.items():
        assert f'"{title}"' in source, level
    assert set(CONCLUSION_TITLES) == {c["risk_level"] for c in TREE.conclusions.values()}
