"""Exécution d'une campagne : toutes les règles, dans l'ordre du graphe, sur tout le
portefeuille à la fois. Chaque étape garde sa colonne (valeur) et sa colonne
``<règle>__applicable`` : « non applicable » est explicite, jamais un 0 silencieux."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

from campagne.engine.errors import InputIssue, MissingInputError, RuleDefinitionError
from campagne.engine.inputs import input_label
from campagne.engine.rule import Campaign, Rule, RuleContext
from campagne.params import ParameterSet

APPLICABLE = "__applicable"
REQUIRED_COLUMNS = ("finess", "raison_sociale", "categorie", "departement", "region", "secteur")


def order_rules(rules: Sequence[Rule], columns: Sequence[str]) -> list[Rule]:
    """Ordonne les règles selon leurs dépendances (graphe orienté sans cycle).

    À dépendances égales, l'ordre de déclaration est gardé : les colonnes des exports et les
    étapes des explications se lisent dans l'ordre du catalogue, d'une exécution à l'autre.
    """
    by_name = {r.name: r for r in rules}
    if len(by_name) != len(rules):
        raise RuleDefinitionError("deux règles portent le même nom")
    known = set(columns)
    graph: dict[str, list[str]] = {}
    for rule in rules:
        if rule.name in known:
            raise RuleDefinitionError(
                f"la règle « {rule.name} » porte le nom d'une colonne du portefeuille"
            )
        deps = []
        for inp in rule.all_inputs:
            if inp in by_name:
                deps.append(inp)
            elif inp not in known:
                raise RuleDefinitionError(
                    f"la règle « {rule.name} » lit « {inp} », qui n'est ni une colonne du "
                    "portefeuille ni une règle de cette campagne"
                )
        graph[rule.name] = deps
    ordered: list[str] = []
    state: dict[str, int] = {}  # 1 = en cours de visite, 2 = placée

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = path[path.index(name):] + [name]
            raise RuleDefinitionError(f"dépendance circulaire entre règles : {' → '.join(cycle)}")
        state[name] = 1
        for dep in graph[name]:
            visit(dep, [*path, name])
        state[name] = 2
        ordered.append(name)

    for rule in rules:
        visit(rule.name, [])
    return [by_name[n] for n in ordered]


def applicability_expr(rule: Rule, ctx: RuleContext) -> pl.Expr:
    expr = pl.lit(True)
    a = rule.applies
    if a.secteurs is not None:
        expr = expr & pl.col("secteur").is_in(sorted(a.secteurs))
    if a.categories is not None:
        expr = expr & pl.col("categorie").is_in(sorted(a.categories))
    if a.condition is not None:
        expr = expr & a.condition(ctx).fill_null(False)
    return expr


@dataclass
class CampaignResult:
    frame: pl.DataFrame
    campaign: Campaign
    params: ParameterSet
    rules: list[Rule]
    excluded: int = 0
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def scenario(self) -> str | None:
        return self.params.scenario

    def rule(self, name: str) -> Rule:
        for r in self.rules:
            if r.name == name:
                return r
        raise KeyError(name)

    def has_rule(self, name: str) -> bool:
        return any(r.name == name for r in self.rules)

    def row(self, finess: str) -> dict[str, Any]:
        rows = self.frame.filter(pl.col("finess") == finess)
        if rows.height == 0:
            raise KeyError(
                f"l'ESMS {finess} n'est pas dans le portefeuille de la campagne "
                f"« {self.campaign.id} »"
            )
        return rows.row(0, named=True)

    def total(self, column: str) -> int:
        return int(self.frame[column].sum() or 0)


def active_rules(rules: Sequence[Rule], campaign: Campaign) -> list[Rule]:
    """Les règles de la campagne ; une entrée facultative produite par une règle du catalogue
    qui ne s'applique pas cette année-là (autre campagne) est retirée, pas une erreur."""
    active = [r for r in rules if r.applies.runs_in(campaign)]
    inactive = {r.name for r in rules} - {r.name for r in active}
    return [
        replace(r, optional_inputs=tuple(i for i in r.optional_inputs if i not in inactive))
        if inactive.intersection(r.optional_inputs) else r
        for r in active
    ]


