# One command renders the example, one runs the tests; both set up what they need.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup fonts test-tools ocr bench clean

demo: setup
	$(BIN)/pilgi render examples/neural-network-io.yaml -o output/
	$(BIN)/pilgi render examples/neural-network-io.md -o output/markdown/

test: setup test-tools ocr
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/bench.py

setup: fonts $(STAMP)

# System fonts come from Debian's packages; skipped when they are already there.
fonts:
	@sh scripts/install-fonts.sh

# Chromium and poppler-utils check the SVG, PDF and preview as a reader sees them;
# their tests skip where these cannot be installed.
test-tools:
	@sh scripts/install-test-tools.sh

# tesseract (Korean + English) for the legibility test; the test skips without it.
ocr:
	@sh scripts/install-ocr.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) output build src/*.egg-info .pytest_cache .hypothesis
