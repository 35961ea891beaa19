"""Ouverture prudente d'un classeur XLSX reçu de l'extérieur.

Un XLSX est une archive ZIP : un fichier de quelques kilo-octets peut se décompresser en
gigaoctets (« bombe ZIP ») et épuiser la mémoire d'openpyxl. On inspecte donc l'archive —
taille décompressée annoncée, taux de compression, nombre de membres — *avant* de la
confier à openpyxl, puis on traduit toute erreur d'openpyxl en message clair.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

# Limites larges pour un vrai classeur de campagne (50 000 ESMS × 40 colonnes ≈ 60 Mo de XML)
# et très en deçà de ce qui menacerait la mémoire du serveur.
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_MEMBERS = 2_000
# Le XML d'une feuille se comprime d'ordinaire 5 à 30 fois ; au-delà de 200, c'est une bombe.
MAX_RATIO = 200
_RATIO_FLOOR_BYTES = 1024 * 1024  # sous 1 Mo décompressé, le taux n'a pas d'importance


class XlsxRejected(Exception):
    """Le classeur est refusé ; le message (français) dit pourquoi et quoi faire."""


def check_archive(source: Path | bytes) -> None:
    """Refuse une archive qui n'est pas un ZIP, ou qui se décompresserait démesurément."""
    handle: Any = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise XlsxRejected("classeur XLSX illisible (ce n'est pas une archive XLSX) : "
                           "enregistrez-le de nouveau depuis le tableur au format .xlsx") from None
    if len(members) > MAX_MEMBERS:
        raise XlsxRejected(f"classeur refusé : {len(members)} éléments dans l'archive "
                           f"({MAX_MEMBERS} au plus)")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise XlsxRejected(f"classeur refusé : {total // (1024 * 1024)} Mo une fois "
                           f"décompressé ({MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} Mo au "
                           "plus) ; découpez-le ou transmettez un CSV")
    for m in members:
        if m.file_size > _RATIO_FLOOR_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise XlsxRejected(f"classeur refusé : l'élément « {m.filename} » se décompresse "
                               f"{m.file_size // max(m.compress_size, 1)} fois (bombe ZIP "
                               "probable) ; enregistrez-le de nouveau depuis le tableur")


def open_workbook(source: Path | bytes) -> Any:
    """Le classeur openpyxl (lecture seule, valeurs calculées), après :func:`check_archive`."""
    from openpyxl import load_workbook  # import tardif : openpyxl est lent à importer

    check_archive(source)
    handle: Any = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        return load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl lève des types variés sur un fichier abîmé
        raise XlsxRejected(f"classeur XLSX illisible ({type(exc).__name__}) : enregistrez-le "
                           "de nouveau depuis le tableur") from None
