"""Tableaux de notification d'une campagne, en XLSX (une feuille par tableau) et en CSV.

Les tableaux viennent de :mod:`campagne.tables.notification` (sommes exactes en centimes et
structure de vérification) ; ce module choisit les colonnes dans le résultat et les met en
forme. Chaque fichier écrit est accompagné de la structure YAML qui le vérifie
(``campagne verifier-table FICHIER --structure S.yaml``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from campagne.engine import CampaignResult
from campagne.engine.inputs import input_label
from campagne.exports.tables import Column, Sheet, write_csv, write_workbook
from campagne.referentiel.departements import departements, regions
from campagne.summary import by_measure
from campagne.tables import (
    Mesure,
    TableauNotification,
    Unite,
    structure_yaml,
    tableau_departements,
    tableau_regions,
)

NOTIFICATION_FORMATS = ("xlsx", "csv")
BASE = "base_reconductible"


@dataclass(frozen=True)
class NotificationTable:
    nom: str  # nom du fichier (sans extension)
    feuille: str  # nom de la feuille XLSX (31 caractères au plus)
    tableau: TableauNotification

    def columns(self) -> list[Column]:
        cols = [Column("libelle", self.tableau.titre_libelles)]
        return cols + [Column(c.cle, c.titre, "euro" if c.unite is Unite.euros else "nombre")
                       for c in self.tableau.colonnes]

    def rows(self) -> list[dict[str, Any]]:
        keys = ["libelle", *(c.cle for c in self.tableau.colonnes)]
        return self.tableau.frame.select(keys).to_dicts()

    def sheet(self) -> Sheet:
        return (self.feuille, self.columns(), self.rows())


def measures(result: CampaignResult) -> list[Mesure]:
    """La base N-1, puis chaque étape monétaire de la dotation non nulle pour au moins un
    ESMS (``summary.by_measure``) : l'enveloppe reconductible est alors la dotation pérenne
    et le total, la dotation totale [C2005 annexe I : base, mesures, reconductible, non
    reconductible, total]."""
    out = [Mesure(BASE, input_label(BASE), perenne=True)]
    for m in by_measure(result):
        if m.esms:
            out.append(Mesure(m.name, m.label, perenne=m.nature == "pérenne"))
    return out


def _label(result: CampaignResult, column: str) -> str:
    return result.rule(column).label if result.has_rule(column) else input_label(column)


def notification_tables(result: CampaignResult, *, places: str = "capacite",
                        credits: str = "dotation_totale") -> list[NotificationTable]:
    """Le tableau par région [C2005 annexe I] et le tableau par département [C2005 annexe II]
    (par défaut : places autorisées et dotation totale de l'année)."""
    annee = result.campaign.annee
    frame = result.frame
    regs = regions()
    deps = {code: d.libelle for code, d in departements().items()}
    par_region = tableau_regions(
        frame, measures(result), libelles_regions=regs,
        titre_reconductible=f"Enveloppe reconductible {annee}",
        titre_total=f"Total notifié en {annee}",
        titre=f"Notification des enveloppes régionales — {result.campaign.libelle}")
    par_departement = tableau_departements(
        frame, places=places, credits=credits, libelles_regions=regs,
        libelles_departements=deps, titre_places=_label(result, places),
        titre_credits=_label(result, credits),
        titre=f"Places et crédits par département — {result.campaign.libelle}")
    return [NotificationTable("notification_regions", "Régions (C2005 annexe I)", par_region),
            NotificationTable("notification_departements", "Départements (C2005 annexe II)",
                              par_departement)]


def write_notification(result: CampaignResult, folder: Path, fmt: str = "xlsx",
                       **options: str) -> list[Path]:
    """XLSX : un classeur, une feuille par tableau ; CSV : un fichier par tableau. Chaque
    tableau a sa structure YAML à côté. Rend les chemins écrits."""
    if fmt not in NOTIFICATION_FORMATS:
        raise ValueError(f"format inconnu « {fmt} » (formats : {', '.join(NOTIFICATION_FORMATS)})")
    folder.mkdir(parents=True, exist_ok=True)
    tables = notification_tables(result, **options)
    paths: list[Path] = []
    if fmt == "xlsx":
        paths.append(folder / "notification.xlsx")
        write_workbook(paths[0], [t.sheet() for t in tables])
    else:
        for t in tables:
            paths.append(folder / f"{t.nom}.csv")
            write_csv(paths[-1], t.columns(), t.rows())
    for t in tables:
        paths.append(folder / f"{t.nom}.yaml")
        paths[-1].write_text(structure_yaml(t.tableau.structure), encoding="utf-8")
    return paths


def _in_memory(name: str, write: Callable[[Path], object]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        write(path)
        return path.read_bytes()


def notification_bytes(tables: Sequence[NotificationTable], fmt: str = "xlsx") -> bytes:
    """En mémoire : un classeur XLSX de tous les tableaux, ou le CSV d'un seul tableau."""
    if fmt == "csv":
        if len(tables) != 1:
            raise ValueError("un CSV ne contient qu'un tableau : passez-en un seul")
        return _in_memory("tableau.csv",
                          lambda p: write_csv(p, tables[0].columns(), tables[0].rows()))
    if fmt != "xlsx":
        raise ValueError(f"format inconnu « {fmt} » (formats : {', '.join(NOTIFICATION_FORMATS)})")
    return _in_memory("notification.xlsx",
                      lambda p: write_workbook(p, [t.sheet() for t in tables]))
