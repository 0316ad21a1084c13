"""The AI Act decision tree (principles/beslutningstrae.yml): the questions behind /risikoniveau/,
its rules, and the rules between it and the records whose risk level it decided.

The tree is content like a principle: read and schema-checked by the one loader, then the rules a
schema cannot express, each with a Danish message that names the file, the line and the question:
an answer that points nowhere, a question no path reaches, a loop, a question or conclusion without
an article, a risk level or role the register does not know. Which risk levels and roles exist is
declared once, in registry/schema.json (the register's vocabulary).

The outcome of a walk (`DecisionTree.outcome`) is what the page's script (docs/javascripts/decision-aid.js)
computes too: the conclusion, and its articles after those of the answers given, each once.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError
from ..schema_check import SchemaChecker
from ..vocabulary import NOT_ASSESSED
from .checks import load_checked
from .model import Content, Item

TREE_FILE = "principles/beslutningstrae.yml"
TREE_SCHEMA = "principles/beslutningstrae.schema.json"


@dataclass(frozen=True)
class Outcome:
    conclusion: str
    risk_level: str
    role: str | None
    articles: list[str]


class DecisionTree:
    """The valid tree file, with the walks through it."""

    def __init__(self, item: Item):
        self.item = item

    @property
    def data(self) -> dict:
        return self.item.data

    @property
    def source_file(self) -> str:
        return self.item.source_file

    @property
    def version(self) -> int:
        return self.data["version"]

    @property
    def start(self) -> str:
        return self.data["start"]

    @property
    def questions(self) -> dict[str, dict]:
        return self.data["questions"]

    @property
    def conclusions(self) -> dict[str, dict]:
        return self.data["conclusions"]

    def walk(self, answers: list[tuple[str, str]]) -> tuple[Outcome | None, str | None]:
        """(outcome, None) for answers [(question id, answer text)] that lead from the start to a
        conclusion; (None, why not) in Danish otherwise."""
        here, chosen = self.start, []
        for index, (question, text) in enumerate(answers):
            if here is None:
                return None, f"svar nr. {index + 1} kommer efter konklusionen; fjern det"
            if question != here:
                return None, f"svar nr. {index + 1} skal besvare spørgsmålet '{here}', ikke '{question}'"
            match = next((a for a in self.questions[here]["answers"] if a["text"] == text), None)
            if match is None:
                return None, f"'{text}' er ikke et af svarene på spørgsmålet '{question}'"
            chosen.append(match)
            here = match.get("next")
        if here is not None or not chosen:
            return None, f"svarene slutter ved spørgsmålet '{here or self.start}' uden en konklusion"
        return self.outcome_of(chosen), None

    def outcome_of(self, chosen: list[dict]) -> Outcome:
        key = chosen[-1]["conclusion"]
        conclusion = self.conclusions[key]
        articles: list[str] = []
        for article in [a for answer in chosen for a in answer.get("articles", [])] + conclusion["articles"]:
            if article not in articles:
                articles.append(article)
        return Outcome(key, conclusion["risk_level"], conclusion.get("role"), articles)

    def paths(self) -> list[list[tuple[str, str]]]:
        """Every walk from the start to a conclusion, as [(question id, answer text)]."""
        out = []

        def visit(question: str, so_far: list) -> None:
            for answer in self.questions[question]["answers"]:
                step = so_far + [(question, answer["text"])]
                if "next" in answer:
                    visit(answer["next"], step)
                else:
                    out.append(step)
        visit(self.start, [])
        return out


def load_decision_tree(root: Path, content: Content, errors: list) -> None:
    """Read and check the tree (if the site has one), then the records' decisions against it."""
    path = root / TREE_FILE
    if not path.exists():
        return
    doc = load_checked(root, path, SchemaChecker(root / TREE_SCHEMA), errors)
    if doc is None:
        return
    item = Item(doc.data, doc)
    problems = tree_rules(item, content)
    errors += problems
    if not problems:
        content.decision_tree = DecisionTree(item)
        for record in content.records:
            errors += decision_rules(record, content.decision_tree)


