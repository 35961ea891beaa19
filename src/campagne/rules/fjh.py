"""Forfait journalier hospitalier (FJH) et minimum de ressources en MAS [C2010 §3.2.2, §3.3].

Fonctions pures (pas une règle du moteur : le calcul est fait résident par résident) :

- minimum laissé à la personne accueillie en MAS = 30 % du montant mensuel de l'AAH, arrondi
  au centime (681,63 € → 204,49 €) ;
- FJH facturable sur un mois = min(FJH × jours, max(ressources − minimum, 0)) : « l'application
  de cette règle pourra conduire l'établissement à ne pas facturer à la personne la totalité
  du forfait hospitalier qui serait dû » (§3.2.2) ; l'écart est le manque à gagner de l'ESMS ;
- pas de FJH pour les moins de 20 ans dans les établissements pour enfants handicapés : la
  recette est absorbée dans le prix de journée (§3.3) — ce n'est pas un manque à gagner.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from campagne.errors import CampagneError
from campagne.money import CENT, MoneyError, mul_rate, parse_euros
from campagne.params import At, ParameterSet
from campagne.referentiel.categories import category_info
from campagne.referentiel.finess import finess_problem
from campagne.referentiel.tabular import TabularError, read_rows

MAS_CODE = "255"  # catégorie FINESS des maisons d'accueil spécialisées (C2005 annexe VII)
MINIMUM_STEP = CENT  # étape d'arrondi nommée : le minimum de ressources au centime
PARAMETERS = ("fjh_montant_journalier", "mas_minimum_ressources_taux", "aah_montant_mensuel",
              "fjh_age_exoneration_enfants")

MAS = "mas"
ENFANT_EXONERE = "enfant_exonere"
ENFANT_ADULTE = "enfant_20_ans_et_plus"
REGIMES_COURTS = {MAS: "MAS", ENFANT_EXONERE: "enfant, moins de 20 ans",
                  ENFANT_ADULTE: "enfant, 20 ans ou plus"}
REGIMES = {
    MAS: "MAS : FJH plafonné pour laisser le minimum de ressources [C2010 §3.2.2]",
    ENFANT_EXONERE: "établissement pour enfants, moins de 20 ans : pas de FJH, recette absorbée "
                    "dans le prix de journée [C2010 §3.3]",
    ENFANT_ADULTE: "établissement pour enfants, 20 ans ou plus : FJH dû en totalité (le minimum "
                   "de ressources de C2010 §3.2.2 ne vise que les MAS)",
}


class FjhError(CampagneError):
    """Résident hors du champ ou donnée incohérente."""


def minimum_ressources(aah_mensuelle: int, taux: Decimal) -> int:
    """Minimum de ressources laissé en MAS (centimes) : taux × AAH, arrondi au centime."""
    return mul_rate(aah_mensuelle, taux, MINIMUM_STEP)


def fjh_facturable(fjh_jour: int, jours: int, ressources: int, minimum: int) -> int:
    """FJH facturable à la personne sur un mois : ce qui lui laisse au moins le minimum."""
    return min(fjh_jour * jours, max(ressources - minimum, 0))


@dataclass(frozen=True)
class FjhParameters:
    fjh_jour: int  # centimes
    taux_minimum: Decimal
    aah: int  # centimes
    age_exoneration: int
    citations: dict[str, str]

    @property
    def minimum(self) -> int:
        return minimum_ressources(self.aah, self.taux_minimum)


def fjh_parameters(params: ParameterSet, date: dt.date) -> FjhParameters:
    """Les paramètres datés et sourcés en vigueur à ``date`` (campagne = son année)."""
    at = At(date.year, date, None, None)
    resolved = {name: params.resolve(name, at) for name in PARAMETERS}
    return FjhParameters(
        fjh_jour=resolved["fjh_montant_journalier"].cents(),
        taux_minimum=Decimal(resolved["mas_minimum_ressources_taux"].value),
        aah=resolved["aah_montant_mensuel"].cents(),
        age_exoneration=int(resolved["fjh_age_exoneration_enfants"].value),
        citations={name: r.citation() for name, r in resolved.items()},
    )


@dataclass(frozen=True)
class Resident:
    finess: str
    categorie: str  # catégorie FINESS de l'établissement
    identifiant: str
    age: int
    ressources: int  # ressources mensuelles, centimes
    jours: int  # jours de présence facturables dans le mois


@dataclass(frozen=True)
class ResidentBill:
    resident: Resident
    regime: str
    fjh_du: int  # FJH × jours (0 quand le FJH n'est pas dû)
    minimum: int | None  # minimum de ressources laissé (MAS seulement)
    fjh_facture: int
    manque_a_gagner: int  # FJH dû mais non facturé à la personne

    @property
    def reste_a_vivre(self) -> int:
        return self.resident.ressources - self.fjh_facture


def regime(categorie: str, age: int, age_exoneration: int) -> str:
    """Le régime de FJH d'un résident, ou :class:`FjhError` hors du champ du texte."""
    if categorie == MAS_CODE:
        return MAS
    info = category_info(categorie)
    if info is not None and info.public == "enfants" and info.nature == "etablissement":
        return ENFANT_EXONERE if age < age_exoneration else ENFANT_ADULTE
    label = f" ({info.libelle_court})" if info is not None else ""
    raise FjhError(f"catégorie FINESS {categorie}{label} hors du champ : ce calcul vise les MAS "
                   "(255) et les établissements pour enfants handicapés [C2010 §3.2.2, §3.3]")


