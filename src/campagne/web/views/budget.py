"""Les documents budgétaires à l'écran : dépôt d'un EPRD ou d'un ERRD par l'organisme
gestionnaire (comptes de résultat et pièces), rapport des contrôles, décision de l'ARS
(acceptation, ou refus motivé), historique."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from campagne.budget import BudgetFileError
from campagne.budget.deposits import DOCS
from campagne.budget.totals import GROUP_FIELDS
from campagne.store import budget_deposits as bd
from campagne.store import perms
from campagne.store.decisions import WorkflowError
from campagne.store.models import AuditEntry, BudgetAttachment, BudgetDocument

GROUP_LABELS = {field: group.label for group, field in GROUP_FIELDS.items()}


def _visible(request: HttpRequest) -> QuerySet[BudgetDocument]:
    return BudgetDocument.objects.filter(
        esms__in=perms.visible_esms(request.user)).distinct()


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    qs = _visible(request).select_related("organisme")
    statut = request.GET.get("statut", "")
    if statut:
        qs = qs.filter(statut=statut)
    return render(request, "web/budget_liste.html", {
        "title": "Documents budgétaires", "documents": qs[:300], "nombre": qs.count(),
        "statut": statut, "statuts": dict(BudgetDocument.Status.choices),
        "peut_deposer": bool(bd.depositable_bodies(request.user))})


@login_required
def document_new(request: HttpRequest) -> HttpResponse:
    bodies = bd.depositable_bodies(request.user)
    if not bodies:
        raise PermissionDenied("seuls les organismes gestionnaires, et le siège de l'ARS pour "
                               "leur compte, déposent des documents budgétaires")
    document = request.POST.get("document") or request.GET.get("document") or "ERRD"
    document = document if document in DOCS else "ERRD"
    year = dt.date.today().year
    form = {"organisme": request.POST.get("organisme", bodies[0].pk if bodies else ""),
            "exercice": request.POST.get("exercice", str(year - 1 if document == "ERRD"
                                                         else year))}
    errors: list[dict[str, object]] = []
    if request.method == "POST":
        try:
            body = next((b for b in bodies if b.pk == form["organisme"]), None)
            if body is None:
                raise WorkflowError("choisissez un de vos organismes gestionnaires")
            exercice = int(form["exercice"]) if form["exercice"].isdigit() else None
            if exercice is None or not 2000 <= exercice <= year + 1:
                raise WorkflowError(f"exercice « {form['exercice']} » : une année entre 2000 "
                                    f"et {year + 1}")
            upload = request.FILES.get("fichier")
            if upload is None:
                raise WorkflowError("joignez le fichier des comptes de résultat (CSV ou XLSX)")
            pieces = {code: (f.name, f.read()) for code in bd.pieces_for(document)
                      if (f := request.FILES.get(f"piece_{code}")) is not None}
            doc = bd.deposit(request.user, body, document, exercice, upload.name,
                             upload.read(), pieces)
        except BudgetFileError as exc:
            errors = exc.to_rows()
            messages.error(request, f"{len(errors)} erreur(s) dans le fichier : rien n'a été "
                                    "déposé.")
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{document} {exercice} déposé ; rapport des contrôles "
                                      "ci-dessous.")
            return redirect("document_budgetaire", pk=doc.pk)
    return render(request, "web/budget_depot.html", {
        "title": f"Déposer un {document}", "organismes": bodies, "document": document,
        "documents": DOCS, "pieces": bd.pieces_for(document), "form": form,
        "erreurs": errors})


def _get(request: HttpRequest, pk: int) -> BudgetDocument:
    found = _visible(request).filter(pk=pk).select_related("organisme").first()
    if found is None:
        raise Http404("document introuvable dans votre périmètre")
    return found


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _get(request, pk)
    if request.method == "POST":
        doc.version = int(request.POST.get("version") or doc.version)  # la version lue
        try:
            bd.decide(doc, request.user, request.POST.get("decision") == "accepter",
                      request.POST.get("motif", ""))
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Dépôt {doc.get_statut_display()}.")
        return redirect("document_budgetaire", pk=pk)
    rapport = doc.rapport or {}
    history = AuditEntry.objects.filter(objet_type=bd.OBJET, objet_id=str(doc.pk)
                                        ).order_by("horodatage")
    labels = bd.pieces_for(doc.type_document)
    return render(request, "web/budget_document.html", {
        "title": f"{doc.type_document} {doc.exercice} — {doc.organisme}", "doc": doc,
        "resume": rapport.get("resume", []), "constats": rapport.get("constats", []),
        "comptes": rapport.get("comptes", []), "depots": rapport.get("depots", []),
        "groupes": GROUP_LABELS, "pieces": [(labels.get(p.code, p.code), p)
                                            for p in doc.pieces_jointes.all()],
        "historique": history, "esms": doc.esms.order_by("finess"),
        "peut_decider": doc.statut == BudgetDocument.Status.DEPOSE
        and bd.can_decide(request.user, doc)})


@login_required
def document_file(request: HttpRequest, pk: int, piece: int | None = None) -> FileResponse:
    doc = _get(request, pk)
    if piece is None:
        return FileResponse(doc.fichier.open("rb"), as_attachment=True,
                            filename=doc.nom_fichier)
    attachment = get_object_or_404(BudgetAttachment, pk=piece, document=doc)
    return FileResponse(attachment.fichier.open("rb"), as_attachment=True,
                        filename=attachment.nom)
