"""Les tableaux publiés, copiés fidèlement des textes (erreurs comprises), lus puis vérifiés.

Chaque incohérence attendue est recalculée à la main en commentaire ; la liste est exacte :
le vérificateur n'en rapporte pas d'autre, et n'en manque aucune (pour l'annexe I de C2005,
un recalcul indépendant de toutes les sommes le confirme).
"""

from decimal import Decimal
from pathlib import Path

from campagne.exports.tables import Column, write_csv
from campagne.tables import TextTable, check_file, load_structure, read_pdf_text

DATA = Path(__file__).parent / "data"


def read_seed(name: str, with_header: bool = False) -> TextTable:
    structure = load_structure(DATA / f"{name}.yaml")
    names = None if with_header else [structure.libelles,
                                      *(c.nom for c in structure.colonnes.values())]
    return read_pdf_text(DATA / f"{name}.txt", names)


def to_csv(table: TextTable, path: Path) -> Path:
    """Comme ``campagne lire-table`` : CSV ; UTF-8 avec BOM, nombres exacts."""
    keys = [f"c{i}" for i in range(len(table.columns))]
    cols = [Column(k, t, "texte" if i == 0 else "nombre")
            for i, (k, t) in enumerate(zip(keys, table.columns, strict=True))]
    write_csv(path, cols, [dict(zip(keys, [r.label, *r.values], strict=True))
                           for r in table.rows])
    return path


def check_seed(name: str, tmp_path: Path, with_header: bool = False):
    csv = to_csv(read_seed(name, with_header), tmp_path / f"{name}.csv")
    return check_file(csv, DATA / f"{name}.yaml")


def summary(report):
    return [(f.cellule, f.ligne, f.colonne_id, f.regle, f.publie, f.recalcule,
             f.dans_tolerance) for f in report.constats]


D = Decimal


