# Two entry points: `make run` and `make test`. Both (re)build .venv from the pinned
# dependencies first, so a fresh Debian machine with python3.11 and make needs nothing else.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test build bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# The stamp is remade whenever the pins change, so `make` updates an existing venv.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/python -m streamlit run dashboard.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# Debian's Chromium and poppler-utils are installed first when missing (apt-get, via sudo when
# not root), so the browser tests never error on a fresh machine.
# The suite runs in its three groups (tests/conftest.py puts every test in one), each timed by
# pytest's summary line; a failing group stops the run.
test: $(VENV)/.installed
	./scripts/debian-packages
	$(BIN)/python -m pytest -m unit
	$(BIN)/python -m pytest -m apptest
	$(BIN)/python -m pytest -m browser

build: $(VENV)/.installed
	$(BIN)/python -m tradeviz build

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV)
