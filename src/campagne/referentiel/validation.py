"""Contrôle vectorisé d'un portefeuille texte et construction du tableau typé.

Entrée : un tableau dont les colonnes du schéma sont du texte (tel que lu dans le fichier)
et une colonne ``_line`` (numéro de ligne dans le fichier). Sortie : le tableau typé avec les
colonnes déduites, ou :class:`PortfolioError` avec tous les problèmes.
"""

from __future__ import annotations

import polars as pl

from campagne.referentiel.categories import FAMILLE_AUTRE, SECTEUR_AUTRE, deduction_frame
from campagne.referentiel.departements import departements
from campagne.referentiel.issues import PortfolioError, PortfolioIssue
from campagne.referentiel.nomenclature import statuts_juridiques
from campagne.referentiel.parsing import (
    NUMBER,
    clean,
    departement_map,
    finess_number,
    invalid_message,
    value_expr,
)
from campagne.referentiel.schema import COLUMNS, INPUT_COLUMNS, OUTPUT_SCHEMA, ColumnSpec, Kind

LINE = "_line"
_V = "__v"  # suffixe des colonnes typées pendant le contrôle


def _rows(frame: pl.DataFrame, mask: pl.Expr, *cols: str) -> list[dict]:
    return frame.filter(mask).select(list(dict.fromkeys((LINE, "finess", *cols)))).to_dicts()


def _issue(r: dict, field: str, problem: str, fix: str) -> PortfolioIssue:
    return PortfolioIssue(r[LINE], r["finess"], field, problem, fix)


def _required(spec: ColumnSpec, draft: bool) -> bool:
    return spec.required and not (draft and spec.draft_optional)


def _range_problem(spec: ColumnSpec, value: object) -> tuple[str, str]:
    shown = str(value).replace(".", ",")
    if spec.maximum is None:
        return (f"valeur {shown} interdite (négative)" if spec.minimum == 0
                else f"valeur {shown} inférieure au minimum {spec.minimum}",
                f"indiquez une valeur supérieure ou égale à {spec.minimum}")
    return (f"valeur {shown} hors de l'intervalle {spec.minimum} à {spec.maximum}",
            f"indiquez une valeur entre {spec.minimum} et {spec.maximum}")


def _cell_issues(t: pl.DataFrame, draft: bool, absent: set[str]) -> list[PortfolioIssue]:
    """Valeurs illisibles, manquantes ou hors bornes, colonne par colonne."""
    checks: dict[str, pl.Expr] = {}
    for s in COLUMNS:
        raw, val = pl.col(s.name), pl.col(s.name + _V)
        checks[f"bad:{s.name}"] = raw.is_not_null() & val.is_null()
        if _required(s, draft) and s.name not in absent:
            checks[f"missing:{s.name}"] = raw.is_null()
        if s.minimum is not None:
            out = val < s.minimum
            if s.maximum is not None:
                out = out | (val > s.maximum)
            checks[f"range:{s.name}"] = out.fill_null(False)
    present = t.select(e.any().alias(k) for k, e in checks.items()).row(0, named=True)
    issues: list[PortfolioIssue] = []
    for key, found in present.items():
        if not found:
            continue
        what, name = key.split(":")
        spec = next(c for c in COLUMNS if c.name == name)
        for r in _rows(t, checks[key], name, name + _V):
            if what == "bad":
                issues.append(_issue(r, name, *invalid_message(spec, r[name])))
            elif what == "missing":
                issues.append(_issue(r, name, "valeur obligatoire manquante",
                                     f"renseignez « {name} »"))
            else:
                issues.append(_issue(r, name, *_range_problem(spec, r[name + _V])))
    return issues


def _duplicate_issues(t: pl.DataFrame) -> list[PortfolioIssue]:
    key = pl.col("finess" + _V)
    dups = t.filter(key.is_not_null() & key.is_duplicated()).select(LINE, "finess", "finess" + _V)
    lines: dict[str, list[int]] = {}
    for r in dups.iter_rows(named=True):
        lines.setdefault(r["finess" + _V], []).append(r[LINE])
    return [
        PortfolioIssue(line, number, "finess",
                       f"le numéro FINESS {number} apparaît plusieurs fois "
                       f"(lignes {', '.join(map(str, ls))})",
                       "gardez une seule ligne par établissement (ET)")
        for number, ls in lines.items() for line in ls
    ]


