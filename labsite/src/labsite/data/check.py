"""Validate a site's data files without building it: `labsite-check [DATA_DIR]`."""

from __future__ import annotations

import sys
from pathlib import Path

from .dataset import load_site_data
from .kinds import KINDS
from .problems import DataError


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else Path("data")
    if not data_dir.is_dir():
        print(f"{data_dir}: no such folder", file=sys.stderr)
        return 2
    try:
        site = load_site_data(data_dir)
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
