"""Lecture des fichiers de la mesure de remise à niveau prioritaire [C2005 §I.C.1] :
populations par région et demandes de financement (CSV ou XLSX, format dans
``docs/remise_a_niveau.md``). Lecture tout ou rien : toutes les erreurs d'un coup, ligne par
ligne, et rien de chargé tant qu'il en reste une."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from campagne.errors import CampagneError
from campagne.money import MoneyError, parse_euros
from campagne.referentiel.finess import finess_problem
from campagne.referentiel.tabular import TabularError, read_rows

POPULATION_COLUMNS = ("region", "population")
DEMAND_REQUIRED = ("region", "projet", "rang", "euros")
DEMAND_OPTIONAL = ("finess", "etp", "libelle")
NOT_GIVEN = {"", "nc", "n.c.", "non communique", "non communiqué"}


class RemiseANiveauFileError(CampagneError):
    """Fichier de populations ou de demandes invalide (toutes les erreurs, rien de chargé)."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{source} : {len(problems)} erreur(s), rien n'a été chargé.\n  - "
            + "\n  - ".join(problems))


@dataclass(frozen=True)
class Demand:
    """Une demande de financement (un projet) d'une région."""

    region: str
    projet: str
    rang: int  # ordre de priorité de la région : 1 = première priorité
    euros: int  # centimes
    etp: int | None  # centièmes d'ETP ; None = non communiqué (« nc » de l'annexe IV)
    finess: str | None = None
    libelle: str = ""


def _clean(text: str) -> str:
    return text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")


def _integer(text: str) -> int:
    value = Decimal(_clean(text))
    if not value.is_finite() or value != value.to_integral_value():
        raise InvalidOperation
    return int(value)


def parse_etp(text: str) -> int | None:
    """ETP en centièmes (« 62,25 » → 6225) ; vide ou « nc » → non communiqué."""
    if text.strip().lower() in NOT_GIVEN:
        return None
    value = Decimal(_clean(text))
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise InvalidOperation
    return int(value * 100)


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        return read_rows(path)
    except TabularError as exc:
        raise RemiseANiveauFileError(path.name, [str(exc)]) from exc


def _columns(rows: list[dict[str, str]], required: tuple[str, ...],
             optional: tuple[str, ...]) -> list[str]:
    if not rows:
        return ["fichier vide : une ligne d'en-tête puis une ligne par élément"]
    header = set(rows[0])
    problems = [f"colonne « {c} » absente (colonnes obligatoires : {', '.join(required)})"
                for c in required if c not in header]
    unknown = sorted(header - set(required) - set(optional))
    if unknown:
        problems.append(f"colonnes inconnues {unknown} (colonnes admises : "
                        f"{', '.join(required + optional)} ; voir docs/remise_a_niveau.md)")
    return problems


def read_populations(path: Path) -> dict[str, int]:
    """Population âgée de 0 à 59 ans par région, dans l'ordre du fichier."""
    rows = _rows(path)
    problems = _columns(rows, POPULATION_COLUMNS, ())
    if problems:
        raise RemiseANiveauFileError(path.name, problems)
    out: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        region = row["region"].strip()
        if not region:
            problems.append(f"ligne {line} : champ « region » vide (renseignez la région)")
            continue
        if region in out:
            problems.append(f"ligne {line}, région {region} : région en double (gardez une "
                            "seule ligne par région)")
            continue
        try:
            population = _integer(row["population"])
            if population <= 0:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(f"ligne {line}, région {region} : champ « population » "
                            f"« {row['population']} » invalide (nombre entier d'habitants de "
                            "0 à 59 ans, strictement positif)")
            continue
        out[region] = population
    if problems:
        raise RemiseANiveauFileError(path.name, problems)
    return out


def _demand(row: dict[str, str], line: int, problems: list[str]) -> Demand | None:
    where = f"ligne {line}, région {row['region'] or '(vide)'}, projet {row['projet'] or '(vide)'}"
    before = len(problems)
    for col in DEMAND_REQUIRED:
        if not row[col].strip():
            problems.append(f"{where} : champ « {col} » vide (renseignez-le)")
    if len(problems) > before:
        return None
    try:
        rang = _integer(row["rang"])
        if rang < 1:
            raise InvalidOperation
    except InvalidOperation:
        problems.append(f"{where} : champ « rang » « {row['rang']} » invalide (entier ≥ 1 : "
                        "1 pour la première priorité de la région)")
        rang = 0
    try:
        euros = parse_euros(row["euros"])
        if euros <= 0:
            raise MoneyError("le montant demandé doit être strictement positif")
    except MoneyError as exc:
        problems.append(f"{where} : champ « euros » : {exc}")
        euros = 0
    try:
        etp = parse_etp(row.get("etp", ""))
    except InvalidOperation:
        problems.append(f"{where} : champ « etp » « {row.get('etp')} » invalide (nombre positif, "
                        "deux décimales au plus, par exemple 2,50 ; vide ou « nc » si non "
                        "communiqué)")
        etp = None
    finess = (row.get("finess") or "").strip().upper() or None
    if finess is not None and (problem := finess_problem(finess)):
        problems.append(f"{where} : champ « finess » : {problem} (laissez-le vide si le projet "
                        "n'est pas rattaché à un ESMS)")
    if len(problems) > before:
        return None
    return Demand(row["region"].strip(), row["projet"].strip(), rang, euros, etp, finess,
                  (row.get("libelle") or "").strip())


def read_demands(path: Path, regions: dict[str, int] | None = None) -> list[Demand]:
    """Les demandes ; si ``regions`` est donné, chaque région doit y figurer."""
    rows = _rows(path)
    problems = _columns(rows, DEMAND_REQUIRED, DEMAND_OPTIONAL)
    if problems:
        raise RemiseANiveauFileError(path.name, problems)
    out: list[Demand] = []
    seen_project: dict[tuple[str, str], int] = {}
    seen_rank: dict[tuple[str, int], int] = {}
    for line, row in enumerate(rows, start=2):
        row = {**{c: "" for c in DEMAND_REQUIRED}, **row}
        demand = _demand(row, line, problems)
        if demand is None:
            continue
        where = f"ligne {line}, région {demand.region}, projet {demand.projet}"
        if regions is not None and demand.region not in regions:
            problems.append(f"{where} : région absente du fichier des populations (ajoutez-y "
                            "sa population ou corrigez le nom de la région)")
        if (first := seen_project.get((demand.region, demand.projet))) is not None:
            problems.append(f"{where} : projet déjà présent ligne {first} (un identifiant de "
                            "projet par demande dans une région)")
        if (first := seen_rank.get((demand.region, demand.rang))) is not None:
            problems.append(f"{where} : rang {demand.rang} déjà donné ligne {first} (l'ordre de "
                            "priorité de la région doit être strict : un rang par projet)")
        seen_project.setdefault((demand.region, demand.projet), line)
        seen_rank.setdefault((demand.region, demand.rang), line)
        out.append(demand)
    if problems:
        raise RemiseANiveauFileError(path.name, problems)
    return out