def _scope(portfolio: pl.DataFrame, campaign: Campaign) -> pl.DataFrame:
    expr = pl.col("secteur").is_in(sorted(campaign.secteurs))
    if campaign.region is not None:
        expr = expr & (pl.col("region") == campaign.region)
    return portfolio.filter(expr)


def run_campaign(
    portfolio: pl.DataFrame,
    campaign: Campaign,
    params: ParameterSet,
    rules: Sequence[Rule],
) -> CampaignResult:
    missing_cols = [c for c in REQUIRED_COLUMNS if c not in portfolio.columns]
    if missing_cols:
        raise RuleDefinitionError(
            f"colonnes absentes du portefeuille : {', '.join(missing_cols)} "
            "(chargez-le avec « campagne portefeuille verifier » pour les déduire)"
        )
    active = active_rules(rules, campaign)
    undecided = sorted({d for r in active for d in r.decisions} - set(portfolio.columns))
    portfolio = portfolio.with_columns(pl.lit(None, dtype=pl.Int64).alias(c) for c in undecided)
    ordered = order_rules(active, portfolio.columns)
    frame = _scope(portfolio, campaign)
    excluded = portfolio.height - frame.height
    issues: list[InputIssue] = []
    failed: set[str] = set()
    for rule in ordered:
        if any(dep in failed for dep in rule.all_inputs):
            failed.add(rule.name)
            continue
        ctx = RuleContext(frame, campaign, params)
        applicable = applicability_expr(rule, ctx)
        rule_issues = _missing_inputs(frame, rule, applicable)
        if rule_issues:
            issues.extend(rule_issues)
            failed.add(rule.name)
            continue
        value = rule.compute(ctx)
        if isinstance(value, pl.Series):
            value = pl.lit(value)
        frame = frame.with_columns(
            applicable.alias(rule.name + APPLICABLE),
        ).with_columns(
            pl.when(pl.col(rule.name + APPLICABLE)).then(value).otherwise(None).alias(rule.name)
        )
        uncomputed = frame.filter(pl.col(rule.name + APPLICABLE) & pl.col(rule.name).is_null())
        for row in uncomputed.select("finess", "raison_sociale").iter_rows():
            issues.append(InputIssue(
                row[0], row[1], rule.name, rule.name,
                "la valeur n'a pas pu être calculée (paramètre sans valeur pour cet ESMS ?)",
                f"vérifiez les paramètres {', '.join(rule.parameters) or '(aucun)'} et les "
                f"données {', '.join(rule.inputs) or '(aucune)'}",
            ))
        if uncomputed.height:
            failed.add(rule.name)
    if issues:
        raise MissingInputError(issues)
    return CampaignResult(frame, campaign, params, ordered, excluded)


def _missing_inputs(frame: pl.DataFrame, rule: Rule, applicable: pl.Expr) -> list[InputIssue]:
    if not rule.inputs:
        return []
    checks = [pl.col(c).is_null().alias(c) for c in rule.inputs]
    bad = frame.filter(applicable).select("finess", "raison_sociale", *checks)
    any_null = pl.any_horizontal(*[pl.col(c) for c in rule.inputs])
    bad = bad.filter(any_null)
    issues = []
    for row in bad.iter_rows(named=True):
        for col in rule.inputs:
            if row[col]:
                issues.append(InputIssue(
                    row["finess"], row["raison_sociale"], col, rule.name,
                    f"« {input_label(col)} » est vide alors que la règle « {rule.label} » "
                    "s'applique à cet ESMS",
                    f"renseignez « {col} » dans le portefeuille",
                ))
    return issues


def rehydrate(
    frame: pl.DataFrame, campaign: Campaign, params: ParameterSet, rules: Sequence[Rule]
) -> CampaignResult:
    """Un résultat relu (d'une base de données) avec ses règles, sans rien recalculer : de
    quoi l'expliquer ou le comparer comme au jour du calcul."""
    active = active_rules(rules, campaign)
    names = {r.name for r in active}
    inputs = [c for c in frame.columns if c not in names and not c.endswith(APPLICABLE)]
    return CampaignResult(frame, campaign, params, order_rules(active, inputs))
