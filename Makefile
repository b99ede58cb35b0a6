# Löfteskollen: `make run` serves the app with demo data, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.lock | cut -c1-12)

.PHONY: run test lint check clean-db python-version system-deps benchmark

python-version:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "Löfteskollen needs Python 3.12 or newer (Django 6.1); '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "With pyenv, the .python-version file selects 3.13; or run: make PYTHON=python3.13 …"; \
	  exit 1; }

$(STAMP): requirements.lock | python-version
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

system-deps:
	@scripts/install-system-deps

run: $(STAMP)
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py seed_demo
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP) system-deps
	SECRET_KEY=test-only-secret-key-not-for-production-0123456789 SECURE_COOKIES=false \
	  SECURE_SSL_REDIRECT=false \
	  scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

benchmark: $(STAMP) system-deps
	SECRET_KEY=benchmark-only-secret-key-not-for-production-0123456789 SECURE_COOKIES=false \
	  SECURE_SSL_REDIRECT=false \
	  scripts/with-postgres $(PY) benchmarks/report_pdf.py $(BENCHMARK_ARGS)
	SECRET_KEY=benchmark-only-secret-key-not-for-production-0123456789 \
	  scripts/with-postgres $(PY) benchmarks/history_page.py $(BENCHMARK_ARGS)
	SECRET_KEY=benchmark-only-secret-key-not-for-production-0123456789 \
	  scripts/with-postgres $(PY) benchmarks/report_create.py $(BENCHMARK_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=true $(PY) manage.py check

clean-db:
	rm -f db.sqlite3
