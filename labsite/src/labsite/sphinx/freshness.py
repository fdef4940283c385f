"""Builds that tell the truth: an incremental build writes what a clean build of the same sources writes.

Sphinx's incremental build re-reads changed documents and writes them and their toctree parents. Three
things fall through, and this module closes them:

- **Warnings are not repeated.** A document that warned (and so failed a strict build) is up to date the
  next time, so a second ``make html`` says "build succeeded" over the broken page. Every document that
  warned, or that was read but not written, is noted in ``labsite-dirty-docs.json`` in the doctree folder
  and read again by the next build (``env-get-outdated``), which repeats its warnings until it is fixed.
- **What every page shows.** Each page also shows the site's navigation (furo's sidebar: every title and
  toctree), the data files, settings, templates and static files (their checksums are in each page's
  links), the theme's (each page carries its scripts inline), and facts features register as shown on
  every page (:meth:`labsite.sphinx.domain.LabsiteDomain.note_shared`: the images in use, the sharing
  image). When any of that changes, every page is written again (``env-updated``). The fingerprint of
  the last complete build is kept in ``labsite-pages.json`` in the doctree folder.
- **What one page shows.** The data files of collections whose records are registered one by one
  (:meth:`~labsite.sphinx.domain.LabsiteDomain.track_records`: the publications) are left out of that
  fingerprint. Instead, each page and file written without a document registers what it shows (records,
  settings, templates, other facts) with the domain when it is produced
  (:meth:`~labsite.sphinx.domain.LabsiteDomain.output_depends`) and is written when that changed; a
  document is read again by Sphinx when a data file it renders changed (``note_dependency``) or, of the
  tracked records, when what it holds of them when read changed
  (:meth:`~labsite.sphinx.domain.LabsiteDomain.note_read_fact`: the research page's venues, the people
  page's counts, the chart), and written again when a record its links name changed
  (:meth:`~labsite.sphinx.domain.LabsiteDomain.reference_facts`) or what it fills in when written changed
  (:meth:`~labsite.sphinx.domain.LabsiteDomain.document_depends`: the CV page's lists, the news and
  publication lists).
  So an edit of one paper writes its page, the list pages and files showing it, and the documents that
  show it, reading none of them again unless what it holds when read changed. The digests are kept
  beside the fingerprint; after a build that warned they are dropped, so every output is written (and
  warns) again. This module knows no feature: it reads the registry.
- **Nothing stale is left.** Pages the sources no longer produce (a removed document, a removed paper
  key), images and downloads no page uses any more are removed from the output (``build-finished``).

What one build learns about itself (:class:`BuildState`) is kept by the ``labsite`` domain for that
build (:meth:`labsite.sphinx.domain.LabsiteDomain.per_build`), never in module state.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging as sphinx_logging
from sphinx.util._serialise import stable_str

from . import STATIC, TEMPLATES
from .data import data_dir, site_data
from .domain import OBJECT_TYPES, html_builder, labsite_domain
from .pagepool import PAGES_WRITTEN, setup_pagepool

DIRTY_NAME = "labsite-dirty-docs.json"
PAGES_NAME = "labsite-pages.json"
_LINE = re.compile(r"(:\d+)+$")


@dataclass
class BuildState:
    """What one build learns about itself (one per Sphinx application)."""

    unwritten: set[str] = field(default_factory=set)  # read (or left dirty) but not written yet
    warned: set[str] = field(default_factory=set)  # documents that warned in this build
    dirty_all: bool = False  # a warning no document can be blamed for: read everything again next time
    reread_all: bool = False  # the last build had such a warning: read everything again now
    fingerprint: str = ""  # what every page shows besides its own document
    documents: dict[str, str] = field(default_factory=dict)  # docname -> digest of its links to records
    previous: dict[str, Any] = field(default_factory=dict)  # labsite-pages.json of the last build
    written: set[str] = field(default_factory=set)  # output files of the pages written this build
    pages_now: list[str] = field(default_factory=list)  # output files of every page, after pruning
    handler: logging.Handler | None = None
    #: conf.py's ``html_static_path`` and the one in use (with the folders extensions add at builder-inited)
    static_path: tuple[list[str], list[str]] = field(default_factory=lambda: ([], []))


def state(app: Sphinx) -> BuildState:
    """This build's :class:`BuildState`, kept by the ``labsite`` domain (one per build environment)."""
    return labsite_domain(app.env).per_build("freshness", BuildState)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _write_json(path: Path, value: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    tmp.write_text(json.dumps(value, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


# --- 1. a document that warned is read again -----------------------------------------------------


class _WarningRecorder(logging.Handler):
    """Notes which document each warning of this build is about (as Sphinx reports it)."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(level=logging.WARNING)
        self.app = app

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.WARNING:
            return
        if sphinx_logging.is_suppressed_warning(
            getattr(record, "type", None) or "", getattr(record, "subtype", None) or "",
            self.app.config.suppress_warnings,
        ):  # fmt: skip
            return
        docname = self.docname(getattr(record, "location", None))
        build = state(self.app)
        if docname is None:
            build.dirty_all = True
        else:
            build.warned.add(docname)

    def docname(self, location: Any) -> str | None:
        env = self.app.env
        if isinstance(location, tuple):
            return location[0] or None
        if isinstance(location, nodes.Node):
            source = sphinx_logging.get_node_location(location)
            location = source or None
        if not location or not isinstance(location, str):
            return None
        if ":" not in location and location in env.all_docs:
            return location
        path = _LINE.sub("", location)
        try:
            return env.path2doc(os.path.abspath(path))
        except Exception:  # a location Sphinx cannot map: blame no document
            return None


def start_recording(app: Sphinx) -> None:
    """At ``builder-inited``: load the documents the last build left dirty, start noting warnings."""
    build = state(app)
    stored = _read_json(Path(app.doctreedir) / DIRTY_NAME)
    build.unwritten = set(stored.get("docs", []))
    build.reread_all = bool(stored.get("all"))
    build.previous = _read_json(Path(app.doctreedir) / PAGES_NAME)
    outputs = build.previous.get("outputs") if build.previous.get("fingerprint") else None
    labsite_domain(app.env).previous_outputs = outputs if isinstance(outputs, dict) else {}
    build.handler = _WarningRecorder(app)
    sphinx_logger = logging.getLogger(sphinx_logging.NAMESPACE)
    for stale in [h for h in sphinx_logger.handlers if isinstance(h, _WarningRecorder)]:
        sphinx_logger.removeHandler(stale)  # of an earlier build in this process that stopped at its start
    sphinx_logger.addHandler(build.handler)


def reread_dirty(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: the documents that warned or were not written last time are read again."""
    build = state(app)
    again = set(env.found_docs) if build.reread_all else build.unwritten & env.found_docs
    build.unwritten = set(added | changed | again)  # dirty until written
    return sorted(again)


def note_written(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: this page is being written (its warnings, if any, are noted separately)."""
    if app.builder.format != "html":
        return
    build = state(app)
    build.written.add(str(html_builder(app.builder).get_outfilename(pagename)))
    if doctree is not None:
        build.unwritten.discard(pagename)


def note_written_elsewhere(app: Sphinx, files: list[str]) -> None:
    """:data:`labsite.sphinx.pagepool.PAGES_WRITTEN`: pages a worker process wrote (``-j``)."""
    state(app).written.update(files)


# --- 2. what every page shows ----------------------------------------------------------------


def _files_digest(digest: Any, folder: Path) -> None:
    if folder.is_file():
        digest.update(folder.read_bytes())
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
        digest.update(path.read_bytes())


def _config_text(app: Sphinx) -> str:
    """The settings pages depend on, as stable text (functions by name: their address changes per run)."""
    values = {}
    for item in app.config:
        if item.rebuild not in ("html", "env", "epub"):
            continue
        value = item.value
        values[item.name] = getattr(value, "__qualname__", None) if callable(value) else value
    try:
        return stable_str(values)
    except Exception:  # an unusual value: compare it by its text
        return repr(sorted(values.items(), key=lambda kv: kv[0]))


def navigation_text(env: BuildEnvironment) -> str:
    """Every document's title and every toctree (with its caption and options): the site navigation."""
    parts = [f"{doc}\0{env.titles[doc].astext() if doc in env.titles else ''}" for doc in sorted(env.all_docs)]
    for doc in sorted(env.toctree_includes):
        parts.append(f"{doc}\0{env.toctree_includes[doc]!r}\0{env.tocs.get(doc, '')}")
    return "\n".join(parts)


#: labsite's own code, templates, static files and word catalogs
_PACKAGE = Path(__file__).resolve().parent.parent


def shared_data_digest(app: Sphinx) -> str:
    """A digest of the data files whose records no output registers one by one (every file of the data
    folder but those of the collections in :attr:`labsite.sphinx.domain.LabsiteDomain.tracked`), and of
    labsite's code: what every page may show."""
    tracked = {site_data(app).path(name).resolve() for name in labsite_domain(app.env).tracked}
    digest = hashlib.sha256()
    folder = data_dir(app)
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        if path.resolve() in tracked:
            continue
        digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    _files_digest(digest, _PACKAGE)
    return digest.hexdigest()


def page_fingerprint(app: Sphinx) -> str:
    """A digest of everything each page shows besides its own document (see the module docstring): the
    records a page does not register itself, the navigation, settings, templates, static files, the
    theme and the facts features register as shown on every page
    (:meth:`labsite.sphinx.domain.LabsiteDomain.note_shared`)."""
    env = app.env
    domain = labsite_domain(env)
    digest = hashlib.sha256()
    digest.update(shared_data_digest(app).encode())
    digest.update(navigation_text(env).encode())
    digest.update(_config_text(app).encode())
    digest.update(f"{app.builder.name}\0{getattr(getattr(app.builder, 'theme', None), 'name', None)}".encode())
    digest.update(stable_str(getattr(getattr(app.builder, "build_info", None), "config_hash", "")).encode())
    for folder in [*app.config.templates_path, *app.config.html_static_path, *app.config.html_extra_path]:
        path = Path(app.confdir, folder)
        if path.exists():
            _files_digest(digest, path)
    for folder in (STATIC, TEMPLATES):
        _files_digest(digest, folder)
    # the theme's templates and static files, and its ancestors' (furo's, Sphinx's basic): pages carry
    # their scripts inline (labsite.sphinx.assets), so a changed doctools.js or furo.js is on every page
    theme = getattr(app.builder, "theme", None)
    for folder in theme.get_theme_dirs() if theme is not None else ():
        _files_digest(digest, Path(folder))
    digest.update(repr(sorted(domain.shared.items())).encode())  # each feature's (images in use, ...)
    digest.update(repr(sorted(domain.talk_locations().items())).encode())
    anchors = env.domains.standard_domain.anonlabels
    digest.update(repr(sorted((k, v) for k, v in anchors.items() if k.startswith(OBJECT_TYPES["member"]))).encode())
    return digest.hexdigest()


def references_digest(app: Sphinx, docname: str) -> str:
    """A digest of what the links to records on ``docname`` show (their titles and targets:
    :meth:`labsite.sphinx.domain.LabsiteDomain.reference_facts`) and of the facts registered for it with
    :meth:`~labsite.sphinx.domain.LabsiteDomain.document_depends`; '' for a document without any."""
    domain = labsite_domain(app.env)
    facts = domain.reference_facts(docname)
    registered = domain.document_facts.get(docname)
    if registered:
        return hashlib.sha256(repr((facts, registered)).encode()).hexdigest()
    return hashlib.sha256(repr(facts).encode()).hexdigest() if facts else ""


def rewrite_when_shared_parts_change(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: when what every page shows changed since the last complete build, write every page."""
    if app.builder.format != "html":
        return []
    build = state(app)
    build.fingerprint = page_fingerprint(app)
    # kept by the domain: the pages written without a document read it (`LabsiteDomain.output_depends`)
    rewrite_all = labsite_domain(env).rewrite_all = build.previous.get("fingerprint") != build.fingerprint
    build.documents = {doc: found for doc in sorted(env.found_docs) if (found := references_digest(app, doc))}
    if rewrite_all:
        return sorted(env.found_docs)
    before = build.previous.get("documents") or {}
    return sorted(doc for doc, found in build.documents.items() if before.get(doc) != found)


# --- 3. nothing stale is left --------------------------------------------------------------------


def drop_stale_search_terms(app: Sphinx) -> list[Any]:
    """``html-collect-pages`` (after every document is written, before the search index is saved):
    Sphinx's incremental search index keeps a word that no page has any more, with an empty list of
    pages (a clean build has no such word). Drop those words. Returns no pages."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    indexer.prune(app.env.all_docs)
    for mapping in (getattr(indexer, "_mapping", {}), getattr(indexer, "_title_mapping", {})):
        for word in [word for word, docnames in mapping.items() if not docnames]:
            del mapping[word]
    return []


def _remove(outdir: Path, relative: str) -> None:
    path = outdir / relative
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    parent = path.parent
    while parent != outdir and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def expected_pages(app: Sphinx) -> set[str]:
    """Output files of every page this build's sources produce (documents, generated pages and files,
    written extras)."""
    builder = html_builder(app.builder)
    names = {str(builder.get_outfilename(doc)) for doc in app.env.found_docs}
    names |= state(app).written
    found = {Path(name).relative_to(app.outdir).as_posix() for name in names}
    return found | set(labsite_domain(app.env).outputs)  # what the features registered, written or not


def prune_outputs(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: remove pages, images and downloads the sources no longer produce."""
    if exception is not None or app.builder.format != "html" or getattr(app.builder, "embedded", False):
        return
    outdir = Path(app.outdir)
    build = state(app)
    pages = expected_pages(app)
    for stale in sorted(set(build.previous.get("pages", [])) - pages):
        _remove(outdir, stale)
    kept = {folder: set(names) for folder, names in labsite_domain(app.env).kept.items()}
    imagedir = getattr(app.builder, "imagedir", "_images")
    kept.setdefault(imagedir, set()).update(str(name) for _, name in app.env.images.values())  # Sphinx's
    for folder, names in sorted(kept.items()):
        if (outdir / folder).is_dir():
            for path in (outdir / folder).iterdir():
                if path.name not in names:
                    _remove(outdir, f"{folder}/{path.name}")
    downloads = {str(name).split("/")[0] for _, name in app.env.dlfiles.values()}
    if (outdir / "_downloads").is_dir():
        for path in (outdir / "_downloads").iterdir():
            if path.name not in downloads:
                _remove(outdir, f"_downloads/{path.name}")
    (outdir / ".buildinfo.bak").unlink(missing_ok=True)  # Sphinx's copy after a settings change
    build.pages_now = sorted(pages)


def finish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: remember what to read again and, after a complete build, what the pages show."""
    build = state(app)
    if build.handler is not None:
        logging.getLogger(sphinx_logging.NAMESPACE).removeHandler(build.handler)
        build.handler = None
    doctreedir = Path(app.doctreedir)
    # a build that ran to its end wrote every document it read (with -j, in worker processes, where
    # `note_written` does not see them); one that stopped leaves the unwritten ones dirty
    dirty = (build.unwritten if exception is not None else set()) | build.warned
    dirty_all = build.dirty_all or (build.reread_all and exception is not None)
    _write_json(doctreedir / DIRTY_NAME, {"docs": sorted(dirty), "all": dirty_all})
    if app.builder.format != "html":
        return
    if exception is None and build.fingerprint:
        # after a warning, every output is written again next time, so that its warnings are repeated
        warned = bool(build.warned or build.dirty_all)
        outputs = {} if warned else labsite_domain(app.env).outputs
        stored = {"fingerprint": build.fingerprint, "pages": build.pages_now, "outputs": outputs}
        _write_json(doctreedir / PAGES_NAME, {**stored, "documents": build.documents})
    elif build.previous or build.written:
        # an incomplete build: every page is written again next time; keep track of what is in the output
        outdir = Path(app.outdir)
        written = {Path(name).relative_to(outdir).as_posix() for name in build.written}
        pages = sorted(set(build.previous.get("pages", [])) | written)
        _write_json(doctreedir / PAGES_NAME, {"fingerprint": "", "pages": pages})


# --- the static folders extensions add -------------------------------------------------------


def snapshot_static_path(app: Sphinx) -> None:
    """``builder-inited`` (first): remember conf.py's ``html_static_path``. Extensions add folders to it
    at ``builder-inited`` (labsite's own, sphinx-design's: the way Sphinx offers), with paths of this
    machine that must not be saved with the settings."""
    state(app).static_path = (list(app.config.html_static_path), [])


def restore_static_path(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` (just before the environment is saved): conf.py's list back, so the next build
    does not report "The configuration has changed". Returns no documents."""
    build = state(app)
    original, _ = build.static_path
    build.static_path = (original, list(app.config.html_static_path))
    app.config.html_static_path = list(original)
    return []


def apply_static_path(app: Sphinx, builder: Builder) -> None:
    """``write-started``: this build's list again, for copying the static files."""
    _, in_use = state(app).static_path
    if in_use:
        app.config.html_static_path = list(in_use)


def load_theme_early(app: Sphinx, config: Config) -> None:
    """``config-inited``: load an installed theme's extension now rather than with the builder, so the
    settings it adds (furo's ``pygments_dark_style``) exist when Sphinx compares the saved settings."""
    from importlib.metadata import entry_points

    for entry in entry_points(group="sphinx.html_themes", name=config.html_theme):
        app.setup_extension(entry.module)


def quiet_imports(app: Sphinx) -> None:
    """Import sphinxext-opengraph (when the site uses it) without its "matplotlib is not installed" line:
    it prints that at import, although social cards are off (``ogp_social_cards``). Anything else it
    prints is passed on."""
    import contextlib
    import io
    import sys

    name = "sphinxext.opengraph"
    if name not in app.config.extensions or name in sys.modules:
        return
    printed = io.StringIO()
    # an ImportError is left to Sphinx, which reports it when it loads the extension
    with contextlib.redirect_stdout(printed), contextlib.suppress(ImportError):
        __import__(name)
    for line in printed.getvalue().splitlines():
        if not line.startswith("matplotlib is not installed"):
            print(line)


def setup_freshness(app: Sphinx) -> None:
    """Register the hooks above."""
    quiet_imports(app)
    app.connect("config-inited", load_theme_early)
    app.connect("builder-inited", snapshot_static_path, priority=1)
    app.connect("builder-inited", start_recording, priority=10)
    app.connect("env-get-outdated", reread_dirty)
    app.connect("env-updated", rewrite_when_shared_parts_change, priority=900)
    app.connect("env-updated", restore_static_path, priority=950)
    app.connect("write-started", apply_static_path)
    app.connect("html-page-context", note_written, priority=100)
    setup_pagepool(app)
    app.connect(PAGES_WRITTEN, note_written_elsewhere)
    app.connect("html-collect-pages", drop_stale_search_terms, priority=100)
    # after every writer of build-finished (the feeds at 599, robots.txt and the sitemap at 600, llms.txt
    # at 700), which register their files: a file an earlier build wrote and this one did not goes
    app.connect("build-finished", prune_outputs, priority=800)
    app.connect("build-finished", finish, priority=990)
