"""Chargement strict des fichiers YAML de paramètres.

Les nombres YAML sont lus en ``Decimal`` exact (jamais en flottant). Toute anomalie —
clé inconnue, valeur sans référence, source non déclarée, périodes qui se chevauchent,
clé d'index manquante — est une :class:`ParameterFileError` qui nomme le fichier et le
paramètre.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from campagne.params.errors import ParameterFileError
from campagne.params.schema import (
    CampaignsFile,
    ParameterDecl,
    ParameterFile,
    SourcesFile,
    Unite,
    ValueEntry,
)


class _DecimalLoader(yaml.SafeLoader):
    """SafeLoader qui lit les flottants YAML en Decimal exact."""


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(loader.construct_scalar(node).replace("_", ""))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_DecimalLoader)  # noqa: S506 (SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise ParameterFileError(path, f"YAML illisible : {exc}") from exc
    except (UnicodeDecodeError, OSError) as exc:
        raise ParameterFileError(path, f"fichier illisible ({exc}) : un YAML s'écrit en "
                                       "UTF-8") from exc


def parse_yaml_text(text: str, where: str) -> Any:
    """Un texte YAML saisi (scénario édité dans l'application), nombres en Decimal exacts."""
    try:
        return yaml.load(text, Loader=_DecimalLoader)  # noqa: S506 (SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise ParameterFileError(where, f"YAML illisible : {exc}") from exc


def default_root() -> Path:
    return Path(str(resources.files("campagne").joinpath("parameters")))


def _pydantic_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = " → ".join(str(p) for p in err["loc"])
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "clé inconnue (vérifiez l'orthographe ; voir docs/parametres.md)"
        elif err["type"] == "missing":
            msg = "clé obligatoire absente"
        parts.append(f"{where} : {msg}")
    return " ; ".join(parts)


def load_sources(root: Path) -> SourcesFile:
    path = root / "sources.yaml"
    try:
        return SourcesFile.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise ParameterFileError(path, _pydantic_message(exc)) from exc


def load_campaigns(root: Path) -> CampaignsFile:
    path = root / "campagnes.yaml"
    try:
        return CampaignsFile.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise ParameterFileError(path, _pydantic_message(exc)) from exc


ENVELOPES_DIR = "enveloppes"


def parameter_files(root: Path) -> list[Path]:
    """Les fichiers de familles de paramètres (les enveloppes ont leur propre schéma)."""
    special = {"sources.yaml", "campagnes.yaml"}
    return sorted(
        p for p in root.rglob("*.yaml")
        if p.name not in special and ENVELOPES_DIR not in p.relative_to(root).parts
    )


def load_parameter_file(path: Path) -> ParameterFile:
    data = read_yaml(path)
    try:
        return ParameterFile.model_validate(data)
    except ValidationError as exc:
        raise ParameterFileError(path, _pydantic_message(exc)) from exc


def convert_scalar(unite: Unite, raw: Any, where: str) -> Any:
    """Convertit une valeur brute selon l'unité déclarée, ou lève ValueError en français."""
    if unite is Unite.texte:
        if not isinstance(raw, str):
            raise ValueError(f"{where} : texte attendu, reçu « {raw} »")
        return raw
    if unite is Unite.date:
        if not isinstance(raw, dt.date):
            raise ValueError(f"{where} : date AAAA-MM-JJ attendue, reçu « {raw} »")
        return raw
    if isinstance(raw, bool) or raw is None:
        raise ValueError(f"{where} : nombre attendu, reçu « {raw} »")
    try:
        value = Decimal(str(raw)) if not isinstance(raw, Decimal) else raw
    except InvalidOperation as exc:
        raise ValueError(f"{where} : nombre attendu, reçu « {raw} »") from exc
    if not value.is_finite():
        raise ValueError(f"{where} : nombre fini attendu, reçu « {raw} »")
    if unite is Unite.taux and value.as_tuple().exponent < -12:  # type: ignore[operator]
        raise ValueError(f"{where} : un taux a au plus 12 décimales")
    if unite in (Unite.euro, Unite.euro_par_place, Unite.euro_par_jour):
        if value != value.quantize(Decimal("0.01")):
            raise ValueError(f"{where} : un montant a au plus deux décimales")
    return value


def convert_entry(name: str, decl: ParameterDecl, entry: ValueEntry) -> Any:
    where = f"paramètre « {name} » ({entry.periode_label()}, {entry.portee})"
    if decl.index is None:
        if entry.cles is not None:
            raise ValueError(f"{where} : « cles » n'a de sens que pour un paramètre indexé")
        if isinstance(entry.valeur, dict):
            raise ValueError(f"{where} : valeur simple attendue (le paramètre n'est pas indexé)")
        return convert_scalar(decl.unite, entry.valeur, where)
    if not isinstance(entry.valeur, dict):
        raise ValueError(f"{where} : table attendue (clé → valeur) indexée par « {decl.index} »")
    keys = {str(k) for k in entry.valeur}
    declared = set(decl.cles or [])
    if entry.cles is not None and not set(entry.cles) <= declared:
        raise ValueError(f"{where} : « cles » {sorted(set(entry.cles) - declared)} non "
                         f"déclarées pour le paramètre (clés : {sorted(declared)})")
    allowed = set(entry.cles) if entry.cles is not None else declared
    unknown = sorted(keys - allowed)
    if unknown:
        raise ValueError(f"{where} : clés inconnues {unknown} (clés couvertes : {sorted(allowed)})")
    missing = sorted(allowed - keys)
    if missing:
        raise ValueError(f"{where} : clés sans valeur {missing}")
    return {str(k): convert_scalar(decl.unite, v, f"{where}[{k}]") for k, v in entry.valeur.items()}


def check_overlaps(name: str, entries: Iterable[ValueEntry]) -> None:
    by_scope: dict[str, list[ValueEntry]] = {}
    for e in entries:
        by_scope.setdefault(e.portee, []).append(e)
    for scope, items in by_scope.items():
        spans = sorted(items, key=lambda e: e.interval()[0])
        for a, b in zip(spans, spans[1:], strict=False):
            if b.interval()[0] <= a.interval()[1]:
                raise ValueError(
                    f"paramètre « {name} », portée {scope} : les périodes « {a.periode_label()} » "
                    f"et « {b.periode_label()} » se chevauchent"
                )
