"""Décision de l'agent sur chaque retenue proposée : la confirmer, ou y renoncer avec un motif.

Le texte rend la retenue facultative (« une retenue financière pourrait intervenir »,
ROB24 annexe III ; « sauf circonstances exceptionnelles », §8) : renoncer est permis, mais
jamais sans motif. Les retenues confirmées deviennent la colonne de décision
``retenue_activite_confirmee`` (centimes, négatifs) que lit la règle non pérenne
``retenue_activite`` (:mod:`campagne.rules.retenue_activite`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

import polars as pl

from campagne.activity.errors import ActivityError, RetentionDecisionError
from campagne.activity.reading import RowReader, load_rows

CONFIRMED_COLUMN = "retenue_activite_confirmee"
CONFIRMED_SCHEMA = {"finess": pl.String(), CONFIRMED_COLUMN: pl.Int64()}


class Choice(StrEnum):
    confirmee = "confirmee"
    renoncee = "renoncee"


WORDS = {"confirmer": Choice.confirmee, "confirmee": Choice.confirmee,
         "confirmée": Choice.confirmee, "renoncer": Choice.renoncee,
         "renoncee": Choice.renoncee, "renoncée": Choice.renoncee}


@dataclass(frozen=True)
class RetentionProposal:
    finess: str
    raison_sociale: str
    montant: int  # centimes, positif : ce qui serait retenu
    formule: str
    unite: str
    activite_theorique: Decimal
    activite_cible: Decimal
    activite_realisee: Decimal


@dataclass(frozen=True)
class RetentionDecision:
    proposal: RetentionProposal
    choix: Choice
    motif: str | None

    @property
    def retenue(self) -> int:
        """Effet sur la dotation (centimes, négatif si confirmée)."""
        return -self.proposal.montant if self.choix is Choice.confirmee else 0

    def to_dict(self) -> dict[str, object]:
        return {"finess": self.proposal.finess, "raison_sociale": self.proposal.raison_sociale,
                "retenue_proposee": self.proposal.montant, "decision": self.choix.value,
                "motif": self.motif, CONFIRMED_COLUMN: self.retenue or None}


def proposals(assessment: pl.DataFrame) -> dict[str, RetentionProposal]:
    """Les retenues proposées par :func:`campagne.activity.achievement.assess_activity`."""
    rows = assessment.filter(pl.col("retenue_proposee").is_not_null())
    return {r["finess"]: RetentionProposal(
        r["finess"], r["raison_sociale"], r["retenue_proposee"], r["formule_retenue"],
        r["unite_activite"], r["activite_theorique"], r["activite_cible"],
        r["activite_realisee"]) for r in rows.iter_rows(named=True)}


def confirm(proposal: RetentionProposal, motif: str | None = None) -> RetentionDecision:
    return RetentionDecision(proposal, Choice.confirmee, (motif or "").strip() or None)


def renounce(proposal: RetentionProposal, motif: str | None) -> RetentionDecision:
    """Renoncer à une retenue exige un motif (circonstances exceptionnelles)."""
    if not (motif or "").strip():
        raise RetentionDecisionError(
            f"ESMS {proposal.finess} ({proposal.raison_sociale}), champ « motif » : renoncer à "
            "la retenue proposée exige un motif. Correction : indiquez les circonstances "
            "exceptionnelles qui justifient le renoncement (ROB24 §8), ou confirmez la retenue")
    return RetentionDecision(proposal, Choice.renoncee, (motif or "").strip())


def decide(candidates: dict[str, RetentionProposal], finess: str, choix: Choice | str,
           motif: str | None = None) -> RetentionDecision:
    proposal = candidates.get(finess)
    if proposal is None:
        raise RetentionDecisionError(
            f"ESMS {finess}, champ « finess » : aucune retenue n'est proposée pour cet ESMS. "
            "Correction : ne décidez que des retenues proposées (cible non atteinte, sous CPOM)")
    choice = Choice(choix) if not isinstance(choix, Choice) else choix
    return confirm(proposal, motif) if choice is Choice.confirmee else renounce(proposal, motif)


def read_decisions(path: Path, candidates: dict[str, RetentionProposal]) -> list[RetentionDecision]:
    """Fichier ``finess;decision;motif`` (decision : confirmer ou renoncer) ; tout ou rien."""
    rows, issues = load_rows(path, ("finess", "decision"), ("motif",), "Décisions de retenue")
    reader = RowReader(issues, None)
    out: list[RetentionDecision] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        finess = reader.start(line, row)
        word = reader.raw("decision").lower()
        if word not in WORDS:
            reader.bad("decision", f"décision « {reader.raw('decision')} » inconnue",
                       "écrivez confirmer ou renoncer")
            continue
        if finess is None:
            continue
        if finess in seen:
            reader.bad("finess", "ESMS présent deux fois", "gardez une seule décision par ESMS")
            continue
        seen.add(finess)
        if finess not in candidates:
            reader.bad("finess", "aucune retenue n'est proposée pour cet ESMS",
                       "ne décidez que des retenues proposées (cible non atteinte, sous CPOM)")
        elif WORDS[word] is Choice.renoncee and not reader.raw("motif"):
            reader.bad("motif", "renoncer à la retenue proposée exige un motif",
                       "indiquez les circonstances exceptionnelles, ou confirmez la retenue")
        else:
            out.append(decide(candidates, finess, WORDS[word], reader.raw("motif")))
    if issues:
        raise ActivityError(issues, f"Décisions de retenue « {path.name} »")
    return out


def confirmed_frame(decisions: list[RetentionDecision]) -> pl.DataFrame:
    """``finess → retenue_activite_confirmee`` (centimes, négatif), à joindre au portefeuille."""
    rows = [{"finess": d.proposal.finess, CONFIRMED_COLUMN: d.retenue}
            for d in decisions if d.choix is Choice.confirmee]
    return pl.DataFrame(rows, schema=CONFIRMED_SCHEMA)
