"""The EU database for high-risk AI: what a record at risk level 'høj' must carry, and where its
use is registered (the AI Act, Art. 49 and Annex VIII Section C).

The one place of the rule (rule(), in register.py's RECORD_RULES) and of the facts it rests on
(SECTIONS, POINTS): the record page (render/eu_database.py) and the per-record export of the
fields to enter in the database (macros/eu_database.py) read them here.

- Art. 49(3): a public authority that deploys a high-risk system of Annex III registers itself
  and the use in the EU database, with Annex VIII Section C: (1) its name, address and contact
  details, (2) the same for whoever submits on its behalf, (3) the URL of the provider's entry in
  the database, (4) a summary of the fundamental-rights impact assessment (Art. 27), (5) a summary
  of the data-protection impact assessment, where there is one (Art. 26(8)).
- Art. 49(4): for Annex III points 1, 6 and 7 in law enforcement, migration, asylum and border
  control, the registration is in a secure non-public section and holds only points 1 to 3.
- Art. 49(5): Annex III point 2 (critical infrastructure) is registered at national level.
- Art. 49(3) names the systems of Annex III only: a system that is high-risk under Art. 6(1) and
  Annex I (a safety component of a regulated product) has no registration by its deployer.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import ContentError
from ..vocabulary import UNKNOWN
from .model import Item

HIGH = "høj"
FIELD = ("ai_act", "eu_database")
PUBLIC, NON_PUBLIC, NATIONAL, ANNEX_I = "offentlig", "ikke-offentlig", "national", "bilag I"
DATABASE = "EU's database for højrisiko-AI"


@dataclass(frozen=True)
class Point:
    number: int     # the point of Annex VIII Section C
    field: str      # its field under ai_act.eu_database
    label: str      # what it is, in Danish
    party: bool = False  # a name, address and contact (eu_party) rather than one value


POINTS = [
    Point(1, "deployer", "Idriftsætterens navn, adresse og kontaktoplysninger", party=True),
    Point(2, "submitter", "Navn, adresse og kontaktoplysninger på den, der registrerer på idriftsætterens vegne",
          party=True),
    Point(3, "provider_entry_url", "Adressen på udbyderens registrering af AI-systemet i EU-databasen"),
    Point(4, "fria_summary", "Sammendrag af konsekvensanalysen vedrørende grundlæggende rettigheder (art. 27)"),
    Point(5, "dpia_summary", "Sammendrag af konsekvensanalysen vedrørende databeskyttelse (art. 26, stk. 8)"),
]
PARTY_PARTS = [("name", "navn"), ("address", "adresse"), ("contact", "kontaktoplysninger")]


@dataclass(frozen=True)
class Section:
    value: str       # ai_act.eu_database.section
    article: str     # where the Act says so
    points: tuple    # the points of Section C the registration holds; none: not in the EU database
    summary: str     # what the record page says, in Danish

    @property
    def in_database(self) -> bool:
        return bool(self.points)


SECTIONS = {
    PUBLIC: Section(PUBLIC, "art. 49, stk. 3", (1, 2, 3, 4, 5),
                    f"Anvendelsen registreres i den offentlige del af {DATABASE}, før systemet tages i brug. "
                    "Registreringen har oplysningerne i bilag VIII, afsnit C."),
    NON_PUBLIC: Section(NON_PUBLIC, "art. 49, stk. 4", (1, 2, 3),
                        "Anvendelsen hører til retshåndhævelse, migration, asyl eller grænsekontrol (bilag III, "
                        f"punkt 1, 6 eller 7) og registreres i den sikre, ikke-offentlige del af {DATABASE}, som kun "
                        "Kommissionen og de udpegede nationale myndigheder har adgang til. Registreringen har kun "
                        "bilag VIII, afsnit C, punkt 1–3; sammendragene af konsekvensanalyserne indgår ikke."),
    NATIONAL: Section(NATIONAL, "art. 49, stk. 5", (),
                      "Anvendelsen hører til kritisk infrastruktur (bilag III, punkt 2) og registreres på nationalt "
                      f"niveau, ikke i {DATABASE}. Registret har derfor ingen felter til EU-databasen for den; "
                      "hvor og hvornår den er registreret nationalt, skrives i bemærkningen (note)."),
    ANNEX_I: Section(ANNEX_I, "art. 49, stk. 3", (),
                     "Systemet er højrisiko efter art. 6, stk. 1, og bilag I (en sikkerhedskomponent i et produkt, "
                     "der er omfattet af EU's produktregler). Art. 49, stk. 3, gælder kun systemer i bilag III, så "
                     f"idriftsætteren registrerer ikke anvendelsen i {DATABASE}, og registret har ingen felter til den."),
}
# Points every registration of its section must have; 2 only when someone submits on the deployer's
# behalf, 5 only where a DPIA has been made (see required_points).
ALWAYS = {1, 3, 4}


def points_of(section: str) -> list[Point]:
    return [p for p in POINTS if p.number in SECTIONS[section].points]


# Words in an impact assessment's kind that name a DPIA (the record form gets them as data too).
DPIA_WORDS = ("dpia", "databeskyttelse", "art. 35")


def is_dpia(kind: str) -> bool:
    """An impact assessment's kind that names a data-protection impact assessment (GDPR Art. 35)."""
    kind = " ".join(kind.casefold().split())
    return any(word in kind for word in DPIA_WORDS)


