"""The register as open data: JSON (valid against the schema), CSV and XLSX (a column per
field of the schema), and the schema itself."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable

from .content import Content, Organisation
from .tables import Table, Value

JSON_URI = "register/registry.json"
CSV_URI = "register/registry.csv"
XLSX_URI = "register/registry.xlsx"
SCHEMA_URI = "register/schema.json"
LIST_SEPARATOR = "; "  # between the values of a list of texts, in one cell


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    read: Callable[[dict], Value]


@dataclass(frozen=True)
class Field:
    path: str         # dotted as in registry.json, e.g. owner.organisation; risks[].rating inside a list
    node: dict        # the schema's description of the field, $refs resolved
    required: bool
    description: str


# Columns that are not a field but are worked out from one, each placed after the column named.
DERIVED = [
    ("status_history (antal)", Column("aktuel_status", "Den aktuelle status: den sidste række i status_history.",
                                      lambda r: r["status_history"][-1]["status"])),
    ("status_history (antal)", Column("aktuel_status_dato", "Datoen for den aktuelle status.",
                                      lambda r: r["status_history"][-1]["date"])),
    ("budget.items (antal)", Column("budget_sum_af_poster_kr", "Summen af budgetposternes beløb i kroner.",
                                    lambda r: sum(i["amount_dkk"] for i in r["budget"]["items"]))),
]


def organisation_columns(organisations: dict[str, Organisation]) -> list[tuple[str, Column]]:
    """The owner's name, type and official numbers from registry/organisations.yml, beside the key
    the record holds in owner.organisation. The numbers keep the columns' names from when they
    were written in the records (owner.cvr, …), so the tools that read them need no change."""
    def of(r: dict) -> Organisation | None:
        return organisations.get(r["owner"]["organisation"])

    def identifier(key: str):
        return lambda r: (of(r).identifiers.get(key) if of(r) else None)
    after = "owner.organisation"
    return [
        (after, Column("organisation_navn", "Ejerorganisationens navn (owner.organisation er dens faste nøgle).",
                       lambda r: of(r).name if of(r) else r["owner"]["organisation"])),
        (after, Column("organisation_type", "Ejerorganisationens type: kommune, region, statslig, fællesoffentlig, "
                                            "privat leverandør eller andet.",
                       lambda r: of(r).type if of(r) else r["owner"]["organisation"])),
        (after, Column("owner.cvr", "Ejerorganisationens CVR-nummer, hvis en kilde oplyser det.", identifier("cvr"))),
        (after, Column("owner.municipality_code", "Kommunekoden, hvis ejeren er en kommune, og en kilde oplyser den.",
                       identifier("municipality_code"))),
        (after, Column("owner.region_code", "Regionskoden, hvis ejeren er en region, og en kilde oplyser den.",
                       identifier("region_code"))),
    ]


def derived_columns(organisations: dict[str, Organisation]) -> list[tuple[str, Column]]:
    """(the column it follows, column) for every column worked out from the fields."""
    return organisation_columns(organisations) + DERIVED


def organisations_data(content: Content) -> dict:
    """key -> what the open data says about an organisation (its review team is the register's own setup)."""
    return {key: {"name": org.name, "short_name": org.short_name, "type": org.type,
                  **({"identifiers": org.identifiers} if org.identifiers else {})}
            for key, org in content.organisations.items()}


def registry_json(content: Content) -> str:
    """Every record exactly as validated; each item of "records" is valid against schema.json.
    "organisations" names the owners: a record's owner.organisation is a key there."""
    head = {
        "description": "AI-registret som åbne data. Hver post i 'records' følger schema.json; "
                       "owner.organisation er en nøgle i 'organisations'.",
        "schema": "schema.json",
        "organisations": organisations_data(content),
    }
    # One record per line. json.dumps(indent=...) uses the pure-Python encoder, about 2 s
    # per 1,000 records; without indent the C encoder takes a tenth of that.
    records = ",\n".join(json.dumps(r.data, ensure_ascii=False) for r in content.records)
    return json.dumps(head, ensure_ascii=False)[:-1] + ',\n"records": [\n' + records + "\n]}\n"


def registry_table(content: Content) -> Table:
    """One row per record, one column per field of registry/schema.json (see register_columns)."""
    schema = json.loads((content.root / "registry" / "schema.json").read_text(encoding="utf-8"))
    columns = register_columns(schema, derived_columns(content.organisations))
    return Table("AI-registret", [c.name for c in columns], [[c.read(r.data) for c in columns] for r in content.records],
                 [c.description for c in columns])


def register_columns(schema: dict, derived: list[tuple[str, Column]] = DERIVED) -> list[Column]:
    """Every field of the schema in its order, named by its dotted path: a text, number or date
    as it is, a list of texts joined by LIST_SEPARATOR, a list of groups (risks, sources …) as
    the number of rows, plus the DERIVED columns. A field added to the schema gets a column.
    Maps keyed by data (principle_assessments) are left out: the matrix is that table."""
    columns, descriptions = [], {}
    for field in walk_schema(schema):
        if "[]" in field.path:
            continue  # a field of each row in a list: the list is counted instead
        # A field without a description of its own (a person's role, name) takes its group's.
        about = descriptions[field.path] = field.description or descriptions.get(field.path.rpartition(".")[0], "")
        node, read = field.node, _reader(field.path)
        if node.get("type") == "object":
            continue  # a group: its fields follow; a map: see above
        if node.get("type") == "array" and _resolve(node.get("items", {}), schema).get("type") == "object":
            column = Column(f"{field.path} (antal)", f"Antal rækker. {about}".strip(),
                            lambda r, read=read: len(read(r) or []))
        elif node.get("type") == "array":
            column = Column(field.path, f"{about} Flere værdier er adskilt af '{LIST_SEPARATOR.strip()}'.".strip(),
                            lambda r, read=read: LIST_SEPARATOR.join(str(_scalar(v)) for v in read(r) or []))
        else:
            column = Column(field.path, about, lambda r, read=read: _scalar(read(r)))
        columns.append(column)
        columns += [extra for after, extra in derived if after == column.name]
    placed = {c.name for c in columns}
    return columns + [extra for _, extra in derived if extra.name not in placed]  # its field was renamed


def _reader(path: str) -> Callable[[dict], object]:
    keys = path.split(".")

    def read(record: dict):
        value = record
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return value
    return read


def _scalar(value) -> Value:
    """A cell: texts and numbers as they are, yes/no in Danish, nothing (an optional field left out) empty."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if value is None or isinstance(value, (str, int, float)):
        return value
    return json.dumps(value, ensure_ascii=False)


def schema_fields(schema: dict) -> list[tuple[str, str, bool, str]]:
    """(dotted name, type, required, description) for each field, for the data documentation."""
    return [(f.path, _type_word(f.node, schema), f.required, f.description) for f in walk_schema(schema)]


def walk_schema(schema: dict) -> list[Field]:
    """Every field of a record in schema order, a group's fields after the group."""
    fields = []

    def walk(node: dict, prefix: str, required: set) -> None:
        for name, prop in node.get("properties", {}).items():
            resolved = _resolve(prop, schema)
            dotted = f"{prefix}{name}"
            fields.append(Field(dotted, resolved, name in required, prop.get("description") or resolved.get("description", "")))
            if resolved.get("type") == "object" and "properties" in resolved:
                walk(resolved, dotted + ".", set(resolved.get("required", [])))
            items = resolved.get("items")
            if resolved.get("type") == "array" and items:
                item = _resolve(items, schema)
                if item.get("type") == "object":
                    walk(item, dotted + "[].", set(item.get("required", [])))

    walk(schema, "", set(schema.get("required", [])))
    return fields


def _resolve(node: dict, schema: dict) -> dict:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _type_word(node: dict, schema: dict) -> str:
    if "enum" in node:
        return "en af: " + ", ".join(str(v) for v in node["enum"])
    if "anyOf" in node:
        return " eller ".join(_type_word(_resolve(n, schema), schema) for n in node["anyOf"])
    if "const" in node:
        return f"'{node['const']}'"
    if node.get("format") == "date" or node.get("pattern", "").startswith("^[0-9]{4}-"):
        return "dato (ÅÅÅÅ-MM-DD)"
    if node.get("pattern", "").startswith("^https?"):
        return "webadresse"
    return {"string": "tekst", "integer": "heltal", "array": "liste", "object": "gruppe"}.get(node.get("type", ""), "værdi")

