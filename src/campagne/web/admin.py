"""L'administration Django, journalisée : toute création, modification ou suppression faite
ici laisse une entrée dans le journal d'audit ; le journal lui-même y est en lecture seule."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms.models import model_to_dict

from campagne.store.audit import record
from campagne.store.models import (
    ApiToken,
    AuditEntry,
    CampaignRecord,
    CnrRequestRecord,
    Decision,
    Esms,
    ManagingBody,
    Profile,
    ScenarioRecord,
)


def _snapshot(obj: Any) -> dict[str, Any]:
    return {k: str(v) for k, v in model_to_dict(obj).items()}


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = _snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        record(request.user, "modification" if change else "creation",
               type(obj).__name__, obj.pk, avant=before, apres=_snapshot(obj), canal="admin")

    def delete_model(self, request: Any, obj: Any) -> None:
        before = _snapshot(obj)
        super().delete_model(request, obj)
        record(request.user, "suppression", type(obj).__name__, before.get("id", obj.pk),
               avant=before, canal="admin")


for model in (ManagingBody, Esms, CampaignRecord, ScenarioRecord, CnrRequestRecord, Profile):
    admin.site.register(model, AuditedAdmin)


@admin.register(ApiToken)
class TokenAdmin(AuditedAdmin):
    list_display = ("nom", "utilisateur", "cree_le", "dernier_usage")
    readonly_fields = ("empreinte",)


@admin.register(AuditEntry)
class AuditAdmin(admin.ModelAdmin):
    list_display = ("horodatage", "identifiant", "canal", "action", "objet_type", "objet_id")

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(AuditedAdmin):
    """Une décision notifiée s'affiche en lecture seule (la base la protège aussi)."""

    list_display = ("numero_arrete", "esms", "phase", "statut", "dotation_totale")
    list_filter = ("statut", "phase")

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        if obj is not None and obj.statut == Decision.Status.NOTIFIED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        if obj is not None and obj.statut == Decision.Status.NOTIFIED:
            return False
        return super().has_delete_permission(request, obj)
