"""Build a site with Sphinx's API the way `make html` does (strict, nitpicky, clean URLs)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Build:
    outdir: Path
    status: str
    warnings: str

    def soup(self, page: str = "") -> BeautifulSoup:
        """Parsed HTML of a page given by its clean URL path ('' is the home page)."""
        path = self.outdir / page / "index.html" if not page.endswith(".html") else self.outdir / page
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def main(self, page: str = "") -> BeautifulSoup:
        """The rendered main content of a page, without theme chrome."""
        article = self.soup(page).find("article", attrs={"role": "main"})
        assert article is not None, f"no main article in {page!r}"
        return article

    def text(self, page: str = "") -> str:
        return " ".join(self.main(page).get_text(" ").split())


def build(
    srcdir: Path,
    outdir: Path,
    confdir: Path | None = None,
    builder: str = "dirhtml",
    fresh: bool = True,
    strict: bool = True,
    parallel: int = 0,
    **overrides: Any,
) -> Build:
    status, warnings = io.StringIO(), io.StringIO()
    with docutils_namespace():
        app = Sphinx(
            srcdir=str(srcdir),
            confdir=str(confdir or srcdir),
            outdir=str(outdir),
            doctreedir=str(outdir.parent / f"{outdir.name}-doctrees"),
            buildername=builder,
            confoverrides={"nitpicky": True, **overrides},
            status=status,
            warning=warnings,
            freshenv=fresh,
            warningiserror=strict,
            parallel=parallel,
        )
        app.build()
    return Build(outdir, _plain(status.getvalue()), _plain(warnings.getvalue()))


def _plain(log: str) -> str:
    """Sphinx's log without colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", log)


def build_real_site(outdir: Path, **overrides: Any) -> Build:
    return build(REPO / "docs", outdir, confdir=REPO, **overrides)
