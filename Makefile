# Everyday commands. CONFIG picks the training config, MODEL the model or run directory.
# Every target runs the project's virtual environment, which `make setup` creates; PYTHON=python uses
# another interpreter instead (a container's or CI's own), and `make setup` then installs into it.
VENV_PYTHON := .venv/bin/python
PYTHON ?= $(VENV_PYTHON)
CONFIG ?= configs/general-en-es.yaml
MODEL ?= runs/general-en-es
SPLIT ?= all
TEXT ?= In the beginning God created the heaven and the earth.

.PHONY: setup corpus data data-bible train evaluate translate run test test-fast lint typecheck bench

setup: $(filter $(VENV_PYTHON),$(PYTHON))  ## install the project and its pinned dependencies (torch 2.13.0 first: never a CUDA build)
	$(PYTHON) -m pip install torch==2.13.0
	$(PYTHON) -m pip install -e '.[dev]'

# A clean environment, without the system's site-packages. Debian's python3 makes one only with
# python3-venv installed (./data/install_packages.sh installs it); a failed try leaves no half venv.
$(VENV_PYTHON):
	python3 -m venv .venv || { rm -rf .venv; echo "make setup: no venv (Debian: apt-get install python3-venv)" >&2; exit 1; }

corpus:  ## the Debian packages: Bible modules (KJV, Reina-Valera 1909, World English Bible), the Apertium baseline, wrk (make bench)
	./data/install_packages.sh

data: corpus  ## the general corpus, both directions (Debian packages into data/cache, ~1 GB download, ~10 min)
	$(PYTHON) -m data.prepare --config configs/general-en-es.yaml
	$(PYTHON) -m data.prepare --config configs/general-es-en.yaml

data-bible: corpus  ## prepare both directions of the Bible-only corpus (the bench's data)
	$(PYTHON) -m data.prepare --config configs/en-es.yaml
	$(PYTHON) -m data.prepare --config configs/es-en.yaml

train:  ## train CONFIG (add RESUME=1 to continue the run in its run directory)
	$(PYTHON) -m training.train --config $(CONFIG) $(if $(RESUME),--resume,)

evaluate:  ## BLEU and chrF of MODEL on every test set (SPLIT=all) or one, greedy and beam, Apertium beside each row
	$(PYTHON) -m training.evaluate --model $(MODEL) --split $(SPLIT) --decode greedy
	$(PYTHON) -m training.evaluate --model $(MODEL) --split $(SPLIT) --decode beam --baseline apertium

translate:  ## translate TEXT with MODEL
	echo "$(TEXT)" | $(PYTHON) -m translator translate --model $(MODEL)

run:  ## serve every model under models/ at http://127.0.0.1:8000 (settings: MT_* variables)
	$(PYTHON) -m api --models models

bench: data-bible  ## ours against Joey NMT and OpenNMT-py on this machine (~1 hour on 2 cores, not in CI): bench/results.md
	bash bench/peers/setup.sh
	$(PYTHON) -m bench run

test:  ## the test suite (what CI runs)
	$(PYTHON) -m pytest tests

test-fast:  ## the tests not marked slow (pyproject.toml says which are), for the edit loop: under two minutes on 2 cores
	$(PYTHON) -m pytest -m "not slow" tests

lint: typecheck  ## ruff and mypy (what CI runs)
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

typecheck:  ## mypy over translator, api, training, data and bench (settings: pyproject.toml)
	$(PYTHON) -m mypy