def bill(resident: Resident, p: FjhParameters) -> ResidentBill:
    """Le FJH d'un résident sur un mois."""
    kind = regime(resident.categorie, resident.age, p.age_exoneration)
    if kind == ENFANT_EXONERE:
        return ResidentBill(resident, kind, 0, None, 0, 0)
    due = p.fjh_jour * resident.jours
    if kind == ENFANT_ADULTE:
        return ResidentBill(resident, kind, due, None, due, 0)
    minimum = p.minimum
    billed = fjh_facturable(p.fjh_jour, resident.jours, resident.ressources, minimum)
    return ResidentBill(resident, kind, due, minimum, billed, due - billed)


@dataclass(frozen=True)
class EsmsTotal:
    finess: str
    categorie: str
    residents: int
    jours: int
    fjh_du: int
    fjh_facture: int
    manque_a_gagner: int


def _total(finess: str, categorie: str, bills: list[ResidentBill]) -> EsmsTotal:
    return EsmsTotal(finess, categorie, len(bills), sum(b.resident.jours for b in bills),
                     sum(b.fjh_du for b in bills), sum(b.fjh_facture for b in bills),
                     sum(b.manque_a_gagner for b in bills))


@dataclass(frozen=True)
class FjhReport:
    parameters: FjhParameters
    bills: tuple[ResidentBill, ...]

    def by_esms(self) -> list[EsmsTotal]:
        """Un total par ESMS (ordre du fichier), sommable ; puis le total général."""
        groups: dict[str, list[ResidentBill]] = {}
        for b in self.bills:
            groups.setdefault(b.resident.finess, []).append(b)
        out = [_total(f, items[0].resident.categorie, items) for f, items in groups.items()]
        out.append(_total("Total", "", list(self.bills)))
        return out


def bill_all(residents: list[Resident], p: FjhParameters,
             days_in_month: int | None = None) -> FjhReport:
    """Le FJH de chaque résident ; toutes les erreurs de champ d'un coup. Avec
    ``days_in_month``, un résident présent plus de jours que le mois n'en compte est refusé."""
    problems, bills = [], []
    for r in residents:
        if days_in_month is not None and r.jours > days_in_month:
            problems.append(f"ESMS {r.finess}, résident {r.identifiant} : {r.jours} jours pour un "
                            f"mois de {days_in_month} jours (corrigez « jours » ou le mois)")
            continue
        try:
            bills.append(bill(r, p))
        except FjhError as exc:
            problems.append(f"ESMS {r.finess}, résident {r.identifiant} : {exc}")
    if problems:
        raise FjhError(f"{len(problems)} résident(s) refusé(s) :\n  - "
                       + "\n  - ".join(problems))
    return FjhReport(p, tuple(bills))


