"""The AI Act decision tree (principles/beslutningstrae.yml): a bad tree stops the build with a Danish
message naming file, line and question; the published JSON validates against the tree's schema;
every conclusion is reached; the textbook cases come out as the regulation says."""
from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import ROOT, assert_reported, line_of, mkdocs_build, read_yaml, rewrite_yaml, validate

TREE = "principles/beslutningstrae.yml"
SCHEMA = ROOT / "principles" / "beslutningstrae.schema.json"


def tree_data() -> dict:
    return read_yaml(ROOT / TREE)


# --- bad trees ------------------------------------------------------------------------

def _dangling_next(root):
    text = rewrite_yaml(root / TREE, lambda d: d["questions"]["interaktion"]["answers"][1].update(next="findes-ikke"))
    return (TREE, line_of(text, "next: findes-ikke"), "questions.interaktion.answers[1].next",
            "svar nr. 2 ('Nej') på spørgsmålet 'interaktion' peger på spørgsmålet 'findes-ikke', som ikke findes")


def _dangling_conclusion(root):
    text = rewrite_yaml(root / TREE, lambda d: d["questions"]["ai-system"]["answers"][1].update(conclusion="intet"))
    return (TREE, line_of(text, "conclusion: intet"), "questions.ai-system.answers[1].conclusion",
            "på spørgsmålet 'ai-system' peger på konklusionen 'intet', som ikke findes")


def _unreachable(root):
    def change(d):
        d["questions"]["ekstra"] = {"text": "Et spørgsmål, intet svar fører til?", "help": "Forklaring.",
                                    "articles": ["artikel 6"], "answers": [{"text": "Ja", "conclusion": "forbudt"},
                                                                           {"text": "Nej", "next": "rolle-minimal"}]}
    text = rewrite_yaml(root / TREE, change)
    return (TREE, line_of(text, "^  ekstra:"), "questions.ekstra",
            "spørgsmålet 'ekstra' kan ikke nås: intet svar på vejen fra startspørgsmålet 'ai-system' fører til det")


def _loop(root):
    text = rewrite_yaml(root / TREE, lambda d: d["questions"]["syntetisk"]["answers"][2].update(next="interaktion"))
    return (TREE, line_of(text, "next: interaktion", after="^  syntetisk:"), "questions.syntetisk.answers[2].next",
            "fører tilbage til spørgsmålet 'interaktion', så træet går i ring (interaktion → syntetisk → interaktion)")


def _conclusion_without_article(root):
    text = rewrite_yaml(root / TREE, lambda d: d["conclusions"]["minimal-udbyder"].update(articles=[]))
    return (TREE, line_of(text, "^    articles: \\[\\]"), "conclusions.minimal-udbyder.articles",
            "konklusionen 'minimal-udbyder' henviser ikke til nogen artikel i forordningen")


def _question_without_article(root):
    text = rewrite_yaml(root / TREE, lambda d: d["questions"]["bilag-i"].update(articles=[]))
    return (TREE, line_of(text, "^    articles: \\[\\]"), "questions.bilag-i.articles",
            "spørgsmålet 'bilag-i' henviser ikke til nogen artikel i forordningen")


def _unknown_level(root):
    text = rewrite_yaml(root / TREE, lambda d: d["conclusions"]["forbudt"].update(risk_level="meget høj"))
    return (TREE, line_of(text, "risk_level: meget høj"), "conclusions.forbudt.risk_level",
            "konklusionen 'forbudt' har risikoniveauet 'meget høj', som registret ikke kender; brug et af: "
            "'ikke omfattet', 'minimal', 'begrænset', 'høj', 'uacceptabel'")


def _not_assessed_is_no_conclusion(root):
    text = rewrite_yaml(root / TREE, lambda d: d["conclusions"]["undtaget"].update(risk_level="ikke vurderet"))
    return (TREE, line_of(text, "risk_level: ikke vurderet"), "conclusions.undtaget.risk_level",
            "konklusionen 'undtaget' har risikoniveauet 'ikke vurderet', som registret ikke kender")


def _unknown_role(root):
    text = rewrite_yaml(root / TREE, lambda d: d["conclusions"]["hoej-udbyder"].update(role="leverandør"))
    return (TREE, line_of(text, "role: leverandør"), "conclusions.hoej-udbyder.role",
            "rollen 'leverandør', som registret ikke kender; brug en af: 'udbyder', 'idriftsætter'")


def _both_next_and_conclusion(root):
    text = rewrite_yaml(root / TREE, lambda d: d["questions"]["undtaget"]["answers"][1].update(conclusion="undtaget"))
    return (TREE, line_of(text, "- text: Nej$", after="^  undtaget:"), "questions.undtaget.answers[1]",
            "svar nr. 2 ('Nej') på spørgsmålet 'undtaget' har både next og conclusion")


