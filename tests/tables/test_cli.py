"""``campagne lire-table`` et ``campagne verifier-table`` de bout en bout."""

import json
from pathlib import Path

from typer.testing import CliRunner

from campagne.cli import app

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
EXAMPLE = ROOT / "examples" / "tableaux"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def test_read_then_check_c2005_annexe_ii(tmp_path):
    out = tmp_path / "annexe_ii.csv"
    res = invoke("lire-table", DATA / "c2005_annexe_ii.txt", "--structure",
                 DATA / "c2005_annexe_ii.yaml", "--sortie", out)
    assert res.exit_code == 0, res.output
    assert "123 lignes, 2 colonnes de valeurs (séparateur : simple)" in res.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 avec BOM
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Région / D.D.A.S.S.;Nombre de places accordées;Montant de crédits notifiés"
    assert lines[1] == "Alsace 67 Bas-Rhin;8;80208"
    assert lines[-1] == "TOTAL;614;6266250"

    res = invoke("verifier-table", out, "--structure", DATA / "c2005_annexe_ii.yaml")
    assert res.exit_code == 1, res.output  # deux incohérences hors tolérance
    assert "B124" in res.output and "C124" in res.output
    assert "HORS tolérance" in res.output
    assert "169 cellules recalculées, 2 incohérences dont 2 hors tolérance." in res.output

    res = invoke("verifier-table", out, "--structure", DATA / "c2005_annexe_ii.yaml",
                 "--format", "json")
    assert res.exit_code == 1
    data = json.loads(res.output)
    assert data["conforme"] is False and data["hors_tolerance"] == 2
    first = data["constats"][0]
    assert (first["cellule"], first["publie"], first["recalcule"], first["ecart"]) == (
        "B124", "614", "625", "-11")


def test_exit_code_is_zero_when_every_gap_is_within_tolerance(tmp_path):
    out = tmp_path / "annexe_i.csv"
    res = invoke("lire-table", DATA / "c2005_annexe_i.txt", "--structure",
                 DATA / "c2005_annexe_i.yaml", "--sortie", out)
    assert res.exit_code == 0, res.output
    res = invoke("verifier-table", out, "--structure", DATA / "c2005_annexe_i.yaml")
    assert res.exit_code == 0, res.output
    assert "15 incohérences dont 0 hors tolérance" in res.output


def test_header_from_the_text_and_explicit_columns(tmp_path):
    out = tmp_path / "iii.csv"
    res = invoke("lire-table", DATA / "c2010_annexe_iii.txt", "--sortie", out)
    assert res.exit_code == 0, res.output
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1] == "Alsace;8169;2,24;3"
    assert lines[24] == "Total France entière;365177;100,00;119"
    # avec la structure, l'en-tête du texte est remplacé par ses noms de colonnes
    res = invoke("lire-table", DATA / "c2010_annexe_iii.txt", "--structure",
                 DATA / "c2010_annexe_iii.yaml", "--sortie", out)
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8-sig").splitlines()[1:] == lines[1:]
    src = tmp_path / "t.txt"
    src.write_text("Alsace 8 80\u00a0208\n", encoding="utf-8")
    res = invoke("lire-table", src, "--colonnes", "Département;Places;Crédits", "--sortie", out)
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8-sig").splitlines() == [
        "Département;Places;Crédits", "Alsace;8;80208"]


def test_errors_are_shown_in_french_with_exit_code_one(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text("Alsace 8\nCorse 9 9x\n", encoding="utf-8")
    out = tmp_path / "t.csv"
    res = invoke("lire-table", src, "--colonnes", "Département;Places;Crédits", "--sortie", out)
    assert res.exit_code == 1
    assert "Erreur" in res.output and "ligne 1 : 1 valeur trouvée, 2 attendues" in res.output
    assert "ligne 2, colonne « Crédits » : « 9x » n'est pas un nombre" in res.output
    assert not out.exists()  # rien n'est écrit
    bad = tmp_path / "s.yaml"
    bad.write_text("titre: T\nlibelles: R\ncolonnes: {x: {nom: X, unite: ratio}}\n",
                   encoding="utf-8")
    res = invoke("verifier-table", EXAMPLE / "c2005_annexe_ii.csv", "--structure", bad)
    assert res.exit_code == 1 and "valeur « ratio » inconnue" in res.output
    res = invoke("verifier-table", tmp_path / "absent.csv", "--structure",
                 EXAMPLE / "c2005_annexe_ii.yaml")
    assert res.exit_code == 1 and "fichier introuvable" in res.output
    res = invoke("verifier-table", EXAMPLE / "c2005_annexe_ii.csv", "--structure",
                 tmp_path / "absente.yaml")
    assert res.exit_code == 1 and "fichier de structure introuvable" in res.output


def test_example_csv_is_what_lire_table_writes(tmp_path):
    # le CSV de examples/tableaux/ est exactement celui que produit la commande du README
    out = tmp_path / "annexe_ii.csv"
    res = invoke("lire-table", EXAMPLE / "c2005_annexe_ii.txt", "--structure",
                 EXAMPLE / "c2005_annexe_ii.yaml", "--sortie", out)
    assert res.exit_code == 0, res.output
    assert out.read_bytes() == (EXAMPLE / "c2005_annexe_ii.csv").read_bytes()