def _answer_label(question_id: str, index: int, answer: dict) -> str:
    return f"svar nr. {index + 1} ('{answer['text']}') på spørgsmålet '{question_id}'"


def tree_rules(tree: Item, content: Content) -> list[ContentError]:
    """What the schema cannot say: every answer leads somewhere that exists, every question and
    conclusion is reached from the start, no path goes in a ring, everything cites an article,
    and the levels and roles are the register's."""
    questions, conclusions, start = tree["questions"], tree["conclusions"], tree["start"]
    errors = []
    if start not in questions:
        errors.append(tree.error(("start",), f"startspørgsmålet '{start}' findes ikke under questions; "
                                             f"brug et af: {', '.join(questions) or '(ingen spørgsmål)'}"))
    if tree["principle"] not in content.declared_principle_ids and content.declared_principle_ids:
        errors.append(tree.error(("principle",), f"princippet '{tree['principle']}' findes ikke i politikken"))
    edges: dict[str, list[tuple[int, str]]] = {}  # question -> [(answer index, next question)]
    for qid, question in questions.items():
        if not question["articles"]:
            errors.append(tree.error(("questions", qid, "articles"),
                                     f"spørgsmålet '{qid}' henviser ikke til nogen artikel i forordningen; "
                                     "skriv mindst én under articles, fx 'artikel 6, stk. 2'"))
        seen_texts: set[str] = set()
        for i, answer in enumerate(question["answers"]):
            where = ("questions", qid, "answers", i)
            label = _answer_label(qid, i, answer)
            if answer["text"] in seen_texts:
                errors.append(tree.error(where + ("text",), f"{label} står to gange; hvert svar skal have sin egen tekst"))
            seen_texts.add(answer["text"])
            has_next, has_conclusion = "next" in answer, "conclusion" in answer
            if has_next == has_conclusion:
                how = "har både next og conclusion" if has_next else "fører ingen steder hen"
                errors.append(tree.error(where, f"{label} {how}; skriv enten next (det næste spørgsmål) "
                                                "eller conclusion (en konklusion)"))
            elif has_next and answer["next"] not in questions:
                errors.append(tree.error(where + ("next",), f"{label} peger på spørgsmålet '{answer['next']}', "
                                                            f"som ikke findes; brug et af: {', '.join(questions)}"))
            elif has_conclusion and answer["conclusion"] not in conclusions:
                errors.append(tree.error(where + ("conclusion",),
                                         f"{label} peger på konklusionen '{answer['conclusion']}', som ikke findes; "
                                         f"brug en af: {', '.join(conclusions) or '(ingen konklusioner)'}"))
            if has_next and not has_conclusion and answer["next"] in questions:
                edges.setdefault(qid, []).append((i, answer["next"]))
    errors += _loops(tree, start, edges)
    if start in questions:
        errors += _unreachable(tree, start, edges)
    allowed_levels = [v for v in content.vocabulary.risk_levels if v != NOT_ASSESSED] if content.vocabulary else None
    allowed_roles = content.vocabulary.roles if content.vocabulary else None
    for cid, conclusion in conclusions.items():
        if not conclusion["articles"]:
            errors.append(tree.error(("conclusions", cid, "articles"),
                                     f"konklusionen '{cid}' henviser ikke til nogen artikel i forordningen; "
                                     "skriv mindst én under articles, fx 'artikel 26'"))
        if allowed_levels is not None and conclusion["risk_level"] not in allowed_levels:
            errors.append(tree.error(("conclusions", cid, "risk_level"),
                                     f"konklusionen '{cid}' har risikoniveauet '{conclusion['risk_level']}', som "
                                     f"registret ikke kender; brug et af: {', '.join(repr(v) for v in allowed_levels)}"))
        if allowed_roles is not None and "role" in conclusion and conclusion["role"] not in allowed_roles:
            errors.append(tree.error(("conclusions", cid, "role"),
                                     f"konklusionen '{cid}' har rollen '{conclusion['role']}', som registret ikke "
                                     f"kender; brug en af: {', '.join(repr(v) for v in allowed_roles)}"))
    return errors


