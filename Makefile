# Fazhi (法治卫健): make run | make serve | make test | make lint | make bench
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# Django 6 needs Python 3.12 or newer: use the first such interpreter found.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run serve test test-sqlite test-postgres lint bench install clean setup-system

# Fazhi runs as production unless FAZHI_DEBUG=1 (fazhi/settings.py): the demo server, the lint
# checks and the benchmarks are development; the tests set it themselves (fazhi/settings_test.py).
run lint bench: export FAZHI_DEBUG = 1

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "需要 Python 3.12 或更高版本 (Django 6 requires Python >= 3.12)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py demo --scale small --if-empty
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py demo_logins --url http://$(HOST):$(PORT)/
	@# Background jobs (PDF exports) need a worker: one runs beside the server and stops with it.
	$(PY) manage.py worker --no-reload -v0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
		$(PY) manage.py runserver $(HOST):$(PORT)

# The system packages the suite needs (chromium, CJK fonts, LibreOffice, poppler) and a running
# PostgreSQL, as CI has them: installed with apt-get as root, otherwise the command is printed.
setup-system:
	@bash scripts/setup_system.sh

# Production: gunicorn + WhiteNoise after the start-up checks (fazhi serve); needs FAZHI_SECRET_KEY,
# FAZHI_SM4_KEY and FAZHI_ALLOWED_HOSTS (docs/deployment.md). Not FAZHI_DEBUG: production mode.
serve: install
	$(PY) manage.py migrate --noinput -v0
	$(VENV)/bin/fazhi serve --host $(HOST) --port $(PORT)

# The whole suite on SQLite, then on PostgreSQL (skipped locally when none answers; CI=true fails).
test: install setup-system
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install
	@$(PY) scripts/pg_available.py; rc=$$?; \
	if [ $$rc -eq 3 ]; then exit 0; elif [ $$rc -ne 0 ]; then exit $$rc; fi; \
	DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
		$(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/static
