"""Des résultats d'un calcul aux décisions notifiées, par phase [ROB24 §1] :

proposée (depuis un calcul) → revue (délégation départementale, par département) →
validée (siège régional) → notifiée (arrêté PDF numéroté, copie et empreinte conservées ;
immuable). Une correction crée une décision modificative, liée et motivée ; la seconde
phase modifie la décision de la première.

Chaque transition vérifie les droits, s'écrit en une transaction et laisse une entrée dans
le journal d'audit ; les organismes gestionnaires sont notifiés de leurs décisions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from campagne.engine.rule import Nature, Rule, Unit
from campagne.engine.run import active_rules
from campagne.errors import CampagneError
from campagne.pipeline import prepare
from campagne.rules import all_rules
from campagne.store import perms
from campagne.store.audit import record
from campagne.store.models import Decision, Notification, Run
from campagne.store.models.users import Role
from campagne.store.runs import run_result

Status = Decision.Status


class WorkflowError(CampagneError):
    """Transition refusée (droits, statut, données) : rien n'a été écrit."""


def _money_rules(run: Run) -> list[Rule]:
    campaign, _ = prepare(run.campagne_id)
    return [r for r in active_rules(all_rules(), campaign)
            if r.nature is not None and r.unit is Unit.euro
            and not r.name.startswith("dotation_")]


def _phase_of(rule: Rule) -> int:
    return rule.phase or 1  # sans phase déclarée : notifiée dès la première phase


def amounts(row: dict[str, Any], rules: list[Rule], phase: int) -> dict[str, Any]:
    """Montants d'une décision de la phase (la seconde phase reprend toute l'année)."""
    lines = []
    perenne = row.get("base_reconductible") or 0
    non_perenne = 0
    for rule in rules:
        value = row.get(rule.name)
        if not value or _phase_of(rule) > phase:
            continue
        lines.append({"etape": rule.name, "libelle": rule.label, "montant": value,
                      "nature": rule.nature.value if rule.nature else "",
                      "reference": rule.citation(), "phase": _phase_of(rule)})
        if rule.nature is Nature.perenne:
            perenne += value
        else:
            non_perenne += value
    return {"dotation_perenne": perenne, "dotation_non_perenne": non_perenne,
            "dotation_totale": perenne + non_perenne, "lignes": lines}


def _notify_bodies(decisions: Iterable[Decision], message: str) -> None:
    from django.contrib.auth import get_user_model

    by_body: dict[str, list[Decision]] = {}
    for d in decisions:
        by_body.setdefault(d.esms.organisme_id, []).append(d)
    users = get_user_model().objects.filter(profil__role=Role.ORGANISME,
                                            profil__organismes__in=list(by_body)).distinct()
    notes = []
    for user in users:
        bodies = set(user.profil.organismes.values_list("finess", flat=True))
        for body in bodies & set(by_body):
            for d in by_body[body]:
                notes.append(Notification(destinataire=user, lien=f"/decisions/{d.pk}/",
                                          message=message.format(esms=d.esms.raison_sociale,
                                                                 numero=d.numero_arrete)))
    Notification.objects.bulk_create(notes)


def propose(run: Run, phase: int, user: Any) -> int:
    """Crée les décisions de la phase depuis un calcul terminé ; rend leur nombre."""
    if not perms.can_run_campaign(user, run.campagne):
        raise WorkflowError("seul le siège régional de l'ARS propose les décisions")
    if run.statut != Run.Status.DONE:
        raise WorkflowError(f"le calcul n° {run.pk} n'est pas terminé")
    if phase not in (1, 2):
        raise WorkflowError("la campagne a deux phases : 1 (mai–juillet) et 2 (automne)")
    open_ = Decision.objects.filter(campagne=run.campagne, phase=phase).exclude(
        statut=Status.NOTIFIED)
    if open_.exists():
        raise WorkflowError(f"des décisions de la phase {phase} sont en cours : terminez-les "
                            "ou corrigez-les avant d'en proposer d'autres")
    rules = _money_rules(run)
    previous = {d.esms_id: d for d in Decision.objects.filter(
        campagne=run.campagne, statut=Status.NOTIFIED).order_by("cree_le")}
    created = []
    for row in run_result(run).frame.iter_rows(named=True):
        prior = previous.get(row["finess"])
        motif = ("seconde phase de la campagne [ROB24 §1]" if prior and phase == 2
                 else "")
        created.append(Decision(campagne=run.campagne, calcul=run, esms_id=row["finess"],
                                phase=phase, remplace=prior if phase == 2 else None,
                                motif=motif, **amounts(row, rules, phase)))
    with transaction.atomic():
        Decision.objects.bulk_create(created, batch_size=2000)
        record(user, "proposition_decisions", "calcul", run.pk,
               apres={"phase": phase, "decisions": len(created)})
    return len(created)


