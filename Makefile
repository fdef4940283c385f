# Hao Zhang's homepage. `make html` builds the site, `make test` runs every test.
# Both set up .venv from the requirements files first (again whenever those change).

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
SOURCEDIR   := docs
# the data folder of import-bib; html and check take conf.py's labsite_data_dir (the same, "data")
DATADIR     := data
BUILDDIR    := _build
SPHINXOPTS  ?= -nW --keep-going -j auto
SPHINXBUILD := $(BIN)/sphinx-build
# dirhtml gives clean URLs (/people/ rather than /people.html).
BUILDER     := dirhtml
PORT        ?= 8000
# Reproducible builds: the build's "now" comes from the sources (the newest talk or paper; see
# labsite.data.builddate), so a clone and a downloaded archive build the same site. Set SOURCE_DATE_EPOCH
# in the environment to override it.

.DEFAULT_GOAL := help
.PHONY: help venv dev html check import-bib schemas livehtml serve test fuzz lint format linkcheck clean bench

help:
	@echo "make html       build the site into $(BUILDDIR)/html (strict: warnings are errors)"
	@echo "make test       run the whole test suite"
	@echo "make fuzz       run the property tests on new random inputs (make test repeats the same ones)"
	@echo "make check      validate the data files only (fast)"
	@echo "make import-bib FILE=export.bib   add the new papers of a DBLP/Scholar/Zotero export to data/publications.bib"
	@echo "make schemas    rewrite schemas/ (editor schemas of the data files) from the labsite models"
	@echo "make livehtml   rebuild and reload the browser while you edit"
	@echo "make serve      serve $(BUILDDIR)/html on http://127.0.0.1:$(PORT)/"
	@echo "make lint       ruff lint and format check, the engine's import contracts, mypy (strict on labsite)"
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

# `labsite-build` (labsite/src/labsite/build.py; the quickstart's Makefile and Read the Docs use it too):
# the data files are validated before anything is read (a plain list of problems; nothing is written if
# there are any); Sphinx builds into $(BUILDDIR)/staging; the finished site is published at
# $(BUILDDIR)/html with one rename ($(BUILDDIR)/html is a link to $(BUILDDIR)/sites/<id>), so a failed,
# killed or out-of-disk build leaves the last good site whole. Every step's failure fails the build.
# A page that warned is read again by the next build, so it fails until it is fixed. When nothing the
# site is built from changed since the last successful build (every file of conf.py, $(SOURCEDIR)/,
# $(DATADIR)/ and labsite, by name, size and time, the installed packages, the build's settings and
# environment), the site is up to date and Sphinx is not started at all.
html: venv
	@$(BIN)/python -m labsite.build --pages $(SOURCEDIR) --builddir $(BUILDDIR) \
		--builder $(BUILDER) --watch labsite/pyproject.toml $(SPHINXOPTS)

# The folders are conf.py's (labsite_data_dir, labsite_files_dir, labsite_previews_dir, ...), as for make html.
check: venv
	$(BIN)/labsite-check --pages $(SOURCEDIR)

# Merge a .bib exported from DBLP, Scholar, Zotero, ... into data/publications.bib: papers already there
# (same DOI, arXiv id, or title and year) are skipped, existing entries are never changed; prints a summary.
import-bib: venv
	@test -n "$(FILE)" || { echo "usage: make import-bib FILE=export.bib"; exit 2; }
	$(BIN)/labsite-import-bib "$(FILE)" --data $(DATADIR)

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

# On every core (pytest-xdist): each worker builds the real site once; a test file runs on one worker, so
# a module's own site build and browser are made once.
test: dev
	$(BIN)/python -m pytest -n auto --dist loadfile

# The property tests with new random examples each run (make test repeats the same ones: conftest.py).
fuzz: dev
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -n auto --dist loadfile tests/test_safety.py labsite/tests/unit/test_paths.py

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

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
