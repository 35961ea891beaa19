"""Rapprochement d'une grille et de sa structure : colonnes trouvées, cellules lues, lignes
classées (ignorées, totaux, détail). Toutes les erreurs sont rassemblées avant de lever.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from campagne.tables.grid import Grid, column_letter
from campagne.tables.numbers import NumberFormatError, Unite, parse_number
from campagne.tables.pdf_text import clean_label
from campagne.tables.structure import Lignes, Selecteur, TableStructure

_SYMBOL_UNIT = {"%": Unite.pourcentage, "€": Unite.euros}


def _key(text: str) -> str:
    return clean_label(text).casefold()


@dataclass(frozen=True)
class Row:
    index: int  # rang parmi les lignes lues
    line: int
    label: str
    values: dict[str, Decimal | None]  # par identifiant de colonne


@dataclass
class Resolved:
    structure: TableStructure
    source: str
    positions: dict[str, int]  # identifiant → indice de colonne dans le fichier
    rows: list[Row]
    ignored: set[int]
    totals: set[int]  # lignes visées par un total de lignes

    def letter(self, cid: str) -> str:
        return column_letter(self.positions[cid])

    def name(self, cid: str) -> str:
        return self.structure.colonnes[cid].nom

    def used(self) -> list[Row]:
        return [r for r in self.rows if r.index not in self.ignored]

    def details(self) -> list[Row]:
        return [r for r in self.used() if r.index not in self.totals]


def matches(selector: Selecteur, label: str) -> re.Match[str] | bool:
    if selector.libelle is not None:
        return _key(label) == _key(selector.libelle)
    if selector.libelles is not None:
        return _key(label) in {_key(x) for x in selector.libelles}
    assert selector.motif is not None
    return re.search(selector.motif, label) or False


def select(selector: Selecteur, rows: list[Row]) -> list[Row]:
    return [r for r in rows if matches(selector, r.label)]


def rows_for(lignes: Lignes, table: Resolved) -> list[Row]:
    if lignes == "toutes":
        return table.used()
    if lignes == "details":
        return table.details()
    if lignes == "totaux":
        return [r for r in table.used() if r.index in table.totals]
    assert isinstance(lignes, Selecteur)
    return select(lignes, table.used())


def _locate(grid: Grid, s: TableStructure, problems: list[str]) -> dict[str, int]:
    index: dict[str, list[int]] = {}
    for i, title in enumerate(grid.header):
        index.setdefault(_key(str(title)), []).append(i)
    available = ", ".join(f"« {clean_label(str(h))} »" for h in grid.header if str(h).strip())
    positions: dict[str, int] = {}
    for cid, name in [("", s.libelles), *((c, col.nom) for c, col in s.colonnes.items())]:
        found = index.get(_key(name), [])
        what = "colonne des libellés" if not cid else f"colonne « {cid} »"
        if not found:
            problems.append(f"la structure nomme la {what} « {name} », absente de l'en-tête "
                            f"(colonnes du fichier : {available})")
        elif len(found) > 1:
            letters = ", ".join(column_letter(i) for i in found)
            problems.append(f"{what} « {name} » : plusieurs colonnes portent ce nom ({letters})")
        else:
            positions[cid] = found[0]
    return positions


def _cell(cells: tuple[object, ...], i: int) -> object:
    return cells[i] if i < len(cells) else None


def resolve(grid: Grid, s: TableStructure) -> tuple[Resolved, list[str]]:
    """Lit les cellules utiles ; rend la table et la liste des problèmes (vide si tout va)."""
    problems: list[str] = []
    positions = _locate(grid, s, problems)
    rows: list[Row] = []
    for grow in grid.rows:
        raw_label = _cell(grow.cells, positions.get("", 0))
        label = clean_label("" if raw_label is None else str(raw_label))
        values: dict[str, Decimal | None] = {}
        for cid, col in s.colonnes.items():
            if cid not in positions:
                continue
            raw = _cell(grow.cells, positions[cid])
            where = (f"ligne {grow.line}, colonne {column_letter(positions[cid])} "
                     f"(« {label or '?'} » / « {col.nom} »)")
            values[cid] = _value(raw, col.unite, where, problems)
        if not label and all(v is None for v in values.values()):
            continue  # ligne vide
        rows.append(Row(len(rows), grow.line, label, values))
    table = Resolved(s, grid.source, positions, rows, set(), set())
    if not problems:
        _classify(table, problems)
    return table, problems


def _value(raw: object, unite: Unite, where: str, problems: list[str]) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
        return Decimal(raw)
    try:
        number = parse_number(str(raw))
    except NumberFormatError as exc:
        problems.append(f"{where} : {exc}")
        return None
    if number is None:
        return None
    if number.symbol and _SYMBOL_UNIT[number.symbol] is not unite:
        problems.append(f"{where} : « {str(raw).strip()} » porte le symbole {number.symbol} "
                        f"alors que la colonne est déclarée en {unite.value}")
    return number.value


def _classify(table: Resolved, problems: list[str]) -> None:
    s = table.structure
    for sel in s.lignes_ignorees:
        hits = select(sel, table.rows)
        if not hits:
            problems.append(f"lignes_ignorees : aucune ligne ne correspond à {sel.describe()}")
        table.ignored.update(r.index for r in hits)
    for i, rule in enumerate(s.totaux_lignes, 1):
        hits = select(rule.ligne, table.used())
        if not hits:
            problems.append(f"totaux_lignes n° {i} : aucune ligne de total ne correspond à "
                            f"{rule.ligne.describe()}")
        table.totals.update(r.index for r in hits)
    if s.total_general is not None:
        hits = select(s.total_general, table.used())
        if len(hits) != 1:
            problems.append(f"total_general : {len(hits)} lignes correspondent à "
                            f"{s.total_general.describe()}, il en faut exactement une")
