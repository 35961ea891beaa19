"""Le journal d'audit (administrateurs et auditeurs)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from campagne.exports.tables import Column
from campagne.store import perms
from campagne.store.models import AuditEntry
from campagne.web.views.common import download

COLUMNS = (Column("horodatage", "Horodatage"), Column("identifiant", "Utilisateur"),
           Column("canal", "Canal"), Column("action", "Action"), Column("objet_type", "Objet"),
           Column("objet_id", "Identifiant"), Column("avant", "Avant"),
           Column("apres", "Après"))


@login_required
def journal(request: HttpRequest) -> HttpResponse:
    if not perms.can_view_audit(request.user):
        raise PermissionDenied("le journal d'audit est réservé aux administrateurs et auditeurs")
    qs = AuditEntry.objects.all()
    rows = [{**r, "horodatage": r["horodatage"].isoformat(timespec="seconds"),
             "avant": str(r["avant"] or ""), "apres": str(r["apres"] or "")}
            for r in qs.values(*(c.key for c in COLUMNS))[:5000]]
    response = download(request, "journal-audit", COLUMNS, rows)
    if response:
        return response
    return render(request, "web/journal.html", {
        "title": "Journal d'audit", "page": Paginator(qs, 100).get_page(request.GET.get("page"))})
