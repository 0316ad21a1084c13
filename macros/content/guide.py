"""The SMV guide (smv/): its steps and checklists, and the downloadable inventory templates."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import ContentError
from ..schema_check import SchemaChecker
from ..yamlio import dotted, load
from .checks import load_checked, rel, unique
from .model import Content, Item

GUIDE_STEP_COUNT = 5  # the source's five-step guide
# The guide's own pages and folders under /smv/; a step's slug must not take them.
GUIDE_RESERVED_SLUGS = {"index", "skabeloner"}
# The downloadable templates in smv/templates/ (published under /smv/skabeloner/).
SMV_TEMPLATES = {"policy": "ai-politik-skabelon.md", "inventory_csv": "ai-vaerktoejer.csv",
                 "inventory_yml": "ai-vaerktoejer.yml"}
INVENTORY_KEY = "vaerktoejer"  # the list of tools in the YAML inventory


def load_guide(root: Path, content: Content, errors: list) -> None:
    path = root / "smv" / "guide.yml"
    if not path.exists():
        return
    _check_inventory_templates(root, errors)
    doc = load_checked(root, path, SchemaChecker(root / "smv" / "schema.json"), errors)
    if not doc:
        return
    content.guide = Item(doc.data, doc)
    steps = [Item(s, doc, ("steps", i)) for i, s in enumerate(doc.data["steps"])]
    for key, label in (("id", "id'et"), ("number", "nummeret"), ("slug", "adressen")):
        errors += unique(steps, key, label)
    checklist = [Item(c, doc, ("steps", i, "checklist", j)) for i, s in enumerate(steps) for j, c in enumerate(s["checklist"])]
    errors += unique(checklist, "id", "tjeklistepunktets id")
    known = content.declared_principle_ids
    for i, step in enumerate(steps):
        if step["number"] != i + 1:
            errors.append(step.error(("number",), f"trinnene skal stå i rækkefølge; forventede nummer {i + 1}"))
        for j, pid in enumerate(step["related_principles"]):
            if known and pid not in known:
                errors.append(step.error(("related_principles", j), f"princippet '{pid}' findes ikke i politikken"))
        if step["slug"] in GUIDE_RESERVED_SLUGS:
            errors.append(step.error(("slug",), f"adressen '{step['slug']}' er forbeholdt guidens egne sider; vælg en anden"))
        for j, item in enumerate(step["checklist"]):
            # The id is the key a reader's ticks are stored under: namespaced by step, never reused.
            if not item["id"].startswith(step["id"] + "-"):
                errors.append(step.error(("checklist", j, "id"), f"tjeklistepunktets id skal begynde med {step['id']}-"))
    if len(steps) != GUIDE_STEP_COUNT:
        errors.append(ContentError(doc.path, doc.line_of(("steps",)), "steps",
                                   f"guiden skal have præcis {GUIDE_STEP_COUNT} trin, fandt {len(steps)}"))


def _check_inventory_templates(root: Path, errors: list) -> None:
    """The AI-tool inventory comes as CSV and as YAML: both must exist, parse and have the same fields."""
    folder = root / "smv" / "templates"
    for name in SMV_TEMPLATES.values():
        if not (folder / name).exists():
            errors.append(ContentError(rel(root, folder / name), 1, "", "skabelonen mangler; guiden linker til den"))
    csv_path, yml_path = folder / SMV_TEMPLATES["inventory_csv"], folder / SMV_TEMPLATES["inventory_yml"]
    if not (csv_path.exists() and yml_path.exists()):
        return
    csv_name = rel(root, csv_path)
    try:
        rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        errors.append(ContentError(csv_name, 1, "", f"filen kan ikke læses som CSV ({exc})"))
        return
    if not rows or not any(rows[0]):
        errors.append(ContentError(csv_name, 1, "", "filen skal begynde med en linje med kolonnenavne"))
        return
    header = rows[0]
    for number, row in enumerate(rows[1:], 2):
        if row and len(row) != len(header):
            errors.append(ContentError(csv_name, number, "", f"rækken har {len(row)} felter, men der er {len(header)} kolonner"))
    doc, problems = load(yml_path, rel(root, yml_path))
    errors += problems
    if doc is None:
        return
    tools = doc.data.get(INVENTORY_KEY) if isinstance(doc.data, dict) else None
    if not isinstance(tools, list) or not tools or not all(isinstance(t, dict) for t in tools):
        errors.append(ContentError(doc.path, doc.line_of((INVENTORY_KEY,)), INVENTORY_KEY,
                                   "skal være en liste med mindst ét værktøj (felter: nøgle: værdi)"))
        return
    for i, tool in enumerate(tools):
        missing = [c for c in header if c not in tool]
        extra = [k for k in tool if k not in header]
        if missing or extra:
            what = "; ".join(filter(None, [
                f"mangler {', '.join(missing)}" if missing else "",
                f"har {', '.join(map(str, extra))}, som ikke er en kolonne i {csv_path.name}" if extra else ""]))
            errors.append(ContentError(doc.path, doc.line_of((INVENTORY_KEY, i)), dotted((INVENTORY_KEY, i)),
                                       f"felterne skal være de samme som kolonnerne i {csv_path.name}: {what}"))
