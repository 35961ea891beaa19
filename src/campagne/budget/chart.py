"""Plan de comptes → groupes fonctionnels [C2005 annexe VII, C2010 annexes VIII et IX].

Les règles sont des données datées et sourcées (``parameters/budget/plan_comptes.yml``,
schéma strict ci-dessous). Pour un compte, parmi les règles en vigueur au 1er janvier de
l'exercice, applicables à son plan (M22 / M22 bis) et à son sens quand la règle en exige un,
le préfixe le plus long l'emporte : « 61 sauf 611 » s'écrit 61 → III et 611 → I.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from campagne.budget.errors import ChartError
from campagne.budget.model import Group, Plan, Sens
from campagne.params.errors import ParameterError
from campagne.params.loader import default_root, load_sources, read_yaml

_RESULT_ACCOUNT = re.compile(r"^[67][0-9]{1,9}$")
_BALANCE_ACCOUNT = re.compile(r"^[1-5][0-9]{1,9}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleRef(_Strict):
    source: str
    section: str
    ligne: str
    note: str | None = None

    def citation(self) -> str:
        return f"[{self.source} {self.section} : {self.ligne}]"


class AccountRule(_Strict):
    groupe: Group
    comptes: list[str]
    sens: Sens | None = None
    plans: list[Plan] | None = None
    nature: Literal["investissement", "creton"] | None = None
    libelle: str | None = None
    debut: dt.date
    fin: dt.date | None = None
    reference: RuleRef

    @field_validator("comptes")
    @classmethod
    def _comptes(cls, v: list[str]) -> list[str]:
        bad = [c for c in v if not _RESULT_ACCOUNT.match(c)]
        if bad or not v:
            raise ValueError(f"comptes de résultat attendus (classes 6 et 7, chiffres) : {bad}")
        return v

    def active(self, on: dt.date, plan: Plan) -> bool:
        in_period = self.debut <= on <= (self.fin or dt.date.max)
        return in_period and (self.plans is None or plan in self.plans)


class BalanceAccount(_Strict):
    compte: str
    libelle: str
    plans: list[Plan] | None = None
    reference: RuleRef

    @field_validator("compte")
    @classmethod
    def _compte(cls, v: str) -> str:
        if not _BALANCE_ACCOUNT.match(v):
            raise ValueError(f"compte de bilan attendu (classes 1 à 5) : « {v} »")
        return v


class Affectation(_Strict):
    code: str
    libelle: str
    resultat: Literal["excedent", "deficit"]
    compte: str | None = None
    reference: RuleRef


class ChartFile(_Strict):
    regles: list[AccountRule]
    comptes_bilan: list[BalanceAccount]
    affectations: list[Affectation]


@dataclass(frozen=True)
class Match:
    """Le groupe d'un compte et la règle qui l'y range."""

    groupe: Group
    rule: AccountRule
    prefix: str

    @property
    def citation(self) -> str:
        return self.rule.reference.citation()


class AccountProblem(ValueError):
    """Un compte sans groupe : le problème et la correction, en français."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem, self.fix = problem, fix


