"""Data files -> validated records. No Sphinx here.

Every problem is reported with the file, the line, the entry (its id or name)
and the field, and all problems of a file are reported at once.
"""

from __future__ import annotations

import bisect
import codecs
import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from .model import SLUG_PATTERN, FieldValueError
from .problems import DataError, DataProblem

ModelT = TypeVar("ModelT", bound=BaseModel)
Location = tuple[str | int, ...]


#: the largest data file read, in bytes: a data file can come from a pull request, and one that is far
#: larger than any lab's records is refused before it is read (16 MiB: about 100,000 people or talks)
MAX_YAML_BYTES = 16 * 1024 * 1024
#: the largest BibTeX file read (64 MiB: over 100,000 entries with abstracts)
MAX_BIBTEX_BYTES = 64 * 1024 * 1024


#: the byte-order marks of the encodings that are not UTF-8, UTF-32 first (its little-endian mark starts
#: with UTF-16's): Notepad's "Unicode" is UTF-16 little-endian with its mark (:mod:`codecs` constants)
OTHER_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
#: how many lines with bytes that are not UTF-8 are listed, each a problem (the rest are counted)
NOT_UTF8_SHOWN = 5
SAVE_AS_UTF8 = (
    "open it in the tool that saved it and save it as UTF-8 (Notepad: Save As, Encoding UTF-8; "
    "JabRef: File, Library properties, Library encoding UTF-8)"
)


def read_text(path: Path, limit: int = MAX_YAML_BYTES) -> str:
    """Read a UTF-8 data file of at most `limit` bytes, or fail with the problems naming the file and lines.

    A UTF-8 byte-order mark (written by Notepad and some exporters) is dropped: it is not text, and a
    BibTeX entry after it would not start its line. A rich-text document (macOS TextEdit's default) is
    refused, and so is any other encoding, never guessed: a
    UTF-16 or UTF-32 file (by its byte-order mark, or the NUL bytes between its letters) is one problem;
    a file with bytes that are not UTF-8 (Latin-1, Windows-1252) gets a problem for each of its first
    :data:`NOT_UTF8_SHOWN` lines holding them, with the column, the bytes and what they read in Windows-1252."""
    with path.open("rb") as f:
        raw = f.read(limit + 1)
    if len(raw) > limit:
        raise DataError(
            [DataProblem(path, f"is larger than {limit // (1024 * 1024)} MiB; expected a data file of a lab's records")]
        )
    for mark, name in OTHER_BOMS:
        if raw.startswith(mark):
            raise DataError(
                [
                    DataProblem(
                        path, f"is {name} text (it starts with the bytes {mark.hex(' ')}), not UTF-8; {SAVE_AS_UTF8}", 1
                    )
                ]
            )
    if raw.removeprefix(codecs.BOM_UTF8).startswith(b"{\\rtf"):
        raise DataError(
            [
                DataProblem(
                    path,
                    "is a rich-text (RTF) document, not plain text; in TextEdit choose Format > Make Plain Text "
                    "and save it again (as UTF-8), or edit it in a code editor",
                    1,
                )
            ]
        )
    head = raw[:200]
    if head and head.count(0) * 3 >= len(head):  # text of letters, each with NUL bytes beside it
        raise DataError(
            [
                DataProblem(
                    path,
                    f"looks like UTF-16 or UTF-32 text (a NUL byte between its letters), not UTF-8; {SAVE_AS_UTF8}",
                    1,
                )
            ]
        )
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # each byte that is not UTF-8 as a lone surrogate (PEP 383): every such line found in one pass
    text = raw.decode("utf-8", errors="surrogateescape")
    problems: list[DataProblem] = []
    bad_lines, line, counted = 0, 0, 0  # lines with such bytes; the line of the last one, counted up to `counted`
    for match in _ESCAPED.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if line and line_start <= counted:
            continue  # another on the same line
        line += text.count("\n", counted, line_start) + (0 if line else 1)
        counted = line_start
        bad_lines += 1
        if len(problems) == NOT_UTF8_SHOWN:
            continue
        before = text[line_start : match.start()]
        data = bytes(ord(ch) - 0xDC00 for ch in match.group())
        shown = data.decode("cp1252", errors="replace")
        reads = f" ({shown!r} in Windows-1252)" if "\ufffd" not in shown else ""
        after = f", after {before[-20:].lstrip()!r}" if before.strip() else ""
        found = " ".join(f"{b:#04x}" for b in data[:4])
        message = f"is not UTF-8 text: byte{'s' if len(data) > 1 else ''} {found}{reads} at column {len(before) + 1}"
        problems.append(DataProblem(path, f"{message}{after}; {SAVE_AS_UTF8}", line))
    if bad_lines > len(problems):
        more = bad_lines - len(problems)
        problems[-1] = DataProblem(
            path, f"{problems[-1].message} ({more} more line{'s' if more != 1 else ''} like it)", problems[-1].line
        )
    raise DataError(problems)


