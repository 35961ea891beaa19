"""Extraits FINESS open data (data.gouv.fr, format etalab) lus en tableaux polars.

Format : première ligne ``finess;etalab;<n>;<AAAA-MM-JJ>``, puis des enregistrements ``;``
sans en-tête dont le premier champ est la section. Sections lues :

- ``structureet`` (cs1100502/cs1100507) : 32 champs ; le fichier des équipements
  (cs1100505) porte une forme réduite à 3 champs (section, nofinesset, nofinessej) ;
- ``geolocalisation`` (cs1100507) : 6 champs ;
- ``structureej`` (cs1100501) : 23 champs (ordre relevé dans les lecteurs publics du fichier,
  concordants entre eux) ; le statut juridique n'est que là ;
- ``equipementsocial`` (cs1100505) : 28 champs, capacités par discipline, activité et
  clientèle.

Le découpage est vectorisé (polars) ; seules les lignes entre guillemets passent par ``csv``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from campagne.errors import CampagneError
from campagne.referentiel.departements import departements
from campagne.referentiel.nomenclature import MODE_TARIFICATION_DEPUIS_CODEMFT
from campagne.referentiel.textfiles import (
    UnreadableText,
    decode_text,
    field_counts,
    split_fields,
    split_lines,
)

STRUCTUREET = (
    "section", "nofinesset", "nofinessej", "rs", "rslongue", "complrs", "compldistrib",
    "numvoie", "typvoie", "voie", "compvoie", "lieuditbp", "commune", "departement",
    "libdepartement", "ligneacheminement", "telephone", "telecopie", "categetab",
    "libcategetab", "categagretab", "libcategagretab", "siret", "codeape", "codemft", "libmft",
    "codesph", "libsph", "dateouv", "dateautor", "maj", "numuai",
)
STRUCTUREET_LIEN = ("section", "nofinesset", "nofinessej")
GEOLOCALISATION = ("section", "nofinesset", "coordxet", "coordyet", "sourcecoordet", "datemaj")
STRUCTUREEJ = (
    "section", "nofinessej", "rs", "rslongue", "complrs", "numvoie", "typvoie", "voie",
    "compvoie", "compldistrib", "lieuditbp", "commune", "ligneacheminement", "departement",
    "libdepartement", "telephone", "statutjuridique", "libstatutjuridique", "categetab",
    "libcategetab", "siren", "codeape", "datecrea",
)
EQUIPEMENTSOCIAL = (
    "section", "nofinesset", "de", "libde", "ta", "libta", "client", "libclient", "sourceinfo",
    "capinstot", "capinstm", "capinstf", "capinstha", "ageminiinst", "agemaxiinst",
    "indsupinst", "datederinst", "datepremautor", "capautot", "capautm", "capautf",
    "capautha", "ageminiaut", "agemaxiaut", "indsupaut", "dateautor", "datemajaut",
    "datemajinst",
)
SECTIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "structureet": (STRUCTUREET, STRUCTUREET_LIEN),
    "geolocalisation": (GEOLOCALISATION,),
    "structureej": (STRUCTUREEJ,),
    "equipementsocial": (EQUIPEMENTSOCIAL,),
}
MAX_SHOWN = 30


class ExtractError(CampagneError):
    """Extrait FINESS illisible ou mal formé ; ``problems`` les liste tous."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_SHOWN]
        more = len(problems) - len(shown)
        text = "\n".join(f"- {p}" for p in shown)
        if more:
            text += f"\n… et {more} autres problèmes."
        super().__init__(f"Extrait FINESS refusé ({len(problems)} problème"
                         f"{'s' if len(problems) > 1 else ''}) :\n{text}")


@dataclass(frozen=True)
class ExtractFile:
    path: Path
    encoding: str
    date: str
    records: int


@dataclass
class ExtractResult:
    """Les enregistrements lus, par section (colonnes texte, cellule vide = nulle)."""

    structureet: pl.DataFrame = field(default_factory=lambda: _empty(STRUCTUREET))
    liens_et_ej: pl.DataFrame = field(default_factory=lambda: _empty(STRUCTUREET_LIEN))
    geolocalisation: pl.DataFrame = field(default_factory=lambda: _empty(GEOLOCALISATION))
    structureej: pl.DataFrame = field(default_factory=lambda: _empty(STRUCTUREEJ))
    equipementsocial: pl.DataFrame = field(default_factory=lambda: _empty(EQUIPEMENTSOCIAL))
    files: list[ExtractFile] = field(default_factory=list)