def _bad_article(root):
    text = rewrite_yaml(root / TREE, lambda d: d["conclusions"]["forbudt"].update(articles=["Art. 5"]))
    return (TREE, line_of(text, "Art. 5"), "conclusions.forbudt.articles[0]",
            "'Art. 5' har forkert form; skal være en henvisning til forordningen på formen 'artikel 6, stk. 2'")


CASES = {f.__name__.lstrip("_"): f for f in (
    _dangling_next, _dangling_conclusion, _unreachable, _loop, _conclusion_without_article,
    _question_without_article, _unknown_level, _not_assessed_is_no_conclusion, _unknown_role,
    _both_next_and_conclusion, _bad_article)}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_bad_tree_is_reported_with_file_line_and_question(site_copy, case):
    file, line, field, message = case(site_copy)
    result = validate(site_copy)
    assert result.returncode == 1
    assert_reported(result.stderr + result.stdout, file, line, field, message)


def test_a_bad_tree_stops_the_strict_build_with_the_danish_message(site_copy, tmp_path):
    file, line, field, message = _loop(site_copy)
    result = mkdocs_build(site_copy, tmp_path / "out")
    assert result.returncode != 0
    assert_reported(result.stdout + result.stderr, file, line, field, message)
    assert "Bygningen er stoppet" in result.stdout + result.stderr


# --- the published tree -----------------------------------------------------------------

