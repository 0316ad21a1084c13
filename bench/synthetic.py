"""Synthetic, schema-valid register records for benchmarks and scale tests.

    make_records(n, principle_ids, seed=0) -> list[dict]
    write_records(records, folder) -> list[Path]   # and the organisations they name, in organisations.yml

The records look like the real ones in registry/: Danish text assembled from a
fixed set of sentences and fillers, with field lengths drawn around the lengths
seen in the real records (some records as complete as AI-0001, many as sparse as
the ideas, where the source says little and fields read 'ikke oplyst'). Every
status, risk level, category, risk category and assessment status occurs; records
from test/pilot on name a leader and a quality owner; dates are valid, in order,
and review.last_reviewed lies in the past. The same (n, principle_ids, seed)
always gives the same records.
"""
from __future__ import annotations

import datetime
import json
import random
import re
from pathlib import Path

import yaml

from macros.content.eu_database import HIGH, is_dpia
from macros.content.register import ACCOUNTABLE_STATUSES as ACCOUNTABLE
from macros.scaffold import SchemaWalker, complete
from macros.vocabulary import UNKNOWN, Vocabulary

# The values the register's schema allows, so the records stay valid when it changes.
_SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "registry" / "schema.json").read_text(encoding="utf-8"))
_WORDS = Vocabulary.from_schema(_SCHEMA)
STATUSES, RISK_LEVELS, CATEGORIES = _WORDS.statuses, _WORDS.risk_levels, _WORDS.categories
RISK_CATEGORIES, RATINGS, CONSULTATION_KINDS = _WORDS.risk_categories, _WORDS.ratings, _WORDS.consultation_kinds
ASSESSMENTS = _WORDS.assessment_statuses
# The last date a synthetic record may have been reviewed: in the past, whenever the benchmark runs.
LATEST = datetime.date(2025, 12, 31)

