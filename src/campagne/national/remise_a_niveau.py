"""Mesure de remise à niveau prioritaire de 25 M€ [C2005 §I.C.1, annexe IV].

« Pour chaque région, il a été déterminé la somme théorique à laquelle celle-ci a droit au
regard du poids de sa population âgée de 0 à 59 ans, puis ont été sélectionnées, parmi les
demandes de financements, les premières priorités entrant dans cette enveloppe. »

1. Part de chaque région : l'enveloppe au prorata de la population de 0 à 59 ans, à l'euro,
   total exact ; une région ne reçoit pas plus que le total de ses demandes (plafond, arrondi
   à l'euro inférieur) et ce qu'elle ne peut absorber revient aux autres au prorata de leur
   population : ``allocate(enveloppe, populations, caps=demandes, unit=EURO)``.
2. Dans chaque région, les demandes sont financées dans l'ordre de priorité jusqu'à
   épuisement de sa part, la dernière partiellement (arrondie à l'euro inférieur) : le
   mécanisme de ``cnr.instruction.propose``, une ligne d'enveloppe par région.
3. Le tableau de l'annexe IV : demandé / attribué en euros, ETP et nombre de projets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from campagne.allocation import EURO, AllocationExplanation, allocate
from campagne.cnr.instruction import Assessment, propose
from campagne.cnr.requests import CnrRequest
from campagne.errors import CampagneError
from campagne.money import EURO_DOWN, Rounding, format_euros
from campagne.national.inputs import Demand
from campagne.params import At, ParameterSet
from campagne.params.registry import Resolved

TOTAL_LABEL = "Total France entière"
# Appliquée aux ETP exprimés en centièmes : l'unité d'arrondi est le centième d'ETP.
ETP_CENTIEME = Rounding("arrondi_etp_centieme", "arrondis au centième d'ETP le plus proche", 1)
SOURCE = "C2005 §I.C.1 et annexe IV"
ENVELOPE_PARAMETER = "enveloppe_remise_a_niveau"


class RemiseANiveauError(CampagneError):
    """Répartition impossible (aucune région, enveloppe négative…)."""


@dataclass(frozen=True)
class ProjectResult:
    demand: Demand
    accorde: int  # centimes
    etp_finance: int | None  # centièmes d'ETP
    motif: str


@dataclass(frozen=True)
class RegionRow:
    region: str
    population: int
    euros_demandes: int
    etp_demandes: int | None  # None : au moins un projet sans ETP communiqué (« nc »)
    projets_demandes: int
    part_theorique: int  # prorata pur de la population, sans plafond
    plafond: int  # total des demandes arrondi à l'euro inférieur
    part: int  # part de la région après plafonds
    euros_attribues: int
    etp_attribues: int | None
    projets_finances: int
    reste: int  # part non consommée (centimes d'une demande partielle)

    def as_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class RemiseANiveau:
    envelope: int
    rows: tuple[RegionRow, ...]
    projects: tuple[ProjectResult, ...]
    explanation: AllocationExplanation | None  # None : demandes insuffisantes, pas de prorata
    non_attribue: int  # enveloppe que les demandes ne suffisent pas à absorber
    citation: str = SOURCE

    def total(self) -> RegionRow:
        rows = self.rows

        def known(values: Sequence[int | None]) -> int:
            return sum(v for v in values if v is not None)

        def column(name: str) -> int:
            return sum(getattr(r, name) for r in rows)

        # ETP : les régions « nc » sont hors du total, comme dans l'annexe IV publiée.
        return RegionRow(
            TOTAL_LABEL, column("population"), column("euros_demandes"),
            known([r.etp_demandes for r in rows]), column("projets_demandes"),
            column("part_theorique"), column("plafond"), column("part"), column("euros_attribues"),
            known([r.etp_attribues for r in rows]), column("projets_finances"), column("reste"))

    def etp_incomplete(self) -> list[str]:
        """Régions dont l'ETP n'est pas communiqué : exclues des totaux d'ETP."""
        return [r.region for r in self.rows if r.etp_demandes is None and r.projets_demandes]

    def notes(self) -> list[str]:
        out = []
        if self.explanation is not None:
            out.append(self.explanation.to_text())
        if self.non_attribue:
            asked = format_euros(self.envelope - self.non_attribue)
            out.append(f"Les demandes ({asked}) ne suffisent pas à absorber l'enveloppe : "
                       f"{format_euros(self.non_attribue)} non attribués.")
        partial = [p for p in self.projects if 0 < p.accorde < p.demand.euros]
        if partial:
            out.append(f"{len(partial)} demande(s) financée(s) partiellement (la dernière servie "
                       f"de sa région) : montant {EURO_DOWN.label} ({EURO_DOWN.name}), ETP au "
                       f"prorata du montant accordé, {ETP_CENTIEME.label} "
                       f"({ETP_CENTIEME.name}).")
        rest = sum(r.reste for r in self.rows)
        if rest:
            out.append(f"{format_euros(rest)} de parts régionales non consommés (centimes "
                       "d'une demande financée partiellement, arrondie à l'euro inférieur).")
        if self.etp_incomplete():
            out.append("ETP non communiqués (nc) : " + ", ".join(self.etp_incomplete())
                       + " ; exclus du total des ETP.")
        return out


