"""Vérificateur de tableaux publiés : chaque total contre la somme de ses parties, chaque
cellule à formule contre sa formule, avec la tolérance d'arrondi déclarée.

Toute différence est rapportée (même d'un euro, même dans la tolérance) avec sa position :
libellé de ligne, nom de colonne, numéro de ligne et lettre de colonne du fichier. Une entrée
invalide (colonne absente, cellule non numérique…) est une :class:`TableError` qui liste
toutes les anomalies d'un coup ; rien n'est alors vérifié.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from string import Template

from campagne.tables.errors import TableError
from campagne.tables.expression import FormulaError
from campagne.tables.findings import Finding, TableReport
from campagne.tables.grid import Grid, column_letter, read_grid
from campagne.tables.resolve import Resolved, Row, matches, resolve, rows_for, select
from campagne.tables.structure import Selecteur, TableStructure, TotalLignes, load_structure

ZERO = Decimal(0)


class _Run:
    """Accumule constats, nombre de contrôles et problèmes d'entrée pendant la vérification."""

    def __init__(self, table: Resolved) -> None:
        self.table = table
        self.findings: list[Finding] = []
        self.problems: list[str] = []
        self.count = 0

    def compare(self, regle: str, row: Row, cid: str, computed: Decimal, tolerance: Decimal,
                calcul: str) -> None:
        self.count += 1
        published = row.values[cid]
        if (published or ZERO) == computed:
            return
        t = self.table
        self.findings.append(Finding(
            regle=regle, ligne=row.label, colonne=t.name(cid), colonne_id=cid,
            numero_ligne=row.line, lettre_colonne=t.letter(cid),
            unite=t.structure.colonnes[cid].unite, publie=published, recalcule=computed,
            tolerance=tolerance, calcul=calcul))


def _rows_text(rows: list[Row]) -> str:
    if len(rows) <= 4:
        return " + ".join(f"« {r.label} »" for r in rows)
    return (f"somme de {len(rows)} lignes, de « {rows[0].label} » (ligne {rows[0].line}) "
            f"à « {rows[-1].label} » (ligne {rows[-1].line})")


def _letters_text(letters: list[str], positions: list[int]) -> str:
    runs: list[list[int]] = []
    for k, pos in enumerate(positions):
        if runs and pos == positions[k - 1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    parts = [letters[r[0]] if len(r) == 1 else
             (f"{letters[r[0]]} + {letters[r[1]]}" if len(r) == 2
              else f"{letters[r[0]]} à {letters[r[-1]]}") for r in runs]
    return "somme des colonnes " + " + ".join(parts)


def _parts(rule: TotalLignes, target: Row, run: _Run, n: int) -> list[Row]:
    t = run.table
    if rule.somme_de == "details":
        parts = t.details()
    elif rule.somme_de == "bloc":
        previous = [r.index for r in t.used() if r.index in t.totals and r.index < target.index]
        start = max(previous, default=-1)
        parts = [r for r in t.details() if start < r.index < target.index]
    else:
        assert isinstance(rule.somme_de, Selecteur)
        selector = rule.somme_de
        found = matches(rule.ligne, target.label)
        if selector.motif is not None and not isinstance(found, bool):
            groups = {k: re.escape(v or "") for k, v in found.groupdict().items()}
            selector = Selecteur(motif=Template(selector.motif).safe_substitute(groups))
        parts = [r for r in select(selector, t.used()) if r.index != target.index]
    if not parts:
        run.problems.append(f"totaux_lignes n° {n} : la ligne de total « {target.label} » "
                            f"(ligne {target.line}) n'a aucune ligne à additionner")
    return parts


def _check_row_totals(run: _Run) -> None:
    s = run.table.structure
    for n, rule in enumerate(s.totaux_lignes, 1):
        columns = rule.colonnes or list(s.colonnes)
        tolerance = s.tolerance if rule.tolerance is None else rule.tolerance
        for target in select(rule.ligne, run.table.used()):
            parts = _parts(rule, target, run, n)
            if not parts:
                continue
            for cid in columns:
                total = sum((r.values[cid] or ZERO for r in parts), ZERO)
                run.compare("total de lignes", target, cid, total, tolerance, _rows_text(parts))


def _check_column_totals(run: _Run) -> None:
    t = run.table
    for rule in t.structure.totaux_colonnes:
        tolerance = t.structure.tolerance if rule.tolerance is None else rule.tolerance
        calcul = _letters_text([t.letter(c) for c in rule.somme_de],
                               [t.positions[c] for c in rule.somme_de])
        for row in rows_for(rule.lignes, t):
            total = sum((row.values[c] or ZERO for c in rule.somme_de), ZERO)
            run.compare("total de colonnes", row, rule.colonne, total, tolerance, calcul)


def _check_formulas(run: _Run) -> None:
    t = run.table
    s = t.structure
    general = select(s.total_general, t.used())[0] if s.total_general else None
    totals = {c: v or ZERO for c, v in general.values.items()} if general else {}
    for n, rule in enumerate(s.formules, 1):
        formula = rule.formula()
        tolerance = s.tolerance if rule.tolerance is None else rule.tolerance
        for row in rows_for(rule.lignes, t):
            values = {c: v or ZERO for c, v in row.values.items()}
            try:
                computed = formula.evaluate(values, totals)
            except FormulaError as exc:
                run.problems.append(f"formules n° {n}, ligne {row.line} (« {row.label} ») : {exc}")
                continue
            shown = [f"{c} = {values[c]}" for c in sorted(formula.names)]
            shown += [f"total({c}) = {totals[c]}" for c in sorted(formula.totals)]
            run.compare("formule", row, rule.colonne, computed, tolerance,
                        f"{formula.text} ({', '.join(shown)})" if shown else formula.text)


def check_table(grid: Grid, structure: TableStructure) -> TableReport:
    """Vérifie une grille ; lève :class:`TableError` si l'entrée est inutilisable."""
    table, problems = resolve(grid, structure)
    if problems:
        raise TableError(grid.source, problems)
    run = _Run(table)
    _check_row_totals(run)
    _check_column_totals(run)
    _check_formulas(run)
    if run.problems:
        raise TableError(grid.source, run.problems)
    order = {c: i for i, c in enumerate(structure.colonnes)}
    findings = sorted(run.findings, key=lambda f: (f.numero_ligne, order[f.colonne_id]))
    return TableReport(structure.titre, grid.source, run.count, tuple(findings))


def check_file(path: Path, structure: TableStructure | Path) -> TableReport:
    """Vérifie un fichier CSV ou XLSX avec une structure (objet ou fichier YAML)."""
    if isinstance(structure, Path):
        structure = load_structure(structure)
    return check_table(read_grid(path), structure)


__all__ = ["check_file", "check_table", "column_letter"]
