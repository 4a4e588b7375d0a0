# The targets the README tells people to run; CI calls `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SET    ?= data/ukraine-talks-2025-02-12
DATA   ?= ../shared/evaldata

.PHONY: install demo test test-fast lint bench-accuracy bench-alignment clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned: pip takes the CPU build on this machine's disk instead of a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(BIN)/.installed  ## create .venv and install checker with its test tools

demo: install  ## run the checker on the bundled article set -> reports/<set>/
	$(BIN)/checker run $(SET)

test: install  ## the whole test suite, real-model tests included
	$(BIN)/python -m pytest -q

test-fast: install  ## unit tests only (fake embedder, no model)
	$(BIN)/python -m pytest -q -m "not model"

lint: install
	$(BIN)/ruff check checker tests bench
	$(BIN)/ruff format --check checker tests bench

bench-alignment: install  ## threshold calibration (MSRP/STS) and ECB+ alignment precision/recall
	$(BIN)/python bench/calibrate_alignment.py --data $(DATA)/news_sentence_pairs
	$(BIN)/python bench/ecbplus_alignment.py --data $(DATA)/ecbplus

clean:
	rm -rf $(VENV) .pytest_cache reports/*/
