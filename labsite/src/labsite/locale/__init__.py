"""The words labsite writes on pages, through gettext message catalogs (domain ``labsite``). No Sphinx here.

``_("Since {date}")`` is translated into the site's ``language`` with the catalogs
``<folder>/<language>/LC_MESSAGES/labsite.po``: first the site's own (its ``locale_dirs``), then the
package's (``labsite/locale/``, German so far), compiled in memory (:func:`load_translations`) and made
the ones in use (:func:`activate`) at ``builder-inited`` by :func:`labsite.sphinx.data.load_catalogs`.
So a site can change or translate any of these words. Without a build (``labsite-check``, the content
layer used on its own), ``_`` gives the English text. ``labsite.content`` uses ``_`` and
:func:`month_year` as plain gettext-style callables; this module loads neither Sphinx nor docutils.
"""

from __future__ import annotations

from gettext import GNUTranslations, NullTranslations
from io import BytesIO
from pathlib import Path

#: the message catalog's name (its ``.po``/``.mo`` files are ``<language>/LC_MESSAGES/labsite.po``)
MESSAGE_CATALOG = "labsite"
#: the folder of the catalogs shipped with the package
LOCALE_DIR = Path(__file__).parent

# The translations in use, as ``gettext`` keeps its own (and Sphinx its ``translators``): one per
# process, replaced by each build's ``builder-inited`` (:func:`activate`); English until then.
_active: list[NullTranslations] = [NullTranslations()]


def _(message: str) -> str:
    """``message`` (an English text, the catalog's ``msgid``) in the language of the build in progress:
    gettext's ``_``. The English text when there is no catalog or no translation for it."""
    return _active[0].gettext(message)


def activate(translations: NullTranslations) -> None:
    """Make ``translations`` the ones :func:`_` uses (until the next call): done once per build, before
    any page is read."""
    _active[0] = translations


def month_year(value: str) -> str:
    """``09/2024`` -> ``September 2024`` in the site's language (month names from the catalog).
    Raises ValueError for a value that is not ``MM/YYYY`` (the data model has checked it before)."""
    from ..data.model import MONTH_NAMES, month_key

    year, month = month_key(value)
    return f"{_(MONTH_NAMES[month - 1])} {year}"


def date_label(year: int, month: int | None = None, day: int | None = None, language: str | None = None) -> str:
    """A date as the site's locale writes it, at the precision the record gives: a day (``March 14,
    2025``; ``14. März 2025`` in German), a month (``March 2025``) or a year (``2025``). Forms from Babel's
    CLDR data for ``language`` (Sphinx's ``language``: ``en``, ``de``, ``pt_BR``; English for None or a
    code CLDR does not know), as Sphinx formats its own dates. ``day`` is ignored without ``month``."""
    import datetime

    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date, format_skeleton

    try:
        locale = Locale.parse((language or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    when = datetime.date(year, month or 1, (day or 1) if month else 1)
    if month and day:
        return format_date(when, "long", locale=locale)
    return format_skeleton("yMMMM" if month else "y", when, locale=locale)


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


def load_translations(files: list[Path]) -> NullTranslations:
    """The translations of the ``.po`` ``files`` (the first one's messages win, the others are its
    fallbacks), compiled in memory by :func:`compile_catalog`; no translation (English) for no file."""
    translator: NullTranslations | None = None
    for po in files:
        translations = compile_catalog(po)
        if translator is None:
            translator = translations
        else:
            translator.add_fallback(translations)
    return translator or NullTranslations()
