"""L'explorateur de paramètres : chaque paramètre, son historique et ses sources."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from campagne.exports.tables import Column
from campagne.params.errors import UnknownParameterError
from campagne.pipeline import default_parameters
from campagne.web.views.common import download

HISTORY_COLUMNS = (Column("periode", "Période"), Column("portee", "Portée"),
                   Column("valeur", "Valeur"), Column("reference", "Référence"),
                   Column("source", "Source"), Column("note", "Note"))


def _show(value: object) -> str:
    if isinstance(value, dict):
        return " ; ".join(f"{k} : {v}" for k, v in value.items())
    return str(value)


@login_required
def parameter_list(request: HttpRequest) -> HttpResponse:
    params = default_parameters()
    q = request.GET.get("q", "").strip().lower()
    rows = [{"nom": p.name, "libelle": p.decl.libelle, "famille": p.famille,
             "unite": p.decl.unite.value, "valeurs": len(p.values)}
            for p in sorted(params.parameters.values(), key=lambda p: (p.famille, p.name))
            if not q or q in p.name or q in p.decl.libelle.lower()]
    cols = (Column("nom", "Nom"), Column("libelle", "Libellé"), Column("famille", "Famille"),
            Column("unite", "Unité"), Column("valeurs", "Valeurs datées", "nombre"))
    return download(request, "parametres", cols, rows) or render(
        request, "web/parametres.html", {"title": "Paramètres", "lignes": rows, "q": q})


@login_required
def parameter_detail(request: HttpRequest, name: str) -> HttpResponse:
    params = default_parameters()
    try:
        param = params.get(name)
    except UnknownParameterError as exc:
        raise Http404(str(exc)) from None
    rows = []
    for entry, value in sorted(param.values, key=lambda ev: ev[0].interval()[0]):
        src = params.sources[entry.reference.source]
        rows.append({"periode": entry.periode_label(), "portee": entry.portee,
                     "valeur": _show(value),
                     "reference": f"[{entry.reference.source} {entry.reference.section}]",
                     "source": f"{' '.join(src.titre.split())} ({src.date:%d/%m/%Y})",
                     "note": " ".join((entry.reference.note or "").split())})
    return download(request, f"parametre-{name}", HISTORY_COLUMNS, rows) or render(
        request, "web/parametre.html", {"title": param.decl.libelle, "parametre": param,
                                        "lignes": rows})