def test_the_published_json_validates_against_the_trees_schema(site):
    published = json.loads((site / "risikoniveau" / "beslutningstrae.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "risikoniveau" / "beslutningstrae.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"].endswith("/risikoniveau/beslutningstrae.schema.json")
    assert {**schema, "$id": ""} == {**json.loads(SCHEMA.read_text(encoding="utf-8")), "$id": ""}
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(published))
    assert not errors, [e.message for e in errors]
    assert published == tree_data()
    assert published["start"] in published["questions"]
    for question in published["questions"].values():
        assert question["text"] and question["help"] and question["articles"]
        for answer in question["answers"]:
            assert ("next" in answer) != ("conclusion" in answer)
    for conclusion in published["conclusions"].values():
        assert conclusion["articles"] and conclusion["risk_level"]


def test_the_schema_refuses_what_the_build_refuses():
    """The published JSON is checked by its own schema too: a consumer sees the same shape."""
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    bad = tree_data()
    bad["questions"]["ai-system"]["answers"][0]["goto"] = "x"
    assert not validator.is_valid(bad)


def _tree():
    from macros.content import load_content
    return load_content(ROOT).decision_tree


def test_every_conclusion_and_every_answer_is_on_some_path():
    tree = _tree()
    paths = tree.paths()
    reached = {tree.walk(p)[0].conclusion for p in paths}
    assert reached == set(tree.conclusions)
    used = {step for p in paths for step in p}
    assert used == {(q, a["text"]) for q, question in tree.questions.items() for a in question["answers"]}


# --- textbook cases, walked through the tree's data ------------------------------------------

YES_AI, NOT_EXEMPT, NOT_PROHIBITED, NOT_ANNEX_I = ("ai-system", "Ja"), ("undtaget", "Nej"), ("forbudt", "Nej"), ("bilag-i", "Nej")
ORDINARY = [YES_AI, NOT_EXEMPT, NOT_PROHIBITED, NOT_ANNEX_I]
DEPLOYER = "Nej, vi bruger"

TEXTBOOK = {
    # A municipality scoring citizens on their behaviour for use elsewhere: Art. 5(1)(c).
    "social pointgivning": ([YES_AI, NOT_EXEMPT, ("forbudt", "Den giver mennesker point")],
                            "uacceptabel", None, ["artikel 5, stk. 1, litra c)"]),
    # A bought model that assesses who is entitled to a benefit: Annex III 5(a), profiling.
    "ret til ydelser": (ORDINARY + [("bilag-iii", "5."), ("profilering", "Ja"), ("rolle-hoej", DEPLOYER)],
                        "høj", "idriftsætter", ["bilag III, punkt 5", "artikel 6, stk. 3", "artikel 26", "artikel 27"]),
    # Sorting job applications: Annex III 4, profiling of the candidates.
    "cv-screening": (ORDINARY + [("bilag-iii", "4."), ("profilering", "Ja"), ("rolle-hoej", DEPLOYER)],
                     "høj", "idriftsætter", ["bilag III, punkt 4", "artikel 26", "artikel 49, stk. 3"]),
    # A chatbot on the website: Art. 50(1).
    "chatbot på hjemmesiden": (ORDINARY + [("bilag-iii", "Nej"), ("interaktion", "Ja"), ("rolle-begraenset", DEPLOYER)],
                               "begrænset", "idriftsætter", ["artikel 50, stk. 1", "artikel 50"]),
    # A spam filter: none of the above.
    "spamfilter": (ORDINARY + [("bilag-iii", "Nej"), ("interaktion", "Nej"), ("syntetisk", "Nej"), ("biometri", "Nej"),
                               ("rolle-minimal", DEPLOYER)], "minimal", "idriftsætter", ["artikel 4"]),
    # Generated illustrations: Art. 50(2).
    "genererede billeder": (ORDINARY + [("bilag-iii", "Nej"), ("interaktion", "Nej"), ("syntetisk", "Ja, andet"),
                                        ("rolle-begraenset", DEPLOYER)], "begrænset", "idriftsætter", ["artikel 50, stk. 2"]),
    # Emotion recognition of employees: Art. 5(1)(f).
    "følelsesgenkendelse på arbejdspladsen": ([YES_AI, NOT_EXEMPT, ("forbudt", "Den aflæser følelser hos medarbejdere")],
                                              "uacceptabel", None, ["artikel 5, stk. 1, litra f)"]),
    # A fixed-rate calculation written by people: not an AI system, Art. 3(1).
    "regelbaseret beregning": ([("ai-system", "Nej")], "ikke omfattet", None, ["artikel 3, nr. 1)"]),
}


def _answers(tree, steps):
    """[(question, full answer text)] from (question, the answer's first words)."""
    out = []
    for question, start in steps:
        matches = [a["text"] for a in tree.questions[question]["answers"] if a["text"].startswith(start)]
        assert len(matches) == 1, (question, start, matches)
        out.append((question, matches[0]))
    return out


@pytest.mark.parametrize("case", TEXTBOOK.values(), ids=TEXTBOOK.keys())
def test_textbook_cases(case):
    steps, level, role, must_cite = case
    tree = _tree()
    outcome, why = tree.walk(_answers(tree, steps))
    assert outcome is not None, why
    assert (outcome.risk_level, outcome.role) == (level, role)
    assert set(must_cite) <= set(outcome.articles), outcome.articles
    assert len(outcome.articles) == len(set(outcome.articles))


def test_a_walk_that_stops_early_or_strays_has_no_outcome():
    tree = _tree()
    assert tree.walk(_answers(tree, ORDINARY))[0] is None
    outcome, why = tree.walk([("forbudt", "Nej, ingen af dem")])
    assert outcome is None and "'ai-system'" in why


# --- the tree's own history and feed entry -----------------------------------------------------

def test_a_change_to_the_tree_is_in_its_history_and_the_policy_feed(tmp_path):
    import subprocess
    import xml.etree.ElementTree as ET

    from conftest import copy_site, html

    root = copy_site(tmp_path / "repo")

    def git(*args, date):
        env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("GIT_")}
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        result = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
                                cwd=root, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr
    git("init", "-q", "-b", "main", date="2026-11-26T10:00:00+00:00")
    git("add", "-A", date="2026-11-26T10:00:00+00:00")
    git("commit", "-q", "-m", "Everything", date="2026-11-26T10:00:00+00:00")
    tree = root / TREE
    text = tree.read_text(encoding="utf-8")
    tree.write_text(text.replace("\nversion: 1\n", "\nversion: 2\n").replace(
        "text: Taler eller skriver løsningen direkte med mennesker?",
        "text: Taler eller skriver løsningen direkte med borgere eller medarbejdere?"), encoding="utf-8")
    git("commit", "-q", "-am", "Decision tree: clearer question on interaction", date="2026-11-27T10:00:00+00:00")
    out = tmp_path / "out"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stdout + result.stderr
    heading = html(out, "risikoniveau").find(id="historik")
    items = [" ".join(li.get_text().split()) for li in heading.find_next("ul").find_all("li", recursive=False)]
    assert items[0].startswith("27. november 2026: Version: 1 → 2; Spørgsmål: ændret")
    assert "Decision tree: clearer question on interaction" in items[0]
    assert items[1].startswith("26. november 2026: Oprettet")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(out / "feeds" / "politik.xml").getroot()
    first = feed.find(f"{atom}entry")
    assert first.find(f"{atom}title").text == "Beslutningstræet for risikoniveau (version 2) er ændret"
    assert first.find(f"{atom}link").get("href").endswith("/risikoniveau/#historik")
    # the records decided with version 1 are now to be looked at again
    gaps = " ".join(html(out, "register/mangler").get_text().split())
    assert "fundet med version 1 af beslutningstræet, som nu er i version 2" in gaps
