# Two entry points for a fresh machine: `make run` and `make test`. Both create .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bundle clean screenshots

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Start the app on the demo clinic (an SQLite file in the user data directory).
run: $(STAMP)
	@sh packaging/linux-gui-deps.sh $(BIN)/python
	$(BIN)/frontdesk demo --if-empty
	$(BIN)/frontdesk gui

## Lint, layer contracts and the whole test suite (PostgreSQL tests need the local server).
test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

## The one-folder desktop bundle (PyInstaller) in dist/, smoke-tested.
bundle: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bundle]'
	bash packaging/build.sh $(BIN)/python

## The README's screenshots, rendered from the running app on the demo clinic.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/screenshots.py

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
