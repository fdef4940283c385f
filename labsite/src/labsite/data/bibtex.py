"""BibTeX file -> Publication records, parsed with pybtex. No Sphinx here.

Reads what scholars' tools export (arXiv, DBLP with or without crossref, Google Scholar, Zotero and
Better BibTeX, NASA ADS, ACM, IEEE Xplore, biblatex, al-folio): LaTeX is decoded by `latex.py` (each
part of a name on its own), `crossref` fields are inherited (a crossref to an entry not in the file is
ignored, as BibTeX does), marks typed into names and DBLP's homonym numbers are read apart from the
names, and every problem of the file is reported in one run, each at its line (a paper listed twice
under two keys included).
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from anyascii import anyascii
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import DuplicateField, Parser, split_name_list
from pybtex.scanner import PrematureEOF, PybtexError, PybtexSyntaxError
from pybtex.utils import OrderedCaseInsensitiveDict
from pydantic import ValidationError

from .latex import convert_in_parallel, html_to_text, latex_to_html, latex_to_text, url_from_latex
from .load import MAX_BIBTEX_BYTES, closest_name, problems_from_validation, read_text
from .model import MONTH_NAMES, Publication
from .names import HOMONYM_NUMBER, strip_homonym_number
from .paths import PathProblem, clean_path
from .problems import DataError, DataProblem
from .slugs import slug

# the key may be on the line after `@type{` (some exporters write it so); a byte-order mark may start the
# line: two exports joined (`cat a.bib b.bib`, `type a.bib b.bib`), each with its mark
ENTRY_START = re.compile(r"^[ \t\ufeff]*@[ \t]*(\w+)[ \t]*[{(]\s*([^,\s{}()]+)\s*,", re.MULTILINE)
ANY_COMMAND = re.compile(r"^[ \t\ufeff]*@[ \t]*(\w+)[ \t]*[{(]", re.MULTILINE)
NON_ENTRIES = {"comment", "string", "preamble"}
#: link fields: the site's own and al-folio's
LINK_FIELDS = ("pdf", "code", "video", "slides", "project", "url", "html", "website", "supp", "poster", "blog")
#: fields holding addresses or exporters' bookkeeping, never decoded as LaTeX text
URL_LIKE_FIELDS = ("doi", "biburl", "bibsource", "timestamp", "eprint", "urldate", "keywords")
#: link fields al-folio also takes relative (`pdf = {paper.pdf}`, `html = {relativity.html}`): a file of
#: the site's files folder, or (not `pdf`) a page of the site
LOCAL_LINK_FIELDS = ("pdf", "html", "supp", "poster", "slides")
#: fields only this site (or al-folio) uses; left out of the BibTeX shown to readers
SITE_FIELDS = {
    "selected", "topics", "equal", "award", "date", "code", "video", "slides", "project", "pdf",
    # al-folio's
    "abbr", "preview", "html", "website", "supp", "poster", "blog", "bibtex_show", "award_name", "altmetric",
    "dimensions", "google_scholar_id", "inspirehep_id", "additional_info", "arxiv",
}  # fmt: skip
#: fields that describe the exporter's machine or hold private notes: never published
PRIVATE_FIELDS = {
    "file", "annote", "annotation", "owner", "groups", "read", "rating", "readstatus", "printed", "priority",
    "qualityassured", "ranking", "relevance", "date-added", "date-modified", "__markedentry", "local-url",
    "localfile", "comment", "comments", "review", "abstractnote",  # comment: JabRef's and BibDesk's notes
}  # fmt: skip
PRIVATE_PREFIXES = ("mendeley-", "bdsk-", "jabref-", "zotero-")
#: the fields of BibTeX's standard styles, of biblatex (its manual, section 2.2: data fields, special
#: fields, aliases) and those scholars' exporters add (DBLP, NASA ADS, ACM, IEEE Xplore, Zotero, JabRef):
#: a field of the entry not among these, nor the site's (:data:`SITE_FIELDS`, :data:`LINK_FIELDS`) or
#: private ones, may be a misspelt required field (`titel`) and gets a "did you mean"
STANDARD_FIELDS = {
    # BibTeX
    "address", "annote", "author", "booktitle", "chapter", "crossref", "edition", "editor", "howpublished",
    "institution", "journal", "key", "month", "note", "number", "organization", "pages", "publisher", "school",
    "series", "title", "type", "volume", "year",
    # biblatex data fields
    "abstract", "addendum", "afterword", "annotation", "annotator", "authortype", "bookauthor",
    "bookpagination", "booksubtitle", "booktitleaddon", "commentator", "date", "doi", "editora", "editorb",
    "editorc", "editortype", "editoratype", "editorbtype", "editorctype", "eid", "entrysubtype", "eprint",
    "eprintclass", "eprinttype", "eventdate", "eventtitle", "eventtitleaddon", "foreword", "holder",
    "indextitle", "introduction", "isan", "isbn", "ismn", "isrn", "issn", "issue", "issuesubtitle", "issuetitle",
    "issuetitleaddon", "iswc", "journalsubtitle", "journaltitle", "journaltitleaddon", "label", "language",
    "library", "location", "mainsubtitle", "maintitle", "maintitleaddon", "nameaddon", "origdate",
    "origlanguage", "origlocation", "origpublisher", "origtitle", "pagetotal", "pagination", "part", "pubstate",
    "reprinttitle", "shortauthor", "shorteditor", "shorthand", "shorthandintro", "shortjournal", "shortseries",
    "shorttitle", "subtitle", "titleaddon", "translator", "url", "urldate", "venue", "version", "volumes",
    # biblatex special fields and aliases
    "entryset", "execute", "gender", "langid", "langidopts", "ids", "indexsorttitle", "keywords", "options",
    "presort", "related", "relatedoptions", "relatedtype", "relatedstring", "sortkey", "sortname",
    "sortshorthand", "sorttitle", "sortyear", "xdata", "xref", "archiveprefix", "primaryclass",
    # exporters' own
    "biburl", "bibsource", "timestamp", "adsurl", "adsnote", "numpages", "articleno", "acmid", "issue_date",
    "keyword", "affiliation", "affiliations", "lccn", "mrnumber", "mrclass", "zbl", "copyright",
    "extra", "pmid", "pmcid", "eissn", "month_numeric", "collaboration", "reportnumber", "slaccitation",
    "lastaccessed", "urlaccessdate", "citedate",
}  # fmt: skip
#: the fields every paper needs, each with the fields that may stand in for it
REQUIRED_FIELDS = {"title": ("title",), "author": ("author", "editor"), "year": ("year", "date")}
#: BibTeX field -> the name it has in biblatex (the site reads both)
BIBLATEX_ALIASES = {"journaltitle": "journal", "eprinttype": "archiveprefix", "eprintclass": "primaryclass"}
MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
ARXIV_ID = re.compile(
    r"(?:arXiv:|arxiv\.org/(?:abs|pdf)/)\s*([a-z-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE
)
#: the volume DBLP and Semantic Scholar give an arXiv paper (`journal = {ArXiv}, volume = {abs/2301.01234}`)
ARXIV_VOLUME = re.compile(r"\s*abs/([a-z-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?\s*", re.IGNORECASE)
#: what exporters and hands put before a DOI: `https://doi.org/`, `https://dx.doi.org/`, `www.doi.org/`, ACM's
#: old `http://doi.acm.org/`, `doi:`, `DOI: ` (from a paper's first page)
DOI_PREFIX = re.compile(r"^\s*(?:(?:https?://)?(?:(?:dx\.|www\.)?doi\.org|doi\.acm\.org)/|doi:\s*)", re.IGNORECASE)
#: a DOI: `10.<registrant>/<suffix>` (the DOI Handbook 2.2; suffixes may hold any printable character)
DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+")


def doi_of(value: str) -> str:
    """The DOI in a `doi` field as exporters write it: `10.1145/3600006.3613165` from itself, from its
    doi.org URL (any form) or from `doi:10.1145/...`; anything else stripped, for the caller to check
    against :data:`DOI`."""
    return DOI_PREFIX.sub("", value.strip()).strip()


#: an arXiv identifier as such: `2306.01234`, `hep-th/9901001`, `math.GT/0309136`
ARXIV_BARE = re.compile(r"[a-z-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5}", re.IGNORECASE)
_BRACED = r"((?:[^{}]|\{[^{}]*\})*)"
#: how lab pages mark the owner in an author list: `\textbf{Sol Stannard}`, `{\bf ...}`, `\underline{...}`
BOLD_NAME = re.compile(rf"\\textbf\s*\{{{_BRACED}\}}|\{{\\bf\s+{_BRACED}\}}|\\underline\s*\{{{_BRACED}\}}")


SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
#: page names the publication list uses itself (`/publications/page/2/`, `/publications/topic/<id>/`, ...)
RESERVED_SLUGS = {"page", "selected", "topic", "author"}
#: the longest page name a citation key may give: a folder name of the built site (file systems take 255
#: bytes at most; the paper's `<slug>.ris` download goes inside it), and a readable URL
MAX_SLUG = 100


def page_slug(key: str) -> str:
    """A citation key as a URL path segment and HTML id (the paper's page is `/publications/<slug>/`):
    kept as is when it is already safe (`zhang2020machine`, `2022MNRAS.510.1234P`), else every run of
    other characters becomes `-` (`DBLP:conf/osdi/X21` -> `DBLP-conf-osdi-X21`, `10.1145/3600006.3613165`
    -> `10.1145-3600006.3613165`). Two keys that differ only there, or in case, would share a page:
    `labsite-check` reports them."""
    if SAFE_KEY.fullmatch(key):
        return key
    return slug(key, keep="_.-", strip="-.", fallback="paper")


def _page_clashes(path: Path, text: str, keys: Iterable[str]) -> list[DataProblem]:
    """Two citation keys with one page (or a key whose page is one of the list's own)."""
    spans = _entry_spans(text)
    seen: dict[str, str] = {}
    problems = []
    for key in keys:
        slug = page_slug(key).lower()
        line = _line_of(text, spans.get(key.lower(), (0, 0))[0])
        if len(slug) > MAX_SLUG:
            message = f"its page name is {len(slug)} characters long, more than {MAX_SLUG}"
            problems.append(DataProblem(path, message + "; expected a shorter citation key", line, key, "key"))
            continue
        if slug in RESERVED_SLUGS:
            message = f"its page /publications/{page_slug(key)}/ is one the publication list uses itself"
        elif slug in seen:
            message = f"its page /publications/{page_slug(key)}/ is also the page of entry {seen[slug]!r}"
        else:
            seen[slug] = key
            continue
        message += "; expected a citation key of its own (change one)"
        problems.append(DataProblem(path, message, line, key, "key"))
    return problems


def _is_private(name: str) -> bool:
    name = name.lower()
    return name in PRIVATE_FIELDS or name.startswith(PRIVATE_PREFIXES)


@functools.lru_cache(maxsize=2)
def _newlines(text: str) -> list[int]:
    return [match.start() for match in re.finditer("\n", text)]


def _line_of(text: str, offset: int) -> int:
    # a binary search in the file's newline offsets: counting newlines up to each entry was quadratic
    return bisect.bisect_left(_newlines(text), offset) + 1


def _entry_spans(text: str) -> dict[str, tuple[int, int]]:
    """Citation key (lower case) -> (start, end) offsets of its entry in the file."""
    return _spans_cached(text)


@functools.lru_cache(maxsize=2)
def _spans_cached(text: str) -> dict[str, tuple[int, int]]:
    commands = [m.start() for m in ANY_COMMAND.finditer(text)]
    spans: dict[str, tuple[int, int]] = {}
    for match in ENTRY_START.finditer(text):
        if match.group(1).lower() in NON_ENTRIES:
            continue
        index = bisect.bisect_right(commands, match.start())
        end = commands[index] if index < len(commands) else len(text)
        spans.setdefault(match.group(2).lower(), (match.start(), end))
    return spans


def _duplicate_keys(path: Path, text: str) -> list[DataProblem]:
    seen: dict[str, int] = {}
    problems = []
    for match in ENTRY_START.finditer(text):
        if match.group(1).lower() in NON_ENTRIES:
            continue
        key, line = match.group(2), _line_of(text, match.start())
        if key.lower() in seen:
            problems.append(
                DataProblem(path, f"duplicate citation key (first used on line {seen[key.lower()]})", line, key, "key")
            )
        else:
            seen[key.lower()] = line
    return problems


def _unclosed_entries(path: Path, text: str) -> tuple[list[DataProblem], str]:
    """An entry whose opening brace is not closed before the next `@type{`: say where it opened.
    Also returns the text with the missing braces added just before the next entry (lines unchanged),
    so that the entries after it are still read and checked."""
    problems = []
    patches: list[tuple[int, int]] = []  # (offset, braces missing)
    commands = list(ANY_COMMAND.finditer(text))
    for index, match in enumerate(commands):
        if match.group(1).lower() == "comment" or text[match.end() - 1] != "{":
            continue
        end = commands[index + 1].start() if index + 1 < len(commands) else len(text)
        depth = 1
        for brace in re.finditer(r"[{}]", text[match.end() : end]):
            depth += 1 if brace.group(0) == "{" else -1
            if depth == 0:
                break
        if depth == 0:
            continue
        patches.append((end, depth))
        key = ENTRY_START.match(text, match.start())
        opened = _line_of(text, match.end() - 1)
        where = f"before the next entry (line {_line_of(text, end)})" if end < len(text) else "by the end of the file"
        field, field_line = _unbalanced_field(text, match.end(), end)
        if field:
            message = (
                f"BibTeX syntax error: the {{ that opens this field's value is not closed {where}; "
                "expected a } for each {"
            )
        else:
            field_line = opened
            message = (
                f"BibTeX syntax error: the {{ that opens this entry on line {opened} is not closed {where}; "
                "expected a } after the last field"
            )
        problems.append(DataProblem(path, message, field_line, key.group(2) if key else None, field))
    for offset, missing in reversed(patches):
        text = text[:offset] + "}" * missing + text[offset:]
    return problems, text


FIELD_START = re.compile(r"^[ \t]*([A-Za-z][\w:.+-]*)[ \t]*=", re.MULTILINE)


def _unbalanced_field(text: str, start: int, end: int) -> tuple[str | None, int]:
    """The first field between `start` and `end` whose value opens more braces than it closes."""
    fields = list(FIELD_START.finditer(text, start, end))
    for index, field in enumerate(fields):
        stop = fields[index + 1].start() if index + 1 < len(fields) else end
        value = text[field.end() : stop]
        if value.count("{") > value.count("}"):
            return field.group(1), _line_of(text, field.start(1))
    return None, 0


def _duplicate_field_problem(path: Path, text: str, key: str, field: str) -> DataProblem:
    """pybtex names the entry and field of a repeated field but not the line: find its second occurrence."""
    start, end = _entry_spans(text).get(key.lower(), (0, len(text)))
    uses = list(re.compile(rf"^\s*{re.escape(field)}\s*=", re.MULTILINE | re.IGNORECASE).finditer(text, start, end))
    line = (
        _line_of(text, uses[1].start() + len(uses[1].group(0)) - len(uses[1].group(0).lstrip()))
        if len(uses) > 1
        else None
    )
    return DataProblem(
        path,
        "appears twice in the same entry (BibTeX would keep the first value); expected each field once",
        line,
        key,
        field,
    )


def _field_line(text: str, span: tuple[int, int], field: str | None) -> int:
    start, end = span
    if field:
        match = re.compile(rf"^\s*{re.escape(field)}\s*=", re.MULTILINE | re.IGNORECASE).search(text, start, end)
        if not match:  # a field on the entry's first line: `@misc{key, title = ...`
            match = re.compile(rf"[,{{]\s*{re.escape(field)}\s*=", re.IGNORECASE).search(text, start, end)
            if match:
                return _line_of(text, match.start() + 1)
        if match:
            return _line_of(text, match.start() + len(match.group(0)) - len(match.group(0).lstrip()))
    return _line_of(text, start)


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class _Parser(Parser):  # type: ignore[misc]  # pybtex is untyped: its Parser is Any to mypy
    """pybtex's parser that keeps going: errors are collected (with the entry and field being read
    when they happened), a repeated field keeps its first value as BibTeX does, and names stay
    unparsed (`author`/`editor` as written) so that `\textbf{...}`, `others` and DBLP's homonym
    numbers can be read before pybtex splits the name."""

    def __init__(self) -> None:
        super().__init__(person_fields=[])
        self.errors: list[tuple[Exception, str | None, str | None]] = []
        self.duplicates: list[tuple[str, str]] = []

    def handle_error(self, error: Exception) -> None:
        if isinstance(error, DuplicateField):
            match = re.fullmatch(r"entry with key (\S+) has a duplicate (\S+) field", str(error))
            if match:
                self.duplicates.append((match.group(1), match.group(2)))
                return
        parser = getattr(error, "parser", None)
        self.errors.append(
            (error, getattr(parser, "current_entry_key", None), getattr(parser, "current_field_name", None))
        )

    def process_entry(self, entry_type: str, key: str | None, fields: Any) -> None:
        if key is not None and key in self.data.entries:
            return  # a repeated citation key: reported with both lines by `_duplicate_keys`
        super().process_entry(entry_type, key, fields)


def parse_bibtex(text: str) -> tuple[BibliographyData, _Parser]:
    """The file's entries, as far as they can be read, and the parser holding the errors met."""
    parser = _Parser()
    return parser.parse_string(text), parser


#: what one entry's text parses to: (type as written, citation key, fields in order)
ParsedEntry = tuple[str, str, tuple[tuple[str, str], ...]]
#: entry text (from its ``@`` to the next command's) -> what it parses to, kept between builds
#: (:func:`known_entries`, stored by :mod:`labsite.data.datacache`); only texts that parse alone, without
#: any error, to exactly one entry
_ENTRIES: dict[str, ParsedEntry] = {}
_ENTRIES_USED: set[str] = set()


def _entry_texts(text: str) -> list[str] | None:
    """The file's text cut at each command (``@type{`` at the start of a line), when every command is
    an entry and nothing before the first holds an ``@``; None for a file with ``@string``,
    ``@preamble`` or ``@comment`` (they change how the file around them reads), or none."""
    commands = list(ANY_COMMAND.finditer(text))
    if not commands or "@" in text[: commands[0].start()]:
        return None
    if any(match.group(1).lower() in NON_ENTRIES for match in commands):
        return None
    starts = [match.start() for match in commands]
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def _keep_entries(pieces: list[str], database: BibliographyData, parser: _Parser) -> None:
    """After a parse of the whole file without any error: keep what each piece of it parsed to, when
    the pieces and the entries pair up one to one (each piece starts with its entry's type and key)."""
    if parser.errors or parser.duplicates or len(pieces) != len(database.entries):
        return
    found = []
    for piece, (key, entry) in zip(pieces, database.entries.items(), strict=True):
        start = ENTRY_START.match(piece)
        if start is None or start.group(1) != entry.original_type or start.group(2) != key:
            return
        found.append((piece, (entry.original_type, key, tuple(entry.fields.items()))))
    for piece, parsed in found:
        _ENTRIES[piece] = parsed
        _ENTRIES_USED.add(piece)


def parse_bibtex_kept(text: str) -> tuple[BibliographyData, _Parser]:
    """:func:`parse_bibtex`, with each entry whose text is the same as in an earlier build taken from
    that build (:func:`known_entries`): after an edit of one paper, only its entry is parsed. The result
    is the same as parsing the whole file: a file that cannot be cut into entries that each parse alone
    without any error (syntax errors, repeated fields, ``@string``) is parsed whole, so every error is
    reported, at its line, as without the cache."""
    pieces = _entry_texts(text)
    if pieces is None:
        return parse_bibtex(text)
    kept = [_ENTRIES.get(piece) for piece in pieces]
    if not any(kept):  # a first build: one parse of the file, its entries kept for the next
        database, parser = parse_bibtex(text)
        _keep_entries(pieces, database, parser)
        return database, parser
    parsed: list[ParsedEntry] = []
    for piece, found in zip(pieces, kept, strict=True):
        if found is None:
            try:
                one, alone = parse_bibtex(piece)
            except PybtexError:  # what the whole file's parse says of it is reported
                one, alone = BibliographyData(), None
            if alone is None or alone.errors or alone.duplicates or len(one.entries) != 1:
                database, parser = parse_bibtex(text)  # as it is: its errors reported at their lines
                _keep_entries(pieces, database, parser)
                return database, parser
            [(key, entry)] = one.entries.items()
            found = _ENTRIES[piece] = (entry.original_type, key, tuple(entry.fields.items()))
        _ENTRIES_USED.add(piece)
        parsed.append(found)
    parser = _Parser()
    database = parser.data
    for entry_type, key, fields in parsed:
        if key not in database.entries:  # a repeated citation key: the first entry, as `_Parser` keeps
            database.add_entry(key, Entry(entry_type, fields=fields))
    return database, parser


def known_entries() -> dict[str, ParsedEntry]:
    """The entries parsed or reused since :func:`remember_entries` (what the next build may reuse); the
    others are forgotten, so a long-running process (``make livehtml``) keeps only the file's entries."""
    kept = {piece: _ENTRIES[piece] for piece in _ENTRIES_USED if piece in _ENTRIES}
    _ENTRIES.clear()
    _ENTRIES.update(kept)
    return kept


def remember_entries(entries: dict[str, ParsedEntry]) -> None:
    """Reuse `entries` (:func:`known_entries` of an earlier build with the same code and pybtex)."""
    _ENTRIES.update(entries)
    _ENTRIES_USED.clear()


@functools.lru_cache(maxsize=4096)
def _decoded_name(name: str) -> str:
    r"""A name as Unicode text, each part decoded on its own: `Wo\'zniak, Micha\l` -> `Michał Woźniak`
    (decoding the joined name would let `\l` swallow the space after it: `MichałWoźniak`)."""
    person = Person(name)

    def decoded(parts: list[str]) -> str:
        return " ".join(text for part in parts if (text := latex_to_text(part)))

    shown = decoded([*person.first_names, *person.middle_names, *person.prelast_names, *person.last_names])
    return f"{shown}, {decoded(person.lineage_names)}" if person.lineage_names else shown


#: marks authors type after a name (equal contribution, corresponding author), in any of the forms
#: exporters and lab pages write: `*`, `$^*$`, `$^\dagger$`, `\textsuperscript{*}`, `^{*,\dag}`, `†`
_MARK_SYMBOLS = {
    "*": "*", "∗": "∗", r"\ast": "*", r"\textasteriskcentered": "*",
    "†": "†", r"\dagger": "†", r"\dag": "†", r"\textdagger": "†",
    "‡": "‡", r"\ddagger": "‡", r"\ddag": "‡", r"\textdaggerdbl": "‡",
}  # fmt: skip
_SYMBOL = (
    "(?:"
    + "|".join(
        re.escape(s) + (r"(?![A-Za-z])" if s.startswith("\\") else "")
        for s in sorted(_MARK_SYMBOLS, key=len, reverse=True)
    )
    + ")"
)
_SYMBOLS = rf"(?:\s*(?:{_SYMBOL}|\{{\s*{_SYMBOL}\s*\}})\s*,?)+"
_MARK = (
    rf"(?:\$\s*\^\s*(?:\{{{_SYMBOLS}\}}|{_SYMBOL})\s*\$|\$\s*{_SYMBOLS}\$|\\textsuperscript\s*\{{{_SYMBOLS}\}}"
    rf"|\^\s*(?:\{{{_SYMBOLS}\}}|{_SYMBOL})|\{{{_SYMBOLS}\}}|{_SYMBOL})"
)
TRAILING_MARKS = re.compile(rf"(?:\s*{_MARK})+\s*$")
_SYMBOL_RE = re.compile(_SYMBOL)


def split_marks(name: str) -> tuple[str, str]:
    r"""`Hao Zhang$^\dagger$` -> (`Hao Zhang`, `†`); `Zhang*, Hao` and `Zhang, Hao\textsuperscript{*}`
    -> (`Zhang, Hao`, `*`): the name without the marks typed after it (or after its family part), and
    the marks as Unicode symbols in order (LaTeX commands decoded, characters kept as typed)."""
    marks = ""
    match = TRAILING_MARKS.search(name)
    if match and name[: match.start()].strip():
        marks, name = _symbols(match.group(0)), name[: match.start()]
    family, comma, given = name.partition(",")
    match = TRAILING_MARKS.search(family) if comma else None
    if match and family[: match.start()].strip():
        marks, name = marks + _symbols(match.group(0)), family[: match.start()] + comma + given
    return name, marks


def _symbols(marks: str) -> str:
    return "".join(_MARK_SYMBOLS[symbol] for symbol in _SYMBOL_RE.findall(marks))


@dataclass
class Names:
    """An `author`/`editor` value read: the names as Unicode text, whether it ended with `and others`,
    and by 1-based position: names written in bold, marks typed after them, DBLP homonym numbers."""

    names: list[str] = dataclasses.field(default_factory=list)
    et_al: bool = False
    bold: list[int] = dataclasses.field(default_factory=list)
    marks: dict[int, str] = dataclasses.field(default_factory=dict)
    homonyms: dict[int, str] = dataclasses.field(default_factory=dict)


def read_names(value: str) -> Names:
    r"""An `author`/`editor` value -> :class:`Names`. `Mart{\'{\i}}nez, Luc{\'{\i}}a` -> `Lucía Martínez`;
    `Hao Zhang 0001` -> `Hao Zhang` (homonym number 0001); `\textbf{Hao Zhang}$^*$` -> `Hao Zhang`
    (bold, mark `*`)."""
    found = Names()
    for raw in split_name_list(value):
        raw = raw.strip()
        if raw.lower() in ("others", "{others}", "et al.", "et al"):
            found.et_al = True
            continue
        position = len(found.names) + 1
        unwrapped, marks = split_marks(raw)
        bold = BOLD_NAME.sub(lambda m: next(g for g in m.groups() if g is not None), unwrapped)
        if bold != unwrapped:
            found.bold.append(position)
            unwrapped, more = split_marks(bold)  # marks inside the bold: `\textbf{Hao Zhang*}`
            marks += more
        number = HOMONYM_NUMBER.search(unwrapped)
        unwrapped = strip_homonym_number(unwrapped).strip()
        if not unwrapped:
            continue
        found.names.append(_decoded_name(unwrapped))
        if marks:
            found.marks[position] = marks
        if number:
            found.homonyms[position] = number.group(1)
    return found


#: `month` as exporters write it: a name or number, with a day (`July~10`, `oct # "~10"`, `10 July`), or
#: a range (`October-November`, `July 10--12`): its first month, and the day when there is one
MONTH_VALUE = re.compile(
    r"(?:(?P<day_first>\d{1,2})(?:st|nd|rd|th)?\s+)?(?P<month>[a-z]+|\d{1,2})\.?"
    r"(?:\s*(?P<day>\d{1,2})(?:st|nd|rd|th)?\b)?(?:\s*,)?(?:\s*(?:-+|–|—|/|to\b)\s*\S.*)?"
)
#: what `year` says of a paper accepted but not yet out (biblatex's `pubstate`: forthcoming, inpress)
FORTHCOMING = {"to appear", "forthcoming", "in press", "inpress"}


def _month_value(value: str) -> tuple[int, int | None]:
    """(month, day or None) of a `month` value; ValueError when it names no month."""
    value = " ".join(value.replace("~", " ").replace("{", "").replace("}", "").split()).lower()
    match = MONTH_VALUE.fullmatch(value)
    if not match:
        raise ValueError
    name, day = match.group("month"), match.group("day") or match.group("day_first")
    if name.isdigit():
        month = int(name)
        if not 1 <= month <= 12:
            raise ValueError
    elif name[:3] in MONTHS and MONTH_NAMES[MONTHS[name[:3]] - 1].lower().startswith(name):
        month = MONTHS[name[:3]]
    else:
        raise ValueError
    return month, int(day) if day else None


@dataclass
class Dates:
    """When a paper appeared, from `year`, `month`, `date` and `pubstate`; problems as (field, message)."""

    year: str | None = None
    month: int | None = None
    day: int | None = None
    forthcoming: bool = False
    problems: list[tuple[str, str]] = dataclasses.field(default_factory=list)


def _dates(fields: Mapping[str, str]) -> Dates:
    """The paper's :class:`Dates`.

    `date` is biblatex's (`2022`, `2022-03`, `2022-03-15`, a range `2022-03-15/2022-03-17`) or the
    site's own `YYYY-MM`; a `date` in another year than `year` (a preprint's, for a paper published the
    next year) says nothing about the month. `month = {}` (IEEE Xplore) means no month; a month with a
    day (`July~10`) keeps the day, a range (`October-November`) gives its first month. `year = {to
    appear}` and biblatex's `pubstate = {forthcoming}` (or `inpress`) make a forthcoming paper; one
    without any year is listed as forthcoming, before the years.
    """
    found = Dates()
    problems = found.problems
    year = fields.get("year", "").strip().strip("{}").strip() or None
    pubstate = latex_to_text(fields.get("pubstate", "")).strip().lower()
    if year and " ".join(year.lower().rstrip(".").split()) in FORTHCOMING:
        year = None
        found.forthcoming = True
    if pubstate in FORTHCOMING:
        found.forthcoming = True
    month = day = None
    date = fields.get("date", "").strip()
    if date:
        match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:/.*)?", date)
        if not match or (match.group(2) and not 1 <= int(match.group(2)) <= 12):
            problems.append(("date", f"{date!r} is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-03"))
        else:
            year = year or match.group(1)
            if match.group(2) and match.group(1) == year:
                month = int(match.group(2))
                day = int(match.group(3)) if match.group(3) else None
    if month is None and fields.get("month", "").strip():
        try:
            month, day = _month_value(fields["month"])
        except ValueError:
            problems.append(
                ("month", f"{fields['month']!r} is not a month; expected e.g. mar, March, 3 or a day: July~10")
            )
    if year is not None and not re.fullmatch(r"\d{4}", year):
        problems.append(("year", f"not a year; expected a whole number of four digits, e.g. 2022 (found {year!r})"))
        year = None
    if month and day and not 1 <= day <= calendar.monthrange(int(year or 2000), month)[1]:
        problems.append(("month" if fields.get("month") else "date", f"{MONTH_NAMES[month - 1]} has no day {day}"))
        day = None
    found.year, found.month, found.day = year, month, day
    return found


def _arxiv(fields: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The arXiv identifier and primary class, wherever the exporter put them: `eprint` with
    `archivePrefix`/`eprinttype` arXiv (arXiv, Zotero, ADS, DBLP, biblatex), al-folio's `arxiv`, or
    `arXiv:ID` in the journal, note or URL (Google Scholar's `journal = {arXiv preprint arXiv:...}`)."""
    cls = fields.get("primaryclass") or None
    if _is_arxiv_eprint(fields):
        return _arxiv_ident(fields["eprint"]), cls
    if "arxiv" in fields:
        return _arxiv_ident(fields["arxiv"]), cls
    for name in ("journal", "note", "howpublished", "url", "volume", "booktitle"):
        match = ARXIV_ID.search(fields.get(name, ""))
        if match:
            return match.group(1), cls
    if "eprint" in fields and re.fullmatch(r"\d{4}\.\d{4,5}(v\d+)?", fields["eprint"].strip()):
        return re.sub(r"v\d+$", "", fields["eprint"].strip()), cls
    if (match := ARXIV_VOLUME.fullmatch(fields.get("volume", ""))) and any(
        _is_arxiv_venue(fields[name]) for name in ("journal", "booktitle") if name in fields
    ):
        return match.group(1), cls
    return None, cls


def _is_arxiv_eprint(fields: Mapping[str, str]) -> bool:
    """Whether `eprint` holds an arXiv identifier by `archivePrefix`/`eprinttype`."""
    return "eprint" in fields and (fields.get("archiveprefix") or "").strip().lower() == "arxiv"


def _arxiv_ident(value: str) -> str:
    """The identifier of an `eprint` or al-folio `arxiv` field: `2306.01234` from `arXiv:2306.01234v2`
    or a pasted abs/pdf URL; anything else as written (checked by the caller)."""
    match = ARXIV_ID.search(value)
    return match.group(1) if match else re.sub(r"^arXiv:|v\d+$", "", value.strip(), flags=re.I)


def _is_arxiv_venue(value: str) -> bool:
    plain = latex_to_text(value).strip().lower()
    return plain in ("corr", "arxiv", "arxiv e-prints", "arxiv preprint", "e-print") or bool(
        re.fullmatch(r"(arxiv|corr)\b.*", plain)
    )


THESIS_LABELS = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}


def _venue(entry_type: str, fields: Mapping[str, str], arxiv: str | None, arxiv_class: str | None) -> str | None:
    """Where the paper appeared, as LaTeX source (decoded by the caller)."""
    if entry_type in THESIS_LABELS or entry_type == "thesis":
        label = THESIS_LABELS.get(entry_type) or (latex_to_text(fields["type"]) if "type" in fields else "Thesis")
        school = fields.get("school") or fields.get("institution")
        return f"{label}, {school}" if school else label
    if entry_type in ("techreport", "report"):
        label = latex_to_text(fields["type"]) if "type" in fields else "Technical report"
        if "number" in fields:
            label += f" {fields['number']}"
        institution = fields.get("institution")
        return f"{label}, {institution}" if institution else label
    for name in ("booktitle", "journal"):
        if name in fields and not (arxiv and _is_arxiv_venue(fields[name])):
            return fields[name]
    howpublished = fields.get("howpublished", "")
    if howpublished and not re.match(r"\s*\\url\b", howpublished) and not (arxiv and _is_arxiv_venue(howpublished)):
        return howpublished
    if arxiv:
        return f"arXiv:{arxiv}" + (f" [{arxiv_class}]" if arxiv_class else "")
    if entry_type in ("book", "proceedings", "collection", "inbook", "incollection"):
        for name in ("series", "publisher", "organization"):
            if name in fields:
                return fields[name]
    if entry_type in ("unpublished", "misc", "online") and "note" in fields:
        return fields["note"]
    for name in ("organization", "publisher", "institution", "school"):
        if name in fields:
            return fields[name]
    return None


def _bibtex_value(value: str) -> str:
    return "{" + value + "}"


#: pybtex reads BibTeX's month macros (`month = mar`, as Zotero and JabRef export) as the month's English
#: name; they are written back as the macro, which biblatex reads too (`{March}` is no month to it)
MONTH_MACROS = {MONTH_NAMES[number - 1]: macro for macro, number in MONTHS.items()}


def entry_to_bibtex(key: str, entry_type: str, fields: dict[str, str], persons: dict[str, Any] | None = None) -> str:
    """One entry as BibTeX source. Values are written as they were read (LaTeX source), so URLs keep
    `~` and `%` and accents keep their LaTeX form; pybtex's writer would re-encode them. A month's name
    is written as BibTeX's macro (`month = mar`)."""
    lines = [f"@{entry_type}{{{key},"]
    for role, people in (persons or {}).items():
        lines.append(f"  {role} = {_bibtex_value(' and '.join(str(person) for person in people))},")
    for name, value in fields.items():
        macro = MONTH_MACROS.get(value) if name.lower() == "month" else None
        lines.append(f"  {name} = {macro or _bibtex_value(value)},")
    lines.append("}")
    return "\n".join(lines)


def bibtex_for_readers(key: str, entry: Entry) -> str:
    r"""The entry as readers would cite it: standard fields only (site fields, private fields such as
    Zotero's `file`, and `crossref` removed; inherited fields included), bold markup, marks (`*`,
    `$^\dagger$`) and DBLP's homonym numbers off the names."""
    fields = {
        name: value
        for name, value in entry.fields.items()
        if name.lower() not in SITE_FIELDS and not _is_private(name) and name.lower() != "crossref"
    }
    if "year" not in entry.fields and "date" in entry.fields:
        fields["date"] = entry.fields["date"]  # biblatex's date is the entry's only year
    for role in ("author", "editor"):
        for name in list(fields):
            if name.lower() == role:
                value = BOLD_NAME.sub(lambda m: next(g for g in m.groups() if g is not None), fields[name])
                names = (split_marks(strip_homonym_number(n.strip()))[0] for n in split_name_list(value))
                fields[name] = " and ".join(strip_homonym_number(n.strip()) for n in names)
    if "url" not in {f.lower() for f in fields} and "pdf" in entry.fields and "://" in entry.fields["pdf"]:
        fields["url"] = entry.fields["pdf"]
    return entry_to_bibtex(key, entry.original_type, fields, dict(entry.persons))


def _html_and_text(value: str) -> tuple[str, str]:
    html = latex_to_html(value)
    return html, html_to_text(html)


def _local_link(name: str, value: str) -> tuple[str | None, str | None]:
    """al-folio's relative link (`pdf = {paper.pdf}`, `html = {relativity.html}`) -> (the path in the
    site, None), or (None, the problem) when it breaks the rule for paths of :mod:`labsite.data.paths`
    (`..`, absolute, hidden, control characters...)."""
    try:
        return clean_path(value.strip()), None
    except PathProblem as err:
        if name == "pdf":
            where, example = "a file name in the site's files folder", "paper.pdf or https://arxiv.org/pdf/2306.01234"
        else:
            where, example = "a file name in the site's files folder or a page", "paper.html or https://example.org/"
        return None, f"{value!r} is neither a URL nor {where} ({err}); expected e.g. {example}"


def _unknown_fields(fields: Iterable[str]) -> list[str]:
    """The entry's field names that no tool defines (:data:`STANDARD_FIELDS`, the site's, private ones)."""
    known = STANDARD_FIELDS | SITE_FIELDS | set(LINK_FIELDS) | set(URL_LIKE_FIELDS) | set(BIBLATEX_ALIASES)
    return [name for name in fields if name.lower() not in known and not _is_private(name)]


def _missing(fields: Mapping[str, str], required: str, message: str) -> tuple[str, str]:
    """The problem of a required field missing: at the entry's unknown field closest to it, with a
    "did you mean" (`titel = {...}`: "title is required but missing; did you mean 'title'?"), else at the
    entry."""
    unknown = {name.lower(): name for name in _unknown_fields(fields)}
    for wanted in REQUIRED_FIELDS[required]:
        close = closest_name(wanted, unknown)
        if close is not None:
            return unknown[close], f"{message}; did you mean {wanted!r}? ({unknown[close]!r} is not a BibTeX field)"
    return required, message


def _record(
    key: str, entry: Entry, missing_crossref: str | None = None
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The entry as a Publication record, and problems found on the way as (field, message).
    `missing_crossref`: the key its `crossref` names, when no entry of the file has it (the fields
    present are used, as BibTeX does; a required field missing says the crossref would have given it)."""
    fields = OrderedCaseInsensitiveDict(entry.fields)  # the entry as written stays for the BibTeX shown
    for alias, name in BIBLATEX_ALIASES.items():
        if alias in fields and name not in fields:
            fields[name] = fields[alias]
    entry_type = entry.type.lower()
    if entry_type == "article" and fields.get("booktitle", "").strip():
        # Semantic Scholar exports a conference paper as `@Article` with the conference in `booktitle`
        # (an article has none); it is cited, tagged and typed as the conference paper it is
        entry_type = "inproceedings"
    problems: list[tuple[str, str]] = []
    record: dict[str, Any] = {"key": key, "entry_type": entry_type, "bibtex": bibtex_for_readers(key, entry)}
    if "title" in fields:
        record["title_html"], record["title"] = _html_and_text(fields["title"])
    for name in ("author", "editor"):
        doubled = [
            raw for raw in split_name_list(fields.get(name, "")) if re.fullmatch(r"and\s.*|.*\sand|and", raw.strip())
        ]
        if doubled:  # else a person named "and C D" on the page
            message = f"{doubled[0].strip()!r} has an 'and' with no name on one side (was a name deleted?)"
            problems.append((name, message + "; expected names joined by single ' and '"))
    if fields.get("author", "").strip():
        names = read_names(fields["author"])
        record.update(authors=names.names, et_al=names.et_al, highlighted=names.bold)
        record.update(marks=names.marks, homonyms=names.homonyms)
    if fields.get("editor", "").strip():
        editors = read_names(fields["editor"])
        record["editors"] = editors.names
        record["et_al"] = record.get("et_al") or (editors.et_al and not record.get("authors"))
    because = (
        f" (its crossref {missing_crossref!r}, which would give it, is not in this file)" if missing_crossref else ""
    )
    if "title" not in fields:
        problems.append(_missing(fields, "title", f"title is required but missing{because}"))
    if not record.get("authors") and not record.get("editors"):
        message = f"author is required but missing (or editor, for an edited book){because}"
        present = "author" in fields or "editor" in fields  # but empty: no other field to suggest
        problems.append(("author", message) if present else _missing(fields, "author", message))
    dates = _dates(fields)
    problems += dates.problems
    if dates.year is not None:
        record["year"] = dates.year
    elif not dates.forthcoming and not any(field in ("year", "date") for field, _ in dates.problems):
        problems.append(_missing(fields, "year", f"year is required but missing (or a biblatex date){because}"))
    for name in ("month", "day"):
        if getattr(dates, name) is not None:
            record[name] = getattr(dates, name)
    record["forthcoming"] = dates.forthcoming
    arxiv, arxiv_class = _arxiv(fields)
    if arxiv and not ARXIV_BARE.fullmatch(arxiv):  # else a broken arXiv link and PDF link
        source = "arxiv" if "arxiv" in fields and not _is_arxiv_eprint(fields) else "eprint"
        problems.append((source, f"{arxiv!r} is not an arXiv identifier; expected e.g. 2306.01234"))
        arxiv = None
    if arxiv:
        record["arxiv"] = arxiv
        if arxiv_class:
            record["arxiv_class"] = latex_to_text(arxiv_class)
    venue = _venue(entry_type, fields, arxiv, arxiv_class and latex_to_text(arxiv_class))
    if venue is not None:
        record["venue_html"], record["venue"] = _html_and_text(venue)
        if not record["venue"]:
            del record["venue"], record["venue_html"]
    for name in LINK_FIELDS:
        if fields.get(name, "").strip():
            record[name] = url_from_latex(fields[name])
            if name in LOCAL_LINK_FIELDS and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", record[name]):
                # al-folio's form: a file name (served from the site's files folder) or a page of the site
                relative, problem = _local_link(name, record.pop(name))
                if problem:
                    problems.append((name, problem))
                elif name == "pdf":
                    record["pdf_file"] = relative
                else:
                    record.setdefault("local_links", {})[name] = relative
    if "url" not in record and re.match(r"\s*\\url\b", fields.get("howpublished", "")):
        record["url"] = url_from_latex(fields["howpublished"])
    if fields.get("doi", "").strip():
        doi = doi_of(url_from_latex(fields["doi"]))
        if DOI.fullmatch(doi):
            record["doi"] = doi
        else:  # else a broken DOI link on the page
            problems.append(("doi", f"{fields['doi'].strip()!r} is not a DOI; expected e.g. 10.1145/3600006.3613165"))
    if fields.get("preview", "").strip():
        try:
            record["preview"] = clean_path(fields["preview"].strip())
        except PathProblem as err:
            message = f"{fields['preview']!r} is not an image file name ({err}); expected e.g. paper.png"
            problems.append(("preview", message))
    if arxiv and "pdf" not in record:
        record["pdf"] = f"https://arxiv.org/pdf/{arxiv}"
    if fields.get("abstract", "").strip():
        record["abstract_html"], record["abstract"] = _html_and_text(fields["abstract"])
    for name in ("abbr", "publisher", "institution"):
        if fields.get(name, "").strip():
            record[name] = latex_to_text(fields[name])
    if "institution" not in record and fields.get("school", "").strip():
        record["institution"] = latex_to_text(fields["school"])
    for name, target in (
        ("number", "number"),
        ("isbn", "isbn"),
        ("issn", "issn"),
        ("volume", "volume"),
        ("pages", "pages"),
    ):
        if fields.get(name, "").strip():
            record[target] = latex_to_text(fields[name])
    if arxiv and (volume := ARXIV_VOLUME.fullmatch(fields.get("volume", ""))) and volume.group(1) == arxiv:
        del record["volume"]  # `abs/<arXiv id>`: the identifier, shown as such, not a volume
    if entry_type == "article" and "number" in record:
        record["issue"] = record["number"]
    # an article number (ACM's `articleno`, biblatex's `eid`); NASA ADS's `eid = {arXiv:...}` of a preprint
    # is its arXiv identifier, read from `eprint`
    article_number = fields.get("articleno", "").strip() or fields.get("eid", "").strip()
    if article_number and not article_number.lower().startswith("arxiv:"):
        record["article_number"] = latex_to_text(article_number)
    # the length of a paper numbered instead of paged (ACM's `numpages`, biblatex's `pagetotal`)
    if number_of_pages := (fields.get("numpages", "").strip() or fields.get("pagetotal", "").strip()):
        record["number_of_pages"] = latex_to_text(number_of_pages)
    if entry_type == "inproceedings" and fields.get("series", "").strip():
        record["series"] = latex_to_text(fields["series"])  # the proceedings' short name (ACM: `SOSP '23`)
    if fields.get("address", "").strip():
        record["publisher_place"] = latex_to_text(fields["address"])  # BibTeX's `address`: the publisher's city
    if "award" in fields or "award_name" in fields:
        record["award"] = latex_to_text(fields.get("award_name") or fields["award"])
    if "topics" in fields:
        record["topics"] = _split_list(latex_to_text(fields["topics"]))
    if "selected" in fields:
        record["selected"] = fields["selected"].strip().lower()
    if "equal" in fields:
        record["equal"] = _split_list(fields["equal"])
        count = len(record.get("authors") or record.get("editors") or [])
        beyond = [p for p in record["equal"] if p.strip().isdigit() and not 1 <= int(p) <= count]
        if beyond and count and not record.get("et_al"):  # else a mark silently missing
            message = f"position {beyond[0].strip()} is not one of the entry's {count} authors"
            problems.append(("equal", message + "; expected 1-based positions in the author list, e.g. {1, 2}"))
    return record, problems


#: :func:`_record`'s results by what it reads of an entry (:func:`_record_source`), kept between builds
#: by :mod:`labsite.data.datacache` with labsite's code: after one paper is edited, only its entry is
#: made into a record again (a pure function of the entry, so the data is the same with or without it)
_RECORDS: dict[tuple[object, ...], tuple[dict[str, Any], list[tuple[str, str]]]] = {}
_RECORDS_USED: set[tuple[object, ...]] = set()


def _record_source(key: str, entry: Entry, missing_crossref: str | None) -> tuple[object, ...]:
    """Everything of the entry :func:`_record` reads (fields in order, after crossref; type as written)."""
    return (key, entry.type, entry.original_type, tuple(entry.fields.items()), missing_crossref)


def _record_cached(
    key: str, entry: Entry, missing_crossref: str | None = None
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """:func:`_record`, or its result for the same entry kept from an earlier build (a copy of the record)."""
    source = _record_source(key, entry, missing_crossref)
    found = _RECORDS.get(source)
    if found is None:
        found = _RECORDS[source] = _record(key, entry, missing_crossref)
    _RECORDS_USED.add(source)
    record, problems = found
    return dict(record), list(problems)


def known_records() -> dict[tuple[object, ...], tuple[dict[str, Any], list[tuple[str, str]]]]:
    """The records made or reused since :func:`remember_records` (what the next build may reuse); the
    others are forgotten, so a long-running process (``make livehtml``) keeps only the file's entries."""
    kept = {source: _RECORDS[source] for source in _RECORDS_USED if source in _RECORDS}
    _RECORDS.clear()
    _RECORDS.update(kept)
    return kept


def remember_records(records: dict[tuple[object, ...], tuple[dict[str, Any], list[tuple[str, str]]]]) -> None:
    """Reuse `records` (:func:`known_records` of an earlier build with the same code)."""
    _RECORDS.update(records)
    _RECORDS_USED.clear()


def _inherit(entry: Entry, parent: Entry) -> None:
    """BibTeX's crossref: fields the entry lacks come from the parent; the parent's title is the
    entry's booktitle (DBLP's "with crossref" export, biblatex's rule)."""
    for name, value in parent.fields.items():
        lower = name.lower()
        if lower == "title":
            if "booktitle" not in entry.fields:
                entry.fields["booktitle"] = value
        elif lower not in ("crossref", "ids", "biburl", "timestamp", "bibsource") and name not in entry.fields:
            entry.fields[name] = value


def normalised_title(title: str) -> str:
    """`{GPU}s \\& {M}{\\"o}bius!` -> `gpusmobius`: what two exports of one paper's title share."""
    return re.sub(r"[^a-z0-9]", "", anyascii(latex_to_text(title)).lower())


def identities(fields: Mapping[str, str]) -> dict[str, str]:
    """The ways one paper is recognised in two lists (or twice in one): its DOI, its arXiv identifier
    (an arXiv DOI names the same paper as its identifier; a versioned URL the same as the unversioned
    one) and its title in its year, compared without case, accents, LaTeX and punctuation. Returns
    identity -> the field it was read from. `fields`: the entry's fields, crossref inherited, any case."""
    fields = {name.lower(): value for name, value in fields.items()}
    for alias, name in BIBLATEX_ALIASES.items():  # biblatex's `eprinttype = {arXiv}`, ...
        if alias in fields:
            fields.setdefault(name, fields[alias])
    found: dict[str, str] = {}
    doi = fields.get("doi", "").strip().strip("{}")
    if doi:
        doi = doi_of(doi.replace("\\_", "_"))
        found[f"doi:{doi.lower()}"] = "doi"
    arxiv, _ = _arxiv(fields)
    source = next((n for n in ("eprint", "arxiv", "journal", "note", "howpublished", "url") if n in fields), "title")
    for name in ("pdf", "url"):
        match = ARXIV_ID.search(fields.get(name, ""))
        if not arxiv and match:
            arxiv, source = match.group(1), name
    match = re.fullmatch(r"10\.48550/arxiv\.(.+)", doi.lower()) if doi else None
    if match:  # an arXiv DOI names the same paper as its identifier
        arxiv, source = arxiv or match.group(1), source if arxiv else "doi"
    if arxiv:
        found[f"arxiv:{arxiv.lower()}"] = source
    title = normalised_title(fields.get("title", ""))
    year = fields.get("year", "").strip() or fields.get("date", "")[:4]
    if title:
        found[f"title:{title}:{year}"] = "title"
    return found


IDENTITY_NAMES = {"doi": "DOI", "arxiv": "arXiv identifier", "title": "title in the same year"}


def _duplicate_papers(path: Path, text: str, entries: dict[str, Entry]) -> list[DataProblem]:
    """An entry for a paper already listed under another key (same DOI, arXiv identifier, or title in
    the same year: :func:`identities`, the rule `labsite-import-bib` skips papers by)."""
    spans = _entry_spans(text)
    seen: dict[str, str] = {}
    problems = []
    for key, entry in entries.items():
        found = identities(entry.fields)
        same = next((identity for identity in found if identity in seen and seen[identity] != key), None)
        if same is None:
            for identity in found:
                seen.setdefault(identity, key)
            continue
        other = seen[same]
        kind, _, value = same.partition(":")
        shown = f" {value}" if kind != "title" else ""
        other_line = _line_of(text, spans.get(other.lower(), (0, 0))[0])
        problems.append(
            DataProblem(
                path,
                f"the same paper as entry {other!r} (line {other_line}): same {IDENTITY_NAMES[kind]}{shown}; "
                "expected each paper once (delete one entry, keeping the key already in use)",
                _field_line(text, spans.get(key.lower(), (0, 0)), found[same]),
                key,
                found[same],
            )
        )
    return problems


#: where a model field comes from in the BibTeX entry, for error locations
SOURCE_FIELD = {"authors": "author", "editors": "editor", "venue": "booktitle", "title_html": "title"}


def _crossref_loops(entries: Mapping[str, Entry]) -> set[str]:
    """Keys of the entries whose `crossref` chain leads back to themselves (`crossref = {itself}`, two
    entries naming each other)."""
    looped = set()
    for key in entries:
        seen, current = {key.lower()}, key
        while (target := entries[current].fields.get("crossref", "").strip()) and target in entries:
            if target.lower() == key.lower():
                looped.add(key)
                break
            if target.lower() in seen:
                break
            seen.add(target.lower())
            current = target
    return looped


def load_bibtex(path: Path, topics: Iterable[str] | None = None) -> list[Publication]:
    """Read and validate a BibTeX file. `topics`, if given, are the labels a paper may use.

    Raises DataError with every problem of the file (syntax, repeated fields, missing or malformed
    fields, bad links, a paper listed twice: :func:`identities`), each with its line, entry and field;
    its `partial` is the list of the valid papers.
    Entries that other entries name in `crossref` (DBLP's proceedings) lend them their fields and are
    not papers of their own.
    """
    text = read_text(path, MAX_BIBTEX_BYTES)
    unclosed_problems, patched = _unclosed_entries(path, text)
    problems = _duplicate_keys(path, text) + unclosed_problems
    unclosed = {p.entry for p in unclosed_problems}
    try:
        database, parser = parse_bibtex_kept(patched) if patched is text else parse_bibtex(patched)
    except PybtexError as err:  # what the collecting parser could not recover from
        raise DataError([*problems, DataProblem(path, f"BibTeX error: {err}")]) from None
    spans = _entry_spans(text)
    failed: set[str] = set()
    for error, entry_key, field in parser.errors:
        if entry_key in unclosed:
            failed.add(str(entry_key).lower())
            continue  # reported where its brace opened
        message = f"BibTeX syntax error: {error.args[0] if error.args else error}"
        line = getattr(error, "lineno", None)
        if isinstance(error, PybtexSyntaxError) and error.args and error.args[0] == "'}' expected":
            message += " (is a comma missing after the previous field, or a brace unbalanced?)"
        if entry_key and field and isinstance(error, PrematureEOF):
            # an unclosed brace swallows the rest of the file: point at the field that opened it
            message = "BibTeX syntax error: unbalanced braces (a { without its }) in this field"
            line = _field_line(text, spans.get(entry_key.lower(), (0, len(text))), field)
        if entry_key:
            failed.add(entry_key.lower())
        problems.append(DataProblem(path, message, line, entry_key, field))
    for key, field in parser.duplicates:
        problems.append(_duplicate_field_problem(path, text, key, field))

    entries = database.entries
    parents: set[str] = set()
    missing: dict[str, str] = {}  # key -> the crossref that names no entry of the file
    looped = _crossref_loops(entries)
    for key, entry in entries.items():
        target = entry.fields.get("crossref", "").strip()
        if not target:
            continue
        if key in looped:  # else every entry of the loop would be a parent, and none on the site
            message = f"its crossref {target!r} leads back to this entry; expected the key of its proceedings or book"
            field_line = _field_line(text, spans.get(key.lower(), (0, len(text))), "crossref")
            problems.append(DataProblem(path, message, field_line, key, "crossref"))
            failed.add(key.lower())
        elif target in entries:
            _inherit(entry, entries[target])
            parents.add(target.lower())
        else:
            # BibTeX only warns and uses the fields present (DBLP's "with crossref" export pasted alone)
            missing[key] = target

    problems += _page_clashes(path, text, [k for k in entries if k.lower() not in parents])
    # the slow part of a large file (math, accents, long abstracts): on every core at once
    convert_in_parallel(
        value
        for entry in entries.values()
        for name, value in entry.fields.items()
        if name.lower() not in LINK_FIELDS and name.lower() not in URL_LIKE_FIELDS and not _is_private(name)
    )
    known_topics = set(topics) if topics is not None else None
    publications = []
    failed |= {str(key).lower() for key in unclosed}
    for key, entry in entries.items():
        if key.lower() in parents or key.lower() in failed:
            continue
        span = spans.get(key.lower(), (0, 0))
        record, found = _record_cached(key, entry, missing.get(key))
        record["line"] = _line_of(text, span[0]) if span[1] else None
        for field, message in found:
            problems.append(DataProblem(path, message, _field_line(text, span, field), key, field))
        if known_topics is not None:  # with the entry's other problems, all in one report
            for topic in record.get("topics", ()):
                if topic not in known_topics:
                    problems.append(
                        DataProblem(
                            path,
                            f"unknown topic {topic!r}; expected one of: {', '.join(sorted(known_topics))}",
                            _field_line(text, span, "topics"),
                            key,
                            "topics",
                        )
                    )
        # the record is also validated when the entry has problems already (the fields with problems are
        # not in it), so that every problem of the entry is in the one report, each field's once
        written = {name.lower() for name in entry.fields}
        reported = {field for field, _message in found} | {  # a missing required field is one of `found`
            name for name, alternatives in REQUIRED_FIELDS.items() if not written & set(alternatives)
        }
        try:
            publication = Publication.model_validate(record)
        except ValidationError as err:
            for problem in problems_from_validation(path, err, {"entries": [record]}, {}, Publication):
                field = str(problem.field).split(".")[0]
                field = SOURCE_FIELD.get(field, field)
                if field == "booktitle" and entry.type.lower() == "article":
                    field = "journal"
                if field not in reported:
                    problems.append(DataProblem(path, problem.message, _field_line(text, span, field), key, field))
            continue
        for name in LINK_FIELDS:
            url = getattr(publication, name)
            if url and name not in reported and urlsplit(url).scheme not in ("http", "https"):
                problems.append(
                    DataProblem(
                        path,
                        f"link {url!r} is not an http(s) URL; expected e.g. https://example.org/paper.pdf",
                        _field_line(text, span, name),
                        key,
                        name,
                    )
                )
        if not found:
            publications.append(publication)
    problems += _duplicate_papers(path, text, {p.key: entries[p.key] for p in publications})
    if problems:
        raise DataError(problems, partial=publications)  # the valid papers: their files are checked too
    return publications
