# The README's commands. Both create the virtual environment and install on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= demo.duckdb

.PHONY: demo test lint bench install clean

$(BIN)/tidings: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(BIN)/tidings

demo: install
	rm -f $(DB)
	$(BIN)/tidings demo --db $(DB)

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests bench

bench: install
	$(BIN)/python bench/pipeline_vs_spacy.py
	$(BIN)/python bench/stories_scale.py
	$(BIN)/python bench/scale_throughput.py
	$(BIN)/python bench/serve_latency.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .ruff_cache
