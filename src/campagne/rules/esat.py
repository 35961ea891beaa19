"""ESAT : tarifs plafonds par population, gel au-dessus du plafond, taux préférentiel vers
90 % du plafond [ROB24 §5].

Lecture retenue du §5, qui ne chiffre pas le taux préférentiel : « par conséquent », le gel
des ESAT au-dessus du plafond libère leur part de la reconduction (1 % de leur base) ; cette
enveloppe, diminuée de ce que prennent les ESAT entre 90 % et 100 % du plafond (taux de droit
commun sans dépasser le plafond), est répartie entre les ESAT sous 90 % du plafond au prorata
de leur base (``allocate``, à l'euro, total exact), chacun recevant au plus de quoi atteindre
90 % de son plafond (arrondi à l'euro inférieur) et au moins le taux de droit commun dans
cette limite : un ESAT sous 90 % ne dépasse jamais 90 % de son plafond. Le taux préférentiel
reste ainsi dans l'enveloppe de reconduction des ESAT, sans dépasser la DRL.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from campagne.allocation import EURO as ALLOC_EURO
from campagne.allocation import allocate
from campagne.engine.rule import Applicability, Nature, Ref, Rule, RuleContext, Unit
from campagne.money import CENT, EURO, EURO_DOWN, expr_mul_rate, expr_mul_rate_col

ESAT = frozenset({"246"})
CAMPAGNES = frozenset({2024})
POPULATIONS = ("imc", "autisme", "lesion_cerebrale", "handicap_physique")
REFS = (Ref("ROB24", "§5"),)
APPLIES = Applicability(campagnes=CAMPAGNES, categories=ESAT)

AU_DESSUS = "au-dessus du plafond : gel de la dotation"
SOUS_90 = "sous 90 % du plafond : taux préférentiel"
ENTRE = "entre 90 % et 100 % du plafond : taux de droit commun"


def _population(ctx: RuleContext) -> pl.Expr:
    seuil = float(Decimal(ctx.param("seuil_population_esat")) * 100)
    caps = ctx.param("tarif_plafond_esat")
    # Si deux populations dépassaient le seuil, le plafond le plus élevé l'emporte :
    # la plus forte est testée en premier (when le plus extérieur).
    expr: pl.Expr = pl.lit("reference")
    for key in sorted(POPULATIONS, key=lambda k: Decimal(caps[k])):
        expr = pl.when(pl.col(f"part_{key}") >= seuil).then(pl.lit(key)).otherwise(expr)
    return expr


POPULATION = Rule(
    name="population_esat",
    label="Population retenue pour le tarif plafond",
    references=REFS,
    compute=_population,
    unit=Unit.texte,
    inputs=tuple(f"part_{k}" for k in POPULATIONS),
    parameters={"seuil_population_esat": None},
    applies=APPLIES,
    formula="population représentant au moins 70 % des personnes accueillies, sinon « reference »",
)

PLAFOND_PLACE = Rule(
    name="tarif_plafond_esat",
    label="Tarif plafond par place",
    references=REFS,
    compute=lambda ctx: ctx.param_expr("tarif_plafond_esat", "population_esat"),
    inputs=("population_esat",),
    parameters={"tarif_plafond_esat": "population_esat"},
    applies=APPLIES,
)

PLAFOND_TOTAL = Rule(
    name="plafond_esat",
    label="Dotation plafond (tarif plafond × places autorisées)",
    references=REFS,
    compute=lambda ctx: (pl.col("tarif_plafond_esat") * pl.col("capacite")).cast(pl.Int64),
    inputs=("tarif_plafond_esat", "capacite"),
    applies=APPLIES,
    formula="tarif plafond par place × capacité autorisée",
)

COUT_PLACE = Rule(
    name="cout_place_esat",
    label="Coût à la place (base reconductible / places)",
    references=REFS,
    compute=lambda ctx: CENT.expr_ratio(pl.col("base_reconductible"), pl.col("capacite")),
    inputs=("base_reconductible", "capacite"),
    applies=Applicability(
        campagnes=CAMPAGNES, categories=ESAT,
        condition=lambda ctx: pl.col("capacite") > 0,
        condition_label="capacité autorisée non nulle",
    ),
    formula="base reconductible / capacité autorisée",
    rounding=CENT,
)


def _situation(ctx: RuleContext) -> pl.Expr:
    part = Decimal(ctx.param("part_cible_preferentielle_esat"))
    cible = expr_mul_rate(pl.col("plafond_esat"), part, CENT)
    base = pl.col("base_reconductible")
    return (
        pl.when(base > pl.col("plafond_esat")).then(pl.lit(AU_DESSUS))
        .when(base < cible).then(pl.lit(SOUS_90))
        .otherwise(pl.lit(ENTRE))
    )


SITUATION = Rule(
    name="situation_esat",
    label="Situation par rapport au tarif plafond",
    references=REFS,
    compute=_situation,
    unit=Unit.texte,
    inputs=("base_reconductible", "plafond_esat"),
    parameters={"part_cible_preferentielle_esat": None},
    applies=APPLIES,
)


def _droit_commun(ctx: RuleContext) -> pl.Expr:
    return expr_mul_rate_col(pl.col("base_reconductible"), pl.col("taux_actualisation"), EURO)


DROIT_COMMUN = Rule(
    name="actualisation_droit_commun_esat",
    label="Actualisation au taux de droit commun (avant gel et taux préférentiel)",
    references=(Ref("ROB24", "§3"),),
    compute=_droit_commun,
    inputs=("base_reconductible", "taux_actualisation"),
    applies=APPLIES,
    formula="base reconductible × taux d'actualisation",
    rounding=EURO,
)


def _ecarts(ctx: RuleContext) -> tuple[pl.Expr, pl.Expr]:
    """(écart jusqu'au plafond, écart jusqu'à 90 % du plafond), arrondis à l'euro inférieur."""
    part = Decimal(ctx.param("part_cible_preferentielle_esat"))
    base = pl.col("base_reconductible")
    jusqu_au_plafond = EURO_DOWN.expr_ratio(pl.col("plafond_esat") - base, 1)
    cible = expr_mul_rate(pl.col("plafond_esat"), part, CENT)
    return jusqu_au_plafond, EURO_DOWN.expr_ratio(cible - base, 1)


