"""Merge a list exported from DBLP, Google Scholar, Zotero, ... into the site's publications.bib.

`labsite-import-bib export.bib` (or `make import-bib FILE=export.bib`): entries already in the file
(same DOI, same arXiv identifier, or the same title, compared without case, accents, LaTeX and
punctuation, in the same year: `labsite.data.bibtex.identities`, the rule `make check` uses too) are
reported and skipped; new ones are appended as the export wrote them (its style kept, the site's own
fields left to fill); existing entries are never changed. An
entry with a problem (the site could not show it, an entry not closed, an undefined `@string` macro) is
reported once, with its line in the export, and not added. The import refuses only a publications.bib it
cannot read; problems the site had before (`make check`) are reported after the merge. No Sphinx here.
"""

from __future__ import annotations

import argparse
import codecs
import re
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from pybtex.database import Entry
from pybtex.database.input.bibtex import UndefinedMacro
from pybtex.scanner import PybtexError

from .bibtex import (
    ANY_COMMAND,
    _duplicate_keys,
    _entry_spans,
    _inherit,
    _unclosed_entries,
    identities,
    load_bibtex,
    parse_bibtex,
)
from .dataset import BIBTEX_FILE, SiteData, load_site_data
from .load import MAX_BIBTEX_BYTES, read_text
from .problems import DataError, DataProblem

HEADER = (
    "% Added by `make import-bib` from {name}: the site's own fields (pdf, code, topics, selected, ...)\n"
    "% can be added to these entries by hand.\n"
)


@dataclass
class ImportSummary:
    """What an import did: keys added, and keys skipped with the reason."""

    added: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{len(self.added)} added, {len(self.skipped)} skipped."]
        lines += [f"  added   {key}" for key in self.added]
        lines += [f"  skipped {key}: {reason}" for key, reason in self.skipped]
        return "\n".join(lines)


def _fields(entry: Entry) -> dict[str, str]:
    """The entry's fields by lower-case name (pybtex keeps the case they were written in)."""
    return {name.lower(): value for name, value in entry.fields.items()}


def _where(export: Path, problem: DataProblem) -> str:
    """``export.bib line 7, field 'title': `` for a problem of the export (its key is said before)."""
    named = [f"{export.name} line {problem.line}" if problem.line else export.name]
    named += [f"field {problem.field!r}"] if problem.field else []
    return ", ".join(named) + ": "


def _command_text(text: str, match: re.Match[str]) -> str:
    """The text of the command `match` starts (``@string{name = {...}}``): to its closing brace (or
    parenthesis), or to the next `@type{` starting a line when it is not closed."""
    following = ANY_COMMAND.search(text, match.end())
    end = following.start() if following else len(text)
    closing = "}" if text[match.end() - 1] == "{" else ")"
    depth = 0
    for index in range(match.end(), end):
        char = text[index]
        if char == closing and depth == 0:
            return text[match.start() : index + 1]
        depth += {"{": 1, "}": -1}.get(char, 0)
    return text[match.start() : end].rstrip()


def _uses(entry_text: str, macro: str) -> bool:
    """Whether an entry's text uses `macro` as a value (``journal = tpami``, ``# tpami``), not in braces
    or quotes (an approximation: a word after ``=`` or ``#`` outside braces)."""
    return re.search(rf"[=#]\s*{re.escape(macro)}\s*[,#}})\n]", entry_text, re.IGNORECASE) is not None


def _same(problem: DataProblem) -> tuple[str | None, str | None, str]:
    """A problem without its file and line: the same in publications.bib and in the merged trial copy."""
    return (problem.entry, problem.field, problem.message)


def _problems(path: Path, text: str | None, topics: list[str] | None) -> list[DataProblem]:
    """What :func:`load_bibtex` (as `make check`) says of `path` (or of `text`, when given, as `path`)."""
    if text is not None:
        if not text.strip():
            return []
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / path.name
            copy.write_text(text, encoding="utf-8", newline="")
            return _problems(copy, None, topics)
    try:
        load_bibtex(path, topics)
    except DataError as err:
        return err.problems
    return []


