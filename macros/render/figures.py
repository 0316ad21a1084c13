"""The page /register/statistik/ ("Registret i tal"): the figures of macros/figures.py as charts.

Each chart is an SVG drawn here, at build time (no chart library, no script): a picture with a
<title> and a <desc> that says its numbers, followed by a table of the same numbers, in which
each count links to the register overview filtered to those records (render/overview.py's
query names). The SVG has no style attributes: its colours are CSS classes
(docs/stylesheets/figures.css), so the page keeps to the site's Content-Security-Policy.
"""
from __future__ import annotations

import datetime
import math
from urllib.parse import urlencode

from .. import figures
from ..content import Content
from ..history import History
from ..vocabulary import NOT_ASSESSED
from . import markup as m, printing
from .addresses import REGISTER_DIR

URI = f"{REGISTER_DIR}/statistik.md"
TITLE = "Registret i tal"
OVERVIEW = "../"          # the register overview, from /register/statistik/
GAPS = "../mangler/"      # the gaps page, which lists the overdue reviews and the EU database's missing fields
HIGH_NOT_READY = "Højrisiko-initiativer, der mangler oplysninger til EU's database"

WIDTH = 400               # the charts' coordinate width; CSS scales them to the column (figures.css)
ROW = 50                  # one bar: its label above, the bar and its number below

HEADINGS = {
    "status": ("Status", "Initiativer efter status", "Status"),
    "risikoniveau": ("Risikoniveau efter AI-forordningen", "Initiativer efter risikoniveau", "Risikoniveau"),
    "kategori": ("Kategori", "Initiativer efter kategori", "Kategori"),
    "organisationstype": ("Organisationstype", "Initiativer efter ejerens organisationstype", "Organisationstype"),
}
# The record's sections by top-level field, as its page names them.
SECTION_LABELS = {
    "id": "Id", "slug": "Adresse", "former_slugs": "Tidligere adresser", "title": "Titel", "summary": "Resumé",
    "owner": "Ejer", "contact": "Kontakt", "category": "Kategori", "tags": "Emneord", "status_history": "Livsforløb",
    "purpose": "Formål", "expected_benefit": "Forventet gevinst", "alternatives": "Overvejede alternativer",
    "technology": "Teknologi og leverandører", "data": "Data", "legal": "Lovgrundlag og konsekvensanalyser",
    "ai_act": "Risikoniveau efter AI-forordningen", "responsibility": "Ansvar",
    "oversight": "Menneskeligt tilsyn, kvalitet og drift", "budget": "Budget", "follow_up_goals": "Opfølgningsmål",
    "risks": "Risikoregister", "consultation": "Inddragelse og godkendelse",
    "assessment_note": "Note om vurderingerne", "sources": "Kilder", "review": "Gennemgang",
}
MONTHS = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
MONTH_NAMES = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
               "november", "december"]


def number(n: int) -> str:
    """Danish digit grouping: 5000 -> '5.000'."""
    return f"{n:,}".replace(",", ".")


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole) if whole else 0} %"


def filter_href(facet: str, value: str) -> str:
    """The register overview filtered to one value, e.g. ../?status=i+drift."""
    return OVERVIEW + "?" + urlencode({facet: value})


def _count_link(n: int, href: str | None, name: str) -> str:
    """A count in a table; with href, a link whose name begins with the count it shows."""
    if href is None or n == 0:
        return number(n)
    return f'<a href="{m.attr(href)}" aria-label="{m.attr(f"{number(n)} {name} – vis dem i registret")}">{number(n)}</a>'


# --- the SVG ---------------------------------------------------------------------------------

def _svg(key: str, height: int, title: str, desc: str, body: list[str]) -> str:
    return (f'<svg class="ai-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-labelledby="fig-{key}-title fig-{key}-desc" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="fig-{key}-title">{m.attr(title)}</title><desc id="fig-{key}-desc">{m.attr(desc)}</desc>'
            + "".join(body) + "</svg>")


