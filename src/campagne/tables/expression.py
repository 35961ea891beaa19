"""Formules de cellules : ``places * 10026``, ``arrondi(ald * 100 / total(ald), 2)``.

Un petit langage sûr, évalué en décimal exact : identifiants de colonnes (valeur de la
ligne), nombres (jamais convertis en flottant : on relit leur texte), ``+ - * /``,
parenthèses, ``arrondi(x, n)`` (au plus proche, 0,5 en s'éloignant de zéro, ``n`` décimales)
et ``total(colonne)`` (valeur publiée de la colonne dans la ligne de total général).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation, localcontext

PRECISION = 50  # chiffres significatifs des quotients ; le reste est exact
FUNCTIONS = ("arrondi", "total")
_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div)


class FormulaError(ValueError):
    """Formule invalide (syntaxe, nom, fonction) ou incalculable (division par zéro)."""


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.expr
    names: frozenset[str]  # colonnes lues dans la ligne
    totals: frozenset[str]  # colonnes lues dans la ligne de total général

    def evaluate(self, row: Mapping[str, Decimal], totals: Mapping[str, Decimal]) -> Decimal:
        with localcontext() as ctx:
            ctx.prec = PRECISION
            ctx.traps[DivisionByZero] = True
            ctx.traps[InvalidOperation] = True
            try:
                return _eval(self.tree, self.text, row, totals)
            except (DivisionByZero, InvalidOperation) as exc:
                raise FormulaError(f"« {self.text} » : division par zéro") from exc


def _number(node: ast.Constant, text: str) -> Decimal:
    segment = ast.get_source_segment(text, node) or ""
    if isinstance(node.value, bool) or not isinstance(node.value, int | float):
        raise FormulaError(f"« {text} » : « {segment} » n'est pas un nombre")
    return Decimal(segment.replace("_", ""))


def _eval(node: ast.expr, text: str, row: Mapping[str, Decimal],
          totals: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Constant):
        return _number(node, text)
    if isinstance(node, ast.Name):
        return row[node.id]
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, text, row, totals)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        left = _eval(node.left, text, row, totals)
        right = _eval(node.right, text, row, totals)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return left / right
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    if node.func.id == "total":
        assert isinstance(node.args[0], ast.Name)
        return totals[node.args[0].id]
    value = _eval(node.args[0], text, row, totals)
    assert isinstance(node.args[1], ast.Constant)
    places = int(node.args[1].value)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _check(node: ast.AST, text: str, names: set[str], totals: set[str]) -> None:
    if isinstance(node, ast.Constant):
        _number(node, text)
    elif isinstance(node, ast.Name):
        names.add(node.id)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        _check(node.operand, text, names, totals)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, _OPERATORS):
        _check(node.left, text, names, totals)
        _check(node.right, text, names, totals)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        _check_call(node, node.func.id, text, names, totals)
    else:
        segment = ast.get_source_segment(text, node) or type(node).__name__
        raise FormulaError(f"« {text} » : « {segment} » n'est pas permis (opérations permises :"
                           f" + - * /, parenthèses, {', '.join(f + '()' for f in FUNCTIONS)})")


def _check_call(node: ast.Call, func: str, text: str, names: set[str], totals: set[str]) -> None:
    if func == "total" and len(node.args) == 1 and isinstance(node.args[0], ast.Name):
        totals.add(node.args[0].id)
    elif (func == "arrondi" and len(node.args) == 2 and isinstance(node.args[1], ast.Constant)
          and type(node.args[1].value) is int and node.args[1].value >= 0):
        _check(node.args[0], text, names, totals)
    else:
        raise FormulaError(f"« {text} » : appel « {ast.get_source_segment(text, node)} » "
                           "invalide (total(colonne) ou arrondi(expression, décimales))")


def parse_formula(text: str) -> Formula:
    """Analyse une formule ; ``×`` et ``÷`` sont acceptés pour ``*`` et ``/``."""
    source = text.replace("×", "*").replace("÷", "/").strip()
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as exc:
        raise FormulaError(f"« {text} » : syntaxe invalide ({exc.msg})") from exc
    names: set[str] = set()
    totals: set[str] = set()
    _check(tree, source, names, totals)
    return Formula(source, tree, frozenset(names), frozenset(totals))
