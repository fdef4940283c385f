"""The words labsite writes on pages, through Sphinx's message catalogs (domain ``labsite``).

``_("Since")`` is translated with the catalog ``labsite/locale/<language>/LC_MESSAGES/labsite.mo`` of
the site's ``language`` (registered by :func:`labsite.setup` with ``app.add_message_catalog``), and with
the site's own catalogs in ``locale_dirs`` first, so a site can change or translate any of these words.
Before Sphinx has set up the catalogs (in code that runs without Sphinx), ``_`` returns the English text.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

#: the message catalog's name (its ``.po``/``.mo`` files are ``<language>/LC_MESSAGES/labsite.po``)
MESSAGE_CATALOG = "labsite"
#: the folder of the catalogs shipped with the package
LOCALE_DIR = Path(__file__).parent

_ = get_translation(MESSAGE_CATALOG)
