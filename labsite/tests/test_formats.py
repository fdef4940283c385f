"""Every directive gives the same content from a MyST (.md) page and a reStructuredText (.rst) page.

The root ``test-formats`` has each page twice, ``md/<page>.md`` and ``rst/<page>.rst``, with the same
directives and options; its conf.py enables ``labsite`` alone (no ``myst_enable_extensions``). The
two halves are built apart (their labels would clash) and compared page by page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).parent / "roots" / "test-formats"
PAGES = sorted(p.stem for p in (ROOT / "md").glob("*.md"))


def shape(html_path: Path) -> str:
    """The main content of a page as a canonical string: tags, classes, text and links; ids and hrefs
    with the page's own folder name (md/rst) replaced, headings' permalink icons dropped."""
    article = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser").find("article", role="main")
    for link in article.find_all("a", class_="headerlink"):
        link.decompose()
    text = article.prettify()
    return re.sub(r"\b(md|rst)/", "KIND/", text)


@pytest.fixture(scope="module")
def halves(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    """Outdirs of the md-only and the rst-only builds."""
    import shutil

    from sphinx.testing.util import SphinxTestApp

    out = {}
    for kind in ("md", "rst"):
        src = tmp_path_factory.mktemp(kind) / "src"
        shutil.copytree(ROOT, src)
        other = "rst" if kind == "md" else "md"
        app = SphinxTestApp(
            "dirhtml",
            srcdir=src,
            confoverrides={
                "nitpicky": True,
                "exclude_patterns": ["_build", f"{other}/*"],
                "labsite_publications_doc": f"{kind}/publications",
            },
            warningiserror=True,
        )
        try:
            app.build()
            assert app.warning.getvalue() == "", app.warning.getvalue()
            out[kind] = Path(app.outdir)
        finally:
            app.cleanup()
    return out


@pytest.mark.parametrize("page", PAGES)
def test_rst_and_md_pages_render_the_same_content(halves: dict[str, Path], page: str) -> None:
    md = shape(halves["md"] / "md" / page / "index.html")
    rst = shape(halves["rst"] / "rst" / page / "index.html")
    assert "::::" not in rst and "{grid" not in rst and "sd-badge}" not in rst  # no raw MyST
    assert rst == md


@pytest.mark.sphinx("dirhtml", testroot="formats", confoverrides={"exclude_patterns": ["_build", "md/*"]})
def test_labsite_alone_turns_on_the_myst_extensions_it_needs(app) -> None:
    extensions = list(app.config.myst_enable_extensions)
    for name in ("colon_fence", "attrs_inline", "attrs_block", "deflist"):
        assert name in extensions


@pytest.mark.sphinx(
    "dirhtml",
    testroot="formats",
    confoverrides={"exclude_patterns": ["_build", "md/*"], "myst_enable_extensions": ["dollarmath", "colon_fence"]},
)
def test_the_sites_own_myst_extensions_are_kept(app) -> None:
    assert list(app.config.myst_enable_extensions)[:2] == ["dollarmath", "colon_fence"]
    assert "attrs_block" in app.config.myst_enable_extensions
