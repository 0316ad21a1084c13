"""The YAML mistakes contributors make, explained in Danish: the line of the real mistake,
the field where one can be named, and how to fix it. Never the parser's English.

yamlio calls these: `before_parse` on the text (invisible characters), `syntax_error` when the
parser refuses the text, `trailing_comment` for a value cut short by ` #`, `not_utf8` for a
file saved in another encoding.
"""
from __future__ import annotations

import re

import yaml

from .errors import ContentError

# Characters that look like a space or like nothing; in indentation or a field name they make
# a valid field look unknown. In running text they are harmless and left alone.
INVISIBLE = {
    "\u00a0": "et hårdt mellemrum (U+00A0)",
    "\u202f": "et smalt hårdt mellemrum (U+202F)",
    "\u200b": "et usynligt tegn uden bredde (U+200B)",
    "\u200c": "et usynligt tegn uden bredde (U+200C)",
    "\u200d": "et usynligt tegn uden bredde (U+200D)",
    "\u2060": "et usynligt tegn uden bredde (U+2060)",
    "\ufeff": "et usynligt byte-order-tegn (U+FEFF)",
}
_INVISIBLE_RX = re.compile("[" + "".join(INVISIBLE) + "]")
# The start of a line that holds a field: indentation, list dashes, then the name and ': '.
_KEY_LINE = re.compile(r"^(?P<lead>[ \t" + "".join(INVISIBLE) + r"]*(?:-[ \t]+)*)(?P<key>[^\s#'\"\[\]{}:-][^:#]*?)[ \t]*:(?:[ \t]|$)")
_FIX_SYNTAX = "tjek indrykningen (mellemrum, ikke tabulator), anførselstegn og kolon"
SYNTAX = "YAML-syntaksfejl: "  # the start of every message about the file's form
# Every message, once: the record form's YAML import (docs/javascripts/record-form.js) gets them too.
MESSAGES = {
    "invisible": "{where} indeholder {what}; slet det, og skriv almindelige mellemrum",
    "not_utf8": "filen er ikke gemt som UTF-8 (måske Windows-1252 eller Latin-1), og tegnet på denne linje kan ikke "
                "læses; gem filen igen med tegnsættet UTF-8",
    "unclosed_quote": "anførselstegnet, der begynder på denne linje, bliver aldrig lukket; sæt det samme anførselstegn "
                      "sidst i teksten",
    "tab": "linjen er rykket ind med tabulator; brug mellemrum (to for hvert niveau)",
    "start_char": "en værdi kan ikke begynde med tegnet '{char}'; sæt hele værdien i anførselstegn",
    "unclosed_bracket": "parentesen på denne linje bliver aldrig lukket ({pair}); luk den på samme linje, eller skriv "
                        "listen med '- ' på hver sin linje",
    "colon": "teksten indeholder ': ' (kolon og mellemrum); sæt hele teksten i anførselstegn, fx \"Projekt: chatbot\"",
    "deeper": "linjen er rykket længere ind end linjen før; felter på samme niveau skal stå lige under hinanden "
              "(eller sæt en tekst med ': ' i anførselstegn)",
    "item_for_field": "her står et listepunkt ('- '), hvor der skulle stå et felt (navn: værdi); fjern '- ', eller "
                      "ret indrykningen",
    "shallower": "indrykningen passer ikke: linjen skal stå lige under felterne på samme niveau (brug mellemrum, to "
                 "for hvert niveau)",
    "field_for_item": "her står et felt (navn: værdi), hvor der skulle stå et listepunkt; begynd linjen med '- ', "
                      "eller ret indrykningen",
    "missing_colon": "linjen mangler ': ' efter feltnavnet, eller er en fortsættelse af en tekst, der skal rykkes ind "
                     "under feltet",
    "unfinished": "filen slutter, før det, der begynder på denne linje, er afsluttet; " + _FIX_SYNTAX,
    "alias": "en henvisning (&navn eller *navn) passer ikke; skriv værdien ud i stedet",
    "other": "filen kan ikke læses fra denne linje; " + _FIX_SYNTAX + " (se også linjen før)",
    "cut": "teksten afbrydes af ' #': YAML læser resten af linjen som en kommentar; sæt hele teksten i anførselstegn, "
           "eller skriv kommentaren på sin egen linje",
    "duplicate": "feltet står mere end én gang",
}


def before_parse(text: str, name: str) -> list[ContentError]:
    """Invisible characters in indentation or field names, one error per line."""
    if not any(char in text for char in INVISIBLE):  # substring searches: this runs on every file
        return []
    errors = []
    for number, line in enumerate(text.split("\n"), 1):
        match = _KEY_LINE.match(line)
        head = match.group("lead") + match.group("key") if match else line[:len(line) - len(line.lstrip())]
        found = _INVISIBLE_RX.search(head)
        if found:
            key = match.group("key") if match else ""
            field = _INVISIBLE_RX.sub("", key).strip()
            where = "feltnavnet" if found.start() >= len(match.group("lead") if match else head) else "indrykningen"
            errors.append(ContentError(name, number, field,
                                       MESSAGES["invisible"].format(where=where, what=INVISIBLE[found.group()])))
    return errors


def not_utf8(name: str, data: bytes, start: int) -> ContentError:
    """A file saved as Latin-1/Windows-1252 (e.g. by an old editor): the first bad line."""
    line = data.count(b"\n", 0, start) + 1
    return ContentError(name, line, "", MESSAGES["not_utf8"])


