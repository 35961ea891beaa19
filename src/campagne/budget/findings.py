"""Le rapport de contrôle : chaque constat nomme l'ET (ou l'EJ), le document, le problème, la
correction et sa source ; un constat bloquant fait refuser le dépôt."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    control: str  # code du contrôle, ex. « equilibre_reel »
    blocking: bool
    message: str
    correction: str
    reference: str = ""
    finess: str | None = None
    finess_ej: str | None = None
    document: str | None = None
    exercice: int | None = None
    fixation_office: bool = False
    ecart: int | None = None  # centimes, quand le constat chiffre un écart

    def to_row(self) -> dict[str, object]:
        return {"controle": self.control, "bloquant": self.blocking, "finess": self.finess,
                "finess_ej": self.finess_ej, "document": self.document,
                "exercice": self.exercice, "message": self.message,
                "correction": self.correction, "reference": self.reference,
                "fixation_office": self.fixation_office, "ecart": self.ecart}

    def __str__(self) -> str:
        level = "BLOQUANT" if self.blocking else "signalé"
        ref = f" {self.reference}" if self.reference else ""
        return f"[{level}] {self.message}. Correction : {self.correction}{ref}"


# Libellé et source de chaque contrôle (tableau récapitulatif du rapport).
CONTROLS: dict[str, tuple[str, str]] = {
    "et_inconnu": ("ET présent au portefeuille", "identité FINESS (clé de Luhn à l'import)"),
    "ej_rattachement": ("ET rattaché à l'EJ déclaré", "identité FINESS"),
    "compte_resultat_unique": ("un seul compte de résultat par ET", "plateforme de dépôt"),
    "equilibre_reel": ("équilibre réel des comptes de résultat prévisionnels",
                       "[ROB24 annexe I] (R. 314-221 CASF)"),
    "resultat_declare": ("résultat déclaré = produits − charges", "cohérence du document"),
    "sans_montants": ("ET du fichier sans compte de résultat", "extrait national"),
    "depot_ej": ("EJ du dépôt présent au portefeuille", "identité FINESS"),
    "type_gestionnaire": ("type de gestionnaire connu", "[ROB24 annexe I]"),
    "pieces_exigees": ("pièces exigées selon le type de gestionnaire", "[ROB24 annexe I]"),
    "echeance": ("dépôt de l'ERRD à l'échéance ; sinon fixation d'office",
                 "[ROB24 annexe I] (R. 314-232, R. 314-237 CASF)"),
    "affectation_resultat": ("affectation du résultat égale au résultat, selon son signe",
                             "[C2005 annexes V-VI ; C2010 annexes IX et XI]"),
}


@dataclass
class ControlReport:
    """Tous les constats d'un contrôle, et le nombre d'objets contrôlés par contrôle."""

    findings: list[Finding] = field(default_factory=list)
    checked: Counter[str] = field(default_factory=Counter)

    def add(self, other: ControlReport) -> None:
        self.findings += other.findings
        self.checked.update(other.checked)

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]

    @property
    def accepted(self) -> bool:
        return not self.blocking

    @property
    def fixation_office(self) -> list[Finding]:
        return [f for f in self.findings if f.fixation_office]

    def summary(self) -> list[dict[str, object]]:
        """Une ligne par contrôle passé : objets contrôlés, constats, bloquants."""
        counts = Counter(f.control for f in self.findings)
        blocking = Counter(f.control for f in self.findings if f.blocking)
        return [{"controle": code, "libelle": CONTROLS[code][0], "source": CONTROLS[code][1],
                 "controles": self.checked[code], "constats": counts[code],
                 "bloquants": blocking[code]}
                for code in CONTROLS if self.checked[code] or counts[code]]

    def to_rows(self) -> list[dict[str, object]]:
        return [f.to_row() for f in self.findings]
