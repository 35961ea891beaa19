"""Paramètres : schéma strict, périodes, portées, erreurs nommées, couverture."""

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from campagne.engine import Campaign
from campagne.params import At, ParameterFileError, ParameterNotFoundError, ParameterSet
from campagne.params.errors import UnknownParameterError
from campagne.params.loader import default_root
from campagne.rules import all_rules

AT_2024 = At(2024, dt.date(2024, 1, 1), "11")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Une copie des paramètres embarqués, à abîmer dans chaque test."""
    target = tmp_path / "parameters"
    shutil.copytree(default_root(), target)
    return target


def _write(root: Path, body: str, name: str = "ph/essai.yaml") -> None:
    (root / name).write_text(body, encoding="utf-8")


GOOD = """
famille: essai
libelle: Essai
parametres:
  taux_essai:
    libelle: Taux d'essai
    unite: taux
    valeurs:
      - debut: 2020-01-01
        fin: 2020-12-31
        portee: national
        valeur: 0.01
        reference: {source: ROB24, section: "§3"}
      - debut: 2021-01-01
        portee: national
        valeur: 0.02
        reference: {source: ROB24, section: "§3"}
      - debut: 2021-01-01
        portee: departement:75
        valeur: 0.03
        reference: {source: ROB24, section: "§3"}
"""


def test_embedded_parameters_load_and_2024_rates():
    params = ParameterSet.load()
    # ROB24 §3 et instruction 2024/62 : masse salariale 75 %, +0,5 % ; prix +2,5 %.
    assert params.value("poids_masse_salariale", AT_2024, "PH") == Decimal("0.75")
    assert params.value("taux_masse_salariale", AT_2024) == Decimal("0.005")
    assert params.value("taux_effet_prix", AT_2024) == Decimal("0.025")


def test_dated_values_and_scope_precedence(root):
    _write(root, GOOD)
    params = ParameterSet.load(root)
    assert params.value("taux_essai", At(2020, dt.date(2020, 6, 1))) == Decimal("0.01")
    # une valeur sans « fin » est déclarée ouverte : elle couvre 2030
    assert params.value("taux_essai", At(2030, dt.date(2030, 1, 1))) == Decimal("0.02")
    # la valeur départementale prime sur la nationale
    at75 = At(2022, dt.date(2022, 1, 1), "11", "75")
    assert params.value("taux_essai", at75) == Decimal("0.03")


def test_asking_outside_dates_raises_naming_parameter_and_date(root):
    _write(root, GOOD)
    params = ParameterSet.load(root)
    with pytest.raises(ParameterNotFoundError) as exc:
        params.value("taux_essai", At(2019, dt.date(2019, 3, 1)))
    message = str(exc.value)
    assert "taux_essai" in message and "01/03/2019" in message and "2019" in message


def test_2024_parameter_asked_for_2023_raises():
    params = ParameterSet.load()
    with pytest.raises(ParameterNotFoundError, match="taux_masse_salariale.*2023"):
        params.value("taux_masse_salariale", At(2023, dt.date(2023, 1, 1)))


def test_unknown_key_is_an_error(root):
    _write(root, GOOD.replace("unite: taux", "unite: taux\n    unitee: taux"))
    with pytest.raises(ParameterFileError, match="unitee.*clé inconnue"):
        ParameterSet.load(root)


def test_value_without_reference_is_an_error(root):
    _write(root, GOOD.replace('        reference: {source: ROB24, section: "§3"}\n', "", 1))
    with pytest.raises(ParameterFileError, match="reference.*obligatoire"):
        ParameterSet.load(root)


def test_undeclared_source_is_an_error(root):
    _write(root, GOOD.replace("source: ROB24", "source: ROB99", 1))
    with pytest.raises(ParameterFileError, match="ROB99.*non déclarée"):
        ParameterSet.load(root)


def test_overlapping_dates_are_an_error(root):
    _write(root, GOOD.replace("fin: 2020-12-31", "fin: 2021-06-30"))
    with pytest.raises(ParameterFileError, match="se chevauchent"):
        ParameterSet.load(root)


def test_campaign_year_overlapping_dates_is_an_error(root):
    body = GOOD.replace("      - debut: 2021-01-01\n        portee: national",
                        "      - campagne: 2020\n        portee: national")
    _write(root, body)
    with pytest.raises(ParameterFileError, match="se chevauchent"):
        ParameterSet.load(root)


def test_indexed_table_needs_every_key(root):
    body = (root / "ph" / "actualisation.yaml").read_text(encoding="utf-8")
    body = body.replace("cles: [PH]", "cles: [PH, PA]")
    (root / "ph" / "actualisation.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(ParameterFileError, match="clés sans valeur.*PA"):
        ParameterSet.load(root)


def test_floats_are_read_as_exact_decimals(root):
    _write(root, GOOD.replace("valeur: 0.01", "valeur: 0.1"))
    params = ParameterSet.load(root)
    assert params.value("taux_essai", At(2020, dt.date(2020, 1, 1))) == Decimal("0.1")


def test_unknown_parameter_suggests_closest_name():
    params = ParameterSet.load()
    with pytest.raises(UnknownParameterError, match="taux_effet_prix"):
        params.get("taux_effet_pris")


def test_scenario_overlay_is_cited_as_scenario():
    params = ParameterSet.load().with_overrides("hausse", {"taux_effet_prix": "0.03"})
    resolved = params.resolve("taux_effet_prix", AT_2024)
    assert resolved.value == Decimal("0.03")
    assert resolved.citation() == "scénario « hausse »"


def test_coverage_every_parameter_of_every_rule_for_every_campaign():
    """Chaque campagne prise en charge résout tous les paramètres de toutes ses règles,
    au niveau régional et dans chacun de ses départements, pour chaque clé déclarée."""
    from campagne.referentiel.departements import departements_of_region

    params = ParameterSet.load()
    assert params.campaigns, "aucune campagne déclarée"
    for cid in params.campaigns:
        campaign = Campaign.from_params(params, cid)
        rules = [r for r in all_rules() if r.applies.runs_in(campaign)]
        assert rules, f"aucune règle pour {cid}"
        deps = [d.code_finess for d in departements_of_region(campaign.region or "")] or [None]
        for rule in rules:
            for name in rule.parameters:
                for dep in deps:
                    resolved = params.resolve(name, campaign.at(dep))
                    for key in params.get(name).decl.cles or []:
                        if key in campaign.secteurs or rule.parameters[name] != "secteur":
                            resolved.for_key(key)
