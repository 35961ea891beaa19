"""Export d'une campagne complète : synthèses par mesure, phase, département et famille,
DRL et marge, rapprochement, CNR proposés."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from campagne.cnr.followup import COLUMNS as FOLLOWUP_KEYS
from campagne.cnr.followup import followup_template
from campagne.exports.tables import Column, write_csv, write_workbook
from campagne.pipeline import CampaignRun
from campagne.summary import by_key, by_measure, by_phase

MEASURES = (Column("label", "Mesure"), Column("nature", "Nature"), Column("phase", "Phase"),
            Column("references", "Source"), Column("esms", "ESMS concernés", "nombre"),
            Column("total", "Montant", "euro"))
AGG = (Column("esms", "ESMS", "nombre"), Column("places", "Places", "nombre"),
       Column("base_reconductible", "Base N-1", "euro"),
       Column("mesures_perennes", "Mesures pérennes", "euro"),
       Column("non_perenne", "Crédits non pérennes", "euro"),
       Column("dotation_totale", "Dotation N", "euro"))
LINES = (Column("libelle", "Ligne de la DRL"), Column("nature", "Nature"),
         Column("enveloppe", "Montant publié", "euro"), Column("consomme", "Imputé", "euro"),
         Column("marge", "Marge", "euro"))
GAPS = (Column("libelle", "Ligne"), Column("published", "Publié", "euro"),
        Column("children_sum", "Somme des lignes filles", "euro"),
        Column("difference", "Écart", "euro"))
# Modèle de suivi des CNR : en-têtes = noms des colonnes relues par « campagne cnr reprises ».
FOLLOWUP = tuple(Column(k, k, "texte" if k in ("identifiant", "finess") else "euro")
                 for k in FOLLOWUP_KEYS)
GRANTS = (Column("identifiant", "Demande"), Column("finess", "FINESS"),
          Column("raison_sociale", "ESMS"), Column("categorie", "Catégorie"),
          Column("priorite", "Rang", "nombre"), Column("demande", "Demandé", "euro"),
          Column("accorde", "Proposé", "euro"), Column("motif", "Motif"))


def synthesis_sheets(run: CampaignRun
                     ) -> list[tuple[str, tuple[Column, ...], list[dict[str, Any]]]]:
    result = run.result
    measures = [m.__dict__ for m in by_measure(result)]
    phases = [{"label": k, "total": v} for k, v in by_phase(result).items()]
    lines = [{"libelle": "  " * u.depth + u.libelle, "nature": u.nature, "enveloppe": u.enveloppe,
              "consomme": u.consomme, "marge": u.marge} for u in run.margin.lines]
    lines.append({"libelle": "Total accordé (toutes étapes)", "nature": "",
                  "enveloppe": run.margin.drl, "consomme": run.margin.accorde,
                  "marge": run.margin.marge})
    gaps = [{"libelle": g.libelle, "published": g.published * 100,
             "children_sum": g.children_sum * 100, "difference": g.difference * 100}
            for g in run.gaps]
    grants = []
    if run.proposal:
        for g in run.proposal.grants:
            a = g.assessment
            grants.append({"identifiant": a.request.identifiant, "finess": a.request.finess,
                           "raison_sociale": a.raison_sociale, "categorie": a.request.categorie,
                           "priorite": a.priorite, "demande": a.request.montant,
                           "accorde": g.accorde, "motif": g.motif})
    return [
        ("Mesures", MEASURES, measures),
        ("Phases", (Column("label", "Phase"), Column("total", "Montant", "euro")), phases),
        ("Départements", (Column("departement", "Département"), *AGG),
         by_key(result, "departement").to_dicts()),
        ("Familles", (Column("famille", "Famille"), *AGG), by_key(result, "famille").to_dicts()),
        ("Catégories", (Column("categorie", "Catégorie FINESS"), *AGG),
         by_key(result, "categorie").to_dicts()),
        ("DRL et marge", LINES, lines),
        ("Rapprochement DRL", GAPS, gaps),
        ("CNR proposés", GRANTS, grants),
    ]


def write_synthesis(run: CampaignRun, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    xlsx = folder / "synthese.xlsx"
    write_workbook(xlsx, synthesis_sheets(run))
    marge = folder / "marge.json"
    marge.write_text(json.dumps(run.margin.to_dict(), ensure_ascii=False, indent=1,
                                default=str), encoding="utf-8")
    paths = [xlsx, marge]
    if run.proposal:
        suivi = folder / "suivi_cnr.csv"
        write_csv(suivi, FOLLOWUP, followup_template(run.proposal.grants))
        paths.append(suivi)
    return paths
