"""Build the owner's site (root `conf.py`, pages in `docs/`) the way `make html` does."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from labsite.testing import Build, build

__all__ = ["REPO", "Build", "build", "build_real_site", "inline_text_is_its_file"]

REPO = Path(__file__).resolve().parent.parent


def build_real_site(outdir: Path, **overrides: Any) -> Build:
    """The real site, strictly, into `outdir`."""
    return build(REPO / "docs", outdir, confdir=REPO, **overrides)


_SOURCE_MAP = re.compile(r"^//[#@] sourceMappingURL=\S+\s*$", re.MULTILINE)


def inline_text_is_its_file(outdir: Path, source: str, text: str) -> bool:
    """Whether `text`, the content of an inline ``<script data-source=...>`` or ``<style>``, is the
    text of that output file (`source`, e.g. ``_static/doctools.js``), up to its source map comment
    (which points at the map from the page) and the white space around it."""
    path = outdir / source
    if not path.is_file():
        return False
    return _SOURCE_MAP.sub("", path.read_text(encoding="utf-8")).strip() == _SOURCE_MAP.sub("", text).strip()
