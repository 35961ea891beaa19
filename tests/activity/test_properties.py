"""Propriétés : la retenue reste entre 0 et la dotation, décroît quand l'activité réalisée
croît, s'annule à la cible ; les UA d'une semaine ne dépassent jamais les plafonds."""

from decimal import Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from campagne.activity import assess_activity, platform_activity, theoretical_activity
from campagne.activity.platform import SCHEMA as RECORDS_SCHEMA
from campagne.activity.report import SCHEMA as REPORT_SCHEMA
from tests.activity.support import finess, portfolio

IME = finess(1)


def _report(days: list[int]) -> pl.DataFrame:
    rows = [{**{k: None for k in REPORT_SCHEMA}, "ligne_rapport": i + 2, "finess": finess(i + 1),
             "journees_semi_internat": d} for i, d in enumerate(days)]
    return pl.DataFrame(rows, schema=REPORT_SCHEMA)


@settings(max_examples=40, deadline=None)
@given(capacity=st.integers(1, 120), days=st.integers(150, 366),
       base=st.integers(1, 5_000_000_00), realised=st.lists(st.integers(0, 50_000), min_size=2,
                                                             max_size=6))
def test_retention_bounded_monotone_and_zero_at_target(params, campaign, capacity, days, base,
                                                        realised):
    rows = [{"finess": finess(i + 1), "categorie": "183", "capacite": capacity,
             "jours_ouverture": days, "cpom": True, "base_reconductible": base}
            for i in range(len(realised))]
    theo = theoretical_activity(portfolio(rows), params, campaign)
    out = assess_activity(theo, _report(realised), params, campaign)
    pairs = sorted(zip(out["activite_realisee"], out["retenue_proposee"].fill_null(0),
                       out["activite_cible"], strict=True))
    previous = None
    for real, retention, target in pairs:
        assert 0 <= retention <= base
        if real >= target:
            assert retention == 0
        if previous is not None:
            assert retention <= previous  # plus d'activité, jamais plus de retenue
        previous = retention


@settings(max_examples=40, deadline=None)
@given(acts=st.integers(0, 200), nights=st.integers(0, 7), flags=st.lists(st.booleans(),
                                                                          min_size=5, max_size=5))
def test_weekly_ua_never_exceed_the_caps(params, campaign, acts, nights, flags):
    from campagne.activity.platform import CRITERIA_COLUMNS

    record = {**{k: None for k in RECORDS_SCHEMA}, "ligne": 2, "finess": IME,
              "semaine": "2023-S01", "personne": "J1", "actes": acts, "nuitees": nights,
              **dict(zip(CRITERIA_COLUMNS, flags, strict=True))}
    detail, _ = platform_activity(pl.DataFrame([record], schema=RECORDS_SCHEMA), params,
                                  campaign)
    ua = detail["ua"][0]
    # 30 actes × 0,17 + 4 nuitées × 1 = 9,1 UA au plus [ROB24 annexe III, modalité 1].
    assert ua <= Decimal("9.1")
    assert ua == Decimal(min(acts, 30)) * Decimal("0.17") + min(nights, 4)
    assert detail["complexe"][0] == (sum(flags) >= 3)