def _loops(tree: Item, start: str, edges: dict) -> list[ContentError]:
    """An answer that leads back to a question on its own path: the tree would never end."""
    errors, state = [], {}  # question -> "open" while on the path, "done" after

    def visit(qid: str, path: list[str]) -> None:
        state[qid] = "open"
        for i, target in edges.get(qid, []):
            if state.get(target) == "open":
                ring = path[path.index(target):] + [qid, target] if target in path else [qid, target]
                answer = tree["questions"][qid]["answers"][i]
                errors.append(tree.error(("questions", qid, "answers", i, "next"),
                                         f"{_answer_label(qid, i, answer)} fører tilbage til spørgsmålet '{target}', "
                                         f"så træet går i ring ({' → '.join(ring)}); lad svaret føre videre eller til en konklusion"))
            elif target not in state:
                visit(target, path + [qid])
        state[qid] = "done"

    for qid in [start] + list(tree["questions"]):
        if qid in tree["questions"] and qid not in state:
            visit(qid, [])
    return errors


def _unreachable(tree: Item, start: str, edges: dict) -> list[ContentError]:
    reached, todo = {start}, [start]
    while todo:
        for _, target in edges.get(todo.pop(), []):
            if target not in reached:
                reached.add(target)
                todo.append(target)
    errors = [tree.error(("questions", qid), f"spørgsmålet '{qid}' kan ikke nås: intet svar på vejen fra "
                                             f"startspørgsmålet '{start}' fører til det; lad et svar pege på det, eller slet det")
              for qid in tree["questions"] if qid not in reached]
    used = {a.get("conclusion") for qid in reached for a in tree["questions"][qid]["answers"]}
    errors += [tree.error(("conclusions", cid), f"konklusionen '{cid}' kan ikke nås: intet svar på vejen fra "
                                                f"startspørgsmålet '{start}' fører til den; lad et svar pege på den, eller slet den")
               for cid in tree["conclusions"] if cid not in used]
    return errors


def decision_rules(record: Item, tree: DecisionTree) -> list[ContentError]:
    """A record's ai_act.decision made with this version of the tree must be a walk through it,
    and the record's risk level, role and articles must be the walk's outcome. A decision made with
    an older version is not checked against this one: it is a gap (look again), not an error."""
    act = record["ai_act"]
    decision = act.get("decision")
    if decision is None:
        return []
    version = decision["tree_version"]
    if version > tree.version:
        return [record.error(("ai_act", "decision", "tree_version"),
                             f"beslutningstræet ({TREE_FILE}) har kun version {tree.version}, ikke {version}")]
    if version < tree.version:
        return []
    outcome, why = tree.walk([(a["question"], a["answer"]) for a in decision["answers"]])
    if outcome is None:
        return [record.error(("ai_act", "decision", "answers"), f"svarene passer ikke til beslutningstræet "
                                                                 f"version {version}: {why}")]
    errors = []
    if decision["conclusion"] != outcome.conclusion:
        errors.append(record.error(("ai_act", "decision", "conclusion"),
                                   f"svarene fører til konklusionen '{outcome.conclusion}', ikke '{decision['conclusion']}'"))
    if act["risk_level"] != outcome.risk_level:
        errors.append(record.error(("ai_act", "risk_level"), f"svarene i ai_act.decision fører til risikoniveauet "
                                                              f"'{outcome.risk_level}', ikke '{act['risk_level']}'"))
    if decision.get("role") != outcome.role:
        errors.append(record.error(("ai_act", "decision", "role"),
                                   f"svarene fører til rollen '{outcome.role or 'ingen'}', ikke '{decision.get('role') or 'ingen'}'"))
    if decision["articles"] != outcome.articles:
        errors.append(record.error(("ai_act", "decision", "articles"),
                                   f"artiklerne skal være dem, svarene fører til: {', '.join(outcome.articles)}"))
    return errors
