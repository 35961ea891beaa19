"""L'arrêté PDF d'une décision : les données du résultat rangé (relu sans recalcul), les
montants et mesures de la décision (sa phase), un numéro unique dans la campagne."""

from __future__ import annotations

import dataclasses
import datetime as dt

from campagne.exports.arrete.data import Ligne, Modification, arrete_from_result
from campagne.exports.arrete.numero import numero_arrete
from campagne.exports.arrete.pdf import render_pdf, stored_copy
from campagne.store.models import Decision, Result
from campagne.store.runs import stored_result

NATURES = {"perenne": "pérenne", "non_perenne": "non pérenne"}
PHASES = {1: "première phase (mai à juillet)", 2: "seconde phase (automne)"}


def _references(citation: str) -> str:
    """« [ROB24 §3] [ROB24 §5] » → « ROB24 §3 ; ROB24 §5 », comme dans les arrêtés."""
    return " ; ".join(part.strip(" []") for part in citation.split("] [") if part.strip())


def next_sequence(campaign_code: str) -> int:
    """Le prochain numéro d'ordre des arrêtés de la campagne (dans la transaction courante)."""
    numbers = Decision.objects.filter(campagne_id=campaign_code).exclude(
        numero_arrete="").values_list("numero_arrete", flat=True)
    return max((int(n.rsplit("-", 1)[1]) for n in numbers), default=0) + 1


def render_decision(decision: Decision) -> tuple[str, bytes, str]:
    """(numéro, octets du PDF, empreinte SHA-256) de l'arrêté de la décision."""
    stored = Result.objects.select_related("calcul").get(calcul=decision.calcul,
                                                        esms=decision.esms)
    result = stored_result(stored)
    numero = numero_arrete(result.campaign, decision.esms_id,
                           next_sequence(decision.campagne_id))
    modifie = None
    if decision.remplace_id:
        modifie = Modification(decision.remplace.numero_arrete or str(decision.remplace_id),
                               decision.motif)
    considerant = (f"que la présente décision notifie les mesures de la "
                   f"{PHASES[decision.phase]} de la campagne ; l'annexe détaille le calcul de "
                   "l'année entière")
    data = arrete_from_result(result, decision.esms_id, numero, dt.date.today(),
                              considerants=(considerant,), modifie=modifie)
    data = dataclasses.replace(
        data, dotation_perenne=decision.dotation_perenne,
        dotation_non_perenne=decision.dotation_non_perenne,
        dotation_totale=decision.dotation_totale,
        lignes=tuple(Ligne(line["etape"], line["libelle"], NATURES.get(line["nature"], ""),
                           int(line["montant"]), _references(line["reference"]))
                     for line in decision.lignes))
    digest, pdf = stored_copy(render_pdf(data))
    return numero, pdf, digest
