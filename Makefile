# Hao Zhang's homepage. `make html` builds the site, `make test` runs every test.
# Both set up .venv from the requirements files first (again whenever those change).

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
SOURCEDIR   := docs
BUILDDIR    := _build
SPHINXOPTS  ?= -nW --keep-going
SPHINXBUILD := $(BIN)/sphinx-build
# dirhtml gives clean URLs (/people/ rather than /people.html).
BUILDER     := dirhtml
PORT        ?= 8000

.DEFAULT_GOAL := help
.PHONY: help venv dev html check livehtml serve test lint format linkcheck clean

help:
	@echo "make html       build the site into $(BUILDDIR)/html (strict: warnings are errors)"
	@echo "make test       run the whole test suite"
	@echo "make check      validate the data files only (fast)"
	@echo "make livehtml   rebuild and reload the browser while you edit"
	@echo "make serve      serve $(BUILDDIR)/html on http://127.0.0.1:$(PORT)/"
	@echo "make lint       ruff lint and format check"
	@echo "make linkcheck  check external links (needs internet)"
	@echo "make clean      remove $(BUILDDIR)"

$(VENV)/.build-installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.build-installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(VENV)/.build-installed
dev: $(VENV)/.dev-installed

# Build into a staging folder; only a successful build replaces $(BUILDDIR)/html.
html: venv
	$(SPHINXBUILD) -b $(BUILDER) $(SPHINXOPTS) $(SOURCEDIR) $(BUILDDIR)/staging -c . -d $(BUILDDIR)/doctrees
	rm -rf $(BUILDDIR)/html.new
	cp -a $(BUILDDIR)/staging $(BUILDDIR)/html.new
	rm -rf $(BUILDDIR)/html && mv $(BUILDDIR)/html.new $(BUILDDIR)/html
	@echo "The site is in $(BUILDDIR)/html/ (open it with: make serve)."

check: venv
	$(BIN)/python -m labsite.check

livehtml: dev
	$(BIN)/sphinx-autobuild -b $(BUILDER) $(SOURCEDIR) $(BUILDDIR)/live -c . -d $(BUILDDIR)/live-doctrees \
		--watch data --watch labsite --port $(PORT)

serve:
	@test -d $(BUILDDIR)/html || { echo "No site yet: run make html first."; exit 1; }
	$(PYTHON) -m http.server --bind 127.0.0.1 --directory $(BUILDDIR)/html $(PORT)

test: dev
	$(BIN)/python -m pytest

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

linkcheck: venv
	$(SPHINXBUILD) -b linkcheck $(SOURCEDIR) $(BUILDDIR)/linkcheck -c . -d $(BUILDDIR)/doctrees

clean:
	rm -rf $(BUILDDIR)
