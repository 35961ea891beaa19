"""Le portefeuille d'ESMS : lecture (CSV, XLSX), contrôle complet, écriture CSV.

Contrat : ``docs/portefeuille.md``. Toutes les erreurs sont signalées d'un coup
(:class:`PortfolioError`, liste de :class:`PortfolioIssue`) et rien n'est chargé tant qu'une
ligne est fausse. Le tableau chargé a toujours toutes les colonnes de
:data:`~campagne.referentiel.schema.OUTPUT_SCHEMA` (nulles quand la cellule est vide).
"""

from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

import polars as pl

from campagne.referentiel.issues import FILE_LINE, PortfolioError, PortfolioIssue
from campagne.referentiel.portfolio_files import load_table
from campagne.referentiel.schema import (
    COLUMNS,
    DEDUCED_COLUMNS,
    INPUT_COLUMNS,
    SPECS,
    ColumnSpec,
    Kind,
)
from campagne.referentiel.validation import LINE, validate_text_frame

__all__ = [
    "PortfolioError", "PortfolioIssue", "read_portfolio", "validate_portfolio_frame",
    "validate_portfolio_rows", "write_portfolio_csv",
]


def _normalize_name(name: str) -> str:
    return name.replace("\ufeff", "").strip().lower()


def _suggest(name: str) -> str | None:
    """Le nom de colonne connu le plus proche (accents, espaces et tirets ignorés)."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    key = "_".join(plain.replace("-", " ").replace("'", " ").split()).lower()
    if key in INPUT_COLUMNS:
        return key
    close = difflib.get_close_matches(key, INPUT_COLUMNS, n=1, cutoff=0.6)
    return close[0] if close else None


def _header_issues(header: list[str], empty: set[int],
                   draft: bool) -> tuple[dict[int, str], list[PortfolioIssue], set[str]]:
    """Colonnes reconnues (position → nom), problèmes d'en-tête, obligatoires absentes."""
    keep: dict[int, str] = {}
    issues: list[PortfolioIssue] = []

    def bad(field: str, problem: str, fix: str) -> None:
        issues.append(PortfolioIssue(1, None, field, problem, fix))

    for pos, raw in enumerate(header):
        name = _normalize_name(raw)
        if not name:
            if pos not in empty:
                bad(f"colonne {pos + 1}", "colonne sans nom qui contient des valeurs",
                    "donnez-lui un nom du schéma ou supprimez-la")
        elif name in keep.values():
            bad(name, "colonne en double", "gardez une seule colonne de ce nom")
        elif name in DEDUCED_COLUMNS:
            bad(name, "colonne déduite de la nomenclature au chargement, elle ne se saisit pas",
                "supprimez cette colonne")
        elif name not in SPECS:
            hint = _suggest(raw)
            bad(raw.strip(), f"colonne inconnue « {raw.strip()} »"
                + (f" (vouliez-vous dire « {hint} » ?)" if hint else ""),
                f"renommez-la « {hint} »" if hint and hint not in keep.values()
                else "supprimez-la ou renommez-la selon docs/portefeuille.md")
        else:
            keep[pos] = name
    absent = {c.name for c in COLUMNS if c.required and c.name not in keep.values()
              and not (draft and c.draft_optional)}
    for name in sorted(absent, key=INPUT_COLUMNS.index):
        bad(name, "colonne obligatoire absente", f"ajoutez la colonne « {name} »")
    return keep, issues, absent


def _validate_positional(header: list[str], frame: pl.DataFrame,
                         structure: list[tuple[int, str]], *, draft: bool,
                         source: str | None, allow_empty: bool = False) -> pl.DataFrame:
    positions = [str(k) for k in range(len(header))]
    filled = frame.select(pl.col(p).str.strip_chars().fill_null("").ne("").alias(p)
                          for p in positions)
    empty = {k for k, p in enumerate(positions) if not filled[p].any()}
    keep, issues, absent = _header_issues(header, empty, draft)
    issues += [PortfolioIssue(line, None, "ligne", problem,
                              "mettez entre guillemets le texte qui contient le séparateur")
               for line, problem in structure]
    if len(empty) == len(positions) and not allow_empty:
        issues.append(PortfolioIssue(FILE_LINE, None, "fichier",
                                     "aucun ESMS dans le fichier (seulement la ligne d'en-têtes)",
                                     "ajoutez un ESMS par ligne sous les en-têtes"))
    data = frame.select(LINE, *(pl.col(str(k)).alias(name) for k, name in keep.items()))
    try:
        result = validate_text_frame(data, draft=draft, absent=absent, source=source)
    except PortfolioError as exc:
        issues += exc.issues
    else:
        if not issues:
            return result
    raise PortfolioError(issues, source)


