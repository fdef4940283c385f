"""Sphinx wiring for the data: settings, loading before anything is read or written."""

from __future__ import annotations

import sys
from pathlib import Path
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util import logging

from ..data.datacache import cache_key, cached_load
from ..data.dataset import SiteData
from ..data.problems import DataError

logger = logging.getLogger("labsite")
_LOADED: WeakKeyDictionary[Sphinx, SiteData] = WeakKeyDictionary()
_KEYS: WeakKeyDictionary[Sphinx, str] = WeakKeyDictionary()


class DataFileError(SphinxError):
    """Bad data, for programs that build with Sphinx's API: the message is the list of problems."""

    category = "Problems in data files"


def data_dir(app: Sphinx) -> Path:
    return (Path(app.confdir) / app.config.labsite_data_dir).resolve()


def _on_command_line(app: Sphinx) -> bool:
    """True when Sphinx reports to this process's stderr (``sphinx-build``, ``sphinx-autobuild``)."""
    return getattr(app, "_warning", None) is sys.stderr


def load_data(app: Sphinx) -> None:
    """``builder-inited``: validate every data file before any page is read, so bad data never reaches
    the output.

    On bad data, ``sphinx-build`` (Read the Docs, ``make html``, ``make livehtml``) prints the same plain
    list of problems as ``labsite-check`` (file, line, entry, field) and exits with status 1, with no
    crash report around it; a program using Sphinx's API gets :class:`DataFileError` carrying that list.
    """
    try:
        # cached in the doctree folder: a rebuild re-checks the data only when a data file changed
        _KEYS[app] = key = cache_key(data_dir(app))
        _LOADED[app] = cached_load(data_dir(app), Path(app.doctreedir), key)
    except DataError as err:
        if _on_command_line(app):
            sys.stdout.flush()
            print(err, file=sys.stderr, flush=True)
            raise SystemExit(1) from None
        raise DataFileError(str(err)) from None


def data_key(app: Sphinx) -> str:
    """A digest of every data file and of labsite's code, as loaded for this build
    (:func:`labsite.data.datacache.cache_key`)."""
    return _KEYS.get(app) or cache_key(data_dir(app))


def site_data(app: Sphinx) -> SiteData:
    return _LOADED[app]


def setup_data(app: Sphinx) -> None:
    app.add_config_value("labsite_data_dir", "data", "env", types=[str])
    app.add_config_value("labsite_link_papers", True, "env", types=[bool])
    app.connect("builder-inited", load_data, priority=100)
