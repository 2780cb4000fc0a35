# Pamong: `make demo` runs the demo, `make test` runs the tests. Both set up .venv/ first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Development settings for the local commands; production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS.
export DEBUG ?= 1
MANAGE := $(PY) manage.py

.PHONY: demo test venv lint format migrations-check deploy-check worker e2e-deps bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit("Pamong butuh Python >= 3.11" if sys.version_info < (3, 11) else 0)'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { \
	  echo "Gagal membuat virtualenv. Di Debian/Ubuntu: apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed

demo: venv
	rm -f var/demo.sqlite3 var/demo.sqlite3-wal var/demo.sqlite3-shm
	SQLITE_PATH=var/demo.sqlite3 $(MANAGE) migrate --noinput
	SQLITE_PATH=var/demo.sqlite3 $(MANAGE) demo_setup
	@echo "Pesan (kode verifikasi, notifikasi) dicetak di terminal ini oleh worker latar belakang."
	SQLITE_PATH=var/demo.sqlite3 $(MANAGE) db_worker --interval 1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  SQLITE_PATH=var/demo.sqlite3 $(MANAGE) runserver 127.0.0.1:8000

# axe-core for the accessibility test, installed from package-lock.json when missing or stale.
node_modules/.package-lock.json: package.json package-lock.json
	bash scripts/ensure-debian-package.sh npm npm
	npm ci --no-audit --no-fund

test: venv node_modules/.package-lock.json e2e-deps
	$(PY) -m pytest

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: venv
	$(MANAGE) makemigrations --check --dry-run

# `check --deploy` with production-like settings (DEBUG off, real secret, hosts).
deploy-check: venv
	DEBUG=0 SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  ALLOWED_HOSTS=pamong.example.go.id $(MANAGE) check --deploy --fail-level WARNING

# The background worker (notifications, PDF rendering, …).
worker: venv
	$(MANAGE) db_worker

# Regency-scale benchmarks on PostgreSQL (127.0.0.1:5432, user postgres). Drops and recreates
# the pamong_bench database, measures, and writes docs/benchmarks.md. REPORTS=1000000 make bench
REPORTS ?= 200000
$(VENV)/.bench-installed: requirements-bench.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-bench.txt
	@touch $@

bench: $(VENV)/.bench-installed
	$(PY) bench/run.py --reports $(REPORTS)

# Debian's Chromium for the end-to-end tests and screenshots (apt; needs root).
e2e-deps:
	bash scripts/ensure-debian-package.sh /usr/bin/chromium chromium fonts-liberation2

clean:
	rm -rf $(VENV) var staticfiles node_modules