def merge(target: Path, export: Path, topics: list[str] | None = None) -> tuple[str, ImportSummary]:
    """The new text of `target` with the new entries of `export` appended, and what was done.

        The appended text has the line endings of the target's first line (CRLF or LF); the target's own text
        is kept as it is. Raises DataError when either file cannot be read (not UTF-8: :func:`read_text`), when
    an entry of `target` is not closed, or when the merged file has a problem neither had (nothing merged)."""
    text = read_text(target, MAX_BIBTEX_BYTES) if target.is_file() else ""
    export_text = read_text(export, MAX_BIBTEX_BYTES)
    # entries appended after one not closed would be read as part of it: nothing is merged then
    not_closed, _ = _unclosed_entries(target, text)
    if not_closed:
        raise DataError(not_closed)
    try:
        existing, existing_parser = parse_bibtex(text)
    except PybtexError as err:  # what the collecting parser could not recover from
        raise DataError([DataProblem(target, f"BibTeX error: {err}")]) from None
    known: dict[str, str] = {}
    for key, entry in existing.entries.items():
        for identity in identities(_fields(entry)):
            known.setdefault(identity, key)
    keys = {key.lower() for key in existing.entries}

    # an entry not closed (a truncated copy-paste) ends where the next `@type{` starts a line, as every
    # exporter writes them and as the import copies them: the others are read from the text with its
    # braces added there (lines unchanged); it is reported once and not added (its fields may be cut)
    unclosed, patched = _unclosed_entries(export, export_text)
    try:
        incoming, parser = parse_bibtex(patched)
    except PybtexError as err:
        raise DataError([DataProblem(export, f"BibTeX error: {err}")]) from None
    spans = _entry_spans(export_text)
    newline = "\r\n" if text.partition("\n")[0].endswith("\r") else "\n"
    summary = ImportSummary()
    failed: set[str] = set()
    for problem in unclosed:
        reason = problem.message.removeprefix("BibTeX syntax error: ")
        summary.skipped.append((problem.entry or "?", f"not added, not closed: {_where(export, problem)}{reason}"))
        failed.add(str(problem.entry).lower())
    if any(problem.entry is None for problem in unclosed):  # `@article{` cut short: pybtex names it unnamed-N
        failed |= {key.lower() for key in incoming.entries if key.startswith("unnamed-") and key.lower() not in spans}
    # a key the export repeats: pybtex reads the first entry (the one imported); the others were dropped
    # without a word
    for problem in _duplicate_keys(export, export_text):
        reason = f"{_where(export, problem)}{problem.message}; give it a key of its own to import it too"
        summary.skipped.append((str(problem.entry), f"not added: {reason}"))
    undefined: dict[str, list[str]] = {}  # key -> where each undefined macro is used
    for error, key, field_name in parser.errors:
        line = getattr(error, "lineno", None)
        located = DataProblem(export, "", line, key, field_name)
        if isinstance(error, UndefinedMacro) and key:
            # BibTeX warns and uses an empty value; the site's build refuses it (`make check`)
            name = error.args[0] if error.args else "?"
            where = f"{export.name} line {line}" if line else export.name
            undefined.setdefault(key, []).append(f"{name!r} ({where}, field {field_name!r})")
        elif str(key).lower() not in failed:  # an unclosed entry's errors: reported where it opened
            message = f"BibTeX error: {error.args[0] if error.args else error}"
            summary.skipped.append((str(key or "?"), f"not added: {_where(export, located)}{message}"))
        if key:
            failed.add(key.lower())
    for key, uses in undefined.items():
        macros = "macros" if len(uses) > 1 else "macro"
        summary.skipped.append(
            (
                key,
                f"not added: it uses the @string {macros} {', '.join(uses)}, which the export does not define; "
                "BibTeX would leave the field empty and `make check` refuses it: add `@string{name = {...}}` to "
                "the export, or write the value in braces, and import again",
            )
        )
    # the export's @string definitions are added with its entries; one publications.bib already
    # defines otherwise would change the entries using it: those are reported and not added
    strings: dict[str, str] = {}
    for match in ANY_COMMAND.finditer(export_text):
        if match.group(1).lower() == "string":
            block = _command_text(export_text, match)
            name = re.match(r"\s*@\s*\w+\s*[{(]\s*([^\s=]+)", block)
            if name:
                strings.setdefault(name.group(1).lower(), block)
    defined = {name.lower(): value for name, value in existing_parser.macros.items()}
    clashes = {
        name for name in strings if name in defined and name in parser.macros and defined[name] != parser.macros[name]
    }
    copied = [block for name, block in strings.items() if name not in defined]
    parents = {
        entry.fields["crossref"].strip().lower() for entry in incoming.entries.values() if "crossref" in entry.fields
    }
    chosen: list[str] = []
    for key, entry in incoming.entries.items():
        if key.lower() in parents or key.lower() in failed:
            continue  # a DBLP proceedings entry: added with the papers that need it; or reported above
        fields = _fields(entry)
        target_key = entry.fields.get("crossref", "").strip()
        if target_key and target_key in incoming.entries:
            inherited = type(entry)(entry.type, fields=dict(entry.fields))
            _inherit(inherited, incoming.entries[target_key])
            fields = _fields(inherited)
        same = sorted({known[i] for i in identities(fields) if i in known})
        if same:
            summary.skipped.append((key, f"already in {target.name} as {', '.join(same)}"))
            continue
        used = sorted(name for name in clashes if _uses(export_text[slice(*spans.get(key.lower(), (0, 0)))], name))
        if used:
            summary.skipped.append(
                (key, f"not added: {target.name} defines the @string macro {used[0]!r} otherwise than the export")
            )
            continue
        if key.lower() in keys:
            summary.skipped.append((key, f"its citation key is already used in {target.name} by another paper"))
            continue
        if key.lower() not in spans:  # before: reported added, and not written
            start = f"`@{entry.type}{{{key},`"
            summary.skipped.append(
                (key, f"not added: its text was not found in the export; expected a line starting {start}")
            )
            continue
        chosen.append(key)
        keys.add(key.lower())
        for identity in identities(fields):
            known.setdefault(identity, key)

    def appended(selection: list[str]) -> str:
        needed = [
            parent
            for parent in dict.fromkeys(
                incoming.entries[k].fields.get("crossref", "").strip().lower() for k in selection
            )
            if parent and parent not in {k.lower() for k in existing.entries}
        ]
        blocks = [export_text[slice(*spans[k.lower()])].rstrip() for k in [*selection, *needed] if k.lower() in spans]
        if not blocks:
            return text
        added = "\n\n" + HEADER.format(name=export.name) + "\n" + "\n\n".join([*copied, *blocks]) + "\n"
        # in the target's line endings (CRLF from Windows tools, or LF), whatever the export's
        return text.rstrip("\r\n") + added.replace("\r\n", "\n").replace("\n", newline)

    # entries the site could not show (a missing year, a bad link, ...) are reported, not added; the
    # problems publications.bib had before are left to `make check` (reported after the merge by `main`)
    before = {_same(p) for p in _problems(target, text, topics)}
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / target.name
        while True:
            trial.write_text(appended(chosen), encoding="utf-8", newline="")
            new = [p for p in _problems(trial, None, topics) if _same(p) not in before]
            if not new:
                break
            bad: dict[str, list[DataProblem]] = {}
            for problem in new:
                if problem.entry:
                    bad.setdefault(str(problem.entry).lower(), []).append(problem)
            rejected = [k for k in chosen if k.lower() in bad]
            if not rejected:  # a problem of the merge itself (an entry of the file left unclosed, ...)
                raise DataError([replace(p, file=target) for p in new])
            trial_text = trial.read_text(encoding="utf-8")
            for key in rejected:
                # every problem of the entry, at its line in the export (the entry is copied line for line)
                first_line = export_text.count("\n", 0, spans[key.lower()][0]) + 1 if key.lower() in spans else None
                head = re.search(rf"^[ \t]*@\w+[ \t]*[{{(][ \t]*{re.escape(key)}[ \t]*,", trial_text, re.M)
                trial_line = trial_text.count("\n", 0, head.start()) + 1 if head else None

                def export_line(
                    line: int | None, first: int | None = first_line, moved: int | None = trial_line
                ) -> int | None:
                    """`line` of the merged copy as a line of the export (the entry's first line if unknown)."""
                    if first is not None and moved is not None and line is not None and line >= moved:
                        return first + line - moved
                    return first

                reasons = [
                    _where(export, replace(problem, line=export_line(problem.line))) + problem.message
                    for problem in bad[key.lower()]
                ]
                summary.skipped.append((key, "not added: " + "; ".join(reasons)))
            chosen = [k for k in chosen if k not in rejected]
    summary.added = chosen
    return appended(chosen), summary


