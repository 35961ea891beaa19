"""Générateurs de portefeuilles : démo PH Île-de-France calibrée sur le ROB 2024 (ROB24 §2,
§7), portefeuille national, reproductibilité octet pour octet du fichier versionné."""

from collections import Counter
from datetime import date

import polars as pl
import pytest

from campagne.demo import demo_portfolio_path, generate_idf_ph, generate_national, write_demo_csv
from campagne.demo.generator import (
    CATEGORIES_ADULTES,
    CATEGORIES_ENFANTS,
    CATEGORIES_SANS_PLACES,
    CSV_COLUMNS,
    ESAT_PLAFOND_REFERENCE,
    LIGNES_PLAN,
    SCHEMA,
    largest_remainder,
)
from campagne.referentiel.departements import departements, regions
from campagne.referentiel.finess import is_valid_finess
from campagne.referentiel.portfolio import read_portfolio

NATIONAL_N = 50_000


@pytest.fixture(scope="module")
def idf() -> pl.DataFrame:
    return generate_idf_ph()


@pytest.fixture(scope="module")
def national() -> pl.DataFrame:
    return generate_national(NATIONAL_N)


# --- reproductibilité
def test_committed_demo_csv_equals_a_fresh_generation_byte_for_byte(idf, tmp_path):
    fresh = write_demo_csv(idf, tmp_path / "demo.csv")
    committed = demo_portfolio_path()
    assert committed.is_file(), f"fichier de démo absent : {committed}"
    assert fresh.read_bytes() == committed.read_bytes(), (
        "le fichier versionné n'est plus celui du générateur : "
        "lancez « .venv/bin/python examples/generer_demo.py » et relisez le diff"
    )


def test_same_seed_same_frame_other_seed_other_frame(idf):
    assert generate_idf_ph().equals(idf)
    other = generate_idf_ph(seed=7)
    assert not other.equals(idf)
    # une autre graine garde la calibration
    assert other["base_reconductible"].sum() == idf["base_reconductible"].sum()
    assert other["capacite"].sum() == idf["capacite"].sum()


def test_csv_format_is_the_portfolio_contract(idf):
    raw = demo_portfolio_path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 avec BOM
    text = raw.decode("utf-8-sig")
    lines = text.split("\n")
    assert lines[0].split(";") == list(CSV_COLUMNS)
    assert lines[-1] == "" and len(lines) == idf.height + 2
    first = dict(zip(CSV_COLUMNS, lines[1].split(";"), strict=True))
    assert first["base_reconductible"].endswith(",00")
    assert first["cpom"] in ("oui", "non")
    assert not (set(CSV_COLUMNS) & {"secteur", "public", "nature", "famille", "statut_agregat"})


def test_committed_csv_reads_back_as_the_generated_frame(idf):
    loaded = read_portfolio(demo_portfolio_path())
    assert loaded.height == idf.height
    assert loaded.equals(idf)


# --- calibration ROB24
def test_base_reconductible_total_is_exactly_the_rob24_figure(idf):
    # ROB24 §2 : « Base reconductible au 01/01/2024 : 2 347 523 971 € »
    assert idf["base_reconductible"].sum() == 2_347_523_971_00
    assert (idf["base_reconductible"] % 100 == 0).all()  # euros entiers par ESMS
    # base nulle au 01/01/2024 : seulement les ESMS ouverts en 2024
    zero = idf.filter(pl.col("base_reconductible") == 0)
    assert (zero["date_ouverture"].dt.year() == 2024).all()
    assert (idf.filter(pl.col("date_ouverture").dt.year() < 2024)["base_reconductible"] > 0).all()


def test_places_are_exactly_the_rob24_installed_solutions(idf):
    # ROB24 §7 : 57 321 solutions installées, 32 541 pour les adultes et 24 780 pour les enfants
    cap = {code: int(v) for code, v in
           idf.group_by("categorie").agg(pl.col("capacite").sum()).iter_rows()}
    assert sum(v for c, v in cap.items() if c in CATEGORIES_ADULTES) == 32_541
    assert sum(v for c, v in cap.items() if c in CATEGORIES_ENFANTS) == 24_780
    assert idf["capacite"].sum() == 57_321
    assert set(cap) <= CATEGORIES_ADULTES | CATEGORIES_ENFANTS | CATEGORIES_SANS_PLACES
    assert not CATEGORIES_ADULTES & CATEGORIES_ENFANTS


