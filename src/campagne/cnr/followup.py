"""Suivi des CNR accordés et reprise des crédits non employés [ROB24 §10].

« Les CNR alloués feront l'objet d'un suivi précis et seront repris si la dépense n'est pas
effectuée (à l'exception des mises en réserve de provision autorisées) ou est inférieure au
montant alloué. Il vous appartient d'apporter les justificatifs de la dépense. »

Fichier de suivi (CSV ou XLSX) : ``identifiant``, ``finess``, ``accorde`` (euros) obligatoires ;
``depense`` (dépense justifiée) et ``provision_autorisee`` (mise en réserve autorisée) en
euros, vides = rien de justifié. Le fichier ``suivi_cnr.csv`` écrit par ``campagne demo`` et
``campagne calculer --demandes-cnr`` en est le modèle, prérempli des montants accordés.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from campagne.cnr.instruction import Grant
from campagne.cnr.requests import CnrRequestError
from campagne.money import MoneyError, parse_euros
from campagne.referentiel.tabular import TabularError, read_rows

COLUMNS = ("identifiant", "finess", "accorde", "depense", "provision_autorisee")


@dataclass(frozen=True)
class TakeBack:
    identifiant: str
    finess: str
    accorde: int  # centimes
    depense: int  # dépense justifiée, plafonnée à l'accordé
    provision: int  # mise en réserve autorisée, dans la limite du reste
    reprise: int  # accordé − dépense − provision

    def to_dict(self) -> dict[str, object]:
        return {"identifiant": self.identifiant, "finess": self.finess, "accorde": self.accorde,
                "depense": self.depense, "provision_autorisee": self.provision,
                "reprise": self.reprise}


def take_back(identifiant: str, finess: str, accorde: int, depense: int = 0,
              provision: int = 0) -> TakeBack:
    """Reprise d'un CNR : ce qui n'est ni dépensé (justifié) ni mis en réserve autorisée."""
    spent = min(max(depense, 0), accorde)
    kept = min(max(provision, 0), accorde - spent)
    return TakeBack(identifiant, finess, accorde, spent, kept, accorde - spent - kept)


def take_backs(grants: list[Grant], spending: dict[str, int],
               provisions: dict[str, int] | None = None) -> list[TakeBack]:
    """Reprises des CNR accordés ; une demande accordée sans justificatif est reprise en
    totalité."""
    provisions = provisions or {}
    out = []
    for g in grants:
        if not g.accorde:
            continue
        req = g.assessment.request
        out.append(take_back(req.identifiant, req.finess, g.accorde,
                             spending.get(req.identifiant, 0),
                             provisions.get(req.identifiant, 0)))
    return out


def followup_template(grants: list[Grant]) -> list[dict[str, object]]:
    """Le modèle de suivi : une ligne par CNR accordé, dépense et provision à renseigner."""
    return [{"identifiant": g.assessment.request.identifiant,
             "finess": g.assessment.request.finess, "accorde": g.accorde,
             "depense": None, "provision_autorisee": None}
            for g in grants if g.accorde]


def read_followup(path: Path) -> list[TakeBack]:
    """Lit un fichier de suivi ; toutes les erreurs d'un coup, rien de retenu s'il en reste."""
    try:
        rows = read_rows(path)
    except TabularError as exc:
        raise CnrRequestError([str(exc)]) from exc
    problems: list[str] = []
    out: list[TakeBack] = []
    seen: set[str] = set()
    for i, row in enumerate(rows, start=2):
        where = f"{path.name}, ligne {i}, ESMS {row.get('finess') or '(FINESS absent)'}"
        if i == 2 and (unknown := sorted(set(row) - set(COLUMNS))):
            problems.append(f"{path.name} : colonnes inconnues {unknown} "
                            f"(colonnes : {', '.join(COLUMNS)})")
        missing = [c for c in ("identifiant", "finess", "accorde") if not row.get(c)]
        if missing:
            problems.extend(f"{where} : champ « {c} » vide (renseignez-le)" for c in missing)
            continue
        ident = row["identifiant"]
        if ident in seen:
            problems.append(f"{where} : la demande {ident} figure deux fois (gardez une ligne)")
            continue
        seen.add(ident)
        try:
            amounts = {c: parse_euros(row[c]) if row.get(c) else 0
                       for c in ("accorde", "depense", "provision_autorisee")}
        except MoneyError as exc:
            problems.append(f"{where} : {exc}")
            continue
        negative = [c for c, v in amounts.items() if v < 0]
        if negative:
            problems.append(f"{where} : « {negative[0]} » négatif (montant positif attendu)")
            continue
        out.append(take_back(ident, row["finess"].upper(), amounts["accorde"],
                             amounts["depense"], amounts["provision_autorisee"]))
    if problems:
        raise CnrRequestError(problems)
    return out
