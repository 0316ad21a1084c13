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
    """A workbook with the table (bold, frozen header row with filters, columns as wide as their
    content up to 50 characters) and, if the columns are described, a second sheet saying what each
    column holds.

    Written here as the few XML parts of Office Open XML (ECMA-376) a spreadsheet needs, every text an
    inline string: a tenth of the time openpyxl took to write the same table (bench/README.md). The same
    table gives the same bytes: the workbook's created and modified dates and every file's time in the
    zip are `when` (the build's moment, content.build_time), not the clock."""
    when = (when or ZIP_EPOCH).astimezone(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)
    sheets = [(table.sheet, table.header, table.rows)]
    if table.descriptions:
        sheets.append((COLUMNS_SHEET, ["Kolonne", "Indhold"], [list(pair) for pair in zip(table.header, table.descriptions)]))
    parts = {
        "[Content_Types].xml": _content_types(len(sheets)),
        "_rels/.rels": _RELS,
        "docProps/app.xml": _APP,
        "docProps/core.xml": _core(when.isoformat() + "Z"),
        "xl/workbook.xml": _workbook(sheets),
        "xl/_rels/workbook.xml.rels": _workbook_rels(len(sheets)),
        "xl/styles.xml": _STYLES,
    }
    for number, (_, header, rows) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{number}.xml"] = _sheet(header, rows)
    written = io.BytesIO()
    stamp = max(when, ZIP_EPOCH.replace(tzinfo=None)).timetuple()[:6]
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, text.encode("utf-8"))
    return written.getvalue()


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_RELS = (f'{_XML}<Relationships xmlns="{_PKG_RELS}">'
         f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
         '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
         'Target="docProps/core.xml"/>'
         f'<Relationship Id="rId3" Type="{_DOC_RELS}/extended-properties" Target="docProps/app.xml"/></Relationships>')
_APP = (f'{_XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>ai-politik-site</Application></Properties>")
_STYLES = (f'{_XML}<styleSheet xmlns="{_MAIN}">'
           '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
           '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'  # 1: the header
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _content_types(sheets: int) -> str:
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    return (f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sheet_type}"/>'
                      for n in range(1, sheets + 1))
            + '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')


def _core(moment: str) -> str:
    return (f'{_XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{moment}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{moment}</dcterms:modified></cp:coreProperties>')


def _workbook(sheets: list) -> str:
    names = "".join(f'<sheet name="{_escape(title, True)}" sheetId="{n}" r:id="rId{n}"/>'
                    for n, (title, _, _) in enumerate(sheets, start=1))
    # Excel's own name for the range an autofilter covers, one per sheet
    filters = "".join(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
                      f"'{_escape(title.replace(chr(39), chr(39) * 2))}'!{_filter_ref(header, rows, absolute=True)}</definedName>"
                      for n, (title, header, rows) in enumerate(sheets))
    return (f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><bookViews><workbookView/></bookViews>'
            f"<sheets>{names}</sheets><definedNames>{filters}</definedNames></workbook>")


def _workbook_rels(sheets: int) -> str:
    return (f'{_XML}<Relationships xmlns="{_PKG_RELS}">'
            + "".join(f'<Relationship Id="rId{n}" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                      for n in range(1, sheets + 1))
            + f'<Relationship Id="rId{sheets + 1}" Type="{_DOC_RELS}/styles" Target="styles.xml"/></Relationships>')


def _column(number: int) -> str:
    """1 -> A, 27 -> AA: a column's letters."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _filter_ref(header: list[str], rows: list, absolute: bool = False) -> str:
    last, end = _column(max(len(header), 1)), len(rows) + 1
    return f"$A$1:${last}${end}" if absolute else f"A1:{last}{end}"


# XML cannot hold most control characters: they are left out (a spreadsheet could not open the file).
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")


def _escape(text: str, quotes: bool = False) -> str:
    text = _ILLEGAL.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quotes else text


def _cells(values: list[Value], row: int, letters: list[str], style: str = "") -> str:
    """A row's cells: a text is an inline string, so it is never read as a formula or an error value."""
    out = []
    for letter, value in zip(letters, values):
        if value is None:
            continue
        if isinstance(value, str):
            out.append(f'<c r="{letter}{row}"{style} t="inlineStr"><is><t xml:space="preserve">{_escape(value)}</t></is></c>')
        elif isinstance(value, bool):
            out.append(f'<c r="{letter}{row}"{style} t="b"><v>{int(value)}</v></c>')
        else:
            out.append(f'<c r="{letter}{row}"{style}><v>{value!r}</v></c>')
    return f'<row r="{row}">{"".join(out)}</row>'


def _sheet(header: list[str], rows: list[list[Value]]) -> str:
    letters = [_column(n) for n in range(1, len(header) + 1)]
    widths = []
    for number, name in enumerate(header):  # as wide as the content, up to 50 characters
        longest = max([len(name)] + [len(str(row[number])) for row in rows if row[number] is not None])
        widths.append(f'<col min="{number + 1}" max="{number + 1}" width="{min(longest + 2, 50)}" customWidth="1"/>')
    body = [_cells(header, 1, letters, ' s="1"')]
    body += [_cells(row, number, letters) for number, row in enumerate(rows, start=2)]
    return (f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{"".join(widths)}</cols>'
            f'<sheetData>{"".join(body)}</sheetData><autoFilter ref="{_filter_ref(header, rows)}"/></worksheet>')
