# Two commands set everything up on a fresh machine:
#   make figures   create .venv, tag the corpus, regenerate every figure in figures/
#   make test      create .venv (+ dev tools), lint, run the whole test suite
#   make bench     throughput, stages and memory on 1,000 synthetic articles (ARGS="--articles 10000")
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: all figures test lint bench venv dev constraints clean

all: figures

$(VENV)/.installed: requirements.txt constraints.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt -c constraints.txt
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PIP) -r requirements-dev.txt -c constraints.txt
	touch $@

venv: $(VENV)/.installed

dev: $(VENV)/.dev-installed

figures: venv
	$(PY) -m framing figures

lint: dev
	$(PY) -m ruff check framing tests tools benchmarks
	$(PY) -m ruff format --check framing tests tools benchmarks

test: dev lint
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 MPLBACKEND=Agg $(PY) -m pytest

bench: venv
	HF_HUB_OFFLINE=1 $(PY) -m benchmarks $(ARGS)

# Refresh constraints.txt from the current .venv after changing requirements*.txt.
constraints: dev
	{ echo "# Exact versions of every package in a working .venv (pip freeze), so a fresh machine"; \
	  echo "# gets the same environment. Regenerate with: make constraints"; \
	  $(PY) -m pip freeze --exclude-editable | sed 's/^torch==\(.*\)+cpu$$/torch==\1/'; } > constraints.txt

clean:
	rm -rf $(VENV) data/processed .pytest_cache