def main(argv: list[str] | None = None) -> int:
    """`labsite-import-bib EXPORT [--data DIR]`: merge EXPORT into DIR/publications.bib, print a summary.

    Returns the exit status: 0 when merged and the site's data pass `make check`'s data checks; 1 when
    nothing could be merged (a file that cannot be read, publications.bib with an entry not closed) or
    when merged but the site still has problems (listed on stderr, as `make check` lists them); 2 when
    EXPORT is not a file."""
    parser = argparse.ArgumentParser(prog="labsite-import-bib", description=__doc__.split("\n\n")[0])
    parser.add_argument("export", type=Path, help="the .bib file exported from DBLP, Scholar, Zotero, ...")
    parser.add_argument("--data", type=Path, default=Path("data"), help="the site's data folder (default: data)")
    args = parser.parse_args(argv)
    if not args.export.is_file():
        found = "is a folder; expected the .bib file exported" if args.export.is_dir() else "no such file"
        print(f"labsite-import-bib: {args.export}: {found}", file=sys.stderr)
        return 2
    target = args.data / BIBTEX_FILE
    topics = None
    site: SiteData | None
    try:
        site = load_site_data(args.data)
    except DataError as err:  # merged all the same: the problems are reported after the merge
        site = err.partial if isinstance(err.partial, SiteData) else None
    if site is not None:
        topics = [t.label for t in site.topics.topics] or None
    try:
        text, summary = merge(target, args.export, topics)
    except DataError as err:
        problems = "\n".join(f"  {p}" for p in err.problems)
        print(f"labsite-import-bib: nothing added; fix these first:\n{problems}", file=sys.stderr)
        return 1
    if summary.added:
        # a byte-order mark the file had (Notepad, some exporters) is kept
        bom = target.is_file() and target.read_bytes()[:3] == codecs.BOM_UTF8
        target.write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="")
    print(f"{target}: {summary}")
    try:  # what `make check` says now: the site's problems the import did not fix
        load_site_data(args.data)
    except DataError as err:
        print(
            f"labsite-import-bib: the merge is done, but the site still has problems (`make check` fails);"
            f" fix these next:\n{err}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