# -- lecture du fichier des résidents (docs/fjh.md) ---------------------------------------
COLUMNS = ("finess", "categorie", "identifiant", "age", "ressources_mensuelles", "jours")


def _whole(text: str, low: int, high: int) -> int:
    value = Decimal(text.replace(" ", "").replace("\xa0", "").replace(",", "."))
    if not value.is_finite() or value != value.to_integral_value() or not low <= value <= high:
        raise ValueError
    return int(value)


def _resident(row: dict[str, str], line: int, problems: list[str]) -> Resident | None:
    where = f"ligne {line}, ESMS {row['finess'] or '(FINESS absent)'}, résident " \
            f"{row['identifiant'] or '(vide)'}"
    before = len(problems)
    for col in COLUMNS:
        if not row[col]:
            problems.append(f"{where} : champ « {col} » vide (renseignez-le)")
    if len(problems) > before:
        return None
    if problem := finess_problem(row["finess"]):
        problems.append(f"{where} : champ « finess » : {problem}")
    values: dict[str, int] = {}
    for col, low, high, hint in (("age", 0, 130, "âge en années révolues"),
                                 ("jours", 0, 31, "jours de présence dans le mois, 0 à 31")):
        try:
            values[col] = _whole(row[col], low, high)
        except (ValueError, ArithmeticError):
            problems.append(f"{where} : champ « {col} » « {row[col]} » invalide ({hint})")
    try:
        values["ressources"] = parse_euros(row["ressources_mensuelles"])
        if values["ressources"] < 0:
            raise MoneyError("les ressources mensuelles sont positives ou nulles")
    except MoneyError as exc:
        problems.append(f"{where} : champ « ressources_mensuelles » : {exc}")
    if len(problems) > before:
        return None
    return Resident(row["finess"].upper(), row["categorie"], row["identifiant"],
                    values["age"], values["ressources"], values["jours"])


def parse_residents(rows: list[dict[str, str]], source: str) -> list[Resident]:
    """Les résidents ; :class:`FjhError` avec toutes les erreurs, rien de chargé sinon."""
    if not rows:
        raise FjhError(f"{source} : fichier vide (une ligne d'en-tête puis un résident par ligne)")
    missing = [c for c in COLUMNS if c not in rows[0]]
    unknown = sorted(set(rows[0]) - set(COLUMNS))
    problems = [f"colonne « {c} » absente (colonnes : {', '.join(COLUMNS)})" for c in missing]
    if unknown:
        problems.append(f"colonnes inconnues {unknown} (voir docs/fjh.md)")
    residents: list[Resident] = []
    if not problems:
        seen: dict[tuple[str, str], int] = {}
        categories: dict[str, str] = {}
        for line, raw in enumerate(rows, start=2):
            row = {c: (raw.get(c) or "").strip() for c in COLUMNS}
            r = _resident(row, line, problems)
            if r is None:
                continue
            where = f"ligne {line}, ESMS {r.finess}, résident {r.identifiant}"
            if (first := seen.setdefault((r.finess, r.identifiant), line)) != line:
                problems.append(f"{where} : résident déjà présent ligne {first} (une ligne par "
                                "résident et par mois)")
            if categories.setdefault(r.finess, r.categorie) != r.categorie:
                problems.append(f"{where} : catégorie {r.categorie} différente de celle déjà lue "
                                f"pour cet ESMS ({categories[r.finess]})")
            try:
                regime(r.categorie, r.age, 0)
            except FjhError as exc:
                problems.append(f"{where} : {exc}")
            residents.append(r)
    if problems:
        raise FjhError(f"{source} : {len(problems)} erreur(s), rien n'a été chargé.\n  - "
                       + "\n  - ".join(problems))
    return residents


def read_residents(path: Path) -> list[Resident]:
    try:
        rows = read_rows(path)
    except TabularError as exc:
        raise FjhError(str(exc)) from exc
    return parse_residents(rows, path.name)
