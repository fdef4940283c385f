# Hao Zhang's homepage. `make html` builds the site, `make test` runs every test.
# Both set up .venv from the requirements files first (again whenever those change).

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
SOURCEDIR   := docs
DATADIR     := data
BUILDDIR    := _build
SPHINXOPTS  ?= -nW --keep-going
SPHINXBUILD := $(BIN)/sphinx-build
# dirhtml gives clean URLs (/people/ rather than /people.html).
BUILDER     := dirhtml
PORT        ?= 8000
# Reproducible builds: the build's "now" comes from the sources (the newest talk or paper; see
# labsite.data.builddate), so a clone and a downloaded archive build the same site. Set SOURCE_DATE_EPOCH
# in the environment to override it.

.DEFAULT_GOAL := help
.PHONY: help venv dev html check schemas livehtml serve test lint format linkcheck clean bench

help:
	@echo "make html       build the site into $(BUILDDIR)/html (strict: warnings are errors)"
	@echo "make test       run the whole test suite"
	@echo "make check      validate the data files only (fast)"
	@echo "make schemas    rewrite schemas/ (editor schemas of the data files) from the labsite models"
	@echo "make livehtml   rebuild and reload the browser while you edit"
	@echo "make serve      serve $(BUILDDIR)/html on http://127.0.0.1:$(PORT)/"
	@echo "make lint       ruff lint and format check"
	@echo "make linkcheck  check external links (needs internet)"
	@echo "make bench      build-speed, scale and page-weight benchmarks (a few minutes)"
	@echo "make clean      remove $(BUILDDIR)"

$(VENV)/.build-installed: requirements.txt labsite/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.build-installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(VENV)/.build-installed
dev: $(VENV)/.dev-installed

# Build into a staging folder; only a successful build replaces $(BUILDDIR)/html.
# The data files are validated before anything is read (a plain list of problems; nothing is written if
# there are any). A page that warned is read again by the next build, so it fails until it is fixed.
html: venv
	$(SPHINXBUILD) -b $(BUILDER) $(SPHINXOPTS) $(SOURCEDIR) $(BUILDDIR)/staging -c . -d $(BUILDDIR)/doctrees
	rm -rf $(BUILDDIR)/html.new
	cp -a $(BUILDDIR)/staging $(BUILDDIR)/html.new
	rm -rf $(BUILDDIR)/html && mv $(BUILDDIR)/html.new $(BUILDDIR)/html
	@echo "The site is in $(BUILDDIR)/html/ (open it with: make serve)."

check: venv
	$(BIN)/labsite-check $(DATADIR)

# Rewrite schemas/*.schema.json (what editors check data files against) after changing labsite's models (labsite/src/labsite/data/model.py).
schemas: venv
	$(BIN)/labsite-schemas

# As strict as `make html`: a page with a warning fails every rebuild until it is fixed.
livehtml: dev
	$(BIN)/sphinx-autobuild -b $(BUILDER) $(SPHINXOPTS) $(SOURCEDIR) $(BUILDDIR)/live -c . -d $(BUILDDIR)/live-doctrees \
		--watch data --watch labsite/src --port $(PORT)

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

# Build speed vs a bare furo site, scale (data x10, x100), page weight; see README.
bench: venv
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(BUILDDIR)