class Chart:
    """Les règles du plan de comptes, chargées et contrôlées."""

    def __init__(self, data: ChartFile, path: Path) -> None:
        self.rules = tuple(data.regles)
        self.balance = {b.compte: b for b in data.comptes_bilan}
        self.affectations = {a.code: a for a in data.affectations}
        self.path = path

    def _best(self, compte: str, sens: Sens | None, plan: Plan, on: dt.date) -> Match | None:
        found: list[Match] = []
        for rule in self.rules:
            if not rule.active(on, plan) or (rule.sens is not None and rule.sens != sens):
                continue
            found += [Match(rule.groupe, rule, p) for p in rule.comptes if compte.startswith(p)]
        if not found:
            return None
        # Préfixe le plus long ; à longueur égale, la règle propre à un sens (603 créditeur).
        return max(found, key=lambda m: (len(m.prefix), m.rule.sens is not None))

    def classify(self, compte: str, sens: Sens | None, plan: Plan | None,
                 on: dt.date) -> Match:
        """Le groupe du compte, ou :class:`AccountProblem` (problème et correction)."""
        if not compte.isdigit():
            raise AccountProblem(f"numéro de compte « {compte} » mal écrit",
                                 "écrivez le numéro du compte en chiffres (ex. 6411)")
        if compte[0] in "12345":
            known = self.balance.get(compte)
            what = f" ({known.libelle}, {known.reference.source} {known.reference.section})" \
                if known else ""
            raise AccountProblem(
                f"compte de bilan (classe {compte[0]}){what} : il n'a pas de groupe fonctionnel",
                "retirez cette ligne : un compte de résultat ne porte que des comptes de "
                "classes 6 (charges) et 7 (produits)")
        plans = (plan,) if plan is not None else (Plan.M22, Plan.M22bis)
        matches = {p: self._best(compte, sens, p, on) for p in plans}
        found = {m.groupe if m else None for m in matches.values()}
        if len(found) > 1:
            raise AccountProblem(
                f"le groupe du compte {compte} dépend du plan comptable (M22 public, M22 bis "
                "privé) et le plan de l'ET est inconnu",
                "indiquez la colonne « plan » (M22 ou M22bis) ou fournissez le portefeuille")
        match = next(iter(matches.values()))
        if match is None:
            side = f" au {'crédit' if sens is Sens.credit else 'débit'}" if sens else ""
            raise AccountProblem(
                f"aucun groupe fonctionnel pour le compte {compte}{side} au 01/01/{on.year}",
                "vérifiez le numéro (plan M22 / M22 bis) : les groupes sont ceux de C2005 "
                "annexe VII et C2010 annexes VIII-IX (docs/budget.md) ; un compte nouveau "
                "s'ajoute, daté et sourcé, dans parameters/budget/plan_comptes.yml")
        return match

    def accounts_of(self, nature: str, on: dt.date) -> tuple[str, ...]:
        """Les comptes marqués d'une nature (``creton``, ``investissement``) à une date."""
        return tuple(c for r in self.rules if r.nature == nature
                     and r.debut <= on <= (r.fin or dt.date.max) for c in r.comptes)


def _check(data: ChartFile, sources: set[str], path: Path) -> None:
    refs = [r.reference for r in data.regles] + [b.reference for b in data.comptes_bilan] + [
        a.reference for a in data.affectations]
    unknown = sorted({r.source for r in refs} - sources)
    if unknown:
        raise ChartError(f"{path.name} : sources non déclarées dans sources.yaml : {unknown}")
    seen: dict[tuple[str, Sens | None, Plan], list[AccountRule]] = {}
    for rule in data.regles:
        for compte in rule.comptes:
            for plan in rule.plans or list(Plan):
                for other in seen.get((compte, rule.sens, plan), []):
                    if rule.debut <= (other.fin or dt.date.max) and other.debut <= (
                            rule.fin or dt.date.max):
                        raise ChartError(
                            f"{path.name} : deux règles pour le compte {compte} ({plan.value}, "
                            f"sens {rule.sens or 'indifférent'}) sur des périodes qui se "
                            f"chevauchent : {other.reference.citation()} et "
                            f"{rule.reference.citation()}")
                seen.setdefault((compte, rule.sens, plan), []).append(rule)
    codes = [a.code for a in data.affectations]
    if len(set(codes)) != len(codes):
        raise ChartError(f"{path.name} : code d'affectation en double")


def _message(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return "clé inconnue (vérifiez l'orthographe ; voir docs/budget.md)"
    if err["type"] == "missing":
        return "clé obligatoire absente"
    if err["type"] == "enum":
        expected = str(err['ctx'].get('expected', '')).replace("' or '", "' ou '")
        return f"valeur « {err['input']} » non prévue ({expected})"
    return str(err["msg"]).removeprefix("Value error, ")


def chart_path() -> Path:
    return Path(str(resources.files("campagne").joinpath("parameters", "budget",
                                                         "plan_comptes.yml")))


def load_chart(path: Path | None = None, root: Path | None = None) -> Chart:
    """Lit et contrôle le plan de comptes (``ChartError`` en français sinon)."""
    path = path or chart_path()
    try:
        raw = read_yaml(path)
        sources = set(load_sources(root or default_root()).sources)
    except ParameterError as exc:
        raise ChartError(str(exc)) from exc
    try:
        data = ChartFile.model_validate(raw)
    except ValidationError as exc:
        details = " ; ".join(f"{' → '.join(str(p) for p in e['loc'])} : {_message(e)}"
                             for e in exc.errors())
        raise ChartError(f"{path.name} : {details}") from exc
    _check(data, sources, path)
    return Chart(data, path)


@functools.cache
def default_chart() -> Chart:
    """Le plan de comptes embarqué, lu une fois par processus."""
    return load_chart()
