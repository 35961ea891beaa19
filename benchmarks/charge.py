"""Charge de l'application web : 20 utilisateurs simultanés pendant 60 s, depuis un autre
processus, sur la boucle locale, avec 50 000 ESMS dans PostgreSQL.

    python benchmarks/charge.py                 # mesure complète → benchmarks/CHARGE.md
    python benchmarks/charge.py --court         # 2 000 ESMS, 5 utilisateurs, 10 s

Préparation (non chronométrée) : une base PostgreSQL neuve, le portefeuille national généré
(ESMS PH rattachés à la région 11, comme dans ``run.py``), un calcul de la campagne 2024
rangé, les comptes de démonstration. Puis ``campagne serve`` (waitress) démarre dans un
processus à part, et chaque utilisateur simulé se connecte puis enchaîne tableau de bord,
recherche dans le portefeuille, fiche d'un ESMS avec son explication et explication par
l'API, avec un temps de lecture de 0,5 à 1,5 s entre deux pages (un agent réel lit la page).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
PASSWORD = "campagne-demo-2024"
TARGET_P95 = 0.300


def prepare(database_url: str, n: int) -> list[str]:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "campagne.web.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from mesures import portfolio

    from campagne.store.demo import DEMO_USERS, ensure_user, sync_campaigns
    from campagne.store.models import Esms
    from campagne.store.portfolio import import_portfolio
    from campagne.store.runs import execute_run, start_run

    call_command("migrate", verbosity=0)
    sync_campaigns()
    import_portfolio(portfolio(n), canal="charge")
    from campagne.envelopes.margin import Override

    # 50 000 ESMS dépassent de loin la DRL de l'Île-de-France : dérogation explicite, motivée.
    execute_run(start_run("ph-2024-idf", None, None), canal="charge",
                override=Override("banc de charge : portefeuille national rattaché à l'IdF"))
    for username, password, role, region, deps in DEMO_USERS[:4]:
        ensure_user(username, password, role, region, deps)
    return list(Esms.objects.values_list("finess", flat=True))


class User(threading.Thread):
    def __init__(self, base: str, finess: list[str], until: float, seed: int) -> None:
        super().__init__(daemon=True)
        self.base, self.finess, self.until = base, finess, until
        self.rng = random.Random(seed)
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.samples: list[tuple[str, float, int]] = []

    def _get(self, kind: str, path: str) -> str:
        t0 = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                body = response.read().decode("utf-8", "replace")
                status = response.status
        except urllib.error.HTTPError as exc:
            body, status = "", exc.code
        except OSError:
            body, status = "", 0
        self.samples.append((kind, time.perf_counter() - t0, status))
        return body

    def login(self) -> None:
        page = self.opener.open(self.base + "/connexion/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"username": "ars.idf", "password": PASSWORD,
                                       "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + "/connexion/", data=data,
                                         headers={"Referer": self.base + "/connexion/"})
        self.opener.open(request).read()

    def run(self) -> None:
        self.login()
        while time.monotonic() < self.until:
            finess = self.rng.choice(self.finess)
            kind = self.rng.choice(("tableau_de_bord", "portefeuille", "fiche_esms",
                                    "explication_api"))
            path = {"tableau_de_bord": "/campagnes/ph-2024-idf/",
                    "portefeuille": f"/esms/?departement=75&page={self.rng.randint(1, 20)}",
                    "fiche_esms": f"/esms/{finess}/",
                    "explication_api": f"/api/esms/{finess}/explication"}[kind]
            self._get(kind, path)
            time.sleep(self.rng.uniform(0.5, 1.5))


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def report(samples: list[tuple[str, float, int]], users: int, seconds: int, n: int) -> str:
    lines = ["# Charge de l'application web", "",
             f"{users} utilisateurs simultanés pendant {seconds} s, client dans un autre "
             "processus sur la boucle locale ; " + f"{n:,}".replace(",", " ") + " ESMS dans "
             "PostgreSQL ; serveur `campagne serve` (waitress, 16 fils). Temps de lecture de "
             "0,5 à 1,5 s entre deux pages.", "",
             "| page | requêtes | erreurs | médiane | p95 | p99 |", "| --- | --- | --- | --- "
             "| --- | --- |"]
    kinds = sorted({k for k, _, _ in samples})
    for kind in [*kinds, "toutes"]:
        rows = [s for s in samples if kind == "toutes" or s[0] == kind]
        times = [t for _, t, _ in rows]
        errors = sum(1 for _, _, status in rows if status != 200)
        lines.append(f"| {kind} | {len(rows)} | {errors} | {statistics.median(times) * 1000:.0f} "
                     f"ms | {_percentile(times, 0.95) * 1000:.0f} ms | "
                     f"{_percentile(times, 0.99) * 1000:.0f} ms |")
    all_times = [t for _, t, _ in samples]
    p95 = _percentile(all_times, 0.95)
    errors = sum(1 for _, _, status in samples if status != 200)
    verdict = "atteinte" if p95 <= TARGET_P95 and errors == 0 else "manquée"
    lines += ["", f"Cible : p95 ≤ {TARGET_P95 * 1000:.0f} ms et zéro erreur — **{verdict}** "
              f"(p95 {p95 * 1000:.0f} ms, {errors} erreur(s)).",
              "", f"Mesuré le {time.strftime('%Y-%m-%d')} par `make bench-charge`.", ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--court", action="store_true")
    ap.add_argument("--esms", type=int)
    ap.add_argument("--utilisateurs", type=int)
    ap.add_argument("--secondes", type=int)
    ap.add_argument("--port", type=int, default=8777)
    args = ap.parse_args()
    n = args.esms or (2_000 if args.court else 50_000)
    users = args.utilisateurs or (5 if args.court else 20)
    seconds = args.secondes or (10 if args.court else 60)
    import psycopg

    base_url = os.environ.get("CAMPAGNE_BANC_PG", "postgres://postgres@127.0.0.1:5432")
    name = "campagne_charge"
    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    database_url = f"{base_url}/{name}"
    finess = prepare(database_url, n)
    from django.db import connections

    connections.close_all()
    env = {**os.environ, "DATABASE_URL": database_url}
    server = subprocess.Popen([str(Path(sys.executable).parent / "campagne"), "serve",
                               "--sans-demo", "--port", str(args.port), "--fils", "16"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/connexion/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        until = time.monotonic() + seconds
        clients = [User(base, finess, until, seed) for seed in range(users)]
        for c in clients:
            c.start()
        for c in clients:
            c.join()
    finally:
        server.terminate()
        server.wait(timeout=20)
    samples = [s for c in clients for s in c.samples]
    text = report(samples, users, seconds, n)
    print(text)
    if not args.court:
        (HERE / "CHARGE.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
