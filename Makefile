# Proeftuin. `make run` serves the platform with demo data; `make test` runs every check.
SHELL := /bin/bash
# Every line of a recipe stops at its first failing command.
.SHELLFLAGS := -ec
PYTHON ?= $(shell bin/find-python)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
SQLITE_ENV := env -u DATABASE_URL
PYTEST_WORKERS ?= 2

.PHONY: run setup test lint pytest-sqlite pytest-postgres bench bench-at-scale messages clean

$(BIN)/activate:
	@test -n "$(PYTHON)" || { echo "No Python >= 3.12 found (see bin/find-python)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate pyproject.toml requirements.lock
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

.env:
	cp .env.example .env

staticfiles: $(VENV)/.installed .env $(shell find static -type f)
	$(MANAGE) collectstatic --no-input --verbosity 0
	touch $@

setup: $(VENV)/.installed .env staticfiles
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) load_demo

run: setup
	@bin/run-local "$(BIN)/python"

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive proeftuin config
	bin/audit-dependencies $(BIN)/pip-audit

# The whole suite on SQLite; browser journeys and the cluster smoke run here unless a
# PostgreSQL pass follows (the cluster smoke needs PostgreSQL: it skips on SQLite alone).
pytest-sqlite: $(VENV)/.installed node_modules/.installed .env staticfiles
	$(SQLITE_ENV) $(BIN)/pytest -n $(PYTEST_WORKERS) $(if $(filter postgres%,$(DATABASE_URL)),-m "not browser and not cluster")

# The whole suite, browser journeys included, on the PostgreSQL of DATABASE_URL.
pytest-postgres: $(VENV)/.installed node_modules/.installed .env staticfiles
	$(BIN)/pytest -n $(PYTEST_WORKERS)

test: $(VENV)/.installed node_modules/.installed .env
	@if [ "$$CI" = "true" ] && [[ "$$DATABASE_URL" != postgres* ]]; then \
		echo "CI=true needs DATABASE_URL=postgres://… for the PostgreSQL pass."; exit 1; fi
	@start=$$(date +%s); $(MAKE) --no-print-directory lint; echo "== lint: $$(( $$(date +%s) - start )) s"
	@start=$$(date +%s); $(MAKE) --no-print-directory pytest-sqlite; echo "== tests on SQLite: $$(( $$(date +%s) - start )) s"
	@if [[ "$$DATABASE_URL" == postgres* ]]; then \
		start=$$(date +%s); $(MAKE) --no-print-directory pytest-postgres || exit 1; \
		echo "== tests on PostgreSQL (with browser journeys): $$(( $$(date +%s) - start )) s"; \
	else echo "== PostgreSQL pass skipped: DATABASE_URL is not a postgres:// URL"; fi

# The benchmark (bench/README.md; figures appended to bench/RESULTS.md): the large data on
# SQLite with the dashboard and the deadline rush; then, each on a throwaway PostgreSQL, the
# large data with the dashboard, the load run, the several machines and the rush; the soak;
# the faults. Installs wrk, nginx and PostgreSQL from Debian when they are missing (as root).
bench: $(VENV)/.installed .env
	@missing=$$(for p in wrk nginx postgresql; do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -q && apt-get install -y -q $$missing; fi
	$(SQLITE_ENV) $(BIN)/python bench/generate.py
	$(SQLITE_ENV) $(BIN)/python bench/insights.py
	$(SQLITE_ENV) $(BIN)/python bench/rush.py
	bin/with-postgres $(MAKE) --no-print-directory bench-at-scale
	bin/with-postgres $(BIN)/python bench/soak.py
	bin/with-postgres $(BIN)/python bench/faults.py

# On the PostgreSQL of DATABASE_URL: the large data, then what runs against it.
bench-at-scale: $(VENV)/.installed .env
	$(BIN)/python bench/generate.py
	$(BIN)/python bench/insights.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/cluster.py
	$(BIN)/python bench/rush.py

messages: $(VENV)/.installed
	$(MANAGE) makemessages -l en -e html,txt,py --ignore=.venv --ignore=node_modules --ignore=bench --ignore=tests --ignore=staticfiles
	$(MANAGE) compilemessages -l en -l nl --ignore=.venv

clean:
	rm -rf $(VENV) node_modules staticfiles .test-db.sqlite3*
