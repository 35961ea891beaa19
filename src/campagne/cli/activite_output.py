"""Mise en forme des rapports d'activité : colonnes des exports, JSON et XLSX."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import typer

from campagne.exports.tables import Column, Sheet, write_workbook

FORMATS = ("texte", "json", "xlsx")

THEORIQUE = (
    Column("finess", "FINESS"), Column("raison_sociale", "ESMS"),
    Column("categorie", "Catégorie"), Column("libelle_norme", "Norme d'activité"),
    Column("unite_activite", "Unité"), Column("statut", "Statut"), Column("motif", "Motif"),
    Column("activite_theorique", "Activité théorique", "nombre"),
    Column("formule", "Formule"), Column("taux_cible", "Taux cible", "taux"),
    Column("origine_cible", "Origine de la cible"),
    Column("activite_cible", "Activité cible", "nombre"), Column("references", "Références"),
)
REALISEE = (
    Column("finess", "FINESS"), Column("raison_sociale", "ESMS"),
    Column("libelle_norme", "Norme d'activité"), Column("unite_activite", "Unité"),
    Column("activite_theorique", "Activité théorique", "nombre"),
    Column("taux_cible", "Taux cible", "taux"),
    Column("activite_cible", "Activité cible", "nombre"),
    Column("activite_realisee", "Activité réalisée", "nombre"),
    Column("detail_realisee", "Décompte de l'activité réalisée"),
    Column("taux_realisation", "Taux de réalisation", "taux"),
    Column("ecart_cible", "Écart à la cible (unités)", "nombre"),
    Column("ecart_points", "Écart à la cible (points)", "taux"), Column("cible", "Cible"),
    Column("retenue_proposee", "Retenue proposée", "euro"),
    Column("statut_retenue", "Statut de la retenue"), Column("motif_retenue", "Motif"),
    Column("formule_retenue", "Calcul de la retenue"), Column("seances", "Séances", "nombre"),
    Column("file_active", "File active", "nombre"), Column("observations", "Observations"),
)
DECISIONS = (
    Column("finess", "FINESS"), Column("raison_sociale", "ESMS"),
    Column("retenue_proposee", "Retenue proposée", "euro"), Column("decision", "Décision"),
    Column("motif", "Motif"),
    Column("retenue_activite_confirmee", "Retenue confirmée (non pérenne)", "euro"),
)
PLATEFORME = (
    Column("finess", "FINESS"), Column("personnes", "Personnes", "nombre"),
    Column("semaines", "Semaines", "nombre"),
    Column("semaines_personnes", "Semaines-personnes", "nombre"),
    Column("actes_declares", "Actes déclarés", "nombre"),
    Column("actes_retenus", "Actes retenus", "nombre"),
    Column("nuitees_declarees", "Nuitées déclarées", "nombre"),
    Column("nuitees_retenues", "Nuitées retenues", "nombre"),
    Column("plafond_nuitees", "Plafond de nuitées par semaine", "nombre"),
    Column("ua", "Unités d'accompagnement", "nombre"),
    Column("semaines_personnes_complexes", "Semaines-personnes complexes", "nombre"),
    Column("personnes_complexes", "Personnes complexes au moins une semaine", "nombre"),
)


def detail_columns(criteria: Sequence[str]) -> tuple[Column, ...]:
    return (
        Column("ligne", "Ligne", "nombre"), Column("finess", "FINESS"),
        Column("semaine", "Semaine"), Column("personne", "Personne"),
        Column("actes", "Actes", "nombre"), Column("actes_retenus", "Actes retenus", "nombre"),
        Column("nuitees", "Nuitées", "nombre"),
        Column("nuitees_retenues", "Nuitées retenues", "nombre"),
        Column("ua", "UA", "nombre"),
        *(Column(c, c.replace("_", " ").capitalize(), "booleen") for c in criteria),
        Column("criteres_reunis", "Critères réunis", "nombre"),
        Column("complexe", "Complexe", "booleen"),
    )


def json_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "euro":
        return f"{(Decimal(int(value)) / 100).quantize(Decimal('0.01'))}"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


def json_rows(columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{c.key: json_value(r.get(c.key), c.kind) for c in columns} for r in rows]


def emit(fmt: str, sortie: Path | None, default: str, sheets: Sequence[Sheet],
         meta: dict[str, Any]) -> None:
    """JSON (sortie standard ou fichier) ou classeur XLSX, une feuille par tableau."""
    if fmt == "json":
        payload = {"meta": meta, **{name: json_rows(cols, list(rows))
                                    for name, cols, rows in sheets}}
        text = json.dumps(payload, ensure_ascii=False, indent=2)
        if sortie is None:
            typer.echo(text)
        else:
            sortie.write_text(text, encoding="utf-8")
            typer.echo(f"Écrit : {sortie}")
        return
    target = sortie or Path(f"{default}.xlsx")
    write_workbook(target, [(name.replace("_", " ").capitalize(), cols, rows)
                            for name, cols, rows in sheets])
    typer.echo(f"Écrit : {target}")


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise typer.BadParameter(f"format attendu : {', '.join(FORMATS)}", param_hint="--format")
    return fmt
