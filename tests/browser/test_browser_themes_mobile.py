"""furo's light/dark/auto themes, and the site on a phone."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from browsersite import DESKTOP, MOBILE
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def background_luminance(page: Page) -> float:
    """Relative luminance (0 black .. 1 white) of the page's background colour."""
    rgb = page.evaluate(
        "() => getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(Number)"
    )
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def is_dark(page: Page) -> bool:
    return background_luminance(page) < 0.2


def theme(page: Page) -> str | None:
    return page.evaluate("document.body.dataset.theme")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_auto_theme_follows_the_systems_colour_scheme(context_factory: Any, base_url: str, scheme: str) -> None:
    page = context_factory(viewport=DESKTOP, color_scheme=scheme).new_page()
    page.goto(base_url)
    assert theme(page) in {None, "auto"}
    assert is_dark(page) == (scheme == "dark")


def test_theme_toggle_cycles_and_the_choice_survives_a_reload(context_factory: Any, base_url: str) -> None:
    page = context_factory(viewport=DESKTOP, color_scheme="light").new_page()
    page.goto(base_url + "people/")
    # furo cycles auto -> the opposite of the system's scheme -> the system's -> auto
    for expected, dark in [("dark", True), ("light", False), ("auto", False)]:
        page.locator(".theme-toggle:visible").first.click()
        assert theme(page) == expected
        assert is_dark(page) == dark, f"{expected} theme, but the background luminance is {background_luminance(page)}"
        page.reload()
        assert theme(page) == expected, f"the {expected} theme did not survive a reload"
        assert is_dark(page) == dark
        page.goto(base_url + "talks/")
        assert theme(page) == expected, f"the {expected} theme is not kept on another page"
        page.goto(base_url + "people/")


@pytest.fixture
def phone(context_factory: Any) -> Page:
    return context_factory(viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()


def test_no_page_scrolls_sideways_on_a_phone(phone: Page, page_list: list[str], base_url: str) -> None:
    """With every `<details>` open too (BibTeX, the chart's numbers as a table): wide content scrolls
    in its own box, never the page."""
    too_wide = []
    for path in page_list:
        phone.goto(base_url + path)
        phone.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        width = phone.evaluate("document.documentElement.scrollWidth")
        # on a phone furo's content column (.content, overflow-x: auto) scrolls sideways while the page does not
        article = phone.evaluate(
            "() => [...document.querySelectorAll('.content')]"
            ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.tagName + '.' + e.className + ' '"
            " + e.scrollWidth + 'px')"
        )
        if article:
            too_wide.append(f"/{path}: the content scrolls sideways: {article}")
        if width > MOBILE["width"]:
            culprits = phone.evaluate(
                """(limit) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > limit + 1 && e.getClientRects().length)
                .slice(-3).map(e => e.tagName + '.' + [...e.classList].join('.'))""",
                MOBILE["width"],
            )
            too_wide.append(f"/{path}: {width}px wide, e.g. {culprits}")
    assert not too_wide, "\n".join(too_wide)


def test_navigation_is_reachable_on_a_phone(phone: Page, base_url: str) -> None:
    phone.goto(base_url)
    links = phone.locator(".sidebar-drawer .sidebar-tree a")
    target = links.last
    expect(target).not_to_be_in_viewport()  # folded away until asked for
    phone.locator("label.nav-overlay-icon").first.click()
    expect(target).to_be_in_viewport()
    href = target.get_attribute("href")
    target.click()
    phone.wait_for_load_state()
    assert phone.url.rstrip("/").endswith(href.strip("./").rstrip("/"))


@pytest.mark.parametrize("path", ["projects/", "people/"])
def test_cards_stack_on_a_phone(phone: Page, base_url: str, path: str) -> None:
    phone.goto(base_url + path)
    grid = phone.locator(".sd-row").first
    boxes = [card.bounding_box() for card in grid.locator(":scope > * > .sd-card").all()]
    assert len(boxes) >= 2, f"/{path} has no grid of cards"
    row = grid.bounding_box()
    for above, below in itertools.pairwise(boxes):
        assert below["y"] >= above["y"] + above["height"] - 1, f"cards on /{path} sit side by side: {above}, {below}"
    for box in boxes:
        assert box["width"] >= 0.8 * row["width"], f"a card on /{path} is narrower than the column: {box}"


def test_the_charts_table_scrolls_in_its_own_box_on_a_phone(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "publications/")
    table = phone.locator("details.labsite-chart-table")
    if not table.count():
        pytest.skip("the publication list has no chart")
    phone.locator(".labsite-chart-details > summary").click()  # the chart starts folded on a phone
    table.locator("summary").click()
    box = table.locator("table").locator("xpath=..")
    sizes = box.evaluate("b => [b.scrollWidth, b.clientWidth, getComputedStyle(b).overflowX]")
    assert phone.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    article = phone.locator(".content").evaluate("a => a.scrollWidth - a.clientWidth")
    assert article <= 1, f"the content column scrolls {article}px sideways"
    scroll_width, client_width, overflow = sizes
    assert client_width <= MOBILE["width"] and overflow in {"auto", "scroll"}
    if scroll_width > client_width:  # wider than the phone: the box scrolls, and a keyboard can reach it
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("aria-label")