def test_115_camsp_and_cmpp_without_places(idf):
    # ROB24 §7 : « auxquelles s'ajoutent 115 CAMSP et CMPP » (hors des 57 321 places)
    camsp_cmpp = idf.filter(pl.col("categorie").is_in(["189", "190"]))
    assert camsp_cmpp.height == 115
    assert (camsp_cmpp["capacite"] == 0).all()
    assert (camsp_cmpp["base_reconductible"] > 0).all()
    counts = Counter(camsp_cmpp["categorie"])
    assert counts["189"] > 0 and counts["190"] > 0


def test_idf_portfolio_is_plausible(idf):
    assert 1_800 <= idf.height <= 2_200
    assert set(idf["region"]) == {"11"}
    assert set(idf["departement"]) == {"75", "77", "78", "91", "92", "93", "94", "95"}
    assert set(idf["secteur"]) == {"PH"}
    cpp = idf.filter(pl.col("capacite") > 0).with_columns(
        (pl.col("base_reconductible") / 100 / pl.col("capacite")).alias("cpp"))
    median = dict(cpp.group_by("categorie").agg(pl.col("cpp").median()).iter_rows())
    assert 80_000 <= median["255"] <= 110_000  # MAS
    assert 45_000 <= median["183"] <= 65_000  # IME
    assert 60_000 <= median["186"] <= 80_000  # ITEP
    assert 35_000 <= median["448"] <= 55_000  # EAM (section soins)
    assert 18_000 <= median["182"] <= 30_000  # SESSAD
    assert 12_000 <= median["354"] <= 16_000  # SSIAD


# --- cohérence des colonnes
def test_dtypes_are_those_of_a_loaded_portfolio(idf, national):
    assert idf.schema == pl.Schema(SCHEMA)
    assert national.schema == pl.Schema(SCHEMA)
    try:
        from campagne.referentiel.schema import OUTPUT_SCHEMA
    except ImportError:
        return
    assert idf.schema == pl.Schema(OUTPUT_SCHEMA)


def test_esat_around_the_2024_caps(idf):
    # ROB24 §5 : plafond 14 302 € ; des ESAT au-dessus (gel), d'autres sous 90 % du plafond
    esat = idf.filter(pl.col("categorie") == "246")
    parts = ["part_imc", "part_autisme", "part_lesion_cerebrale", "part_handicap_physique"]
    assert esat.select(pl.col(parts).is_not_null().all()).row(0) == (True,) * 4
    dominant = esat.filter(pl.max_horizontal(parts) >= 70)
    assert 3 <= dominant.height < esat.height // 2
    plain = esat.filter(pl.max_horizontal(parts) < 70)
    cpp = plain["base_reconductible"] / 100 / plain["capacite"]
    assert (cpp > ESAT_PLAFOND_REFERENCE).sum() > 10
    assert (cpp < 0.9 * ESAT_PLAFOND_REFERENCE).sum() > 10
    assert esat["jours_ouverture"].min() >= 225


def test_activity_norms_of_rob24_annex_iii(idf):
    def col(codes: list[str], name: str) -> pl.Series:
        return idf.filter(pl.col("categorie").is_in(codes))[name]

    assert col(["183", "186", "188", "192", "194", "195", "196", "377"],
               "jours_ouverture").min() >= 210
    assert (col(["255", "448", "437"], "jours_ouverture") == 365).all()
    assert col(["182"], "semaines_ouverture").min() >= 42
    assert col(["445"], "jours_ouverture").min() >= 250
    assert col(["249"], "jours_ouverture").min() >= 225
    modalities = [c for c in SCHEMA if c.startswith("capacite_")]
    split = idf.with_columns(pl.sum_horizontal(pl.col(modalities).fill_null(0)).alias("s"))
    assert split.filter((pl.col("s") > 0) & (pl.col("s") != pl.col("capacite"))).height == 0


