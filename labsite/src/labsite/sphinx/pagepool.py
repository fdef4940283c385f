"""Generated pages written on several cores (``sphinx-build -j N``).

Sphinx writes the pages an extension returns from ``html-collect-pages`` one by one in the main
process, whatever ``-j`` says; a lab with two thousand papers has two thousand of them. Here they are
written by Sphinx's own worker processes (:class:`sphinx.util.parallel.ParallelTasks`: forked, as for
its parallel writes of documents), each calling the builder's ``handle_page`` on a chunk, so a page is
written by exactly the code that would write it serially and the files are byte for byte the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sphinx.application import Sphinx
from sphinx.util.parallel import ParallelTasks, make_chunks

from .domain import html_builder

#: Sphinx event: ``(app, output files)`` of pages a worker process wrote, for what this process records
#: of the pages written (:func:`labsite.sphinx.freshness.note_written` ran in the worker)
PAGES_WRITTEN = "labsite-pages-written"

T = TypeVar("T")
R = TypeVar("R")
Page = tuple[str, dict[str, Any], str]  # (pagename, context, template), as ``html-collect-pages`` yields


def write_pages_in_parallel(app: Sphinx, pages: list[Page]) -> None:
    """Write `pages` on ``app.parallel`` worker processes and emit :data:`PAGES_WRITTEN` with the output
    files of each chunk once its worker is done. A worker's warnings are replayed in this process
    (Sphinx collects them); an exception in a worker fails the build as in a serial one
    (:class:`sphinx.errors.SphinxParallelError`)."""

    def write(chunk: list[Page]) -> list[str]:
        builder = html_builder(app.builder)  # `html-collect-pages` pages: an HTML builder's
        for pagename, context, template in chunk:
            builder.handle_page(pagename, context, template)
        return [str(builder.get_outfilename(pagename)) for pagename, _, _ in chunk]

    def done(chunk: list[Page], files: list[str]) -> None:
        app.emit(PAGES_WRITTEN, files)

    tasks = ParallelTasks(app.parallel)
    # Sphinx types make_chunks' items as docnames (str); it only slices the sequence, so any item works
    for chunk in make_chunks(pages, app.parallel, maxbatch=50):  # type: ignore[arg-type]
        tasks.add_task(write, chunk, done)
    tasks.join()


def map_in_parallel(app: Sphinx, function: Callable[[list[T]], list[R]], items: Sequence[T]) -> list[R]:
    """`function` applied to chunks of `items` on ``app.parallel`` worker processes (forked, as for
    Sphinx's parallel writes); the results of all chunks in the order of `items`. `function` takes a
    list and returns a list; its arguments and results go between processes by pickle. An exception in
    a worker fails the build (:class:`sphinx.errors.SphinxParallelError`)."""
    chunks = list(make_chunks(list(items), app.parallel, maxbatch=200))  # type: ignore[arg-type]
    results: dict[int, list[R]] = {}
    tasks = ParallelTasks(app.parallel)

    def keep(number: int) -> Callable[[list[T], list[R]], None]:
        """What to do with chunk `number`'s results (in the main process, as they come)."""
        return lambda _chunk, found: results.__setitem__(number, found)

    for number, chunk in enumerate(chunks):
        tasks.add_task(function, chunk, keep(number))
    tasks.join()
    return [result for number in range(len(chunks)) for result in results[number]]


def setup_pagepool(app: Sphinx) -> None:
    """Declare the :data:`PAGES_WRITTEN` event."""
    app.add_event(PAGES_WRITTEN)
