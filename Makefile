# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Prefect's embedded server keeps its database in the checkout, not in ~/.prefect, where a
# database migrated by another Prefect version would stop it from starting.
export PREFECT_HOME ?= $(CURDIR)/.prefect

.PHONY: run test test-fast lint format clean lock

# Exact versions and hashes from requirements.lock (`make lock` refreshes it from pyproject.toml),
# so every machine installs what the tests ran on, whatever the index holds that day.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The sample articles as one fixed date, in a lake of their own (never mixed into data/lake).
SAMPLE_DATE := 2026-11-28
run: $(STAMP)
	$(BIN)/newslake run --input seeds --date $(SAMPLE_DATE) --lake data/sample-lake

# Spread over every core (pytest-xdist); a module's tests stay in one process, so what a
# module builds once (a lake, a Prefect server per process) is built once. The stage tests alone
# are quicker in one process than the workers' start.
test: $(STAMP)
	$(BIN)/pytest -q --numprocesses auto --dist loadscope

test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not integration"

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf data/sample-lake

# Re-resolve requirements.lock after an edit of pyproject.toml's dependencies: pins that still
# satisfy it are kept; `make lock LOCK_FLAGS=--upgrade` moves every pin to the newest allowed.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet "pip-tools>=7.4,<8"
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--extra dev --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS) \
		--output-file requirements.lock pyproject.toml