def envelope_parameter(params: ParameterSet, annee: int) -> Resolved:
    """L'enveloppe nationale de l'année, datée et sourcée (C2005 §I.C pour 2005)."""
    return params.resolve(ENVELOPE_PARAMETER, At(annee, dt.date(annee, 1, 1), None, None))


def _partial_etp(demand: Demand, accorde: int) -> int | None:
    """ETP financés : tous si la demande est servie en entier, au prorata du montant sinon."""
    if demand.etp is None:
        return None
    if accorde == demand.euros:
        return demand.etp
    return ETP_CENTIEME.apply_ratio(demand.etp * accorde, demand.euros)


def _shares(envelope: int, regions: list[str], populations: dict[str, int],
            caps: list[int]) -> tuple[list[int], list[int], AllocationExplanation | None, int]:
    """Parts théoriques (prorata pur) et parts plafonnées ; reliquat si les demandes ne
    suffisent pas (chaque région reçoit alors toute sa demande)."""
    weights = [populations[r] for r in regions]
    theoretical = list(allocate(envelope, weights, unit=EURO, keys=regions).shares)
    if sum(caps) <= envelope:
        return theoretical, list(caps), None, envelope - sum(caps)
    capped = allocate(envelope, weights, caps=caps, unit=EURO, keys=regions)
    return theoretical, list(capped.shares), capped.explanation, 0


def distribute(envelope: int, populations: dict[str, int],
               demands: Sequence[Demand]) -> RemiseANiveau:
    """Répartit ``envelope`` (centimes, multiple de l'euro) entre les régions puis entre
    leurs demandes, dans l'ordre de priorité de chaque région."""
    if envelope < 0 or envelope % 100:
        raise RemiseANiveauError("l'enveloppe doit être un montant positif en euros entiers")
    if not populations:
        raise RemiseANiveauError("aucune région : le fichier des populations est vide")
    if any(p <= 0 for p in populations.values()):
        raise RemiseANiveauError("une population de région est nulle ou négative : chaque "
                                 "région a une population de 0 à 59 ans strictement positive")
    unknown = sorted({d.region for d in demands} - set(populations))
    if unknown:
        raise RemiseANiveauError(f"régions sans population : {', '.join(unknown)} (ajoutez-les "
                                 "au fichier des populations)")
    regions = list(populations)
    by_region: dict[str, list[Demand]] = {r: [] for r in regions}
    for d in demands:
        by_region[d.region].append(d)
    caps = [EURO_DOWN.apply_ratio(sum(d.euros for d in by_region[r]), 1) for r in regions]
    theoretical, shares, explanation, left_over = _shares(envelope, regions, populations, caps)

    # Une ligne d'enveloppe par région : propose() sert les demandes par rang, la dernière
    # partiellement, arrondie à l'euro inférieur.
    assessments = [Assessment(
        CnrRequest(identifiant=f"{d.region} / {d.projet}", finess=d.finess or "",
                   categorie="autre", montant=d.euros, justification=d.libelle),
        raison_sociale=d.libelle, departement="", famille="", cpom=False, eligible=True,
        motif="éligible", priorite=d.rang, ligne=d.region) for d in demands]
    proposal = propose(assessments, dict(zip(regions, shares, strict=True)))
    granted = {g.assessment.request.identifiant: g for g in proposal.grants}
    position = {r: i for i, r in enumerate(regions)}
    projects = []
    for d in sorted(demands, key=lambda d: (position[d.region], d.rang)):
        grant = granted[f"{d.region} / {d.projet}"]
        projects.append(ProjectResult(d, grant.accorde, _partial_etp(d, grant.accorde),
                                      grant.motif))

    rows = []
    for i, region in enumerate(regions):
        mine = [p for p in projects if p.demand.region == region]
        asked_etp = [p.demand.etp for p in mine]
        funded = [p for p in mine if p.accorde]
        funded_etp = [p.etp_finance for p in funded]
        rows.append(RegionRow(
            region, populations[region], sum(p.demand.euros for p in mine),
            None if None in asked_etp else sum(e for e in asked_etp if e is not None),
            len(mine), theoretical[i], caps[i], shares[i], sum(p.accorde for p in mine),
            None if None in funded_etp else sum(e for e in funded_etp if e is not None),
            len(funded), proposal.remaining[region]))
    return RemiseANiveau(envelope, tuple(rows), tuple(projects), explanation, left_over)