def bar_chart(key: str, title: str, bars: list[tuple[str, float, str]], scale: float | None = None,
              tone: int = 1, spoken: dict[str, str] | None = None) -> str:
    """Horizontal bars, each with its label above and its number at its end: readable on a phone
    however long the label. bars: (label, value, the value as shown); scale: the value of a full bar;
    spoken: label -> what the text alternative says instead of the shown value (e.g. '26 % (138 af 535)')."""
    spoken = spoken or {}
    room = WIDTH - 72  # the number's place after the longest bar
    top = max([scale or 0] + [v for _, v, _ in bars]) or 1
    body = []
    for i, (label, value, shown) in enumerate(bars):
        y = i * ROW
        width = round(room * value / top, 1)
        body.append(f'<text class="ai-chart__label" x="0" y="{y + 17}">{m.attr(label)}</text>')
        if scale:
            body.append(f'<rect class="ai-chart__track" x="0" y="{y + 24}" width="{room}" height="20"/>')
        if width > 0:
            body.append(f'<rect class="ai-chart__bar ai-chart__bar--{tone}" x="0" y="{y + 24}" width="{width}" height="20"/>')
        body.append(f'<text class="ai-chart__value" x="{width + 6}" y="{y + 40}">{m.attr(shown)}</text>')
    desc = "; ".join(f"{label}: {spoken.get(label, shown)}" for label, _, shown in bars) + "."
    return _svg(key, len(bars) * ROW + 4, title, desc, body)


