"""Documents budgétaires des ESMS : BP, CA, EPRD, ERRD [DOMAIN §3.5].

Plan de comptes → groupes fonctionnels (données datées et sourcées), import tout ou rien
(par compte, par groupe, extraits nationaux), totaux et résultat, contrôles d'une
plateforme de dépôt, recettes Creton, coûts à la place et tableaux de collecte de C2005.
Contrat des fichiers : ``docs/budget.md``.
"""

from campagne.budget.affectation import Allocation, check_allocations, read_allocations
from campagne.budget.chart import AccountProblem, Chart, default_chart, load_chart
from campagne.budget.check import Outcome, control
from campagne.budget.collection import ANNEXES, collection_table
from campagne.budget.costs import COST_ROUNDING, compare_costs, cost_per_place
from campagne.budget.creton import creton_revenue, investment_frame
from campagne.budget.deposits import Deposit, check_deposits, read_deposits
from campagne.budget.errors import BudgetDataError, BudgetFileError, BudgetIssue, ChartError
from campagne.budget.findings import CONTROLS, ControlReport, Finding
from campagne.budget.model import Document, Group, Plan, Sens, Statement, StatementBatch
from campagne.budget.reading import plans_of, read_many, read_statements
from campagne.budget.totals import accounts_frame, statements_frame

__all__ = [
    "ANNEXES", "CONTROLS", "COST_ROUNDING", "AccountProblem", "Allocation", "BudgetDataError",
    "BudgetFileError", "BudgetIssue", "Chart", "ChartError", "ControlReport", "Deposit",
    "Document", "Finding", "Group", "Outcome", "Plan", "Sens", "Statement", "StatementBatch",
    "accounts_frame", "check_allocations", "check_deposits", "collection_table",
    "compare_costs", "control", "cost_per_place", "creton_revenue", "default_chart",
    "investment_frame", "load_chart", "plans_of", "read_allocations", "read_deposits",
    "read_many", "read_statements", "statements_frame",
]
