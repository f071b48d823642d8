# IKZ-Katalog – `make` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.DEFAULT_GOAL := help
.PHONY: help install run test lint format migrations ci clean bench fuzz load restore-drill

help: ## Show this list of targets
	@echo "IKZ-Katalog – make targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its development tools

run: $(STAMP) ## Run the catalogue on http://127.0.0.1:8000 (SQLite, bundled content)
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_content
	$(MANAGE) load_selfcheck
	$(MANAGE) ensure_editor
	$(MANAGE) runserver 127.0.0.1:8000

test: $(STAMP) ## Run the whole test suite (set DATABASE_URL=postgres://… for PostgreSQL)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

fuzz: $(STAMP) ## Fuzz every public URL longer than make test does (IKZ_FUZZ_EXAMPLES=500)
	IKZ_FUZZ_EXAMPLES=$${IKZ_FUZZ_EXAMPLES:-500} $(BIN)/python -m pytest tests/test_fuzz.py $(PYTEST_ARGS)

bench: $(STAMP) ## Benchmark on PostgreSQL with wrk, writes docs/PERFORMANCE.md (~20 min)
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

load: $(STAMP) ## Load test: 60 s, 50 connections over the mixed pages on PostgreSQL; 0 errors, <10 % memory growth
	$(BIN)/python bench/bench.py --load-check --database ikz_load --endurance-size $${LOAD_SIZE:-10000}

restore-drill: ## Restore a pg_dump into a fresh database and compare row counts
	bash scripts/restore_drill.sh

lint: $(STAMP) ## Check code style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations: $(STAMP) ## Create migrations after model changes
	$(MANAGE) makemigrations

ci: ## Run what CI runs: the suite on SQLite and on PostgreSQL
	bash .ci/run

clean: ## Remove the virtual environment and local data (var/)
	rm -rf $(VENV) var
