# Two entry points (see README): `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test install clean chromium bench bench-peer

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/newsgraph analyze newsgraph/examples --db newsgraph.duckdb

test: $(STAMP) chromium
	$(BIN)/python -m pytest -q

# One benchmark run (benchmarks/bench.py): parse alone vs full analyse, stage shares, 1 vs 2 workers,
# Dask LocalCluster(2) vs 2 workers, peak memory, the store figures (1 M synthetic events; STORE=small|none).
# ARTICLES=N to change the 500 AllSides articles; ROUNDS=N to run each configuration N times (medians).
ARTICLES ?= 500
STORE ?= full
ROUNDS ?= 1
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py --articles $(ARTICLES) --store $(STORE) --rounds $(ROUNDS)

# newsgraph against gdelt-regkg, the open peer that rebuilds GDELT's GKG (benchmarks/peer.py): the peer gets its own
# environment in .peer-venv (it needs Python 3.12+; PEER_PYTHON=path to choose one), 120 articles, 3 rounds.
bench-peer: $(STAMP)
	$(BIN)/python benchmarks/peer.py

# The browser tests (tests/test_web_browser.py) drive Debian's chromium; a fresh machine gets it from apt.
# If apt cannot install it, those tests fail saying so (they never skip).
chromium:
	@test -x /usr/bin/chromium || { echo "make: /usr/bin/chromium is missing: installing chromium with apt for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	  || echo "make: could not install chromium with apt: the browser tests will fail"; }

clean:
	rm -rf $(VENV) newsgraph.duckdb .pytest_cache
