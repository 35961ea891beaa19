"""Conversion vectorisée (polars) des valeurs texte d'un portefeuille vers leurs types.

Chaque convertisseur rend la valeur typée (nulle si illisible) ; le message d'erreur n'est
construit, en Python, que pour les valeurs refusées. Les règles sont celles de
:func:`campagne.money.parse_euros` et :func:`campagne.referentiel.finess.finess_problem`,
réécrites en expressions pour lire 50 000 lignes en une fraction de seconde (les tests
vérifient que les deux versions s'accordent).
"""

from __future__ import annotations

import polars as pl

from campagne.money import MoneyError, parse_euros
from campagne.referentiel.departements import normalize_departement, regions
from campagne.referentiel.finess import finess_problem, is_valid_finess
from campagne.referentiel.nomenclature import categories, statuts_juridiques
from campagne.referentiel.schema import BOOLEAN_WORDS, LABELS, ColumnSpec, Kind

_SPACES = "[ \u202f\xa0]"  # les espaces que parse_euros retire à l'intérieur d'un nombre
_FINESS_FORMAT = r"^([0-9]{2}|2A|2B)[0-9]{7}$"
_MAX_EURO_DIGITS = 15  # au-delà, le montant en centimes ne tient plus dans un Int64


def clean(expr: pl.Expr) -> pl.Expr:
    """Texte sans espaces autour ; une cellule vide devient nulle."""
    s = expr.cast(pl.String).str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


def finess_number(c: pl.Expr) -> pl.Expr:
    """Les 9 caractères d'un numéro bien formé en entier (2A lu 21, 2B lu 22), sinon nul."""
    v = c.str.to_uppercase()
    digits = v.str.replace(r"^2A", "21").str.replace(r"^2B", "22")
    return pl.when(v.str.contains(_FINESS_FORMAT)).then(digits.cast(pl.Int64, strict=False))


