"""BibTeX file -> Publication records, parsed with pybtex. No Sphinx here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pybtex.errors
from pybtex.database import BibliographyData, Entry, PybtexError, parse_string
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


def latex_to_text(value: str) -> str:
    """`M{\\"o}ller \\& Co` -> `Möller & Co`; braces protecting capitals disappear."""
    return " ".join(LatexText.from_latex(value).render_as("text").split())


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


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
    if "date" in fields:
        match = re.fullmatch(r"\s*\d{4}-(\d{1,2})(-\d{1,2})?\s*", fields["date"])
        return int(match.group(1)) if match else fields["date"]
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


def bibtex_for_readers(key: str, entry: Entry) -> str:
    """The entry as readers would cite it: standard fields only, site fields removed."""
    fields = {name: value for name, value in entry.fields.items() if name.lower() not in SITE_FIELDS}
    if "url" not in {f.lower() for f in fields} and "pdf" in entry.fields:
        fields["url"] = entry.fields["pdf"]
    clean = Entry(entry.type, fields=fields, persons=entry.persons)
    return BibliographyData({key: clean}).to_string("bibtex").strip()


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
        raise DataError([DataProblem(path, f"BibTeX syntax error: {err.message}", err.lineno)]) from None
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