def test_managers_statuses_and_contracts(idf):
    public = idf.filter(pl.col("statut_agregat") == "public")
    private = idf.filter(pl.col("statut_agregat") != "public")
    assert public.height > 0 and public["fonction_publique"].is_not_null().all()
    assert set(public["fonction_publique"]) == {"FPH", "FPT", "FPE"}
    assert private["fonction_publique"].is_null().all()
    assert public["convention_collective"].is_null().all()
    assert private["convention_collective"].is_not_null().all()
    assert Counter(private["convention_collective"]).most_common(1)[0][0] == "CC66"
    cpom = idf.filter(pl.col("cpom"))
    assert cpom["cpom_debut"].is_not_null().all()
    assert (cpom["cpom_debut"] < cpom["cpom_fin"]).all()
    assert cpom["cpom_fin"].min() >= date(2024, 12, 31)  # CPOM en cours en 2024
    assert (idf.filter(pl.col("mode_tarification") == "DGC")["cpom"]).all()
    assert {"DG", "DGC", "PJ", "FGS"} == set(idf["mode_tarification"])
    # plusieurs ESMS par organisme, quelques gros organismes
    sizes = idf.group_by("finess_ej").len()["len"]
    assert sizes.max() >= 20 and (sizes == 1).sum() > 0
    per_ej = idf.group_by("finess_ej").agg(pl.col("statut_juridique").n_unique().alias("n"))
    assert (per_ej["n"] == 1).all()


def test_cofinancing_continuity_and_specific_inputs(idf):
    def rows(codes: list[str]) -> pl.DataFrame:
        return idf.filter(pl.col("categorie").is_in(codes))

    assert rows(["437", "448", "445"])["cofinance"].all()
    assert rows(["255", "437", "448"])["continuite_nuit_weekend"].all()
    assert rows(["255"])["pui"].any()
    # FPH avec continuité : bénéficiaires de l'enveloppe attractivité [ROB24 §6.3]
    assert idf.filter((pl.col("fonction_publique") == "FPH")
                      & pl.col("continuite_nuit_weekend")).height > 0
    creton = idf.filter(pl.col("recettes_creton_n1").is_not_null())
    assert creton.height > 0 and creton["cpom"].all() and (creton["recettes_creton_n1"] > 0).all()
    assert set(creton["categorie"]) <= {"183", "186", "188", "192"}
    # SSIAD [ROB24 §4] : plancher 2022 et cible pour les anciens, forfait CNSA pour les récents
    ssiad = rows(["354"])
    recent = pl.col("date_ouverture") > date(2022, 1, 1)
    old = ssiad.filter(~recent)
    assert old["ssiad_dotation_plancher"].is_not_null().all()
    assert old["ssiad_forfait_cible"].is_not_null().all()
    young = ssiad.filter(recent)
    assert young.height > 0 and young["ssiad_forfait_cnsa"].is_not_null().all()
    assert young["ssiad_dotation_plancher"].is_null().all()
    opened = idf["date_ouverture"].dt.year()
    assert {2022, 2023, 2024} <= set(opened)
    assert idf["date_ouverture"].max() <= date(2024, 11, 30)
    assert (idf["date_installation"].dt.year() == 2022).any()  # places 2022 [ROB24 §6.1]


