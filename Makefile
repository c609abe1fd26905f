# The README's commands. Each one creates or updates .venv first, so a fresh clone needs only Python 3.11.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint format clean-devdata

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[embedded,dev]"
	touch $(STAMP)

install: $(STAMP)

## Run the whole product with demo data (embedded PostgreSQL and Redis unless DATABASE_URL / REDIS_URL are set).
run: $(STAMP)
	$(PY) -m marketplace.devstack run

## Run the whole test suite against PostgreSQL (DATABASE_URL, else the embedded one). Extra pytest args: ARGS=...
test: $(STAMP)
	$(PY) -m marketplace.devstack test $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Forget the embedded database and Redis data (the next `make run` starts from scratch).
clean-devdata:
	$(PY) -m marketplace.devstack clean
