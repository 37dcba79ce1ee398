# Two commands a person needs: `make run` (install, open the editor on an
# example) and `make test` (install, run every test).  Both install what they
# need: Python packages into .venv, and the few Debian packages Qt needs for a
# real window (xvfb for the window test).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXAMPLE ?= examples/worklessness-stoke.cld
JOBS ?= 2

.PHONY: run test install system-deps bench screenshots dist clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

system-deps:
	@sh packaging/install-system-deps.sh

run: $(STAMP) system-deps
	$(BIN)/cld-editor $(EXAMPLE)

test: $(STAMP) system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(JOBS) -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/make_screenshots.py

dist: $(STAMP)
	sh packaging/build-dist.sh

clean:
	rm -rf $(VENV) build dist *.egg-info
