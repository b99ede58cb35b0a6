# Löfteskollen: `make run` serves the app with demo data, `make test` runs the whole suite.
# `make run PORT=8080` serves on another port (default 8000).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.lock | cut -c1-12)
PORT ?= 8000
# The test suite's tools from npm (package-lock.json): the W3C Nu HTML checker (vnu-jar) and the
# OpenID provider the sign-in tests start (oidc-provider, on Node). The stamp lives inside
# node_modules, so a changed package-lock.json or a removed node_modules installs them again.
NPM_STAMP := node_modules/.installed-$(shell sha256sum package-lock.json | cut -c1-12)

.PHONY: run serve port-free test lint check clean-db python-version system-deps benchmark \
  benchmark-scale

python-version:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "Löfteskollen needs Python 3.12 or newer (Django 6.1); '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "With pyenv, the .python-version file selects 3.13; or run: make PYTHON=python3.13 …"; \
	  exit 1; }

$(STAMP): requirements.lock | python-version
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

system-deps:
	@scripts/install-system-deps

# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; Debian's is used instead.
$(NPM_STAMP): package-lock.json | system-deps
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

# The port is checked first, before the virtualenv, the install and the demo data, so that a taken
# port is reported at once; then `serve` does the rest (a separate make, so that nothing of it starts
# even under make -j).
run: port-free
	@$(MAKE) --no-print-directory serve PORT=$(PORT)

port-free:
	@$(PYTHON) scripts/check-port $(PORT)

# Beside the server, send_reminders runs every 5 minutes (the console prints the e-mails); it
# stops with the server, and by itself if make is killed.
REMINDERS_EVERY ?= 300
serve: $(STAMP)
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py seed_demo
	@DEBUG=true PORT=$(PORT) $(PY) manage.py send_reminders --every $(REMINDERS_EVERY) & \
	  reminders=$$!; trap 'kill $$reminders 2>/dev/null' EXIT INT TERM; \
	  echo "send_reminders runs every $(REMINDERS_EVERY) s (process $$reminders)"; \
	  DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The suite runs in TEST_WORKERS processes (pytest-xdist; default one per core, 0 for one process),
# each test file whole in one of them, so that a file's module fixtures are built once.
TEST_WORKERS ?= $(shell nproc)
test: $(STAMP) system-deps $(NPM_STAMP)
	SECRET_KEY=test-only-secret-key-not-for-production-0123456789 SECURE_COOKIES=false \
	  SECURE_SSL_REDIRECT=false \
	  scripts/with-postgres $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

benchmark: $(STAMP) system-deps
	SECRET_KEY=benchmark-only-secret-key-not-for-production-0123456789 SECURE_COOKIES=false \
	  SECURE_SSL_REDIRECT=false \
	  scripts/with-postgres $(PY) benchmarks/report_pdf.py $(BENCHMARK_ARGS)
	SECRET_KEY=benchmark-only-secret-key-not-for-production-0123456789 \
	  scripts/with-postgres $(PY) benchmarks/history_page.py $(BENCHMARK_ARGS)
	SECRET_KEY=benchmark-only-secret-key-not-for-production-0123456789 \
	  scripts/with-postgres $(PY) benchmarks/report_create.py $(BENCHMARK_ARGS)
	SECRET_KEY=benchmark-only-secret-key-not-for-production-0123456789 SECURE_COOKIES=false \
	  SECURE_SSL_REDIRECT=false \
	  scripts/with-postgres $(PY) benchmarks/public_promise.py $(BENCHMARK_ARGS)
	SECRET_KEY=benchmark-only-secret-key-not-for-production-0123456789 \
	  scripts/with-postgres $(PY) benchmarks/report_memory.py
	SECRET_KEY=benchmark-only-secret-key-not-for-production-0123456789 \
	  scripts/with-postgres $(PY) benchmarks/report_memory.py --kind arsuppfoljning --appendix
	SECRET_KEY=benchmark-only-secret-key-not-for-production-0123456789 \
	  scripts/with-postgres $(PY) benchmarks/report_memory.py --kind slutuppfoljning
	SECRET_KEY=benchmark-only-secret-key-not-for-production-0123456789 \
	  scripts/with-postgres $(PY) benchmarks/report_docx.py
	SECRET_KEY=benchmark-only-secret-key-not-for-production-0123456789 \
	  scripts/with-postgres $(PY) benchmarks/import_plan.py

# National-scale data served by gunicorn (3 workers, production settings), every page shape at 10
# concurrent users: benchmarks/scale/run.py. SCALE=0.1 is a quick run; DURATION is seconds per page;
# THINK the mean pause (s) between a user's pages in the second pass (0 skips it).
SCALE ?= 1
DURATION ?=
THINK ?= 1
benchmark-scale: $(STAMP) system-deps
	SCALE=$(SCALE) DURATION=$(DURATION) THINK=$(THINK) scripts/with-postgres $(PY) -m benchmarks.scale.run

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=true $(PY) manage.py check

clean-db:
	rm -f db.sqlite3
