"""The MyST syntax a labsite site's pages are written in, turned on for every site.

The directives build their nodes from view data (:mod:`labsite.sphinx.listings`, :mod:`labsite.sphinx.cv`)
and parse no MyST text; the pages that call them (the quickstart's and the owner's) write directives in
colon fences (``:::{talk-list}``) with attributes and definition lists, which need these extensions.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

#: MyST syntax extensions a labsite site's pages use (colon fences around directives, attributes, definition lists)
MYST_EXTENSIONS = ("colon_fence", "attrs_inline", "attrs_block", "deflist")


def enable_myst_extensions(app: Sphinx, config: Config) -> None:
    """``config-inited``: add :data:`MYST_EXTENSIONS` to ``myst_enable_extensions``, keeping the site's own.

    The site's value may be a list, tuple or set (MyST accepts each); the result is a list in the
    site's order followed by the missing extensions. Raises nothing.
    """
    current = list(config.myst_enable_extensions or ())
    missing = [name for name in MYST_EXTENSIONS if name not in current]
    if missing:
        config.myst_enable_extensions = [*current, *missing]
