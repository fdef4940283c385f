"""Merge a list exported from DBLP, Google Scholar, Zotero, ... into the site's publications.bib.

`labsite-import-bib export.bib` (or `make import-bib FILE=export.bib`): entries already in the file
(same DOI, same arXiv identifier, or the same title, compared without case, accents, LaTeX and
punctuation, in the same year: `labsite.data.bibtex.identities`, the rule `make check` uses too) are
reported and skipped; new ones are appended as the export wrote them (its style kept, the site's own
fields left to fill); existing entries are never changed. An
entry with a problem (the site could not show it) is reported and not added, so `make check` passes
afterwards. No Sphinx here.
"""

from __future__ import annotations

import argparse
import codecs
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import Entry

from .bibtex import _entry_spans, _inherit, identities, load_bibtex, parse_bibtex
from .dataset import BIBTEX_FILE
from .load import MAX_BIBTEX_BYTES, read_text
from .problems import DataError

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


def merge(target: Path, export: Path, topics: list[str] | None = None) -> tuple[str, ImportSummary]:
    """The new text of `target` with the new entries of `export` appended, and what was done.

    The appended text has the line endings of the target's first line (CRLF or LF); the target's own text
    is kept as it is. Raises DataError when either file cannot be read (not UTF-8: :func:`read_text`)."""
    text = read_text(target, MAX_BIBTEX_BYTES) if target.is_file() else ""
    export_text = read_text(export, MAX_BIBTEX_BYTES)
    existing, _ = parse_bibtex(text)
    known: dict[str, str] = {}
    for key, entry in existing.entries.items():
        for identity in identities(_fields(entry)):
            known.setdefault(identity, key)
    keys = {key.lower() for key in existing.entries}

    incoming, parser = parse_bibtex(export_text)
    spans = _entry_spans(export_text)
    newline = "\r\n" if text.partition("\n")[0].endswith("\r") else "\n"
    summary = ImportSummary()
    for error, key, _field in parser.errors:
        summary.skipped.append((str(key or "?"), f"BibTeX error in the export: {error}"))
    parents = {
        entry.fields["crossref"].strip().lower() for entry in incoming.entries.values() if "crossref" in entry.fields
    }
    chosen: list[str] = []
    for key, entry in incoming.entries.items():
        if key.lower() in parents:
            continue  # a DBLP proceedings entry: added with the papers that need it
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
        added = "\n\n" + HEADER.format(name=export.name) + "\n" + "\n\n".join(blocks) + "\n"
        # in the target's line endings (CRLF from Windows tools, or LF), whatever the export's
        return text.rstrip("\r\n") + added.replace("\r\n", "\n").replace("\n", newline)

    # entries the site could not show (a missing year, a bad link, ...) are reported, not added
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / target.name
        for _ in range(3):
            trial.write_text(appended(chosen), encoding="utf-8", newline="")
            try:
                load_bibtex(trial, topics)
                break
            except DataError as err:
                bad = {str(p.entry).lower(): p for p in err.problems if p.entry}
                rejected = [k for k in chosen if k.lower() in bad]
                if not rejected:
                    raise
                for key in rejected:
                    problem = bad[key.lower()]
                    summary.skipped.append((key, f"not added: field {problem.field!r}: {problem.message}"))
                chosen = [k for k in chosen if k not in rejected]
    summary.added = chosen
    return appended(chosen), summary


def main(argv: list[str] | None = None) -> int:
    """`labsite-import-bib EXPORT [--data DIR]`: merge EXPORT into DIR/publications.bib, print a summary."""
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
    try:
        from .dataset import load_site_data

        site = load_site_data(args.data)
        topics = [t.label for t in site.topics.topics] or None
    except DataError as err:
        print(f"labsite-import-bib: fix the site's data first (make check):\n{err}", file=sys.stderr)
        return 1
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
