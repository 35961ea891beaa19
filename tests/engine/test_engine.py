"""Le moteur : ordre des règles, non-applicabilité explicite, données manquantes nommées,
explications estampillées et élaguées, scénarios comparés."""

import json

import polars as pl
import pytest

from campagne.engine import (
    Applicability,
    MissingInputError,
    Ref,
    Rule,
    RuleDefinitionError,
    Scenario,
    compare,
    explain,
    order_rules,
    run_campaign,
)
from campagne.rules import all_rules
from tests.support import make_portfolio


def _rule(name, inputs=(), **kw):
    return Rule(name=name, label=name, references=(Ref("ROB24", "§1"),),
                compute=lambda ctx: pl.lit(1, dtype=pl.Int64), inputs=inputs, **kw)


def test_rules_are_ordered_by_their_dependencies():
    rules = [_rule("c", ("b",)), _rule("b", ("a",)), _rule("a", ("base_reconductible",))]
    assert [r.name for r in order_rules(rules, ["base_reconductible"])] == ["a", "b", "c"]


def test_cycle_and_unknown_input_are_definition_errors():
    with pytest.raises(RuleDefinitionError, match="circulaire"):
        order_rules([_rule("a", ("b",)), _rule("b", ("a",))], [])
    with pytest.raises(RuleDefinitionError, match="« zzz »"):
        order_rules([_rule("a", ("zzz",))], ["finess"])


def test_demo_like_run_keeps_every_step_column(params, campaign):
    frame = make_portfolio([
        {"finess": "750000001", "base_reconductible": 1_000_000_00},
        {"finess": "750000002", "base_reconductible": 2_347_523_971_00},
    ])
    result = run_campaign(frame, campaign, params, all_rules())
    for col in ("taux_actualisation", "actualisation", "dotation_perenne", "dotation_totale",
                "actualisation__applicable"):
        assert col in result.frame.columns
    # ROB24 §3 : 1 % ; 1 000 000 € → 10 000 € ; 2 347 523 971 € → 23 475 240 € (§2).
    assert result.frame["actualisation"].to_list() == [10_000_00, 23_475_240_00]
    assert result.frame["dotation_totale"].to_list() == [1_010_000_00, 2_370_999_211_00]


def test_not_applicable_is_explicit_never_a_silent_zero(params, campaign):
    only_esat = _rule("mesure_esat", ("base_reconductible",),
                      applies=Applicability(categories=frozenset({"246"})))
    frame = make_portfolio([{"finess": "750000001", "base_reconductible": 100},
                            {"finess": "750000019", "categorie": "246",
                             "base_reconductible": 100}])
    result = run_campaign(frame, campaign, params, [only_esat])
    rows = result.frame.sort("finess").select("mesure_esat", "mesure_esat__applicable").rows()
    assert rows == [(None, False), (1, True)]


def test_missing_inputs_name_every_esms_and_field_and_compute_nothing(params, campaign):
    frame = make_portfolio([
        {"finess": "750000001", "raison_sociale": "IME Les Tilleuls", "base_reconductible": None},
        {"finess": "750000019", "base_reconductible": 100},
        {"finess": "750000027", "raison_sociale": "IME Le Chêne", "base_reconductible": None},
    ])
    with pytest.raises(MissingInputError) as exc:
        run_campaign(frame, campaign, params, all_rules())
    issues = exc.value.issues
    assert {(i.finess, i.field) for i in issues} == {("750000001", "base_reconductible"),
                                                      ("750000027", "base_reconductible")}
    text = str(exc.value)
    assert "IME Les Tilleuls" in text and "renseignez « base_reconductible »" in text


def test_campaign_scope_excludes_other_sectors_and_regions(params, campaign):
    frame = make_portfolio([
        {"finess": "750000001", "base_reconductible": 100},
        {"finess": "130000001", "departement": "13", "region": "93", "base_reconductible": 100},
        {"finess": "750000019", "secteur": "PA", "base_reconductible": 100},
    ])
    result = run_campaign(frame, campaign, params, all_rules())
    assert result.frame["finess"].to_list() == ["750000001"]
    assert result.excluded == 2


