# Two commands for everyone: `make serve` (set up and preview) and `make test` (set up and test).
# Everything is installed into a local virtual environment, .venv/, from the pinned requirements.txt.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000
LOCALE ?= en

# Material prints an end-of-life banner about MkDocs 2.0 on every build; we pin mkdocs<2.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check pr-report link-check test data font lint unit browser chromium lighthouse bench lock vega-runtime clean

## serve: set up, then preview the site on http://127.0.0.1:8000 with live reload
## (one language: LOCALE=zh previews the Chinese edition, LOCALE= both; no git dates)
serve: $(STAMP)
	SITE_URL=http://$(HOST):$(PORT)/ SITE_ONLY_LOCALE=$(LOCALE) \
	SITE_GIT_DATES=false $(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

## build: strict build of the site into site/ (fails on any warning)
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## check: before pushing, about a minute: the data and every citation (source-policy.yaml),
## ruff, a strict build and the tests that need no browser and no scratch build; stops at the
## first problem
check: $(STAMP)
	$(BIN)/python -m macros.precheck
	$(BIN)/ruff check .
	$(BIN)/pytest -m "not browser and not slow" -x -q

## pr-report: Markdown for a pull request's reviewer, against BASE (a git ref): every figure
## changed (old -> new, unit, data set, row, where it is shown), pages changed, sources added or
## removed; to $$GITHUB_STEP_SUMMARY when set, else to the terminal
BASE ?= origin/main
pr-report: $(STAMP)
	$(BIN)/python scripts/pr_report.py --base $(BASE)

## link-check: which cited sources are dead (LinkChecker; a report, never a failure)
LINK_REPORT ?=
link-check: $(STAMP)
	$(BIN)/python scripts/link_check.py $(if $(LINK_REPORT),--out $(LINK_REPORT))

## data: re-derive every table that comes from an official file in data/raw/ (pipeline/);
## refuses a raw file whose checksum differs from data/raw/manifest.yaml, writes all or nothing
data: $(STAMP)
	$(BIN)/python -m pipeline

## font: rebuild macros/fonts/ (the Chinese chart font, a subset of the Debian fonts-noto-cjk
## package) after new Chinese chart strings; the build names any character it lacks
font: $(STAMP)
	$(BIN)/python scripts/subset_font.py

## test: set up (including a Chromium for the browser tests), then run every test
test: $(STAMP) chromium
	$(BIN)/python -m macros.precheck
	$(BIN)/ruff check .
	$(BIN)/pytest

## bench: build-time, page-weight, browser and Lighthouse benchmarks, printed as a table
bench: $(STAMP) chromium lighthouse
	$(BIN)/python scripts/bench.py

## lighthouse: the pinned Lighthouse of `make bench` (scripts/lighthouse/), needs Node.js and npm
LIGHTHOUSE_STAMP := scripts/lighthouse/node_modules/.installed-$(shell cksum scripts/lighthouse/package-lock.json | cut -d' ' -f1)
lighthouse: $(LIGHTHOUSE_STAMP)
$(LIGHTHOUSE_STAMP): scripts/lighthouse/package-lock.json
	@command -v npm >/dev/null || { echo "make bench needs Node.js and npm (Debian: apt-get install nodejs npm)"; exit 1; }
	rm -rf scripts/lighthouse/node_modules
	cd scripts/lighthouse && npm ci --no-audit --no-fund
	touch $@

## vega-runtime: remake docs/assets/javascripts/vega.js after upgrading vl-convert-python
vega-runtime: $(STAMP)
	$(BIN)/python scripts/vendor_vega.py

## lock: re-pin requirements.txt from requirements.in
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install -q -r requirements.in
	{ echo "# Pinned by 'make lock' from requirements.in (Python 3.11). Do not edit by hand."; \
	  .lock-venv/bin/pip freeze; } > requirements.txt
	rm -rf .lock-venv

chromium: $(STAMP)
	@scripts/ensure-chromium.sh $(BIN)/python

clean:
	rm -rf site .cache .pytest_cache .ruff_cache test-output scripts/lighthouse/node_modules

# The virtual environment is (re)made whenever requirements.txt changes.
$(STAMP): requirements.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@
