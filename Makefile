# Lastmile: the stable entry points are `make demo` and `make test` (see docs/development).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LASTMILE := $(BIN)/lastmile
PORT ?= 8000
HTMX := lastmile/static/vendor/htmx/htmx.min.js
# The demo always runs on the embedded SQLite database under var/.
DEMO_ENV := env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.local

.PHONY: help venv static migrate demo test fuzz lint bench soak clean distclean

help:
	@echo "make demo   - set up, load the demo community, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   - set up and run the whole suite (PostgreSQL when DATABASE_URL is set)"
	@echo "make fuzz   - property and fuzz tests with random seeds (make test repeats fixed ones)"
	@echo "make lint   - ruff check, ruff format --check, mypy"
	@echo "make static - fetch front-end vendor files (htmx) with npm"
	@echo "make bench  - run the benchmarks (bench/run.py)"
	@echo "make soak   - load and fault test on loopback (SOAK_SECONDS=300; bench/results/soak.json)"
	@echo "make clean  - remove caches and fetched vendor files (distclean: also .venv and var/)"

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $(STAMP)

static: $(HTMX)

$(HTMX): package.json
	npm install --no-audit --no-fund
	@mkdir -p $(dir $(HTMX)) lastmile/static/vendor/leaflet lastmile/static/vendor/echarts
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map \
		node_modules/leaflet/dist/leaflet.css lastmile/static/vendor/leaflet/
	cp -r node_modules/leaflet/dist/images lastmile/static/vendor/leaflet/
	cp node_modules/echarts/dist/echarts.min.js lastmile/static/vendor/echarts/
	cp node_modules/htmx.org/dist/htmx.min.js $(HTMX)

migrate: venv
	@mkdir -p var
	$(DEMO_ENV) $(LASTMILE) migrate --noinput

demo: venv static migrate
	$(DEMO_ENV) $(LASTMILE) load_taxonomy
	$(DEMO_ENV) $(LASTMILE) demo_load --if-empty
	@test -f "$${LASTMILE_VAR_DIR:-var}/models/classifier.joblib" || \
		$(DEMO_ENV) $(LASTMILE) classify bootstrap
	@set -euo pipefail; \
	logs="$${LASTMILE_VAR_DIR:-var}"; pids=""; \
	trap 'kill $$pids 2>/dev/null || true; wait 2>/dev/null || true' EXIT; \
	trap 'exit 130' INT TERM; \
	$(DEMO_ENV) $(LASTMILE) scheduler >"$$logs/scheduler.log" 2>&1 & pids="$$pids $$!"; \
	$(DEMO_ENV) $(LASTMILE) db_worker --no-reload >"$$logs/worker.log" 2>&1 & pids="$$pids $$!"; \
	echo "scheduler and worker running (logs in $$logs/)"; \
	echo "Lastmile: http://127.0.0.1:$(PORT)/  (desk: /desk/, admin: /admin/; Ctrl-C stops)"; \
	$(DEMO_ENV) $(LASTMILE) runserver 127.0.0.1:$(PORT)

test: venv static
	$(BIN)/pytest -n auto

# Property and fuzz tests with random seeds (make test repeats the same examples every run).
fuzz: venv static
	LASTMILE_HYPOTHESIS=explore $(BIN)/pytest -n auto lastmile/tests/fuzz lastmile/tests/properties

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy lastmile config tools

bench: venv
	@if [ -f bench/run.py ]; then $(BIN)/python bench/run.py; else echo "bench/run.py does not exist yet"; fi

# Load and fault test of the production layout on loopback (soak/run.py): private PostgreSQL,
# two gunicorn servers behind nginx, two workers, two schedulers, locust. Not part of `make test`.
soak: venv static
	$(BIN)/pip install --quiet -e ".[dev,soak]"
	@command -v nginx >/dev/null || (apt-get update -qq && apt-get install -y -qq nginx-light)
	$(BIN)/python -m soak.run

clean:
	rm -rf node_modules lastmile/static/vendor .ruff_cache .mypy_cache .pytest_cache build
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) var *.egg-info
