"""Records whose risk level the decision aid decided: the page shows how (answers, articles, tree version);
at 'høj' what the AI Act asks of a public deployer; a decision made with an older tree is flagged on the
page and in the gaps; a decision that does not fit the tree is an error with file and line; and
'ikke omfattet' is counted apart from 'ikke vurderet'."""
from __future__ import annotations

import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from browser_support import new_recorded_page, open_page
from conftest import ROOT, assert_reported, html, line_of, mkdocs_build, read_yaml, rewrite_yaml, validate

GLADGPT = "registry/ai-0003-gladgpt-gladsaxe.yml"
SOENDERBORG = "registry/ai-0004-kropsbaarne-hjaelpemidler-soenderborg.yml"
THISTED = "registry/ai-0002-tale-til-tekst-hjemmeplejen-thisted.yml"
TREE_FILE = "principles/beslutningstrae.yml"


def _tree(root=ROOT):
    from macros.content import load_content
    return load_content(root).decision_tree


def decision_for(steps: list[tuple[str, str]], root=ROOT) -> tuple[str, dict]:
    """(risk level, ai_act.decision) for answers given by their first words, walked through the tree."""
    tree = _tree(root)
    answers = []
    for question, start in steps:
        (text,) = [a["text"] for a in tree.questions[question]["answers"] if a["text"].startswith(start)]
        answers.append((question, text))
    outcome, why = tree.walk(answers)
    assert outcome, why
    decision = {"tree_version": tree.version, "conclusion": outcome.conclusion}
    if outcome.role:
        decision["role"] = outcome.role
    decision.update(articles=outcome.articles, answers=[{"question": q, "answer": a} for q, a in answers])
    return outcome.risk_level, decision


ORDINARY = [("ai-system", "Ja"), ("undtaget", "Nej"), ("forbudt", "Nej"), ("bilag-i", "Nej")]
ELIGIBILITY = ORDINARY + [("bilag-iii", "5."), ("profilering", "Ja"), ("rolle-hoej", "Nej, vi bruger")]
NOT_AI = [("ai-system", "Nej")]
EU_DATABASE = {"section": "offentlig",
               "deployer": {"name": "ikke oplyst", "address": "ikke oplyst", "contact": "ikke oplyst"},
               "provider_entry_url": "ikke oplyst", "fria_summary": "ikke oplyst"}


def set_decision(path, steps, **extra) -> str:
    level, decision = decision_for(steps)

    def change(d):
        d["ai_act"].update(risk_level=level, decision=decision, **extra)
    text = rewrite_yaml(path, change)
    path.write_text("# yaml-language-server: $schema=schema.json\n" + text, encoding="utf-8")
    return path.read_text(encoding="utf-8")


def _section_text(soup, anchor: str) -> str:
    heading = soup.find(id=anchor)
    assert heading is not None, anchor
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h2", "h3") and sibling is not heading:
            break
        parts.append(sibling.get_text(" "))
    return " ".join(" ".join(parts).split())


def test_a_decided_record_shows_how_it_was_decided(site):
    record = read_yaml(ROOT / GLADGPT)
    decision = record["ai_act"]["decision"]
    tree = _tree()
    soup = html(site, "register/gladgpt-gladsaxe")
    text = _section_text(soup, "saadan-fundet")
    assert f"beslutningstræ version {decision['tree_version']}" in text
    assert "Rolle efter forordningen: udbyder." in text
    rows = [[" ".join(td.get_text().split()) for td in tr.find_all("td")]
            for tr in soup.find(id="saadan-fundet").find_next("table").find("tbody").find_all("tr")]
    assert rows == [[" ".join(tree.questions[a["question"]]["text"].split()), a["answer"]] for a in decision["answers"]]
    links = [a["href"] for a in soup.find(id="saadan-fundet").find_next("table").select("tbody a")]
    assert links == [f"../../risikoniveau/#spm-{a['question']}" for a in decision["answers"]]
    assert "artikel 50, stk. 1; artikel 50" in text
    link = soup.find(id="saadan-fundet").find_next("a", string="hjælpen til risikoniveauet")
    assert link["href"] == "../../risikoniveau/"
    assert soup.find(id="krav-ved-hoej-risiko") is None  # begrænset: no deployer duties
    assert "Beslutningstræet er ændret siden" not in soup.get_text()


