"""``labsite-check [DATA_DIR] [--pages PAGES_DIR] [--confdir CONFDIR]``: validate a site's data files
without building it, with the report ``make html`` gives.

The folders come from the site's conf.py, read as ``labsite-build`` reads it
(:func:`labsite.build.site_folders`): the data folder (``labsite_data_dir``, unless DATA_DIR is given),
where a paper's PDF and preview are (``labsite_files_dir``, ``labsite_previews_dir``) and the CV files the
build typesets (``labsite_cv_pdf``, ``labsite_cv_short_pdf``). CONFDIR: the folder of conf.py (default:
the folder holding DATA_DIR, else the current folder); PAGES_DIR: the pages folder (default: ``docs``
beside conf.py, when there is one). Sphinx is not started.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import check_configured_site, data_folder, site_folders
from .data.kinds import KINDS
from .data.problems import DataError


def parser() -> argparse.ArgumentParser:
    """The command line of ``labsite-check``."""
    cli = argparse.ArgumentParser(
        prog="labsite-check",
        description="Validate the site's data files (and the files they name).",
        allow_abbrev=False,
    )
    cli.add_argument("data", nargs="?", type=Path, help="the data folder (default: conf.py's labsite_data_dir)")
    cli.add_argument("--pages", type=Path, help="the pages folder (default: docs beside conf.py, if any)")
    cli.add_argument("--confdir", type=Path, help="the folder of conf.py (default: DATA_DIR's folder, else .)")
    return cli


def main(argv: list[str] | None = None) -> int:
    """Print every problem of the data files (and of the paths they give) and return 1, or a summary and 0;
    2 for a missing folder or bad usage."""
    try:
        args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as stop:  # argparse has printed the usage
        return stop.code if isinstance(stop.code, int) else 2
    confdir: Path = args.confdir or (args.data.resolve().parent if args.data is not None else Path("."))
    folders = site_folders(confdir)
    data_dir: Path = args.data if args.data is not None else data_folder(confdir, folders)
    pages: Path | None = args.pages
    for folder in (confdir, data_dir, *([pages] if pages else [])):
        if not folder.is_dir():
            print(f"{folder}: no such folder", file=sys.stderr)
            return 2
    if pages is None and (confdir / "docs").is_dir():
        pages = confdir / "docs"
    try:
        site = check_configured_site(data_dir, pages, folders)
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    # what each kind counts as (labsite.data.kinds: `count`), in the table's order
    counts = {kind.count: len(site.records(kind.name)) for kind in KINDS if kind.count}
    summary = ", ".join(_counted(count, name) for name, count in counts.items())
    print(f"{data_dir}: {_counted(len(site.files()), 'data files')} OK ({summary})")
    return 0


def _counted(count: int, plural: str) -> str:
    """`3 talks`, `1 talk`: the kinds' `count` names are English plurals in -s (labsite.data.kinds)."""
    return f"{count} {plural.removesuffix('s') if count == 1 else plural}"


if __name__ == "__main__":
    sys.exit(main())
