# Deux commandes suffisent sur une machine neuve : « make demo » et « make test ».
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BENCH_ARGS ?=

.PHONY: install demo test lint bench bench-court clean

install: $(VENV)/.installe

$(VENV)/.installe: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

demo: install
	$(VENV)/bin/campagne demo

test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/lint-imports

bench: install
	$(PY) benchmarks/run.py $(BENCH_ARGS)

bench-court: install
	$(PY) benchmarks/run.py --court

clean:
	rm -rf $(VENV) sortie .pytest_cache
