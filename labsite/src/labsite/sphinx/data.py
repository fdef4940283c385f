"""Sphinx wiring for the data: settings, loading before anything is read or written."""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx import locale as sphinx_locale
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util import logging

from ..content.cv import gc_paused
from ..data.datacache import cache_key, cached_load
from ..data.dataset import SiteData
from ..data.paths import check_site_paths
from ..data.problems import DataError
from ..locale import MESSAGE_CATALOG, activate, catalog_files, load_translations
from .domain import labsite_domain

logger = logging.getLogger("labsite")


class DataFileError(SphinxError):
    """The data files have problems, for programs that build with Sphinx's API: the message lists each
    (file, line, entry, field)."""

    category = "Problems in data files"


def data_dir(app: Sphinx) -> Path:
    """The absolute data folder: ``labsite_data_dir`` (default ``data``) from the folder of conf.py."""
    folder: str = app.config.labsite_data_dir
    return (Path(app.confdir) / folder).resolve()


def on_command_line(app: Sphinx) -> bool:
    """True when Sphinx reports to this process's stderr (``sphinx-build``, ``sphinx-autobuild``)."""
    return getattr(app, "_warning", None) is sys.stderr


def load_data(app: Sphinx) -> None:
    """``builder-inited``: validate every data file before any page is read, so bad data never reaches
    the output, and keep the records (and their digest, :func:`data_key`) in the ``labsite`` domain.

    Every path the data gives (photo, CV, a paper's PDF and preview) is checked against
    :func:`labsite.data.paths.site_file` at every build (the files can change without the data changing).

    On bad data, ``sphinx-build`` (Read the Docs, ``make html``, ``make livehtml``) prints the same plain
    list of problems as ``labsite-check`` (file, line, entry, field) and exits with status 1, with no
    crash report around it; a program using Sphinx's API gets :class:`DataFileError` carrying that list.
    """
    domain = labsite_domain(app.env)
    try:
        # cached in the doctree folder: a rebuild re-checks the data only when a data file changed
        domain.data["data_key"] = key = cache_key(data_dir(app))
        with gc_paused():  # every object made stays (labsite.sphinx.memory)
            domain.data["site"] = site = cached_load(data_dir(app), Path(app.doctreedir), key)
        # every path the data gives stays inside the pages folder (labsite.data.paths); a paper's missing
        # PDF or preview is the publication list's own warning (in the words of make check)
        config = app.config
        pages = Path(app.srcdir)
        if problems := check_site_paths(
            site,
            pages,
            config.labsite_files_dir,
            config.labsite_previews_dir,
            missing_papers=False,
            generated=(config.labsite_cv_pdf, config.labsite_cv_short_pdf),
        ):
            raise DataError(problems)
    except DataError as err:
        if on_command_line(app):
            sys.stdout.flush()
            print(err, file=sys.stderr, flush=True)
            raise SystemExit(1) from None
        raise DataFileError(str(err)) from None


def data_key(app: Sphinx) -> str:
    """A digest of every data file and of labsite's code, as loaded for this build
    (:func:`labsite.data.datacache.cache_key`)."""
    return labsite_domain(app.env).data.get("data_key") or cache_key(data_dir(app))


def load_catalogs(app: Sphinx) -> None:
    """``builder-inited`` (before the data): load the ``labsite`` message catalogs of the site's
    ``language``, the site's own (its ``locale_dirs``) before the package's (:mod:`labsite.locale`), for
    this build: :func:`labsite.locale._` (the words of ``labsite.content``) and Sphinx's catalog
    ``labsite`` (the domain's labels) translate with them, replacing an earlier build's in this process.
    The domain keeps the ``.po`` files used (the pages showing these words depend on them)."""
    language = app.config.language
    files = catalog_files(Path(app.srcdir), list(app.config.locale_dirs), language) if language else []
    translations = load_translations(files)
    activate(translations)
    sphinx_locale.translators["general", MESSAGE_CATALOG] = translations
    labsite_domain(app.env).data["catalogs"] = [str(path) for path in files]


def site_data(app: Sphinx) -> SiteData:
    """The build's records (see :attr:`labsite.sphinx.domain.LabsiteDomain.site`)."""
    return labsite_domain(app.env).site


def setup_data(app: Sphinx) -> None:
    """Load the data at ``builder-inited`` (early, priority 100)."""
    app.connect("builder-inited", load_data, priority=100)
