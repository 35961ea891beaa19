"""Les modèles, par domaine."""

from campagne.store.models.audit import AuditEntry, ImmutableError
from campagne.store.models.campaign import (
    CampaignRecord,
    EnvelopeLine,
    Result,
    Run,
    ScenarioRecord,
)
from campagne.store.models.decisions import CnrAttachment, Decision, Notification
from campagne.store.models.documents import (
    ActivityReport,
    BudgetAttachment,
    BudgetDocument,
    CnrRequestRecord,
)
from campagne.store.models.portfolio import Esms, ManagingBody
from campagne.store.models.tasks import Task
from campagne.store.models.users import ApiToken, Profile, Role

__all__ = [
    "ActivityReport", "ApiToken", "AuditEntry", "BudgetAttachment", "BudgetDocument",
    "CampaignRecord", "CnrAttachment", "CnrRequestRecord", "Decision", "EnvelopeLine", "Esms",
    "ImmutableError", "ManagingBody", "Notification", "Profile", "Result", "Role", "Run",
    "ScenarioRecord", "Task",
]