def _nice_top(value: int) -> int:
    """A round top for a value axis: 1, 2, 5, 10, 20, 50, ..."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def month_label(month: str, short: bool = True) -> str:
    year, number_ = int(month[:4]), int(month[5:7])
    return f"{(MONTHS if short else MONTH_NAMES)[number_ - 1]} {year}"


def activity_chart(months: list[figures.Month]) -> str:
    """Columns per month, new and changed side by side, with a legend in words."""
    height, left, bottom, top_pad = 260, 34, 34, 34
    plot_w, plot_h = WIDTH - left - 4, height - bottom - top_pad
    top = _nice_top(max(max(mo.new, mo.changed) for mo in months))
    body = []
    for step in range(5):  # gridlines and their numbers
        value = top * step / 4
        if step and value != int(value):
            continue
        y = round(top_pad + plot_h - plot_h * step / 4, 1)
        body.append(f'<line class="ai-chart__grid" x1="{left}" x2="{WIDTH}" y1="{y}" y2="{y}"/>')
        body.append(f'<text class="ai-chart__axis" x="{left - 6}" y="{y + 5}" text-anchor="end">{number(int(value))}</text>')
    group = plot_w / len(months)
    bar = min(group * 0.36, 36)
    every = math.ceil(len(months) / 5)  # month names that fit side by side
    for i, mo in enumerate(months):
        x0 = left + i * group + group / 2
        for j, (value, tone) in enumerate(((mo.new, 1), (mo.changed, 2))):
            h = round(plot_h * value / top, 1)
            x = round(x0 - bar + j * bar, 1)
            if h > 0:
                body.append(f'<rect class="ai-chart__bar ai-chart__bar--{tone}" x="{x}" y="{round(top_pad + plot_h - h, 1)}" '
                            f'width="{round(bar - 2, 1)}" height="{h}"/>')
            if len(months) <= 12:
                body.append(f'<text class="ai-chart__value" x="{round(x + bar / 2 - 1, 1)}" '
                            f'y="{round(top_pad + plot_h - h - 4, 1)}" text-anchor="middle">{number(value)}</text>')
        if i % every == 0:
            body.append(f'<text class="ai-chart__axis" x="{round(x0, 1)}" y="{height - 12}" '
                        f'text-anchor="middle">{m.attr(month_label(mo.month))}</text>')
    body.append(f'<line class="ai-chart__baseline" x1="{left}" x2="{WIDTH}" y1="{top_pad + plot_h}" y2="{top_pad + plot_h}"/>')
    body += ['<rect class="ai-chart__bar ai-chart__bar--1" x="0" y="4" width="14" height="14"/>',
             '<text class="ai-chart__label" x="20" y="16">Nye</text>',
             '<rect class="ai-chart__bar ai-chart__bar--2" x="80" y="4" width="14" height="14"/>',
             '<text class="ai-chart__label" x="100" y="16">Ændrede</text>']
    desc = "; ".join(f"{month_label(mo.month, False)}: {number(mo.new)} nye, {number(mo.changed)} ændrede"
                     for mo in months) + "."
    return _svg("udvikling", height, "Nye og ændrede registreringer pr. måned", desc, body)


# --- the tables -------------------------------------------------------------------------------

def _table(caption: str, headers: list[str], rows: list[list[str]], foot: list[str] | None = None) -> str:
    """A table of already-escaped cells; the first cell of a row is its header."""
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = "".join(f'<tr><th scope="row">{row[0]}</th>{"".join(f"<td>{c}</td>" for c in row[1:])}</tr>' for row in rows)
    tfoot = (f'<tfoot><tr><th scope="row">{foot[0]}</th>{"".join(f"<td>{c}</td>" for c in foot[1:])}</tr></tfoot>'
             if foot else "")
    return (f'<div class="ai-table-wrap"><table class="ai-figures"><caption>{m.attr(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>{tfoot}</table></div>")


def _figure(chart: str, table: str) -> str:
    # One raw HTML block (no blank line inside), so Markdown leaves the SVG and the table as they are.
    return f'<div class="ai-chart-pair"><figure class="ai-figure">{chart}</figure>{table}</div>\n'


def breakdown_section(breakdown: figures.Breakdown) -> str:
    heading, title, column = HEADINGS[breakdown.key]
    whole = breakdown.total
    bars = [(c.value, c.count, number(c.count)) for c in breakdown.counts]
    rows = [[m.attr(c.value), _count_link(c.count, filter_href(breakdown.facet, c.value),
                                          f"initiativer med {column.lower()} {c.value}"), percent(c.count, whole)]
            for c in breakdown.counts]
    foot = ["I alt", _count_link(whole, OVERVIEW, "initiativer i alt"), percent(whole, whole)]
    return (f"## {heading} {{#{breakdown.key}}}\n\n"
            + _figure(bar_chart(breakdown.key, title, bars), _table(title, [column, "Initiativer", "Andel"], rows, foot)))


def activity_section(months: list[figures.Month], history: History) -> str:
    out = ["## Nye og ændrede registreringer {#udvikling}\n"]
    if not history.available or not months:
        out.append("Sitet er bygget uden versionshistorik (git), så udviklingen over tid kan ikke vises.\n")
        return "\n".join(out)
    out.append("Hver måned: hvor mange registreringer der blev oprettet, og hvor mange der blev ændret, talt ud fra "
               "versionsstyringen (git). Hele historikken, felt for felt, kan hentes som "
               "[registry-history.csv](registry-history.csv) fra [registrets åbne data](data.md).\n")
    if history.shallow:
        out.append("Sitet er bygget fra en afkortet kopi af repositoriet: de ældste måneder mangler.\n{: .ai-note }\n")
    rows = [[m.attr(month_label(mo.month, False)), number(mo.new), number(mo.changed)] for mo in months]
    out.append(_figure(activity_chart(months), _table("Nye og ændrede registreringer pr. måned",
                                                      ["Måned", "Nye", "Ændrede"], rows)))
    return "\n".join(out)


def completeness_section(c: figures.CompletenessFigures) -> str:
    whole = c.whole
    out = ["## Fuldstændighed {#fuldstaendighed}\n",
           f"**{percent(whole.unknown, whole.fields)}** af felterne står som *ikke oplyst* "
           f"({number(whole.unknown)} af {number(whole.fields)}), **{number(whole.not_assessed)} af "
           f"{number(whole.principles)}** vurderinger mod principperne er ikke lavet endnu, og "
           f"**{number(c.overdue)} af {number(c.records)}** initiativer skulle have været gennemgået. "
           "Registret skriver *ikke oplyst*, hvor kilden intet siger; "
           "[listen over mangler](mangler.md) viser, hvad hvert initiativ mangler.\n"]
    bars, spoken = _share_bars([
        ("Felter, der står som ikke oplyst", whole.unknown, whole.fields),
        ("Vurderinger mod principperne, der ikke er lavet", whole.not_assessed, whole.principles),
        ("Initiativer med mindst ét princip ikke vurderet", c.with_not_assessed, c.records),
        ("Initiativer med forsinket gennemgang", c.overdue, c.records)]
        + ([(HIGH_NOT_READY, c.high_not_ready, c.high)] if c.high else []))
    rows = [["Felter, der står som ikke oplyst", number(whole.unknown), number(whole.fields),
             percent(whole.unknown, whole.fields)],
            ["Vurderinger mod principperne, der ikke er lavet", number(whole.not_assessed), number(whole.principles),
             percent(whole.not_assessed, whole.principles)],
            ["Initiativer med mindst ét princip ikke vurderet",
             _count_link(c.with_not_assessed, filter_href("vurdering", NOT_ASSESSED),
                         "initiativer med mindst ét princip ikke vurderet"),
             number(c.records), percent(c.with_not_assessed, c.records)],
            ["Initiativer med forsinket gennemgang",
             _count_link(c.overdue, GAPS, "initiativer med forsinket gennemgang"),
             number(c.records), percent(c.overdue, c.records)]]
    if c.high:  # a record at 'høj' with a field for the EU database still 'ikke oplyst'
        rows.append([HIGH_NOT_READY, _count_link(c.high_not_ready, GAPS, HIGH_NOT_READY.lower()),
                     _count_link(c.high, filter_href("risiko", "høj"), "højrisiko-initiativer"),
                     percent(c.high_not_ready, c.high)])
    out.append(_figure(bar_chart("fuldstaendighed", "Hvor meget der mangler", bars, scale=1, tone=3, spoken=spoken),
                       _table("Hvor meget der mangler", ["Hvad", "Antal", "Ud af", "Andel"], rows)))
    sections = [s for s in c.sections if s.unknown]
    if sections:
        out.append("### Felter, der står som ikke oplyst, pr. afsnit {#ikke-oplyst}\n")
        out.append("Andelen af felterne i hvert afsnit af registreringerne, der står som *ikke oplyst*; afsnit, "
                   "hvor intet står som *ikke oplyst*, er ikke med. Registrets filtre kan ikke vælge efter tomme "
                   "felter; hver registrerings side viser dem.\n")
        bars, spoken = _share_bars([(section_label(s.key), s.unknown, s.fields) for s in sections])
        rows = [[m.attr(section_label(s.key)), number(s.unknown), number(s.fields), percent(s.unknown, s.fields)]
                for s in sections]
        out.append(_figure(bar_chart("ikke-oplyst", "Felter, der står som ikke oplyst, pr. afsnit", bars, scale=1, tone=3,
                                     spoken=spoken),
                           _table("Felter, der står som ikke oplyst, pr. afsnit",
                                  ["Afsnit", "Ikke oplyst", "Felter", "Andel"], rows)))
    return "\n".join(out)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _share_bars(rows: list[tuple[str, int, int]]) -> tuple[list[tuple[str, float, str]], dict[str, str]]:
    """(label, part, whole) -> the bars of a chart of shares, and what its text alternative says."""
    return ([(label, _share(part, whole), percent(part, whole)) for label, part, whole in rows],
            {label: f"{percent(part, whole)} ({number(part)} af {number(whole)})" for label, part, whole in rows})


def section_label(key: str) -> str:
    return SECTION_LABELS.get(key, key)


def page(content: Content, history: History, today: datetime.date) -> str:
    out = [m.front_matter(TITLE, render_macros=False, edit=False),
           f"# {TITLE}\n",
           printing.print_address(content, f"{REGISTER_DIR}/statistik/"),
           f"Tallene er talt, da sitet blev bygget den {m.date_da(today.isoformat())}, ud fra de samme filer som "
           f"registrets sider. Registret har **{number(len(content.records))} initiativer**. Hvert diagram har "
           "sine tal i en tabel under sig, og hvert antal er et link til de initiativer i "
           "[registret](index.md), det tæller.\n"]
    if not content.records:
        out.append("Registret har ingen initiativer endnu.\n")
        return "\n".join(out)
    out += [breakdown_section(b) for b in figures.breakdowns(content)]
    out.append(activity_section(figures.activity(content, history), history))
    out.append(completeness_section(figures.completeness(content, today)))
    return "\n".join(out)

