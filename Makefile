# NetCare Desktop — the two commands a fresh Linux machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
XVFB   := xvfb-run -a -s "-screen 0 1280x800x24"

.PHONY: help stress fuzz run test bench lint typecheck sysdeps sysdeps-test venv screenshot icons \
	clean package package-test interop
.DEFAULT_GOAL := help
FUZZ_DIR := build/fuzz-corpus

## List the targets with what each does (this list).
help:
	@awk '/^## /{d = d (d ? " " : "") substr($$0, 4); next} /^#/{next} \
	     /^[a-z][a-z-]*:/{if (d) {sub(/:.*/, ""); printf "  make %-13s %s\n", $$0, d}} {d = ""}' \
	     $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev,package]'
	touch $(STAMP)

## Create .venv with NetCare and its test, dev and packaging tools (redone when pyproject changes).
venv: $(STAMP)

## Check (as root: install) the Debian/Ubuntu libraries Qt needs to run.
sysdeps:
	@sh tools/sysdeps.sh run

## The same, plus what the tests need: Xvfb, trayer, a session bus, nsis, desktop-file-utils.
sysdeps-test:
	@sh tools/sysdeps.sh test

## Open the app (sets itself up in .venv first).
run: sysdeps $(STAMP)
	$(BIN)/netcare $(ARGS)

## The whole suite: offscreen Qt, plus real-X-server tests under Xvfb.
test: sysdeps-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

## The reliability bars: SIGKILL mid-import and two writers, 20 times in a row each.
stress: $(STAMP)
	NETCARE_STRESS_ROUNDS=20 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:randomly tests/e2e/test_reliability.py tests/e2e/test_reliability_backup.py $(PYTEST_ARGS)

## The nightly fuzz run: 200,000 mutated inputs, then 300,000 coverage-guided ones (atheris).
# The readers are the vCard and CSV ones; atheris is seeded with the shared corpus.
fuzz: $(STAMP)
	NETCARE_FUZZ_INPUTS=200000 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:randomly tests/interop/test_fuzz.py -k mutated $(PYTEST_ARGS)
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	mkdir -p $(FUZZ_DIR) && cp -n ../shared/corpus/vcards/* ../shared/corpus/csv/*.csv $(FUZZ_DIR)/ 2>/dev/null || true
	cd build && ../$(BIN)/python ../tools/fuzz_atheris.py -atheris_runs=300000 -max_len=8192 -rss_limit_mb=2048 fuzz-corpus

## khard, another program, reads the vCard exports of every corpus file (not in `make test`).
interop: $(STAMP)
	test -x $(BIN)/khard || $(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python tools/interop_khard.py --khard $(BIN)/khard $(FILES)

## Benchmarks (figures, not pass/fail): startup ratio, search latency, memory.
bench: sysdeps-test $(STAMP)
	$(BIN)/python bench/run_all.py

## The one-folder bundle (dist/netcare) and dist/netcare_<version>_amd64.deb.
package: sysdeps-test $(STAMP)
	PYTHON=$(BIN)/python sh packaging/build_bundle.sh
	PYTHON=$(BIN)/python sh packaging/linux/build_deb.sh

## Build, then smoke-test the .deb unpacked: --version, --self-test offscreen and on Xvfb, the CLI.
package-test: package
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m packaging tests/packaging $(PYTEST_ARGS)

## ruff check and ruff format --check over the code, tests, benchmarks and tools.
lint: sysdeps $(STAMP)
	$(BIN)/ruff check netcare_desktop tests bench tools
	$(BIN)/ruff format --check netcare_desktop tests bench tools

## mypy on core, store and interop (the files and settings are in pyproject.toml).
typecheck: sysdeps $(STAMP)
	$(BIN)/mypy

## The README's screenshot, taken on a real X server.
screenshot: sysdeps-test $(STAMP)
	$(XVFB) $(BIN)/python tools/screenshot.py docs/screenshot.png
	$(XVFB) $(BIN)/python tools/screenshot.py docs/due.png due
	$(XVFB) $(BIN)/python tools/screenshot.py docs/health.png health

## The app icon's PNGs (16-512 px) from resources/icons/netcare.svg.
icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python resources/make_icons.py

## Remove .venv, build output and the tools' caches.
clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