def test_c2005_annexe_i_has_fifteen_one_euro_rounding_gaps(tmp_path):
    report = check_seed("c2005_annexe_i", tmp_path)
    # C2005 annexe I, colonne Q « enveloppe reconductible fin 2005 » = colonnes B à P :
    # Aquitaine : 350 191 442 + 273 279 + 806 069 + 190 680 + 154 000 + 579 000 + 441 144 +
    #     1 876 631 + 1 205 563 + 1 654 665 = 357 372 473, publié 357 372 472
    # Bourgogne : 152 264 310 + 200 000 + 65 873 + 350 819 + 110 490 + 88 952 + 27 701 +
    #     325 390 + 190 494 + 673 672 + 607 000 = 154 904 701, publié 154 904 702
    # Limousin : 109 142 508 + 251 028 + 49 246 + 30 800 + 366 490 + 120 312 + 668 058 +
    #     168 623 + 490 616 = 111 287 681, publié 111 287 680
    # Basse-Normandie : 206 191 453 + 90 272 + 474 448 + 253 488 + 21 723 + 100 450 + 90 234 +
    #     231 366 + 557 706 + 1 031 875 = 209 043 015, publié 209 043 014
    # Pays de Loire : 345 160 828 + 111 321 + 794 126 + 218 841 + 141 260 + 69 710 + 471 222 +
    #     684 250 + 1 350 656 + 1 526 651 = 350 528 865, publié 350 528 866
    # PACA : 456 992 905 + 545 637 + 1 052 339 + 928 733 + 214 450 + 221 608 + 103 639 +
    #     300 780 + 76 051 + 875 000 + 1 851 251 + 2 058 708 = 465 221 101, publié 465 221 100
    # Rhône-Alpes : 566 844 991 + 326 689 + 597 108 + 1 305 868 + 313 601 + 287 002 + 470 917 +
    #     269 200 + 551 430 + 700 000 + 2 398 335 + 2 449 054 = 576 514 195, publié 576 514 196
    # Martinique : 32 116 258 + 73 867 + 58 017 + 24 000 + 166 206 + 50 130 = 32 488 478,
    #     publié 32 488 479
    # Colonne T « total notifié » = Q + R + S (non reconductibles) :
    # Aquitaine : 357 372 472 + 180 678 + 0 = 357 553 150, publié 357 553 151
    # Champagne-Ardennes : 167 745 373 + 141 933 + 0 = 167 887 306, publié 167 887 307
    # Rhône-Alpes : 576 514 196 + 125 346 + 0 = 576 639 542, publié 576 639 541
    # Ligne « Total » (ligne 28 du CSV) = somme des 26 régions :
    # B28 : 171 227 831 + 350 191 442 + 142 563 851 + 152 264 310 + 310 294 222 + 279 484 062 +
    #     165 614 987 + 23 875 946 + 152 906 267 + 1 058 466 847 + 308 897 146 + 109 142 508 +
    #     275 860 395 + 424 373 434 + 463 269 288 + 206 191 453 + 191 025 618 + 345 160 828 +
    #     215 035 085 + 165 643 910 + 456 992 905 + 566 844 991 + 36 427 984 + 32 116 258 +
    #     14 214 574 + 77 674 186 = 6 695 760 328, publié 6 695 760 329
    # F28 : 393 824 + 806 069 + 327 897 + 350 819 + 713 677 + 643 261 + 381 576 + 54 915 +
    #     352 079 + 2 435 387 + 711 031 + 251 028 + 634 654 + 976 093 + 1 065 928 + 474 448 +
    #     439 589 + 794 126 + 494 918 + 381 112 + 1 052 339 + 1 305 868 + 83 784 + 73 867 +
    #     32 694 + 178 651 = 15 409 634, publié 15 409 633
    # G28 : 102 366 + 190 680 + 96 836 + 110 490 + 563 903 + 410 247 + 106 122 + 18 301 +
    #     62 964 + 765 833 + 529 580 + 49 246 + 166 575 + 154 203 + 1 250 906 + 253 488 +
    #     372 289 + 218 841 + 153 242 + 284 106 + 928 733 + 313 601 + 187 458 + 58 017 +
    #     172 728 + 461 035 = 7 981 790, publié 7 981 791
    # Q28 : 174 268 020 + 357 372 472 + 145 938 218 + 154 904 702 + 315 617 415 + 285 098 265 +
    #     167 745 373 + 24 441 522 + 155 312 123 + 1 073 228 965 + 313 496 884 + 111 287 680 +
    #     280 068 054 + 429 741 852 + 470 760 363 + 209 043 014 + 193 785 859 + 350 528 866 +
    #     219 010 742 + 169 269 592 + 465 221 100 + 576 514 196 + 37 240 615 + 32 488 479 +
    #     14 836 951 + 80 862 203 = 6 808 083 525, publié 6 808 083 526
    # Aucun autre écart ; la mesure salariale (colonne F) vérifie sa formule sur les 27 lignes
    # (ex. Alsace : 171 227 831 × 0,23 % = 393 824,01 → 393 824).
    cols, rows = "total de colonnes", "total de lignes"
    assert summary(report) == [
        ("Q3", "Aquitaine", "reconductible", cols, D(357372472), D(357372473), True),
        ("T3", "Aquitaine", "total", cols, D(357553151), D(357553150), True),
        ("Q5", "Bourgogne", "reconductible", cols, D(154904702), D(154904701), True),
        ("T8", "Champagne-Ardennes", "total", cols, D(167887307), D(167887306), True),
        ("Q13", "Limousin", "reconductible", cols, D(111287680), D(111287681), True),
        ("Q17", "Basse-Normandie", "reconductible", cols, D(209043014), D(209043015), True),
        ("Q19", "Pays de Loire", "reconductible", cols, D(350528866), D(350528865), True),
        ("Q22", "PACA", "reconductible", cols, D(465221100), D(465221101), True),
        ("Q23", "Rhône-Alpes", "reconductible", cols, D(576514196), D(576514195), True),
        ("T23", "Rhône-Alpes", "total", cols, D(576639541), D(576639542), True),
        ("Q25", "Martinique", "reconductible", cols, D(32488479), D(32488478), True),
        ("B28", "Total", "env154", rows, D(6695760329), D(6695760328), True),
        ("F28", "Total", "salariale", rows, D(15409633), D(15409634), True),
        ("G28", "Total", "ccaa", rows, D(7981791), D(7981790), True),
        ("Q28", "Total", "reconductible", rows, D(6808083526), D(6808083525), True),
    ]
    assert report.ok  # tous dans la tolérance déclarée d'un euro
    assert {f.ecart for f in report.constats} == {D(1), D(-1)}
    assert report.controles == 27 * 2 + 19 + 27  # deux totaux par ligne, la ligne Total, F


def test_c2005_annexe_i_no_gap_is_missed_by_an_independent_recount():
    table = read_seed("c2005_annexe_i")
    assert len(table.rows) == 27 and table.rows[6].label == "Champagne-Ardennes"
    v = {r.label: [x or 0 for x in r.values] for r in table.rows}
    gaps = set()
    for label, x in v.items():
        if sum(x[:15]) != x[15]:
            gaps.add((label, "reconductible"))
        if x[15] + x[16] + x[17] != x[18]:
            gaps.add((label, "total"))
    regions = [x for label, x in v.items() if label != "Total"]
    gaps |= {("Total", j) for j in range(19) if sum(r[j] for r in regions) != v["Total"][j]}
    assert len(gaps) == 15
    assert {("Total", 0), ("Total", 4), ("Total", 5), ("Total", 15)} <= gaps


