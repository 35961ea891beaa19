"""Tableaux de collecte de C2005 annexes V (CA) et VI (BP), consolidés par région."""

from decimal import Decimal

import polars as pl
import pytest

from campagne.budget import BudgetDataError, Document, collection_table, read_statements
from tests.budget.support import (
    EJ_EPS,
    EJ_PRIVE,
    ET_IME,
    ET_MAS,
    ET_SAMSAH,
    ET_SSIAD_EPS,
    portfolio,
    write_csv,
)

HEAD = ("finess;finess_ej;document;exercice;charges_groupe_i;charges_groupe_ii;"
        "charges_groupe_iii;deficit_incorpore;cnr;produits_731;produits_732;produits_groupe_2;"
        "produits_groupe_3;excedent_incorpore;etp;journees_internat;journees_externat")


@pytest.fixture
def statements(tmp_path):
    return read_statements(write_csv(
        tmp_path / "ca.csv", HEAD,
        f"{ET_IME};{EJ_PRIVE};CA;2004;100;1000;200;;50;1300;;10;0;;12,5;;3000",
        f"{ET_MAS};{EJ_PRIVE};CA;2004;300;2000;400;20;;2500;150;0;5;;30;10950;",
        f"{ET_SAMSAH};{EJ_PRIVE};CA;2004;10;100;20;;;130;0;0;0;5;2;;",
        f"{ET_SSIAD_EPS};{EJ_EPS};CA;2004;50;400;60;;;510;0;0;0;;8;;",
        f"{ET_IME};{EJ_PRIVE};BP;2005;1;1;1;;;3;0;0;0;;;;",
    )).statements


def test_annexe_v_table_with_department_and_region_totals(statements):
    pf = portfolio().with_columns(departement=pl.when(pl.col("finess") == ET_SSIAD_EPS)
                                  .then(pl.lit("92")).otherwise(pl.col("departement")))
    frame = collection_table(statements, pf, Document.CA, 2004)
    assert frame["niveau"].to_list() == ["esms", "esms", "esms", "total_departement", "esms",
                                         "total_departement", "total_region"]
    rows = frame.to_dicts()
    ime, mas, samsah, total_75, ssiad, total_92, region = rows
    assert (ime["finess"], ime["categorie"], ime["places"]) == (ET_IME, "183", 20)
    # Statut majoritaire du personnel, abréviations de C2005 annexe V note (1) : CC66 → « CC 66 »,
    # CC51 ; la CC65 n'est pas dans la liste → « autres » ; FPH → « titre IV ».
    assert [r["statut_personnel"] for r in (ime, mas, samsah, ssiad)] == [
        "CC 66", "CC51", "autres", "titre IV"]
    assert ime["cnr"] == 5_000 and mas["deficit_incorpore"] == 2_000
    assert mas["produits_732"] == 15_000 and samsah["excedent_incorpore"] == 500
    assert mas["journees_internat"] == Decimal(10950)
    # Paris : places 20 + 30 + 10 = 60 ; groupe II 1 000 + 2 000 + 100 = 3 100 € ;
    # ETP 12,5 + 30 + 2 = 44,5.
    assert (total_75["places"], total_75["charges_groupe_ii"]) == (60, 310_000)
    assert total_75["etp"] == Decimal("44.5") and total_75["finess"] is None
    assert (total_92["departement"], total_92["places"]) == ("92", 40)
    # Région : 60 + 40 places ; 731 : 1 300 + 2 500 + 130 + 510 = 4 440 €.
    assert (region["places"], region["produits_731"]) == (100, 444_000)
    assert region["region"] == "11" and region["departement"] is None
    assert ssiad["finess"] == ET_SSIAD_EPS


def test_annexe_vi_is_the_bp_of_the_year(statements):
    frame = collection_table(statements, portfolio(), Document.BP, 2005)
    assert frame.height == 3 and frame["charges_groupe_i"][0] == 100


def test_collection_refuses_unknown_et_or_missing_document(statements):
    with pytest.raises(BudgetDataError, match="aucun BP 2004"):
        collection_table(statements, portfolio(), Document.BP, 2004)
    pf = portfolio().filter(portfolio()["finess"] != ET_MAS)
    with pytest.raises(BudgetDataError, match=f"ET {ET_MAS} absent du portefeuille"):
        collection_table(statements, pf, Document.CA, 2004)
