"""Export HAPI « engagements par bénéficiaire » d'une campagne : une ligne par ESMS et par
montant non nul de sa dotation (base reconductible, puis chaque étape que la dotation
additionne : actualisation, revalorisations, mesures nouvelles, CNR, reprises…).

Rien n'est calculé ici : les montants sont ceux du moteur, dans les colonnes que les totaux
``dotation_perenne`` et ``dotation_non_perenne`` additionnent ; on vérifie seulement que les
lignes d'un ESMS retombent sur sa dotation totale. Le choix de chaque colonne est expliqué
dans ``docs/exports.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from campagne.engine import CampaignResult, Nature
from campagne.engine.inputs import input_label
from campagne.envelopes.drl import Drl, Line, drl_exists, load_drl
from campagne.envelopes.margin import MESURES_NOUVELLES, PLAN_PARENT
from campagne.errors import CampagneError
from campagne.exports.hapi_format import Engagement, format_engagements, write_engagements
from campagne.referentiel.departements import departements, regions
from campagne.referentiel.nomenclature import categories, statuts_juridiques
from campagne.referentiel.tabular import read_rows
from campagne.summary import PHASES

ENVELOPPE = "ONDAM médico-social"
MODES = {Nature.perenne: "Reconductible", Nature.non_perenne: "Non reconductible"}
MODES_DRL = {"perenne": MODES[Nature.perenne], "non_perenne": MODES[Nature.non_perenne]}
FAMILLES_SANS_DRL = {Nature.perenne: "Mesures pérennes", Nature.non_perenne: "Mesures non pérennes"}
FAMILLES_MARGE = {Nature.perenne: "Hors ligne de la DRL (marge) — pérenne",
                  Nature.non_perenne: "Hors ligne de la DRL (marge) — non pérenne"}
TOTALS = ("dotation_perenne", "dotation_non_perenne")
BASE = "base_reconductible"
AUTHOR = "campagne"


@dataclass(frozen=True)
class _Step:
    """Une colonne du résultat que la dotation additionne."""

    name: str
    label: str
    nature: Nature
    reference: str
    phase: int | None


def _references(refs: Any) -> str:
    return " ; ".join(str(r).strip("[]") for r in refs)


def _steps(result: CampaignResult) -> list[_Step]:
    """La base, puis les étapes sommées par les deux totaux, dans l'ordre du catalogue."""
    perenne = result.rule(TOTALS[0])
    out = [_Step(BASE, input_label(BASE), Nature.perenne, _references(perenne.references), None)]
    for total in TOTALS:
        for name in result.rule(total).optional_inputs:
            if not result.has_rule(name):
                continue
            rule = result.rule(name)
            if rule.nature is None or name.startswith("dotation_"):
                continue
            out.append(_Step(name, rule.label, rule.nature, _references(rule.references),
                             rule.phase))
    return out


class _DrlIndex:
    """Où chaque étape s'impute dans la DRL : la ligne de premier niveau (famille de mesure)
    et la ligne terminale (action), comme le contrôle de la marge (``envelopes.margin``)."""

    def __init__(self, drl: Drl | None) -> None:
        self.drl = drl
        self.by_step: dict[str, tuple[Line, Line]] = {}
        self.plan: dict[str, tuple[Line, Line]] = {}
        if drl is None:
            return
        for top in drl.root.lignes:
            for leaf, _, _ in top.walk():
                if leaf.leaf:
                    for step in leaf.imputation:
                        self.by_step[step] = (top, leaf)
                    if top.id == PLAN_PARENT:
                        self.plan[leaf.id] = (top, leaf)

    def find(self, step: str, row: Mapping[str, Any]) -> tuple[Line, Line] | None:
        if step in MESURES_NOUVELLES and self.plan:
            return self.plan.get(str(row.get("ligne_plan") or ""))
        return self.by_step.get(step)


def _label(table: Mapping[str, Any], code: object, attr: str) -> str:
    item = table.get(str(code or ""))
    return str(getattr(item, attr)) if item is not None else ""


def _at_midnight(day: dt.date | dt.datetime | None) -> dt.datetime | None:
    if day is None or isinstance(day, dt.datetime):
        return day
    return dt.datetime.combine(day, dt.time())


def campaign_drl(result: CampaignResult) -> Drl | None:
    """La DRL déclarée pour la campagne, ou ``None`` (campagne nationale)."""
    cid = result.campaign.id
    return load_drl(cid) if drl_exists(cid) else None


def engagements(
    result: CampaignResult,
    drl: Drl | None = None,
    *,
    arretes: Mapping[str, str] | None = None,
    date_document: dt.date | dt.datetime | None = None,
    code_ars: str | None = None,
) -> list[Engagement]:
    """Les lignes du fichier. ``arretes`` : numéro d'arrêté par FINESS (NUM_ARRETE_DA) ;
    ``date_document`` : date de l'acte (DATE_DOCUMENT) ; ``code_ars`` remplace le code INSEE
    de la région (CODE_ARS) si l'outil destinataire attend un autre code."""
    if drl is not None and drl.campagne != result.campaign.id:
        raise CampagneError(f"la DRL « {drl.campagne} » n'est pas celle de la campagne "
                            f"« {result.campaign.id} » : exportez avec la DRL de la campagne")
    unknown = sorted(set(arretes or {}) - set(result.frame["finess"]))
    if unknown:
        raise CampagneError(f"{len(unknown)} numéro(s) d'arrêté pour des ESMS hors de la "
                            f"campagne (ex. {', '.join(unknown[:5])}) : corrigez le fichier")
    return list(_lines(result, _DrlIndex(drl), arretes or {}, _at_midnight(date_document),
                       code_ars))


