"""The check of a site's data files without building it (``labsite-check``, :mod:`labsite.check`, and
``labsite-build`` before Sphinx starts).

Besides the data files themselves, every path they give (photo, CV, a paper's PDF and preview) is checked
against the rule of :mod:`labsite.data.paths` in the pages folder."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from .dataset import SiteData, load_site_data
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
