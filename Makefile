# Two entry points for a fresh machine: `make run` and `make test`. Both create .venv and
# install the exact versions of a lock in requirements/ (hash-checked), then the project itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet
# One stamp per lock, so a refreshed lock (or pyproject.toml) reinstalls.
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed

# Extra flags for `make lock`: LOCK_FLAGS=--upgrade, or LOCK_FLAGS='--upgrade-package NAME'.
LOCK_FLAGS ?=
COMPILE = $(BIN)/uv pip compile --quiet --universal --generate-hashes \
	--custom-compile-command 'make lock' $(LOCK_FLAGS)
LOCK_INPUTS := pyproject.toml requirements/build.in

.PHONY: run test lint format bundle lock clean screenshots translations

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# The lock brings the build backend too, so the editable install builds without isolation.
define install_lock
	$(PIP) install --require-hashes -r $(1)
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@
endef

# The application alone: `make run` needs none of the dev tools.
$(RUN_STAMP): requirements/run.txt pyproject.toml | $(BIN)/python
	$(call install_lock,requirements/run.txt)

# The application with the dev tools (tests, linters, type checker).
$(STAMP): requirements/dev.txt pyproject.toml | $(BIN)/python
	$(call install_lock,requirements/dev.txt)

## Start the app on the demo clinic (an SQLite file in the user data directory).
run: $(RUN_STAMP)
	@sh packaging/linux-gui-deps.sh $(BIN)/python
	$(BIN)/frontdesk demo --if-empty
	$(BIN)/frontdesk gui

## Lint, layer contracts, types and the whole test suite (PostgreSQL tests need the local server).
test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

## The one-folder desktop bundle (PyInstaller) in dist/, smoke-tested; build.sh installs
## requirements/bundle.txt into the venv first.
bundle: | $(BIN)/python
	bash packaging/build.sh $(BIN)/python

## Refresh the locks from pyproject.toml and requirements/*.in. Pins the ranges still allow
## are kept; LOCK_FLAGS=--upgrade moves everything to the newest allowed. Each lock is
## constrained by the one before it, so a package shared by two locks has one version.
lock: | $(BIN)/python
	$(PIP) install --require-hashes -r requirements/uv.txt
	$(COMPILE) requirements/uv.in -o requirements/uv.txt
	$(COMPILE) $(LOCK_INPUTS) -o requirements/run.txt
	$(COMPILE) $(LOCK_INPUTS) --extra dev -c requirements/run.txt -o requirements/dev.txt
	$(COMPILE) $(LOCK_INPUTS) --extra bundle -c requirements/dev.txt -o requirements/bundle.txt

## The README's screenshots, rendered from the running app on the demo clinic.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/screenshots.py

## Spanish: extract every translatable string of ui/ and app/ into the .ts the translators
## fill (messages no longer in the code are dropped), then compile it to the .qm the app loads.
## Both files are committed, so `make run`, `make test` and the bundle need no Qt tools.
TRANSLATIONS := resources/translations
translations: $(RUN_STAMP)
	$(BIN)/pyside6-lupdate -silent -locations none -no-obsolete \
		$$(find ui app -name '*.py' | LC_ALL=C sort) -ts $(TRANSLATIONS)/frontdesk_es.ts
	$(BIN)/pyside6-lrelease -silent $(TRANSLATIONS)/frontdesk_es.ts -qm $(TRANSLATIONS)/frontdesk_es.qm

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
