"""Le document HTML d'un arrêté (gabarit ``gabarit.html`` + feuille ``arrete.css``).

Tout texte variable est échappé ; les phrases fixes viennent de ``textes.yaml``. L'annexe est
l'explication du moteur, dépliée en entier pour l'impression.
"""

from __future__ import annotations

import re
from functools import cache
from html import escape
from importlib import resources
from string import Template

from campagne import __version__
from campagne.exports.arrete.data import BASE_LABEL, ArreteData, date_fr
from campagne.exports.arrete.textes import fill, textes
from campagne.money import format_euros

_CLOSED_DETAILS = re.compile(r"<details(?![^>]*\bopen\b)([^>]*)>")
# Numéros d'arrêté et articles de code (« L. 314-3 ») : jamais coupés en fin de ligne.
_NOBREAK = re.compile(r"\b\d{4}(?:-[A-Z]{2,4})+-\d{6}\b|\b[LRD]\. \d+(?:-\d+)*")


def _resource(name: str) -> str:
    return resources.files("campagne.exports.arrete").joinpath(name).read_text("utf-8")


@cache
def _gabarit() -> Template:
    return Template(_resource("gabarit.html"))


def _fields(d: ArreteData) -> dict[str, object]:
    """Les valeurs des champs ``{…}`` de textes.yaml pour cet arrêté (texte brut)."""
    dep = f"{d.departement_libelle} ({d.departement})" if d.departement_libelle else d.departement
    return {
        "annee": d.annee, "region": d.region, "esms": d.raison_sociale,
        "de_esms": fill(textes().designation.pour(d.nature), esms=d.raison_sociale),
        "finess": d.finess,
        "finess_ej": d.finess_ej, "departement": dep, "numero": d.numero,
        "numero_modifie": d.modifie.numero if d.modifie else "",
        "motif": d.modifie.motif if d.modifie else "",
        "dotation_totale": format_euros(d.dotation_totale),
        "dotation_perenne": format_euros(d.dotation_perenne),
        "dotation_non_perenne": format_euros(d.dotation_non_perenne),
    }


def _typo(text: str) -> str:
    """Texte échappé, avec les espaces insécables de la typographie française."""
    out = escape(text).replace("« ", "«\u00a0").replace(" »", "\u00a0»")
    return _NOBREAK.sub(lambda m: f'<span class="insecable">{m.group(0)}</span>', out)


def _p(text: str, cls: str | None = None) -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<p{attr}>{_typo(text)}</p>"


def _visas(d: ArreteData) -> str:
    return "\n".join(_p(f"Vu {v} ;", "visa") for v in d.visas)


def _considerants(d: ArreteData) -> str:
    if not d.considerants:
        return ""
    items = "\n".join(_p(f"Considérant {c} ;", "considerant") for c in d.considerants)
    return f'<section class="considerants">\n{items}\n</section>'


def _row(label: str, nature: str, montant: int, ref: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return (f'<tr{attr}><td>{escape(label)}</td><td class="nature">{escape(nature)}</td>'
            f'<td class="montant">{escape(format_euros(montant))}</td><td>{escape(ref)}</td></tr>')


def _decomposition(d: ArreteData) -> str:
    rows = [_row(BASE_LABEL, "pérenne", d.base_reconductible, "arrêté de l'exercice précédent")]
    rows += [_row(x.libelle, x.nature, x.montant, x.reference)
             for x in d.lignes if x.nature == "pérenne"]
    rows.append(_row("Dotation pérenne", "pérenne", d.dotation_perenne, "", "total"))
    rows += [_row(x.libelle, x.nature, x.montant, x.reference)
             for x in d.lignes if x.nature == "non pérenne"]
    rows.append(_row("Crédits non pérennes", "non pérenne", d.dotation_non_perenne, "", "total"))
    rows.append(_row("Dotation globale de financement", "", d.dotation_totale, "", "total"))
    head = ('<thead><tr><th>Mesure</th><th>Nature</th><th class="montant">Montant</th>'
            "<th>Référence</th></tr></thead>")
    return f'<table class="decomposition">{head}<tbody>{"".join(rows)}</tbody></table>'


def _title(d: ArreteData, f: dict[str, object]) -> tuple[str, str]:
    t = textes()
    modif = ""
    if d.modifie is not None:
        modif = f'<span class="modificatif">{_typo(fill(t.titre_modificatif, **f))}</span>'
    return modif, _typo(fill(t.titre, **f))


def unfold(explanation_html: str) -> str:
    """L'arbre de l'explication entièrement déplié (un PDF ne se clique pas)."""
    return _CLOSED_DETAILS.sub(r"<details\1 open>", explanation_html)


def render_html(d: ArreteData) -> str:
    t = textes()
    f = _fields(d)
    a = t.articles
    modif, titre = _title(d, f)
    article1 = [fill(a.dotation, **f), fill(a.repartition, **f)]
    if d.modifie is not None:
        article1.append(fill(a.remplace, **f))
    signed = date_fr(d.date_signature)
    fait = fill(t.fait_lieu, lieu=d.lieu, date=signed) if d.lieu else fill(t.fait, date=signed)
    return _gabarit().substitute(
        numero=escape(d.numero),
        autorite=escape(d.autorite),
        titre_court=escape(f"Arrêté n° {d.numero} — {d.raison_sociale} — exercice {d.annee}"),
        motscles=escape(f"FINESS {d.finess}, campagne {d.campagne}"),
        moteur=escape(f"campagne {__version__}"),
        date_iso=d.date_signature.isoformat(),
        css=_resource("arrete.css"),
        entete=escape(fill(t.en_tete, **f)),
        modificatif=modif,
        titre=titre,
        visas=_visas(d),
        considerants=_considerants(d),
        article1="\n".join(_p(x) for x in article1),
        article2=_p(fill(a.decomposition, **f)) + "\n" + _decomposition(d),
        article3=_p(fill(a.versement, **f)),
        article4="\n".join(_p(fill(x, **f)) for x in a.recours),
        article5=_p(fill(a.execution, **f)),
        fait=escape(fait),
        annexe_titre=escape(fill(t.annexe, **f)),
        annexe=unfold(d.annexe_html),
    )
