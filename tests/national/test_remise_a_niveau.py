"""Remise à niveau prioritaire [C2005 §I.C.1, annexe IV] : part régionale au prorata de la
population de 0 à 59 ans plafonnée aux demandes, puis demandes servies par rang."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campagne.national import (
    Demand,
    RemiseANiveauError,
    RemiseANiveauFileError,
    distribute,
    envelope_parameter,
    read_demands,
    read_populations,
)
from campagne.national.remise_a_niveau import ETP_CENTIEME, TOTAL_LABEL

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "remise_a_niveau"


def _d(region: str, projet: str, rang: int, euros: int, etp: int | None) -> Demand:
    return Demand(region, projet, rang, euros * 100, etp)


# Exemple calculé à la main : 3 régions, enveloppe de 1 000 003 €.
POPULATIONS = {"A": 500_000, "B": 300_000, "C": 200_000}
DEMANDS = [  # A dans le désordre : l'ordre de service est celui des rangs
    _d("A", "a3", 3, 150_000, 250), _d("A", "a1", 1, 300_000, 600),
    _d("A", "a4", 4, 100_000, 200), _d("A", "a2", 2, 200_000, 400),
    _d("B", "b1", 1, 250_000, 500), _d("B", "b2", 2, 150_000, 350),
    _d("C", "c1", 1, 70_000, 150), _d("C", "c2", 2, 50_000, 100),
]


def test_hand_computed_example_caps_and_partial_project():
    result = distribute(1_000_003_00, POPULATIONS, DEMANDS)
    rows = {r.region: r for r in result.rows}
    # Prorata pur : 1 000 003 × 0,5 / 0,3 / 0,2 = 500 001,5 / 300 000,9 / 200 000,6 → parts
    # tronquées 500 001 / 300 000 / 200 000, les 2 € restants aux plus forts restes (B, C).
    assert [rows[r].part_theorique for r in "ABC"] == [500_001_00, 300_001_00, 200_001_00]
    # C ne demande que 70 000 + 50 000 = 120 000 € : plafonnée. Les 880 003 € restants vont à
    # A et B au prorata 5/3 : 550 001,875 et 330 001,125 → 550 001 et 330 001, l'euro restant
    # au plus fort reste (A, 0,875).
    assert [rows[r].part for r in "ABC"] == [550_002_00, 330_001_00, 120_000_00]
    assert result.explanation is not None and result.explanation.capped == ("C",)
    # A : a1 300 000 + a2 200 000 servis, a3 reçoit le reste 50 002 € (partiel), a4 rien.
    # ETP de a3 : 2,50 × 50 002 / 150 000 = 0,8334 → 0,83.
    # B : b1 250 000 servi, b2 reçoit 80 001 € ; ETP 3,50 × 80 001 / 150 000 = 1,8667 → 1,87.
    got = {p.demand.projet: (p.accorde, p.etp_finance) for p in result.projects}
    assert got == {"a1": (300_000_00, 600), "a2": (200_000_00, 400), "a3": (50_002_00, 83),
                   "a4": (0, 0), "b1": (250_000_00, 500), "b2": (80_001_00, 187),
                   "c1": (70_000_00, 150), "c2": (50_000_00, 100)}
    assert [p.demand.projet for p in result.projects][:4] == ["a1", "a2", "a3", "a4"]
    # Annexe IV : demandés / attribués en euros, ETP (centièmes) et nombre de projets.
    assert (rows["A"].euros_demandes, rows["A"].etp_demandes, rows["A"].projets_demandes) == \
        (750_000_00, 1450, 4)
    assert (rows["A"].euros_attribues, rows["A"].etp_attribues, rows["A"].projets_finances) == \
        (550_002_00, 1083, 3)
    assert (rows["B"].euros_attribues, rows["B"].etp_attribues, rows["B"].projets_finances) == \
        (330_001_00, 687, 2)
    assert (rows["C"].euros_attribues, rows["C"].etp_attribues, rows["C"].projets_finances) == \
        (120_000_00, 250, 2)
    total = result.total()
    assert total.region == TOTAL_LABEL == "Total France entière"
    assert (total.euros_demandes, total.etp_demandes, total.projets_demandes) == \
        (1_270_000_00, 2550, 8)
    assert (total.euros_attribues, total.etp_attribues, total.projets_finances) == \
        (1_000_003_00, 2020, 7)
    notes = "\n".join(result.notes())
    assert ETP_CENTIEME.name in notes and "arrondi_euro_inferieur" in notes
    assert "2 demande(s) financée(s) partiellement" in notes


def test_demands_below_the_envelope_leave_an_unallocated_remainder():
    result = distribute(500_000_00, {"A": 2, "B": 1}, [_d("A", "x", 1, 100_000, 100),
                                                      _d("B", "y", 1, 50_000, 50)])
    # 150 000 € demandés pour 500 000 € : chaque région reçoit toute sa demande.
    assert [r.euros_attribues for r in result.rows] == [100_000_00, 50_000_00]
    assert result.non_attribue == 350_000_00 and result.explanation is None
    assert "350\u202f000 € non attribués" in "\n".join(result.notes())


def test_centimes_of_a_partial_demand_are_documented_not_lost():
    # Demandes en centimes : le plafond de B est 100,50 + 50,25 = 150,75 → 150 € ; 300 € à
    # parts égales donnent 150 € à chacune. B sert b1 (100,50 €) puis b2 partiellement :
    # 49,50 → 49 € ; reste 0,50 €. A sert 150 € de sa demande de 1 000 € (ETP nc).
    result = distribute(300_00, {"A": 1, "B": 1},
                        [Demand("A", "a", 1, 1000_00, None), Demand("B", "b1", 1, 100_50, 100),
                         Demand("B", "b2", 2, 50_25, 100)])
    rows = {r.region: r for r in result.rows}
    assert rows["B"].plafond == 150_00 and rows["B"].part == 150_00
    assert rows["B"].euros_attribues == 149_50 and rows["B"].reste == 50
    assert rows["A"].euros_attribues == 150_00 and rows["A"].etp_attribues is None
    assert "0,50 € de parts régionales non consommés" in "\n".join(result.notes())


def test_envelope_parameter_is_dated_and_sourced(params):
    resolved = envelope_parameter(params, 2005)
    assert resolved.cents() == 25_000_000_00  # C2005 §I.C : « 25 MEuro »
    assert resolved.citation().startswith("[C2005 §I.C")


def test_illustrative_example_files_share_the_whole_envelope(params):
    pops = read_populations(EXAMPLES / "populations_fictives.csv")
    result = distribute(envelope_parameter(params, 2005).cents(), pops,
                        read_demands(EXAMPLES / "demandes_fictives.csv", pops))
    assert result.total().euros_attribues == 25_000_000_00
    assert all(r.euros_attribues <= r.euros_demandes for r in result.rows)
    assert "README.md" in {p.name for p in EXAMPLES.iterdir()}
    assert "fictives" in (EXAMPLES / "README.md").read_text(encoding="utf-8")


def test_every_file_error_is_reported_and_nothing_loaded(tmp_path):
    pops = tmp_path / "pops.csv"
    pops.write_text("region;population\nA;100\nA;200\nB;-3\n;5\n", encoding="utf-8")
    with pytest.raises(RemiseANiveauFileError) as exc:
        read_populations(pops)
    assert len(exc.value.problems) == 3
    assert "ligne 3, région A : région en double" in str(exc.value)
    demandes = tmp_path / "demandes.csv"
    demandes.write_text(
        "region;projet;finess;rang;euros;etp\n"
        "A;p1;;1;1000;1,5\n"
        "A;p2;;1;1000;1\n"  # rang en double
        "A;p3;750000001;2;1000;1\n"  # clé FINESS fausse
        "Z;p4;;1;abc;1,234\n"  # montant et ETP illisibles
        "A;p5;;0;100;\n",  # rang < 1
        encoding="utf-8")
    with pytest.raises(RemiseANiveauFileError) as exc:
        read_demands(demandes, {"A": 100})
    text = str(exc.value)
    assert len(exc.value.problems) == 5, text
    assert "ligne 3, région A, projet p2 : rang 1 déjà donné ligne 2" in text
    assert "ligne 4, région A, projet p3 : champ « finess »" in text
    assert "champ « euros »" in text and "champ « etp »" in text
    assert "champ « rang » « 0 » invalide" in text


def test_unknown_region_is_refused_programmatically():
    with pytest.raises(RemiseANiveauError, match="régions sans population : Z"):
        distribute(100_00, {"A": 1}, [_d("Z", "p", 1, 10, None)])


# -- propriétés ---------------------------------------------------------------------------
regions_st = st.lists(
    st.tuples(st.integers(1, 10_000_000),  # population
              st.lists(st.integers(1, 3_000_000), min_size=0, max_size=4)),  # demandes (€)
    min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(regions_st, st.integers(0, 20_000_000))
def test_properties_total_exact_and_no_region_above_its_demand(regions, envelope_euros):
    pops = {f"R{i}": pop for i, (pop, _) in enumerate(regions)}
    demands = [_d(f"R{i}", f"p{j}", j + 1, euros, 100)
               for i, (_, asked) in enumerate(regions) for j, euros in enumerate(asked)]
    result = distribute(envelope_euros * 100, pops, demands)
    asked_total = sum(d.euros for d in demands)
    for row in result.rows:
        assert row.euros_attribues <= row.euros_demandes
        assert row.euros_attribues == row.part  # demandes en euros : aucun reste
        assert row.projets_finances <= row.projets_demandes
    attributed = result.total().euros_attribues
    if asked_total >= envelope_euros * 100:
        assert attributed == envelope_euros * 100
    else:
        assert attributed == asked_total
        assert result.non_attribue == envelope_euros * 100 - asked_total