#: a run of the bytes of a file that are not UTF-8, each decoded as a lone surrogate (``surrogateescape``)
_ESCAPED = re.compile("[\udc80-\udcff]+")


class _NoAliases(yaml.MarkedYAMLError):
    """An anchor or alias in a data file (raised while composing, before anything is expanded)."""


class DataLoader(yaml.SafeLoader):
    """PyYAML's safe loader for data files, with two differences.

    - Anchors (``&name``) and aliases (``*name``) are refused where they are met, before anything is
      expanded: ten lines of nested aliases ("billion laughs") would otherwise expand to gigabytes.
    - Dates stay text: ``start: 2023-09-01`` is the string ``'2023-09-01'`` (which the field's own check
      then explains), not a ``datetime.date``; every date field of the models is text.
    """

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """The next node, composed as PyYAML does; raises _NoAliases at an anchor or alias."""
        event = self.peek_event()  # type: ignore[no-untyped-call]  # unannotated in types-PyYAML
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            kind = "an alias (*" if isinstance(event, yaml.AliasEvent) else "an anchor (&"
            raise _NoAliases(
                problem=f"uses {kind}{event.anchor}); data files may not use YAML anchors and aliases: "
                "write each value out",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


#: the characters YAML 1.1 (and so PyYAML) reads as line breaks besides CR and LF: NEL (U+0085), the line and
#: the paragraph separator (U+2028, U+2029). Text copied from a web page or a PDF brings them; an editor
#: shows each inside a line (so :class:`_EditorLines` counts the lines of the file as an editor does)
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")
#: what is named when a file cannot be parsed: those, and a byte-order mark after the file's start (two
#: files joined), which PyYAML reads as a letter; all invisible in an editor
_INVISIBLE = re.compile("[\x85\u2028\u2029\ufeff]")
#: the line ends of editors: LF, CRLF and CR
_EDITOR_BREAK = re.compile("\r\n?|\n")


class _EditorLines:
    """The 1-based line and column of a place in the text, as an editor shows them: PyYAML's own (its
    marks' ``line`` and ``column``), unless the text holds one of :data:`_YAML_ONLY_BREAKS`, from which on
    PyYAML's count would be ahead of the editor's."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] | None = None
        if _YAML_ONLY_BREAKS.search(text):
            self.starts = [0, *(m.end() for m in _EDITOR_BREAK.finditer(text))]

    def line(self, mark: yaml.Mark) -> int:
        """The line of a PyYAML mark (of the text given)."""
        return mark.line + 1 if self.starts is None else bisect.bisect_right(self.starts, mark.index)

    def column(self, mark: yaml.Mark) -> int:
        """The column of a PyYAML mark (of the text given), counted in characters."""
        return mark.column + 1 if self.starts is None else mark.index - self.starts[self.line(mark) - 1] + 1


def _invisible_problems(path: Path, text: str) -> list[DataProblem]:
    """A problem for each line holding one of :data:`_INVISIBLE`: the likely cause of a YAML syntax error
    on a line that looks right."""
    problems: list[DataProblem] = []
    for match in _INVISIBLE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if problems and problems[-1].line == line:
            continue
        char = match.group()
        where = f"U+{ord(char):04X}, column {match.start() - text.rfind(chr(10), 0, match.start())}"
        if char == "\ufeff":
            message = (
                f"contains an invisible byte-order mark ({where}); delete it (joined files or a copy-paste left it)"
            )
        else:
            name = unicodedata.name(char, "next line").lower()
            message = (
                f"contains an invisible {name} character ({where}), which YAML reads as a line break; "
                "delete it (a copy-paste from a web page or a PDF left it)"
            )
        problems.append(DataProblem(path, message, line))
    return problems


def parse_yaml(path: Path, text: str) -> tuple[Any, dict[Location, int]]:
    """Parse YAML, returning the data and the 1-based line of every key and item.

    Lines are counted as editors count them (:class:`_EditorLines`): they end with LF, CRLF or CR, a mix
    included. Raises DataError (file, line) on a syntax error (with the invisible characters that may have
    caused it: :data:`_INVISIBLE`), a control character (NUL included), an anchor or alias
    (:class:`DataLoader`) or nesting too deep to read."""
    at = _EditorLines(text)
    loader = None
    try:
        loader = DataLoader(text)  # checks the characters first
        node = loader.get_single_node()
        if node is None:
            raise DataError([DataProblem(path, "is empty; expected the fields of this file")])
        data = loader.construct_document(node)
    except _NoAliases as err:
        mark = err.problem_mark
        raise DataError([DataProblem(path, str(err.problem), at.line(mark) if mark else None)]) from None
    except yaml.reader.ReaderError as err:
        line: int | None = text[: err.position].count("\n") + 1
        column = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        raise DataError(
            [
                DataProblem(
                    path,
                    f"contains a control character ({chr(err.character)!r}, column {column}); "
                    "remove it (an editor or a copy-paste put it there)",
                    line,
                )
            ]
        ) from None
    except RecursionError:
        raise DataError([DataProblem(path, "is nested too deeply to read; expected a few levels of lists")]) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = at.line(mark) if mark else None
        column = f" (column {at.column(mark)})" if mark else ""
        message = str(err.problem or err.context)
        start = at.line(err.context_mark) if err.context_mark and err.problem_mark else None
        if err.context and err.problem and start:
            message += f", {err.context} that starts on line {start}"
        since = f"from line {start} to here" if start and start != line else "on this line and the one before"
        hint = f"check the quotes, colons and indentation {since}"
        if "'\\t'" in message or "tab character" in message:  # PyYAML's words for a tab where YAML wants spaces
            message, hint = (
                "a tab where YAML allows only spaces",
                "indent with spaces (set your editor to insert spaces)",
            )
        problem = DataProblem(path, f"YAML syntax error{column}: {message}; {hint}", line)
        raise DataError([problem, *_invisible_problems(path, text)]) from None
    except yaml.YAMLError as err:
        raise DataError([DataProblem(path, f"YAML error: {err}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    lines: dict[Location, int] = {}
    problems: list[DataProblem] = []
    _index_lines(path, node, (), lines, problems, at)
    if problems:
        raise DataError(problems)
    return data, lines


def _index_lines(
    path: Path,
    node: yaml.Node,
    loc: Location,
    lines: dict[Location, int],
    problems: list[DataProblem],
    at: _EditorLines,
) -> None:
    lines[loc] = at.line(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(
                    DataProblem(path, "appears twice in the same entry", at.line(key_node.start_mark), field=key)
                )
            seen.add(key)
            lines[(*loc, key)] = at.line(key_node.start_mark)
            _index_lines(path, value_node, (*loc, key), lines, problems, at)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(path, item, (*loc, index), lines, problems, at)


#: the fields that name a list item in an error, first found wins (a position, a service role, a venue...)
NAME_FIELDS = ("id", "name", "title", "position", "role", "venue", "venues")


def _label(item: dict[Any, Any]) -> str | None:
    """What names `item` in an error: the first of :data:`NAME_FIELDS` that holds text (a list of
    texts, such as a service entry's venues, joined with commas); None when none does."""
    for field in NAME_FIELDS:
        value = item.get(field)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if isinstance(v, (str, int, float))) or None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return str(value)
    return None


def entry_name(data: Any, loc: Location) -> tuple[str | None, Location]:
    """The name of the list item a location points into, and the location inside it. An item is named
    by :func:`_label`, or by its number (``#2``) when it has no such field: inside another item (a
    sub-role of a position) by the outer one's name and its number, ``Postdoc › #1``."""
    name = None
    rest: Location = loc
    node = data
    for depth, part in enumerate(loc):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and isinstance(node, dict):
            label = _label(node)
            number = f"#{part + 1}"
            name = label or (f"{name} › {number}" if name else number)
            rest = loc[depth + 1 :]
    return name, rest


def _nearest_line(lines: dict[Location, int], loc: Location) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


#: what a value of the wrong type should have been, in an editor's words (pydantic error type -> text)
EXPECTED = {
    "string_type": "expected text (put it in quotes if it looks like a number, a date or true/false)",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "list_type": "expected a list (items on their own lines starting with '- ', or [a, b])",
    "dict_type": "expected a mapping of fields (name: value)",
    "model_type": "expected a mapping of fields (name: value)",
    "model_attributes_type": "expected a mapping of fields (name: value)",
}
DATE_HINT = "expected a day as YYYY-MM-DD, e.g. 2025-03-14"
SLUG_HINT = "expected lower-case letters and digits joined by hyphens, e.g. 'ada-lovelace'"


def _found(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def closest_name(name: str, known: Iterable[str]) -> str | None:
    """The name of `known` closest to a misspelt `name` (`titel` -> `title`, `yaer` -> `year`), or None
    when none is close (:func:`difflib.get_close_matches`, its default cutoff 0.6): the "did you mean"
    of unknown fields, in YAML data files and BibTeX entries alike."""
    hint = difflib.get_close_matches(name, list(known), n=1)
    return hint[0] if hint else None


def _unknown_field_hint(model: type[BaseModel], loc: Location) -> str | None:
    return closest_name(str(loc[-1]) if loc else "", _known_fields(model, loc[:-1]))


def _describe(error: ErrorDetails, model: type[BaseModel], loc: Location) -> str:
    kind = error["type"]
    found = error.get("input")
    if kind == "extra_forbidden":
        hint = _unknown_field_hint(model, loc)
        known = _known_fields(model, loc[:-1])
        expected = f"did you mean {hint!r}?" if hint else f"expected one of: {', '.join(sorted(known))}"
        return f"unknown field; {expected}"
    if kind == "missing":
        return "is required but missing"
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, ")
    if kind in EXPECTED:
        return f"{EXPECTED[kind]}; found {_found(found)}"
    if kind.startswith("date_"):  # pydantic's date_parsing, date_type, date_from_datetime_*
        detail = error["msg"].rpartition(", ")[2] if "outside expected range" in error["msg"] else ""
        return f"{DATE_HINT}{f' ({detail})' if detail else ''}; found {_found(found)}"
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == SLUG_PATTERN:
        return f"{SLUG_HINT}; found {_found(found)}"
    if kind == "too_short" and (found in ([], None) or (isinstance(found, str) and not found.strip())):
        return "is empty; expected a value (or leave the field out if it is optional)"
    message = error["msg"].replace("Input should be", "expected").replace("String should", "expected text to")
    return f"{message[0].lower()}{message[1:]}; found {_found(found)}"


def _known_fields(model: type[BaseModel], loc: Location) -> list[str]:
    """Field names (as written in files) valid at a location inside `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = _field_by_alias(current, str(part))
        if field is None:
            return []
        current = _record_type(field.annotation)
        if current is None:
            return []
    return [f.alias or name for name, f in current.model_fields.items()]


def _field_by_alias(model: type[BaseModel], alias: str) -> Any:
    for name, field in model.model_fields.items():
        if (field.alias or name) == alias:
            return field
    return None


def _record_type(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _record_type(arg)
        if found is not None:
            return found
    return None


def problems_from_validation(
    path: Path, err: ValidationError, data: Any, lines: dict[Location, int], model: type[BaseModel]
) -> list[DataProblem]:
    """The problems of a pydantic ValidationError as :class:`DataProblem` (file, line, entry, field, message),
    all at once; a misspelt field is reported once, as unknown with a "did you mean", not also as missing."""
    errors = err.errors()
    # a misspelt field is reported once, as unknown with a "did you mean", not also as missing
    misspelt = {
        (tuple(e["loc"][:-1]), hint)
        for e in errors
        if e["type"] == "extra_forbidden" and (hint := _unknown_field_hint(model, tuple(e["loc"])))
    }
    problems = []
    for error in errors:
        loc: Location = tuple(error["loc"])
        if error["type"] == "missing" and (loc[:-1], str(loc[-1])) in misspelt:
            continue
        if isinstance(cause := error.get("ctx", {}).get("error"), FieldValueError):
            loc = (*loc, cause.field)  # a record-level check about one of its fields
        entry, inner = entry_name(data, loc)
        field = ".".join(str(p) for p in inner) or None
        problems.append(DataProblem(path, _describe(error, model, loc), _nearest_line(lines, loc), entry, field))
    return problems


#: a record-level check that failed on a salvaged record: (its location, the field it names, the message)
RecordCheck = tuple[Location, str | None, str]


@functools.cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """A validator of one field of `model` alone: its type with its constraints."""
    field = model.model_fields[name]
    kind: Any = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    return TypeAdapter(kind)


def salvage(
    model: type[ModelT], data: dict[Any, Any], errors: list[Location], at: Location = ()
) -> tuple[ModelT, list[RecordCheck]]:
    """What of `data` (a mapping that failed validation as `model`, with the `errors` at these locations
    inside it) is valid, as a `model` record built without validation (``model_construct``): every
    field without an error, validated; a list of records keeps each item that is a mapping, itself
    salvaged; a field with an error of its own is left out (reading it raises AttributeError).

    So that a file with a problem still gets the checks that look across its records (an unknown role, a
    duplicate id: :mod:`labsite.data.dataset`) and its records' own checks (an end before the start),
    in the same report. Returns the record and the record-level checks (model validators, which pydantic
    skips for a record with a field error) that fail on it and its records, located from `at`."""
    bad: dict[str, list[Location]] = {}
    own_check_failed = False  # a record-level check already reported by pydantic
    for loc in errors:
        if loc:
            bad.setdefault(str(loc[0]), []).append(loc[1:])
        else:
            own_check_failed = True
    values: dict[str, Any] = {}
    dropped: list[str] = []
    failed: list[RecordCheck] = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key not in data:
            continue
        value = data[key]
        inner = bad.get(key)
        if inner is None:
            try:
                values[name] = _field_adapter(model, name).validate_python(value)
            except ValidationError:  # (valid in the record, so valid alone: not expected)
                dropped.append(name)
            continue
        record = _record_type(field.annotation)
        if record is None or any(not rest for rest in inner):
            dropped.append(name)  # the field itself is wrong
            continue
        if isinstance(value, dict):
            values[name], more = salvage(record, value, inner, (*at, key))
            failed += more
        elif not isinstance(value, list):
            dropped.append(name)
        else:
            items = []
            for index, item in enumerate(value):
                item_errors = [rest[1:] for rest in inner if rest[0] == index]
                if not item_errors:
                    items.append(record.model_validate(item))
                elif isinstance(item, dict):
                    salvaged, more = salvage(record, item, item_errors, (*at, key, index))
                    items.append(salvaged)
                    failed += more
            values[name] = items
    result = model.model_construct(**values)
    for name in dropped:  # not its default either: a check that reads it is skipped (AttributeError)
        result.__dict__.pop(name, None)
    if bad and not own_check_failed:
        for decorator in model.__pydantic_decorators__.model_validators.values():
            if decorator.info.mode != "after":
                continue
            try:
                decorator.func(result)
            except FieldValueError as err:
                failed.append((at, err.field, str(err)))
            except (AttributeError, TypeError):
                pass  # it needs a field that is wrong (and reported)
            except ValueError as err:
                failed.append((at, None, str(err)))
    return result, failed


def validate(path: Path, data: Any, lines: dict[Location, int], model: type[ModelT]) -> ModelT:
    """`data` (parsed from `path`; `lines` from :func:`parse_yaml`) validated as `model`. Raises DataError
    with every problem (a top level that is not a mapping, each field's, and the record-level checks of
    records with a field problem) and its line; its `partial` is what is valid (:func:`salvage`)."""
    if not isinstance(data, dict):
        raise DataError([DataProblem(path, f"expected a mapping of fields, found {type(data).__name__}", 1)])
    try:
        return model.model_validate(data)
    except ValidationError as err:
        problems = problems_from_validation(path, err, data, lines, model)
        partial, failed = salvage(model, data, [tuple(e["loc"]) for e in err.errors()])
        for loc, field, message in failed:
            entry, inner = entry_name(data, (*loc, field) if field else loc)
            shown = ".".join(str(p) for p in inner) or None
            problems.append(
                DataProblem(path, message, _nearest_line(lines, (*loc, field) if field else loc), entry, shown)
            )
        raise DataError(problems, partial=partial) from None


def load_yaml(path: Path, model: type[ModelT]) -> tuple[ModelT, dict[Location, int]]:
    """Read, parse and validate one YAML data file; returns the record and its line index. Raises
    DataError; when the file was read but has problems, its `partial` is (what is valid, the line index)."""
    text = read_text(path)
    data, lines = parse_yaml(path, text)
    try:
        return validate(path, data, lines, model), lines
    except DataError as err:
        raise DataError(err.problems, (err.partial, lines) if err.partial is not None else None) from None
