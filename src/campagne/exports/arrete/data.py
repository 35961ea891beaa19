"""Les données d'un arrêté de tarification, tirées d'un résultat de campagne et de
l'explication du montant. Rien n'y est calculé : les montants sont ceux du moteur ; on vérifie
seulement que la décomposition retombe sur les totaux avant d'en faire un acte."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from campagne.engine import CampaignResult, Explanation, explain
from campagne.engine.inputs import input_label
from campagne.engine.rule import Nature
from campagne.errors import CampagneError
from campagne.exports.arrete.textes import fill, textes
from campagne.referentiel.departements import departements, regions
from campagne.referentiel.nomenclature import categories

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre")
NATURES = {Nature.perenne: "pérenne", Nature.non_perenne: "non pérenne"}
TOTALS = ("dotation_perenne", "dotation_non_perenne")
BASE_LABEL = input_label("base_reconductible")


def date_fr(d: dt.date) -> str:
    """``1er juin 2024``, ``27 mai 2024`` (indépendant de la locale de la machine)."""
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MOIS[d.month - 1]} {d.year}"


@dataclass(frozen=True)
class Ligne:
    """Une mesure de l'article 2 : étape monétaire du moteur, avec sa référence."""

    nom: str
    libelle: str
    nature: str  # « pérenne » ou « non pérenne »
    montant: int  # centimes
    reference: str  # « ROB24 §3 ; ROB24 §5 »


@dataclass(frozen=True)
class Modification:
    """Un arrêté modificatif : l'arrêté qu'il modifie et pourquoi."""

    numero: str
    motif: str


@dataclass(frozen=True)
class ArreteData:
    numero: str
    date_signature: dt.date
    autorite: str
    region: str  # libellé : « Île-de-France »
    campagne: str
    campagne_libelle: str
    annee: int
    finess: str
    raison_sociale: str
    categorie: str
    categorie_libelle: str
    departement: str
    departement_libelle: str
    finess_ej: str
    nature: str | None  # « etablissement » ou « service » (déduite de la catégorie FINESS)
    base_reconductible: int
    dotation_perenne: int
    dotation_non_perenne: int
    dotation_totale: int
    lignes: tuple[Ligne, ...]
    visas: tuple[str, ...]
    considerants: tuple[str, ...] = ()
    modifie: Modification | None = None
    lieu: str | None = None
    annexe_html: str = ""
    estampille: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    scenario: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["date_signature"] = self.date_signature.isoformat()
        out["estampille"] = dict(self.estampille)
        return out


def _references(refs: Sequence[object]) -> str:
    return " ; ".join(str(r).strip("[]") for r in refs)


def _lines(result: CampaignResult, row: dict[str, Any]) -> tuple[Ligne, ...]:
    """Les étapes sommées par les totaux pérenne et non pérenne, non nulles, dans l'ordre du
    catalogue : exactement ce que la dotation additionne."""
    out = []
    for total in TOTALS:
        for name in result.rule(total).optional_inputs:
            if not result.has_rule(name):
                continue
            rule = result.rule(name)
            value = row.get(name)
            if rule.nature is None or name.startswith("dotation_") or not value:
                continue
            out.append(Ligne(name, rule.label, NATURES[rule.nature], int(value),
                             _references(rule.references)))
    return tuple(out)


def _check_sums(finess: str, row: dict[str, Any], lines: tuple[Ligne, ...]) -> None:
    perenne = int(row["base_reconductible"] or 0) + sum(
        x.montant for x in lines if x.nature == "pérenne")
    non_perenne = sum(x.montant for x in lines if x.nature == "non pérenne")
    expected = (int(row["dotation_perenne"]), int(row["dotation_non_perenne"]))
    if (perenne, non_perenne) != expected or sum(expected) != int(row["dotation_totale"]):
        raise CampagneError(
            f"ESMS {finess} : la décomposition de la dotation ne retombe pas sur ses totaux "
            f"(pérenne {perenne} ≠ {expected[0]} ou non pérenne {non_perenne} ≠ {expected[1]}, "
            "en centimes) ; l'arrêté n'est pas produit : signalez l'anomalie du calcul")


