"""Entrées hostiles, partout : chaque lecteur de fichier reçoit des octets quelconques, du
texte presque valide, des en-têtes connus avec des cellules aberrantes ; il ne doit lever
qu'une erreur du domaine (message clair), jamais planter, jamais rien renvoyer de faux."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campagne.activity import read_activity_report, read_platform_records
from campagne.allocation import AllocationError
from campagne.budget.reading import read_statements
from campagne.cnr.followup import read_followup
from campagne.cnr.requests import CnrRequestError, read_requests
from campagne.engine.scenario import load_scenario
from campagne.envelopes.aecp_files import read_aecp
from campagne.errors import CampagneError
from campagne.money import MoneyError
from campagne.national.inputs import read_demands, read_populations
from campagne.params import ParameterSet
from campagne.params.errors import ParameterError
from campagne.referentiel.tabular import TabularError
from campagne.repartition import RepartitionFileError, read_items
from campagne.rules.fjh import read_residents
from campagne.tables.grid import read_grid
from campagne.tables.pdf_text import read_pdf_text
from campagne.tables.structure import load_structure

DOMAIN = (CampagneError, CnrRequestError, ParameterError, TabularError, RepartitionFileError,
          AllocationError, MoneyError)
KNOWN = ["750000002", "930000001"]


READERS = {
    "rapport_activite.csv": lambda p: read_activity_report(p, KNOWN),
    "plateforme.csv": lambda p: read_platform_records(p, KNOWN),
    "budget.csv": read_statements,
    "demandes_cnr.csv": read_requests,
    "suivi_cnr.csv": read_followup,
    "repartition.csv": lambda p: read_items(p, "euro"),
    "aecp.csv": read_aecp,
    "residents.csv": read_residents,
    "populations.csv": read_populations,
    "demandes_25M.csv": read_demands,
    "tableau.csv": read_grid,
    "tableau.txt": read_pdf_text,
    "structure.yaml": load_structure,
    "scenario.yaml": load_scenario,
}
HEADERS = {
    "rapport_activite.csv": "finess;annee;journees_internat;journees_semi_internat;actes",
    "plateforme.csv": "finess;personne;semaine;actes;nuitees",
    "budget.csv": "finess;finess_ej;document;exercice;compte;montant",
    "demandes_cnr.csv": "finess;categorie;montant;justification;date_demande",
    "suivi_cnr.csv": "identifiant;finess;accorde;depense;provision_autorisee",
    "repartition.csv": "cle;poids;plancher;plafond",
    "aecp.csv": "departement;projet;nature;montant;places;exercice",
    "residents.csv": "finess;categorie;identifiant;age;ressources_mensuelles;jours",
    "populations.csv": "region;population",
    "demandes_25M.csv": "region;projet;rang;euros;etp",
    "tableau.csv": "Région;Places;Crédits",
    "tableau.txt": "Région\tPlaces\tCrédits",
    "structure.yaml": "libelles: Région\ncolonnes:",
    "scenario.yaml": "nom: essai\nvaleurs:",
}
CELLS = st.one_of(st.sampled_from(["", "-1", "1e400", "NaN", "=1+1", "0,5", "1 000,00",
                                   "750000002", "9999999999999999999999", "2024-13-45",
                                   "oui", "\x00", "😀", "\u202f", '"', ";", "|"]),
                  st.text(max_size=12))


def _check(name: str, path: Path) -> None:
    try:
        READERS[name](path)
    except DOMAIN:
        pass  # refus clair : c'est ce qu'on attend d'une entrée hostile


@pytest.mark.parametrize("name", sorted(READERS))
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_random_bytes_only_raise_domain_errors(name, data, tmp_path):
    path = tmp_path / name
    path.write_bytes(data)
    _check(name, path)


@pytest.mark.parametrize("name", sorted(READERS))
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELLS, min_size=1, max_size=8), max_size=6))
def test_known_header_with_hostile_cells_only_raise_domain_errors(name, rows, tmp_path):
    sep = "\t" if name.endswith(".txt") else ";"
    lines = [HEADERS[name], *(sep.join(r) for r in rows)]
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    _check(name, path)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_random_parameter_files_are_refused_clearly(text, tmp_path):
    root = tmp_path / "parametres"
    root.mkdir(exist_ok=True)
    base = ParameterSet.load()
    (root / "sources.yaml").write_text("sources:\n  ROB24:\n    titre: t\n    date: 2024-05-27\n",
                                       encoding="utf-8")
    (root / "campagnes.yaml").write_text("campagnes: {}\n", encoding="utf-8")
    (root / "essai.yaml").write_text(text, encoding="utf-8")
    try:
        ParameterSet.load(root)
    except ParameterError:
        pass
    assert base.parameters  # les paramètres embarqués restent intacts
    assert dt.date.today()