def _lines(result: CampaignResult, index: _DrlIndex, arretes: Mapping[str, str],
           date_document: dt.datetime | None, code_ars: str | None) -> Iterator[Engagement]:
    campaign = result.campaign
    steps = _steps(result)
    effet = _at_midnight(campaign.date_reference)
    deps, regs = departements(), regions()
    for row in result.frame.iter_rows(named=True):
        finess = str(row["finess"])
        region = str(campaign.region or row["region"])
        dep = deps.get(str(row["departement"]))
        common = dict(
            nom_ars=regs.get(region, ""), code_ars=code_ars or region,
            campagne=campaign.annee, id_beneficiaire=finess,
            raison_sociale=str(row["raison_sociale"] or ""),
            code_departement=dep.code_insee if dep else str(row["departement"]),
            categorie_beneficiaire=_label(categories(), row["categorie"], "libelle_court"),
            statut_juridique=_label(statuts_juridiques(), row.get("statut_juridique"),
                                    "libelle"),
            enveloppe=ENVELOPPE, sous_enveloppe=str(row["secteur"]),
            num_arrete_da=arretes.get(finess, ""), date_document=date_document,
            id_author=AUTHOR, date_effet=effet,
        )
        total = 0
        for step in steps:
            amount = int(row.get(step.name) or 0)
            if not amount:
                continue
            total += amount
            found = index.find(step.name, row)
            top, leaf = found if found else (None, None)
            yield Engagement(
                **common,  # type: ignore[arg-type]
                # délégué : nature de la ligne de DRL qui finance ; utilisé : nature de l'étape
                mode_delegation_delegue=MODES_DRL[leaf.nature] if leaf and leaf.nature
                else MODES[step.nature],
                mode_delegation_utilise=MODES[step.nature],
                mesure_niv1=top.libelle if top else _family(index, step),
                mesure_niv2=f"{step.name} : {step.label}",
                mesure_niv3=step.reference,
                libelle_action=leaf.libelle if leaf else "",
                motivation=PHASES[step.phase] if step.phase else "",
                mesure_nouvelle_notification_annee_campagne=(
                    None if step.name == BASE else campaign.annee),
                montant_saisi=0, montant_validation_inter=amount,
                montant_validation_finale=amount, montant_notifie=amount,
            )
        if total != int(row["dotation_totale"] or 0):
            raise CampagneError(
                f"ESMS {finess} : les lignes HAPI font {total} centimes, la dotation totale "
                f"{row['dotation_totale']} ; rien n'est exporté : signalez l'anomalie du calcul")


def _family(index: _DrlIndex, step: _Step) -> str:
    if step.name == BASE:
        return input_label(BASE)
    return (FAMILLES_MARGE if index.drl is not None else FAMILLES_SANS_DRL)[step.nature]


def hapi_bytes(result: CampaignResult, drl: Drl | None = None, **options: Any) -> bytes:
    """Le fichier HAPI en mémoire (téléchargement depuis l'application web)."""
    return format_engagements(engagements(result, drl, **options))


def write_hapi(result: CampaignResult, path: Path, drl: Drl | None = None,
               **options: Any) -> Path:
    """Écrit le fichier HAPI (options : celles de :func:`engagements`)."""
    return write_engagements(path, engagements(result, drl, **options))


def hapi_filename(result: CampaignResult, now: dt.datetime) -> str:
    """Nom à la manière d'HAPI : ``ENGAGEMENTS_PAR_BENEFICIAIRE_<année>_<JJMMAAAAhhmmss>.csv``."""
    return f"ENGAGEMENTS_PAR_BENEFICIAIRE_{result.campaign.annee}_{now:%d%m%Y%H%M%S}.csv"


NUMBER_COLUMNS = ("num_arrete_da", "numero", "numéro d'arrêté")  # le registre des arrêtés


def read_arretes(path: Path) -> dict[str, str]:
    """Numéro d'arrêté par FINESS : un CSV/XLSX ``finess;numero`` (ou ``num_arrete_da``), ou
    le registre écrit par ``campagne arretes generer``. Toutes les erreurs d'un coup."""
    rows = read_rows(path)
    header = set(rows[0]) if rows else set()
    column = next((c for c in NUMBER_COLUMNS if c in header), None)
    if "finess" not in header or column is None:
        raise CampagneError(f"{path.name} : colonnes attendues « finess » et « numero » (ou "
                            "« num_arrete_da », ou le registre des arrêtés)")
    out: dict[str, str] = {}
    problems = []
    for line, row in enumerate(rows, start=2):
        finess, numero = row["finess"].strip().upper(), (row[column] or "").strip()
        if not finess or not numero:
            problems.append(f"ligne {line} : FINESS ou numéro d'arrêté vide")
        elif out.get(finess, numero) != numero:
            problems.append(f"ligne {line}, ESMS {finess} : deux numéros d'arrêté "
                            f"({out[finess]} et {numero}) ; gardez-en un")
        else:
            out[finess] = numero
    if problems:
        raise CampagneError(f"{path.name} : {len(problems)} erreur(s), rien n'est pris en "
                            "compte :\n  - " + "\n  - ".join(problems))
    return out