def read_portfolio(path: Path | str, *, draft: bool = False) -> pl.DataFrame:
    """Lit et contrôle un portefeuille CSV (``;`` ou ``,``) ou XLSX (première feuille).

    ``draft=True`` accepte un brouillon (issu d'un extrait FINESS) dont ``base_reconductible``,
    ``capacite``, ``statut_juridique`` et la fonction publique des organismes publics sont
    encore à compléter. Lève :class:`PortfolioError` (toutes les erreurs) sinon.
    """
    p = Path(path)
    raw = load_table(p)
    return _validate_positional(raw.header, raw.frame, raw.issues, draft=draft, source=p.name)


def validate_portfolio_rows(rows: list[dict[str, str]], *, draft: bool = False,
                            source: str | None = None) -> pl.DataFrame:
    """Contrôle des lignes déjà lues (clé = nom de colonne) ; ``rows[0]`` est la ligne 2."""
    header: list[str] = list(dict.fromkeys(k for r in rows for k in r))
    columns = {str(k): pl.Series(str(k), [None if r.get(h) is None else str(r.get(h))
                                          for r in rows], dtype=pl.String)
               for k, h in enumerate(header)}
    frame = pl.DataFrame({**columns, LINE: pl.Series(range(2, len(rows) + 2), dtype=pl.Int64)})
    return _validate_positional(header, frame, [], draft=draft, source=source)


def _as_text(spec: ColumnSpec | None, col: pl.Series) -> pl.Expr:
    """Une colonne typée redevient le texte qu'on écrirait dans le fichier."""
    e = pl.col(col.name)
    if col.dtype == pl.String:
        return e
    if spec is not None and spec.kind is Kind.money and col.dtype.is_integer():
        return _euros_text(e)  # montants en centimes, comme dans un tableau chargé
    if col.dtype == pl.Boolean:
        return pl.when(e).then(pl.lit("oui")).when(~e).then(pl.lit("non")).otherwise(None)
    if col.dtype.is_float():
        return e.map_elements(_float_text, return_dtype=pl.String)
    return e.cast(pl.String)


def _float_text(v: float) -> str:
    text = f"{v:.15g}"
    return format(float(text), "f").rstrip("0").rstrip(".") if "e" in text else text


def _euros_text(cents: pl.Expr) -> pl.Expr:
    a = cents.abs()
    sign = pl.when(cents < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    return sign + (a // 100).cast(pl.String) + "," + (a % 100).cast(pl.String).str.zfill(2)


def validate_portfolio_frame(df: pl.DataFrame, *, draft: bool = False,
                             source: str | None = None) -> pl.DataFrame:
    """Contrôle un tableau construit par programme (générateur, extrait FINESS…).

    Les colonnes texte se lisent comme dans un fichier ; une colonne déjà typée garde son
    sens (montants entiers = centimes, dates, booléens). Les colonnes déduites éventuelles
    sont recalculées. ``draft`` : voir :func:`read_portfolio`. Numéro de ligne d'une erreur =
    rang dans le tableau + 1 (comme dans le CSV qu'écrirait :func:`write_portfolio_csv`).
    """
    df = df.drop([c for c in DEDUCED_COLUMNS if c in df.columns])
    header = list(df.columns)
    frame = df.select(
        _as_text(SPECS.get(c), df[c]).alias(str(k)) for k, c in enumerate(header)
    ).with_columns(pl.int_range(2, df.height + 2, dtype=pl.Int64).alias(LINE))
    return _validate_positional(header, frame, [], draft=draft, source=source, allow_empty=True)


def write_portfolio_csv(df: pl.DataFrame, path: Path | str) -> None:
    """Écrit le tableau au format d'entrée : colonnes du schéma, ``;``, UTF-8 avec BOM,
    euros à deux décimales (``1234567,89``), booléens ``oui``/``non``, dates ISO."""
    out = df.select(
        (_as_text(SPECS[c], df[c]) if c in df.columns else pl.lit(None, pl.String)).alias(c)
        for c in INPUT_COLUMNS
    )
    parts = [c for c in INPUT_COLUMNS if SPECS[c].kind is Kind.percent and c in df.columns]
    out = out.with_columns(pl.col(parts).str.replace(".", ",", literal=True))
    out.write_csv(Path(path), separator=";", include_bom=True, null_value="")
