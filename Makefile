# One entry point for every chore. `make serve` and `make test` set everything up first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build offline test test-fast validate schema parity links urls check build-deps system-deps bench clean

$(VENV)/.site-deps: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f "$$($(PY) -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")/handbook.pth"  # the old hand-written path file
	$(PY) -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps -e .
	touch $@

$(VENV)/.test-deps: $(VENV)/.site-deps requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# Node tools pinned in package-lock.json: axe-core (accessibility tests), Lighthouse (bench).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## serve: set up, then build and serve at http://127.0.0.1:8000/chiiki-zukuri-handbook/ (the path of site_url) with live reload;
##        without the print packs and book PDFs, which every edit would re-render for minutes (make build makes them)
serve: build-deps $(VENV)/.site-deps
	$(PY) -m handbook validate
	HANDBOOK_PRINT_PACKS=0 $(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

## build: set up, validate and build into site/ (a failed build leaves the old site/ in place)
build: build-deps $(VENV)/.site-deps
	$(PY) -m handbook build

## offline: the closed-network edition (LGWAN): dist/chiiki-zukuri-handbook-offline-<date>.zip, opened from file://
offline: build-deps $(VENV)/.site-deps
	$(PY) -m handbook offline

## validate: check curriculum/ against the schema and itself
validate: $(VENV)/.site-deps
	$(PY) -m handbook validate

## schema: re-export curriculum/schema/ from the models
schema: $(VENV)/.site-deps
	$(PY) -m handbook schema

## parity: the English edition against the Japanese (missing texts, glossary renderings, page outlines)
parity: $(VENV)/.site-deps
	$(PY) -m handbook parity

## links: every internal link and anchor of site/ resolves (run make build first)
links: $(VENV)/.site-deps
	$(PY) -m handbook links site

## urls: every address in tests/published-urls.txt still exists in site/ (run make build first)
urls: $(VENV)/.site-deps
	$(PY) -m handbook urls

## check: what must hold before publishing: build, then parity, published addresses and links
check: build
	$(PY) -m handbook parity
	$(PY) -m handbook urls
	$(PY) -m handbook links site

## build-deps: Debian packages the build needs (Japanese font, Pango for the PDFs)
build-deps:
	bash scripts/install-system-deps.sh build

## system-deps: Debian packages the build and the tests need (adds chromium, poppler)
system-deps:
	bash scripts/install-system-deps.sh test

# Test workers (pytest-xdist): one per CPU this process may use, at most 4 (a container can see more CPUs than its
# quota lets it use; each worker has its own Chromium); each test file runs whole on one worker, in the order of
# tests/conftest.py (longest first), and the shared site is built once for all of them.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ "$$n" -gt 4 ] && n=4; echo $$n)
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

## test: set up everything, then run the whole test suite (in parallel: TEST_WORKERS, one per CPU, at most 4)
test: system-deps $(VENV)/.test-deps node_modules/.installed
	@$(PY) -m pytest $(PYTEST_PARALLEL); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

## test-fast: the unit layer only (no site build, no browser): validation, renderers, planner, schema; well under a minute
test-fast: $(VENV)/.test-deps
	@$(PY) -m pytest $(PYTEST_PARALLEL) -m "not build and not browser and not slow" -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test-fast: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

## bench: build benchmark (medians of 5 runs), printed as a table
bench: system-deps $(VENV)/.test-deps node_modules/.installed
	$(PY) -m handbook bench

clean:
	rm -rf site dist .cache .pytest_cache