def test_explanation_tree_sources_pruning_and_stamp(params, campaign):
    frame = make_portfolio([{"finess": "750000001", "raison_sociale": "IME A",
                             "base_reconductible": 1_000_000_00}])
    result = run_campaign(frame, campaign, params, all_rules())
    exp = explain(result, "750000001")
    data = exp.to_dict()
    root = data["montant"]
    assert root["nom"] == "dotation_totale" and root["valeur"]["euros"] == "1010000.00"
    # les crédits non pérennes (0 €) sont élagués et comptés
    assert root["etapes_masquees"] == 1
    perenne = root["etapes"][0]
    actualisation = next(e for e in perenne["etapes"] if e["nom"] == "actualisation")
    assert actualisation["valeur"]["centimes"] == 10_000_00
    assert actualisation["sources"] == ["[ROB24 §3]"]
    taux = next(e for e in actualisation["etapes"] if e["nom"] == "taux_actualisation")
    params_used = {p["name"]: p for p in taux["parametres"]}
    assert params_used["poids_masse_salariale"]["valeur"] == "75,00 %"
    assert params_used["poids_masse_salariale"]["citation"] == "[ROB24 §3]"
    assert params_used["taux_masse_salariale"]["valeur"] == "0,50 %"
    assert data["estampille"]["moteur"].startswith("campagne ")
    assert len(data["estampille"]["empreinte_parametres"]) == len("sha256:") + 64
    assert "ROB24" in data["sources"] and "INSTR-2024-62" in data["sources"]
    text = exp.to_text()
    assert "Comment ce montant est-il calculé ?" in text and "1,00 %" in text
    assert "<details" in exp.to_html()
    json.loads(exp.to_json())


def test_stamp_changes_with_inputs_and_parameters(params, campaign):
    frame = make_portfolio([{"finess": "750000001", "base_reconductible": 100_00}])
    a = explain(run_campaign(frame, campaign, params, all_rules()), "750000001")
    frame2 = make_portfolio([{"finess": "750000001", "base_reconductible": 101_00}])
    b = explain(run_campaign(frame2, campaign, params, all_rules()), "750000001")
    scen = Scenario("hausse", {"taux_effet_prix": "0.03"}).apply(params)
    c = explain(run_campaign(frame, campaign, scen, all_rules()), "750000001")
    assert a.inputs_hash != b.inputs_hash and a.params_hash == b.params_hash
    assert a.params_hash != c.params_hash and a.inputs_hash == c.inputs_hash


def test_scenario_comparison_per_esms_and_aggregates(params, campaign):
    frame = make_portfolio([
        {"finess": "750000001", "base_reconductible": 1_000_000_00},
        {"finess": "930000001", "departement": "93", "base_reconductible": 500_000_00},
    ])
    ref = run_campaign(frame, campaign, params, all_rules())
    # Prix à 3,0 % : taux = 0,75 × 0,5 % + 0,25 × 3 % = 1,125 %.
    scen = Scenario("prix 3 %", {"taux_effet_prix": "0.03"}).apply(params)
    alt = run_campaign(frame, campaign, scen, all_rules())
    cmp = compare(ref, alt)
    # 1 000 000 € × 1,125 % = 11 250 € (au lieu de 10 000 €) ;
    # 500 000 € → 5 625 € (au lieu de 5 000 €)
    ecarts = dict(zip(cmp.per_esms["finess"], cmp.per_esms["ecart"], strict=True))
    assert ecarts == {"750000001": 1_250_00, "930000001": 625_00}
    assert cmp.totals["ecart"] == 1_875_00 and cmp.totals["esms_modifies"] == 2
    by_dep = dict(zip(cmp.by_departement["departement"], cmp.by_departement["ecart"], strict=True))
    assert by_dep == {"75": 1_250_00, "93": 625_00}
    assert cmp.names == ("référence", "prix 3 %")
