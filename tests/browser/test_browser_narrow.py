"""Careless data on the narrowest phones (320px, 414px): a long author name or topic stays inside the
screen, on the publication list, the topic's page and the paper's page; a name that fits a line is never
split."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsersite import serve
from labsite.testing import Build, build
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2] / "labsite" / "tests" / "roots" / "test-publications"
#: real people's names as long as they come (40 and 47 characters), in a Google Scholar-shaped entry
ENTRY = r"""
@inproceedings{fernandez2024long,
  title={Long Names in Author Lists},
  author={Fern{\'a}ndez de Castro Rodr{\'\i}guez, Juan Pablo and
          Al-Khwarizmi bin Abdullah, Muhammad Abdul-Rahman and Lovelace, Ada},
  booktitle={Proceedings of the Conference on Narrow Screens},
  year={2024},
  topics={Machine Learning Systems and Distributed Infrastructure}
}
"""
TOPIC = "  - id: ml-infrastructure\n    label: Machine Learning Systems and Distributed Infrastructure\n"
#: every author name's box and the right edge of the screen
MEASURE = """() => [document.documentElement.clientWidth,
  [...document.querySelectorAll('.labsite-author, .labsite-topic')].map(a => {
    const box = a.getBoundingClientRect();
    return {name: a.textContent, right: box.right, lines: a.getClientRects().length,
            height: box.height, line: parseFloat(getComputedStyle(a).lineHeight) || 24};
  })]"""


@pytest.fixture(scope="module")
def narrow_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    src = tmp_path_factory.mktemp("narrow") / "site"
    shutil.copytree(ROOT, src)
    with (src / "data" / "publications.bib").open("a", encoding="utf-8") as bib:
        bib.write(ENTRY)
    with (src / "data" / "topics.yaml").open("a", encoding="utf-8") as topics:
        topics.write(TOPIC)
    result: Build = build(src, src / "_build" / "html")
    with serve(result.outdir) as url:
        yield url


@pytest.mark.parametrize("width", [320, 414])
@pytest.mark.parametrize(
    "page", ["publications/", "publications/fernandez2024long/", "publications/topic/ml-infrastructure/"]
)
def test_a_long_author_name_or_topic_stays_inside_a_narrow_phone(
    browser: Browser, narrow_site: str, width: int, page: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(narrow_site + page, wait_until="load")
        screen, names = tab.evaluate(MEASURE)
    finally:
        context.close()
    assert any(n["name"].startswith("Muhammad Abdul-Rahman") for n in names), names
    assert any(n["name"].startswith("Machine Learning Systems") for n in names), names
    past = [n["name"] for n in names if n["right"] > screen + 0.5]
    assert not past, f"past the right edge of a {width}px screen: {past}"
    short = [n["name"] for n in names if len(n["name"]) < 25 and n["height"] > 1.5 * n["line"]]
    assert not short, f"split over two lines: {short}"