def _scoped(user: Any, qs: QuerySet[Decision]) -> QuerySet[Decision]:
    return qs.filter(esms__in=perms.visible_esms(user))


def _transition(qs: QuerySet[Decision], user: Any, source: str, target: str, action: str,
                who_field: str) -> int:
    ids = list(_scoped(user, qs).filter(statut=source).values_list("id", flat=True))
    if not ids:
        raise WorkflowError(f"aucune décision « {Status(source).label} » à traiter dans votre "
                            "périmètre")
    with transaction.atomic():
        Decision.objects.filter(id__in=ids).update(statut=target,
                                                   **{who_field: user.get_username()})
        record(user, action, "decisions", f"{len(ids)} décisions",
               avant={"statut": source}, apres={"statut": target, "ids": ids[:50]})
    return len(ids)


def review(qs: QuerySet[Decision], user: Any) -> int:
    """Revue par la délégation départementale (ses départements), ou par le siège."""
    if perms.role_of(user) not in (Role.ARS_DEPARTEMENT, Role.ARS_REGION, Role.ADMIN):
        raise WorkflowError("la revue revient aux délégations départementales de l'ARS")
    return _transition(qs, user, Status.PROPOSED, Status.REVIEWED, "revue_decisions",
                       "revue_par")


def validate(qs: QuerySet[Decision], user: Any) -> int:
    if perms.role_of(user) not in (Role.ARS_REGION, Role.ADMIN):
        raise WorkflowError("la validation revient au siège régional de l'ARS")
    return _transition(qs, user, Status.REVIEWED, Status.VALIDATED, "validation_decisions",
                       "validee_par")


Renderer = Callable[[Decision], tuple[str, bytes, str]]  # → (numéro, PDF, empreinte)


def notify(qs: QuerySet[Decision], user: Any, render: Renderer,
           progress: Callable[[int, int], None] | None = None) -> int:
    """Notifie les décisions validées : un arrêté par décision, copie et empreinte gardées.
    Tout ou rien : une erreur de rendu n'en notifie aucune."""
    from django.core.files.base import ContentFile

    if perms.role_of(user) not in (Role.ARS_REGION, Role.ADMIN):
        raise WorkflowError("la notification revient au siège régional de l'ARS")
    todo = list(_scoped(user, qs).filter(statut=Status.VALIDATED).select_related("esms"))
    if not todo:
        raise WorkflowError("aucune décision validée à notifier dans votre périmètre")
    now = timezone.now()
    with transaction.atomic():
        for i, decision in enumerate(todo, start=1):
            numero, pdf, digest = render(decision)
            decision.numero_arrete, decision.empreinte_arrete = numero, digest
            decision.arrete.save(f"{numero}.pdf", ContentFile(pdf), save=False)
            decision.statut, decision.notifiee_le = Status.NOTIFIED, now
            decision.notifiee_par = user.get_username()
            decision.save()
            if progress:
                progress(i, len(todo))
        record(user, "notification_decisions", "decisions", f"{len(todo)} décisions",
               apres={"arretes": [d.numero_arrete for d in todo[:50]]})
        _notify_bodies(todo, "Arrêté {numero} notifié pour {esms}.")
    return len(todo)


def correct(decision: Decision, run: Run, motif: str, user: Any) -> Decision:
    """Décision modificative d'une décision notifiée, depuis un calcul, avec son motif."""
    if not motif.strip():
        raise WorkflowError("une décision modificative indique son motif")
    if not perms.can_run_campaign(user, decision.campagne):
        raise WorkflowError("seul le siège régional de l'ARS corrige une décision")
    if decision.statut != Status.NOTIFIED:
        raise WorkflowError("une décision non notifiée se corrige en la reprenant, pas par "
                            "une décision modificative")
    rows = run_result(run, [decision.esms_id]).frame.to_dicts()
    if not rows:
        raise WorkflowError(f"le calcul n° {run.pk} ne contient pas l'ESMS {decision.esms_id}")
    with transaction.atomic():
        new = Decision.objects.create(
            campagne=decision.campagne, calcul=run, esms=decision.esms, phase=decision.phase,
            remplace=decision, motif=motif.strip(),
            **amounts(rows[0], _money_rules(run), decision.phase))
        record(user, "decision_modificative", "decision", new.pk,
               avant={"decision": decision.pk, "dotation_totale": decision.dotation_totale},
               apres={"dotation_totale": new.dotation_totale, "motif": new.motif})
    return new
