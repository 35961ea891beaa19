"""Débasage 2010 et suivi en autorisations d'engagement / crédits de paiement [C2010 §1.2].

La CNSA a révisé les bases « selon deux modalités distinctes : la suppression définitive de
crédits libres d'emploi […] ; la suppression temporaire des crédits gagés par des projets en
attente d'installation » (§1.2.1). Les crédits retirés temporairement « vous seront restitués
dans les exercices ultérieurs au fur et à mesure des installations effectives » (§1.2.2), d'où
un suivi de type AE/CP :

- AE (autorisation d'engagement) d'un retrait temporaire : le montant gagé par ses places ;
- CP (crédits de paiement) : les restitutions, par exercice, au prorata des places installées ;
- reste à restituer : AE − CP restitués. Un retrait définitif n'est jamais restitué.

Restitution exacte au centime : la part cumulée de l'AE pour les places installées à la fin
d'un exercice est ``allocate(AE, [places installées au cumul, places restant à installer],
unit=CENT)`` ; le CP de l'exercice est l'accroissement de cette part. Un exercice passé ne
change donc pas quand une installation suivante est saisie, le cumul ne s'écarte jamais du
prorata exact de plus d'un demi-centime, et la dernière place installée solde exactement l'AE.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from campagne.allocation import CENT, allocate
from campagne.errors import CampagneError
from campagne.money import format_euros

DEFINITIF = "definitif"
TEMPORAIRE = "temporaire"
NATURES = {
    DEFINITIF: "définitif (crédits libres d'emploi supprimés)",
    TEMPORAIRE: "temporaire (crédits gagés par des places autorisées non installées)",
}
SOURCE = "C2010 §1.2.1 et §1.2.2"
TOTAL_LABEL = "Total"


class AecpError(CampagneError):
    """Registre des retraits incohérent (toutes les erreurs d'un coup, rien de calculé)."""

    def __init__(self, problems: list[str], source: str = "registre des retraits") -> None:
        self.problems = problems
        super().__init__(f"{source} : {len(problems)} erreur(s), rien n'a été calculé.\n  - "
                         + "\n  - ".join(problems))


@dataclass(frozen=True)
class Withdrawal:
    """Un retrait de base (débasage) d'un projet ou d'un ESMS."""

    projet: str
    departement: str
    nature: str  # DEFINITIF ou TEMPORAIRE
    exercice: int  # exercice du retrait (2010 pour le débasage de C2010)
    montant: int  # centimes
    places: int = 0  # places autorisées non installées qui gagent un retrait temporaire
    finess: str | None = None
    libelle: str = ""
    ligne: int | None = None  # ligne du fichier, pour les messages

    @property
    def ae(self) -> int:
        return self.montant if self.nature == TEMPORAIRE else 0


@dataclass(frozen=True)
class Movement:
    """Des places d'un projet : prévues à l'échéancier, ou effectivement installées."""

    projet: str
    exercice: int
    places: int
    ligne: int | None = None


@dataclass(frozen=True)
class Restitution:
    """Crédits de paiement d'un exercice pour un projet (prévus ou restitués)."""

    projet: str
    departement: str
    exercice: int
    places: int
    cp: int  # centimes
    places_cumulees: int
    cp_cumules: int
    reste: int  # AE − CP cumulés


@dataclass(frozen=True)
class WithdrawalStatus:
    withdrawal: Withdrawal
    places_prevues: int
    places_installees: int
    cp_prevus: int
    cp_restitues: int

    @property
    def reste_a_restituer(self) -> int:
        return self.withdrawal.ae - self.cp_restitues

    @property
    def places_a_installer(self) -> int:
        return self.withdrawal.places - self.places_installees


@dataclass(frozen=True)
class DepartementRow:
    departement: str
    supprime_definitif: int
    ae: int
    cp_restitues: int
    reste_a_restituer: int
    places_gagees: int
    places_installees: int


def _where(m: Movement | Withdrawal, what: str) -> str:
    line = f"ligne {m.ligne}, " if m.ligne is not None else ""
    return f"{line}{what} du projet {m.projet}"


def _tranches(movements: Sequence[Movement]) -> list[tuple[int, int]]:
    """Places par exercice, dans l'ordre des exercices (plusieurs lignes d'un même exercice
    s'additionnent)."""
    by_year: dict[int, int] = {}
    for m in movements:
        by_year[m.exercice] = by_year.get(m.exercice, 0) + m.places
    return sorted(by_year.items())


def restitutions(w: Withdrawal, movements: Sequence[Movement]) -> list[Restitution]:
    """CP d'un retrait temporaire, exercice par exercice, au prorata des places installées."""
    places_done, paid = 0, 0
    out = []
    for exercice, places in _tranches(movements):
        places_done += places
        # Part cumulée exacte au centime de l'AE pour les places installées à ce jour ; le CP
        # de l'exercice est son accroissement.
        cumulated = allocate(w.ae, [places_done, w.places - places_done], unit=CENT,
                             keys=["installées", "à installer"]).shares[0]
        out.append(Restitution(w.projet, w.departement, exercice, places, cumulated - paid,
                               places_done, cumulated, w.ae - cumulated))
        paid = cumulated
    return out


def _check(withdrawals: Sequence[Withdrawal], schedule: Sequence[Movement],
           installations: Sequence[Movement]) -> list[str]:
    problems: list[str] = []
    known: dict[str, Withdrawal] = {}
    for w in withdrawals:
        where = _where(w, "retrait")
        if w.projet in known:
            problems.append(f"{where} : projet déjà déclaré (un retrait par projet ; "
                            "additionnez les montants ou distinguez les projets)")
        known.setdefault(w.projet, w)
        if w.nature not in NATURES:
            problems.append(f"{where} : nature « {w.nature} » inconnue (definitif ou temporaire)")
        if w.montant <= 0:
            problems.append(f"{where} : montant {format_euros(w.montant)} (un retrait est un "
                            "montant strictement positif)")
        if w.nature == TEMPORAIRE and w.places <= 0:
            problems.append(f"{where} : retrait temporaire sans places gagées (indiquez le "
                            "nombre de places autorisées non installées qui gagent les crédits)")
        if w.nature == DEFINITIF and w.places:
            problems.append(f"{where} : un retrait définitif porte sur des crédits libres, non "
                            f"gagés par des places ({w.places} indiquée(s)) : laissez « places » "
                            "vide ou déclarez le retrait temporaire")
    for kind, label, movements in (("échéance", "prévues à l'échéancier", schedule),
                                   ("installation", "installées", installations)):
        cumulated: dict[str, int] = {}
        for m in sorted(movements, key=lambda m: m.exercice):
            where = _where(m, kind)
            w = known.get(m.projet)
            if w is None:
                problems.append(f"{where} : projet absent des retraits (déclarez d'abord son "
                                "retrait, ou corrigez l'identifiant du projet)")
                continue
            if m.places <= 0:
                problems.append(f"{where} : {m.places} place(s) (nombre entier strictement "
                                "positif attendu)")
                continue
            if w.nature == DEFINITIF:
                problems.append(f"{where} : le retrait est définitif (crédits libres supprimés) "
                                "et n'est jamais restitué : supprimez cette ligne ou déclarez "
                                "le retrait temporaire")
                continue
            if m.exercice < w.exercice:
                problems.append(f"{where} : exercice {m.exercice} antérieur au retrait "
                                f"({w.exercice}) : les crédits sont restitués dans les "
                                "exercices ultérieurs [C2010 §1.2.2]")
            total = cumulated.get(m.projet, 0) + m.places
            cumulated[m.projet] = total
            if total > w.places:
                problems.append(f"{where} : {total} places {label} en {m.exercice} au cumul, "
                                f"au-delà des {w.places} places gagées par le retrait "
                                "(corrigez le nombre de places ou le retrait)")
    return problems


@dataclass(frozen=True)
class AecpReport:
    statuses: tuple[WithdrawalStatus, ...]
    restitutions: tuple[Restitution, ...]  # CP effectivement restitués
    forecast: tuple[Restitution, ...]  # CP prévus à l'échéancier
    citation: str = SOURCE

    def departements(self) -> list[DepartementRow]:
        """Par département (dans l'ordre du registre), puis la ligne « Total »."""
        rows: dict[str, list[WithdrawalStatus]] = {}
        for s in self.statuses:
            rows.setdefault(s.withdrawal.departement, []).append(s)
        out = [_sum_row(dep, items) for dep, items in rows.items()]
        out.append(_sum_row(TOTAL_LABEL, list(self.statuses)))
        return out

    def by_exercice(self) -> list[dict[str, object]]:
        """CP prévus et restitués par département et par exercice, puis par exercice."""
        cells: dict[tuple[str, int], list[int]] = {}
        for index, items in ((0, self.forecast), (1, self.restitutions)):
            for r in items:
                for key in ((r.departement, r.exercice), (TOTAL_LABEL, r.exercice)):
                    cells.setdefault(key, [0, 0])[index] += r.cp
        order = {dep: i for i, dep in enumerate(d.departement for d in self.departements())}
        return [{"departement": dep, "exercice": year, "cp_prevus": prevus,
                 "cp_restitues": restitues, "ecart": restitues - prevus}
                for (dep, year), (prevus, restitues)
                in sorted(cells.items(), key=lambda kv: (order[kv[0][0]], kv[0][1]))]


def _sum_row(name: str, items: list[WithdrawalStatus]) -> DepartementRow:
    return DepartementRow(
        name,
        sum(s.withdrawal.montant for s in items if s.withdrawal.nature == DEFINITIF),
        sum(s.withdrawal.ae for s in items), sum(s.cp_restitues for s in items),
        sum(s.reste_a_restituer for s in items), sum(s.withdrawal.places for s in items),
        sum(s.places_installees for s in items))


def _by_project(movements: Sequence[Movement]) -> dict[str, list[Movement]]:
    out: dict[str, list[Movement]] = {}
    for m in movements:
        out.setdefault(m.projet, []).append(m)
    return out


def follow(withdrawals: Sequence[Withdrawal], schedule: Sequence[Movement] = (),
           installations: Sequence[Movement] = ()) -> AecpReport:
    """Le suivi AE/CP du registre ; lève :class:`AecpError` avec toutes les incohérences."""
    problems = _check(withdrawals, schedule, installations)
    if problems:
        raise AecpError(problems)
    installed, scheduled = _by_project(installations), _by_project(schedule)
    statuses, paid, planned = [], [], []
    for w in withdrawals:
        done = restitutions(w, installed.get(w.projet, []))
        plan = restitutions(w, scheduled.get(w.projet, []))
        paid.extend(done)
        planned.extend(plan)
        statuses.append(WithdrawalStatus(
            w, sum(r.places for r in plan), sum(r.places for r in done),
            sum(r.cp for r in plan), sum(r.cp for r in done)))
    key = lambda r: (r.exercice, r.departement, r.projet)  # noqa: E731
    return AecpReport(tuple(statuses), tuple(sorted(paid, key=key)),
                      tuple(sorted(planned, key=key)))
