# Two commands a newcomer needs: `make run` (install everything, open the app) and
# `make test` (install everything, check the house's rules, run the whole test suite).
# Both build .venv/ once.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The CPU build of torch, installed before the project so that the project's plain
# `torch` requirement is already satisfied and no CUDA build is downloaded.
TORCH ?= torch==2.13.0

.PHONY: run test lint clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

run: $(BIN)/.installed
	$(BIN)/lenet-gui

# The house's rules first (seconds), then the tests: CI runs exactly this.
test: lint
	$(BIN)/python -m pytest

# ruff: lint and format; import-linter: the contracts in pyproject.toml (the engine has
# no Qt, layers cli > ui > engine, no import cycles); mypy: types, strict on the engine.
lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
