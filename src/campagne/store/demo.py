"""La base de démonstration : campagnes déclarées, DRL, portefeuille et demandes de CNR de la
démo, comptes de démonstration (un par rôle) et un premier calcul de la campagne 2024.

Les mots de passe de démonstration sont publics (README) : ils ne servent qu'à une base
locale. En production, on crée les comptes avec ``campagne comptes creer``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from campagne.cnr.requests import read_requests
from campagne.demo import demo_cnr_requests_path, demo_portfolio_path
from campagne.envelopes.drl import Drl, drl_exists, load_drl
from campagne.params import ParameterSet
from campagne.referentiel.portfolio import read_portfolio
from campagne.store.models import (
    CampaignRecord,
    CnrRequestRecord,
    EnvelopeLine,
    Esms,
    Profile,
    Role,
)
from campagne.store.portfolio import import_portfolio
from campagne.store.runs import execute_run, start_run

DEMO_CAMPAIGN = "ph-2024-idf"
# (identifiant, mot de passe, rôle, région, départements) — comptes de démonstration locale.
DEMO_USERS = (
    ("admin", "campagne-demo-2024", Role.ADMIN, "", []),
    ("ars.idf", "campagne-demo-2024", Role.ARS_REGION, "11", []),
    ("dd.paris", "campagne-demo-2024", Role.ARS_DEPARTEMENT, "11", ["75"]),
    ("auditeur", "campagne-demo-2024", Role.AUDITEUR, "11", []),
    ("organisme", "campagne-demo-2024", Role.ORGANISME, "11", []),
)


def sync_campaigns(params: ParameterSet | None = None) -> None:
    """Les campagnes des paramètres, et leur DRL quand elle est publiée."""
    params = params or ParameterSet.load()
    for code, decl in params.campaigns.items():
        record, _ = CampaignRecord.objects.update_or_create(code=code, defaults={
            "libelle": " ".join(decl.libelle.split()), "annee": decl.annee,
            "region": decl.region or "", "secteurs": ",".join(decl.secteurs)})
        if drl_exists(code) and not record.lignes.exists():
            _store_drl(record, load_drl(code))


def _store_drl(record: CampaignRecord, drl: Drl) -> None:
    created: dict[str, EnvelopeLine] = {}
    for order, (line, _, parent) in enumerate(drl.lines()):
        ref = line.reference or (drl.reference if parent is None else None)
        created[line.id] = EnvelopeLine.objects.create(
            campagne=record, code=line.id, libelle=line.libelle, montant=line.cents(),
            nature=line.nature or "", ordre=order,
            parent=created[parent.id] if parent is not None else None,
            source=f"[{ref.source} {ref.section}]" if ref else "")


def _demo_requests(code: str) -> None:
    known = set(Esms.objects.values_list("finess", flat=True))
    records = []
    for req in read_requests(demo_cnr_requests_path()):
        if req.finess not in known:
            continue
        records.append(CnrRequestRecord(
            identifiant=req.identifiant, campagne_id=code, esms_id=req.finess,
            categorie=req.categorie, montant=req.montant, justification=req.justification,
            date_demande=req.date_demande,
            details={"cout_travaux_ttc": req.cout_travaux_ttc, "retenu_pai": req.retenu_pai,
                     "molecule": req.molecule, "duree_stage_mois": req.duree_stage_mois,
                     "cout_permanent": req.cout_permanent}))
    CnrRequestRecord.objects.bulk_create(records, ignore_conflicts=True)


def ensure_user(username: str, password: str, role: str, region: str = "",
                departements: list[str] | None = None,
                organismes: list[str] | None = None) -> Any:
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(password)
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.save()
    profile, _ = Profile.objects.update_or_create(utilisateur=user, defaults={
        "role": role, "region": region, "departements": departements or []})
    if organismes:
        profile.organismes.set(organismes)
    return user


def load_demo(*, run: bool = True) -> bool:
    """Charge la démonstration si la base est vide ; rend vrai si elle a été chargée."""
    if Esms.objects.exists():
        sync_campaigns()
        return False
    with transaction.atomic():
        sync_campaigns()
        import_portfolio(read_portfolio(demo_portfolio_path()), canal="demo")
        _demo_requests(DEMO_CAMPAIGN)
        # L'organisme de démonstration : celui du premier ESMS de Seine-Saint-Denis (hors du
        # département de l'agent de délégation de démonstration, Paris).
        body = Esms.objects.filter(departement="93").order_by("finess").first().organisme_id
        for username, password, role, region, deps in DEMO_USERS:
            orgs = [body] if role == Role.ORGANISME else None
            ensure_user(username, password, role, region, deps, orgs)
    if run:
        execute_run(start_run(DEMO_CAMPAIGN, None, None), canal="demo")
    return True