MUNICIPALITIES = [
    "København", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Randers", "Kolding", "Horsens", "Vejle",
    "Roskilde", "Herning", "Silkeborg", "Næstved", "Frederiksberg", "Viborg", "Køge", "Holstebro",
    "Slagelse", "Gladsaxe", "Thisted", "Sønderborg", "Hjørring", "Guldborgsund", "Svendborg", "Ballerup",
    "Rødovre", "Fredericia", "Skanderborg", "Ringkøbing-Skjern", "Holbæk", "Helsingør", "Haderslev",
    "Lyngby-Taarbæk", "Gentofte", "Favrskov", "Faaborg-Midtfyn", "Tønder", "Lolland", "Bornholms", "Ærø",
]
UNITS = [
    "Jobcenter", "Borgerservice", "Hjemmeplejen", "Ældre og Sundhed", "Børn og Unge", "Skoleafdelingen",
    "Digitalisering og IT", "Økonomi og Analyse", "Socialafdelingen", "Teknik og Miljø", "HR og Løn",
    "Myndighed Voksne", "Sundhedsplejen", "Ydelsesservice", "Center for Hjælpemidler", "Kultur og Fritid",
]
SUBJECTS = [
    "journalnotater", "telefonhenvendelser", "ansøgninger om hjælpemidler", "visitation", "borgerbreve",
    "aktindsigtssager", "fakturaer", "byggesager", "tolkning", "undervisningsforløb", "mødereferater",
    "sygedagpengesager", "henvendelser i Digital Post", "indkøbsdata", "vagtplaner", "faldrisiko",
    "medicinhåndtering", "klagesager", "skoleskemaer", "affaldsindsamling", "genoptræningsforløb",
]
TECHNIQUES = [
    "tale-til-tekst", "en sprogmodel", "automatisk klassifikation", "en chatbot", "billedgenkendelse",
    "maskinoversættelse", "tekstsammenfatning", "forudsigelsesmodeller", "generativ AI", "søgning i dokumenter",
]
TITLE_PATTERNS = [
    "{Tech} til {subject} i {org}",
    "AI-understøttet håndtering af {subject} i {org}",
    "Afprøvning af {tech} i {unit}, {org}",
    "{Tech} som hjælp til {subject}",
    "Automatisering af {subject} med {tech} i {unit}",
    "Pilotprojekt: {tech} til {subject} i {org}",
]
SENTENCES = [
    "{Unit} i {org} vil afprøve {tech} til {subject}, så medarbejderne bruger mindre tid på manuelt arbejde.",
    "Formålet er at frigøre tid til kerneopgaver og at give borgerne hurtigere og mere ensartede svar.",
    "I {year} håndterede enheden omkring {count} sager om {subject}, og hver sag tog i gennemsnit {minutes} minutter.",
    "Kilden anslår en årlig gevinst på {money} mio. kr., når løsningen er fuldt udrullet.",
    "Løsningen bruger {tech} og kører hos en leverandør, der behandler data i EU/EØS.",
    "Medarbejderne gennemgår altid forslaget, før det bliver journaliseret eller sendt til borgeren.",
    "Der er ikke truffet en endelig beslutning om drift efter forsøgsperioden.",
    "Erfaringerne fra forsøget skal bruges i et beslutningsgrundlag til kommunens digitaliseringsudvalg i {year2}.",
    "Fejl registreres i en fælles log, som projektgruppen gennemgår hver {period}.",
    "Borgerne får at vide, at svaret er udarbejdet med hjælp fra kunstig intelligens, og hvem de kan kontakte.",
    "Løsningen må ikke træffe afgørelser; den giver kun forslag, som en sagsbehandler tager stilling til.",
    "Projektet er finansieret af {fund}, og der er afsat midler til evaluering.",
    "Kvaliteten måles på stikprøver af {sample} sager, som sammenlignes med en manuel behandling.",
    "Testen omfatter {count2} medarbejdere fordelt på {teams} teams i {unit}.",
    "Det er endnu uafklaret, om løsningen kan genbruges i andre forvaltninger eller kommuner.",
    "Leverandøren har ikke dokumenteret, hvilke data modellen er trænet på.",
    "Databeskyttelsesrådgiveren er hørt, og en konsekvensanalyse er under udarbejdelse.",
    "Hjemlen findes efter kommunens vurdering i den gældende sektorlovgivning og i forvaltningsloven.",
    "Der er risiko for, at modellen gengiver fagtermer upræcist, især ved dialekter og baggrundsstøj.",
    "Borgere, der ikke ønsker at deltage, får den sædvanlige behandling uden AI.",
    "Løsningen overvåges løbende, og den kan slås fra med kort varsel, hvis kvaliteten falder.",
    "Kommunen har valgt en løsning fra en fælleskommunal aftale for at undgå at blive bundet til én leverandør.",
    "Ud over {tech} er det overvejet at ansætte flere medarbejdere eller at forenkle arbejdsgangene.",
    "Et manuelt alternativ med skabeloner og tjeklister er afprøvet, men gav kun en begrænset tidsbesparelse.",
    "Kilden beskriver ikke, hvordan fejl eller klager fra borgere skal håndteres.",
    "Ansvaret for løsningen ligger hos chefen for {unit}, som refererer til direktionen.",
    "Evalueringen afsluttes i {quarter} {year2} med en rapport til styregruppen.",
    "Medarbejderne har fået undervisning i, hvordan resultaterne skal kontrolleres og dokumenteres.",
    "Data slettes hos leverandøren senest {days} dage efter behandlingen.",
    "Initiativet følger KL's anbefalinger om ansvarlig brug af kunstig intelligens i kommunerne.",
    "Den forventede effekt er kortere sagsbehandlingstid og færre henvendelser om status på sagen.",
    "Der er nedsat en følgegruppe med repræsentanter for medarbejdere, ledelse og IT.",
    "Det er usikkert, om løsningen lever op til kravene i AI-forordningen, når den tages i drift.",
    "Projektgruppen vurderer, at risikoen for forskelsbehandling er lav, men den følges i evalueringen.",
]
# Short ones too: principle evidence, notes and the like are often a single short sentence.
SHORT_SENTENCES = [
    "Kilden beskriver ikke {subject} nærmere.",
    "Det er ikke oplyst, hvem der følger op.",
    "Der er ingen risikovurdering endnu.",
    "{Unit} har ansvaret for opfølgningen.",
    "Testen kører i {year2} i {unit}.",
    "Borgerne kan klage til {unit}.",
    "Løsningen er ikke afprøvet endnu.",
    "Kvaliteten kontrolleres hver {period}.",
    "Data behandles i EU/EØS.",
    "Der er indgået en databehandleraftale.",
    "Vurderingen bygger på projektbeskrivelsen.",
    "Medarbejderne er inddraget fra starten.",
]
LINES = [
    "Løbende under forsøget", "Hvert kvartal", "Ved afslutningen af pilotfasen", "Årligt", "Månedligt i driftsfasen",
]
FIRST_NAMES = ["Anne", "Mette", "Lars", "Jens", "Hanne", "Søren", "Pia", "Mads", "Louise", "Rasmus", "Birgitte", "Ole"]
LAST_NAMES = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Madsen", "Østergaard"]
ROLES = ["Direktør for {unit}", "Chef for {unit}", "Afdelingsleder, {unit}", "Kvalitetskonsulent, {unit}",
         "Teamleder, {unit}", "Digitaliseringschef"]
