"""Lecture des demandes de CNR (CSV ou XLSX), toutes les erreurs d'un coup.

Colonnes : ``finess``, ``categorie``, ``montant`` (euros), ``justification`` obligatoires ;
facultatives : ``date_demande``, ``cout_travaux_ttc``, ``retenu_pai``, ``molecule``,
``duree_stage_mois``, ``cout_permanent``, ``identifiant``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from campagne.errors import CampagneError
from campagne.money import MoneyError, parse_euros
from campagne.referentiel.tabular import TabularError, read_rows

CATEGORIES = {
    "difficultes_financieres": "Appui aux ESMS en difficultés financières",
    "investissement": "Aide à l'investissement hors PAI",
    "molecules_onereuses": "Molécules onéreuses (ESMS avec PUI)",
    "qvt_confort": "Qualité de vie au travail et confort des résidents",
    "situations_critiques": "Situations individuelles critiques",
    "repit": "Solutions de relais et de répit",
    "formation": "Formation du personnel (remplacements, accueil de stagiaires)",
    "demarrage_gcsms_cpom": "Aide au démarrage d'un GCSMS ou d'un CPOM (ingénierie)",
    "gratification_stages": "Gratification des stages (CNR national)",
    "permanents_syndicaux": "Permanents syndicaux (CNR national)",
    "autre": "Autre demande",
}
NATIONAL = {"gratification_stages": "cnr_gratification_stages",
            "permanents_syndicaux": "cnr_permanents_syndicaux"}
REQUIRED = ("finess", "categorie", "montant", "justification")
OPTIONAL = ("identifiant", "date_demande", "cout_travaux_ttc", "retenu_pai", "molecule",
            "duree_stage_mois", "cout_permanent")
_TRUE = {"oui", "o", "1", "vrai", "true"}
_FALSE = {"non", "n", "0", "faux", "false", ""}


class CnrRequestError(CampagneError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{len(problems)} erreur(s) dans les demandes de CNR : rien n'a été chargé.\n  - "
            + "\n  - ".join(problems)
        )


@dataclass(frozen=True)
class CnrRequest:
    identifiant: str
    finess: str
    categorie: str
    montant: int  # centimes
    justification: str
    date_demande: dt.date | None = None
    cout_travaux_ttc: int | None = None
    retenu_pai: bool = False
    molecule: str | None = None
    duree_stage_mois: int | None = None
    cout_permanent: bool = False


def _date(text: str) -> dt.date:
    if "/" in text:
        d, m, y = text.split("/")
        return dt.date(int(y), int(m), int(d))
    return dt.date.fromisoformat(text)


def parse_requests(rows: list[dict[str, str]], source: str) -> list[CnrRequest]:
    problems: list[str] = []
    out: list[CnrRequest] = []
    for i, row in enumerate(rows, start=2):
        where = f"{source}, ligne {i}, ESMS {row.get('finess') or '(FINESS absent)'}"
        unknown = set(row) - set(REQUIRED) - set(OPTIONAL)
        if unknown and i == 2:
            problems.append(f"{source} : colonnes inconnues {sorted(unknown)}")
        missing = [c for c in REQUIRED if not (row.get(c) or "").strip()]
        for col in missing:
            fix = (f"choisissez parmi : {', '.join(CATEGORIES)}" if col == "categorie"
                   else "renseignez-le")
            problems.append(f"{where} : champ « {col} » vide ({fix})")
        if missing:
            continue
        cat = row["categorie"].strip()
        if cat not in CATEGORIES:
            problems.append(f"{where} : catégorie « {cat} » inconnue (catégories : "
                            f"{', '.join(CATEGORIES)})")
            continue
        try:
            montant = parse_euros(row["montant"])
            if montant <= 0:
                raise MoneyError("le montant demandé doit être positif")
            travaux = (parse_euros(row["cout_travaux_ttc"])
                       if (row.get("cout_travaux_ttc") or "").strip() else None)
            date = _date(row["date_demande"].strip()) if (row.get("date_demande") or "").strip() \
                else None
            stage = int(row["duree_stage_mois"]) if (row.get("duree_stage_mois") or "").strip() \
                else None
            flags = {}
            for col in ("retenu_pai", "cout_permanent"):
                v = (row.get(col) or "").strip().lower()
                if v not in _TRUE | _FALSE:
                    raise ValueError(f"« {col} » : oui ou non attendu, reçu « {v} »")
                flags[col] = v in _TRUE
        except (MoneyError, ValueError) as exc:
            problems.append(f"{where} : {exc}")
            continue
        out.append(CnrRequest(
            identifiant=(row.get("identifiant") or "").strip() or f"D{i - 1:04d}",
            finess=row["finess"].strip().upper(), categorie=cat, montant=montant,
            justification=row["justification"].strip(), date_demande=date,
            cout_travaux_ttc=travaux, molecule=(row.get("molecule") or "").strip() or None,
            duree_stage_mois=stage, **flags,
        ))
    if problems:
        raise CnrRequestError(problems)
    return out


def read_requests(path: Path) -> list[CnrRequest]:
    try:
        rows = read_rows(path)
    except TabularError as exc:
        raise CnrRequestError([str(exc)]) from exc
    return parse_requests(rows, path.name)
