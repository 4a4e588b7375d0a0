# The targets the README tells people to run; CI calls `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SET    ?= data/ukraine-talks-2025-02-12
DATA   ?= ../shared/evaldata

.PHONY: install browser-deps demo test test-fast test-browser screenshots lint bench-accuracy bench-alignment bench-draft bench-speed clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned: pip takes the CPU build on this machine's disk instead of a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e ".[test,ray]"
	touch $@

install: $(BIN)/.installed  ## create .venv and install checker with its test tools

demo: install  ## run the checker on the bundled article set -> reports/<set>/
	$(BIN)/checker run $(SET)

browser-deps:  ## Debian's Chromium for the browser tests; skipped (tests skip too) where apt is unavailable
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "apt-get failed: browser tests will be skipped"; \
	else echo "no chromium and no apt-get (or not root): browser tests will be skipped"; fi

test: install browser-deps  ## the whole test suite, real-model and browser tests included
	$(BIN)/python -m pytest -q

test-fast: install  ## unit tests only (fake embedder, no model, no browser)
	$(BIN)/python -m pytest -q -m "not model and not browser"

test-browser: install browser-deps  ## the report's review screen in Chromium
	$(BIN)/python -m pytest -q -m browser

screenshots: install browser-deps  ## refresh docs/report-desktop.png and docs/report-narrow.png
	CHECKER_UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest -q -m browser -k screenshots

lint: install
	$(BIN)/ruff check checker tests bench
	$(BIN)/ruff format --check checker tests bench

bench-alignment: install  ## threshold calibration (MSRP/STS) and ECB+ alignment precision/recall
	$(BIN)/python bench/calibrate_alignment.py --data $(DATA)/news_sentence_pairs
	$(BIN)/python bench/alignment_events.py --data $(DATA)/ecbplus

bench-accuracy: install  ## VitaminC, ECB+ mixed events, seeds annotation
	$(BIN)/python bench/accuracy.py --data $(DATA)

bench-draft: install  ## recall and false alarms of `checker check` on 32 planted errors
	$(BIN)/python bench/draft_planted.py

bench-speed: install  ## batch throughput: sets/s, sentences/s, cold/warm/resume, ratio to bare encoding, peak memory
	$(BIN)/python bench/speed.py --data $(DATA) --sets 1000 --workers $(shell nproc) --profile

clean:
	rm -rf $(VENV) .pytest_cache reports/*/
