"""Changing a configuration value and rebuilding (not afresh) updates every page, generated ones too."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-directives"


def titles(outdir: Path) -> dict[str, str]:
    """Page (path from the output folder) -> its <title>, for every HTML page but the search page."""
    found = {}
    for path in sorted(outdir.rglob("*.html")):
        if path.parent.name == "search":
            continue
        title = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").title
        found[path.relative_to(outdir).as_posix()] = title.get_text() if title else ""
    return found


def test_a_new_html_title_reaches_every_page(tmp_path: Path) -> None:
    src = tmp_path / "lab"
    shutil.copytree(ROOT, src)
    pages = {}
    for title in ("First Lab", "Second Lab"):
        app = SphinxTestApp(
            "dirhtml", srcdir=src, confoverrides={"nitpicky": True, "html_title": title}, warningiserror=True
        )
        try:
            app.build()
        finally:
            app.cleanup()
        pages[title] = titles(Path(app.outdir))
    assert any("/" in page and page.count("/") > 2 for page in pages["Second Lab"])  # generated paper pages
    assert sorted(page for page, title in pages["Second Lab"].items() if not title.endswith("Second Lab")) == []