def luhn_ok(number: pl.Expr) -> pl.Expr:
    """Clé de Luhn d'un numéro rendu entier par :func:`finess_number` (calcul entier)."""
    terms = []
    for i in range(9):
        d = (number // 10 ** (8 - i)) % 10
        if i % 2 == 1:  # rang pair en partant de la droite : chiffre doublé
            d = d * 2 - 9 * (d >= 5).cast(pl.Int64)
        terms.append(d)
    # sum_horizontal compte un nul pour 0 : un numéro absent ou mal formé reste nul.
    return pl.when(number.is_not_null()).then((pl.sum_horizontal(terms) % 10) == 0)


def finess_value(c: pl.Expr, number: pl.Expr | None = None) -> pl.Expr:
    """Le numéro en majuscules s'il est bien formé et sa clé juste, sinon nul.

    ``number`` : colonne déjà calculée par :func:`finess_number` (évite de la recalculer
    neuf fois dans l'expression)."""
    n = finess_number(c) if number is None else number
    return pl.when(luhn_ok(n).fill_null(False)).then(c.str.to_uppercase())


def money_value(c: pl.Expr) -> pl.Expr:
    """Centimes ``Int64`` d'un montant écrit comme l'accepte ``parse_euros``."""
    s = c.str.replace_all(rf"€|EUR|{_SPACES}", "")
    ambiguous = s.str.contains(",", literal=True) & s.str.contains(".", literal=True)
    s = s.str.replace_all(",", ".", literal=True)
    ok = ~ambiguous & s.str.contains(rf"^[+-]?[0-9]{{1,{_MAX_EURO_DIGITS}}}(\.[0-9]{{1,2}})?$")
    euros = s.str.extract(r"^[+-]?([0-9]+)", 1).cast(pl.Int64, strict=False)
    cents = s.str.extract(r"\.([0-9]{1,2})$", 1).fill_null("").str.pad_end(2, "0")
    amount = euros * 100 + cents.cast(pl.Int64, strict=False)
    signed = pl.when(s.str.starts_with("-")).then(-amount).otherwise(amount)
    return pl.when(ok).then(signed).otherwise(None)


def integer_value(c: pl.Expr) -> pl.Expr:
    s = c.str.replace_all(_SPACES, "")
    ok = s.str.contains(r"^[+-]?[0-9]{1,15}$")
    return pl.when(ok).then(s.cast(pl.Int64, strict=False)).otherwise(None)


def percent_value(c: pl.Expr) -> pl.Expr:
    s = c.str.replace_all(rf"%|{_SPACES}", "").str.replace_all(",", ".", literal=True)
    ok = s.str.contains(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
    return pl.when(ok).then(s.cast(pl.Float64, strict=False)).otherwise(None)


def rate_value(c: pl.Expr) -> pl.Expr:
    """Taux saisi en pourcentage (``0,5`` ou ``0,5 %``) en décimal exact (0.005), sans
    flottant : le texte est lu en décimal puis divisé par 100 (dix décimales au plus, pour
    rester exact à 12 décimales)."""
    s = c.str.replace_all(rf"%|{_SPACES}", "").str.replace_all(",", ".", literal=True)
    ok = s.str.contains(r"^[+-]?([0-9]{1,12}(\.[0-9]{0,10})?|\.[0-9]{1,10})$")
    value = s.cast(pl.Decimal(38, 12), strict=False) / 100
    return pl.when(ok).then(value.cast(pl.Decimal(38, 12))).otherwise(None)


def date_value(c: pl.Expr) -> pl.Expr:
    iso = c.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    fr = c.str.strptime(pl.Date, "%d/%m/%Y", strict=False)
    return pl.coalesce(iso, fr)


def boolean_value(c: pl.Expr) -> pl.Expr:
    return c.str.to_lowercase().replace_strict(BOOLEAN_WORDS, default=None,
                                               return_dtype=pl.Boolean)


def _padded_code(c: pl.Expr, width: int) -> pl.Expr:
    # Un tableur lit « 060 » comme le nombre 60 : on rend les zéros initiaux perdus.
    return pl.when(c.str.contains(r"^[0-9]+$")).then(c.str.zfill(width)).otherwise(c)


def code_value(c: pl.Expr, width: int, known: list[str]) -> pl.Expr:
    v = _padded_code(c, width)
    return pl.when(v.is_in(known)).then(v).otherwise(None)


def departement_map(values: pl.Series) -> dict[str, str | None]:
    """Code FINESS de chaque valeur distincte (une centaine au plus : boucle Python)."""
    return {v: normalize_departement(v) for v in values.drop_nulls().unique().to_list()}


NUMBER = "__n"  # suffixe de la colonne entière d'un numéro FINESS (voir finess_number)


def value_expr(spec: ColumnSpec, c: pl.Expr, dep_map: dict[str, str | None]) -> pl.Expr:
    """La valeur typée d'une colonne (nulle quand la cellule est vide ou illisible).

    Pour un numéro FINESS, la colonne ``<nom>__n`` (:func:`finess_number`) doit exister."""
    k = spec.kind
    if k is Kind.finess:
        return finess_value(c, pl.col(spec.name + NUMBER))
    if k is Kind.money:
        return money_value(c)
    if k is Kind.integer:
        return integer_value(c)
    if k is Kind.percent:
        return percent_value(c)
    if k is Kind.rate:
        return rate_value(c)
    if k is Kind.date:
        return date_value(c)
    if k is Kind.boolean:
        return boolean_value(c)
    if k is Kind.choice:
        v = c.str.to_uppercase()
        return pl.when(v.is_in(list(spec.choices))).then(v).otherwise(None)
    if k is Kind.categorie:
        return code_value(c, 3, list(categories()))
    if k is Kind.statut:
        return code_value(c, 2, list(statuts_juridiques()))
    if k is Kind.region:
        return code_value(c, 2, list(regions()))
    if k is Kind.departement:
        return c.replace_strict(dep_map, default=None, return_dtype=pl.String)
    return c


def _finess_message(raw: str) -> tuple[str, str]:
    problem = finess_problem(raw) or f"numéro FINESS « {raw} » invalide"
    v = raw.strip().upper()
    if v.isdigit() and len(v) == 8 and is_valid_finess("0" + v):
        return problem, f"le tableur a supprimé le 0 initial : écrivez 0{v}"
    return problem, ("recopiez le numéro à 9 caractères depuis le répertoire FINESS "
                     "(finess.esante.gouv.fr)")


def _money_message(raw: str) -> tuple[str, str]:
    try:
        parse_euros(raw)
    except MoneyError as exc:
        return str(exc), "écrivez un montant en euros, par exemple 1234567,89"
    return f"montant hors limites : « {raw} »", "vérifiez le montant (en euros, pas en centimes)"


def invalid_message(spec: ColumnSpec, raw: str) -> tuple[str, str]:
    """Problème et correction, en français, pour une valeur illisible de la colonne."""
    k = spec.kind
    if k is Kind.finess:
        return _finess_message(raw)
    if k is Kind.money:
        return _money_message(raw)
    if k is Kind.choice:
        return (f"valeur « {raw} » inconnue", f"écrivez l'une de : {', '.join(spec.choices)}")
    if k is Kind.categorie:
        return (f"catégorie « {raw} » absente de la nomenclature FINESS",
                "indiquez le code à 3 chiffres de la catégorie d'établissement (ex. 246)")
    if k is Kind.statut:
        return (f"statut juridique « {raw} » absent de la nomenclature FINESS",
                "indiquez le code à 2 chiffres du statut juridique de l'EJ (ex. 60)")
    if k is Kind.departement:
        return (f"département « {raw} » inconnu",
                "indiquez un code de département FINESS ou INSEE (75, 2A, 971…)")
    if k is Kind.region:
        return (f"région « {raw} » inconnue",
                f"indiquez un code région INSEE ({', '.join(sorted(regions()))}) ou laissez vide")
    label = LABELS.get(k, k.value)
    return f"« {raw} » n'est pas {label}", f"écrivez {label}"
