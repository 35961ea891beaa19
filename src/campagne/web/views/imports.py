"""Mise en place d'une campagne : import d'un portefeuille (CSV ou XLSX), toutes les erreurs
d'un coup, rien d'écrit tant qu'il en reste une."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from campagne.referentiel.portfolio import PortfolioError, read_portfolio
from campagne.referentiel.tabular import MAX_BYTES
from campagne.store import perms
from campagne.store.portfolio import import_portfolio

SUFFIXES = (".csv", ".xlsx")


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    region = perms.can_import_portfolio(request.user)
    if region is None:
        raise PermissionDenied("seuls l'administrateur et le siège régional importent un "
                               "portefeuille")
    errors: list[dict[str, object]] = []
    problem = ""
    if request.method == "POST":
        upload = request.FILES.get("fichier")
        suffix = Path(upload.name).suffix.lower() if upload else ""
        if upload is None:
            problem = "choisissez un fichier CSV ou XLSX"
        elif suffix not in SUFFIXES:
            problem = f"format « {suffix or 'inconnu'} » non pris en charge : CSV ou XLSX"
        elif upload.size > MAX_BYTES:
            problem = "fichier trop volumineux (50 Mo au plus)"
        else:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"portefeuille{suffix}"
                with path.open("wb") as fh:
                    for chunk in upload.chunks():
                        fh.write(chunk)
                try:
                    frame = read_portfolio(path)
                except PortfolioError as exc:
                    errors = exc.to_rows()
                else:
                    outside = sorted(set(frame.filter(frame["region"] != region)["finess"])) \
                        if region != "*" else []
                    if outside:
                        problem = (f"{len(outside)} ESMS hors de votre région {region} "
                                   f"(ex. {', '.join(outside[:5])}) : rien n'a été importé")
                    else:
                        count = import_portfolio(frame, request.user)
                        messages.success(request, f"{count} ESMS importés.")
                        return redirect("portefeuille")
    return render(request, "web/importer.html", {
        "title": "Importer un portefeuille", "erreurs": errors, "probleme": problem})
