"""La ligne de commande, de bout en bout, sur la démo : sorties, formats, codes de sortie."""

import json
from decimal import Decimal

import polars as pl
import pytest
from typer.testing import CliRunner

from campagne.cli import app
from campagne.demo import demo_portfolio_path
from campagne.referentiel.portfolio import read_portfolio

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def demo_frame():
    return read_portfolio(demo_portfolio_path())


def test_demo_runs_the_whole_campaign_and_writes_every_file(tmp_path):
    out = tmp_path / "demo"
    res = invoke("demo", "--sortie", str(out))
    assert res.exit_code == 0, res.output
    # ROB24 §2 : la DRL publiée ; la base reconductible de la démo est celle du texte.
    nbsp = "\u202f"  # les milliers sont séparés par une espace fine insécable
    assert f"2{nbsp}401{nbsp}137{nbsp}683 €" in res.output
    assert f"2{nbsp}347{nbsp}523{nbsp}971 €" in res.output
    assert "1839 ESMS calculés" in res.output
    for name in ("resultats.csv", "resultats.xlsx", "resultats.json", "synthese.xlsx",
                 "marge.json", "explications.jsonl", "explications.txt"):
        assert (out / name).stat().st_size > 0, name
    csv_head = (out / "resultats.csv").read_bytes()[:3]
    assert csv_head == b"\xef\xbb\xbf"  # UTF-8 avec BOM, séparateur ;
    marge = json.loads((out / "marge.json").read_text(encoding="utf-8"))
    assert marge["drl"] == 2_401_137_683_00 and marge["marge"] >= 0
    lines = (out / "explications.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1839


def test_calculer_json_and_scenario_changes_the_total(tmp_path):
    ref = invoke("calculer", "--format", "json", "--sortie", str(tmp_path / "ref"))
    assert ref.exit_code == 0, ref.output
    alt = invoke("calculer", "--format", "json", "--sortie", str(tmp_path / "alt"),
                 "--scenario", "examples/scenarios/prix_3_pourcent.yaml")
    assert alt.exit_code == 0, alt.output

    def total(folder):
        data = json.loads((folder / "resultats.json").read_text(encoding="utf-8"))
        return sum(Decimal(r["dotation_totale"]) for r in data["lignes"])

    # Prix à 3 % : le taux passe de 1 % à 1,125 % ; la dotation totale augmente.
    assert total(tmp_path / "alt") > total(tmp_path / "ref")


def test_a_run_over_the_drl_is_refused_then_accepted_with_a_reason(tmp_path):
    scen = tmp_path / "gonfle.yaml"
    scen.write_text("nom: enveloppe gonflée\nvaleurs:\n  enveloppe_reval_public: 50000000\n",
                    encoding="utf-8")
    res = invoke("calculer", "--scenario", str(scen), "--sortie", str(tmp_path / "x"))
    assert res.exit_code == 1
    assert "dépasse la DRL" in res.output and "--derogation" in res.output
    assert not (tmp_path / "x").exists()  # rien d'écrit
    forced = invoke("calculer", "--scenario", str(scen), "--sortie", str(tmp_path / "y"),
                    "--derogation", "arbitrage du directeur général")
    assert forced.exit_code == 0, forced.output
    assert "autorisé par dérogation" in forced.output
    marge = json.loads((tmp_path / "y" / "marge.json").read_text(encoding="utf-8"))
    assert marge["depassement"]["raison"] == "arbitrage du directeur général"


def test_expliquer_an_esat_in_text_html_and_json(demo_frame):
    finess = demo_frame.filter(pl.col("categorie") == "246").sort("finess")["finess"][0]
    text = invoke("expliquer", finess)
    assert text.exit_code == 0, text.output
    assert "Comment ce montant est-il calculé ?" in text.output and "[ROB24 §5]" in text.output
    html = invoke("expliquer", finess, "--format", "html")
    assert html.exit_code == 0 and "<details" in html.output
    data = json.loads(invoke("expliquer", finess, "--format", "json").output)
    assert data["finess"] == finess and data["estampille"]["empreinte_parametres"]


def test_expliquer_unknown_finess_is_a_clear_error():
    res = invoke("expliquer", "750000002")
    assert res.exit_code == 1
    assert "n'est pas dans le portefeuille" in res.output


def test_parametres_history_with_sources():
    res = invoke("parametres", "tarif_plafond_esat")
    assert res.exit_code == 0, res.output
    assert "14302" in res.output.replace(" ", "") and "ROB24 §5" in res.output
    listing = invoke("parametres", "--format", "json")
    names = {p["nom"] for p in json.loads(listing.output)}
    assert {"taux_masse_salariale", "enveloppe_reval_public"} <= names


def test_finess_verifier_exit_codes():
    # 750000002 : clé de Luhn valide ; 750000001 : mauvaise clé (la bonne est 2).
    assert invoke("finess", "verifier", "750000002").exit_code == 0
    res = invoke("finess", "verifier", "750000002", "750000001")
    assert res.exit_code == 1 and "devrait être 2" in res.output


def test_portefeuille_verifier_reports_bad_rows(tmp_path, demo_frame):
    good = invoke("portefeuille", "verifier", str(demo_portfolio_path()))
    assert good.exit_code == 0 and "1839 ESMS" in good.output
    bad = tmp_path / "bad.csv"
    text = demo_portfolio_path().read_text(encoding="utf-8-sig").splitlines()
    header, first = text[0], text[1].split(";")
    first[0] = "750000001"  # clé fausse (la bonne est 2)
    bad.write_text("\n".join([header, ";".join(first)]) + "\n", encoding="utf-8")
    res = invoke("portefeuille", "verifier", str(bad), "--format", "json")
    assert res.exit_code == 1
    errors = json.loads(res.output)["erreurs"]
    assert any(e["finess"] == "750000001" for e in errors)


def test_repartir_reproduces_c2010_annexe_iv():
    res = invoke("repartir", "--enveloppe", "500", "--unite", "unite", "--fichier",
                 "examples/repartition/ald_regions_2010.csv", "--format", "json")
    assert res.exit_code == 0, res.output
    parts = {p["cle"]: int(p["part"]) for p in json.loads(res.output)["parts"]}
    # C2010 annexe IV : Île-de-France 72 équipes, Corse 2, total 500.
    assert parts["Île-de-France"] == 72 and parts["Corse"] == 2
    assert sum(parts.values()) == 500


def test_repartir_impossible_floors_is_a_clear_error(tmp_path):
    items = tmp_path / "items.csv"
    items.write_text("cle;poids;plancher\nA;1;300\nB;1;300\n", encoding="utf-8")
    res = invoke("repartir", "--enveloppe", "500", "--fichier", str(items))
    assert res.exit_code == 1 and "somme des planchers" in res.output


def test_cnr_followup_template_round_trips_into_take_backs(tmp_path):
    out = tmp_path / "demo"
    assert invoke("demo", "--sortie", str(out)).exit_code == 0
    template = (out / "suivi_cnr.csv").read_text(encoding="utf-8-sig").splitlines()
    assert template[0] == "identifiant;finess;accorde;depense;provision_autorisee"
    # Première demande accordée : on justifie la moitié de la dépense, on ne dit rien des autres.
    ident, finess, accorde, _, _ = template[1].split(";")
    cents = int(accorde.replace(",", ""))
    template[1] = f"{ident};{finess};{accorde};{cents // 200},{cents // 2 % 100:02d};"
    (out / "suivi_cnr.csv").write_text("\n".join(template) + "\n", encoding="utf-8")
    res = invoke("cnr", "reprises", str(out / "suivi_cnr.csv"), "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    first = data["reprises"][0]
    assert first["identifiant"] == ident and first["reprise"] == cents - cents // 2
    # Les autres CNR, sans justificatif, sont repris en totalité.
    assert all(r["reprise"] == r["accorde"] for r in data["reprises"][1:])
    assert data["total_repris"] == sum(r["reprise"] for r in data["reprises"])


def test_repartir_mas_fam_2010_split():
    # C2010 §3.1.1 : 35 % MAS, 65 % FAM ; annexe VII : 1 800 places MAS et FAM → 630 + 1 170.
    res = invoke("repartir", "--enveloppe", "1800", "--unite", "unite", "--fichier",
                 "examples/repartition/mas_fam_2010.csv", "--format", "json")
    parts = {p["cle"]: int(p["part"]) for p in json.loads(res.output)["parts"]}
    assert parts == {"MAS": 630, "FAM": 1170}


def test_national_campaigns_run_without_a_drl(tmp_path):
    res = invoke("calculer", "--campagne", "ph-pa-2010", "--sortie", str(tmp_path))
    assert res.exit_code == 0, res.output
    assert "Pas de DRL déclarée" in res.output
    assert (tmp_path / "resultats.csv").exists()


def test_confirmed_activity_retentions_enter_the_campaign_as_non_renewable(tmp_path,
                                                                           demo_frame):
    finess = demo_frame.filter(pl.col("categorie") == "183").sort("finess")["finess"][0]
    retenues = tmp_path / "retenues.csv"
    retenues.write_text(f"finess;retenue_activite_confirmee\n{finess};-12 345,00\n",
                        encoding="utf-8")
    res = invoke("calculer", "--retenues-activite", str(retenues), "--format", "json",
                 "--sortie", str(tmp_path / "out"))
    assert res.exit_code == 0, res.output
    rows = json.loads((tmp_path / "out" / "resultats.json").read_text(encoding="utf-8"))
    row = next(r for r in rows["lignes"] if r["finess"] == finess)
    # ROB24 §1 et annexe III : reprise temporaire, hors base : le non pérenne baisse de
    # 12 345 €, le pérenne ne bouge pas.
    assert row["retenue_activite"] == "-12345.00"
    assert Decimal(row["dotation_non_perenne"]) == Decimal("-12345.00")
    unknown = tmp_path / "inconnu.csv"
    unknown.write_text("finess;retenue_activite_confirmee\n750000002;-1,00\n", encoding="utf-8")
    bad = invoke("calculer", "--retenues-activite", str(unknown), "--sortie", str(tmp_path / "x"))
    assert bad.exit_code == 1 and "750000002" in bad.output
