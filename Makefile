# Common tasks. `make run` and `make test` do all set-up on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STORE ?= instance/store

.PHONY: venv run test lint fix build serve bench eval browser-deps

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

venv: $(VENV)/.installed

# Debian's chromium + chromedriver for the browser tests (needs root; skipped if not root).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && apt-get install -y -qq chromium chromium-driver wrk >/dev/null; fi

## main job: build the bundled examples and serve them (SPARQL UI at http://127.0.0.1:8000/sparql)
run: venv
	$(BIN)/amtsgraph build --store $(STORE)
	$(BIN)/amtsgraph serve --store $(STORE)

test: venv browser-deps
	$(BIN)/pytest -q
	@echo "extraction quality on the frozen test split (evaluation/test):"
	$(BIN)/amtsgraph eval evaluation/test --format markdown

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fix: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

build: venv
	$(BIN)/amtsgraph build --store $(STORE)

serve: venv
	$(BIN)/amtsgraph serve --store $(STORE)

bench: venv
	$(PY) benchmarks/bench_build.py 1000 10000

## extraction quality on the written gold sets (evaluation/README.md); add --check to fail on targets
eval: venv
	$(BIN)/amtsgraph eval evaluation/dev
	$(BIN)/amtsgraph eval evaluation/test