def form_data() -> dict:
    """The rule as data for the record form (docs/javascripts/form/record-rules.js)."""
    return {"high": HIGH, "national": NATIONAL, "always": sorted(ALWAYS), "dpia_words": list(DPIA_WORDS),
            "sections": {value: list(section.points) for value, section in SECTIONS.items()},
            "points": {p.number: p.field for p in POINTS}}


def dpia_index(record: Item) -> int | None:
    """The first of the record's impact assessments that is a DPIA."""
    for i, assessment in enumerate(record["legal"]["impact_assessments"]):
        if is_dpia(assessment["kind"]):
            return i
    return None


def required_points(record: Item, section: str) -> list[Point]:
    """The points the record must fill in for its section: 1, 3 and 4 (as the section has them), and
    5 when the record lists a DPIA."""
    needed = set(ALWAYS)
    if dpia_index(record) is not None:
        needed.add(5)
    return [p for p in points_of(section) if p.number in needed]


def not_given(record: Item) -> list[str]:
    """Labels of the exported fields that say 'ikke oplyst': what is left to find before registering."""
    data = record["ai_act"].get("eu_database")
    if not data or not SECTIONS[data["section"]].in_database:
        return []
    out = []
    for point in points_of(data["section"]):
        value = data.get(point.field)
        if point.party and value:
            out += [f"{point.label}: {label}" for key, label in PARTY_PARTS if value[key] == UNKNOWN]
        elif value == UNKNOWN:
            out.append(point.label)
    return out


def rule(record: Item, context) -> list[ContentError]:
    """A record at risk level 'høj' has ai_act.eu_database with what its section's registration holds;
    a record at any other level has none."""
    act = record["ai_act"]
    level, data = act["risk_level"], act.get("eu_database")
    fill = f"Skriv '{UNKNOWN}', hvor oplysningen ikke findes endnu"
    if level != HIGH:
        if data is None:
            return []
        return [record.error(FIELD, f"felterne til {DATABASE} (AI-forordningen bilag VIII, afsnit C) hører kun til "
                                    f"risikoniveau '{HIGH}', og risikoniveauet er '{level}': fjern ai_act.eu_database, "
                                    "eller ret risikoniveauet")]
    if data is None:
        return [record.error(("ai_act", "risk_level"),
                             f"risikoniveauet er '{HIGH}', så anvendelsen skal registreres i {DATABASE} (AI-forordningen "
                             "art. 49 og bilag VIII, afsnit C), men feltet ai_act.eu_database mangler. Tilføj det med "
                             f"section ('{PUBLIC}', '{NON_PUBLIC}' for retshåndhævelse, migration, asyl og grænsekontrol, "
                             f"'{NATIONAL}' for kritisk infrastruktur, eller '{ANNEX_I}' for et produkt efter bilag I) og, for en registrering i EU-databasen, "
                             "deployer (name, address, contact), provider_entry_url og fria_summary; dpia_summary, hvis "
                             "der er lavet en DPIA, og submitter, hvis en anden registrerer på idriftsætterens vegne. "
                             f"{fill}")]
    section = data["section"]
    missing = [p for p in required_points(record, section) if p.field not in data]
    if not missing:
        return []
    names = "; ".join(f"{p.field} ({p.label[0].lower() + p.label[1:]}, punkt {p.number})" for p in missing)
    why = ""
    if any(p.number == 5 for p in missing):
        line = record.doc.line_of(record.path + ("legal", "impact_assessments", dpia_index(record)))
        why = f" Registreringen har en DPIA under legal.impact_assessments (linje {line}), så punkt 5 skal med."
    return [record.error(FIELD, f"{DATABASE} kræver efter AI-forordningen bilag VIII, afsnit C, ved en "
                                f"{section} registrering ({SECTIONS[section].article}) også: {names}. Tilføj "
                                f"{'feltet' if len(missing) == 1 else 'felterne'} under ai_act.eu_database. "
                                f"{fill}.{why}")]
