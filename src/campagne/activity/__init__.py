"""Activité des établissements et services [ROB24 annexe III, C2005 annexe VII].

Activité théorique par norme régionale, activité réalisée lue dans les rapports d'activité,
taux de réalisation et écart à la cible du CPOM, proposition de retenue temporaire et
décision de l'agent, activité des plateformes (unités d'accompagnement, complexité, file
active).
"""

from campagne.activity.achievement import assess_activity
from campagne.activity.conditions import read_conditions
from campagne.activity.decisions import (
    CONFIRMED_COLUMN,
    Choice,
    RetentionDecision,
    RetentionProposal,
    confirm,
    confirmed_frame,
    decide,
    proposals,
    read_decisions,
    renounce,
)
from campagne.activity.errors import ActivityError, ActivityIssue, RetentionDecisionError
from campagne.activity.norms import Norm, load_norms
from campagne.activity.platform import (
    CRITERIA,
    expected_file_active,
    platform_activity,
    read_platform_records,
)
from campagne.activity.report import read_activity_report
from campagne.activity.theoretical import theoretical_activity

__all__ = [
    "CONFIRMED_COLUMN", "CRITERIA", "ActivityError", "ActivityIssue", "Choice", "Norm",
    "RetentionDecision", "RetentionDecisionError", "RetentionProposal", "assess_activity",
    "confirm", "confirmed_frame", "decide", "expected_file_active", "load_norms",
    "platform_activity", "proposals", "read_activity_report", "read_conditions",
    "read_decisions", "read_platform_records", "renounce", "theoretical_activity",
]