SUPPLIERS = ["Netcompany", "KMD", "Systematic", "EG", "Microsoft", "Netic", "Formpipe", "Trifork", "Kombit"]
FUNDS = ["Innovationspuljen", "kommunens digitaliseringspulje", "Digitaliseringsstyrelsens signaturprojekter",
         "en statslig pulje til velfærdsteknologi", "forvaltningens eget budget"]

_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(_ASCII)).strip("-")


class _Writer:
    """Text for one record: sentences with fillers, to a target length."""

    def __init__(self, rng: random.Random, org: str, unit: str, tech: str, subject: str):
        self.rng = rng
        self.fill = {"org": org, "unit": unit, "Unit": unit, "tech": tech, "Tech": tech[:1].upper() + tech[1:],
                     "subject": subject}

    def _sentence(self, short: bool = False) -> str:
        r = self.rng
        values = {**self.fill,
                  "year": r.randint(2019, 2025), "year2": r.randint(2025, 2028),
                  "count": f"{r.randint(1, 40)}.{r.randint(0, 999):03d}", "count2": r.randint(4, 120),
                  "minutes": r.randint(5, 90), "money": f"{r.randint(0, 12)},{r.randint(0, 9)}",
                  "period": r.choice(["uge", "måned", "kvartal"]), "fund": r.choice(FUNDS),
                  "sample": r.randint(20, 400), "teams": r.randint(2, 9), "days": r.choice([7, 30, 90]),
                  "quarter": r.choice(["Q1", "Q2", "Q3", "Q4"])}
        return r.choice(SHORT_SENTENCES if short else SENTENCES).format(**values)

    def text(self, median: int) -> str:
        """Prose of about median characters (spread like the real records' fields)."""
        target = max(40, int(self.rng.lognormvariate(0, 0.45) * median))
        out = [self._sentence(short=target < 110)]
        size = len(out[0])
        while True:  # stop at the sentence that brings the length closest to the target
            sentence = self._sentence(short=self.rng.random() < 0.3)
            if size + len(sentence) / 2 > target:
                return " ".join(out)
            out.append(sentence)
            size += len(sentence) + 1

    def sometimes(self, median: int, full: bool) -> str:
        """Text when the record is well documented, else often 'ikke oplyst' as in the sparse real records."""
        return self.text(median) if full or self.rng.random() < 0.35 else UNKNOWN

    def line(self, words: list[str]) -> str:
        return self.rng.choice(words).format(**self.fill)


def _date(d: datetime.date) -> str:
    return d.isoformat()


def _person(rng: random.Random, w: _Writer, role_pool: list[str]) -> dict:
    return {"role": w.line(role_pool), "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"}