def test_c2005_annexe_ii_total_counts_614_places_for_625(tmp_path):
    report = check_seed("c2005_annexe_ii", tmp_path)
    # C2005 annexe II, ligne « TOTAL » (ligne 124 du CSV). Les 22 sous-totaux régionaux sont
    # justes (ex. Alsace : 8 + 10 = 18 places, 80 208 + 100 260 = 180 468 €) et font
    # 18 + 44 + 20 + 19 + 19 + 49 + 14 + 20 + 25 + 43 + 22 + 12 + 28 + 30 + 47 + 9 + 2 + 30
    # + 47 + 44 + 17 + 55 = 614 places ; les DOM, sans sous-total, en ajoutent
    # 3 + 5 + 0 + 3 = 11 : les 100 lignes départementales font 625 places, publié 614.
    # Le total publié oublie les places des DOM, mais pas leurs crédits :
    # 625 × 10 026 € = 6 266 250 € publié (C2005 §I.A : « 625 places supplémentaires »,
    # « coût annuel moyen à la place de 10 026 Euro »). Appliquée au total publié, la formule
    # donne 614 × 10 026 = 6 155 964 € ; écart 6 266 250 − 6 155 964 = 110 286 = 11 × 10 026.
    # Toutes les autres lignes vérifient crédits = places × 10 026 (ex. Isère 23 × 10 026 =
    # 230 598).
    assert summary(report) == [
        ("B124", "TOTAL", "places", "total de lignes", D(614), D(625), False),
        ("C124", "TOTAL", "credits", "formule", D(6266250), D(6155964), False),
    ]
    assert [f.ecart for f in report.constats] == [D(-11), D(110286)]
    assert not report.ok
    # 123 formules + 22 sous-totaux et le TOTAL, deux colonnes chacun
    assert report.controles == 123 + 23 * 2


def test_c2010_annexe_iii_publishes_119_uhr_for_rows_summing_to_120(tmp_path):
    report = check_seed("c2010_annexe_iii", tmp_path, with_header=True)
    # C2010 annexe III, colonne D « nombre d'UHR » : 3 + 7 + 3 + 3 + 7 + 5 + 3 + 1 + 2 + 17 + 7
    # + 2 + 3 + 7 + 6 + 3 + 3 + 6 + 3 + 3 + 13 + 11 + 2 = 120, publié 119 (ligne 25).
    # Chaque ligne est pourtant l'arrondi au plus proche de sa part : Alsace 8 169 × 119 /
    # 365 177 = 2,66 → 3 ; Champagne-Ardenne 7 683 × 119 / 365 177 = 2,504 → 3 ; Corse
    # 1 779 × 119 / 365 177 = 0,58 → 1… : arrondir chaque part ne conserve pas le total.
    # Colonne C : la somme des 23 pourcentages arrondis vaut 99,99 (publié 100,00) ; écart de
    # 0,01 point, dans la tolérance de 23 × 0,005 = 0,115 point.
    # Les ALD font bien 365 177 et chaque pourcentage est l'arrondi de ald × 100 / 365 177
    # (ex. Île-de-France : 52 556 × 100 / 365 177 = 14,392 → 14,39).
    assert summary(report) == [
        ("C25", "Total France entière", "pct", "total de lignes", D("100.00"), D("99.99"),
         True),
        ("D25", "Total France entière", "uhr", "total de lignes", D(119), D(120), False),
    ]
    assert not report.ok


def test_c2010_annexe_iv_is_consistent_but_for_percentage_rounding(tmp_path):
    report = check_seed("c2010_annexe_iv", tmp_path, with_header=True)
    # C2010 annexe IV : ALD 366 499 (Nord-Pas-de-Calais y compte 20 095 malades, contre 18 773
    # à l'annexe III) ; 11 + 31 + 11 + 14 + 28 + 21 + 10 + 2 + 8 + 72 + 28 + 9 + 15 + 29 + 27 +
    # 13 + 12 + 25 + 13 + 14 + 53 + 46 + 8 = 500 équipes, comme publié. Seuls les pourcentages
    # arrondis totalisent 100,01 (publié 100,00), dans la tolérance.
    assert summary(report) == [
        ("C25", "Total France entière", "pct", "total de lignes", D("100.00"), D("100.01"),
         True),
    ]
    assert report.ok
