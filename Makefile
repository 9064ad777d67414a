# CCHC Tracker. `make demo` and `make test` are the two commands of the README.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
# Tests use as many workers as cores (2 here); set PYTEST_WORKERS=0 to run in one process.
PYTEST_WORKERS ?= auto

.PHONY: demo run install install-dev migrate messages makemessages test lint lint-imports types format check clean security smoke ci bench bench-load

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(DEVSTAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP) $@

install: $(STAMP)
install-dev: $(DEVSTAMP)

# English .mo files are committed; recompile them when gettext is present.
messages: | $(PY)
	@if command -v msgfmt >/dev/null 2>&1; then DEBUG=1 $(PY) manage.py compilemessages -l en --ignore=.venv >/dev/null; \
	else echo "gettext (msgfmt) not found: using the committed .mo files"; fi

# Extract the translatable strings into locale/en/LC_MESSAGES/django.po (needs gettext);
# fill in the new msgstr lines, then `make messages` compiles them.
makemessages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages -l en --ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles

migrate: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: $(STAMP) messages migrate
	DEBUG=1 $(PY) manage.py load_demo
	@echo "Open http://127.0.0.1:8000 — users thuongtruc, lanhdao, canbo, canbo2, truongdonvi; password cchc-demo"
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

run: $(STAMP)
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: $(DEVSTAMP) messages
	DEBUG=1 $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(DEVSTAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The layering contracts of pyproject.toml [tool.importlinter] (CONTRIBUTING.md, "Layers").
lint-imports: $(DEVSTAMP)
	$(VENV)/bin/lint-imports


format: $(DEVSTAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(DEVSTAMP)
	DEBUG=1 $(PY) manage.py check
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Type-check the services, selectors and access rules ([tool.mypy] in pyproject.toml). The
# django-stubs plugin imports the settings, which need DEBUG=1 when no SECRET_KEY is set.
types: $(DEVSTAMP)
	DEBUG=1 $(VENV)/bin/mypy

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache

# bandit: medium and high severity fail. pip-audit: known vulnerabilities in the pinned
# requirements (packages whose advisories cannot be looked up are listed as skipped).
security: $(DEVSTAMP)
	$(VENV)/bin/bandit -q -r . -c pyproject.toml -ll
	$(VENV)/bin/pip-audit -r requirements.txt --progress-spinner off

# The single-server path of docs/DEPLOYMENT.md (production settings, gunicorn, PostgreSQL).
# Needs a PostgreSQL database of its own, which it drops and recreates: SMOKE_DATABASE_URL.
smoke: $(DEVSTAMP)
	@if [ -z "$(SMOKE_DATABASE_URL)" ]; then echo "deploy smoke skipped: SMOKE_DATABASE_URL is not set"; \
	else DATABASE_URL="$(SMOKE_DATABASE_URL)" .ci/deploy-smoke; fi

# Everything CI checks, in this order (prerequisites run one after another; don't use -j).
# .ci/run provisions the machine (packages, PostgreSQL, databases) and then runs this.
# `test` stays last: its final line, pytest's summary, is what CI reads.
ci: lint lint-imports types security check smoke test

# Benchmarks at province and national size on PostgreSQL (~15 min); writes docs/PERFORMANCE.md.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
bench: $(STAMP)
	$(PIP) install --quiet -r bench/requirements.txt
	@command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk >/dev/null 2>&1 || echo "wrk not installed: throughput will be skipped"
	-createdb -h 127.0.0.1 -U postgres cchc_bench_province 2>/dev/null
	-createdb -h 127.0.0.1 -U postgres cchc_bench 2>/dev/null
	DATABASE_URL=$(BENCH_PG)/cchc_bench_province DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_PG)/cchc_bench DEBUG=1 $(PY) manage.py migrate --noinput -v0
	$(PY) bench/generate.py --size province --reset --database-url $(BENCH_PG)/cchc_bench_province
	$(PY) bench/generate.py --size national --reset --database-url $(BENCH_PG)/cchc_bench
	$(PY) bench/run.py --database-url $(BENCH_PG)/cchc_bench_province --runs 5
	$(PY) bench/run.py --database-url $(BENCH_PG)/cchc_bench --runs 5 --dashboard-seconds 60

# Issue 22's load run (bench/load_run.py): locust, 300 users for 5 minutes on a copy of cchc_bench
# (made by `make bench`); writes docs/RELIABILITY.md. LOAD_ARGS="--users 30 --run-time 60s --no-write"
# for a smoke run. locust is not in requirements-dev.txt: CI does not install it.
bench-load: $(STAMP)
	$(PIP) install --quiet -r bench/requirements.txt
	$(PY) bench/load_run.py $(LOAD_ARGS)
