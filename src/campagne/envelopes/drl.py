"""La DRL en arbre de lignes d'enveloppe, et son rapprochement.

Chaque ligne a un montant publié (euros entiers), une nature (pérenne / non pérenne ; un
parent est « mixte » s'il mêle les deux) et sa source. Le rapprochement compare chaque parent
publié à la somme de ses enfants et signale chaque écart sans rien corriger : les textes
publiés ont parfois des totaux qui ne tombent pas juste à l'euro près.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from campagne.money import format_euros
from campagne.params.errors import ParameterFileError
from campagne.params.loader import read_yaml
from campagne.params.schema import Reference

Nature = Literal["perenne", "non_perenne"]


class Line(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    libelle: str
    montant: int
    nature: Nature | None = None
    reference: Reference | None = None
    imputation: list[str] = []
    lignes: list[Line] = []

    @field_validator("montant")
    @classmethod
    def _positive(cls, v: int) -> int:
        if v < 0:
            raise ValueError("un montant d'enveloppe est positif ou nul")
        return v

    def walk(self, depth: int = 0, parent: Line | None = None
             ) -> Iterator[tuple[Line, int, Line | None]]:
        yield self, depth, parent
        for child in self.lignes:
            yield from child.walk(depth + 1, self)

    @property
    def leaf(self) -> bool:
        return not self.lignes

    def nature_label(self) -> str:
        natures = {line.nature for line, _, _ in self.walk() if line.leaf}
        if natures == {"perenne"}:
            return "pérenne"
        if natures == {"non_perenne"}:
            return "non pérenne"
        return "mixte"

    def cents(self) -> int:
        return self.montant * 100


class DrlFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    campagne: str
    libelle: str
    reference: Reference
    ligne: Line


@dataclass(frozen=True)
class Gap:
    """Un parent publié qui ne vaut pas la somme de ses enfants."""

    line_id: str
    libelle: str
    published: int  # euros
    children_sum: int  # euros

    @property
    def difference(self) -> int:
        return self.published - self.children_sum

    def __str__(self) -> str:
        sign = "+" if self.difference > 0 else ""
        return (
            f"« {self.libelle} » : publié {format_euros(self.published * 100)}, somme des "
            f"lignes filles {format_euros(self.children_sum * 100)}, écart "
            f"{sign}{format_euros(self.difference * 100)}"
        )


@dataclass(frozen=True)
class Drl:
    campagne: str
    libelle: str
    reference: Reference
    root: Line
    path: Path

    def lines(self) -> list[tuple[Line, int, Line | None]]:
        return list(self.root.walk())

    def line(self, line_id: str) -> Line:
        for line, _, _ in self.root.walk():
            if line.id == line_id:
                return line
        raise KeyError(f"ligne d'enveloppe inconnue « {line_id} »")

    def leaves(self) -> list[Line]:
        return [line for line, _, _ in self.root.walk() if line.leaf]

    def total(self) -> int:
        """Le montant publié de la DRL, en euros."""
        return self.root.montant

    def leaves_total(self) -> int:
        return sum(line.montant for line in self.leaves())

    def by_nature(self) -> dict[str, int]:
        out = {"perenne": 0, "non_perenne": 0}
        for leaf in self.leaves():
            assert leaf.nature is not None
            out[leaf.nature] += leaf.montant
        return out

    def reconcile(self) -> list[Gap]:
        """Chaque parent dont le montant publié diffère de la somme de ses enfants."""
        gaps = []
        for line, _, _ in self.root.walk():
            if line.lignes:
                total = sum(c.montant for c in line.lignes)
                if total != line.montant:
                    gaps.append(Gap(line.id, line.libelle, line.montant, total))
        return gaps


def drl_root() -> Path:
    return Path(str(resources.files("campagne").joinpath("parameters", "enveloppes")))


def drl_exists(campaign_id: str, root: Path | None = None) -> bool:
    """Une DRL est-elle déclarée pour la campagne (les campagnes nationales n'en ont pas) ?"""
    folder = root or drl_root()
    return any(isinstance(d := read_yaml(p), dict) and d.get("campagne") == campaign_id
               for p in sorted(folder.glob("*.yaml")))


def load_drl(campaign_id: str, root: Path | None = None) -> Drl:
    folder = root or drl_root()
    for path in sorted(folder.glob("*.yaml")):
        data = read_yaml(path)
        if isinstance(data, dict) and data.get("campagne") == campaign_id:
            try:
                parsed = DrlFile.model_validate(data)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = " → ".join(str(p) for p in first["loc"])
                raise ParameterFileError(path, f"{where} : {first['msg']}") from exc
            _check(parsed, path)
            return Drl(parsed.campagne, parsed.libelle, parsed.reference, parsed.ligne, path)
    raise ParameterFileError(folder, f"aucune DRL déclarée pour la campagne « {campaign_id} »")


def _check(parsed: DrlFile, path: Path) -> None:
    seen: set[str] = set()
    for line, _, _ in parsed.ligne.walk():
        if line.id in seen:
            raise ParameterFileError(path, f"identifiant de ligne en double « {line.id} »")
        seen.add(line.id)
        if line.leaf and line.nature is None:
            raise ParameterFileError(
                path, f"ligne « {line.id} » : une ligne terminale indique sa nature "
                "(perenne ou non_perenne)"
            )
