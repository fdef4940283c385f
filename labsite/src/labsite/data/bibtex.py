"""BibTeX file -> Publication records, parsed with pybtex. No Sphinx here."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pybtex.errors
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import Entry, PybtexError, parse_string
from pybtex.database.input.bibtex import DuplicateField
from pybtex.richtext import Text as LatexText
from pybtex.scanner import PybtexSyntaxError
from pydantic import ValidationError

from .load import problems_from_validation, read_text
from .model import Publication
from .problems import DataError, DataProblem

ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]+)[ \t]*,", re.MULTILINE)
NON_ENTRIES = {"comment", "string", "preamble"}
LINK_FIELDS = ("pdf", "code", "video", "slides", "project", "url")
#: fields only this site uses; left out of the BibTeX shown to readers
SITE_FIELDS = {"selected", "topics", "equal", "award", "date", "code", "video", "slides", "project", "pdf"}
VENUE_FIELDS = ("booktitle", "journal", "howpublished", "school", "institution", "publisher")
MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}


#: one plain-text backend for all calls: pybtex's by-name lookup (`render_as("text")`) scans the
#: installed packages on every call, which made loading the data take seconds
_PLAIN_TEXT = PlainTextBackend()


#: what LaTeX decoding would change: commands, braces, ties, math, ligatures like -- and ``
LATEX_SPECIALS = re.compile(r"[\\{}~$%&#^_]|--|``|''|!`|\?`")


def latex_to_text(value: str) -> str:
    """`M{\\"o}ller \\& Co` -> `Möller & Co`; braces protecting capitals disappear."""
    if not LATEX_SPECIALS.search(value):  # plain text (most names and venues): no need to decode
        return " ".join(value.split())
    return " ".join(LatexText.from_latex(value).render(_PLAIN_TEXT).split())


@functools.lru_cache(maxsize=2)
def _newlines(text: str) -> list[int]:
    return [match.start() for match in re.finditer("\n", text)]


def _line_of(text: str, offset: int) -> int:
    # a binary search in the file's newline offsets: counting newlines up to each entry was quadratic
    return bisect.bisect_left(_newlines(text), offset) + 1


def _entry_spans(text: str) -> dict[str, tuple[int, int]]:
    """Citation key (lower case) -> (start, end) offsets of its entry in the file."""
    starts = [m for m in ENTRY_START.finditer(text) if m.group(1).lower() not in NON_ENTRIES]
    spans = {}
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
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


def _duplicate_field_problem(path: Path, text: str, message: str) -> DataProblem:
    """pybtex names the entry and field of a repeated field but not the line: find its second occurrence."""
    match = re.fullmatch(r"entry with key (\S+) has a duplicate (\S+) field", message)
    if not match:
        return DataProblem(path, f"BibTeX error: {message}")
    key, field = match.groups()
    start, end = _entry_spans(text).get(key.lower(), (0, len(text)))
    uses = list(re.compile(rf"^\s*{re.escape(field)}\s*=", re.MULTILINE | re.IGNORECASE).finditer(text, start, end))
    line = (
        _line_of(text, uses[1].start() + len(uses[1].group(0)) - len(uses[1].group(0).lstrip()))
        if len(uses) > 1
        else None
    )
    return DataProblem(path, "appears twice in the same entry; expected each field once", line, key, field)


def _field_line(text: str, span: tuple[int, int], field: str | None) -> int:
    start, end = span
    if field:
        match = re.compile(rf"^\s*{re.escape(field)}\s*=", re.MULTILINE | re.IGNORECASE).search(text, start, end)
        if match:
            return _line_of(text, match.start() + len(match.group(0)) - len(match.group(0).lstrip()))
    return _line_of(text, start)


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _person_name(person: Any) -> str:
    parts = [*person.first_names, *person.middle_names, *person.prelast_names, *person.last_names]
    name = latex_to_text(" ".join(parts))
    return f"{name}, {latex_to_text(' '.join(person.lineage_names))}" if person.lineage_names else name


def _month(fields: Any) -> int | str | None:
    """The month within the entry's `year`. A `date` in another year (a preprint's, for a paper
    published the next year) says nothing about that, so it gives no month."""
    if "date" in fields:
        match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})(-\d{1,2})?\s*", fields["date"])
        if not match:
            return fields["date"]
        return int(match.group(2)) if match.group(1) == fields.get("year", "").strip() else None
    if "month" in fields:
        value = fields["month"].strip().lower()
        return MONTHS.get(value[:3]) or (int(value) if value.isdigit() else value)
    return None


def _venue(entry_type: str, fields: Any) -> str | None:
    if entry_type == "phdthesis":
        return f"PhD thesis, {latex_to_text(fields['school'])}" if "school" in fields else "PhD thesis"
    for name in VENUE_FIELDS:
        if name in fields:
            return latex_to_text(fields[name])
    return None


def _bibtex_value(value: str) -> str:
    return "{" + value + "}"


def entry_to_bibtex(key: str, entry_type: str, fields: dict[str, str], persons: dict[str, Any]) -> str:
    """One entry as BibTeX source. Values are written as they were read (LaTeX source), so URLs keep
    `~` and `%` and accents keep their LaTeX form; pybtex's writer would re-encode them."""
    lines = [f"@{entry_type}{{{key},"]
    for role, people in persons.items():
        lines.append(f"  {role} = {_bibtex_value(' and '.join(str(person) for person in people))},")
    lines += [f"  {name} = {_bibtex_value(value)}," for name, value in fields.items()]
    lines.append("}")
    return "\n".join(lines)


