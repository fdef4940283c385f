"""The one rule for every path that comes from data (or a page): it names a file inside the site's pages
folder, and nothing outside it is ever published. No Sphinx here.

A path from data (``photo`` and ``cv`` in profile.yaml, a BibTeX entry's ``pdf`` file name and ``preview``)
is taken relative to a folder of the site (the pages folder, or its ``files``/``images`` folder) and is
refused, with the reason, when

- it is empty, absolute (``/x``, ``C:\\x``, ``\\\\server``), a URL (``file:///etc/passwd``), or contains a
  control character (NUL included), a backslash or ``<``/``>``;
- one of its parts is ``..`` or starts with a dot (``.git``, ``.env``: hidden files are never published);
- it leads outside the pages folder once every symlink on the way is resolved (a symlink in ``files/``
  pointing to ``/etc/passwd`` or elsewhere in the repository is refused, wherever it points);
- it names no file, or a folder, or (for an image) a file Pillow cannot open or whose size is over Pillow's
  decompression-bomb limit (``PIL.Image.MAX_IMAGE_PIXELS``).

:func:`site_file` applies the rule to one path; :func:`check_site_paths` applies it to every path of a
site's data and returns located problems (file, line, entry, field), for ``labsite-check`` and the build.
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from .problems import DataProblem

Kind = Literal["file", "image"]
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class PathProblem(ValueError):
    """A path from data that may not be published; the message says why and what was expected."""


class MissingFile(PathProblem):
    """A path that follows the rule but names no file (a typo, or a file not added yet)."""


def clean_path(value: object) -> str:
    """`value` as a canonical relative POSIX path (``./`` and doubled slashes removed), or PathProblem.

    Refused: not a string, empty, absolute (POSIX, Windows drive or UNC), a URL, a control character (NUL included),
    a backslash, ``<`` or ``>``, a ``..`` part, a part starting with a dot (a hidden file or folder)."""
    if not isinstance(value, str) or not value.strip():
        raise PathProblem("is empty; expected the path of a file, e.g. images/photo.jpg")
    bad = [ch for ch in value if unicodedata.category(ch) in ("Cc", "Cs") or ch in "\\<>"]
    if bad:
        raise PathProblem(f"path {value!r} contains {bad[0]!r}; expected a plain path with / between folders")
    if value.startswith("/") or re.match(r"^[A-Za-z]:", value):
        raise PathProblem(f"path {value!r} is absolute; expected a path inside the site, e.g. images/photo.jpg")
    if _SCHEME.match(value):
        raise PathProblem(f"{value!r} is a URL; expected the path of a file of the site, e.g. files/cv.pdf")
    parts = [part for part in value.strip().split("/") if part not in ("", ".")]
    if not parts:
        raise PathProblem(f"path {value!r} names a folder; expected the path of a file")
    if ".." in parts:
        raise PathProblem(f"path {value!r} goes up a folder ('..'); expected a path inside the site's folders")
    if any(part.startswith(".") for part in parts):
        raise PathProblem(f"path {value!r} names a hidden file or folder; those are never published")
    return "/".join(parts)


def site_file(pages: Path, value: str, folder: str = "", kind: Kind = "file") -> Path:
    """The file that `value` (a path from data, relative to `folder` of the `pages` folder) names, resolved
    (no symlink left), after checking it against the rule of this module. Raises PathProblem (MissingFile
    when the path is allowed but there is no file); never returns a path outside the resolved `pages`."""
    relative = clean_path(value)
    root = Path(os.path.realpath(pages))
    base = root / clean_path(folder) if folder else root
    candidate = base / relative
    resolved = Path(os.path.realpath(candidate))
    if not resolved.is_relative_to(root):
        raise PathProblem(
            f"path {value!r} leads outside the site's pages folder (a symlink to {resolved}); "
            "expected a file inside it (copy the file there instead of linking it)"
        )
    shown = f"{folder}/{relative}" if folder else relative
    if not resolved.exists():
        raise MissingFile(f"no file {shown!r} in the pages folder ({candidate}); check the spelling")
    if not resolved.is_file():
        raise PathProblem(f"{shown!r} is a folder or a special file; expected a file")
    if kind == "image":
        check_image(resolved)
    return resolved


def check_image(path: Path) -> tuple[int, int]:
    """(width, height) of the image at `path`, or PathProblem: not an image Pillow can open, or over one
    of Pillow's limits (``PIL.Image.MAX_IMAGE_PIXELS``: DecompressionBombWarning and -Error alike)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                return image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise PathProblem(
            f"image {path.name!r} is too large for Pillow ({err}); expected at most "
            f"{Image.MAX_IMAGE_PIXELS:,} pixels: resize it (e.g. to 2000 pixels wide)"
        ) from None
    except UnidentifiedImageError:
        raise PathProblem(f"{path.name!r} is not an image (PNG, JPEG, WebP, GIF...) that Pillow can open") from None
    except (OSError, ValueError, SyntaxError) as err:  # truncated or corrupt files, odd headers
        raise PathProblem(f"image {path.name!r} cannot be read: {err}") from None


