"""Rendu français d'une explication : texte (terminal, annexe) et HTML (dépliable)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from campagne.engine.explain import Explanation, Node

TITLE = "Comment ce montant est-il calculé ?"


def _text_node(node: Node, prefix: str, last: bool, lines: list[str], top: bool) -> None:
    branch = "" if top else ("└─ " if last else "├─ ")
    refs = " ".join(node.references) if node.kind == "regle" else "(donnée du portefeuille)"
    lines.append(f"{prefix}{branch}{node.label} : {node.display}  {refs}".rstrip())
    inner = prefix + ("" if top else ("   " if last else "│  "))
    if node.formula:
        lines.append(f"{inner}   = {node.formula}")
    if node.rounding:
        lines.append(f"{inner}   arrondi : {node.rounding}")
    for p in node.parameters:
        lines.append(
            f"{inner}   • {p.libelle} = {p.valeur} — {p.citation} ({p.periode}, {p.portee})"
        )
    if node.pruned:
        lines.append(f"{inner}   ({node.pruned} étape(s) nulle(s) ou non applicable(s) masquée(s))")
    for i, child in enumerate(node.children):
        _text_node(child, inner, i == len(node.children) - 1, lines, False)


def render_text(exp: Explanation) -> str:
    ctx = exp.context
    lines = [
        TITLE,
        f"ESMS {exp.finess} — {exp.raison_sociale} (catégorie {ctx['categorie']}, "
        f"département {ctx['departement']}, secteur {ctx['secteur']})",
        f"{exp.campagne_libelle}" + (f" — scénario « {exp.scenario} »" if exp.scenario else ""),
        "",
    ]
    _text_node(exp.root, "", True, lines, True)
    if exp.sources:
        lines += ["", "Sources :"]
        lines += [f"  [{sid}] {title}" for sid, title in exp.sources.items()]
    lines += [
        "",
        f"Moteur campagne {exp.engine_version} — empreinte des paramètres "
        f"sha256:{exp.params_hash[:16]}… — empreinte des données sha256:{exp.inputs_hash[:16]}…",
    ]
    return "\n".join(lines) + "\n"


def _html_node(node: Node, open_: bool) -> str:
    refs = " ".join(escape(r) for r in node.references)
    summary = (
        f'<span class="libelle">{escape(node.label)}</span> : '
        f'<strong class="valeur">{escape(node.display)}</strong> '
        f'<span class="sources">{refs}</span>'
    )
    body = []
    if node.formula:
        body.append(f'<p class="formule">= {escape(node.formula)}</p>')
    if node.rounding:
        body.append(f'<p class="arrondi">Arrondi : {escape(node.rounding)}</p>')
    if node.parameters:
        items = "".join(
            f"<li>{escape(p.libelle)} = <strong>{escape(p.valeur)}</strong> — "
            f"{escape(p.citation)} <small>({escape(p.periode)}, {escape(p.portee)})</small></li>"
            for p in node.parameters
        )
        body.append(f'<ul class="parametres">{items}</ul>')
    if node.pruned:
        body.append(f'<p class="masquees">{node.pruned} étape(s) nulle(s) ou non '
                    "applicable(s) masquée(s)</p>")
    body.extend(_html_node(c, False) for c in node.children)
    if not body:
        return f'<div class="etape donnee">{summary}</div>'
    attr = " open" if open_ else ""
    return f'<details class="etape"{attr}><summary>{summary}</summary>{"".join(body)}</details>'


def _html_sources(exp: Explanation) -> str:
    if not exp.sources:
        return ""
    items = "".join(f"<li><strong>[{escape(k)}]</strong> {escape(v)}</li>"
                    for k, v in exp.sources.items())
    return f'<h3>Sources</h3><ul class="sources">{items}</ul>'


def render_html(exp: Explanation) -> str:
    ctx = exp.context
    scen = f" — scénario « {escape(exp.scenario)} »" if exp.scenario else ""
    return (
        '<section class="explication">'
        f"<h2>{TITLE}</h2>"
        f"<p>ESMS {escape(exp.finess)} — {escape(exp.raison_sociale)} (catégorie "
        f"{escape(ctx['categorie'])}, département {escape(ctx['departement'])})</p>"
        f"<p>{escape(exp.campagne_libelle)}{scen}</p>"
        f"{_html_node(exp.root, True)}"
        + _html_sources(exp)
        + f'<p class="estampille">Moteur campagne {escape(exp.engine_version)} — '
        f"empreinte des paramètres sha256:{exp.params_hash} — "
        f"empreinte des données sha256:{exp.inputs_hash}</p>"
        "</section>"
    )
