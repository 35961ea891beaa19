"""Lecture du registre des retraits de base et de leurs mouvements (CSV ou XLSX) pour le suivi
AE/CP [C2010 §1.2] ; format dans ``docs/aecp.md``. Une ligne par mouvement :

- ``retrait`` : un retrait de base (``nature`` definitif ou temporaire, ``departement``,
  ``projet``, ``finess`` facultatif, ``exercice`` du retrait, ``places`` gagées, ``montant``) ;
- ``echeance`` : des places prévues à l'échéancier d'installation d'un projet, un exercice ;
- ``installation`` : des places effectivement installées, un exercice.

Tout ou rien : toutes les erreurs (ligne, projet, champ, correction) d'un coup.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from campagne.envelopes.aecp import (
    DEFINITIF,
    NATURES,
    AecpError,
    AecpReport,
    Movement,
    Withdrawal,
    follow,
)
from campagne.money import MoneyError, parse_euros
from campagne.referentiel.departements import normalize_departement
from campagne.referentiel.finess import finess_problem
from campagne.referentiel.tabular import TabularError, read_rows

KINDS = ("retrait", "echeance", "installation")
COLUMNS = ("mouvement", "departement", "projet", "finess", "nature", "exercice", "places",
           "montant", "libelle")
_ALIASES = {"définitif": DEFINITIF, "definitive": DEFINITIF, "échéance": "echeance"}


def _integer(text: str) -> int:
    value = Decimal(text.replace(" ", "").replace("\xa0", "").replace("\u202f", ""))
    if not value.is_finite() or value != value.to_integral_value():
        raise InvalidOperation
    return int(value)


def _field_int(row: dict[str, str], col: str, where: str, problems: list[str],
               hint: str) -> int | None:
    text = row.get(col, "").strip()
    if not text:
        problems.append(f"{where} : champ « {col} » vide ({hint})")
        return None
    try:
        return _integer(text)
    except InvalidOperation:
        problems.append(f"{where} : champ « {col} » « {text} » invalide ({hint})")
        return None


def _withdrawal(row: dict[str, str], line: int, where: str,
                problems: list[str]) -> Withdrawal | None:
    before = len(problems)
    nature = _ALIASES.get(row["nature"].lower(), row["nature"].lower())
    if nature not in NATURES:
        problems.append(f"{where} : champ « nature » « {row['nature']} » invalide (definitif : "
                        "crédits libres supprimés ; temporaire : crédits gagés par des places)")
    dep = normalize_departement(row["departement"])
    if dep is None:
        problems.append(f"{where} : champ « departement » « {row['departement']} » inconnu "
                        "(code du département, par exemple 75, 2A ou 971)")
    finess = row["finess"].upper() or None
    if finess and (problem := finess_problem(finess)):
        problems.append(f"{where} : champ « finess » : {problem} (laissez-le vide si le projet "
                        "n'a pas encore de numéro)")
    exercice = _field_int(row, "exercice", where, problems, "année du retrait, par ex. 2010")
    places = 0
    if row["places"]:
        places = _field_int(row, "places", where, problems, "nombre entier de places") or 0
    try:
        montant = parse_euros(row["montant"]) if row["montant"] else None
        if montant is None:
            problems.append(f"{where} : champ « montant » vide (montant retiré, en euros)")
    except MoneyError as exc:
        problems.append(f"{where} : champ « montant » : {exc}")
        montant = None
    if len(problems) > before or exercice is None or montant is None or dep is None:
        return None
    return Withdrawal(row["projet"], dep, nature, exercice, montant, places, finess,
                      row["libelle"], line)


def parse_movements(rows: list[dict[str, str]], source: str) -> AecpReport:
    """Le suivi AE/CP des lignes lues ; :class:`AecpError` avec toutes les erreurs sinon."""
    problems: list[str] = []
    if not rows:
        raise AecpError(["fichier vide : une ligne d'en-tête puis une ligne par mouvement"],
                        source)
    unknown = sorted(set(rows[0]) - set(COLUMNS))
    missing = [c for c in ("mouvement", "projet", "exercice") if c not in rows[0]]
    header = [f"colonnes inconnues {unknown} (colonnes admises : {', '.join(COLUMNS)} ; voir "
              "docs/aecp.md)"] if unknown else []
    header += [f"colonne « {c} » absente (obligatoire)" for c in missing]
    if header:
        raise AecpError(header, source)
    withdrawals: list[Withdrawal] = []
    schedule: list[Movement] = []
    installations: list[Movement] = []
    for line, raw in enumerate(rows, start=2):
        row = {c: (raw.get(c) or "").strip() for c in COLUMNS}
        kind = _ALIASES.get(row["mouvement"].lower(), row["mouvement"].lower())
        where = f"ligne {line}, projet {row['projet'] or '(vide)'}"
        if kind not in KINDS:
            problems.append(f"{where} : champ « mouvement » « {row['mouvement']} » invalide "
                            f"(attendu : {', '.join(KINDS)})")
            continue
        if not row["projet"]:
            problems.append(f"{where} : champ « projet » vide (identifiant du projet gagé)")
            continue
        if kind == "retrait":
            w = _withdrawal(row, line, where, problems)
            if w is not None:
                withdrawals.append(w)
            continue
        exercice = _field_int(row, "exercice", where, problems, "année, par ex. 2011")
        places = _field_int(row, "places", where, problems,
                            "nombre entier de places " + ("prévues" if kind == "echeance"
                                                          else "installées"))
        if exercice is not None and places is not None:
            target = schedule if kind == "echeance" else installations
            target.append(Movement(row["projet"], exercice, places, line))
    if problems:
        raise AecpError(problems, source)
    try:
        return follow(withdrawals, schedule, installations)
    except AecpError as exc:
        raise AecpError(exc.problems, source) from None


def read_aecp(path: Path) -> AecpReport:
    try:
        rows = read_rows(path)
    except TabularError as exc:
        raise AecpError([str(exc)], path.name) from exc
    return parse_movements(rows, path.name)
