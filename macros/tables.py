"""One writer for every published table (the register, the matrix): CSV and XLSX from the
same header and rows.

Most readers open these files in a spreadsheet, so both formats are made safe and readable
there: no text becomes a live formula, and æ, ø, å survive a double-click in Danish Excel.
"""
from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

Value = str | int | float | None

# Danish Excel and LibreOffice split a double-clicked CSV on the locale's list separator,
# which is ';' (the comma is the decimal mark): a comma-separated file opens as one column.
# Programs (Python's csv, pandas, R) take the delimiter as an argument.
DELIMITER = ";"
# A cell starting with one of these is a formula in Excel, LibreOffice and Google Sheets
# (tab and CR hide the same trick behind whitespace); a leading ' makes it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
COLUMNS_SHEET = "Kolonner"
ZIP_EPOCH = datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc)  # the earliest time a zip can hold


@dataclass
class Table:
    sheet: str                 # the XLSX sheet's name (at most 31 characters)
    header: list[str]
    rows: list[list[Value]]
    descriptions: list[str] = field(default_factory=list)  # one per column: the XLSX's second sheet


def guard(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(table: Table) -> bytes:
    """RFC 4180 but with ';' (see DELIMITER): every line break CRLF, also inside a cell, and
    UTF-8 with BOM: without it Excel reads the file as Windows-1252 and shows Ã¦ for æ."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([_csv_value(h) for h in table.header])
    writer.writerows([_csv_value(v) for v in row] for row in table.rows)
    return out.getvalue().encode("utf-8-sig")


def _csv_value(value: Value) -> Value:
    if isinstance(value, str):
        return guard(LINE_BREAK.sub("\r\n", value))
    return "" if value is None else value


def to_xlsx(table: Table, when: datetime.datetime | None = None) -> bytes:
    """A workbook with the table (bold, frozen header row with filters) and, if the columns
    are described, a second sheet saying what each column holds.

    The same table gives the same bytes: the workbook's created and modified dates and every
    file's time in the zip are `when` (the build's moment, content.build_time), not the clock."""
    when = (when or ZIP_EPOCH).astimezone(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)
    book = Workbook(write_only=True)  # streams rows: a register of thousands stays cheap
    _write_sheet(book, table.sheet, table.header, table.rows)
    if table.descriptions:
        _write_sheet(book, COLUMNS_SHEET, ["Kolonne", "Indhold"], [list(pair) for pair in zip(table.header, table.descriptions)])
    book.properties.created = book.properties.modified = when
    written = io.BytesIO()
    # openpyxl's save_workbook would set "modified" to the clock: its writer, called directly, does not.
    archive = _FixedTimeZip(written, max(when, ZIP_EPOCH.replace(tzinfo=None)))
    ExcelWriter(book, archive).save()
    return written.getvalue()


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose every member is dated `when`: openpyxl dates them by the clock (writestr) or
    by a temporary file's time (write, for the streamed sheets)."""

    def __init__(self, file, when: datetime.datetime):
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._when = when.timetuple()[:6]

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        info = zipfile.ZipInfo(name, date_time=self._when)
        info.compress_type = compress_type if compress_type is not None else self.compression
        info.external_attr = 0o600 << 16
        super().writestr(info, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as handle:
            self.writestr(arcname or str(filename), handle.read(), compress_type, compresslevel)


def _write_sheet(book: Workbook, title: str, header: list[str], rows: list[list[Value]]) -> None:
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(header), 1))}{len(rows) + 1}"
    for number, name in enumerate(header, start=1):  # as wide as the content, up to 50 characters
        longest = max([len(name)] + [len(str(row[number - 1])) for row in rows if row[number - 1] is not None])
        sheet.column_dimensions[get_column_letter(number)].width = min(longest + 2, 50)
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, name, bold) for name in header])
    for row in rows:
        sheet.append([_xlsx_value(sheet, value) for value in row])


def _xlsx_value(sheet, value: Value):
    if not isinstance(value, str):
        return value
    # XML cannot hold most control characters; openpyxl would raise on them.
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    # openpyxl stores a text starting with '=' as a formula and '#N/A' as an error; a cell of its
    # own keeps it text. (Plain values are the fast path: a cell per value doubles the time.)
    return _text_cell(sheet, value) if value.startswith("=") or value in ERROR_CODES else value


def _text_cell(sheet, text: str, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if font:
        cell.font = font
    return cell
