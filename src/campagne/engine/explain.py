"""« Comment ce montant est-il calculé ? » — l'arbre des étapes d'un montant d'un ESMS.

Chaque nœud d'étape porte sa valeur, sa formule, son arrondi, ses paramètres (valeur et
source) et ses sources juridiques ; ses enfants sont ses entrées. Les branches nulles ou non
applicables sont élaguées (et comptées). L'explication est estampillée de la version du
moteur et des empreintes des paramètres et des données, pour re-dériver la décision.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from campagne import __version__
from campagne.engine.inputs import input_label, input_unit
from campagne.engine.rule import Rule, Unit
from campagne.engine.run import APPLICABLE, CampaignResult
from campagne.money import format_euros, format_rate


@dataclass
class ParamUse:
    name: str
    libelle: str
    valeur: str
    citation: str
    portee: str
    periode: str
    cle: str | None = None


@dataclass
class Node:
    name: str
    label: str
    unit: Unit
    value: Any
    kind: str = "regle"  # « regle » ou « donnee »
    formula: str | None = None
    rounding: str | None = None
    nature: str | None = None
    references: list[str] = field(default_factory=list)
    parameters: list[ParamUse] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    applicable: bool = True
    pruned: int = 0

    @property
    def display(self) -> str:
        return format_value(self.value, self.unit)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nom": self.name,
            "libelle": self.label,
            "type": self.kind,
            "unite": self.unit.value,
            "valeur": json_value(self.value, self.unit),
            "affichage": self.display,
            "formule": self.formula,
            "arrondi": self.rounding,
            "nature": self.nature,
            "sources": self.references,
            "parametres": [p.__dict__ for p in self.parameters],
            "etapes": [c.to_dict() for c in self.children],
            "etapes_masquees": self.pruned,
        }


def format_value(value: Any, unit: Unit) -> str:
    if value is None:
        return "non applicable"
    if unit is Unit.euro:
        return format_euros(int(value))
    if unit is Unit.taux:
        return format_rate(Decimal(value))
    if unit is Unit.booleen:
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def json_value(value: Any, unit: Unit) -> Any:
    if value is None:
        return None
    if unit is Unit.euro:
        return {"centimes": int(value), "euros": f"{Decimal(int(value)) / 100:.2f}"}
    if isinstance(value, Decimal | dt.date):
        return str(value)
    return value


def _is_empty(node: Node) -> bool:
    if not node.applicable or node.value is None:
        return True
    return node.unit is Unit.euro and node.value == 0


@dataclass
class Explanation:
    finess: str
    raison_sociale: str
    campagne: str
    campagne_libelle: str
    scenario: str | None
    root: Node
    engine_version: str
    params_hash: str
    inputs_hash: str
    context: dict[str, str]
    sources: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "finess": self.finess,
            "raison_sociale": self.raison_sociale,
            "campagne": self.campagne,
            "campagne_libelle": self.campagne_libelle,
            "scenario": self.scenario,
            "contexte": self.context,
            "montant": self.root.to_dict(),
            "sources": self.sources,
            "estampille": {
                "moteur": f"campagne {self.engine_version}",
                "empreinte_parametres": f"sha256:{self.params_hash}",
                "empreinte_donnees": f"sha256:{self.inputs_hash}",
            },
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        from campagne.engine.render import render_text

        return render_text(self)

    def to_html(self) -> str:
        from campagne.engine.render import render_html

        return render_html(self)


def _param_uses(result: CampaignResult, rule: Rule, row: dict[str, Any]) -> list[ParamUse]:
    uses = []
    at = result.campaign.at(row.get("departement"))
    for name, key_col in rule.parameters.items():
        resolved = result.params.resolve(name, at)
        key = str(row[key_col]) if key_col else None
        value = resolved.for_key(key) if key is not None else resolved.value
        unit = Unit.taux if resolved.unite == "taux" else (
            Unit.euro if resolved.unite.startswith("euro") else Unit.nombre
        )
        shown = (
            format_euros(int(Decimal(value) * 100)) if unit is Unit.euro
            else format_value(value, unit)
        )
        label = resolved.libelle + (f" ({key})" if key is not None else "")
        uses.append(ParamUse(name, label, shown, resolved.citation(), resolved.portee,
                             resolved.periode, key))
    return uses


def _build(result: CampaignResult, name: str, row: dict[str, Any], prune: bool,
           seen: set[str] | None = None) -> Node:
    seen = set() if seen is None else seen
    if not result.has_rule(name):
        unit = input_unit(name)
        return Node(name, input_label(name), unit, row.get(name), kind="donnee",
                    references=["donnée du portefeuille"])
    rule = result.rule(name)
    applicable = bool(row.get(name + APPLICABLE))
    node = Node(
        name=name,
        label=rule.label,
        unit=rule.unit,
        value=row.get(name),
        formula=rule.formula,
        rounding=rule.rounding.label if rule.rounding else None,
        nature=rule.nature.value if rule.nature else None,
        references=[str(r) for r in rule.references],
        applicable=applicable,
    )
    if not applicable:
        return node
    if name in seen:
        node.formula = "détaillé plus haut"
        node.references = []
        return node
    seen.add(name)
    node.parameters = _param_uses(result, rule, row)
    for inp in rule.all_inputs:
        child = _build(result, inp, row, prune, seen)
        if prune and child.kind == "regle" and _is_empty(child):
            node.pruned += 1
            continue
        node.children.append(child)
    return node


def _sources_used(result: CampaignResult, root: Node) -> dict[str, str]:
    ids: set[str] = set()

    def walk(n: Node) -> None:
        ids.update(r.strip("[]").split(" ")[0] for r in n.references if r.startswith("["))
        ids.update(p.citation.strip("[").split(" ")[0] for p in n.parameters
                   if p.citation.startswith("["))
        for c in n.children:
            walk(c)

    walk(root)
    out = {}
    for sid in sorted(ids):
        src = result.params.sources.get(sid)
        if src is not None:
            num = f", {src.numero}" if src.numero else ""
            out[sid] = f"{src.titre} ({src.date:%d/%m/%Y}{num})"
    return out


def _hash(obj: Any) -> str:
    text = json.dumps(obj, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def explain(
    result: CampaignResult, finess: str, amount: str = "dotation_totale", *, prune: bool = True
) -> Explanation:
    """L'explication d'un montant (une règle) pour un ESMS de la campagne."""
    row = result.row(finess)
    if not result.has_rule(amount):
        known = ", ".join(r.name for r in result.rules)
        raise KeyError(f"montant inconnu « {amount} » (montants calculés : {known})")
    root = _build(result, amount, row, prune)
    input_cols = [c for c in row if not result.has_rule(c) and not c.endswith(APPLICABLE)]
    at = result.campaign.at(row.get("departement"))
    param_names = sorted({p for r in result.rules for p in r.parameters})
    return Explanation(
        finess=finess,
        raison_sociale=str(row.get("raison_sociale", "")),
        campagne=result.campaign.id,
        campagne_libelle=result.campaign.libelle,
        scenario=result.scenario,
        root=root,
        engine_version=__version__,
        params_hash=result.params.fingerprint(param_names, at),
        inputs_hash=_hash({c: row[c] for c in sorted(input_cols)}),
        sources=_sources_used(result, root),
        context={
            "categorie": str(row.get("categorie", "")),
            "departement": str(row.get("departement", "")),
            "secteur": str(row.get("secteur", "")),
        },
    )
