"""The Danish messages about a field, written for the person filling it in.

One table for the record form, the command line and the build. A message names the field by its
label (the schema's `title`) and says what to write: "Skriv initiativets titel", "Skriv dato for
oprettelse som år-måned-dag, fx 2026-03-01". It never shows a field's key, an empty value as '', a
type name or a pattern.

The browser gets FIELD_MESSAGES as data (macros/form_spec.py); `field_message` is how Python
fills one in, and docs/javascripts/form/messages.js does the same with the same table
(tests/test_form_rules.py feeds both the same cases). `python -m macros validate` adds the
message to a record's schema error, after its line and field (macros/schema_check.py).
"""
from __future__ import annotations

import re

# {felt}: the label with a small first letter ("initiativets titel"); {Felt}: with a capital.
# {eksempel}: an example of what to write; {grænse}: a limit; {antal}: how many there are now.
FIELD_MESSAGES = {
    "missing_text": "Skriv {felt}",
    "missing_choice": "Vælg {felt}",
    "missing_row": "Tilføj {række} under {felt}",  # {række}: what one row is ("statusændring"), small
    "one_line": "Skriv {felt} på én linje, uden linjeskift",
    "date": "Skriv {felt} som år-måned-dag, fx {eksempel}",
    "date_or_unknown": "Skriv {felt} som år-måned-dag, fx {eksempel}, eller lad feltet stå tomt, hvis datoen ikke er oplyst",
    "no_such_date": "{Felt} findes ikke i kalenderen; skriv en rigtig dato, fx {eksempel}",
    "email": "Skriv {felt} som en e-mailadresse, fx ai@kommune.dk, eller lad feltet stå tomt, hvis den ikke er oplyst",
    "url": "Skriv {felt} som en webadresse, der begynder med https://",
    "slug": "Skriv {felt} med små bogstaver a-z, tal og bindestreger, fx ai-tolk-koebenhavn",
    "id": "Skriv {felt} som AI- og seks tegn (tal og store bogstaver), fx AI-7K3QZD",
    "integer": "Skriv {felt} som et helt tal uden punktum og mellemrum, fx {eksempel}",
    "integer_or_unknown": "Skriv {felt} som et helt tal, fx {eksempel}, eller lad feltet stå tomt, hvis det ikke er oplyst",
    "minimum": "{Felt} skal være mindst {grænse}",
    "maximum": "{Felt} må højst være {grænse}",
    "too_long": "{Felt} må højst have {grænse} tegn; der er {antal}",
    "duplicate": "{Felt} har den samme linje flere gange; slet den ene",
    "choice": "Vælg {felt} på listen",
    "other": "{Felt} kan ikke bruges, som det står; se forklaringen ved feltet",
    # Across the register (api/indeks.json) and the site's own pages.
    "id_taken": "Id'et {værdi} er allerede brugt af en anden registrering; klik Træk et nyt id",
    "id_retired": "Id'et {værdi} har tilhørt en slettet registrering og må ikke bruges igen; klik Træk et nyt id",
    "slug_taken": "Adressen {værdi} er allerede brugt af en anden registrering; skriv en anden adresse",
    "slug_page": "Adressen {værdi} bruges af en side på sitet; skriv en anden adresse",
    # The one-record rules of macros/content/register.py, as the form says them.
    "unacceptable_only_when_stopped": "Risikoniveauet uacceptabel kan kun vælges, når status er stoppet; "
                                      "vælg et andet risikoniveau, eller sæt status til stoppet",
    "responsibility_from_pilot": "Udfyld ansvarlig leder og ejer af kvalitetskontrollen; det kræves fra status test/pilot",
    "eu_not_high": "{Felt} hører kun til risikoniveau høj; fjern den, eller ret risikoniveauet",
    "eu_missing": "Risikoniveauet høj kræver en registrering i EU's database; klik Tilføj registrering i EU's database, "
                  "og udfyld den",
    "eu_points": "Udfyld også {felter} under {felt}; lad et felt stå tomt, hvis oplysningen ikke findes endnu",
    "other_risk_named": "Skriv navnet på kategorien, når kategorien er anden",
    "status_dates_in_order": "{Felt} ligger før den forrige statusændring; ret datoen, så forløbet står i rækkefølge",
    "review_after_created": "{Felt} ligger før oprettelsen; ret datoen",
    "next_review_after_last": "{Felt} skal ligge efter seneste gennemgang",
    "in_future": "{Felt} ligger i fremtiden; skriv datoen, da det skete, eller lad feltet stå tomt",
}

# The example of each kind (dates: the form shows today's date instead).
EXAMPLES = {"date": "2026-03-01", "integer": "350000"}

# The error summary's heading and the status words of the form's sections.
FORM_WORDS = {
    "summary_one": "Der er 1 fejl",
    "summary_many": "Der er {antal} fejl",
    "status_not_started": "ikke påbegyndt",
    "status_in_progress": "i gang",
    "status_done": "færdig",
    "status_fix": "skal rettes",
    "progress": "{færdige} af {alle} afsnit færdige",
}

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def label_forms(label: str) -> dict[str, str]:
    """{felt} and {Felt} for a label: "Initiativets titel" -> initiativets titel / Initiativets titel.
    A label that starts with an abbreviation (AI-forordningen, DPIA) keeps its capitals."""
    small = label if len(label) > 1 and label[1].isupper() else label[:1].lower() + label[1:]
    return {"felt": small, "Felt": label[:1].upper() + label[1:]}


def field_message(kind: str, label: str, **values) -> str:
    """A message of FIELD_MESSAGES filled in: field_message("missing_text", "Initiativets titel")."""
    words = {**label_forms(label), "eksempel": EXAMPLES.get(kind.split("_")[0], EXAMPLES["date"]),
             **{k: str(v) for k, v in values.items()}}
    return _PLACEHOLDER.sub(lambda m: words.get(m.group(1), m.group(0)), FIELD_MESSAGES[kind])