#: the CV files the build typesets under their default names (``labsite_cv_pdf``, ``labsite_cv_short_pdf``)
GENERATED_CV = ("cv.pdf", "cv-short.pdf")


def check_site_paths(
    site: Any,
    pages: Path,
    files_dir: str | None = "files",
    previews_dir: str = "images",
    missing_papers: bool = True,
    generated: Iterable[str] = GENERATED_CV,
) -> list[DataProblem]:
    """Every path of `site`'s data (a :class:`labsite.data.dataset.SiteData`) checked by :func:`site_file`;
    a problem (file, line, entry, field) per refused path.

    `pages`: the pages folder; `files_dir` and `previews_dir`: where a BibTeX entry's ``pdf`` file name,
    ``preview`` image and other relative links are (``labsite_files_dir``, ``labsite_previews_dir``;
    `files_dir` None: the papers' paths are not checked). With `missing_papers` False, a paper's missing
    PDF or preview is left to the build's own warning. `generated`: file names the build writes itself
    (the CV it typesets, ``labsite_cv_pdf`` and ``labsite_cv_short_pdf``): a profile ``cv`` naming one of
    them need not exist in the pages folder, though it must still be a clean relative path."""
    problems: list[DataProblem] = []
    profile = site.profile
    if profile is not None:
        lines = site.lines.get("profile", {})
        fields: tuple[tuple[str, Kind], ...] = (("photo", "image"), ("cv", "file"))
        for field, kind in fields:
            value = getattr(profile, field, None)  # (None also when it has a problem of its own)
            if value is None:
                continue
            try:
                if field == "cv" and clean_path(value) in set(generated):
                    continue  # typeset by the build (labsite.sphinx.cv)
                site_file(pages, value, kind=kind)
            except PathProblem as err:
                problems.append(DataProblem(site.path("profile"), str(err), lines.get((field,)), None, field))
    papers_dir = files_dir or ""  # (unused when None: the papers' paths are not checked)
    for publication in site.publications if files_dir is not None else ():
        checks: list[tuple[str, str | None, str, Kind, bool]] = [
            ("pdf", publication.pdf_file, papers_dir, "file", missing_papers),
            ("preview", publication.preview, previews_dir, "image", missing_papers),
        ]
        # al-folio's other relative links: a file of the files folder, else a page (so never missing)
        checks += [(name, path, papers_dir, "file", False) for name, path in publication.local_links.items()]
        for field, value, folder, kind, missing in checks:
            if value is None:
                continue
            try:
                site_file(pages, value, folder, kind)
            except PathProblem as err:
                if missing or not isinstance(err, MissingFile):
                    bib = site.path("publications")
                    problems.append(DataProblem(bib, str(err), publication.line, publication.key, field))
    return problems
