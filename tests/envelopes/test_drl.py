"""La DRL 2024 d'Île-de-France [ROB24 §2] : arbre, natures, rapprochement."""

import pytest

from campagne.envelopes import load_drl
from campagne.params.errors import ParameterFileError


@pytest.fixture(scope="module")
def drl():
    return load_drl("ph-2024-idf")


def test_tree_sums_to_the_published_drl(drl):
    # ROB24 §2 : DRL 2024 = 2 401 137 683 € ; la somme des lignes terminales y tombe juste.
    assert drl.total() == 2_401_137_683
    assert drl.leaves_total() == 2_401_137_683
    assert len(drl.line("revalorisations").lignes) == 2
    assert len(drl.line("mesures_nouvelles").lignes) == 8
    assert len(drl.line("cnr_nationaux").lignes) == 2


def test_natures(drl):
    # pérenne : tout sauf les deux CNR nationaux (1 103 458 + 98 229 = 1 201 687 €)
    assert drl.by_nature() == {"perenne": 2_401_137_683 - 1_201_687, "non_perenne": 1_201_687}
    assert drl.line("drl").nature_label() == "mixte"
    assert drl.line("cnr_nationaux").nature_label() == "non pérenne"


def test_reconciliation_reports_every_published_gap_without_changing_figures(drl):
    # Mesures nouvelles : publié 27 166 689 €, somme des 8 lignes 27 166 690 € (écart −1 €) ;
    # DRL : publié 2 401 137 683 €, somme des 5 lignes publiées 2 401 137 682 € (écart +1 €).
    gaps = {g.line_id: (g.published, g.children_sum, g.difference) for g in drl.reconcile()}
    assert gaps == {
        "mesures_nouvelles": (27_166_689, 27_166_690, -1),
        "drl": (2_401_137_683, 2_401_137_682, 1),
    }
    assert drl.line("mesures_nouvelles").montant == 27_166_689  # rien n'est corrigé
    assert drl.line("revalorisations").montant == 780_995 + 989_100


def test_unknown_campaign_is_a_clear_error():
    with pytest.raises(ParameterFileError, match="aucune DRL.*ph-1999"):
        load_drl("ph-1999")
