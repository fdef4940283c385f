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
.PHONY: help venv dev html check import-bib schemas livehtml serve test lint format linkcheck clean bench

help:
	@echo "make html       build the site into $(BUILDDIR)/html (strict: warnings are errors)"
	@echo "make test       run the whole test suite"
	@echo "make check      validate the data files only (fast)"
	@echo "make import-bib FILE=export.bib   add the new papers of a DBLP/Scholar/Zotero export to data/publications.bib"
	@echo "make schemas    rewrite schemas/ (editor schemas of the data files) from the labsite models"
	@echo "make livehtml   rebuild and reload the browser while you edit"
	@echo "make serve      serve $(BUILDDIR)/html on http://127.0.0.1:$(PORT)/"
	@echo "make lint       ruff lint and format check, the engine's import contracts"
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
# When nothing the site is built from changed since the last successful build (every file of conf.py,
# $(SOURCEDIR)/, $(DATADIR)/ and labsite/src/ by name, size and time, the installed packages, the build's
# settings and environment), the site is up to date and Sphinx is not started at all; any change, a
# failed build or a missing $(BUILDDIR)/html builds again.
BUILD_INPUTS := conf.py $(SOURCEDIR) $(DATADIR) labsite/src labsite/pyproject.toml
define BUILD_STATE
import glob, os, sys
lines = [sys.argv[1], *(f"{k}={os.environ.get(k, '')}" for k in ("SOURCE_DATE_EPOCH", "READTHEDOCS_CANONICAL_URL"))]
for folder in sorted(glob.glob("$(VENV)/lib/python*/site-packages")):
    lines += sorted(os.listdir(folder))
for top in sys.argv[2:]:
    paths = [top] if os.path.isfile(top) else []
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        paths += [os.path.join(root, name) for name in sorted(files)]
    for path in paths:
        stat = os.stat(path)
        lines.append(f"{path} {stat.st_size} {stat.st_mtime_ns}")
print("\n".join(lines))
endef
export BUILD_STATE

html: venv
	@mkdir -p $(BUILDDIR); \
	$(BIN)/python -S -c "$$BUILD_STATE" "$(BUILDER) $(SPHINXOPTS)" $(BUILD_INPUTS) > $(BUILDDIR)/state.new; \
	if [ -d $(BUILDDIR)/html ] && cmp -s $(BUILDDIR)/state.new $(BUILDDIR)/state; then \
		rm -f $(BUILDDIR)/state.new; \
		echo "The site in $(BUILDDIR)/html/ is up to date: nothing it is built from changed since the last build."; \
		exit 0; \
	fi; \
	rm -f $(BUILDDIR)/state; \
	echo "$(SPHINXBUILD) -b $(BUILDER) $(SPHINXOPTS) $(SOURCEDIR) $(BUILDDIR)/staging -c . -d $(BUILDDIR)/doctrees"; \
	$(SPHINXBUILD) -b $(BUILDER) $(SPHINXOPTS) $(SOURCEDIR) $(BUILDDIR)/staging -c . -d $(BUILDDIR)/doctrees \
		|| { rm -f $(BUILDDIR)/state.new; exit 1; }; \
	rm -rf $(BUILDDIR)/html.new; \
	cp -a $(BUILDDIR)/staging $(BUILDDIR)/html.new; \
	rm -rf $(BUILDDIR)/html && mv $(BUILDDIR)/html.new $(BUILDDIR)/html; \
	mv $(BUILDDIR)/state.new $(BUILDDIR)/state; \
	echo "The site is in $(BUILDDIR)/html/ (open it with: make serve)."

check: venv
	$(BIN)/labsite-check $(DATADIR)

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

test: dev
	$(BIN)/python -m pytest

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

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
