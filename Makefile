# The two commands of the README:
#   make build   set everything up, then build every article in source/ into output/
#   make test    set everything up, then run the tests
# Set-up installs Debian packages with apt-get when run as root (a non-root
# user installs them first: see README), then creates .venv/ with Handout in it.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Debian packages the renderers and the tests use (see README, "What installs what").
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core fonts-noto-color-emoji \
	fonts-noto-core fonts-noto-cjk \
	poppler-utils espeak-ng ffmpeg default-jdk-headless libreoffice-writer-nogui zbar-tools \
	pandoc lame chromium nodejs
# The browser tests' validators (axe-core, the Nu checker) come from npm: tests/browser/package-lock.json.
BROWSER_TESTS := tests/browser

.PHONY: build test test-fast setup system venv lint bench clean asr messages

build: setup
	$(BIN)/handout build

test: setup asr
	$(BIN)/pytest

# The offline recogniser the listening test and bench/bench_listening.py measure the audio with
# (a measuring instrument, never a dependency of Handout); idempotent.
asr:
	bash ../shared/asr/setup.sh

test-fast: setup
	$(BIN)/pytest -m "not slow"

lint: setup
	$(BIN)/ruff check builder tests
	$(BIN)/mypy

setup: system $(STAMP)

system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing Debian packages: $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "missing Debian packages: $$missing"; \
			echo "install them first: sudo apt-get install $$missing"; exit 1; \
		fi; \
	fi
	@command -v npm >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq --no-install-recommends npm; \
		else echo "missing: npm (sudo apt-get install npm)"; exit 1; fi; }

$(STAMP): pyproject.toml $(BROWSER_TESTS)/package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	cd $(BROWSER_TESTS) && npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $(STAMP)

# Handout's own words: the template extracted from builder/labels.py, and every catalogue updated from it
# (new messages untranslated, for a translator to fill in; tests/test_labels.py fails until they are).
LOCALE := builder/locale
messages: setup
	$(BIN)/pybabel extract --project=Handout --copyright-holder="Handout contributors" --no-location \
		--add-comments=TRANSLATORS: --no-wrap -o $(LOCALE)/handout.pot builder/labels.py
	$(BIN)/pybabel update -D handout -i $(LOCALE)/handout.pot -d $(LOCALE) --no-wrap --ignore-obsolete

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf output/ .pytest_cache