def bibtex_for_readers(key: str, entry: Entry) -> str:
    """The entry as readers would cite it: standard fields only, site fields removed."""
    fields = {name: value for name, value in entry.fields.items() if name.lower() not in SITE_FIELDS}
    if "url" not in {f.lower() for f in fields} and "pdf" in entry.fields:
        fields["url"] = entry.fields["pdf"]
    return entry_to_bibtex(key, entry.type, fields, dict(entry.persons))


def _record(key: str, entry: Entry) -> dict[str, Any]:
    fields = entry.fields
    record: dict[str, Any] = {"key": key, "entry_type": entry.type.lower(), "bibtex": bibtex_for_readers(key, entry)}
    if "title" in fields:
        record["title"] = latex_to_text(fields["title"])
    if entry.persons.get("author"):
        record["authors"] = [_person_name(p) for p in entry.persons["author"]]
    if "year" in fields:
        record["year"] = fields["year"].strip()
    month = _month(fields)
    if month is not None:
        record["month"] = month
    venue = _venue(entry.type.lower(), fields)
    if venue is not None:
        record["venue"] = venue
    for name in LINK_FIELDS:
        if name in fields:
            record[name] = fields[name].strip()
    if "award" in fields:
        record["award"] = latex_to_text(fields["award"])
    if "topics" in fields:
        record["topics"] = _split_list(latex_to_text(fields["topics"]))
    if "selected" in fields:
        record["selected"] = fields["selected"].strip().lower()
    if "equal" in fields:
        record["equal"] = _split_list(fields["equal"])
    return record


#: where a model field comes from in the BibTeX entry, for error locations
SOURCE_FIELD = {"authors": "author", "venue": "booktitle", "month": "date"}


def load_bibtex(path: Path, topics: Iterable[str] | None = None) -> list[Publication]:
    """Read and validate a BibTeX file. `topics`, if given, are the labels a paper may use."""
    text = read_text(path)
    problems = _duplicate_keys(path, text)
    if problems:
        raise DataError(problems)
    previous = pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)
    try:
        database = parse_string(text, "bibtex")
    except PybtexSyntaxError as err:
        parser = err.parser
        entry, field = getattr(parser, "current_entry_key", None), getattr(parser, "current_field_name", None)
        message = f"BibTeX syntax error: {err.args[0]}"
        if err.args[0] == "'}' expected":
            message += " (is a comma missing after the previous field, or a brace unbalanced?)"
        line = err.lineno
        if entry and field and err.args[0] == "premature end of file":
            # an unclosed brace swallows the rest of the file: point at the field that opened it
            message = "BibTeX syntax error: unbalanced braces (a { without its }) in this field"
            line = _field_line(text, _entry_spans(text).get(entry.lower(), (0, len(text))), field)
        raise DataError([DataProblem(path, message, line, entry, field)]) from None
    except DuplicateField as err:
        raise DataError([_duplicate_field_problem(path, text, str(err))]) from None
    except PybtexError as err:
        raise DataError([DataProblem(path, f"BibTeX error: {err}")]) from None
    finally:
        pybtex.errors.set_strict_mode(previous)

    spans = _entry_spans(text)
    known_topics = set(topics) if topics is not None else None
    publications = []
    for key, entry in database.entries.items():
        span = spans.get(key.lower(), (0, 0))
        record = _record(key, entry)
        try:
            publication = Publication.model_validate(record)
        except ValidationError as err:
            for problem in problems_from_validation(path, err, {"entries": [record]}, {}, Publication):
                field = SOURCE_FIELD.get(str(problem.field).split(".")[0], str(problem.field).split(".")[0])
                if field == "venue":
                    field = "booktitle or journal"
                problems.append(DataProblem(path, problem.message, _field_line(text, span, field), key, field))
            continue
        for name in LINK_FIELDS:
            url = getattr(publication, name)
            if url and urlsplit(url).scheme not in ("http", "https"):
                problems.append(
                    DataProblem(
                        path,
                        f"link {url!r} is not an http(s) URL; expected e.g. https://example.org/paper.pdf",
                        _field_line(text, span, name),
                        key,
                        name,
                    )
                )
        if known_topics is not None:
            for topic in publication.topics:
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
        publications.append(publication)
    if problems:
        raise DataError(problems)
    return publications
