"""L'ensemble des paramètres chargés, et leur résolution à une date, une campagne, une portée.

La résolution choisit la valeur la plus précise disponible (département, puis région, puis
national) parmi celles dont la période couvre la campagne ou la date demandée. Rien n'est
prolongé en silence : sans valeur, :class:`ParameterNotFoundError` nomme le paramètre et la date.
Un scénario est une surcouche nommée de valeurs (:meth:`ParameterSet.with_overrides`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from campagne.params.errors import (
    ParameterFileError,
    ParameterNotFoundError,
    UnknownParameterError,
)
from campagne.params.loader import (
    check_overlaps,
    convert_entry,
    default_root,
    load_campaigns,
    load_parameter_file,
    load_sources,
    parameter_files,
)
from campagne.params.schema import CampaignDecl, ParameterDecl, Reference, Source, ValueEntry


@dataclass(frozen=True)
class At:
    """Où et quand on demande un paramètre."""

    campagne: int
    date: dt.date
    region: str | None = None
    departement: str | None = None

    def label(self) -> str:
        where = f"pour la campagne {self.campagne} (date {self.date:%d/%m/%Y})"
        if self.departement:
            where += f", département {self.departement}"
        elif self.region:
            where += f", région {self.region}"
        return where


@dataclass(frozen=True)
class Resolved:
    """Une valeur résolue, avec tout ce qu'il faut pour la citer."""

    name: str
    libelle: str
    unite: str
    value: Any  # Decimal, date, str, ou dict clé → valeur pour un paramètre indexé
    portee: str
    periode: str
    reference: Reference | None
    source: Source | None
    scenario: str | None = None

    def for_key(self, key: str) -> Any:
        if not isinstance(self.value, dict):
            return self.value
        if key not in self.value:
            raise ParameterNotFoundError(
                self.name,
                f"pour la clé « {key} » ({self.periode}, {self.portee})",
                f"ajoutez la clé « {key} » au paramètre ou corrigez la donnée de l'ESMS",
            )
        return self.value[key]

    def cents(self, key: str | None = None) -> int:
        """Valeur monétaire en centimes (paramètres en euros)."""
        value = self.for_key(key) if key is not None else self.value
        return int(Decimal(value) * 100)

    def citation(self) -> str:
        if self.scenario is not None:
            return f"scénario « {self.scenario} »"
        assert self.reference is not None
        return f"[{self.reference.source} {self.reference.section}]"


@dataclass
class Parameter:
    name: str
    famille: str
    path: Path
    decl: ParameterDecl
    values: list[tuple[ValueEntry, Any]] = field(default_factory=list)


_SCOPE_RANK = {"departement": 0, "region": 1, "national": 2}


def _json_default(o: Any) -> Any:
    if isinstance(o, Decimal | dt.date):
        return str(o)
    raise TypeError(type(o))


