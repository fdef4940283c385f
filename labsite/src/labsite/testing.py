"""Build a site strictly with Sphinx's API and read its pages, for tests of sites that use labsite.

Like ``make html``: nitpicky, warnings are errors, clean URLs (``dirhtml``). Pages are read with
BeautifulSoup (``pip install labsite[test]``). The one build helper of the engine's and the site's tests:
:func:`copy_site` copies a test site to edit, :func:`build` builds it, :class:`Build` reads its pages,
:func:`meta` and :func:`paper_json_ld` read what Google Scholar and search engines read of a page.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from gettext import NullTranslations
from pathlib import Path
from typing import Any

import sphinx.locale
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _file_checksum_inner
from sphinx.errors import SphinxError
from sphinx.util.docutils import docutils_namespace

from .locale import activate


@dataclass
class Build:
    """The result of :func:`build`: the output folder and Sphinx's log (colour codes removed)."""

    outdir: Path
    status: str
    warnings: str

    def soup(self, page: str = "") -> Any:
        """Parsed HTML (a ``BeautifulSoup``) of a page given by its clean URL path ('' is the home page)."""
        from bs4 import BeautifulSoup

        path = self.outdir / page / "index.html" if not page.endswith(".html") else self.outdir / page
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def main(self, page: str = "") -> Any:
        """The rendered main content of a page (furo's ``article[role=main]``), without theme chrome."""
        article = self.soup(page).find("article", attrs={"role": "main"})
        assert article is not None, f"no main article in {page!r}"
        return article

    def text(self, page: str = "") -> str:
        """The visible text of a page's main content, whitespace collapsed."""
        return " ".join(self.main(page).get_text(" ").split())

    def entry(self, key: str, page: str = "publications") -> Any:
        """The entry of the paper with citation key `key` in the publication list on `page` (its
        ``id="pub-<slug>"`` element); AssertionError when the list has no such entry."""
        from labsite.content.publications import paper_slug

        found = self.soup(page).find(id=f"pub-{paper_slug(key)}")
        assert found is not None, f"no entry {key!r} in {page!r}"
        return found

    def paper_page(self, key: str) -> Any:
        """Parsed HTML of the page of the paper with citation key `key` (``publications/<slug>/``)."""
        from labsite.content.publications import paper_slug

        return self.soup(f"publications/{paper_slug(key)}")


def meta(soup: Any, name: str) -> list[str]:
    """The contents of every ``<meta name=...>`` tag named `name` (Google Scholar's ``citation_*``), in order."""
    return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]


def paper_json_ld(soup: Any) -> dict[str, Any]:
    """The paper's schema.org JSON-LD on a paper page: the first ``application/ld+json`` object whose
    ``@type`` is one labsite gives papers (ScholarlyArticle, Book, Chapter, Thesis, Report; see
    :data:`labsite.content.scholar.SCHEMA_TYPES`); AssertionError when there is none."""
    from labsite.content.scholar import SCHEMA_TYPES

    types = {"ScholarlyArticle", *SCHEMA_TYPES.values()}
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if isinstance(data, dict) and data.get("@type") in types:
            return data
    raise AssertionError("no paper JSON-LD")


def copy_site(source: Path, destination: Path) -> Path:
    """Copy the site folder `source` (a test root such as ``labsite/tests/roots/test-publications``) to
    `destination` (which must not exist), to edit and build it there; returns `destination`."""
    shutil.copytree(source, destination)
    return destination


def build(
    srcdir: Path,
    outdir: Path,
    confdir: Path | None = None,
    builder: str = "dirhtml",
    fresh: bool = True,
    strict: bool = True,
    parallel: int = 0,
    **overrides: Any,
) -> Build:
    """Build ``srcdir`` (with ``conf.py`` in ``confdir``, default ``srcdir``) into ``outdir``.

    Doctrees go beside ``outdir`` (``<outdir>-doctrees``). ``overrides`` are configuration values, as
    ``-D`` gives them. With ``strict`` (``sphinx-build -W``), a build that logged any warning raises
    :class:`sphinx.errors.SphinxError` listing them all, once it has finished (Sphinx 8.1 and later only
    set the exit status for ``-W``; they raise on the first warning with ``--exception-on-warning``).
    """
    status, warnings = io.StringIO(), io.StringIO()
    # Sphinx caches each static file's checksum (its links' ?v=) for the life of the process: a build
    # in the same process as an earlier one would link a file changed since with its old checksum
    _file_checksum_inner.cache_clear()
    with docutils_namespace(), _fresh_catalogs():
        app = Sphinx(
            srcdir=str(srcdir),
            confdir=str(confdir or srcdir),
            outdir=str(outdir),
            doctreedir=str(outdir.parent / f"{outdir.name}-doctrees"),
            buildername=builder,
            confoverrides={"nitpicky": True, **overrides},
            status=status,
            warning=warnings,
            freshenv=fresh,
            warningiserror=strict,
            parallel=parallel,
        )
        app.build()
    result = Build(outdir, plain(status.getvalue()), plain(warnings.getvalue()))
    if strict and (app.statuscode or result.warnings.strip()):
        raise SphinxError(f"the build of {srcdir} logged warnings:\n{result.warnings}")
    return result


@contextlib.contextmanager
def _fresh_catalogs() -> Iterator[None]:
    """Sphinx keeps the message catalogs it loaded (``sphinx.locale.translators``) for the life of the
    process and puts a later build's behind them: without clearing them after each build, as Sphinx's
    own ``SphinxTestApp.cleanup`` does, a German build's words would stay in an English one after it.
    labsite's own words (:func:`labsite.locale._`) go back to English too, for code run after the build
    without one (the CV's view in a unit test)."""
    try:
        yield
    finally:
        sphinx.locale.translators.clear()
        activate(NullTranslations())


def plain(log: str) -> str:
    """Sphinx's log as a file would hold it: without terminal control sequences (colours, "erase line"),
    and with each progress item on a line of its own. Sphinx draws progress on one terminal line, items
    separated by carriage returns, whenever it believes the terminal has colours: with ``CI``,
    ``FORCE_COLOR`` or a terminal on standard output (``sphinx.util.display.status_iterator``), whatever
    the stream it writes to."""
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", log).replace("\r\n", "\n").replace("\r", "\n")
