"""Le parcours d'une demande de CNR [ROB24 §10] :

déposée (organisme gestionnaire, ou l'ARS pour lui) → instruite (délégation départementale :
éligibilité selon les règles de l'année, rang de priorité, avis) → accordée (montant, dans
la marge) ou refusée (motif) par le siège régional → suivie (dépense justifiée, provision
autorisée) → reprise calculée.

Chaque transition vérifie qui agit et d'où part la demande, s'écrit en une transaction
(version incrémentée : deux agents ne peuvent pas décider en même temps) et laisse une
entrée au journal ; le déposant est notifié.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from campagne.cnr.followup import take_back
from campagne.cnr.instruction import assess
from campagne.cnr.requests import CATEGORIES, CnrRequest
from campagne.engine import Campaign
from campagne.money import format_euros
from campagne.pipeline import default_parameters
from campagne.store import perms
from campagne.store.audit import record
from campagne.store.decisions import WorkflowError
from campagne.store.models import CnrRequestRecord, Esms, Notification, Run
from campagne.store.models.users import Role
from campagne.store.portfolio import portfolio_frame

DEPOSEE, INSTRUITE, ACCORDEE, REFUSEE, SUIVIE = (
    "deposee", "instruite", "accordee", "refusee", "suivie")
LABELS = {DEPOSEE: "déposée", INSTRUITE: "instruite", ACCORDEE: "accordée",
          REFUSEE: "refusée", SUIVIE: "suivie (dépense justifiée)"}


def _notify(request: CnrRequestRecord, message: str) -> None:
    if request.auteur_id:
        Notification.objects.create(destinataire_id=request.auteur_id, message=message,
                                    lien=f"/cnr/{request.pk}/")


def _advance(request: CnrRequestRecord, source: str, target: str, user: Any, action: str,
             details: dict[str, Any], message: str) -> CnrRequestRecord:
    """Change le statut si la demande est toujours dans l'état et la version lus."""
    before = {"statut": request.statut, "details": request.details}
    merged = {**(request.details or {}), **details}
    with transaction.atomic():
        updated = CnrRequestRecord.objects.filter(
            pk=request.pk, statut=source, version=request.version).update(
            statut=target, details=merged, version=request.version + 1)
        if not updated:
            raise WorkflowError(
                f"la demande {request.identifiant} a changé depuis que vous l'avez ouverte "
                "(autre agent ou autre onglet) : rechargez-la")
        request.refresh_from_db()
        record(user, action, "demande_cnr", request.identifiant, avant=before,
               apres={"statut": target, "details": details})
        _notify(request, message)
    return request


def submit(user: Any, esms: Esms, campaign_code: str, categorie: str, montant: int,
           justification: str, details: dict[str, Any] | None = None) -> CnrRequestRecord:
    if not perms.can_submit_for(user, esms):
        raise WorkflowError("vous ne pouvez déposer une demande que pour vos propres ESMS")
    if categorie not in CATEGORIES:
        raise WorkflowError(f"catégorie « {categorie} » inconnue (catégories : "
                            f"{', '.join(CATEGORIES)})")
    if montant <= 0:
        raise WorkflowError("le montant demandé doit être positif")
    if not justification.strip():
        raise WorkflowError("la justification est obligatoire")
    with transaction.atomic():
        count = CnrRequestRecord.objects.filter(campagne_id=campaign_code).count()
        request = CnrRequestRecord.objects.create(
            identifiant=f"{campaign_code.upper()}-{count + 1:05d}", campagne_id=campaign_code,
            esms=esms, categorie=categorie, montant=montant, justification=justification.strip(),
            date_demande=dt.date.today(), details=details or {}, auteur=user)
        record(user, "depot_demande_cnr", "demande_cnr", request.identifiant,
               apres={"esms": esms.pk, "categorie": categorie, "montant": montant})
    return request


def _as_request(r: CnrRequestRecord) -> CnrRequest:
    d = r.details or {}
    return CnrRequest(identifiant=r.identifiant, finess=r.esms_id, categorie=r.categorie,
                      montant=r.montant, justification=r.justification,
                      date_demande=r.date_demande, cout_travaux_ttc=d.get("cout_travaux_ttc"),
                      retenu_pai=bool(d.get("retenu_pai")), molecule=d.get("molecule"),
                      duree_stage_mois=d.get("duree_stage_mois"),
                      cout_permanent=bool(d.get("cout_permanent")))


