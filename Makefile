# usjapan-edu — the set-up commands (see README):
#   make lab       create .venv, install the course, copy the notebooks to ./usjapan-edu-course
#                  (never overwriting your edits) and open JupyterLab there on 00-start-here
#   make test      create .venv with the test extras and run every test (lint, unit, notebooks,
#                  packaging, browser)
#   make progress  show your quiz progress;  make export  write it to a file for your instructor
#   make clean     remove .venv and build files (then `make lab` starts afresh)
# Variables: PYTHON (default python3), PORT (default 8888), NO_BROWSER=1 (headless lab),
#            COURSE_DIR (working folder, default usjapan-edu-course), COURSE_LANG (en or ja:
#            the course in English or in Japanese, in COURSE_DIR/ja; remembered), LAB_OPTIONS (extra
#            JupyterLab options, e.g. LAB_OPTIONS=--ServerApp.ip=0.0.0.0), OUT (export file,
#            default usjapan-edu-progress.csv), PYTEST_ARGS (extra pytest arguments, e.g.
#            PYTEST_ARGS="-m 'not packaging'").

PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8888
COURSE_DIR ?= usjapan-edu-course
OUT    ?= usjapan-edu-progress.csv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
CLI    := $(VENV)/bin/usjapan-edu
# The same path as `usjapan-edu lab`: the tracked notebooks/ are copied, never served in place.
# The CLI adds --allow-root as root and refuses a busy port.
LAB_ARGS := "$(COURSE_DIR)" --port $(PORT)
ifdef NO_BROWSER
LAB_ARGS += --no-browser
endif
# COURSE_LANG, not LANG: LANG is the computer's locale (ja_JP.UTF-8 would not mean "the course
# in Japanese" to everyone who has it).
ifdef COURSE_LANG
LAB_ARGS += --lang "$(COURSE_LANG)"
endif
ifdef LAB_OPTIONS
LAB_ARGS += -- $(LAB_OPTIONS)
endif

.PHONY: lab test lint bench clean help progress export student-copies
.DEFAULT_GOAL := help

help:
	@echo "make lab       open the course in JupyterLab, in ./$(COURSE_DIR) (PORT=$(PORT), NO_BROWSER=1 for headless)"
	@echo "               COURSE_LANG=ja: the course in Japanese (日本語), remembered for the next make lab"
	@echo "make progress  show your quiz progress"
	@echo "make export    write your quiz answers to $(OUT) for your instructor (OUT=file.csv)"
	@echo "make test      run every test (lint, unit, notebooks, packaging, browser)"
	@echo "make bench     run the benchmarks (ratios, side by side)"
	@echo "make clean     remove .venv and build files; the next make lab starts afresh"
	@echo "make student-copies  (instructors) remake notebooks/student/ from notebooks/"

# The course needs Python 3.10+. A .venv made by an older one (macOS's own python3 is 3.9) is
# rebuilt with $(PYTHON) when that one is new enough (checked while make reads this file, before
# it looks at any stamp in .venv); otherwise make says exactly what to run.
PY_OK := import sys; sys.exit(sys.version_info < (3, 10))
ifneq ($(filter lab test lint bench progress export student-copies,$(MAKECMDGOALS)),)
ifeq ($(shell [ -x "$(PY)" ] && ! "$(PY)" -c "$(PY_OK)" >/dev/null 2>&1 && echo old),old)
ifeq ($(shell $(PYTHON) -c "$(PY_OK)" >/dev/null 2>&1 && echo ok),ok)
$(info make: $(VENV) was made with $(shell "$(PY)" -V 2>&1), too old for the course (it needs Python 3.10 or newer): rebuilding it with $(shell $(PYTHON) -V 2>&1))
$(shell rm -rf "$(VENV)")
else
$(error $(VENV) uses $(shell "$(PY)" -V 2>&1), too old for the course (it needs Python 3.10 or newer). Install a newer Python (https://www.python.org/downloads/), then run: make clean && make lab PYTHON=python3.12)
endif
endif
endif

$(PY):
	@$(PYTHON) -c "$(PY_OK)" 2>/dev/null || { \
	  echo "make: $(PYTHON) is $$($(PYTHON) -V 2>&1 || echo missing); the course needs Python 3.10 or newer. Install one (https://www.python.org/downloads/), then run: make lab PYTHON=python3.12 (the name of the new one)" >&2; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Stamps re-install when pyproject.toml changes.
$(VENV)/.installed-lab: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	@touch $@

# nbgrader (a test tool: student versions must match its own) brings a JupyterLab extension
# and server extensions; they stay off, so the course looks the same with the test tools.
NBGRADER_SERVER_EXTENSIONS := formgrader assignment_list course_list validate_assignment
$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PIP) install --quiet -e ".[test]"
	-@$(VENV)/bin/jupyter labextension disable --level=sys_prefix @jupyter/nbgrader >/dev/null 2>&1
	-@for ext in $(NBGRADER_SERVER_EXTENSIONS); do \
	  $(VENV)/bin/jupyter server extension disable --sys-prefix \
	    nbgrader.server_extensions.$$ext >/dev/null 2>&1; done
	@touch $@ $(VENV)/.installed-lab

# tests/hub runs a real JupyterHub, whose proxy is a Node program from the npm registry:
# installed here, in the venv (never globally). 4.6.x runs on Debian 12's Node 18 (5.x needs
# Node 20). Without npm the hub test is skipped (in CI it fails instead).
CHP_VERSION := 4.6.3
$(VENV)/.installed-hub-$(CHP_VERSION): | $(PY)
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --silent --no-audit --no-fund --prefix "$(VENV)/hub-proxy" \
	    configurable-http-proxy@$(CHP_VERSION) && touch $@; \
	else echo "make: npm not found: the JupyterHub test (tests/hub) will be skipped"; fi

lab: $(VENV)/.installed-lab
	USJAPAN_EDU_VIA_MAKE=1 $(CLI) lab $(LAB_ARGS)

progress: $(VENV)/.installed-lab
	@USJAPAN_EDU_VIA_MAKE=1 $(CLI) progress

export: $(VENV)/.installed-lab
	@USJAPAN_EDU_VIA_MAKE=1 $(CLI) progress export --out "$(OUT)"

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check conftest.py src tests benchmarks

# On every core and one more (conftest.py: tests that share a server or a build stay together;
# PYTEST_ARGS="-n 0" runs them one by one).
test: lint $(VENV)/.installed-hub-$(CHP_VERSION)
	$(PY) -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	$(PY) benchmarks/run.py

# Instructors: after editing a notebook in notebooks/, remake the student versions that every
# student path hands out (a test fails while they are out of step).
student-copies: $(VENV)/.installed-lab
	$(CLI) student-version --force notebooks notebooks/student

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