def _cross_issues(t: pl.DataFrame, draft: bool) -> list[PortfolioIssue]:
    """Contrôles entre colonnes (région du département, fonction publique, CPOM)."""
    # Seulement quand le statut est lisible : un statut faux est déjà signalé une fois.
    known = pl.col("statut_juridique" + _V).is_not_null()
    public = known & (pl.col("statut_agregat") == "public").fill_null(False)
    fp, cc = pl.col("fonction_publique" + _V), pl.col("convention_collective" + _V)
    region, deduced = pl.col("region" + _V), pl.col("_region_dep")
    cpom = pl.col("cpom" + _V).fill_null(False)
    debut, fin = pl.col("cpom_debut" + _V), pl.col("cpom_fin" + _V)
    checks: list[tuple[pl.Expr, str, str, str]] = [
        (region.is_not_null() & deduced.is_not_null() & (region != deduced), "region",
         "la région ne correspond pas au département", "laissez la colonne vide ou corrigez-la"),
        (fp.is_not_null() & known & ~public, "fonction_publique",
         "fonction publique renseignée pour un organisme qui n'est pas public",
         "videz la cellule ou corrigez le statut juridique"),
        (cc.is_not_null() & public, "convention_collective",
         "convention collective renseignée pour un organisme public",
         "videz la cellule (le personnel public relève de la fonction publique)"),
        (cpom & pl.col("cpom_debut").is_null(), "cpom_debut", "date de début du CPOM manquante",
         "renseignez cpom_debut (ou cpom = non)"),
        (cpom & pl.col("cpom_fin").is_null(), "cpom_fin", "date de fin du CPOM manquante",
         "renseignez cpom_fin (ou cpom = non)"),
        ((debut >= fin).fill_null(False), "cpom_fin",
         "la fin du CPOM n'est pas postérieure à son début",
         "vérifiez cpom_debut et cpom_fin (début antérieur à la fin)"),
    ]
    if not draft:
        checks.append((public & pl.col("fonction_publique").is_null(), "fonction_publique",
                       "fonction publique manquante pour un organisme public",
                       "indiquez FPH, FPT ou FPE"))
    found = t.select(e.fill_null(False).any().alias(str(k))
                     for k, (e, *_) in enumerate(checks)).row(0)
    issues: list[PortfolioIssue] = []
    for (mask, field, problem, fix), hit in zip(checks, found, strict=True):
        if hit:
            issues += [_issue(r, field, problem, fix)
                       for r in _rows(t, mask.fill_null(False), "_region_dep")]
    return issues


def _deductions(t: pl.DataFrame) -> pl.DataFrame:
    deps = departements()
    statuts = {c: s.statut_agregat for c, s in statuts_juridiques().items()}
    t = t.with_columns(
        pl.col("departement" + _V).replace_strict({c: d.region for c, d in deps.items()},
                                                  default=None, return_dtype=pl.String)
        .alias("_region_dep"),
        pl.col("statut_juridique" + _V).replace_strict(statuts, default=None,
                                                      return_dtype=pl.String)
        .alias("statut_agregat"),
    )
    return t.join(deduction_frame(), left_on="categorie" + _V, right_on="categorie",
                  how="left", maintain_order="left")


def validate_text_frame(raw: pl.DataFrame, *, draft: bool = False, absent: set[str] | None = None,
                        source: str | None = None) -> pl.DataFrame:
    """Contrôle et type un portefeuille texte (colonnes du schéma + ``_line``).

    ``absent`` : colonnes obligatoires absentes de l'en-tête (déjà signalées, pas répétées à
    chaque ligne). ``draft`` : brouillon issu d'un extrait FINESS (voir ``ColumnSpec``).
    """
    missing = [c for c in INPUT_COLUMNS if c not in raw.columns]
    frame = raw.with_columns(pl.lit(None, pl.String).alias(c) for c in missing)
    frame = frame.with_columns(clean(pl.col(c)).alias(c) for c in INPUT_COLUMNS)
    frame = frame.filter(~pl.all_horizontal(pl.col(c).is_null() for c in INPUT_COLUMNS))
    dep_map = departement_map(frame["departement"])
    finess_cols = [s.name for s in COLUMNS if s.kind is Kind.finess]
    # En différé : polars calcule une seule fois les sous-expressions communes.
    frame = (
        frame.lazy()
        .with_columns(finess_number(pl.col(c)).alias(c + NUMBER) for c in finess_cols)
        .with_columns(
            pl.col("finess").str.to_uppercase(),
            *(value_expr(s, pl.col(s.name), dep_map).alias(s.name + _V) for s in COLUMNS),
        )
        .collect()
    )
    t = _deductions(frame)
    issues = _cell_issues(t, draft, absent or set())
    issues += _duplicate_issues(t)
    issues += _cross_issues(t, draft)
    if issues:
        raise PortfolioError(issues, source)
    typed = {c.name: pl.col(c.name + _V).cast(c.dtype) for c in COLUMNS}
    typed["region"] = pl.coalesce(pl.col("region" + _V), pl.col("_region_dep"))
    typed["secteur"] = pl.col("secteur").fill_null(SECTEUR_AUTRE)
    typed["famille"] = pl.col("famille").fill_null(FAMILLE_AUTRE)
    for name in ("public", "nature", "statut_agregat"):
        typed[name] = pl.col(name)
    return t.select(typed[n].cast(dtype).alias(n) for n, dtype in OUTPUT_SCHEMA.items())
