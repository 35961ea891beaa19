"""EHPAD 2010 : tarif plafond soins par l'équation GMPS et convergence tarifaire
[C2010 §2.2.1, annexe VI ; arrêté du 26 février 2009].

- GMPS = GMP + 2,59 × PMP ; un EHPAD pas encore tarifé au GMPS prend le PMP moyen national
  (168 points fin 2009) : l'équation ne sert alors qu'à situer l'EHPAD par rapport au plafond.
- Règle des 50 points : tant que le GMPS ne s'écarte pas d'au moins 50 points de celui qui a
  fixé la dotation en vigueur (``gmps_reference``), c'est ce dernier qui est retenu.
- Plafond = valeur du point (option tarifaire globale/partielle, avec/sans PUI ; +20 % outre-
  mer) × GMPS × places, arrondi à l'euro.
- Sous le plafond : reconduction au taux de l'année, sans dépasser le plafond.
- Au-dessus, sans avenant : abattement d'un septième du dépassement (jusqu'en 2016).
- Au-dessus, sous avenant : dépassement ≤ 10 % → gel ou reconduction d'au plus 0,5 % ;
  dépassement > 10 % → restitution d'au moins un quinzième du dépassement 2010.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from campagne.engine.rule import Applicability, Nature, Ref, Rule, RuleContext, Unit
from campagne.money import CENT, EURO, RATE_DTYPE, expr_mul_rate_col, rate_fraction

CAMPAGNES = frozenset({2010})
EHPAD = frozenset({"500"})
REFS = (Ref("C2010", "§2.2.1"), Ref("C2010", "annexe VI"))
APPLIES = Applicability(campagnes=CAMPAGNES, categories=EHPAD)
DEC = pl.Decimal(38, 12)

SOUS_PLAFOND = "sous le plafond : reconduction sans dépasser le plafond"
SEPTIEME = "au-dessus du plafond, sans avenant : abattement d'un septième du dépassement"
CONTRAT_GEL = "avenant, dépassement ≤ 10 % : gel ou reconduction d'au plus 0,5 %"
CONTRAT_QUINZIEME = "avenant, dépassement > 10 % : restitution d'au moins un quinzième"


def _option(ctx: RuleContext) -> pl.Expr:
    pui = pl.when(pl.col("pui").fill_null(False)).then(pl.lit("_pui")).otherwise(
        pl.lit("_sans_pui"))
    return pl.col("tarif_soins").str.to_lowercase() + pui


OPTION = Rule(
    name="option_tarifaire_ehpad",
    label="Option tarifaire (tarif global ou partiel, avec ou sans PUI)",
    references=(Ref("ARR-2009-02-26", "valeurs du point"),),
    compute=_option,
    unit=Unit.texte,
    inputs=("tarif_soins",),
    optional_inputs=("pui",),
    applies=APPLIES,
)

PMP_RETENU = Rule(
    name="pmp_retenu_ehpad",
    label="PATHOS moyen pondéré retenu",
    references=(Ref("C2010", "annexe VI"),),
    compute=lambda ctx: pl.coalesce(pl.col("pmp").cast(DEC),
                                    ctx.param_expr("pmp_moyen_national")),
    unit=Unit.nombre,
    optional_inputs=("pmp",),
    parameters={"pmp_moyen_national": None},
    applies=APPLIES,
    formula="PMP de la coupe PATHOS ; à défaut (EHPAD pas encore tarifé au GMPS), PMP moyen "
            "national",
)

GMPS = Rule(
    name="gmps_ehpad",
    label="GMPS (GIR moyen pondéré soins)",
    references=(Ref("ARR-2009-02-26", "tarif plafond à la place"),),
    compute=lambda ctx: (pl.col("gmp").cast(DEC)
                         + ctx.param_expr("coefficient_pathos_gmps") * pl.col("pmp_retenu_ehpad")
                         ).cast(DEC),
    unit=Unit.nombre,
    inputs=("gmp", "pmp_retenu_ehpad"),
    parameters={"coefficient_pathos_gmps": None},
    applies=APPLIES,
    formula="GMP + 2,59 × PMP retenu",
)


def _gmps_retenu(ctx: RuleContext) -> pl.Expr:
    seuil = ctx.param_expr("seuil_variation_gmps")
    ref = pl.col("gmps_reference").cast(DEC)
    small = (pl.col("gmps_ehpad") - ref).abs() < seuil
    return pl.when(ref.is_not_null() & small).then(ref).otherwise(pl.col("gmps_ehpad"))


GMPS_RETENU = Rule(
    name="gmps_retenu_ehpad",
    label="GMPS retenu pour le plafond (règle des 50 points)",
    references=(Ref("C2010", "annexe VI"),),
    compute=_gmps_retenu,
    unit=Unit.nombre,
    inputs=("gmps_ehpad",),
    optional_inputs=("gmps_reference",),
    parameters={"seuil_variation_gmps": None},
    applies=APPLIES,
    formula=("GMPS de référence de la dotation tant que l'écart reste sous 50 points ; "
             "sinon le nouveau GMPS"),
)


def _point(ctx: RuleContext) -> pl.Expr:
    base = ctx.param_expr("valeur_point_ehpad", "option_tarifaire_ehpad")
    maj = Decimal(ctx.param("majoration_point_dom"))
    dom = CENT.expr_ratio(base.cast(pl.Int128) * rate_fraction(1 + maj)[0],
                          rate_fraction(1 + maj)[1])
    return pl.when(pl.col("departement").str.starts_with("97")).then(dom).otherwise(base)


POINT = Rule(
    name="valeur_point_ehpad",
    label="Valeur annuelle du point",
    references=(Ref("ARR-2009-02-26", "valeurs du point"),),
    compute=_point,
    inputs=("option_tarifaire_ehpad", "departement"),
    parameters={"valeur_point_ehpad": "option_tarifaire_ehpad", "majoration_point_dom": None},
    applies=APPLIES,
    formula="valeur du point de l'option tarifaire, majorée de 20 % outre-mer (au centime)",
    rounding=CENT,
)

PLAFOND = Rule(
    name="plafond_ehpad",
    label="Dotation soins plafond (valeur du point × GMPS retenu × places)",
    references=REFS,
    compute=lambda ctx: expr_mul_rate_col(
        pl.col("valeur_point_ehpad"),
        (pl.col("gmps_retenu_ehpad") * pl.col("capacite")).cast(RATE_DTYPE), EURO),
    inputs=("valeur_point_ehpad", "gmps_retenu_ehpad", "capacite"),
    applies=APPLIES,
    formula="valeur du point × GMPS retenu × places autorisées",
    rounding=EURO,
)

ECART = Rule(
    name="ecart_plafond_ehpad",
    label="Écart de la dotation au plafond (positif : dépassement)",
    references=REFS,
    compute=lambda ctx: pl.col("base_reconductible") - pl.col("plafond_ehpad"),
    inputs=("base_reconductible", "plafond_ehpad"),
    applies=APPLIES,
    formula="dotation soins 2009 − dotation plafond",
)

TAUX_DEPASSEMENT = Rule(
    name="taux_depassement_ehpad",
    label="Dépassement rapporté au plafond",
    references=(Ref("C2010", "annexe VI"),),
    compute=lambda ctx: (pl.col("ecart_plafond_ehpad").cast(DEC)
                         / pl.col("plafond_ehpad").cast(DEC)).cast(RATE_DTYPE),
    unit=Unit.taux,
    inputs=("ecart_plafond_ehpad", "plafond_ehpad"),
    applies=Applicability(campagnes=CAMPAGNES, categories=EHPAD,
                          condition=lambda ctx: (pl.col("ecart_plafond_ehpad") > 0)
                          & (pl.col("plafond_ehpad") > 0),
                          condition_label="EHPAD au-dessus de son plafond"),
    formula="dépassement / dotation plafond",
)


def _within_threshold(ctx: RuleContext) -> pl.Expr:
    """Dépassement ≤ seuil × plafond, en entiers exacts (pas de division)."""
    num, den = rate_fraction(Decimal(ctx.param("seuil_depassement_contractuel")))
    return (pl.col("ecart_plafond_ehpad").cast(pl.Int128) * den
            <= pl.col("plafond_ehpad").cast(pl.Int128) * num)


def _situation(ctx: RuleContext) -> pl.Expr:
    avenant = pl.col("avenant_convergence").fill_null(False)
    return (
        pl.when(pl.col("ecart_plafond_ehpad") <= 0).then(pl.lit(SOUS_PLAFOND))
        .when(~avenant).then(pl.lit(SEPTIEME))
        .when(_within_threshold(ctx)).then(pl.lit(CONTRAT_GEL))
        .otherwise(pl.lit(CONTRAT_QUINZIEME))
    )


SITUATION = Rule(
    name="situation_convergence_ehpad",
    label="Modalité de convergence",
    references=REFS,
    compute=_situation,
    unit=Unit.texte,
    inputs=("ecart_plafond_ehpad", "plafond_ehpad"),
    optional_inputs=("avenant_convergence",),
    parameters={"seuil_depassement_contractuel": None},
    applies=APPLIES,
)


def _convergence(ctx: RuleContext) -> pl.Expr:
    base, ecart = pl.col("base_reconductible"), pl.col("ecart_plafond_ehpad")
    situation = pl.col("situation_convergence_ehpad")
    sous = pl.min_horizontal(
        expr_mul_rate_col(base, pl.col("taux_actualisation"), EURO), -ecart)
    septieme = pl.lit(0, dtype=pl.Int64) - EURO.expr_ratio(
        ecart, int(Decimal(ctx.param("denominateur_convergence_ehpad"))))
    cap = ctx.param_expr("taux_reconduction_contractuel_max")
    taux = pl.min_horizontal(pl.col("taux_reconduction_contractuel").fill_null(0).cast(RATE_DTYPE),
                             cap).cast(RATE_DTYPE)
    gel = expr_mul_rate_col(base, taux, EURO)
    quinze = int(Decimal(ctx.param("denominateur_minimum_contractuel_ehpad")))
    fraction = pl.col("fraction_reduction_contractuelle").cast(RATE_DTYPE)
    contractual = expr_mul_rate_col(ecart, fraction, EURO)
    minimum = EURO.expr_ratio(ecart, quinze)
    use_contract = fraction.is_not_null() & (fraction * quinze >= 1)
    quinzieme = pl.lit(0, dtype=pl.Int64) - pl.when(use_contract).then(
        pl.max_horizontal(contractual, minimum)).otherwise(minimum)
    return (pl.when(situation == SOUS_PLAFOND).then(sous)
            .when(situation == SEPTIEME).then(septieme)
            .when(situation == CONTRAT_GEL).then(gel)
            .otherwise(quinzieme)).cast(pl.Int64)


CONVERGENCE = Rule(
    name="convergence_ehpad",
    label="Reconduction ou convergence tarifaire de la dotation soins",
    references=REFS,
    compute=_convergence,
    inputs=("base_reconductible", "ecart_plafond_ehpad", "situation_convergence_ehpad",
            "taux_actualisation"),
    optional_inputs=("taux_reconduction_contractuel", "fraction_reduction_contractuelle"),
    parameters={"denominateur_convergence_ehpad": None,
                "taux_reconduction_contractuel_max": None,
                "denominateur_minimum_contractuel_ehpad": None},
    applies=APPLIES,
    formula=(
        "sous le plafond : base × taux de reconduction, sans dépasser le plafond ; sans "
        "avenant : − dépassement / 7 ; avenant et dépassement ≤ 10 % : base × taux contractuel "
        "(vide = gel, 0,5 % au plus) ; avenant et dépassement > 10 % : − dépassement × part "
        "contractuelle, un quinzième au moins"
    ),
    rounding=EURO,
    nature=Nature.perenne,
)

RULES = (OPTION, PMP_RETENU, GMPS, GMPS_RETENU, POINT, PLAFOND, ECART, TAUX_DEPASSEMENT,
         SITUATION, CONVERGENCE)
PERENNES = (CONVERGENCE,)
