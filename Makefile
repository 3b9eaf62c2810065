# Set-up and main jobs. Only python3 is needed on a fresh machine; everything
# else (the virtualenv, the spaCy model, Debian's chromium for browser tests)
# is installed from here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install browser bench eval index serve clean

$(BIN)/findit: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $@

# Bytecode for the checkout's own modules, as pip writes it for installed packages: a one-shot
# `findit query` would otherwise compile findit's modules at every run (~35 ms of a ~0.2 s query when
# PYTHONDONTWRITEBYTECODE is set). Only changed modules are recompiled.
install: $(BIN)/findit
	@$(BIN)/python -m compileall -q src

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

test: install browser
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python benchmarks/run.py

eval: install
	$(BIN)/findit eval

clean:
	rm -rf $(VENV) index/gen-* index/current index/cache