def instruct(request: CnrRequestRecord, user: Any, avis: str, commentaire: str = ""
             ) -> CnrRequestRecord:
    """Instruction : éligibilité et rang calculés selon les règles de la campagne, avis."""
    role = perms.role_of(user)
    if role not in (Role.ARS_DEPARTEMENT, Role.ARS_REGION, Role.ADMIN) or \
            not perms.can_view_esms(user, request.esms):
        raise WorkflowError("l'instruction revient à la délégation départementale de l'ESMS")
    if avis not in ("favorable", "defavorable"):
        raise WorkflowError("avis « favorable » ou « defavorable »")
    params = default_parameters()
    campaign = Campaign.from_params(params, request.campagne_id)
    (assessment,) = assess([_as_request(request)], portfolio_frame(
        finess=[request.esms_id]), campaign, params)
    details = {"eligible": assessment.eligible, "motif_eligibilite": assessment.motif,
               "priorite": assessment.priorite, "ligne": assessment.ligne, "avis": avis,
               "commentaire": commentaire, "instruite_par": user.get_username()}
    return _advance(request, DEPOSEE, INSTRUITE, user, "instruction_demande_cnr", details,
                    f"Votre demande {request.identifiant} a été instruite (avis {avis}).")


def available_margin(campaign_code: str) -> int | None:
    """La marge du dernier calcul de référence, moins les CNR accordés depuis ce calcul."""
    run = Run.objects.filter(campagne_id=campaign_code, statut=Run.Status.DONE,
                             scenario_nom="").first()
    if run is None or not run.marge:
        return None
    since = CnrRequestRecord.objects.filter(
        campagne_id=campaign_code, statut__in=(ACCORDEE, SUIVIE),
        details__decidee_le__gt=run.cree_le.isoformat())
    granted = sum(int((r.details or {}).get("montant_accorde", 0)) for r in since)
    return int(run.marge["marge"]) - granted


def decide(request: CnrRequestRecord, user: Any, accorder: bool, montant: int | None,
           motif: str) -> CnrRequestRecord:
    """Décision du siège régional : accord (au plus le montant demandé, dans la marge) ou
    refus motivé. L'organisme ne décide jamais de sa propre demande."""
    if perms.role_of(user) not in (Role.ARS_REGION, Role.ADMIN) or \
            not perms.can_view_esms(user, request.esms):
        raise WorkflowError("la décision revient au siège régional de l'ARS")
    if not motif.strip():
        raise WorkflowError("la décision est motivée")
    details: dict[str, Any] = {"motif_decision": motif.strip(),
                               "decidee_par": user.get_username(),
                               "decidee_le": dt.datetime.now(dt.UTC).isoformat()}
    if not accorder:
        return _advance(request, INSTRUITE, REFUSEE, user, "refus_demande_cnr", details,
                        f"Votre demande {request.identifiant} est refusée : {motif}")
    amount = request.montant if montant is None else montant
    if not 0 < amount <= request.montant:
        raise WorkflowError(f"le montant accordé doit être positif et au plus le montant "
                            f"demandé ({format_euros(request.montant)})")
    if amount % 100:
        raise WorkflowError("le montant accordé est notifié en euros entiers")
    margin = available_margin(request.campagne_id)
    if margin is not None and amount > margin:
        raise WorkflowError(f"accorder {format_euros(amount)} dépasserait la marge disponible "
                            f"({format_euros(max(margin, 0))}) : réduisez le montant")
    details["montant_accorde"] = amount
    return _advance(request, INSTRUITE, ACCORDEE, user, "accord_demande_cnr", details,
                    f"Votre demande {request.identifiant} est accordée pour "
                    f"{format_euros(amount)}.")


def record_spending(request: CnrRequestRecord, user: Any, depense: int, provision: int = 0
                    ) -> CnrRequestRecord:
    """Suivi : dépense justifiée et provision autorisée ; la reprise en découle."""
    if not perms.can_submit_for(user, request.esms):
        raise WorkflowError("le suivi de la dépense revient à l'organisme (ou au siège)")
    if depense < 0 or provision < 0:
        raise WorkflowError("dépense et provision sont positives ou nulles")
    granted = int((request.details or {}).get("montant_accorde", 0))
    back = take_back(request.identifiant, request.esms_id, granted, depense, provision)
    details = {"depense": back.depense, "provision": back.provision, "reprise": back.reprise}
    return _advance(request, ACCORDEE, SUIVIE, user, "suivi_demande_cnr", details,
                    f"Suivi de {request.identifiant} enregistré : reprise "
                    f"{format_euros(back.reprise)}.")
