# Set-up and main jobs. Only python3 is needed on a fresh machine; everything
# else (the virtualenv, the spaCy model, Debian's chromium for browser tests)
# is installed from here. Versions are pinned by constraints.txt.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install -q -c constraints.txt
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install install-test browser bench eval index serve constraints clean

# Bytecode for the installed packages: pip writes none when PYTHONDONTWRITEBYTECODE is set, and every
# `findit` command would then compile Whoosh, click… at start (~0.1 s of a ~0.2 s `findit query`).
COMPILE := $(BIN)/python -m compileall -q -j 0 $(VENV)/lib >/dev/null || true

# What serving needs: findit and its dependencies, nothing for tests or benchmarks.
$(VENV)/.installed-run: pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(PIP) -e .
	$(COMPILE)
	touch $@

# Tests, lint, types and benchmarks on top.
$(VENV)/.installed-test: $(VENV)/.installed-run
	$(PIP) -e '.[test,bench]'
	$(COMPILE)
	touch $@

# Bytecode for the checkout's own modules, as pip writes it for installed packages: a one-shot
# `findit query` would otherwise compile findit's modules at every run (~35 ms of a ~0.2 s query when
# PYTHONDONTWRITEBYTECODE is set). Only changed modules are recompiled.
install: $(VENV)/.installed-run
	@$(BIN)/python -m compileall -q src

install-test: install $(VENV)/.installed-test

# Debian's chromium for the browser tests (Playwright must not download its own).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  elif command -v sudo >/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing and not root: browser tests will be skipped"; fi; \
	fi

index: install
	$(BIN)/findit index

serve: index
	$(BIN)/findit serve --host $(HOST) --port $(PORT)

# Main job: install, index the shipped corpus, serve the search page.
run: serve

# Lint, format and types: the code stays as the tests found it.
lint: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

# Two test processes (pytest-xdist), a file's tests kept together so its fixtures are built once: the
# suite spends much of its time waiting on the processes it starts (indexers, servers, spaCy workers).
TEST_JOBS ?= 2

test: lint browser
	$(BIN)/python -m pytest -q -n $(TEST_JOBS) --dist loadfile

bench: install-test
	$(BIN)/python benchmarks/run.py

eval: install-test
	$(BIN)/findit eval

# Re-pin after changing a dependency (needs a virtualenv with every extra installed).
constraints: install-test
	@{ echo "# Versions the project is tested with (pip install -c constraints.txt …), written by"; \
	   echo "# \`make constraints\` from a virtualenv with every extra installed."; \
	   $(BIN)/pip freeze --exclude-editable | grep -iv '^findit'; } > constraints.txt

clean:
	rm -rf $(VENV) index/gen-* index/current index/cache
