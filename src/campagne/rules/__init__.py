"""Les règles de tarification, une par module de domaine, et leur catalogue.

Une étape peut avoir une variante par campagne (même nom, références et paramètres de
l'année) : le moteur ne garde que les règles qui s'appliquent à la campagne calculée.
"""

from __future__ import annotations

from campagne.engine.rule import Rule
from campagne.rules import (
    actualisation,
    alzheimer,
    campagne_2005,
    cnr,
    creton,
    ehpad,
    esat,
    mesures_nouvelles,
    retenue_activite,
    revalorisations,
    ssiad,
)
from campagne.rules.dotation import dotation_rules

PERENNES = (
    *actualisation.PERENNES,
    esat.ACTUALISATION_ESAT,
    *ssiad.PERENNES,
    *revalorisations.PERENNES,
    mesures_nouvelles.MESURES_PHASE1,
    mesures_nouvelles.MESURES_PHASE2,
    *campagne_2005.PERENNES,
    *ehpad.PERENNES,
    *alzheimer.PERENNES,
)
NON_PERENNES = (
    mesures_nouvelles.DECALAGE,
    creton.REPRISE_CRETON,
    *cnr.RULES,
    *campagne_2005.NON_PERENNES,
    *alzheimer.NON_PERENNES,
    *retenue_activite.RULES,
)


def all_rules() -> tuple[Rule, ...]:
    """Le catalogue complet ; le moteur garde celles qui s'appliquent à la campagne."""
    steps = (
        actualisation.RULES + esat.RULES + ssiad.RULES + revalorisations.RULES
        + mesures_nouvelles.RULES + creton.RULES + cnr.RULES + campagne_2005.RULES
        + ehpad.RULES + alzheimer.RULES + retenue_activite.RULES
    )
    return steps + dotation_rules(PERENNES, NON_PERENNES)
