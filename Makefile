# usjapan-edu — the two set-up commands (see README):
#   make lab    create .venv, install the course, open JupyterLab on notebooks/00-start-here.ipynb
#   make test   create .venv with the test extras and run every test (lint, unit, notebooks,
#               packaging, browser)
# Variables: PYTHON (default python3), PORT (default 8888), NO_BROWSER=1 (headless lab),
#            PYTEST_ARGS (extra pytest arguments, e.g. PYTEST_ARGS="-m 'not packaging'").

PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8888
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
LAB_FLAGS := --ServerApp.root_dir=notebooks --LabApp.default_url=/lab/tree/00-start-here.ipynb --ServerApp.port=$(PORT)
ifdef NO_BROWSER
LAB_FLAGS += --no-browser
endif
ifeq ($(shell id -u),0)
LAB_FLAGS += --allow-root
endif

.PHONY: lab test lint bench clean help
.DEFAULT_GOAL := help

help:
	@echo "make lab    open the course in JupyterLab (PORT=$(PORT), NO_BROWSER=1 for headless)"
	@echo "make test   run every test (lint, unit, notebooks, packaging, browser)"
	@echo "make bench  run the benchmarks (ratios, side by side)"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Stamps re-install when pyproject.toml changes.
$(VENV)/.installed-lab: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PIP) install --quiet -e ".[test]"
	@touch $@ $(VENV)/.installed-lab

lab: $(VENV)/.installed-lab
	$(VENV)/bin/jupyter lab $(LAB_FLAGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check src tests benchmarks

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
