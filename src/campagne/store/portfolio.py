"""Portefeuille en base : import tout-ou-rien depuis un tableau validé, relecture typée."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db import transaction

from campagne.referentiel.schema import OUTPUT_SCHEMA
from campagne.store.audit import record
from campagne.store.models import Esms, ManagingBody
from campagne.store.serialization import decode_rows, encode_rows, schema_of

# Le schéma d'une ligne de portefeuille, sous la forme de serialization.schema_of.
PORTFOLIO_SCHEMA = schema_of(pl.DataFrame(schema=OUTPUT_SCHEMA))

_ESMS_FIELDS = ("organisme_id", "raison_sociale", "categorie", "departement", "region",
                "secteur", "famille", "capacite", "base_reconductible", "donnees")


def import_portfolio(frame: pl.DataFrame, user: Any = None, canal: str = "web") -> int:
    """Ajoute ou met à jour les ESMS d'un portefeuille déjà validé (``read_portfolio``), en
    une transaction : tout est écrit, ou rien."""
    frame = frame.select(list(OUTPUT_SCHEMA))
    rows = encode_rows(frame)
    bodies = {r["finess_ej"]: ManagingBody(finess=r["finess_ej"],
                                           statut_juridique=r.get("statut_juridique", ""))
              for r in rows}
    esms = [Esms(finess=r["finess"], organisme_id=r["finess_ej"],
                 raison_sociale=r["raison_sociale"], categorie=r["categorie"],
                 departement=r["departement"], region=r.get("region", ""),
                 secteur=r.get("secteur", ""), famille=r.get("famille", ""),
                 capacite=r.get("capacite"), base_reconductible=r.get("base_reconductible"),
                 donnees=r) for r in rows]
    with transaction.atomic():
        ManagingBody.objects.bulk_create(
            list(bodies.values()), update_conflicts=True, unique_fields=["finess"],
            update_fields=["statut_juridique"], batch_size=2000)
        Esms.objects.bulk_create(esms, update_conflicts=True, unique_fields=["finess"],
                                 update_fields=list(_ESMS_FIELDS), batch_size=2000)
        record(user, "import_portefeuille", "portefeuille", f"{len(esms)} ESMS",
               apres={"esms": len(esms), "organismes": len(bodies)}, canal=canal)
    from django.core.cache import cache

    cache.set(VERSION_KEY, portfolio_version() + 1, None)
    return len(esms)


VERSION_KEY = "portefeuille-version"


def portfolio_version() -> int:
    """Numéro de version du portefeuille (change à chaque import : invalide les caches)."""
    from django.core.cache import cache

    return int(cache.get_or_set(VERSION_KEY, 1))


def portfolio_frame(region: str | None = None, finess: list[str] | None = None) -> pl.DataFrame:
    """Le portefeuille en base, typé comme ``read_portfolio`` (éventuellement une région)."""
    qs = Esms.objects.all()
    if region:
        qs = qs.filter(region=region)
    if finess is not None:
        qs = qs.filter(finess__in=finess)
    return decode_rows(list(qs.order_by("finess").values_list("donnees", flat=True)),
                       PORTFOLIO_SCHEMA)
