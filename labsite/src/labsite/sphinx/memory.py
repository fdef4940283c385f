"""Python's cyclic garbage collector during a build: what is loaded to stay is set aside.

A build holds a large heap that lives until its end: the stored environment (every document's
metadata, tables of contents, the domains' data), the site's records (thousands of papers), the
imported modules. Python's collector runs each time 700 more objects were made than freed, and walks
every object of its oldest generation on each full collection: on a lab's 1,865 papers, an edit of one
paper spent about a sixth of its CPU time in the collector (1.0 s of 6), walking that heap again and
again while nothing in it could be freed.

So the records are loaded with the collector paused (:func:`labsite.sphinx.data.load_data`); then,
once the build has started (``env-before-read-docs``, last: an application that is made but never
builds, as tests and tools make, is left as it was), the objects alive are frozen (:func:`gc.freeze`),
as again once every document is read (``env-updated``), so that the collector leaves them out of its walks, and for the
rest of the build it runs after every :data:`THRESHOLD` objects (Python's default: 700), which spares
the full collections of an edit's build. What the build makes is still collected: a clean build's
doctrees, which hold cycles (a node's parent), are freed as pages are written. At ``build-finished``
the frozen objects are unfrozen and the thresholds set back, so that a process running several builds
(tests, a live-reload server) frees what a build left once it is gone; a command-line build, after which
the process ends, leaves them frozen (:func:`unfreeze`). Nothing a build writes depends on when the
collector runs.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .data import on_command_line
from .domain import labsite_domain

#: objects made (minus freed) between two collections of the youngest generation, during a build
THRESHOLD = 10_000


def _thresholds(app: Sphinx) -> list[tuple[int, int, int]]:
    """The collector's thresholds before this build changed them (one entry once set), kept by the
    ``labsite`` domain for this build."""
    return labsite_domain(app.env).per_build("gc-thresholds", list[tuple[int, int, int]])


def freeze_loaded(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs`` (last; Sphinx emits ``build-finished`` after it, even on an error):
    freeze what is loaded (:func:`gc.freeze`), then collect after every
    :data:`THRESHOLD` new objects until the build finishes."""
    before = _thresholds(app)
    if not before:
        before.append(gc.get_threshold())
    gc.freeze()
    _, middle, oldest = before[0]
    gc.set_threshold(max(THRESHOLD, before[0][0]), middle, oldest)


def freeze_read(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` (last): freeze what is alive once every document is read. Returns no documents."""
    gc.freeze()
    return []


def unfreeze(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (last): give the frozen objects back to the collector (:func:`gc.unfreeze`) and
    set its thresholds back. On the command line (``sphinx-build``, ``make html``: one build, then the
    process ends) everything alive is frozen instead: the collector would otherwise walk the whole heap
    once more after the build and again as the interpreter exits (a large lab's no-op build spent a
    fifth of its time there), to free memory the process is about to give back whole."""
    if on_command_line(app):
        gc.freeze()
        return
    gc.unfreeze()
    before = _thresholds(app)
    if before:
        gc.set_threshold(*before.pop())


def setup_memory(app: Sphinx) -> None:
    """Register the hooks above."""
    app.connect("env-before-read-docs", freeze_loaded, priority=1000)
    app.connect("env-updated", freeze_read, priority=1000)
    app.connect("build-finished", unfreeze, priority=1000)
