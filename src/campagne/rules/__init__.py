"""Les règles de tarification, une par module de domaine, et leur catalogue."""

from __future__ import annotations

from campagne.engine.rule import Rule
from campagne.rules import (
    actualisation,
    cnr,
    creton,
    esat,
    mesures_nouvelles,
    revalorisations,
    ssiad,
)
from campagne.rules.dotation import dotation_rules

PERENNES = (
    actualisation.ACTUALISATION,
    esat.ACTUALISATION_ESAT,
    *ssiad.PERENNES,
    *revalorisations.PERENNES,
    mesures_nouvelles.MESURES_PHASE1,
    mesures_nouvelles.MESURES_PHASE2,
)
NON_PERENNES = (mesures_nouvelles.DECALAGE, creton.REPRISE_CRETON, *cnr.RULES)


def all_rules() -> tuple[Rule, ...]:
    """Le catalogue complet ; le moteur garde celles qui s'appliquent à la campagne."""
    steps = (
        actualisation.RULES + esat.RULES + ssiad.RULES + revalorisations.RULES
        + mesures_nouvelles.RULES + creton.RULES + cnr.RULES
    )
    return steps + dotation_rules(PERENNES, NON_PERENNES)
