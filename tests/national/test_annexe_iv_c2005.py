"""Cohérence interne de l'annexe IV publiée de C2005 (copie fidèle dans
``data/c2005_annexe_iv.csv``, « nc » et cases vides compris).

Le texte ne donne pas les populations de 0 à 59 ans de 2005 : on ne peut pas recalculer les
parts régionales, seulement vérifier ce que le tableau affirme de lui-même."""

import csv
from decimal import Decimal
from pathlib import Path

from campagne.national.inputs import parse_etp
from campagne.national.remise_a_niveau import TOTAL_LABEL, envelope_parameter

DATA = Path(__file__).parent / "data" / "c2005_annexe_iv.csv"


def _table() -> tuple[list[dict[str, str]], dict[str, str]]:
    with DATA.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert rows[-1]["region"] == TOTAL_LABEL
    return rows[:-1], rows[-1]


def test_published_table_has_26_regions():
    rows, _ = _table()
    assert len(rows) == 26  # 22 régions métropolitaines + 4 DOM (C2005 annexe IV)


def test_attributed_euros_sum_to_the_25_million_envelope(params):
    rows, total = _table()
    attributed = sum(int(r["euros_attribues"]) for r in rows)
    # 604 317 + 1 205 563 + … + 72 543 + 441 986 = 25 000 000 (calcul écrit : somme des 26
    # lignes de la colonne « EUROS attribués »), égal au total publié et au paramètre daté.
    assert attributed == int(total["euros_attribues"]) == 25_000_000
    assert attributed * 100 == envelope_parameter(params, 2005).cents()


def test_no_region_received_more_than_it_asked():
    rows, total = _table()
    over = [r["region"] for r in rows if int(r["euros_attribues"]) > int(r["euros_demandes"])]
    assert over == []
    # Somme des demandes : 68 938 524 €, le total publié de la colonne « EUROS demandés ».
    assert sum(int(r["euros_demandes"]) for r in rows) == int(total["euros_demandes"]) \
        == 68_938_524
    # Le §I.C.1.a annonce « 68,91 MEuro » de demandes : l'annexe en totalise 68,94 M€.
    # Écart du texte lui-même (le tableau est cohérent avec ses lignes).
    assert round(Decimal(68_938_524) / 1_000_000, 2) == Decimal("68.94")


def test_counts_and_etp_add_up_to_the_published_totals():
    rows, total = _table()
    # §I.C.1 : « 745 demandes », « 240 projets, représentant 622 ETP ».
    assert sum(int(r["projets_demandes"] or 0) for r in rows) == int(total["projets_demandes"]) \
        == 745
    assert sum(int(r["projets_finances"] or 0) for r in rows) == int(total["projets_finances"]) \
        == 240
    # ETP : Pays de la Loire « nc » (demandés) et vide (attribués) sont hors des totaux.
    asked = [parse_etp(r["etp_demandes"]) for r in rows]
    funded = [parse_etp(r["etp_attribues"]) for r in rows]
    assert asked.count(None) == 1 and funded.count(None) == 1
    assert sum(e for e in asked if e is not None) == parse_etp(total["etp_demandes"]) == 156837
    assert sum(e for e in funded if e is not None) == parse_etp(total["etp_attribues"]) == 62216
    for r in rows:
        a, f = parse_etp(r["etp_demandes"]), parse_etp(r["etp_attribues"])
        if a is not None and f is not None:
            assert f <= a, r["region"]
        assert int(r["projets_finances"] or 0) <= int(r["projets_demandes"]), r["region"]