def source_visas(result: CampaignResult, source_ids: Sequence[str]) -> list[str]:
    """Les sources citées par l'explication, par date croissante, avec titre, date, numéro."""
    t = textes().visas
    cited = [(result.params.sources[s], s) for s in source_ids if s in result.params.sources]
    out = []
    for src, sid in sorted(cited, key=lambda c: (c[0].date, c[1])):
        first = src.titre.split(" ", 1)[0].lower()
        article = t.articles_sources.get(first, ": ")
        numero = f", {src.numero}" if src.numero else ""
        out.append(fill(t.source, article=article, titre=src.titre, date=date_fr(src.date),
                        numero=numero, id=sid))
    return out


def visas(result: CampaignResult, exp: Explanation, modifie: Modification | None) -> list[str]:
    t = textes().visas
    annee = result.campaign.annee
    out = [*t.generaux, fill(t.loi_financement.pour(annee), annee=annee),
           fill(t.decision_drl.pour(annee), annee=annee), *source_visas(result, list(exp.sources))]
    if modifie is not None:
        out.append(fill(t.modifie, numero_modifie=modifie.numero, annee=annee))
    return out


def arrete_from_result(
    result: CampaignResult,
    finess: str,
    numero: str,
    date: dt.date,
    autorite: str | None = None,
    *,
    considerants: Sequence[str] = (),
    modifie: Modification | None = None,
    lieu: str | None = None,
    explanation: Explanation | None = None,
) -> ArreteData:
    """Les données de l'arrêté d'un ESMS. ``autorite`` : par défaut, la formule de
    ``textes.yaml`` (directeur général de l'ARS de la région de l'ESMS)."""
    row = result.row(finess)
    if modifie is not None and not modifie.motif.strip():
        raise CampagneError(f"ESMS {finess} : un arrêté modificatif doit indiquer son motif "
                            f"(modification de l'arrêté n° {modifie.numero})")
    if not row.get("finess_ej"):
        raise CampagneError(f"ESMS {finess} : FINESS EJ (organisme gestionnaire) absent du "
                            "portefeuille ; l'arrêté lui est notifié : complétez finess_ej")
    exp = explanation or explain(result, finess)
    if exp.finess != finess or exp.root.name != "dotation_totale":
        raise CampagneError(f"ESMS {finess} : l'annexe doit expliquer la dotation totale de cet "
                            f"ESMS (explication reçue : {exp.root.name} de l'ESMS {exp.finess})")
    lines = _lines(result, row)
    _check_sums(finess, row, lines)
    region = regions().get(str(row["region"]), str(row["region"]))
    dep = departements().get(str(row["departement"]))
    cat = categories().get(str(row["categorie"]))
    considerants = tuple(considerants)
    if modifie is not None:
        considerants += (fill(textes().considerant_modificatif, numero_modifie=modifie.numero,
                              motif=modifie.motif),)
    return ArreteData(
        numero=numero,
        date_signature=date,
        autorite=autorite or fill(textes().autorite, region=region),
        region=region,
        campagne=result.campaign.id,
        campagne_libelle=result.campaign.libelle,
        annee=result.campaign.annee,
        finess=finess,
        raison_sociale=str(row["raison_sociale"]),
        categorie=str(row["categorie"]),
        categorie_libelle=cat.libelle if cat else "",
        departement=str(row["departement"]),
        departement_libelle=dep.libelle if dep else "",
        finess_ej=str(row["finess_ej"]),
        nature=row.get("nature"),
        base_reconductible=int(row["base_reconductible"] or 0),
        dotation_perenne=int(row["dotation_perenne"]),
        dotation_non_perenne=int(row["dotation_non_perenne"]),
        dotation_totale=int(row["dotation_totale"]),
        lignes=lines,
        visas=tuple(visas(result, exp, modifie)),
        considerants=considerants,
        modifie=modifie,
        lieu=lieu,
        annexe_html=exp.to_html(),
        estampille=(("moteur", f"campagne {exp.engine_version}"),
                    ("empreinte_parametres", f"sha256:{exp.params_hash}"),
                    ("empreinte_donnees", f"sha256:{exp.inputs_hash}")),
        scenario=result.scenario,
    )

