"""Validate a site's data files without building it: `labsite-check [DATA_DIR] [--pages PAGES_DIR]`.

Besides the data files themselves, every path they give (photo, CV, a paper's PDF and preview) is checked
against the rule of :mod:`labsite.data.paths` in the pages folder (default: ``docs`` beside the data
folder, when there is one)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from .dataset import SiteData, load_site_data
from .kinds import KINDS
from .paths import GENERATED_CV, check_site_paths
from .problems import DataError


def check_site(
    data_dir: Path,
    pages: Path | None,
    files_dir: str = "files",
    previews_dir: str = "images",
    generated: Iterable[str] = GENERATED_CV,
    load: Callable[[Path], SiteData] = load_site_data,
) -> SiteData:
    """The site's data, loaded by `load` and checked: the one check of ``labsite-check`` and of
    ``labsite-build`` before Sphinx starts (``make check`` and ``make html`` give the same report).

    Every path the data gives is checked in the `pages` folder (None: not checked) by
    :func:`labsite.data.paths.check_site_paths`: the profile's photo and CV, and each paper's ``pdf`` file and
    ``preview`` image (in `files_dir` and `previews_dir`: ``labsite_files_dir``, ``labsite_previews_dir``),
    a missing one included; `generated`: the CV files the build typesets. The papers that are valid are
    checked even when other entries have problems (a paper listed twice), so all come in one report.
    Raises DataError with every problem, each with its file, line, entry and field."""
    try:
        site = load(data_dir)
    except DataError as err:
        if pages is None or not isinstance(err.partial, SiteData):
            raise
        more = check_site_paths(err.partial, pages, files_dir, previews_dir, generated=generated)
        raise DataError([*err.problems, *more]) from None
    if pages is not None and (problems := check_site_paths(site, pages, files_dir, previews_dir, generated=generated)):
        raise DataError(problems)
    return site


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
        site = check_site(data_dir, pages)
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
