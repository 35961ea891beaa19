"""Le dépôt des EPRD et ERRD [ROB24 annexe I ; DOMAIN §3.5] :

déposé (organisme gestionnaire, pour ses ET : comptes de résultat et pièces) → contrôlé
aussitôt (``campagne.budget.control`` : équilibre réel, résultat, rattachements, pièces
exigées, échéance et fixation d'office) → accepté ou refusé, avec son motif, par l'ARS.

Tout ou rien : un fichier illisible n'enregistre rien et rend toutes ses erreurs. Un dépôt
dont un contrôle est bloquant ne peut qu'être refusé. Un nouveau dépôt du même document
remplace celui qui attend encore l'examen ; un document accepté ne se remplace pas. Chaque
étape s'écrit en une transaction avec son entrée au journal ; la décision vérifie la
version lue (deux agents ne décident pas en même temps) et notifie le déposant.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from campagne.budget import Deposit, Document, control, plans_of, read_statements
from campagne.budget.deposits import DOCS, piece_names
from campagne.pipeline import default_parameters
from campagne.store import perms
from campagne.store.audit import record
from campagne.store.decisions import WorkflowError
from campagne.store.models import (
    BudgetAttachment,
    BudgetDocument,
    Esms,
    ManagingBody,
    Notification,
    Profile,
)
from campagne.store.models.users import Role
from campagne.store.portfolio import portfolio_frame

Status = BudgetDocument.Status
STATEMENT_SUFFIXES = (".csv", ".xlsx")
PIECE_SUFFIXES = (".pdf", ".xlsx", ".xls", ".ods", ".csv", ".docx", ".odt", ".zip")
MAX_BYTES = 20 * 1024 * 1024
OBJET = "document_budgetaire"


def depositable_bodies(user: Any) -> list[ManagingBody]:
    """Les organismes pour lesquels l'utilisateur dépose : les siens (organisme), ceux de sa
    région (siège de l'ARS, pour le compte d'un organisme), tous (administrateur)."""
    role = perms.role_of(user)
    if role not in (Role.ORGANISME, Role.ARS_REGION, Role.ADMIN):
        return []
    ids = perms.visible_esms(user).values_list("organisme_id", flat=True).distinct()
    return list(ManagingBody.objects.filter(finess__in=ids).order_by("raison_sociale"))


def pieces_for(document: str) -> dict[str, str]:
    """Code → libellé des pièces d'un dépôt de ce document (``parameters/budget/depots.yaml``)."""
    params = default_parameters()
    return {code: params.get(name).decl.libelle
            for code, name in sorted(piece_names(params, document).items())}


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def _check_file(name: str, size: int, allowed: tuple[str, ...], what: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise WorkflowError(f"{what} « {name} » refusé : types acceptés {', '.join(allowed)}")
    if size > MAX_BYTES:
        raise WorkflowError(f"{what} « {name} » refusé : 20 Mo au plus")
    return suffix


def _read(content: bytes, name: str, document: Document, exercice: int,
          portfolio: pl.DataFrame) -> Any:
    suffix = _check_file(name, len(content), STATEMENT_SUFFIXES, "fichier des comptes")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{Path(name).stem[:80] or 'comptes'}{suffix}"
        path.write_bytes(content)
        return read_statements(path, document=document, exercice=exercice,
                               plans=plans_of(portfolio))


def _outsiders(batch: Any, body: ManagingBody, own: set[str]) -> list[str]:
    """Les comptes de résultat qui ne sont pas ceux d'un ET de l'organisme déposant."""
    out = []
    for s in batch.statements:
        if s.finess not in own:
            out.append(f"ET {s.finess} (ligne {s.line}) : n'est pas un établissement de "
                       f"l'organisme {body.finess}")
        elif s.finess_ej and s.finess_ej != body.finess:
            out.append(f"ET {s.finess} (ligne {s.line}) : EJ déclarée {s.finess_ej}, "
                       f"l'organisme déposant est {body.finess}")
    return out


def _notify_ars(doc: BudgetDocument, regions: set[str], message: str) -> None:
    agents = Profile.objects.filter(role=Role.ARS_REGION, region__in=regions)
    Notification.objects.bulk_create([
        Notification(destinataire_id=p.utilisateur_id, message=message,
                     lien=f"/documents/{doc.pk}/") for p in agents])


def status_version(doc: BudgetDocument, statut: str) -> dict[str, Any]:
    return {"statut": statut, "version": doc.version + 1}


def deposit(user: Any, body: ManagingBody, document: str, exercice: int, file_name: str,
            content: bytes, pieces: Mapping[str, tuple[str, bytes]], *,
            today: dt.date | None = None) -> BudgetDocument:
    """Dépose un EPRD ou un ERRD ; ``pieces`` : code → (nom du fichier, contenu).

    Lève :class:`WorkflowError` (droits, pièces, ET d'un autre organisme) ou
    :class:`campagne.budget.BudgetFileError` (toutes les erreurs du fichier) sans rien écrire.
    """
    if body.pk not in {b.pk for b in depositable_bodies(user)}:
        raise WorkflowError(f"vous ne pouvez pas déposer pour l'organisme {body.finess}")
    if document not in DOCS:
        raise WorkflowError(f"document « {document} » : le dépôt concerne l'EPRD ou l'ERRD")
    known = pieces_for(document)
    for code, (name, data) in pieces.items():
        if code not in known:
            raise WorkflowError(f"pièce « {code} » inconnue pour un {document} (pièces : "
                                f"{', '.join(known)})")
        _check_file(name, len(data), PIECE_SUFFIXES, f"pièce « {known[code]} »")
    own = set(body.esms.values_list("finess", flat=True))
    portfolio = portfolio_frame(finess=sorted(own))
    batch = _read(content, file_name, Document(document), exercice, portfolio)
    if outsiders := _outsiders(batch, body, own):
        raise WorkflowError("dépôt refusé, rien n'a été enregistré : " + " ; ".join(outsiders)
                            + ". Retirez ces lignes ou faites-les déposer par leur organisme.")
    on = today or dt.date.today()
    outcome = control(batch, portfolio, params=default_parameters(), on=on, deposits=[
        Deposit(body.finess, document, exercice, on, frozenset(pieces), 1)])
    report = outcome.report
    covered = sorted({s.finess for s in batch.statements})
    rapport = _json({"resume": report.summary(), "constats": report.to_rows(),
                     "depots": outcome.deposits, "comptes": outcome.statements.to_dicts()})
    with transaction.atomic():
        replaced = list(BudgetDocument.objects.select_for_update().filter(
            organisme=body, type_document=document, exercice=exercice,
            statut__in=(Status.DEPOSE, Status.ACCEPTE)))
        if accepted := [d for d in replaced if d.statut == Status.ACCEPTE]:
            raise WorkflowError(f"{document} {exercice} de l'organisme {body.finess} déjà "
                                f"accepté le {accepted[0].decide_le:%d/%m/%Y} : il ne se remplace "
                                "plus ; une modification passe par une décision modificative "
                                "à demander à l'ARS")
        doc = BudgetDocument.objects.create(
            organisme=body, type_document=document, exercice=exercice,
            nom_fichier=file_name[:200], empreinte=hashlib.sha256(content).hexdigest(),
            pieces=sorted(pieces), rapport=rapport, bloquant=not report.accepted,
            depose_par=user)
        doc.fichier.save(f"{document}_{exercice}_{body.finess}{Path(file_name).suffix.lower()}",
                         ContentFile(content), save=True)
        doc.esms.set(covered)
        for code, (name, data) in sorted(pieces.items()):
            piece = BudgetAttachment(document=doc, code=code, nom=name[:200])
            piece.fichier.save(Path(name).name[:100], ContentFile(data), save=True)
        for old in replaced:
            BudgetDocument.objects.filter(pk=old.pk).update(**status_version(old, Status.REMPLACE))
            record(user, "remplacement_document_budgetaire", OBJET, old.pk,
                   avant={"statut": old.statut}, apres={"statut": Status.REMPLACE,
                                                        "par": doc.pk})
        record(user, "depot_document_budgetaire", OBJET, doc.pk, apres={
            "organisme": body.finess, "document": document, "exercice": exercice,
            "etablissements": covered, "empreinte": doc.empreinte, "pieces": doc.pieces,
            "bloquants": len(report.blocking), "constats": len(report.findings)})
        regions = set(Esms.objects.filter(finess__in=covered).values_list("region", flat=True))
        _notify_ars(doc, regions, f"{document} {exercice} déposé par {body} : "
                    f"{len(report.blocking)} contrôle(s) bloquant(s), "
                    f"{len(report.findings)} constat(s).")
    return doc


def can_decide(user: Any, doc: BudgetDocument) -> bool:
    """Accepter ou refuser : le siège régional ou la délégation départementale de tous les ET
    du dépôt (ou l'administrateur) ; jamais l'organisme qui a déposé."""
    if perms.role_of(user) not in (Role.ARS_REGION, Role.ARS_DEPARTEMENT, Role.ADMIN):
        return False
    covered = doc.esms.all()
    return covered.exists() and not covered.exclude(perms.esms_scope(user)).exists()


def decide(doc: BudgetDocument, user: Any, accept: bool, motif: str) -> BudgetDocument:
    """Accepte ou refuse un dépôt à la version lue ; le motif est exigé pour un refus."""
    if not can_decide(user, doc):
        raise WorkflowError("la décision sur un dépôt revient à l'ARS (siège régional ou "
                            "délégation départementale de ses établissements)")
    motif = motif.strip()
    if accept and doc.bloquant:
        raise WorkflowError("un contrôle bloquant a échoué : le dépôt ne peut qu'être refusé, "
                            "avec son motif, pour que l'organisme dépose un document corrigé")
    if not accept and not motif:
        raise WorkflowError("le motif du refus est obligatoire : il est transmis à l'organisme")
    target = Status.ACCEPTE if accept else Status.REFUSE
    with transaction.atomic():
        updated = BudgetDocument.objects.filter(
            pk=doc.pk, statut=Status.DEPOSE, version=doc.version).update(
            **status_version(doc, target), motif=motif, decide_par=user,
            decide_le=timezone.now())
        if not updated:
            raise WorkflowError(f"le dépôt {doc.pk} a changé depuis que vous l'avez ouvert "
                                "(déjà décidé, remplacé, ou autre onglet) : rechargez-le")
        doc.refresh_from_db()
        record(user, "acceptation_document_budgetaire" if accept else
               "refus_document_budgetaire", OBJET, doc.pk, avant={"statut": Status.DEPOSE},
               apres={"statut": target, "motif": motif})
        if doc.depose_par_id:
            verdict = "accepté" if accept else f"refusé : {motif}"
            Notification.objects.create(
                destinataire_id=doc.depose_par_id, lien=f"/documents/{doc.pk}/",
                message=f"Votre {doc.type_document} {doc.exercice} a été {verdict}")
    return doc