def _empty(names: tuple[str, ...]) -> pl.DataFrame:
    return pl.DataFrame(schema={n: pl.String for n in names[1:]})


def _read_text(path: Path, problems: list[str]) -> tuple[str, str] | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(f"{path.name} : fichier illisible ({exc.strerror or exc})")
        return None
    try:
        return decode_text(raw)
    except UnreadableText as exc:
        problems.append(f"{path.name} : ce n'est pas un extrait FINESS texte ({exc})")
        return None


def _header_problem(name: str, first: str) -> str | None:
    parts = first.split(";")
    if len(parts) >= 2 and parts[0].strip().lower() == "finess" and parts[1].strip() == "etalab":
        return None
    return (f"{name}, ligne 1 : ce n'est pas un extrait FINESS open data (la première ligne "
            f"devrait commencer par « finess;etalab; », elle contient « {first[:60]} »)")


def _check_records(name: str, body: pl.DataFrame, problems: list[str]) -> None:
    """Sections inconnues et nombres de champs faux, avec le numéro de ligne."""
    allowed = pl.DataFrame(
        [(s, len(names)) for s, layouts in SECTIONS.items() for names in layouts],
        schema={"section": pl.String, "n": pl.Int64}, orient="row",
    )
    bad = body.join(allowed, on=["section", "n"], how="anti", maintain_order="left")
    for r in bad.head(MAX_SHOWN).iter_rows(named=True):
        sec, line = r["section"], r["line"]
        if sec not in SECTIONS:
            problems.append(f"{name}, ligne {line} : section « {sec[:30]} » inconnue "
                            f"(attendu : {', '.join(SECTIONS)})")
        else:
            want = " ou ".join(str(len(n)) for n in SECTIONS[sec])
            problems.append(f"{name}, ligne {line} : enregistrement {sec} de {r['n']} champs "
                            f"au lieu de {want}")
    if bad.height > MAX_SHOWN:
        problems.append(f"{name} : {bad.height - MAX_SHOWN} autres lignes mal formées")


def _read_one(path: Path, problems: list[str]) -> tuple[ExtractFile, pl.DataFrame] | None:
    decoded = _read_text(path, problems)
    if decoded is None:
        return None
    text, encoding = decoded
    lines = split_lines(text)
    if not lines or not lines[0].strip():
        problems.append(f"{path.name} : fichier vide")
        return None
    header = _header_problem(path.name, lines[0])
    if header:
        problems.append(header)
        return None
    body = pl.DataFrame({"text": pl.Series(lines[1:], dtype=pl.String)}).with_columns(
        pl.int_range(2, len(lines) + 1, dtype=pl.Int64).alias("line")
    ).filter(pl.col("text").str.strip_chars() != "")
    body = body.with_columns(
        pl.col("text").str.extract(r"^([^;]*)", 1).str.strip_chars('"').alias("section"),
        field_counts(body["text"], ";").cast(pl.Int64).alias("n"),
    )
    _check_records(path.name, body, problems)
    parts = lines[0].split(";")
    date = parts[3].strip() if len(parts) > 3 else ""
    return ExtractFile(path, encoding, date, body.height), body


def read_extract(paths: list[Path]) -> ExtractResult:
    """Lit un ou plusieurs extraits FINESS ; lève :class:`ExtractError` (tous les problèmes)."""
    problems: list[str] = []
    if not paths:
        raise ExtractError(["aucun fichier d'extrait FINESS indiqué"])
    read = [r for p in paths if (r := _read_one(Path(p), problems)) is not None]
    if problems:
        raise ExtractError(problems)
    result = ExtractResult(files=[f for f, _ in read])
    bodies = pl.concat(b for _, b in read)  # au moins un fichier lu sans problème
    for section, layouts in SECTIONS.items():
        for names in layouts:
            sel = bodies.filter((pl.col("section") == section) & (pl.col("n") == len(names)))
            if sel.height == 0:
                continue
            frame = split_fields(sel["text"], ";", list(names)).drop("section")
            frame = frame.with_columns(pl.all().str.strip_chars())
            frame = frame.with_columns(pl.when(pl.all() == "").then(None).otherwise(pl.all())
                                       .name.keep())
            attr = "liens_et_ej" if names is STRUCTUREET_LIEN else section
            setattr(result, attr, frame)
    return result


