"""Génération par lot : un PDF par ESMS, progression rapportée, registre des copies.

Tout ce qui peut être vérifié avant d'écrire l'est d'abord (FINESS inconnus, doublons,
numéros en double, fichiers déjà présents, données de chaque arrêté) : un lot refusé n'écrit
rien.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from campagne.engine import CampaignResult
from campagne.errors import CampagneError
from campagne.exports.arrete.data import Modification, arrete_from_result
from campagne.exports.arrete.pdf import file_name, write_arrete
from campagne.exports.tables import Column, write_table


@dataclass(frozen=True)
class ArreteEcrit:
    numero: str
    finess: str
    chemin: Path
    sha256: str


Progress = Callable[[int, int, ArreteEcrit], None]
"""``progress(faits, total, arrete)`` après chaque PDF écrit."""

REGISTRE_COLUMNS = (
    Column("numero", "Numéro d'arrêté"),
    Column("finess", "FINESS"),
    Column("fichier", "Fichier"),
    Column("sha256", "Empreinte SHA-256"),
)


def _check(result: CampaignResult, finess_list: Sequence[str]) -> None:
    known = set(result.frame["finess"].to_list())
    unknown = [f for f in finess_list if f not in known]
    doubles = sorted(f for f, n in Counter(finess_list).items() if n > 1)
    problems = []
    if unknown:
        problems.append(f"{len(unknown)} FINESS absent(s) de la campagne « {result.campaign.id} » "
                        f"({', '.join(unknown[:10])}) : vérifiez la liste ou le portefeuille")
    if doubles:
        problems.append(f"FINESS en double dans la liste ({', '.join(doubles)}) : un ESMS reçoit "
                        "un arrêté par lot")
    if not finess_list:
        problems.append("aucun ESMS à traiter : la liste des FINESS est vide")
    if problems:
        raise CampagneError("lot d'arrêtés refusé, rien n'est écrit :\n  - "
                            + "\n  - ".join(problems))


def generate_batch(
    result: CampaignResult,
    finess_list: Sequence[str],
    dossier: Path,
    numerotation: Callable[[str], str],
    progress: Progress | None = None,
    *,
    date: dt.date | None = None,
    autorite: str | None = None,
    lieu: str | None = None,
    modifications: Mapping[str, Modification] | None = None,
    replace: bool = False,
) -> list[ArreteEcrit]:
    """Écrit un arrêté PDF par ESMS de ``finess_list`` dans ``dossier`` et rend, dans l'ordre,
    (numéro, FINESS, chemin, empreinte). ``numerotation(finess)`` donne le numéro
    (:class:`~campagne.exports.arrete.numero.Numerotation`, ou une séquence en base)."""
    _check(result, finess_list)
    numeros = {f: numerotation(f) for f in finess_list}
    doubles = sorted(n for n, k in Counter(numeros.values()).items() if k > 1)
    if doubles:
        raise CampagneError(f"numérotation : numéros attribués deux fois ({', '.join(doubles)}) ; "
                            "rien n'est écrit")
    existing = [file_name(n, f) for f, n in numeros.items()
                if (dossier / file_name(n, f)).exists()]
    if existing and not replace:
        raise CampagneError(f"{len(existing)} arrêté(s) déjà présent(s) dans {dossier} (ex. "
                            f"{existing[0]}) : un arrêté émis n'est pas réécrit ; rien n'est écrit "
                            "(changez de numéro de départ ou de dossier)")
    signed = date or dt.date.today()
    modifications = modifications or {}
    # Les données de tous les arrêtés d'abord (quelques ms chacune) : une anomalie arrête le
    # lot avant le premier PDF.
    datas = [arrete_from_result(result, f, numeros[f], signed, autorite, lieu=lieu,
                                modifie=modifications.get(f)) for f in finess_list]
    done: list[ArreteEcrit] = []
    for data in datas:
        path, sha = write_arrete(data, dossier, replace=replace)
        item = ArreteEcrit(data.numero, data.finess, path, sha)
        done.append(item)
        if progress is not None:
            progress(len(done), len(finess_list), item)
    return done


def write_registre(items: Sequence[ArreteEcrit], dossier: Path) -> Path:
    """Le registre du lot (CSV ``;`` UTF-8 BOM) : numéro, FINESS, fichier, empreinte ; nommé
    d'après le premier numéro, pour qu'un lot suivant ne l'écrase pas."""
    rows = [{"numero": i.numero, "finess": i.finess, "fichier": i.chemin.name,
             "sha256": i.sha256} for i in items]
    return write_table(dossier / f"registre_{items[0].numero}", "csv", REGISTRE_COLUMNS, rows)
