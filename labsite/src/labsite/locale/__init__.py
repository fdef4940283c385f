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


def compile_catalog(po: Path, mo: Path) -> None:
    """Compile a ``.po`` file to ``mo`` (with Babel, as Sphinx does), rewriting it only when it changes.
    Raises OSError if a file cannot be read or written, and Babel's errors for a malformed ``.po``."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    data = buffer.getvalue()
    if not mo.is_file() or mo.read_bytes() != data:
        mo.parent.mkdir(parents=True, exist_ok=True)
        mo.write_bytes(data)


def init_catalogs(srcdir: Path, locale_dirs: list[str], language: str | None, cache_dir: Path) -> list[Path]:
    """Make ``_`` translate into ``language`` for this build: compile the catalogs (:func:`catalog_files`)
    into ``cache_dir`` and load them, the site's before the package's. Returns the ``.po`` files used
    (the pages showing these words depend on them). With no catalog, ``_`` returns the English text."""
    from sphinx import locale

    locale.translators.pop(("general", MESSAGE_CATALOG), None)  # not the previous build's language
    files = catalog_files(srcdir, locale_dirs, language) if language else []
    folders = []
    for number, po in enumerate(files):
        folder = cache_dir / str(number)
        compile_catalog(po, folder / language / "LC_MESSAGES" / f"{MESSAGE_CATALOG}.mo")
        folders.append(str(folder))
    locale.init(folders, language, MESSAGE_CATALOG)
    return files