def _scope(result: ExtractResult, categories: set[str] | None) -> tuple[pl.DataFrame,
                                                                         pl.DataFrame]:
    """ET gardés (un par numéro) et ET écartés faute de département doté d'une ARS."""
    et = result.structureet
    if categories is not None:
        et = et.filter(pl.col("categetab").is_in(sorted(categories)))
    et = et.unique("nofinesset", keep="first", maintain_order=True)
    inside = pl.col("departement").is_in(sorted(departements()))
    return et.filter(inside), et.filter(~inside)


def extract_exclusions(result: ExtractResult,
                       categories: set[str] | None = None) -> pl.DataFrame:
    """Les ET que :func:`extract_to_portfolio` écarte, avec le motif (en français)."""
    _, out = _scope(result, categories)
    return out.select(
        "nofinesset", "rs", "departement",
        pl.format("département {} hors des départements et régions embarqués "
                  "(pas d'ARS : Saint-Pierre-et-Miquelon, Wallis-et-Futuna…)",
                  pl.col("departement").fill_null("vide")).alias("motif"),
    )


def extract_to_portfolio(result: ExtractResult,
                         categories: set[str] | None = None) -> pl.DataFrame:
    """Brouillon de portefeuille (mêmes colonnes que ``read_portfolio``) depuis un extrait.

    Remplit l'identité : finess, finess_ej, raison_sociale (``rs``, sinon ``rslongue``),
    categorie, departement, date_ouverture, statut_juridique (si ``structureej`` est lu),
    mode_tarification (seulement pour les ``codemft`` non ambigus), capacite = somme des
    ``capinstot`` des installations non supprimées (0 si l'ET n'en a pas ; vide si aucun
    fichier d'équipements n'est lu). ``base_reconductible`` reste vide : l'agent la
    complète. Le tableau est contrôlé en mode brouillon (``draft=True``) : relu par
    ``read_portfolio`` sans ``draft``, il exigera les montants, les capacités, le statut et
    la fonction publique des organismes publics. Un ET en double (plusieurs fichiers) est
    gardé une fois ; les ET hors départements embarqués sont écartés
    (voir :func:`extract_exclusions`). ``categories`` : codes à garder (tous si ``None``).
    """
    from campagne.referentiel.portfolio import validate_portfolio_frame  # évite un cycle

    et, _ = _scope(result, categories)
    ej = result.structureej.select("nofinessej", "statutjuridique").unique(
        "nofinessej", keep="first")
    equipements = result.equipementsocial
    cap = (
        equipements.filter(pl.col("indsupinst").fill_null("N") != "O")
        .group_by("nofinesset")
        .agg(pl.col("capinstot").cast(pl.Int64, strict=False).sum().alias("_cap"))
    )
    frame = (et.join(ej, on="nofinessej", how="left", maintain_order="left")
             .join(cap, on="nofinesset", how="left", maintain_order="left"))
    capacite = pl.col("_cap").fill_null(0) if equipements.height else pl.lit(None, pl.Int64)
    draft = frame.select(
        pl.col("nofinesset").alias("finess"),
        pl.col("nofinessej").alias("finess_ej"),
        pl.coalesce("rs", "rslongue").alias("raison_sociale"),
        pl.col("categetab").alias("categorie"),
        pl.col("statutjuridique").alias("statut_juridique"),
        pl.col("departement"),
        capacite.alias("capacite"),
        pl.col("codemft").replace_strict(MODE_TARIFICATION_DEPUIS_CODEMFT, default=None,
                                         return_dtype=pl.String).alias("mode_tarification"),
        pl.col("dateouv").alias("date_ouverture"),
    )
    return validate_portfolio_frame(draft, draft=True, source="extrait FINESS")
