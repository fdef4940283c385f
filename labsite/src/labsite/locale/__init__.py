"""The words labsite writes on pages, through Sphinx's message catalogs (domain ``labsite``).

``_("Since {date}")`` is translated into the site's ``language`` with the catalogs
``<folder>/<language>/LC_MESSAGES/labsite.po``: first the site's own (its ``locale_dirs``), then the
package's (``labsite/locale/``, German so far), compiled in memory at ``builder-inited``
(:func:`init_catalogs`). So a site can change or translate any of these words. Before Sphinx is set
up (code run without a build), ``_`` gives the English text.
"""

from __future__ import annotations

from gettext import GNUTranslations, NullTranslations
from io import BytesIO
from pathlib import Path

from sphinx.locale import get_translation

#: the message catalog's name (its ``.po``/``.mo`` files are ``<language>/LC_MESSAGES/labsite.po``)
MESSAGE_CATALOG = "labsite"
#: the folder of the catalogs shipped with the package
LOCALE_DIR = Path(__file__).parent

_ = get_translation(MESSAGE_CATALOG)


def month_year(value: str) -> str:
    """``09/2024`` -> ``September 2024`` in the site's language (month names from the catalog).
    Raises ValueError for a value that is not ``MM/YYYY`` (the data model has checked it before)."""
    from ..data.model import MONTH_NAMES, month_key

    year, month = month_key(value)
    return f"{_(MONTH_NAMES[month - 1])} {year}"


def catalog_files(srcdir: Path, locale_dirs: list[str], language: str) -> list[Path]:
    """The ``labsite.po`` files for ``language``: the site's own (in its ``locale_dirs``, from ``srcdir``)
    first, then the package's. Missing ones are left out."""
    folders = [srcdir / folder for folder in locale_dirs] + [LOCALE_DIR]
    found = [folder / language / "LC_MESSAGES" / f"{MESSAGE_CATALOG}.po" for folder in folders]
    return [path for path in found if path.is_file()]


def compile_catalog(po: Path) -> GNUTranslations:
    """A ``.po`` file compiled in memory (with Babel, as Sphinx compiles catalogs), read afresh each
    time (``gettext.translation`` would keep a changed file's old messages). Raises OSError if the file
    cannot be read, and Babel's errors for a malformed one."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return GNUTranslations(buffer)


def init_catalogs(srcdir: Path, locale_dirs: list[str], language: str | None) -> list[Path]:
    """Make ``_`` translate into ``language`` for this build, with the catalogs of
    :func:`catalog_files` (the site's before the package's). Returns the ``.po`` files used (the pages
    showing these words depend on them). With no catalog, ``_`` returns the English text."""
    from sphinx import locale

    translator: NullTranslations | None = None
    files = catalog_files(srcdir, locale_dirs, language) if language else []
    for po in files:
        translations = compile_catalog(po)
        if translator is None:
            translator = translations
        else:
            translator.add_fallback(translations)
    # replaces the previous build's (another language, in the same process)
    locale.translators["general", MESSAGE_CATALOG] = translator or NullTranslations()
    return files