def _normal(ctx: RuleContext) -> pl.Expr:
    jusqu_au_plafond, _ = _ecarts(ctx)
    return pl.min_horizontal(pl.col("actualisation_droit_commun_esat"), jusqu_au_plafond)


def _enveloppe(ctx: RuleContext) -> pl.Expr:
    """Le 1 % de tous les ESAT, moins ce que prennent ceux entre 90 % et 100 % du plafond :
    le gel des ESAT au-dessus du plafond finance le taux préférentiel des autres."""
    situation = pl.col("situation_esat")
    dc = pl.col("actualisation_droit_commun_esat")
    pris = pl.when(situation == ENTRE).then(_normal(ctx)).otherwise(0)
    return (dc.sum() - pris.sum()).cast(pl.Int64)


ENVELOPPE = Rule(
    name="enveloppe_preferentielle_esat",
    label="Enveloppe du taux préférentiel (actualisation non consommée des ESAT)",
    references=REFS,
    compute=_enveloppe,
    inputs=("actualisation_droit_commun_esat", "situation_esat", "plafond_esat",
            "base_reconductible"),
    parameters={"part_cible_preferentielle_esat": None},
    applies=APPLIES,
    formula=(
        "somme des actualisations de droit commun de tous les ESAT − actualisations des ESAT "
        "entre 90 % et 100 % du plafond (les ESAT gelés au-dessus du plafond ne consomment rien)"
    ),
)


def _actualisation_esat(ctx: RuleContext) -> pl.Series:
    _, jusqu_a_90 = _ecarts(ctx)
    frame = ctx.frame.with_row_index("__i").with_columns(
        _normal(ctx).alias("__normal"), jusqu_a_90.alias("__j90"))
    situation = frame["situation_esat"]
    out = (
        frame.select(
            pl.when(pl.col("situation_esat") == AU_DESSUS).then(pl.lit(0, dtype=pl.Int64))
            .when(pl.col("situation_esat") == ENTRE).then(pl.col("__normal"))
            .otherwise(None).cast(pl.Int64).alias("actualisation_esat")
        ).to_series()
    )
    low = frame.filter(situation == SOUS_90)
    if low.height:
        caps = low["__j90"].to_list()
        floors = [min(dc, cap) for dc, cap in
                  zip(low["actualisation_droit_commun_esat"].to_list(), caps, strict=True)]
        pool = int(low["enveloppe_preferentielle_esat"][0])
        envelope = min(max(pool, sum(floors)), sum(caps))
        alloc = allocate(envelope, low["base_reconductible"].to_list(), floors=floors, caps=caps,
                         unit=ALLOC_EURO, keys=low["finess"].to_list())
        out = out.scatter(low["__i"].to_list(), list(alloc.shares))
    return out


ACTUALISATION_ESAT = Rule(
    name="actualisation_esat",
    label="Actualisation de l'ESAT (plafond, gel ou taux préférentiel)",
    references=(Ref("ROB24", "§3"), Ref("ROB24", "§5")),
    compute=_actualisation_esat,
    inputs=("base_reconductible", "actualisation_droit_commun_esat", "plafond_esat",
            "situation_esat", "enveloppe_preferentielle_esat"),
    parameters={"part_cible_preferentielle_esat": None},
    applies=APPLIES,
    formula=(
        "au-dessus du plafond : 0 (gel) ; entre 90 % et 100 % : taux de droit commun sans "
        "dépasser le plafond ; sous 90 % : au moins le taux de droit commun, plus une part de "
        "l'enveloppe du taux préférentiel au prorata des bases ; jamais au-delà de 90 % du plafond"
    ),
    rounding=EURO,
    nature=Nature.perenne,
    phase=1,
)

RULES = (POPULATION, PLAFOND_PLACE, PLAFOND_TOTAL, COUT_PLACE, SITUATION, DROIT_COMMUN, ENVELOPPE,
         ACTUALISATION_ESAT)
