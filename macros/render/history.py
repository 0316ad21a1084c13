"""Markdown for a file's history: what changed, field by field, newest first.

The Danish names of the fields are in FIELD_LABELS, the one place they are kept; a field
missing there is named by its nearest labelled group, or by its name in the YAML.
"""
from __future__ import annotations

import hashlib

from ..history import Change, History, Version
from . import markup as m

# A value up to this long is shown as "old → new"; a longer text as "ændret" and a link to the diff.
SHORT_VALUE = 60

FIELD_LABELS = {
    "id": "Id", "slug": "Adresse", "former_slugs": "Tidligere adresser", "title": "Titel", "summary": "Resumé",
    "owner": "Ejer", "owner.organisation": "Organisation", "owner.unit": "Enhed",
    "owner.cvr": "CVR-nummer", "owner.municipality_code": "Kommunekode", "owner.region_code": "Regionskode",
    "contact": "Kontakt", "category": "Kategori", "tags": "Emneord", "status_history": "Livsforløb",
    "purpose": "Formål", "expected_benefit": "Forventet gevinst", "alternatives": "Overvejede alternativer",
    "technology": "Teknologi", "technology.models": "Modeller", "technology.suppliers": "Leverandører",
    "technology.source_code": "Kildekode", "technology.supplier_dependence": "Afhængighed af leverandører",
    "data": "Data", "data.personal_data": "Personoplysninger", "data.personal_data_kinds": "Typer af personoplysninger",
    "data.processing_location": "Behandlingssted", "data.sources": "Datakilder",
    "data.data_processing_agreement": "Databehandleraftale",
    "legal": "Lovgrundlag", "legal.reference": "Henvisning til lovgrundlaget",
    "legal.last_assessed": "Seneste juridiske vurdering", "legal.impact_assessments": "Konsekvensanalyser",
    "legal.no_impact_assessment_reason": "Begrundelse for ingen konsekvensanalyse",
    "ai_act": "AI-forordningen", "ai_act.risk_level": "Risikoniveau", "ai_act.justification": "Begrundelse for risikoniveauet",
    "ai_act.decision": "Hvordan risikoniveauet blev fundet", "ai_act.decision.tree_version": "Beslutningstræets version",
    "responsibility": "Ansvar", "responsibility.leader": "Ansvarlig leder", "responsibility.quality_owner": "Kvalitetsansvarlig",
    "oversight": "Tilsyn og drift", "oversight.human_oversight": "Menneskeligt tilsyn",
    "oversight.quality_control": "Kvalitetskontrol", "oversight.quality_control_frequency": "Hyppighed af kvalitetskontrol",
    "oversight.error_and_complaints": "Fejl og klager", "oversight.operations": "Drift og overvågning",
    "budget": "Budget", "budget.items": "Budgetposter", "budget.stated_total_dkk": "Samlet budgetramme",
    "budget.price_basis": "Prisgrundlag", "budget.note": "Note om budgettet",
    "follow_up_goals": "Opfølgningsmål", "risks": "Risikoregister", "consultation": "Inddragelse",
    "principle_assessments": "Vurdering mod principperne", "assessment_note": "Note om vurderingerne",
    "sources": "Kilder", "review": "Gennemgang", "review.created": "Oprettet", "review.last_reviewed": "Sidst gennemgået",
    "review.next_review": "Næste gennemgang", "review.interval_months": "Interval for gennemgang",
    # principles
    "number": "Nummer", "area": "Område", "guidance": "Vejledning", "questions": "Spørgsmål", "source": "Kilde",
    # the AI Act decision tree (principles/beslutningstrae.yml)
    "version": "Version", "intro": "Indledning", "principle": "Princip", "start": "Startspørgsmål",
    "conclusions": "Konklusioner", "public_deployer_duties": "Krav til offentlige idriftsættere", "dates": "Datoer",
}


def field_label(path: tuple) -> str:
    """The Danish name of a field; a principle's assessment by its id (Vurdering mod P04)."""
    if len(path) >= 2 and path[0] == "principle_assessments":
        return f"{'Begrundelse' if path[2:] == ('evidence',) else 'Vurdering'} mod {path[1]}"
    for end in range(len(path), 0, -1):
        label = FIELD_LABELS.get(".".join(str(p) for p in path[:end]))
        if label:
            return label
    return ".".join(str(p) for p in path) or "Indhold"


def _short(value) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) \
        and "\n" not in str(value) and len(str(value)) <= SHORT_VALUE


def _status(history: object) -> str | None:
    if isinstance(history, list) and history and isinstance(history[-1], dict):
        return history[-1].get("status")
    return None


def describe(change: Change) -> str:
    """One change in plain Danish words (not yet escaped): 'Status: test/pilot → i drift'."""
    if change.path == ("status_history",):
        old, new = _status(change.old), _status(change.new)
        if old != new:
            return f"Status: {old or 'ikke oplyst'} → {new or 'ikke oplyst'}"
    label = field_label(change.path)
    if change.old is None:
        return f"{label}: tilføjet" + (f" ({change.new})" if _short(change.new) else "")
    if change.new is None:
        return f"{label}: fjernet"
    if _short(change.old) and _short(change.new):
        return f"{label}: {change.old} → {change.new}"
    return f"{label}: ændret"


def version_summary(version: Version) -> list[str]:
    """What a version did, as Danish phrases (not yet escaped)."""
    if version.kind == "oprettet":
        return ["Oprettet"]
    if version.kind == "ældste kendte":
        return ["Ældste kendte version (den tidligere historik er ikke hentet)"]
    if version.data is None:  # a commit with a YAML mistake (the build stops on one only if it is current)
        return ["Filen kunne ikke læses i denne version"]
    phrases = ["Filen kan læses igen" if c.path == () else describe(c) for c in version.changes]
    if version.kind == "omdøbt":
        phrases.insert(0, "Filen er omdøbt")
    return phrases or ["Ingen ændring af indholdet"]


def diff_url(repo_url: str, version: Version) -> str:
    """The commit on GitHub, scrolled to this file's diff (GitHub names it by the path's SHA-256)."""
    anchor = hashlib.sha256(version.path.encode()).hexdigest()
    return f"{repo_url.rstrip('/')}/commit/{version.commit}#diff-{anchor}"


def history_section(history: History, source_file: str, repo_url: str, what: str = "registreringen") -> str:
    """The ## Historik section of a record's or principle's page; empty without git history."""
    versions = history.of(source_file)
    if not versions:
        return ""
    out = ["## Historik {#historik data-search-exclude}\n",
           f"Hver ændring af {what}, nyeste først, fra versionsstyringen (git).\n"]
    if history.shallow:
        out.append("Historikken er ufuldstændig: sitet er bygget fra en afkortet kopi af repositoriet, "
                   "så de ældste ændringer mangler.\n{: .ai-note }\n")
    for version in reversed(versions):
        link = f" · [Se ændringen]({m.url(diff_url(repo_url, version))})" if repo_url and version.kind != "oprettet" else ""
        out.append(f"- **{m.date_da(version.date[:10])}**: {m.text('; '.join(version_summary(version)))}{link}  \n"
                   f"  <small>{m.text(version.message)}</small>")
    return "\n".join(out) + "\n"
