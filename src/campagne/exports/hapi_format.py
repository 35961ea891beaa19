"""Le format HAPI « engagements par bénéficiaire » : 40 colonnes séparées par ``|``.

Copié de l'export réel (``tests/exports/data/``) : UTF-8 sans BOM, fins de ligne LF, une ligne
d'en-tête, aucun guillemet (un champ ne peut donc contenir ni ``|`` ni saut de ligne),
montants en euros avec deux décimales et un point (``19741.00``), dates
``JJ/MM/AAAA HH:MM:SS``. Écriture et lecture sont symétriques : un fichier relu puis réécrit
est identique, octet pour octet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from campagne.errors import CampagneError
from campagne.exports.tables import neutralize
from campagne.money import cents_to_decimal, to_cents
from campagne.referentiel.tabular import MAX_BYTES, decode

COLUMNS = (
    "NOM_ARS", "CODE_ARS", "CAMPAGNE", "ID_BENEFICIAIRE", "CODE_SIBC", "RAISON_SOCIALE",
    "SIRET", "SIREN", "CODE_DEPARTEMENT", "TERRITOIRE_ADMINISTRATIF", "PORTEFEUILLE",
    "TYPE_BENEFICIAIRE", "CATEGORIE_BENEFICIAIRE", "STATUT_JURIDIQUE", "SECTEUR_RATTACHEMENT",
    "ENVELOPPE", "SOUS_ENVELOPPE", "MODE_DELEGATION_DELEGUE", "MODE_DELEGATION_UTILISE",
    "MESURE_NIV1", "MESURE_NIV2", "MESURE_NIV3", "LIBELLE_ACTION", "PAYEUR",
    "NUM_NOTIFICATION", "SIBC_ENGAGEMENT", "MOTIVATION", "NUM_PROJET_GESTION", "NUM_ARRETE_DA",
    "MESURE_NOUVELLE_NOTIFICATION_ANNEE_CAMPAGNE", "TYPE_ARRETE", "DATE_DOCUMENT",
    "MONTANT_SAISI", "MONTANT_VALIDATION_INTER", "MONTANT_VALIDATION_FINALE", "MONTANT_NOTIFIE",
    "ID_AUTHOR", "DATE_EFFET", "CODE_PEP", "PEP_ENGAGEMENT",
)
SEPARATOR = "|"
ENCODING = "utf-8"
DATE_FORMAT = "%d/%m/%Y %H:%M:%S"
YEARS = ("campagne", "mesure_nouvelle_notification_annee_campagne")
AMOUNTS = ("montant_saisi", "montant_validation_inter", "montant_validation_finale",
           "montant_notifie")
DATES = ("date_document", "date_effet")
_AMOUNT = re.compile(r"^-?\d+\.\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}$")


@dataclass(frozen=True)
class Engagement:
    """Une ligne du fichier ; champs = colonnes en minuscules. Montants en centimes, ``None``
    pour une cellule vide ; textes vides = ``""``."""

    nom_ars: str = ""
    code_ars: str = ""
    campagne: int | None = None
    id_beneficiaire: str = ""
    code_sibc: str = ""
    raison_sociale: str = ""
    siret: str = ""
    siren: str = ""
    code_departement: str = ""
    territoire_administratif: str = ""
    portefeuille: str = ""
    type_beneficiaire: str = ""
    categorie_beneficiaire: str = ""
    statut_juridique: str = ""
    secteur_rattachement: str = ""
    enveloppe: str = ""
    sous_enveloppe: str = ""
    mode_delegation_delegue: str = ""
    mode_delegation_utilise: str = ""
    mesure_niv1: str = ""
    mesure_niv2: str = ""
    mesure_niv3: str = ""
    libelle_action: str = ""
    payeur: str = ""
    num_notification: str = ""
    sibc_engagement: str = ""
    motivation: str = ""
    num_projet_gestion: str = ""
    num_arrete_da: str = ""
    mesure_nouvelle_notification_annee_campagne: int | None = None
    type_arrete: str = ""
    date_document: dt.datetime | None = None
    montant_saisi: int | None = None
    montant_validation_inter: int | None = None
    montant_validation_finale: int | None = None
    montant_notifie: int | None = None
    id_author: str = ""
    date_effet: dt.datetime | None = None
    code_pep: str = ""
    pep_engagement: str = ""


FIELDS = tuple(f.name for f in fields(Engagement))
assert FIELDS == tuple(c.lower() for c in COLUMNS)  # l'ordre des champs est celui du fichier


class HapiFileError(CampagneError):
    """Fichier HAPI illisible : toutes les anomalies, rien n'est chargé."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = "\n  - ".join(self.problems[:50])
        more = f"\n  … et {len(self.problems) - 50} autre(s)" if len(self.problems) > 50 else ""
        super().__init__(f"{source} : {len(self.problems)} anomalie(s), rien n'est chargé :"
                         f"\n  - {shown}{more}")


