# Every target sets up .venv by itself when it is missing or older than pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint fuzz bench robustness man schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python scripts/demo.py

# In parallel (pytest-xdist): JOBS worker processes, tests handed out as workers free up; a
# module marked xdist_group stays in one worker. `make test JOBS=0` runs in one process.
JOBS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -q -n $(JOBS) --dist loadgroup

# The long Hypothesis profile (`make test` runs the short "ci" one). CYCLEMAP_FUZZ_SEED=1
# explores new inputs on each run instead of the same ones.
fuzz: $(STAMP)
	CYCLEMAP_FUZZ_PROFILE=long $(BIN)/python -m pytest -q tests/fuzz

# Long fuzz, 500 SIGKILLs while saving, the broken-file corpus; prints the figures.
robustness: $(STAMP)
	$(BIN)/python scripts/robustness.py

# mypy's settings are in pyproject.toml: strict on the core (src/cyclemap outside tui/).
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

# The man page, from the parser (a test says when it is out of date).
man: $(STAMP)
	$(BIN)/python scripts/manpage.py

# The models' core schema as data (src/cyclemap/data/map_schema.json, run by map_validator.py
# for export, show and check of a file); a test says when it is out of date.
schema: $(STAMP)
	$(BIN)/python -m cyclemap.map_schema

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache build dist
