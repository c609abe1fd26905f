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

## Every benchmark (needs DATABASE_URL, or the embedded stack of `make run` up; each uses a database of its own).
.PHONY: bench bench-matching bench-search bench-reports bench-web
bench: bench-matching bench-search bench-fanout bench-reports bench-web

## Benchmark recommendations: top 20 of 100,000 open projects for 200 students (p50/p95/p99/max). The seeded
## database <NAME>_bench_matching is kept for the next run; ARGS="--drop" removes it, ARGS="--explain" shows the plan.
bench-matching: $(STAMP)
	$(PY) manage.py bench_matching $(ARGS)

## Benchmark the DB part of a project search: the SQL one search page runs (common and rare words, filters, sorts,
## page 5, a typo) for 100 students over the database of bench-matching (seeded first when missing): p50/p95/p99
## of the SQL time and the Python around it. ARGS="--projects 1000000" seeds a million; ARGS="--explain" shows plans.
bench-search: $(STAMP)
	$(PY) manage.py bench_search $(ARGS)

## Benchmark the career office's report pages: 100,000 students, 1,000,000 applications, each page timed as career
## staff next to a bare view (p50/p95/p99/max, SQL queries per page). The seeded database <NAME>_bench_reports is
## kept for the next run; ARGS="--drop" removes it, ARGS="--runs 100" times more requests. The pages read the
## rollup tables (built when missing); ARGS="--compare" times them computed live first, then from the rollups.
bench-reports: $(STAMP)
	$(PY) manage.py bench_reports $(ARGS)

## Benchmark the busiest pages from outside: gunicorn (2 sync workers, production settings) over the database of
## bench-matching, wrk (or a Python load generator) at 8 connections, each page beside a bare JSON view in the same
## run (req/s, p50, p99, share of the bare view, load average). ARGS="--seconds 30" runs longer.
bench-web: $(STAMP)
	$(PY) manage.py bench_web $(ARGS)

## Benchmark the new-match fan-out: 100,000 matching students, one project published, a real worker
## (needs DATABASE_URL / REDIS_URL, or the embedded stack of `make run` up; uses a throwaway database).
.PHONY: bench-fanout
bench-fanout: $(STAMP)
	$(PY) manage.py bench_fanout $(ARGS)

## Lighthouse on Debian's Chromium: SEO >= 95 and accessibility 100 on the home page and a public project page,
## phone and desktop (tests/test_lighthouse.py; needs Node 18.16+ and npm; reports in tests/screenshots/).
LIGHTHOUSE_STAMP := tools/lighthouse/node_modules/.installed
.PHONY: lighthouse
$(LIGHTHOUSE_STAMP): tools/lighthouse/package-lock.json
	npm ci --prefix tools/lighthouse --no-audit --no-fund
	touch $@

lighthouse: $(STAMP) $(LIGHTHOUSE_STAMP)
	$(PY) -m marketplace.devstack test tests/test_lighthouse.py $(ARGS)
