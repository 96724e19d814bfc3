# NetCare Desktop — the two commands a fresh Linux machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
XVFB   := xvfb-run -a -s "-screen 0 1280x800x24"

.PHONY: stress fuzz run test bench lint sysdeps sysdeps-test venv screenshot icons clean package package-test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev,package]'
	touch $(STAMP)

venv: $(STAMP)

sysdeps:
	@sh tools/sysdeps.sh run

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

## The nightly fuzz run: 200,000 mutated inputs through the vCard and CSV readers, then
## 300,000 coverage-guided ones (atheris) seeded with the shared corpus.
FUZZ_DIR := build/fuzz-corpus
fuzz: $(STAMP)
	NETCARE_FUZZ_INPUTS=200000 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:randomly tests/interop/test_fuzz.py -k mutated $(PYTEST_ARGS)
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	mkdir -p $(FUZZ_DIR) && cp -n ../shared/corpus/vcards/* ../shared/corpus/csv/*.csv $(FUZZ_DIR)/ 2>/dev/null || true
	cd build && ../$(BIN)/python ../tools/fuzz_atheris.py -atheris_runs=300000 -max_len=8192 -rss_limit_mb=2048 fuzz-corpus

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

lint: $(STAMP)
	$(BIN)/ruff check netcare_desktop tests bench tools
	$(BIN)/ruff format --check netcare_desktop tests bench tools

## The README's screenshot, taken on a real X server.
screenshot: sysdeps-test $(STAMP)
	$(XVFB) $(BIN)/python tools/screenshot.py docs/screenshot.png
	$(XVFB) $(BIN)/python tools/screenshot.py docs/due.png due
	$(XVFB) $(BIN)/python tools/screenshot.py docs/health.png health

icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python resources/make_icons.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