def _history(rng: random.Random, final: str, start: datetime.date) -> tuple[list[dict], datetime.date]:
    """Steps from an early status to final, with dates in order (some 'ikke oplyst')."""
    last_index = STATUSES.index(final) if final != "stoppet" else rng.randint(0, 3)
    first_index = rng.randint(0, min(last_index, 2))
    statuses = STATUSES[first_index:last_index + 1] + (["stoppet"] if final == "stoppet" else [])
    steps, when = [], start
    for status in statuses:
        when = min(when + datetime.timedelta(days=rng.randint(20, 240)), LATEST)
        step = {"status": status, "date": UNKNOWN if rng.random() < 0.15 else _date(when)}
        steps.append(step)
    return steps, when


def make_record(i: int, principle_ids: list[str], rng: random.Random, schema: dict = _SCHEMA) -> dict:
    """Record number i (1-based). Statuses, risk levels and categories cycle so every value occurs."""
    status = STATUSES[i % len(STATUSES)]
    risk_level = RISK_LEVELS[(i // len(STATUSES)) % len(RISK_LEVELS)]
    if risk_level == "uacceptabel" and status != "stoppet":
        risk_level = "høj"  # only a stopped initiative may be 'uacceptabel'
    if status == "stoppet" and i % 5 == 0:
        risk_level = "uacceptabel"
    category = CATEGORIES[i % len(CATEGORIES)]
    full = rng.random() < 0.2  # documented like AI-0001; the rest are sparse like the ideas
    org = f"{rng.choice(MUNICIPALITIES)} Kommune"
    unit, tech, subject = rng.choice(UNITS), rng.choice(TECHNIQUES), rng.choice(SUBJECTS)
    w = _Writer(rng, org, unit, tech, subject)
    title = w.line(TITLE_PATTERNS)
    rid = f"AI-{i:04d}"
    slug = f"{_slugify(title)[:60].strip('-')}-{i:04d}"

    start = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randint(0, 1500))
    history, last_step = _history(rng, status, start)
    created = min(start + datetime.timedelta(days=rng.randint(0, 60)), LATEST)
    last_reviewed = min(max(created, last_step) + datetime.timedelta(days=rng.randint(0, 200)), LATEST)
    interval = rng.choice([3, 6, 12, 12, 12, 24])
    next_review = last_reviewed + datetime.timedelta(days=30 * interval)

    def dated(low: datetime.date) -> str:
        return UNKNOWN if rng.random() < 0.3 else _date(min(low + datetime.timedelta(days=rng.randint(0, 400)), LATEST))

    items = [{"item": w.text(60)[:90].rsplit(" ", 1)[0], "year": rng.randint(2020, 2028),
              "amount_dkk": rng.randint(1, 400) * 5000} for _ in range(rng.randint(1, 6) if full else 0)]
    budget = {"price_basis": f"{rng.randint(2020, 2026)} p/l" if full else UNKNOWN, "items": items}
    if items and rng.random() < 0.5:
        total = sum(x["amount_dkk"] for x in items)
        budget["stated_total_dkk"] = total if rng.random() < 0.6 else total + rng.randint(1, 20) * 10000
    if rng.random() < 0.8:
        budget["note"] = w.text(116)

    risks = []
    for _ in range(rng.randint(3, 8) if full else rng.randint(0, 2)):
        cat = rng.choice(RISK_CATEGORIES)
        risk = {"category": cat, "rating": rng.choice(RATINGS), "description": w.text(147), "mitigation": w.text(162)}
        if cat == "anden":
            risk["other_category"] = rng.choice(["omdømme", "miljø og energiforbrug", "kompetencer", "leverandørskifte"])
        risks.append(risk)

    legal = {"basis": w.sometimes(129, full), "reference": w.sometimes(100, full), "last_assessed": dated(start),
             "impact_assessments": []}
    if full and rng.random() < 0.6:
        for kind in rng.sample(["DPIA", "Konsekvensanalyse efter GDPR art. 35", "Dataetisk vurdering",
                                "Risikovurdering af informationssikkerhed"], rng.randint(1, 2)):
            ia = {"kind": kind, "date": dated(start)}
            if rng.random() < 0.5:
                ia["url"] = f"https://{_slugify(org)}.dk/dokumenter/{_slugify(kind)}-{i}.pdf"
            if rng.random() < 0.5:
                ia["note"] = w.text(62)
            legal["impact_assessments"].append(ia)
    if not legal["impact_assessments"]:
        legal["no_impact_assessment_reason"] = w.text(71)

    record = {
        "id": rid,
        "slug": slug,
        "title": title,
        "summary": w.text(161),
        "owner": {"organisation": organisation_key(org) if full or rng.random() < 0.6 else UNKNOWN,
                  "unit": unit if full or rng.random() < 0.6 else UNKNOWN},
        "contact": f"ai-{_slugify(unit)}@{_slugify(org)}.dk" if rng.random() < 0.5 else UNKNOWN,
        "category": category,
        "tags": rng.sample(sorted({subject, tech, category, _slugify(unit), "kunstig intelligens", "pilot",
                                   "automatisering", "borgerkontakt", "sprogmodeller", "effektivisering"}),
                           rng.randint(2, 6)),
        "status_history": history,
        "purpose": w.text(435),
        "expected_benefit": w.text(361),
        "alternatives": w.sometimes(188, full),
        "technology": {
            "description": w.text(225),
            "models": rng.sample(["GPT-4o", "Whisper", "Llama 3", "Mistral Large", "egen model", "Corti"],
                                 rng.randint(0, 2)),
            "suppliers": [{"name": s, "role": rng.choice(["Leverandør af løsningen", "Hosting og drift",
                                                           "Databehandler", "Udvikling og support"])}
                          for s in rng.sample(SUPPLIERS, rng.randint(0, 2) if full else rng.randint(0, 1))],
            "supplier_dependence": w.sometimes(56, full),
            "source_code": rng.choice([UNKNOWN, "ikke offentlig", f"https://github.com/{_slugify(org)}/{slug[:40]}"]),
        },
        "data": {
            "personal_data": rng.choice(["ja", "nej", UNKNOWN]),
            "personal_data_kinds": rng.sample(["Navn og CPR-nummer", "Helbredsoplysninger", "Lyd fra samtaler",
                                               "Oplysninger om økonomi", "Tekst fra sagsakter", "Kontaktoplysninger"],
                                              rng.randint(0, 3)),
            "processing_location": rng.choice(["EU/EØS", "EU/EØS", "uden for EU/EØS", UNKNOWN]),
            "data_processing_agreement": w.sometimes(150, full),
            "sources": rng.sample(["Fagsystemet", "Borgerens henvendelse", "Journalen", "ESDH-systemet",
                                   "Økonomisystemet", "Telefonsystemet"], rng.randint(0, 3)),
        },
        "legal": legal,
        "ai_act": {"risk_level": risk_level, "justification": w.text(127)},
        "oversight": {
            "human_oversight": w.sometimes(194, full),
            "quality_control": w.sometimes(200, full),
            "quality_control_frequency": rng.choice(LINES) if full else UNKNOWN,
            "error_and_complaints": w.sometimes(174, full),
            "operations": w.sometimes(300, full),
        },
        "budget": budget,
        "follow_up_goals": [{"goal": w.text(31)[:60].rsplit(" ", 1)[0], "measure": w.text(97),
                             "responsible": f"{unit}, {org}", "when": rng.choice(LINES)}
                            for _ in range(rng.randint(2, 6) if full else 0)],
        "risks": risks,
        "consultation": [{"party": rng.choice(["Databeskyttelsesrådgiveren", "MED-udvalget", "Ældrerådet",
                                               "Handicaprådet", "Direktionen", "IT-sikkerhedsudvalget", "KL"]),
                          "kind": rng.choice(CONSULTATION_KINDS), "date": dated(start),
                          **({"note": w.text(62)} if rng.random() < 0.6 else {})}
                         for _ in range(rng.randint(1, 5) if full else rng.randint(0, 1))],
        "principle_assessments": {
            pid: {"status": ASSESSMENTS[(i + k) % len(ASSESSMENTS)] if full else rng.choice(ASSESSMENTS[1:] + ["ikke vurderet"] * 3),
                  "evidence": w.text(73)}
            for k, pid in enumerate(principle_ids)},
        "sources": [{"title": w.text(40)[:72].rsplit(" ", 1)[0], "publisher": org,
                     "year": rng.choice([rng.randint(2019, 2025), UNKNOWN]), "section": w.text(60)[:98].rsplit(" ", 1)[0],
                     **({"url": f"https://{_slugify(org)}.dk/politik/{i}-{k}"} if rng.random() < 0.5 else {})}
                    for k in range(rng.randint(1, 3))],
        "review": {"created": _date(created), "last_reviewed": _date(last_reviewed),
                   "next_review": _date(next_review), "interval_months": interval},
    }
    if status in ACCOUNTABLE or rng.random() < 0.3:
        record["responsibility"] = {"leader": _person(rng, w, ROLES[:3]), "quality_owner": _person(rng, w, ROLES[3:])}
    if rng.random() < 0.7:
        record["assessment_note"] = w.text(150)
    if rng.random() < 0.05:
        record["former_slugs"] = [f"{slug}-gammel"]
    if risk_level == HIGH:  # what the EU database asks for (Annex VIII C), still to be found, as in a new record
        eu = {"section": "offentlig", "deployer": {"name": org, "address": UNKNOWN, "contact": UNKNOWN},
              "provider_entry_url": UNKNOWN, "fria_summary": UNKNOWN}
        if any(is_dpia(a["kind"]) for a in legal["impact_assessments"]):
            eu["dpia_summary"] = UNKNOWN
        record["ai_act"]["eu_database"] = eu
    # In the schema's field order; a required field this generator does not know yet gets its start value.
    return complete(SchemaWalker(schema), schema, record)


def make_records(n: int, principle_ids, seed: int = 0, schema: dict = _SCHEMA) -> list[dict]:
    """n valid records, AI-0001 … AI-n, assessed against every id in principle_ids (and valid
    against schema, a changed copy of the register's, as long as its lists of values are the same)."""
    rng = random.Random(seed)
    ids = list(principle_ids)
    return [make_record(i, ids, rng, schema) for i in range(1, n + 1)]


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Long text as folded block scalars (>-), the way the real records are written."""


def _str(dumper, value: str):
    style = ">" if len(value) > 80 and "\n" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def record_filename(record: dict) -> str:
    return f"{record['id'].lower()}-{record['slug']}.yml"


def dump_record(record: dict) -> str:
    body = yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88)
    return "# yaml-language-server: $schema=schema.json\n" + body


def organisation_key(name: str) -> str:
    return _slugify(name)


# The synthetic owners, as registry/organisations.yml lists an organisation (no official numbers:
# none is invented, not even for a benchmark).
SYNTHETIC_ORGANISATIONS = {
    organisation_key(f"{m} Kommune"): {"name": f"{m} Kommune", "short_name": m, "type": "kommune",
                                       "team": organisation_key(f"{m} Kommune")}
    for m in MUNICIPALITIES}


def write_organisations(records: list[dict], folder: Path) -> None:
    """Add the synthetic organisations the records name to folder/organisations.yml, after the
    ones already there (a copied site's real organisations keep their text and comments)."""
    path = Path(folder) / "organisations.yml"
    text = path.read_text(encoding="utf-8") if path.exists() else "# yaml-language-server: $schema=organisations.schema.json\n"
    listed = set(yaml.safe_load(text) or {})
    named = {r["owner"]["organisation"] for r in records} & set(SYNTHETIC_ORGANISATIONS)
    missing = {key: SYNTHETIC_ORGANISATIONS[key] for key in sorted(named - listed)}
    if missing:
        body = yaml.dump(missing, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88)
        path.write_text(text.rstrip("\n") + "\n\n" + body, encoding="utf-8")


def write_records(records: list[dict], folder: Path) -> list[Path]:
    """Write each record as registry-style YAML into folder (created if missing), and the
    organisations they name into folder/organisations.yml."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for record in records:
        path = folder / record_filename(record)
        path.write_text(dump_record(record), encoding="utf-8")
        paths.append(path)
    write_organisations(records, folder)
    return paths
