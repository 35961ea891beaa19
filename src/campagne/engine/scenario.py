"""Scénarios : une surcouche nommée de valeurs de paramètres, et la comparaison de deux
résultats ESMS par ESMS et par agrégat (département, famille, total)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict, ValidationError

from campagne.engine.run import CampaignResult
from campagne.params import ParameterSet
from campagne.params.errors import ParameterFileError
from campagne.params.loader import read_yaml


class ScenarioFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nom: str
    description: str | None = None
    campagne: str | None = None
    valeurs: dict[str, Any]


@dataclass(frozen=True)
class Scenario:
    nom: str
    valeurs: dict[str, Any] = field(default_factory=dict)
    description: str | None = None
    campagne: str | None = None

    def apply(self, params: ParameterSet) -> ParameterSet:
        return params.with_overrides(self.nom, self.valeurs)


def load_scenario(path: Path) -> Scenario:
    try:
        data = ScenarioFile.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise ParameterFileError(path, f"scénario invalide : {exc.errors()[0]['msg']}") from exc
    return Scenario(data.nom, data.valeurs, data.description, data.campagne)


@dataclass
class Comparison:
    per_esms: pl.DataFrame
    by_departement: pl.DataFrame
    by_famille: pl.DataFrame
    totals: dict[str, int]
    amount: str
    names: tuple[str, str]


def compare(a: CampaignResult, b: CampaignResult, amount: str = "dotation_totale") -> Comparison:
    """Écarts de ``amount`` entre deux résultats (B − A), ESMS par ESMS et agrégés."""
    keys = ["finess", "raison_sociale", "departement", "famille", "categorie"]
    left = a.frame.select(*keys, pl.col(amount).alias("montant_a"))
    right = b.frame.select("finess", pl.col(amount).alias("montant_b"))
    joined = left.join(right, on="finess", how="full", coalesce=True).with_columns(
        (pl.col("montant_b").fill_null(0) - pl.col("montant_a").fill_null(0)).alias("ecart")
    )
    def agg(col: str) -> pl.DataFrame:
        return (
            joined.group_by(col)
            .agg(pl.col("montant_a").sum(), pl.col("montant_b").sum(), pl.col("ecart").sum(),
                 (pl.col("ecart") != 0).sum().alias("esms_modifies"))
            .sort(col)
        )
    totals = {
        "montant_a": int(joined["montant_a"].sum() or 0),
        "montant_b": int(joined["montant_b"].sum() or 0),
        "ecart": int(joined["ecart"].sum() or 0),
        "esms_modifies": int((joined["ecart"] != 0).sum()),
    }
    names = (a.scenario or "référence", b.scenario or "référence")
    return Comparison(joined.sort("finess"), agg("departement"), agg("famille"), totals,
                      amount, names)
