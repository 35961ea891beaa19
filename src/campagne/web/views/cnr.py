"""Les demandes de CNR à l'écran : dépôt (organisme), instruction (délégation), décision
(siège), suivi de la dépense ; pièces jointes ; l'historique de chaque demande."""

from __future__ import annotations

from decimal import InvalidOperation
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from campagne.cnr.requests import CATEGORIES
from campagne.exports.tables import Column
from campagne.money import MoneyError, parse_euros
from campagne.store import cnr_workflow as wf
from campagne.store import perms
from campagne.store.decisions import WorkflowError
from campagne.store.models import AuditEntry, CampaignRecord, CnrAttachment, CnrRequestRecord
from campagne.web.views.common import download

COLUMNS = (Column("identifiant", "Demande"), Column("esms_id", "FINESS"),
           Column("esms__raison_sociale", "ESMS"), Column("categorie", "Catégorie"),
           Column("montant", "Montant demandé", "euro"), Column("statut", "Statut"),
           Column("date_demande", "Déposée le"))
ATTACHMENT_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".xlsx", ".docx", ".odt", ".ods", ".csv")
ATTACHMENT_MAX = 10 * 1024 * 1024


def _visible(request: HttpRequest):  # type: ignore[no-untyped-def]
    return CnrRequestRecord.objects.filter(esms__in=perms.visible_esms(request.user))


@login_required
def cnr_list(request: HttpRequest) -> HttpResponse:
    qs = _visible(request).select_related("esms").order_by("-cree_le")
    statut = request.GET.get("statut", "")
    if statut:
        qs = qs.filter(statut=statut)
    rows = [{**r, "date_demande": r["date_demande"].isoformat() if r["date_demande"] else ""}
            for r in qs.values(*(c.key for c in COLUMNS))[:5000]]
    return download(request, "demandes-cnr", COLUMNS, rows) or render(
        request, "web/cnr_liste.html", {
            "title": "Demandes de CNR", "demandes": qs[:300], "nombre": qs.count(),
            "statut": statut, "statuts": wf.LABELS, "categories": CATEGORIES})


def _amount(text: str, field: str) -> int:
    try:
        return parse_euros(text)
    except MoneyError as exc:
        raise WorkflowError(f"« {field} » : {exc}") from None


def _save_attachments(request: HttpRequest, demande: CnrRequestRecord) -> None:
    for upload in request.FILES.getlist("pieces"):
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ATTACHMENT_TYPES or upload.size > ATTACHMENT_MAX:
            raise WorkflowError(f"pièce « {upload.name} » refusée : types acceptés "
                                f"{', '.join(ATTACHMENT_TYPES)}, 10 Mo au plus")
        CnrAttachment.objects.create(demande=demande, fichier=upload, nom=upload.name[:200],
                                     depose_par=request.user)


@login_required
def cnr_new(request: HttpRequest) -> HttpResponse:
    choices = [e for e in perms.visible_esms(request.user).order_by("raison_sociale")[:2000]
               if perms.can_submit_for(request.user, e)]
    campaigns = CampaignRecord.objects.all()
    form = {k: request.POST.get(k, "") for k in ("esms", "campagne", "categorie", "montant",
                                                   "justification", "cout_travaux_ttc",
                                                   "duree_stage_mois", "molecule")}
    if request.method == "POST":
        try:
            esms = next((e for e in choices if e.pk == form["esms"]), None)
            if esms is None:
                raise WorkflowError("choisissez un de vos ESMS")
            details = {"cout_travaux_ttc": _amount(form["cout_travaux_ttc"], "coût des "
                                                   "travaux") if form["cout_travaux_ttc"] else None,
                       "duree_stage_mois": int(form["duree_stage_mois"])
                       if form["duree_stage_mois"] else None,
                       "molecule": form["molecule"] or None,
                       "retenu_pai": request.POST.get("retenu_pai") == "on",
                       "cout_permanent": request.POST.get("cout_permanent") == "on"}
            demande = wf.submit(request.user, esms, form["campagne"], form["categorie"],
                                _amount(form["montant"], "montant"), form["justification"],
                                details)
            _save_attachments(request, demande)
        except (WorkflowError, ValueError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Demande {demande.identifiant} déposée.")
            return redirect("cnr_demande", pk=demande.pk)
    if not choices:
        messages.info(request, "Aucun ESMS de votre périmètre n'accepte de dépôt de votre part.")
    return render(request, "web/cnr_nouvelle.html", {
        "title": "Nouvelle demande de CNR", "esms": choices, "campagnes": campaigns,
        "categories": CATEGORIES, "form": form})


def _get(request: HttpRequest, pk: int) -> CnrRequestRecord:
    found = _visible(request).filter(pk=pk).select_related("esms").first()
    if found is None:
        raise Http404("demande introuvable dans votre périmètre")
    return found


@login_required
def cnr_detail(request: HttpRequest, pk: int) -> HttpResponse:
    demande = _get(request, pk)
    if request.method == "POST":
        try:
            _act(request, demande)
        except (WorkflowError, InvalidOperation, ValueError) as exc:
            messages.error(request, str(exc))
        return redirect("cnr_demande", pk=pk)
    role = perms.role_of(request.user)
    history = AuditEntry.objects.filter(objet_type="demande_cnr",
                                        objet_id=demande.identifiant).order_by("horodatage")
    return render(request, "web/cnr_demande.html", {
        "title": f"Demande {demande.identifiant}", "demande": demande,
        "categorie": CATEGORIES.get(demande.categorie, demande.categorie),
        "statut": wf.LABELS.get(demande.statut, demande.statut), "historique": history,
        "peut_instruire": demande.statut == wf.DEPOSEE and role in (
            "ars_departement", "ars_region", "admin"),
        "peut_decider": demande.statut == wf.INSTRUITE and role in ("ars_region", "admin"),
        "peut_suivre": demande.statut == wf.ACCORDEE and perms.can_submit_for(
            request.user, demande.esms),
        "marge": wf.available_margin(demande.campagne_id)})


def _act(request: HttpRequest, demande: CnrRequestRecord) -> None:
    action, post = request.POST.get("action"), request.POST
    demande.version = int(post.get("version", demande.version))  # la version lue à l'écran
    if action == "instruire":
        wf.instruct(demande, request.user, post.get("avis", ""), post.get("commentaire", ""))
    elif action == "decider":
        grant = post.get("decision") == "accorder"
        amount = _amount(post["montant_accorde"], "montant accordé") \
            if grant and post.get("montant_accorde") else None
        wf.decide(demande, request.user, grant, amount, post.get("motif", ""))
    elif action == "suivre":
        wf.record_spending(demande, request.user, _amount(post.get("depense") or "0",
                                                          "dépense"),
                           _amount(post.get("provision") or "0", "provision"))
    else:
        raise WorkflowError("action inconnue")
    messages.success(request, f"Demande {demande.identifiant} : {action} enregistré.")


@login_required
def cnr_attachment(request: HttpRequest, pk: int, piece: int) -> FileResponse:
    demande = _get(request, pk)
    attachment = get_object_or_404(CnrAttachment, pk=piece, demande=demande)
    return FileResponse(attachment.fichier.open("rb"), as_attachment=True,
                        filename=attachment.nom)

