"""Les droits, en petites fonctions nommées (chacune testée) : les vues et l'API n'en
utilisent pas d'autres.

- administrateur : tout ;
- agent régional de l'ARS : sa région (portefeuille, campagnes, scénarios, calculs) ;
- agent de délégation départementale : les ESMS de ses départements, en lecture, et les
  tableaux de sa région restreints à ses départements ; ne lance ni ne modifie rien ;
- organisme gestionnaire : ses seuls ESMS et leurs dotations ; dépose demandes et documents ;
- auditeur : lecture seule de sa région (de tout, sans région).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from campagne.store.models import CampaignRecord, Esms, Profile, Result, Role


def profile_of(user: Any) -> Profile | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return Profile(utilisateur=user, role=Role.ADMIN)
    return getattr(user, "profil", None)


def role_of(user: Any) -> str | None:
    profile = profile_of(user)
    return profile.role if profile else None


def esms_scope(user: Any) -> Q:
    """Le filtre des ESMS visibles (un ``Q`` qui ne laisse rien passer sans profil)."""
    profile = profile_of(user)
    nothing = Q(pk__in=[])
    if profile is None:
        return nothing
    if profile.role == Role.ADMIN:
        return Q()
    if profile.role in (Role.ARS_REGION, Role.AUDITEUR):
        return Q(region=profile.region) if profile.region else (
            Q() if profile.role == Role.AUDITEUR else nothing)
    if profile.role == Role.ARS_DEPARTEMENT:
        return Q(departement__in=profile.departements or [])
    if profile.role == Role.ORGANISME and profile.pk:
        return Q(organisme__in=profile.organismes.all())
    return nothing


def visible_esms(user: Any) -> QuerySet[Esms]:
    return Esms.objects.filter(esms_scope(user))


def can_view_esms(user: Any, esms: Esms) -> bool:
    return visible_esms(user).filter(pk=esms.pk).exists()


def visible_results(user: Any) -> QuerySet[Result]:
    """Les résultats des ESMS visibles (même portée que les ESMS)."""
    return Result.objects.filter(esms__in=visible_esms(user))


def can_view_campaign(user: Any, campaign: CampaignRecord) -> bool:
    profile = profile_of(user)
    if profile is None:
        return False
    if profile.role in (Role.ADMIN, Role.ORGANISME):
        return True  # l'organisme n'y voit que ses ESMS
    if not campaign.region:  # campagne nationale : chacun y voit sa portée
        return True
    return not profile.region or profile.region == campaign.region


def can_run_campaign(user: Any, campaign: CampaignRecord) -> bool:
    """Lancer un calcul : le siège régional de la campagne (ou l'administrateur)."""
    profile = profile_of(user)
    if profile is None:
        return False
    if profile.role == Role.ADMIN:
        return True
    return profile.role == Role.ARS_REGION and (not campaign.region
                                                or profile.region == campaign.region)


def can_edit_scenario(user: Any, campaign: CampaignRecord) -> bool:
    """Créer ou modifier un scénario : les mêmes que pour lancer un calcul."""
    return can_run_campaign(user, campaign)


def can_view_margin(user: Any, campaign: CampaignRecord) -> bool:
    """La DRL et la marge régionale : agents de l'ARS et auditeurs, pas les organismes."""
    return can_view_campaign(user, campaign) and role_of(user) != Role.ORGANISME


def can_view_audit(user: Any) -> bool:
    return role_of(user) in (Role.ADMIN, Role.AUDITEUR)


def can_submit_for(user: Any, esms: Esms) -> bool:
    """Déposer une demande ou un document pour un ESMS : son organisme (ou l'ARS)."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.ARS_REGION):
        return can_view_esms(user, esms)
    return role == Role.ORGANISME and can_view_esms(user, esms)


def can_import_portfolio(user: Any) -> str | None:
    """Importer un portefeuille : l'administrateur (toutes régions, rend « * ») ou le siège
    régional (sa région) ; None : refusé."""
    profile = profile_of(user)
    if profile is None:
        return None
    if profile.role == Role.ADMIN:
        return "*"
    if profile.role == Role.ARS_REGION and profile.region:
        return str(profile.region)
    return None


def visible_departments(user: Any) -> set[str] | None:
    """Les départements visibles en entier (None : tous) ; un organisme n'en voit aucun en
    entier (seulement ses ESMS)."""
    from campagne.referentiel.departements import departements_of_region

    profile = profile_of(user)
    if profile is None or profile.role == Role.ORGANISME:
        return set()
    if profile.role == Role.ADMIN or (profile.role == Role.AUDITEUR and not profile.region):
        return None
    if profile.role == Role.ARS_DEPARTEMENT:
        return set(profile.departements or [])
    return {d.code_finess for d in departements_of_region(profile.region or "")}
