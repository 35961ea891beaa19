"""Le moteur : règles déclarées, graphe, exécution vectorisée, explications, scénarios."""

from campagne.engine.errors import EngineError, InputIssue, MissingInputError, RuleDefinitionError
from campagne.engine.explain import Explanation, explain
from campagne.engine.rule import Applicability, Campaign, Nature, Ref, Rule, RuleContext, Unit
from campagne.engine.run import CampaignResult, order_rules, rehydrate, run_campaign
from campagne.engine.scenario import Comparison, Scenario, compare, load_scenario

__all__ = [
    "Applicability", "Campaign", "CampaignResult", "Comparison", "EngineError", "Explanation",
    "InputIssue", "MissingInputError", "Nature", "Ref", "Rule", "RuleContext",
    "RuleDefinitionError", "Scenario", "Unit", "compare", "explain", "load_scenario",
    "order_rules", "rehydrate", "run_campaign",
]
