"""Mesures 2010 du plan Alzheimer et des accueils de jour [C2010 §2.1, §2.2.3, annexes I, II, V].

- PASA : forfait annuel de 4 557 € par place, en sus de l'équation GMPS.
- UHR : coût à la place par l'équation GMPS avec un PMP de 489 points (fourchette attendue
  25 500 € à 27 000 €, un coût hors fourchette est signalé).
- Équipes spécialisées Alzheimer (SSIAD) : 150 000 € par équipe de 10 équivalents places,
  x places globales × 15 000 € + y places partielles × 5 000 € = 150 000 € (contrôlé).
- Accueils de jour : adossé à un EHPAD, forfait transport 11,16 € × 365 × places (100 %
  assurance maladie) ; autonome, forfait soins 34,69 € × places × jours (300 au plus), qui
  comprend 70 % du forfait transport de 13,58 € (les 30 % restants relèvent de l'APA).
  Capacité minimale : 6 places (adossé), 10 (autonome) ; en deçà, l'ESMS est signalé.
- Infirmière de nuit : 25 000 € pour les six mois 2010 de l'expérimentation (non pérenne).
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from campagne.engine.rule import Applicability, Nature, Ref, Rule, RuleContext, Unit
from campagne.money import EURO, RATE_DTYPE, expr_mul_rate, expr_mul_rate_col

CAMPAGNES = frozenset({2010})
EHPAD = frozenset({"500"})
SSIAD = frozenset({"354"})
AJ_AUTONOME = frozenset({"207"})
DEC = pl.Decimal(38, 12)
ANNEXE_II = (Ref("C2010", "§2.1.3"), Ref("C2010", "annexe II §3"))


def _positive(column: str) -> pl.Expr:
    return pl.col(column).fill_null(0) > 0


def _when(categories: frozenset[str], column: str, label: str) -> Applicability:
    return Applicability(campagnes=CAMPAGNES, categories=categories,
                         condition=lambda ctx: _positive(column), condition_label=label)


PASA = Rule(
    name="pasa_ehpad",
    label="PASA : forfait de surcoût par place",
    references=ANNEXE_II,
    compute=lambda ctx: (pl.col("places_pasa")
                         * ctx.param_expr("surcout_place_pasa")).cast(pl.Int64),
    inputs=("places_pasa",),
    parameters={"surcout_place_pasa": None},
    applies=_when(EHPAD, "places_pasa", "EHPAD avec des places de PASA labellisées"),
    formula="places de PASA × 4 557 €",
    nature=Nature.perenne,
)

UHR_APPLIES = _when(EHPAD, "places_uhr_nouvelles", "EHPAD avec des places d'UHR labellisées")

COUT_PLACE_UHR = Rule(
    name="cout_place_uhr",
    label="Coût à la place de l'UHR (équation GMPS, PMP de 489 points)",
    references=ANNEXE_II,
    compute=lambda ctx: expr_mul_rate_col(
        pl.col("valeur_point_ehpad"),
        (pl.col("gmp").cast(DEC) + ctx.param_expr("coefficient_pathos_gmps")
         * ctx.param_expr("pmp_uhr")).cast(RATE_DTYPE), EURO),
    inputs=("valeur_point_ehpad", "gmp", "places_uhr_nouvelles"),
    parameters={"coefficient_pathos_gmps": None, "pmp_uhr": None},
    applies=UHR_APPLIES,
    formula="valeur du point × (GMP + 2,59 × 489)",
    rounding=EURO,
)

UHR_DANS_FOURCHETTE = Rule(
    name="cout_place_uhr_dans_fourchette",
    label="Coût à la place de l'UHR dans la fourchette attendue (25 500 € à 27 000 €)",
    references=ANNEXE_II,
    compute=lambda ctx: pl.col("cout_place_uhr").is_between(
        ctx.param_expr("cout_place_uhr_min"), ctx.param_expr("cout_place_uhr_max")),
    unit=Unit.booleen,
    inputs=("cout_place_uhr",),
    parameters={"cout_place_uhr_min": None, "cout_place_uhr_max": None},
    applies=UHR_APPLIES,
)

UHR = Rule(
    name="uhr_ehpad",
    label="UHR : places nouvelles au coût de l'équation GMPS",
    references=ANNEXE_II,
    compute=lambda ctx: (pl.col("places_uhr_nouvelles") * pl.col("cout_place_uhr")).cast(pl.Int64),
    inputs=("places_uhr_nouvelles", "cout_place_uhr"),
    applies=UHR_APPLIES,
    formula="places d'UHR × coût à la place",
    nature=Nature.perenne,
)

ESA_APPLIES = _when(SSIAD, "esa_equipes", "SSIAD portant une équipe spécialisée Alzheimer")
ESA_REFS = (Ref("C2010", "§2.1.2"), Ref("C2010", "annexe II §2"))

ESA = Rule(
    name="equipes_specialisees_alzheimer",
    label="Équipes spécialisées Alzheimer (10 équivalents places chacune)",
    references=ESA_REFS,
    compute=lambda ctx: (pl.col("esa_equipes")
                         * ctx.param_expr("financement_equipe_esa")).cast(pl.Int64),
    inputs=("esa_equipes",),
    parameters={"financement_equipe_esa": None},
    applies=ESA_APPLIES,
    formula="équipes × 150 000 €",
    nature=Nature.perenne,
)

ESA_CONFORME = Rule(
    name="equipes_alzheimer_conformes",
    label="Répartition des places conforme (x × 15 000 € + y × 5 000 € = 150 000 € par équipe)",
    references=ESA_REFS,
    compute=lambda ctx: (
        pl.col("esa_places_globales") * ctx.param_expr("cout_place_esa_globale")
        + pl.col("esa_places_partielles") * ctx.param_expr("cout_place_esa_partielle")
        == pl.col("equipes_specialisees_alzheimer")),
    unit=Unit.booleen,
    inputs=("esa_places_globales", "esa_places_partielles", "equipes_specialisees_alzheimer"),
    parameters={"cout_place_esa_globale": None, "cout_place_esa_partielle": None},
    applies=ESA_APPLIES,
)

AJ_ADOSSE = _when(EHPAD, "capacite_accueil_jour", "EHPAD avec un accueil de jour")
ANNEXE_I = (Ref("C2010", "annexe I"),)

TRANSPORT_AJ_ADOSSE = Rule(
    name="transport_accueil_jour_adosse",
    label="Forfait de transport de l'accueil de jour adossé (100 % assurance maladie)",
    references=ANNEXE_I,
    compute=lambda ctx: EURO.expr_ratio(
        ctx.param_expr("forfait_transport_aj_adosse")
        * ctx.param_expr("jours_transport_aj_adosse").cast(pl.Int64)
        * pl.col("capacite_accueil_jour"), 1),
    inputs=("capacite_accueil_jour",),
    parameters={"forfait_transport_aj_adosse": None, "jours_transport_aj_adosse": None},
    applies=AJ_ADOSSE,
    formula="11,16 € × 365 jours × places d'accueil de jour",
    rounding=EURO,
    nature=Nature.perenne,
)

AJ_AUTONOME_APPLIES = Applicability(campagnes=CAMPAGNES, categories=AJ_AUTONOME)


def _jours_aj(ctx: RuleContext) -> pl.Expr:
    return pl.min_horizontal(pl.col("jours_ouverture"),
                             ctx.param_expr("jours_max_aj_autonome").cast(pl.Int64))


FORFAIT_AJ_AUTONOME = Rule(
    name="forfait_soins_accueil_jour_autonome",
    label="Forfait soins de l'accueil de jour autonome (transport compris pour 70 %)",
    references=ANNEXE_I,
    compute=lambda ctx: EURO.expr_ratio(
        ctx.param_expr("forfait_soins_aj_autonome") * pl.col("capacite") * _jours_aj(ctx), 1),
    inputs=("capacite", "jours_ouverture"),
    parameters={"forfait_soins_aj_autonome": None, "jours_max_aj_autonome": None},
    applies=AJ_AUTONOME_APPLIES,
    formula="34,69 € × places × jours d'ouverture (300 au plus)",
    rounding=EURO,
)

AJUSTEMENT_AJ_AUTONOME = Rule(
    name="ajustement_accueil_jour_autonome",
    label="Ajustement de la dotation au forfait soins de l'accueil de jour autonome",
    references=ANNEXE_I,
    compute=lambda ctx: pl.col("forfait_soins_accueil_jour_autonome")
    - pl.col("base_reconductible"),
    inputs=("forfait_soins_accueil_jour_autonome", "base_reconductible"),
    applies=AJ_AUTONOME_APPLIES,
    formula="forfait soins 2010 − base reconductible",
    nature=Nature.perenne,
)


def _apa(ctx: RuleContext) -> pl.Expr:
    part = Decimal(1) - Decimal(ctx.param("part_am_transport_aj_autonome"))
    journalier = (ctx.param_expr("forfait_transport_aj_autonome") * pl.col("capacite")
                  * _jours_aj(ctx))
    return expr_mul_rate(journalier.cast(pl.Int64), part, EURO)


TRANSPORT_APA = Rule(
    name="transport_accueil_jour_autonome_apa",
    label="Part du forfait transport financée par l'APA (département, hors dotation)",
    references=ANNEXE_I,
    compute=_apa,
    inputs=("capacite", "jours_ouverture"),
    parameters={"forfait_transport_aj_autonome": None, "part_am_transport_aj_autonome": None,
                "jours_max_aj_autonome": None},
    applies=AJ_AUTONOME_APPLIES,
    formula="30 % × 13,58 € × places × jours (300 au plus), financés par le département",
    rounding=EURO,
)


def _trop_petit(ctx: RuleContext) -> pl.Expr:
    adosse = ctx.param_expr("capacite_min_aj_adosse").cast(pl.Int64)
    autonome = ctx.param_expr("capacite_min_aj_autonome").cast(pl.Int64)
    return (pl.when(pl.col("categorie").is_in(sorted(AJ_AUTONOME)))
            .then(pl.col("capacite") < autonome)
            .otherwise(pl.col("capacite_accueil_jour") < adosse))


CAPACITE_AJ = Rule(
    name="accueil_jour_sous_capacite_minimale",
    label="Accueil de jour sous la capacité minimale (6 places adossé, 10 autonome)",
    references=(Ref("C2010", "annexe I §1"),),
    compute=_trop_petit,
    unit=Unit.booleen,
    inputs=("capacite",),
    optional_inputs=("capacite_accueil_jour",),
    parameters={"capacite_min_aj_adosse": None, "capacite_min_aj_autonome": None},
    applies=Applicability(
        campagnes=CAMPAGNES, categories=EHPAD | AJ_AUTONOME,
        condition=lambda ctx: pl.col("categorie").is_in(sorted(AJ_AUTONOME))
        | _positive("capacite_accueil_jour"),
        condition_label="accueil de jour autonome, ou EHPAD avec un accueil de jour"),
)

INFIRMIERE_NUIT = Rule(
    name="experimentation_infirmiere_nuit_2010",
    label="Expérimentation d'infirmière de nuit (six mois 2010)",
    references=(Ref("C2010", "§2.2.3"), Ref("C2010", "annexe V")),
    compute=lambda ctx: ctx.param_expr("financement_infirmiere_nuit"),
    inputs=("experimentation_infirmiere_nuit",),
    parameters={"financement_infirmiere_nuit": None},
    applies=Applicability(
        campagnes=CAMPAGNES, categories=EHPAD,
        condition=lambda ctx: pl.col("experimentation_infirmiere_nuit").fill_null(False),
        condition_label="EHPAD retenu pour l'expérimentation"),
    formula="première tranche de six mois (25 000 € ; 25 000 € à provisionner pour 2011)",
    nature=Nature.non_perenne,
)

RULES = (PASA, COUT_PLACE_UHR, UHR_DANS_FOURCHETTE, UHR, ESA, ESA_CONFORME, TRANSPORT_AJ_ADOSSE,
         FORFAIT_AJ_AUTONOME, AJUSTEMENT_AJ_AUTONOME, TRANSPORT_APA, CAPACITE_AJ,
         INFIRMIERE_NUIT)
PERENNES = (PASA, UHR, ESA, TRANSPORT_AJ_ADOSSE, AJUSTEMENT_AJ_AUTONOME)
NON_PERENNES = (INFIRMIERE_NUIT,)
