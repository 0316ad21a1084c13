"""The published tables (registry.csv/.xlsx, principmatrix.csv/.xlsx) as a spreadsheet user and a
re-user get them: no live formulas, æ, ø, å intact, one line ending, the same rows as the JSON,
and a column for every field of the schema, also one added to it."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import yaml

from conftest import copy_site, mkdocs_build, records_data

BOM = b"\xef\xbb\xbf"
FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(1)"]
# Each dangerous title and how the CSV shows it: a formula behind a ', an error code as it is
# (a spreadsheet shows it as #N/A; the XLSX must store it as text, not as an error).
DANGEROUS = {**{f: "'" + f for f in FORMULAS}, "#N/A": "#N/A"}
TABLES = {"register/registry": "title", "matrix/principmatrix": "titel"}  # file -> its title column


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(BOM), f"{path.name} begynder ikke med BOM"
    # Every line break is CRLF: no CR without LF, no LF without CR.
    assert not re.search(rb"\r(?!\n)|(?<!\r)\n", data), f"{path.name} blander linjeskift"
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline=""), delimiter=";"))


def read_xlsx(path: Path) -> tuple[list[list], list[list]]:
    """(the cells of the first sheet, of the columns sheet); every cell is checked not to be a formula."""
    book = openpyxl.load_workbook(path)
    sheets = []
    for sheet in book.worksheets:
        assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type in ("f", "e")], \
            "formel eller fejlværdi i regnearket"
        sheets.append([[c.value for c in row] for row in sheet.iter_rows()])
    return sheets[0], sheets[1]


def set_record(root: Path, index: int, field: str, value: str) -> str:
    """Set a top-level field of the index-th record (keeping the file's first line); return its id."""
    path = sorted((root / "registry").glob("ai-*.yml"))[index]
    first_line, _ = path.read_text(encoding="utf-8").split("\n", 1)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[field] = value
    path.write_text(first_line + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return data["id"]


def test_text_that_looks_like_a_formula_stays_text_in_every_table(tmp_path):
    root = copy_site(tmp_path / "src")
    ids = {set_record(root, i, "title", title): title for i, title in enumerate(DANGEROUS)}
    danish = set_record(root, len(DANGEROUS), "title", "Ærø: æbler, øl og ål")
    bell = set_record(root, len(DANGEROUS) + 1, "title", "Klokke\a")  # XML cannot hold \a: left out of the XLSX
    multi_line = set_record(root, 0, "summary", "Første linje.\nAnden linje.")
    out = tmp_path / "out"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stdout + result.stderr

    for name, title_column in TABLES.items():
        rows = read_csv(out / f"{name}.csv")
        cells, _ = read_xlsx(out / f"{name}.xlsx")
        csv_titles = {row[0]: row[rows[0].index(title_column)] for row in rows[1:]}
        xlsx_titles = {row[0]: row[cells[0].index(title_column)] for row in cells[1:]}
        for rid, title in ids.items():
            assert csv_titles[rid] == DANGEROUS[title], name
            assert xlsx_titles[rid] == title, name  # stored as text (no formula, checked in read_xlsx)
        assert csv_titles[danish] == xlsx_titles[danish] == "Ærø: æbler, øl og ål"
        assert (csv_titles[bell], xlsx_titles[bell]) == ("Klokke\a", "Klokke")
    register = read_csv(out / "register/registry.csv")
    summary = {row[0]: row[register[0].index("summary")] for row in register[1:]}
    assert summary[multi_line] == "Første linje.\r\nAnden linje."


def test_tables_have_one_row_per_record_matching_the_json(site):
    records = json.loads((site / "register/registry.json").read_text(encoding="utf-8"))["records"]
    assert records == records_data()
    for name in TABLES:
        rows = read_csv(site / f"{name}.csv")
        cells, columns = read_xlsx(site / f"{name}.xlsx")
        assert [row[0] for row in cells[1:]] == [row[0] for row in rows[1:]] == [r["id"] for r in records]
        # The XLSX holds the CSV's values, numbers as numbers; its second sheet describes each column.
        assert [["" if v is None else str(v) for v in row] for row in cells] == rows
        assert [row[0] for row in columns[1:]] == rows[0] and all(row[1] for row in columns[1:])

    register, _ = read_xlsx(site / "register/registry.xlsx")
    header = register[0]
    for row, record in zip(register[1:], records):
        assert row[header.index("title")] == record["title"]
        assert row[header.index("owner.unit")] == record["owner"]["unit"]
        assert row[header.index("aktuel_status")] == record["status_history"][-1]["status"]
        assert row[header.index("budget_sum_af_poster_kr")] == sum(i["amount_dkk"] for i in record["budget"]["items"])
        assert row[header.index("review.interval_months")] == record["review"]["interval_months"]
        assert row[header.index("risks (antal)")] == len(record["risks"])