def test_an_undecided_record_has_no_decision_section(site):
    soup = html(site, "register/tale-til-tekst-hjemmeplejen-thisted")
    assert soup.find(id="saadan-fundet") is None


def test_principle_4_links_to_the_aid(site):
    soup = html(site, "principper/p04-risikovurdering")
    link = soup.find("a", string="Find risikoniveauet efter AI-forordningen")
    assert link is not None and link["href"] == "../../risikoniveau/"


def test_at_high_risk_the_page_says_what_a_public_deployer_must_do(site_copy, tmp_path):
    set_decision(site_copy / SOENDERBORG, ELIGIBILITY, eu_database=EU_DATABASE)
    assert validate(site_copy).returncode == 0, validate(site_copy).stderr
    out = tmp_path / "out"
    result = mkdocs_build(site_copy, out)
    assert result.returncode == 0, result.stdout + result.stderr
    soup = html(out, "register/kropsbaarne-hjaelpemidler-soenderborg")
    duties = _section_text(soup, "krav-ved-hoej-risiko")
    tree = read_yaml(site_copy / TREE_FILE)
    for item in tree["public_deployer_duties"]["items"]:
        assert " ".join(item["text"].split()) in duties
    for article in ("artikel 26, stk. 1", "artikel 27", "artikel 49, stk. 3"):
        assert f"({article}" in duties or f"; {article}" in duties, article
    how = _section_text(soup, "saadan-fundet")
    assert "bilag III, punkt 5" in how and "idriftsætter" in how


def test_a_record_decided_with_an_older_tree_is_flagged_on_its_page_and_in_the_gaps(site_copy, tmp_path):
    tree = site_copy / TREE_FILE
    text = tree.read_text(encoding="utf-8")
    tree.write_text(text.replace("\nversion: 1\n", "\nversion: 2\n"), encoding="utf-8")
    assert validate(site_copy).returncode == 0  # an older decision is a gap, not an error
    out = tmp_path / "out"
    result = mkdocs_build(site_copy, out)
    assert result.returncode == 0, result.stdout + result.stderr
    page = html(out, "register/gladgpt-gladsaxe")
    warning = page.find(class_="admonition warning", string=None)
    notes = [" ".join(a.get_text().split()) for a in page.select(".admonition.warning")]
    assert any("Beslutningstræet er ændret siden" in n and "version 1" in n and "version 2" in n for n in notes), notes
    assert warning is not None
    gaps = " ".join(html(out, "register/mangler").get_text().split())
    assert "Risikoniveauet er fundet med en ældre version af beslutningstræet" in gaps
    assert "fundet med version 1 af beslutningstræet, som nu er i version 2" in gaps
    # and the records decided with the current tree are not
    assert gaps.count("version 1 af beslutningstræet") == sum(
        1 for p in (site_copy / "registry").glob("ai-*.yml") if "decision:" in p.read_text(encoding="utf-8"))


# --- a decision that does not fit the tree --------------------------------------------

def _level_differs(root):
    text = rewrite_yaml(root / GLADGPT, lambda d: d["ai_act"].update(risk_level="minimal"))
    return GLADGPT, line_of(text, "^  risk_level:"), "ai_act.risk_level", \
        "svarene i ai_act.decision fører til risikoniveauet 'begrænset', ikke 'minimal'"


def _answer_not_in_tree(root):
    text = rewrite_yaml(root / GLADGPT, lambda d: d["ai_act"]["decision"]["answers"][1].update(answer="Måske"))
    return GLADGPT, line_of(text, "^    answers:"), "ai_act.decision.answers", \
        "svarene passer ikke til beslutningstræet version 1: 'Måske' er ikke et af svarene på spørgsmålet 'undtaget'"


