# One front door for chores. `make help` lists the targets.
PYTHON ?= python3
PIP := $(PYTHON) -m pip

.PHONY: help install build test test-rust test-python lint fmt bench faults

help:  ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

install:  ## install xinwen with its test dependencies (editable: edits to python/ apply at once)
	$(PIP) install -q -e '.[test]'

build:  ## rebuild the Rust extension in place after Rust edits
	$(PIP) install -q -e . --no-deps

test: install test-rust test-python  ## install test deps, then run every test (Rust and Python)

test-rust:  ## the Rust core's tests (no Python involved)
	cargo test --quiet

test-python:  ## the Python tests, doctests and the stub check
	$(PYTHON) -m pytest -q

lint:  ## rustfmt, clippy, ruff and mypy (strict), all as errors
	cargo fmt --check
	cargo clippy --all-targets --features python --quiet -- -D warnings
	$(PYTHON) -m ruff check python tests benches
	$(PYTHON) -m ruff format --check python tests benches
	$(PYTHON) -m mypy python/xinwen

fmt:  ## format Rust and Python
	cargo fmt
	$(PYTHON) -m ruff format python tests benches
	$(PYTHON) -m ruff check --fix python tests benches

faults:  ## the long fault-injection run: every bad file, misuse and large input, each in a memory-limited child with a timeout
	$(PYTHON) tests/faults.py

bench:  ## benchmarks against the Python baselines, the jieba-rs limit and memory (slow; needs ../shared)
	$(PIP) install -q -e '.[bench]'
	$(PYTHON) benches/bench_ingest.py
	$(PYTHON) benches/bench_pages.py
	$(PYTHON) benches/bench_tokens.py
	$(PYTHON) benches/bench_cut.py
	$(PYTHON) benches/bench_analysis.py
	$(PYTHON) benches/bench_corpus.py
	$(PYTHON) benches/bench_pipeline.py
	$(PYTHON) benches/bench_dataset.py
	$(PYTHON) benches/bench_dask.py
	$(PYTHON) benches/bench_dedup.py
	$(PYTHON) benches/bench_quotes.py
	cargo bench --bench hot_paths