def test_new_places_2024_fit_in_their_drl_lines(idf):
    # mesures nouvelles [ROB24 §1, §7] imputées sur les lignes de la DRL [ROB24 §2]
    new = idf.filter(pl.col("places_nouvelles").is_not_null())
    assert new.height > 5
    assert (new["date_installation"].dt.year() == 2024).all()
    assert (new["places_nouvelles"] <= new["capacite"]).all()
    assert new["cout_place_nouvelle"].is_not_null().all()
    assert set(new["ligne_plan"]) <= set(LIGNES_PLAN)
    cost = new.group_by("ligne_plan").agg((pl.col("places_nouvelles")
                                           * pl.col("cout_place_nouvelle")).sum())
    for line, cents in cost.iter_rows():
        assert cents <= LIGNES_PLAN[line] * 100
    first_phase = new["date_installation"] <= date(2024, 6, 30)
    assert first_phase.any() and (~first_phase).any()  # les deux phases de la campagne
    opened_2024 = new.filter(pl.col("date_ouverture").dt.year() == 2024)
    assert opened_2024.height > 0
    assert (opened_2024["places_nouvelles"] == opened_2024["capacite"]).all()
    assert (opened_2024["base_reconductible"] == 0).all()


def test_finess_numbers_are_valid_and_unique(idf, national):
    for df in (idf, national):
        et, ej = df["finess"].to_list(), df["finess_ej"].unique().to_list()
        assert all(is_valid_finess(n) for n in et + ej)
        assert len(set(et)) == len(et)
        assert not set(et) & set(ej)
        drom = {"9A": "9701", "9B": "9702", "9C": "9703", "9D": "9704", "9F": "9706"}
        assert all(n.startswith(drom.get(d, d)) for n, d in
                   zip(et, df["departement"], strict=True))


# --- portefeuille national
def test_national_covers_every_region_and_department(national):
    assert national.height == NATIONAL_N
    assert set(national["region"]) == set(regions())
    assert len(regions()) == 18
    assert set(national["departement"]) == set(departements())
    assert set(national["secteur"]) == {"PH", "PA"}
    assert national.filter(pl.col("categorie") == "500").height > 0.1 * NATIONAL_N
    assert national["base_reconductible"].sum() > 0
    assert set(national["statut_agregat"]) == {"public", "prive_non_lucratif", "prive_lucratif"}


def test_national_is_deterministic(national):
    assert generate_national(NATIONAL_N).equals(national)
    assert generate_national(2_000).equals(generate_national(2_000))
    assert not generate_national(2_000, seed=1).equals(generate_national(2_000))


def test_small_national_file_reads_back(tmp_path):
    df = generate_national(3_000, seed=11)
    loaded = read_portfolio(write_demo_csv(df, tmp_path / "national.csv"))
    assert loaded.equals(df)


# --- plus fort reste
def test_largest_remainder_is_exact_and_deterministic():
    assert largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
    assert largest_remainder(100, [3, 3, 4]) == [30, 30, 40]
    shares = largest_remainder(2_347_523_971, [7, 11, 13, 1_000_003])
    assert sum(shares) == 2_347_523_971
    with pytest.raises(ValueError):
        largest_remainder(5, [0, 0])


# --- demandes de CNR de la démonstration -----------------------------------------------------
def test_committed_cnr_requests_equal_a_fresh_generation_and_parse(idf, tmp_path):
    from campagne.cnr.requests import read_requests
    from campagne.demo import demo_cnr_requests_path
    from campagne.demo.cnr_requests import generate_cnr_requests, write_cnr_requests

    fresh = write_cnr_requests(generate_cnr_requests(idf), tmp_path / "cnr.csv")
    committed = demo_cnr_requests_path()
    assert fresh.read_bytes() == committed.read_bytes(), (
        "demandes de CNR versionnées périmées : lancez "
        "« .venv/bin/python examples/generer_demo.py »"
    )
    requests = read_requests(committed)
    by_cat = Counter(r.categorie for r in requests)
    # Lignes nationales du ROB24 §10.1 et priorités régionales du §10.2, toutes représentées.
    assert set(by_cat) == {"gratification_stages", "permanents_syndicaux",
                           "difficultes_financieres", "investissement", "molecules_onereuses",
                           "qvt_confort", "situations_critiques", "repit", "autre"}
    # Les permanents syndicaux demandent exactement la ligne nationale : 98 229 € [ROB24 §2].
    assert sum(r.montant for r in requests if r.categorie == "permanents_syndicaux") == 98_229_00
    finess = set(idf["finess"])
    assert all(r.finess in finess for r in requests)