class ParameterSet:
    """Les paramètres d'un dossier ``parameters/``, avec une éventuelle surcouche de scénario."""

    def __init__(
        self,
        parameters: dict[str, Parameter],
        sources: Mapping[str, Source],
        campaigns: Mapping[str, CampaignDecl],
        overrides: Mapping[str, Any] | None = None,
        scenario: str | None = None,
    ) -> None:
        self.parameters = parameters
        self.sources = dict(sources)
        self.campaigns = dict(campaigns)
        self.overrides = dict(overrides or {})
        self.scenario = scenario

    # -- chargement -------------------------------------------------------------------
    @classmethod
    def load(cls, root: Path | None = None) -> ParameterSet:
        root = root or default_root()
        sources = load_sources(root).sources
        campaigns = load_campaigns(root).campagnes
        for cid, camp in campaigns.items():
            if camp.reference.source not in sources:
                raise ParameterFileError(
                    root / "campagnes.yaml",
                    f"campagne « {cid} » : source « {camp.reference.source} » non déclarée "
                    "dans sources.yaml",
                )
        params: dict[str, Parameter] = {}
        for path in parameter_files(root):
            pf = load_parameter_file(path)
            for name, decl in pf.parametres.items():
                if name in params:
                    raise ParameterFileError(
                        path, f"paramètre « {name} » déjà déclaré dans {params[name].path.name}"
                    )
                param = Parameter(name, pf.famille, path, decl)
                for entry in decl.valeurs:
                    if entry.reference.source not in sources:
                        raise ParameterFileError(
                            path,
                            f"paramètre « {name} » : source « {entry.reference.source} » non "
                            f"déclarée dans sources.yaml (sources connues : {sorted(sources)})",
                        )
                    try:
                        param.values.append((entry, convert_entry(name, decl, entry)))
                    except ValueError as exc:
                        raise ParameterFileError(path, str(exc)) from exc
                try:
                    check_overlaps(name, decl.valeurs)
                except ValueError as exc:
                    raise ParameterFileError(path, str(exc)) from exc
                params[name] = param
        return cls(params, sources, campaigns)

    # -- consultation -----------------------------------------------------------------
    def get(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            close = difflib.get_close_matches(name, list(self.parameters), n=1)
            raise UnknownParameterError(name, close[0] if close else None) from None

    def campaign(self, cid: str) -> CampaignDecl:
        try:
            return self.campaigns[cid]
        except KeyError:
            close = difflib.get_close_matches(cid, list(self.campaigns), n=1)
            hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
            raise ParameterNotFoundError(
                cid, "", f"campagne inconnue (campagnes : {sorted(self.campaigns)}){hint}"
            ) from None

    @staticmethod
    def _covers(entry: ValueEntry, at: At) -> bool:
        if entry.campagne is not None:
            return entry.campagne == at.campagne
        start, end = entry.interval()
        return start <= at.date <= end

    def _candidates(self, param: Parameter, at: At) -> list[tuple[ValueEntry, Any]]:
        found = []
        for entry, value in param.values:
            if not self._covers(entry, at):
                continue
            kind, _, code = entry.portee.partition(":")
            if kind == "region" and code != at.region:
                continue
            if kind == "departement" and code != at.departement:
                continue
            found.append((entry, value))
        return found

    def resolve(self, name: str, at: At) -> Resolved:
        param = self.get(name)
        decl = param.decl
        if name in self.overrides:
            return Resolved(
                name, decl.libelle, decl.unite.value, self.overrides[name], "scénario",
                f"campagne {at.campagne}", None, None, scenario=self.scenario,
            )
        found = self._candidates(param, at)
        if not found:
            periods = ", ".join(
                f"{e.periode_label()} ({e.portee})" for e, _ in param.values
            )
            raise ParameterNotFoundError(
                name,
                at.label(),
                f"valeurs connues : {periods}. Ajoutez une valeur datée et sourcée dans "
                f"{param.path.name}",
            )
        entry, value = min(found, key=lambda ev: _SCOPE_RANK[ev[0].portee.partition(":")[0]])
        return Resolved(
            name, decl.libelle, decl.unite.value, value, entry.portee, entry.periode_label(),
            entry.reference, self.sources[entry.reference.source],
        )

    def value(self, name: str, at: At, key: str | None = None) -> Any:
        resolved = self.resolve(name, at)
        return resolved.for_key(key) if key is not None else resolved.value

    def departement_overrides(self, name: str, at: At) -> dict[str, Any]:
        """Valeurs départementales qui priment, pour la résolution ligne à ligne."""
        if name in self.overrides:
            return {}
        out: dict[str, Any] = {}
        for entry, value in self.get(name).values:
            kind, _, code = entry.portee.partition(":")
            if kind == "departement" and self._covers(entry, at):
                out[code] = value
        return out

    # -- scénarios et empreintes --------------------------------------------------------
    def with_overrides(self, scenario: str, overrides: Mapping[str, Any]) -> ParameterSet:
        for name, value in overrides.items():
            decl = self.get(name).decl
            fake = ValueEntry(
                campagne=2000, portee="national", valeur=value,
                reference=Reference(source="scenario", section=scenario),
            )
            try:
                converted = convert_entry(name, decl, fake)
            except ValueError as exc:
                raise ParameterFileError(f"scénario {scenario}", str(exc)) from exc
            overrides = {**overrides, name: converted}
        merged = {**self.overrides, **overrides}
        return ParameterSet(self.parameters, self.sources, self.campaigns, merged, scenario)

    def fingerprint(self, names: list[str], at: At) -> str:
        """Empreinte SHA-256 des valeurs résolues (pour re-dériver une décision plus tard)."""
        payload = {}
        for name in sorted(names):
            r = self.resolve(name, at)
            payload[name] = {"valeur": r.value, "portee": r.portee, "periode": r.periode,
                             "scenario": r.scenario}
        text = json.dumps(payload, sort_keys=True, default=_json_default)
        return hashlib.sha256(text.encode()).hexdigest()
