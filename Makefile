# Every target sets up .venv itself; nothing needs to be installed by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup test lint typecheck imports run demo bench eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy
	$(BIN)/mypy bench

# the layers import one way (contracts in pyproject.toml, see ARCHITECTURE.md)
imports: $(STAMP)
	$(BIN)/lint-imports

test: lint typecheck imports
	$(BIN)/pytest -q

run: $(STAMP)
	$(BIN)/skillgap run

demo: $(STAMP)
	$(BIN)/skillgap demo -o skillgap-demo

eval: $(STAMP)
	$(BIN)/skillgap eval --gold ../shared/eval/dev.jsonl

bench: $(STAMP)
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/meta.py
	$(BIN)/python bench/meta_halves.py ../shared/eval/dev.jsonl
	$(BIN)/python bench/report.py
	$(BIN)/python bench/gap.py
	$(BIN)/python bench/gap_seeds.py
	$(BIN)/python bench/crawl.py
	$(BIN)/python bench/store.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
