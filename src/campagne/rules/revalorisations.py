"""Revalorisations salariales 2024 réparties au prorata des bases [ROB24 §6]."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from campagne.engine.rule import Applicability, Ref, RuleContext
from campagne.rules.prorata import prorata_rules

CAMPAGNES = frozenset({2024})

PUBLIC = Applicability(
    campagnes=CAMPAGNES,
    condition=lambda ctx: pl.col("statut_agregat") == "public",
    condition_label="ESMS relevant du secteur public",
)
ASSIETTE_PUBLIC, REVAL_PUBLIC = prorata_rules(
    "reval_fonction_publique",
    "Revalorisations de la fonction publique (point d'indice, bas salaires, 5 points)",
    (Ref("ROB24", "§6.2"),),
    "enveloppe_reval_public",
    PUBLIC,
    eligible=lambda ctx: pl.lit(True),
    eligible_label="ESMS relevant du secteur public (sections financées par l'OGD)",
)

FPH = Applicability(
    campagnes=CAMPAGNES,
    condition=lambda ctx: pl.col("fonction_publique") == "FPH",
    condition_label="ESMS de la fonction publique hospitalière",
)
ASSIETTE_ATTRACTIVITE, ATTRACTIVITE = prorata_rules(
    "attractivite_nuit_jfd",
    "Attractivité des métiers : nuit, dimanches et jours fériés (FPH)",
    (Ref("ROB24", "§6.3"),),
    "enveloppe_attractivite_nuit_jfd",
    FPH,
    eligible=lambda ctx: pl.col("continuite_nuit_weekend"),
    eligible_label="ESMS de la FPH travaillant la nuit et le week-end/jours fériés",
    inputs=("continuite_nuit_weekend",),
)


def _installed(ctx: RuleContext) -> pl.Expr:
    year = int(Decimal(ctx.param("annee_installations_taux_moyen")))
    return pl.col("date_installation").dt.year() == year


INSTALLATIONS = Applicability(
    campagnes=CAMPAGNES, condition=_installed,
    condition_label="ESMS installé l'année de référence (2022)",
)
ASSIETTE_TAUX_MOYEN, TAUX_MOYEN = prorata_rules(
    "taux_moyen_installations",
    "Taux moyen de revalorisation des places installées en 2022",
    (Ref("ROB24", "§6.1"),),
    "enveloppe_taux_moyen_installations",
    INSTALLATIONS,
    eligible=lambda ctx: pl.lit(True),
    eligible_label="ESMS installés en 2022",
    parameters={"annee_installations_taux_moyen": None},
)

RULES = (ASSIETTE_PUBLIC, REVAL_PUBLIC, ASSIETTE_ATTRACTIVITE, ATTRACTIVITE,
         ASSIETTE_TAUX_MOYEN, TAUX_MOYEN)
PERENNES = (REVAL_PUBLIC, ATTRACTIVITE, TAUX_MOYEN)