def _shape(line: str):
    """(column of the field name or None, column of the line's last list dash or None, name)."""
    match = _KEY_LINE.match(line)
    lead = match.group("lead") if match else line[:len(line) - len(line.lstrip(" -"))]
    dash = lead.rstrip().rfind("-")
    return (len(lead) if match else None), (dash if dash >= 0 else None), (match.group("key").strip() if match else "")


def field_path(lines: list[str], index: int) -> str:
    """The dotted field of line index (0-based), e.g. status_history[1].date, found from the
    indentation of the lines above; '' when the line holds no field name."""
    if index >= len(lines):
        return ""
    column, dash, key = _shape(lines[index])
    if column is None:
        return ""
    parts: list = [key]
    start = index  # the line the current item is counted from
    for above in range(index - 1, -1, -1):
        line = lines[above]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        col, its_dash, name = _shape(line)
        if dash is None:
            if col == column and its_dash is not None:  # the first field of the item this field is in
                dash, start = its_dash, above
            elif col is not None and col < column:
                parts.insert(0, name)
                column, dash, start = col, its_dash, above
        elif col is not None and col <= dash and its_dash != dash:  # the field the list belongs to
            parts[0:0] = [name, _item_index(lines, above, start, dash)]
            column, dash, start = col, its_dash, above
        if column == 0 and dash is None:
            break
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _item_index(lines: list[str], parent: int, item: int, dash_column: int) -> int:
    """How many list items at dash_column lie between the parent field and the item's first line."""
    return sum(1 for number in range(parent + 1, item)
               if lines[number][:dash_column].strip() == "" and lines[number][dash_column:dash_column + 1] == "-")


def syntax_error(name: str, text: str, exc: yaml.MarkedYAMLError) -> ContentError:
    """The parser's refusal as a Danish message at the line of the real mistake."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark else 0
    lines = text.split("\n")
    opened = exc.context_mark.line if exc.context_mark else line

    def error(at: int, message: str, as_meant: bool = False) -> ContentError:
        """as_meant: name the field as if the line were indented like its neighbour, without '- '."""
        shown = lines
        if as_meant and at < len(lines):
            above = next((x for x in lines[at - 1::-1] if x.strip() and not x.lstrip().startswith("#")), "") if at else ""
            lead = above[:len(above) - len(above.lstrip(" -"))]
            shown = [*lines[:at], " " * len(lead) + lines[at].lstrip(" -\t"), *lines[at + 1:]]
        return ContentError(name, at + 1, field_path(shown, at), SYNTAX + message)

    here = lines[line] if line < len(lines) else ""
    unclosed = _unclosed_quote(lines, line)
    if unclosed is not None:
        return error(unclosed, MESSAGES["unclosed_quote"])
    if "tab character" in problem:
        return error(line, MESSAGES["tab"], as_meant=True)
    if "cannot start any token" in problem:
        char = here[mark.column] if mark and mark.column < len(here) else ""
        if char == "\t":
            return error(line, MESSAGES["tab"], as_meant=True)
        return error(line, MESSAGES["start_char"].format(char=char))
    if "quoted scalar" in context:
        return error(opened, MESSAGES["unclosed_quote"])
    if "flow sequence" in context or "flow mapping" in context:
        return error(opened, MESSAGES["unclosed_bracket"].format(pair="[ … ]" if "sequence" in context else "{ … }"))
    if "mapping values are not allowed" in problem:
        column = mark.column if mark else len(here)
        key = _KEY_LINE.match(here)
        if key and key.end() <= column:
            return error(line, MESSAGES["colon"])
        return error(line, MESSAGES["deeper"], as_meant=True)
    if "expected key" in problem:
        if here.lstrip().startswith("-"):
            return error(line, MESSAGES["item_for_field"], as_meant=True)
        return error(line, MESSAGES["shallower"])
    if "expected '-' indicator" in problem:
        return error(line, MESSAGES["field_for_item"])
    if "could not find expected ':'" in problem:
        return error(opened, MESSAGES["missing_colon"])
    if "unexpected end of stream" in problem or "end of the stream" in problem:
        return error(opened, MESSAGES["unfinished"])
    if "found duplicate anchor" in problem or "undefined alias" in problem or "found undefined" in problem:
        return error(line, MESSAGES["alias"])
    return error(line, MESSAGES["other"])


_QUOTED_START = re.compile(r"^\s*(?:-\s+)*(?:[^\s#'\"][^:#]*?:\s+)?(?P<q>[\"'])(?P<rest>.*)$")


def _unclosed_quote(lines: list[str], last: int) -> int | None:
    """The first line up to last whose value opens a quote it never closes on that line: a
    quoted text runs on until the next quote, so the parser stops lines later."""
    for number in range(min(last, len(lines) - 1) + 1):
        match = _QUOTED_START.match(lines[number])
        if not match:
            continue
        quote, rest = match.group("q"), match.group("rest")
        if quote == '"':
            closed = re.search(r'(?<!\\)(?:\\\\)*"', rest)
        else:
            closed = re.search(r"'(?!')", rest.replace("''", ""))
        if not closed:
            return number
    return None


def trailing_comment(name: str, line: int, lines: list[str]) -> ContentError:
    """A plain value followed by ' #' (line 0-based): YAML drops the rest of the line as a comment."""
    return ContentError(name, line + 1, field_path(lines, line), MESSAGES["cut"])
