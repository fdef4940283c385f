"""Build the owner's site (root `conf.py`, pages in `docs/`) the way `make html` does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from labsite.testing import Build, build

__all__ = ["REPO", "Build", "build", "build_real_site"]

REPO = Path(__file__).resolve().parent.parent


def build_real_site(outdir: Path, **overrides: Any) -> Build:
    """The real site, strictly, into `outdir`."""
    return build(REPO / "docs", outdir, confdir=REPO, **overrides)
