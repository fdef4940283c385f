"""A cache of the validated data, so a rebuild does not parse and check every data file again.

The cache is one pickle in the doctree folder (never in the sources), keyed by the bytes of every
file in the data folder and of the extension's own code: any edit to either reloads and re-checks
everything, exactly as without the cache. Only data that passed every check is stored, so a data
error is always reported.

Beside it, a second pickle keeps the HTML of every BibTeX field value that needed pylatexenc (the
slowest part of loading a large BibTeX file), keyed by labsite's code only: after an edit of one paper,
the file is parsed and checked again in full, but only the edited values go through pylatexenc. The
conversion is a pure function of the value and the code, so the site is the same with or without it.
A third keeps each BibTeX entry's record (:func:`labsite.data.bibtex.known_records`), by the entry's
fields, in the same way: after an edit of one paper, only its entry is made into a record again. A
fourth keeps what each entry's text parses to (:func:`labsite.data.bibtex.known_entries`), keyed by
labsite's code and pybtex's version: after an edit of one paper, only its entry is parsed again.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from . import bibtex, latex
from .dataset import SiteData, load_site_data

CACHE_NAME = "labsite-data.pickle"
LATEX_CACHE_NAME = "labsite-latex.pickle"
RECORDS_CACHE_NAME = "labsite-bibtex-records.pickle"
ENTRIES_CACHE_NAME = "labsite-bibtex-entries.pickle"
_CODE = Path(__file__).parent.parent  # the whole labsite package


def cache_key(data_dir: Path) -> str:
    """The hex SHA-256 of what the loaded data depends on: the Python version, `data_dir`'s path and
    every file (name and bytes) in it and in the labsite package. Raises OSError if a file cannot be read."""
    digest = hashlib.sha256(f"{sys.version}\0{data_dir}\0".encode())
    for folder in (data_dir, _CODE):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(folder)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def parser_key() -> str:
    """:func:`code_key` and pybtex's version (what a parsed BibTeX entry depends on)."""
    from importlib.metadata import version

    return f"{code_key()}\0pybtex {version('pybtex')}"


@functools.cache
def code_key() -> str:
    """A digest of labsite's code and the Python version (what :mod:`labsite.data.latex` results depend on)."""
    digest = hashlib.sha256(f"{sys.version}\0".encode())
    for path in sorted(p for p in _CODE.rglob("*.py") if "__pycache__" not in p.parts):
        digest.update(f"{path.relative_to(_CODE)}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _store(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(fd, "wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def _load_latex_cache(cache_dir: Path) -> None:
    try:
        with (cache_dir / LATEX_CACHE_NAME).open("rb") as f:
            stored_key, converted = pickle.load(f)
        if stored_key == code_key() and isinstance(converted, dict):
            latex.remember_html(converted)
    except Exception:  # missing, truncated or from other code: convert afresh
        pass
    try:
        with (cache_dir / RECORDS_CACHE_NAME).open("rb") as f:
            stored_key, records = pickle.load(f)
        if stored_key == code_key() and isinstance(records, dict):
            bibtex.remember_records(records)
    except Exception:  # missing, truncated or from other code: make every record afresh
        pass
    try:
        with (cache_dir / ENTRIES_CACHE_NAME).open("rb") as f:
            stored_key, entries = pickle.load(f)
        if stored_key == parser_key() and isinstance(entries, dict):
            bibtex.remember_entries(entries)
    except Exception:  # missing, truncated or from other code or pybtex: parse every entry afresh
        pass


def cached_load(data_dir: Path, cache_dir: Path, key: str | None = None) -> SiteData:
    """`load_site_data(data_dir)`, or its stored result when nothing it depends on has changed
    (`key`: :func:`cache_key` of `data_dir`, when the caller has it already)."""
    key = key or cache_key(data_dir)
    path = cache_dir / CACHE_NAME
    try:
        with path.open("rb") as f:
            stored_key, data = pickle.load(f)
        if stored_key == key and isinstance(data, SiteData):
            return data
    except Exception:  # missing, truncated or from other code: load afresh
        pass
    _load_latex_cache(cache_dir)
    data = load_site_data(data_dir)  # raises DataError: nothing is stored
    _store(path, (key, data))
    _store(cache_dir / LATEX_CACHE_NAME, (code_key(), latex.known_html()))
    _store(cache_dir / RECORDS_CACHE_NAME, (code_key(), bibtex.known_records()))
    _store(cache_dir / ENTRIES_CACHE_NAME, (parser_key(), bibtex.known_entries()))
    return data
