# Two entry points (see README): `make serve` and `make test`.
# Each sets up what it needs on a fresh machine with Python 3.11; running them again is cheap.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test validate gaps chromium java npm vnu bench lighthouse vendor

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The site's own dependencies, pinned in pyproject.toml and fully in constraints.txt.
$(VENV)/.site: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.test: $(VENV)/.site
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

serve: $(VENV)/.site
	$(BIN)/mkdocs serve --dirty

build: $(VENV)/.site
	$(BIN)/mkdocs build --strict

validate: $(VENV)/.site
	$(BIN)/python -m macros validate

# What the records lack against the policy at their stage (add ARGS=--strict to fail on any).
gaps: $(VENV)/.site
	$(BIN)/python -m macros gaps $(ARGS)

# The browser tests drive Debian's Chromium; Playwright's own browser download does not work here.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; \
	fi
	@/usr/bin/chromium --version

# Debian's Java and npm, for the HTML checker (and npm for bench/'s Lighthouse); installed when missing.
java:
	@if ! dpkg -s default-jre-headless >/dev/null 2>&1; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq default-jre-headless; \
	fi

npm:
	@if ! command -v npm >/dev/null 2>&1; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq npm; \
	fi

# The W3C Nu Html Checker (tests/test_html_valid.py): npm's vnu-jar at this version, into build/tools/
# once; the tests only run it, they fetch nothing.
VNU_VERSION := 26.9.27
TOOLS := build/tools
VNU_JAR := $(TOOLS)/node_modules/vnu-jar/build/dist/vnu.jar
$(TOOLS)/.vnu-$(VNU_VERSION): | npm
	rm -rf $(TOOLS)/node_modules/vnu-jar && mkdir -p $(TOOLS)
	npm install --silent --no-save --no-audit --no-fund --prefix $(TOOLS) vnu-jar@$(VNU_VERSION)
	test -f $(VNU_JAR)
	touch $@

vnu: java $(TOOLS)/.vnu-$(VNU_VERSION)

test: $(VENV)/.test chromium vnu
	$(BIN)/python -m pytest

bench: $(VENV)/.test
	$(BIN)/python bench/run.py

# Lighthouse (mobile) on every page type, served gzip-compressed (bench/lighthouse.py; ARGS=--details,
# ARGS="--ref COMMIT --ref HEAD"). Lighthouse and its whole tree are pinned in bench/npm/package-lock.json.
bench/npm/node_modules/.bin/lighthouse: bench/npm/package.json bench/npm/package-lock.json | npm
	npm ci --silent --no-audit --no-fund --prefix bench/npm
	touch $@

lighthouse: $(VENV)/.test chromium bench/npm/node_modules/.bin/lighthouse
	$(BIN)/python bench/lighthouse.py $(ARGS)

# The self-hosted JavaScript in docs/javascripts/vendor/ (committed), made again from npm at the pinned
# version: js-yaml for the record form's YAML import, with its licence beside it. (The form checks
# values with the schema as data, docs/javascripts/form/validate.js: no ajv, no new Function.)
JS_YAML_VERSION := 4.1.0
vendor:
	rm -rf build/npm && mkdir -p build/npm
	cd build/npm && npm pack --silent js-yaml@$(JS_YAML_VERSION) >/dev/null
	mkdir -p build/npm/js-yaml && tar xzf build/npm/js-yaml-$(JS_YAML_VERSION).tgz -C build/npm/js-yaml
	cp build/npm/js-yaml/package/dist/js-yaml.min.js docs/javascripts/vendor/js-yaml-$(JS_YAML_VERSION).min.js
	cp build/npm/js-yaml/package/LICENSE docs/javascripts/vendor/js-yaml-LICENSE.txt
