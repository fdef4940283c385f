"""Math in a paper's title, as Chromium shows it: MathML rendered (not hidden, not zero-sized, the
superscript raised) inside the page's heading and inside the list's link, whose text keeps the math."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsersite import DESKTOP, serve
from labsite.testing import Build, build
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2] / "labsite" / "tests" / "roots" / "test-publications"
#: a DBLP-shaped entry with math in its title
ENTRY = r"""@inproceedings{DBLP:conf/stoc/RenL23,
  author       = {Wei Ren and Ada Lovelace},
  title        = {Lower Bounds for {$\mathrm{AC}^0[\oplus]$} Circuits with {$k\leq 10$} Gates},
  booktitle    = {Proceedings of the 55th Annual {ACM} Symposium on Theory of Computing, {STOC} 2023},
  year         = {2023},
}
"""


@pytest.fixture(scope="module")
def math_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    src = tmp_path_factory.mktemp("math") / "site"
    shutil.copytree(ROOT, src)
    (src / "data" / "publications.bib").write_text(ENTRY, encoding="utf-8")
    (src / "index.md").write_text("# Test Lab\n\n```{toctree}\npeople\npublications\n```\n", encoding="utf-8")
    result: Build = build(src, src / "_build" / "html")
    with serve(result.outdir) as url:
        yield url


def test_math_in_a_title_is_rendered_in_the_heading_and_the_list_link(browser: Browser, math_site: str) -> None:
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(math_site + "publications/DBLP-conf-stoc-RenL23/")
    heading = page.locator("h1")
    assert heading.locator("math").count() == 2
    for index in range(2):
        box = heading.locator("math").nth(index).bounding_box()
        assert box is not None and box["width"] > 5 and box["height"] > 5, box
    # the superscript 0 is set higher than the letters it follows
    base = heading.locator("math msup > :first-child").first.bounding_box()
    sup = heading.locator("math msup > :last-child").first.bounding_box()
    assert base and sup and sup["y"] < base["y"], (base, sup)
    page.goto(math_site + "publications/")
    link = page.locator(".labsite-pub-title-link").first
    assert link.locator("math").first.bounding_box()["width"] > 5
    name = link.evaluate("a => a.textContent.replace(/\\s+/g, '')")
    assert "≤10" in name and "AC0" in name, name
    page.context.close()
