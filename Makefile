# Deux commandes suffisent sur une machine neuve : « make demo » et « make test ».
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BENCH_ARGS ?=
# Base PostgreSQL de la seconde passe de tests (la base « test_… » est créée puis supprimée).
PG_URL ?= postgres://postgres@127.0.0.1:5432/campagne

.PHONY: install demo test test-sqlite test-postgres lint bench bench-court bench-charge serve clean

install: $(VENV)/.installe chromium

$(VENV)/.installe: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# Paquets Debian : Chromium pour les tests dans le navigateur (jamais de navigateur
# téléchargé) et poppler-utils (pdftotext, pdftoppm) pour relire les arrêtés PDF.
chromium:
	@{ test -x /usr/bin/chromium && command -v pdftotext >/dev/null; } || \
	  { command -v apt-get >/dev/null && (apt-get install -y -q chromium poppler-utils || \
	  (apt-get update -q && apt-get install -y -q chromium poppler-utils)) >/dev/null; } || \
	  echo "Chromium ou poppler-utils absents : tests du navigateur et des PDF ignorés hors CI"

demo: install
	$(VENV)/bin/campagne demo

# Toute la suite sur SQLite, puis la persistance et l'application sur PostgreSQL.
test: install test-sqlite test-postgres

test-sqlite:
	$(PY) -m pytest -q

test-postgres:
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -p no:cacheprovider -m "not navigateur" tests/web

serve: install
	$(VENV)/bin/campagne serve

lint: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/lint-imports

bench: install
	$(PY) benchmarks/run.py $(BENCH_ARGS)

bench-court: install
	$(PY) benchmarks/run.py --court

# Charge de l'application : 20 utilisateurs, 60 s, 50 000 ESMS dans PostgreSQL (CHARGE.md).
bench-charge: install
	$(PY) benchmarks/charge.py

clean:
	rm -rf $(VENV) sortie donnees test-output .pytest_cache