def _text(value: str) -> str:
    # Pas de guillemets dans ce format : un séparateur ou un saut de ligne casserait la ligne.
    cleaned = re.sub(r"\s*[|\r\n][|\s]*", " ", value)
    return neutralize(cleaned)


def _cell(name: str, value: object) -> str:
    if value is None:
        return ""
    if name in AMOUNTS:
        assert isinstance(value, int)
        return str(cents_to_decimal(value))
    if name in DATES:
        assert isinstance(value, dt.datetime)
        return value.strftime(DATE_FORMAT)
    if name in YEARS:
        return str(value)
    return _text(str(value))


def format_engagements(lines: Iterable[Engagement]) -> bytes:
    """Le fichier complet, en-tête compris (UTF-8, LF)."""
    out = [SEPARATOR.join(COLUMNS)]
    for line in lines:
        out.append(SEPARATOR.join(_cell(n, getattr(line, n)) for n in FIELDS))
    return ("\n".join(out) + "\n").encode(ENCODING)


def write_engagements(path: Path, lines: Iterable[Engagement]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(format_engagements(lines))
    return path


def _parse(name: str, raw: str, where: str, problems: list[str]) -> object:
    if name in YEARS:
        if raw and not _YEAR.match(raw):
            problems.append(f"{where}, {name.upper()} : « {raw} » n'est pas une année (AAAA)")
        return int(raw) if raw and _YEAR.match(raw) else None
    if name in AMOUNTS:
        if raw and not _AMOUNT.match(raw):
            problems.append(f"{where}, {name.upper()} : « {raw} » n'est pas un montant au "
                            "format du fichier (euros, point décimal, deux décimales : 19741.00)")
            return None
        return to_cents(raw) if raw else None
    if name in DATES:
        if not raw:
            return None
        try:
            if not _DATE.match(raw):
                raise ValueError
            return dt.datetime.strptime(raw, DATE_FORMAT)
        except ValueError:
            problems.append(f"{where}, {name.upper()} : « {raw} » n'est pas une date "
                            "JJ/MM/AAAA HH:MM:SS")
            return None
    return raw


def parse_engagements(text: str, source: str = "fichier HAPI") -> list[Engagement]:
    """Lit le texte d'un fichier ; toutes les anomalies d'un coup (:class:`HapiFileError`)."""
    lines = text.replace("\r\n", "\n").split("\n")
    header_at = next((i for i, x in enumerate(lines) if x.strip()), None)
    if header_at is None:
        raise HapiFileError(source, ["fichier vide : la ligne d'en-tête manque"])
    header = tuple(lines[header_at].split(SEPARATOR))
    if header != COLUMNS:
        missing = [c for c in COLUMNS if c not in header]
        extra = [c for c in header if c not in COLUMNS]
        detail = (f"colonnes absentes : {', '.join(missing) or 'aucune'} ; inconnues : "
                  f"{', '.join(extra) or 'aucune'}" if missing or extra else "ordre différent")
        raise HapiFileError(source, [f"ligne {header_at + 1} : en-tête différent de celui "
                                     f"d'HAPI ({detail}) ; attendu : {SEPARATOR.join(COLUMNS)}"])
    out: list[Engagement] = []
    problems: list[str] = []
    for number, line in enumerate(lines[header_at + 1:], start=header_at + 2):
        if not line.strip():
            continue
        cells = line.split(SEPARATOR)
        if len(cells) != len(COLUMNS):
            problems.append(f"ligne {number} : {len(cells)} champs au lieu de {len(COLUMNS)} "
                            f"(séparateur « {SEPARATOR} » dans un texte ?)")
            continue
        where = f"ligne {number}"
        values = {n: _parse(n, raw, where, problems) for n, raw in zip(FIELDS, cells, strict=True)}
        out.append(Engagement(**values))  # type: ignore[arg-type]
    if problems:
        raise HapiFileError(source, problems)
    return out


def read_engagements(path: Path) -> list[Engagement]:
    """Relit un fichier « engagements par bénéficiaire » (export HAPI ou le nôtre)."""
    if not path.is_file():
        raise HapiFileError(path.name, [f"fichier introuvable : {path}"])
    if path.stat().st_size > MAX_BYTES:
        raise HapiFileError(path.name, ["fichier trop volumineux (50 Mo au plus)"])
    text = decode(path.read_bytes())
    if "\x00" in text:
        raise HapiFileError(path.name, ["fichier binaire, pas un fichier texte HAPI"])
    return parse_engagements(text, path.name)
