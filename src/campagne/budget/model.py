"""Les objets d'un document budgétaire : groupes fonctionnels, lignes de compte, comptes de
résultat. Montants en centimes entiers ; une charge et un produit sont positifs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Document(StrEnum):
    """Les quatre documents : prévisions (BP, EPRD) et réalisations (CA, ERRD)."""

    BP = "BP"
    CA = "CA"
    EPRD = "EPRD"
    ERRD = "ERRD"

    @property
    def forecast(self) -> bool:
        """Un compte de résultat prévisionnel, soumis à l'équilibre réel."""
        return self in (Document.BP, Document.EPRD)

    @property
    def label(self) -> str:
        return _DOC_LABELS[self]


_DOC_LABELS = {
    Document.BP: "budget prévisionnel (BP)",
    Document.CA: "compte administratif (CA)",
    Document.EPRD: "état des prévisions de recettes et de dépenses (EPRD)",
    Document.ERRD: "état réalisé des recettes et des dépenses (ERRD)",
}


class Group(StrEnum):
    """Groupes fonctionnels [C2005 annexe VII] : charges I-III, produits 1-3."""

    charges_I = "charges_I"
    charges_II = "charges_II"
    charges_III = "charges_III"
    produits_1 = "produits_1"
    produits_2 = "produits_2"
    produits_3 = "produits_3"

    @property
    def is_charge(self) -> bool:
        return self.value.startswith("charges")

    @property
    def label(self) -> str:
        return GROUP_LABELS[self]


GROUP_LABELS = {
    Group.charges_I: "Groupe I — charges afférentes à l'exploitation courante",
    Group.charges_II: "Groupe II — charges afférentes au personnel",
    Group.charges_III: "Groupe III — charges afférentes à la structure",
    Group.produits_1: "Groupe 1 — produits de la tarification",
    Group.produits_2: "Groupe 2 — autres produits relatifs à l'exploitation",
    Group.produits_3: "Groupe 3 — produits financiers et produits non encaissables",
}
CHARGES = (Group.charges_I, Group.charges_II, Group.charges_III)
PRODUITS = (Group.produits_1, Group.produits_2, Group.produits_3)


class Sens(StrEnum):
    debit = "debit"
    credit = "credit"


class Plan(StrEnum):
    """Plans comptables : M22 (ESMS publics), M22 bis (ESMS privés) [C2010 annexe VIII]."""

    M22 = "M22"
    M22bis = "M22bis"


@dataclass(frozen=True)
class AccountLine:
    """Une ligne d'un compte de résultat saisi par compte, classée dans son groupe."""

    compte: str
    montant: int  # centimes, tel que saisi (positif)
    sens: Sens | None
    groupe: Group
    contribution: int  # montant compté dans le groupe : négatif si le sens est contraire
    regle: str  # citation de la règle appliquée, ex. « [C2005 annexe VII, groupe I : chapitre 60] »
    nature: str | None = None  # « investissement », « creton »
    line: int = 0


@dataclass(frozen=True)
class Statement:
    """Un compte de résultat d'un ET pour un document et un exercice.

    ``groups`` est vide quand la source ne donne que des totaux (extrait CA du secteur PA) :
    ``charges`` et ``produits`` portent alors ces totaux.
    """

    document: Document
    exercice: int
    finess: str
    finess_ej: str
    source: str
    line: int
    groups: dict[Group, int] = field(default_factory=dict)
    totals: tuple[int, int] | None = None  # (charges, produits) sans détail par groupe
    compte_resultat: str | None = None
    lines: tuple[AccountLine, ...] = ()
    produits_731: int | None = None
    produits_732: int | None = None
    recettes_creton: int | None = None
    resultat_declare: int | None = None
    deficit_incorpore: int | None = None
    excedent_incorpore: int | None = None
    cnr: int | None = None
    etp: Decimal | None = None
    activite: dict[str, Decimal] = field(default_factory=dict)
    observations: str | None = None

    @property
    def key(self) -> tuple[Document, int, str]:
        return (self.document, self.exercice, self.finess)

    @property
    def charges(self) -> int:
        if self.totals is not None:
            return self.totals[0]
        return sum(self.groups.get(g, 0) for g in CHARGES)

    @property
    def produits(self) -> int:
        if self.totals is not None:
            return self.totals[1]
        return sum(self.groups.get(g, 0) for g in PRODUITS)

    @property
    def resultat(self) -> int:
        """Résultat = produits − charges (excédent positif, déficit négatif)."""
        return self.produits - self.charges

    @property
    def where(self) -> str:
        return f"{self.document.value} {self.exercice} de l'ET {self.finess}"


@dataclass(frozen=True)
class StatementBatch:
    """Les comptes de résultat lus dans un ou plusieurs fichiers (tout ou rien)."""

    statements: tuple[Statement, ...]
    sources: tuple[str, ...]
    empty: tuple[tuple[str, int, str], ...] = ()  # (source, ligne, finess) sans montants

    def __add__(self, other: StatementBatch) -> StatementBatch:
        return StatementBatch(self.statements + other.statements, self.sources + other.sources,
                              self.empty + other.empty)
