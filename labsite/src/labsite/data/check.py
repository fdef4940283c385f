"""Validate a site's data files without building it: `labsite-check [DATA_DIR] [--pages PAGES_DIR]`.

Besides the data files themselves, every path they give (photo, CV, a paper's PDF and preview) is checked
against the rule of :mod:`labsite.data.paths` in the pages folder (default: ``docs`` beside the data
folder, when there is one)."""

from __future__ import annotations

import sys
from pathlib import Path

from .dataset import load_site_data
from .kinds import KINDS
from .paths import check_site_paths
from .problems import DataError


def main(argv: list[str] | None = None) -> int:
    """Print every problem of the data files (and of the paths they give) and return 1, or a summary and 0;
    2 for a missing folder."""
    args = list(sys.argv[1:] if argv is None else argv)
    pages: Path | None = None
    if "--pages" in args:
        at = args.index("--pages")
        if at + 1 >= len(args):
            print("usage: labsite-check [DATA_DIR] [--pages PAGES_DIR]", file=sys.stderr)
            return 2
        pages = Path(args[at + 1])
        del args[at : at + 2]
    data_dir = Path(args[0]) if args else Path("data")
    if not data_dir.is_dir():
        print(f"{data_dir}: no such folder", file=sys.stderr)
        return 2
    if pages is None and (data_dir.resolve().parent / "docs").is_dir():
        pages = data_dir.resolve().parent / "docs"
    if pages is not None and not pages.is_dir():
        print(f"{pages}: no such folder", file=sys.stderr)
        return 2
    try:
        site = load_site_data(data_dir)
        if pages is not None and (problems := check_site_paths(site, pages)):
            raise DataError(problems)
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    # what each kind counts as (labsite.data.kinds: `count`), in the table's order
    counts = {kind.count: len(site.records(kind.name)) for kind in KINDS if kind.count}
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    print(f"{data_dir}: {len(site.files())} data files OK ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
