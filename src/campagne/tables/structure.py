"""Structure d'un tableau (YAML, schéma strict) : ce qu'il faut vérifier et avec quelle marge.

Le format est décrit dans ``docs/tableaux.md``. Les nombres YAML sont lus en décimal exact ;
une clé inconnue, une colonne non déclarée ou une formule invalide sont des erreurs au
chargement, toutes rapportées d'un coup.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from string import Template
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from campagne.tables.errors import TableStructureError
from campagne.tables.expression import Formula, FormulaError, parse_formula
from campagne.tables.numbers import Unite

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
Tolerance = Annotated[Decimal, Field(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Colonne(_Strict):
    nom: str = Field(min_length=1)  # l'en-tête dans le fichier (casse et espaces indifférents)
    unite: Unite


class Selecteur(_Strict):
    """Des lignes, par libellé exact, liste de libellés, ou motif (expression régulière)."""

    libelle: str | None = None
    libelles: list[str] | None = None
    motif: str | None = None

    @model_validator(mode="after")
    def _one_way(self) -> Selecteur:
        given = [k for k in ("libelle", "libelles", "motif") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("donnez exactement un de : libelle, libelles, motif")
        if self.motif is not None:
            try:
                re.compile(self.motif)
            except re.error as exc:
                raise ValueError(f"motif « {self.motif} » invalide ({exc})") from exc
        return self

    def describe(self) -> str:
        if self.libelle is not None:
            return f"« {self.libelle} »"
        if self.libelles is not None:
            return ", ".join(f"« {x} »" for x in self.libelles)
        return f"motif « {self.motif} »"


Lignes = Literal["toutes", "details", "totaux"] | Selecteur


class TotalLignes(_Strict):
    ligne: Selecteur  # la ou les lignes de total
    somme_de: Literal["details", "bloc"] | Selecteur
    colonnes: list[str] | None = None  # par défaut : toutes les colonnes déclarées
    tolerance: Tolerance | None = None
    note: str | None = None


class TotalColonnes(_Strict):
    colonne: str
    somme_de: list[str] = Field(min_length=1)
    lignes: Lignes = "toutes"
    tolerance: Tolerance | None = None
    note: str | None = None


class Formule(_Strict):
    colonne: str
    expression: str
    lignes: Lignes = "toutes"
    tolerance: Tolerance | None = None
    note: str | None = None

    def formula(self) -> Formula:
        return parse_formula(self.expression)


class TableStructure(_Strict):
    titre: str
    source: str | None = None
    libelles: str = Field(min_length=1)  # en-tête de la colonne des libellés de ligne
    colonnes: dict[Annotated[str, Field(pattern=ID_PATTERN)], Colonne] = Field(min_length=1)
    tolerance: Tolerance = Decimal(0)  # par défaut, pour toutes les règles
    total_general: Selecteur | None = None  # la ligne lue par total(colonne)
    lignes_ignorees: list[Selecteur] = []
    totaux_lignes: list[TotalLignes] = []
    totaux_colonnes: list[TotalColonnes] = []
    formules: list[Formule] = []

    @model_validator(mode="after")
    def _references(self) -> TableStructure:
        problems = _reference_problems(self)
        if problems:
            raise ValueError(" ; ".join(problems))
        return self


def _reference_problems(s: TableStructure) -> list[str]:
    known = set(s.colonnes)
    problems: list[str] = []

    def need(ids: list[str] | frozenset[str], where: str) -> None:
        for cid in sorted(set(ids) - known):
            problems.append(f"{where} : colonne « {cid} » non déclarée dans « colonnes » "
                            f"(déclarées : {', '.join(s.colonnes)})")

    for i, t in enumerate(s.totaux_lignes, 1):
        need(t.colonnes or [], f"totaux_lignes n° {i}")
        if isinstance(t.somme_de, Selecteur) and t.somme_de.motif is not None:
            groups = set(re.compile(t.ligne.motif).groupindex) if t.ligne.motif else set()
            for match in Template.pattern.finditer(t.somme_de.motif):
                name = match.group("named") or match.group("braced")
                if name and name not in groups:
                    problems.append(f"totaux_lignes n° {i} : « ${{{name}}} » ne nomme aucun "
                                    "groupe (?P<nom>…) du motif de « ligne »")
    for i, c in enumerate(s.totaux_colonnes, 1):
        need([c.colonne, *c.somme_de], f"totaux_colonnes n° {i}")
    for i, f in enumerate(s.formules, 1):
        try:
            formula = f.formula()
        except FormulaError as exc:
            problems.append(f"formules n° {i} : {exc}")
            continue
        need([f.colonne, *formula.names, *formula.totals], f"formules n° {i}")
        if formula.totals and s.total_general is None:
            problems.append(f"formules n° {i} : total() demande la clé « total_general » "
                            "(la ligne de total général)")
    return problems


class _DecimalLoader(yaml.SafeLoader):
    """SafeLoader qui lit les flottants YAML en ``Decimal`` exact."""


_DecimalLoader.add_constructor(
    "tag:yaml.org,2002:float",
    lambda loader, node: Decimal(loader.construct_scalar(node).replace("_", "")),
)


_TYPES = {"string_type": "texte attendu", "dict_type": "dictionnaire attendu",
          "list_type": "liste attendue", "model_type": "dictionnaire attendu",
          "decimal_parsing": "nombre attendu", "decimal_type": "nombre attendu",
          "greater_than_equal": "doit être positif ou nul", "too_short": "ne peut pas être vide",
          "string_pattern_mismatch": "identifiant invalide (minuscules, chiffres et _, "
                                     "en commençant par une lettre)"}


def _messages(exc: ValidationError) -> list[str]:
    out: list[str] = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        # une union (« toutes » ou un sélecteur) ajoute au chemin le nom de la branche tentée
        loc = [p for p in loc if not p.startswith(("literal[", "Selecteur", "function-"))]
        where = " → ".join(p for p in loc if p != "[key]") or "structure"
        kind = err["type"]
        if kind == "extra_forbidden":
            msg = "clé inconnue (voir docs/tableaux.md)"
        elif kind == "missing":
            msg = "clé obligatoire absente"
        elif kind in ("enum", "literal_error"):
            expected = str(err.get("ctx", {}).get("expected", "")).replace(" or ", " ou ")
            msg = f"valeur « {err.get('input')} » inconnue (possibles : {expected})"
        elif kind == "value_error":
            msg = str(err.get("ctx", {}).get("error", err["msg"]))
        else:
            msg = _TYPES.get(kind, err["msg"])
        if kind == "model_type" and any(o.startswith(f"{where} : ") for o in out):
            continue  # seconde branche d'une union : le premier message suffit
        line = f"{where} : {msg}"
        if line not in out:
            out.append(line)
    return out


def structure_from_data(data: Any, source: str = "structure") -> TableStructure:
    try:
        return TableStructure.model_validate(data)
    except ValidationError as exc:
        raise TableStructureError(source, _messages(exc)) from exc


def load_structure(path: Path) -> TableStructure:
    """Lit un fichier de structure YAML ; toutes les erreurs sont rapportées d'un coup."""
    if not path.is_file():
        raise TableStructureError(path.name, [f"fichier de structure introuvable : {path}"])
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_DecimalLoader)  # noqa: S506
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise TableStructureError(path.name, [f"YAML illisible : {exc}"]) from exc
    return structure_from_data(data, path.name)


def structure_yaml(structure: TableStructure) -> str:
    """La structure en YAML (pour l'écrire à côté d'un tableau produit)."""
    data = structure.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data = {"titre": structure.titre, "libelles": structure.libelles, **data}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
