"""Demandes de CNR fictives pour la démonstration 2024 [ROB24 §10], tirées du portefeuille
de démonstration avec une graine fixe (même graine, même fichier, octet pour octet).

Le jeu de demandes exerce toute l'instruction : lignes nationales (gratification des stages,
dont des stages trop courts ; permanents syndicaux), priorités régionales du §10.2 (difficultés
financières, investissement hors PAI sous 400 000 € TTC, molécules onéreuses de l'annexe IV
pour les ESMS avec PUI, QVT et confort), démarches régionales (situations critiques, répit),
ESMS sous CPOM non prioritaires, et des demandes inéligibles (hors fenêtre de dépôt, travaux
trop chers ou retenus au PAI, molécule hors liste, ESMS sans PUI, dépense pérenne). Le total
demandé dépasse la marge régionale : la proposition doit arbitrer par priorité.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from campagne.cnr.instruction import molecules
from campagne.params import At, ParameterSet

DEFAULT_SEED = 2024
COLUMNS = ("identifiant", "finess", "categorie", "montant", "justification", "date_demande",
           "cout_travaux_ttc", "retenu_pai", "molecule", "duree_stage_mois", "cout_permanent")

# Les trois permanents syndicaux de la démo se partagent exactement la ligne nationale
# (ROB24 §2 et §10.1 : 98 229 €).
PERMANENTS = (45_000_00, 32_500_00, 20_729_00)

# (catégorie, nombre de demandes, montant min / max en euros, justification)
REGIONAL = (
    ("difficultes_financieres", 70, 40_000, 450_000,
     "Déficit d'exploitation lié à l'inflation des charges ; plan de retour à l'équilibre joint"),
    ("investissement", 55, 15_000, 250_000,
     "Travaux de mise aux normes et d'accessibilité, non retenus au PAI"),
    ("molecules_onereuses", 18, 8_000, 90_000,
     "Traitement onéreux d'un résident, prescription tracée et réévaluée"),
    ("qvt_confort", 45, 5_000, 70_000,
     "Matériel de manutention et aménagement des espaces de repos"),
    ("situations_critiques", 20, 30_000, 160_000,
     "Accueil d'une personne en situation individuelle critique identifiée par la MDPH"),
    ("repit", 15, 15_000, 90_000, "Séjours de répit pendant les vacances scolaires"),
    ("autre", 25, 5_000, 120_000, "Projet d'établissement : équipement numérique"),
)


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _window() -> tuple[date, date]:
    """La fenêtre de dépôt des CNR régionaux 2024 d'Île-de-France, lue dans les paramètres."""
    params, at = ParameterSet.load(), At(2024, date(2024, 1, 1), "11")
    return params.value("cnr_fenetre_debut", at), params.value("cnr_fenetre_fin", at)


def _filing_date(rng: random.Random, window: tuple[date, date]) -> date:
    """Dans la fenêtre de dépôt, sauf une demande sur quinze (juste avant ou juste après)."""
    first, last = window
    if rng.random() < 1 / 15:
        return rng.choice((_day(rng, first - timedelta(days=25), first - timedelta(days=1)),
                           _day(rng, last + timedelta(days=1), last + timedelta(days=30))))
    return _day(rng, first, last)


def _euros(rng: random.Random, low: int, high: int, step: int = 100) -> int:
    return rng.randrange(low // step, high // step + 1) * step * 100


def _row(ident: int, finess: str, categorie: str, montant: int, justification: str,
         filed: date | None, **extra: object) -> dict[str, object]:
    return {"identifiant": f"CNR24-{ident:04d}", "finess": finess, "categorie": categorie,
            "montant": montant, "justification": justification, "date_demande": filed,
            **extra}


def generate_cnr_requests(portfolio: pl.DataFrame, seed: int = DEFAULT_SEED) -> list[dict]:
    """Les demandes de CNR de la démonstration, dans l'ordre de dépôt (``montant`` en centimes)."""
    rng = random.Random(seed)
    window = _window()
    esms = portfolio.filter(pl.col("base_reconductible") > 0).sort("finess")
    finess = esms["finess"].to_list()
    with_pui = esms.filter(pl.col("pui").fill_null(False))["finess"].to_list()
    names = sorted(r["dci"] for r in molecules().values())
    rows: list[dict] = []

    def add(*args: object, **kw: object) -> None:
        rows.append(_row(len(rows) + 1, *args, **kw))  # type: ignore[arg-type]

    for _ in range(150):  # gratifications : 2 à 4 stagiaires, 600 à 700 € par mois
        months = rng.choice((1, 2, 3, 3, 4, 4, 5, 6))
        amount = rng.randint(2, 4) * months * rng.randrange(600, 701, 10) * 100
        add(rng.choice(finess), "gratification_stages", amount,
            f"Gratification de stagiaires travailleurs sociaux ({months} mois)",
            _day(rng, date(2024, 6, 1), date(2024, 10, 15)), duree_stage_mois=months)
    for amount in PERMANENTS:
        add(rng.choice(finess), "permanents_syndicaux", amount,
            "Salarié mis à disposition d'une organisation syndicale (convention collective)",
            _day(rng, date(2024, 6, 1), date(2024, 7, 31)))
    for categorie, count, low, high, why in REGIONAL:
        for _ in range(count):
            extra: dict[str, object] = {}
            who = rng.choice(finess)
            if categorie == "investissement":
                extra["cout_travaux_ttc"] = _euros(rng, 30_000, 520_000)
                extra["retenu_pai"] = rng.random() < 0.1
            if categorie == "molecules_onereuses":
                listed = rng.random() < 0.85
                extra["molecule"] = rng.choice(names) if listed else "Paracétamol"
                who = rng.choice(with_pui) if rng.random() < 0.85 else who
            if rng.random() < 0.04:
                extra["cout_permanent"] = True
            add(who, categorie, _euros(rng, low, high), why, _filing_date(rng, window), **extra)
    rows.sort(key=lambda r: (r["date_demande"], r["identifiant"]))
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_cnr_requests(rows: list[dict], path: Path | str) -> Path:
    """CSV au format de ``campagne calculer --demandes-cnr`` (``;``, UTF-8 avec BOM, euros)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    money = ("montant", "cout_travaux_ttc")
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([
                f"{row[c] // 100},{row[c] % 100:02d}" if c in money and row.get(c) is not None
                else _cell(row.get(c)) for c in COLUMNS
            ])
    return path
