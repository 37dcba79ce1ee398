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

# lint-imports checks the layer contracts in pyproject.toml before any test runs.
# worksteal: a worker that runs out of tests takes some of the other's, so the
# long tests at the end of one worker's share do not leave the other core idle.
test: $(STAMP) system-deps
	$(BIN)/lint-imports --no-cache
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(JOBS) --dist worksteal -q

# Speed is measured here, never asserted in tests: each script prints its
# figures side by side with a baseline run in the same process.
bench: $(STAMP)
	for b in benchmarks/bench_*.py; do echo "== $$b"; QT_QPA_PLATFORM=offscreen $(BIN)/python $$b || exit 1; done

# Regenerates every picture in docs/screenshots (offscreen, no display needed).
screenshots: $(STAMP)
	for s in docs/make_*screenshots.py; do QT_QPA_PLATFORM=offscreen $(BIN)/python $$s || exit 1; done

dist: $(STAMP)
	sh packaging/build-dist.sh

clean:
	rm -rf $(VENV) build dist *.egg-info