def _wrong_articles(root):
    text = rewrite_yaml(root / GLADGPT, lambda d: d["ai_act"]["decision"].update(articles=["artikel 6"]))
    return GLADGPT, line_of(text, "^    articles:"), "ai_act.decision.articles", \
        "artiklerne skal være dem, svarene fører til: artikel 50, stk. 1, artikel 50"


def _wrong_role(root):
    text = rewrite_yaml(root / GLADGPT, lambda d: d["ai_act"]["decision"].update(role="idriftsætter"))
    return GLADGPT, line_of(text, "^    role:"), "ai_act.decision.role", \
        "svarene fører til rollen 'udbyder', ikke 'idriftsætter'"


def _newer_than_the_tree(root):
    text = rewrite_yaml(root / GLADGPT, lambda d: d["ai_act"]["decision"].update(tree_version=7))
    return GLADGPT, line_of(text, "^    tree_version:"), "ai_act.decision.tree_version", \
        "beslutningstræet (principles/beslutningstrae.yml) har kun version 1, ikke 7"


def _unfinished(root):
    text = rewrite_yaml(root / GLADGPT, lambda d: d["ai_act"]["decision"]["answers"].pop())
    return GLADGPT, line_of(text, "^    answers:"), "ai_act.decision.answers", \
        "svarene slutter ved spørgsmålet 'rolle-begraenset' uden en konklusion"


def _unknown_role_value(root):
    text = rewrite_yaml(root / GLADGPT, lambda d: d["ai_act"]["decision"].update(role="leverandør"))
    return GLADGPT, line_of(text, "^    role:"), "ai_act.decision.role", \
        "'leverandør' er ikke en tilladt værdi; brug en af: 'udbyder', 'idriftsætter'"


BAD = {f.__name__.lstrip("_"): f for f in (_level_differs, _answer_not_in_tree, _wrong_articles, _wrong_role,
                                            _newer_than_the_tree, _unfinished, _unknown_role_value)}


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_a_decision_that_does_not_fit_the_tree_is_reported(site_copy, case):
    file, line, field, message = case(site_copy)
    path = site_copy / file
    path.write_text("# yaml-language-server: $schema=schema.json\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = validate(site_copy)
    assert result.returncode == 1
    assert_reported(result.stderr + result.stdout, file, line + 1, field, message)


# --- 'ikke omfattet' is counted apart ----------------------------------------------------

def _serve(folder):
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_not_covered_is_counted_apart_from_not_assessed(site_copy, tmp_path, browser):
    set_decision(site_copy / THISTED, NOT_AI)
    out = tmp_path / "out"
    result = mkdocs_build(site_copy, out)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = json.loads((out / "register/oversigt.json").read_text(encoding="utf-8"))
    assert "ikke omfattet" in rows["risks"] and "ikke vurderet" in rows["risks"]
    levels = [rows["risks"][r[6]] for r in rows["rows"]]
    expected = {level: levels.count(level) for level in set(levels)}
    assert expected["ikke omfattet"] == 1 and expected["ikke vurderet"] >= 1
    server = _serve(out)
    page = new_recorded_page(browser, f"http://127.0.0.1:{server.server_address[1]}/")
    try:
        for url in ("register/", "matrix/"):
            open_page(page, url)
            page.wait_for_function("() => document.querySelector('form.ai-browser').aiBrowser")
            texts = page.locator("form.ai-browser select[name=risiko] option").evaluate_all(
                "os => Object.fromEntries(os.filter(o => o.value).map(o => [o.value, o.textContent]))")
            assert texts["ikke omfattet"].endswith(f"({expected['ikke omfattet']})"), texts
            assert texts["ikke vurderet"].endswith(f"({expected['ikke vurderet']})"), texts
    finally:
        page.context.close()
        server.shutdown()
