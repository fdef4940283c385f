"""Sphinx wiring for the data: settings, loading before anything is read or written."""

from __future__ import annotations

from pathlib import Path
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util import logging

from ..data.datacache import cached_load
from ..data.dataset import SiteData
from ..data.problems import DataError

logger = logging.getLogger("labsite")
_LOADED: WeakKeyDictionary[Sphinx, SiteData] = WeakKeyDictionary()


class DataFileError(SphinxError):
    category = "Problems in data files"


def data_dir(app: Sphinx) -> Path:
    return (Path(app.confdir) / app.config.labsite_data_dir).resolve()


def load_data(app: Sphinx) -> None:
    """Validate every data file before any page is read, so bad data never reaches the output."""
    try:
        # cached in the doctree folder: a rebuild re-checks the data only when a data file changed
        _LOADED[app] = cached_load(data_dir(app), Path(app.doctreedir))
    except DataError as err:
        raise DataFileError(str(err)) from None


def site_data(app: Sphinx) -> SiteData:
    return _LOADED[app]


def setup_data(app: Sphinx) -> None:
    app.add_config_value("labsite_data_dir", "data", "env", types=[str])
    app.add_config_value("labsite_link_papers", True, "env", types=[bool])
    app.connect("builder-inited", load_data, priority=100)
