"""The site as a visitor sees it on a phone (390x844) and a wide screen (1440x900), light and dark, on
every kind of page: text large enough to read, nothing hidden behind a scroll or past the right edge,
icon links big enough to tap, tags and names on one line, the home page's first screen, the
papers-per-year chart's colours, and the publication filter in the address.

Each page kind is loaded once per screen and scheme; every check reads the same measurements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from browsersite import block_other_hosts
from labsite.content.publications import paper_slug
from labsite.data.dataset import SiteData
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1440, "height": 900}
SCREENS = {"phone": PHONE, "wide": WIDE}
SCHEMES = ["light", "dark"]
COMBINATIONS = [(screen, scheme) for screen in SCREENS for scheme in SCHEMES]
IDS = [f"{screen}-{scheme}" for screen, scheme in COMBINATIONS]
#: smallest text a visitor should have to read, in CSS pixels
SMALLEST_TEXT = 12
#: smallest target of a link or button that shows only an icon (WCAG 2.2 SC 2.5.8)
SMALLEST_TARGET = 24

# One function run in the page: what a visitor would see that is wrong, as plain data.
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const describe = (el) => {
    const text = (el.innerText || el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50);
    return `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${text}"`;
  };
  const shown = (el) => {
    if (!el.getClientRects().length) return false;
    // inside a closed <details> (content-visibility: hidden) or hidden by a style: not seen
    if (!el.checkVisibility({contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true}))
      return false;
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.visibility === "hidden" || style.opacity === "0" || style.display === "none") return false;
      if (style.clipPath && style.clipPath.startsWith("inset(50%")) return false;
      if (style.clip && style.clip.startsWith("rect(0")) return false;
    }
    const box = el.getBoundingClientRect();
    if (box.width <= 1 && box.height <= 1) return false; // visually hidden text for screen readers
    return box.right > 0 && box.left < width; // off-canvas drawers (closed menus) are not seen
  };
  // 1. the smallest text: every text node's element, its font size as drawn (SVG text is scaled)
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || seen.has(el)) continue;
    seen.add(el);
    if (["SCRIPT", "STYLE", "TITLE", "DESC", "title", "desc"].includes(el.tagName)) continue;
    if (el.closest("svg title, svg desc")) continue;
    if (!shown(el)) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement && el.getScreenCTM) size *= el.getScreenCTM().a;
    if (size < 12 - 0.05) small.push(`${describe(el)} ${size.toFixed(1)}px`);
  }
  // 2. boxes that hide part of their content behind a sideways scroll
  const scrolled = [];
  document.querySelectorAll("body *").forEach((el) => {
    const style = getComputedStyle(el);
    if (!["auto", "scroll", "hidden"].includes(style.overflowX)) return;
    if (el.scrollWidth > el.clientWidth + 1 && shown(el) && !el.closest(".sidebar-drawer, .toc-drawer"))
      scrolled.push(`${describe(el)} ${el.scrollWidth}px in ${el.clientWidth}px`);
  });
  // 3. content past the right edge of the screen
  const past = [];
  document.querySelectorAll(".content *").forEach((el) => {
    if (!shown(el)) return;
    const box = el.getBoundingClientRect();
    if (box.right > width + 1) past.push(`${describe(el)} ends at ${Math.round(box.right)}px of ${width}px`);
  });
  if (document.documentElement.scrollWidth > width + 1)
    past.push(`the page is ${document.documentElement.scrollWidth}px wide`);
  // 4. links and buttons that show an icon or a letter or two only: targets of at least 24x24 px
  const tiny = [];
  document.querySelectorAll("a[href], button, label[for], summary, [role=button]").forEach((el) => {
    if (!shown(el)) return;
    const text = (el.innerText || "").trim();
    if (text.length > 2) return;
    const box = el.getBoundingClientRect();
    if (box.width < 24 - 0.5 || box.height < 24 - 0.5)
      tiny.push(`${describe(el)} ${box.width.toFixed(0)}x${box.height.toFixed(0)}`);
  });
  // 5. topic tags, badges and people's names broken over two lines
  const broken = [];
  const names = ".labsite-topic, .sd-badge, .labsite-author, .labsite-owner, .labsite-member-link";
  document.querySelectorAll(names).forEach((el) => {
    if (!shown(el)) return;
    const lines = new Set([...el.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    if (lines.size > 1) broken.push(describe(el));
  });
  return {small, scrolled, past, tiny, broken};
}"""


def page_kinds(data: SiteData) -> dict[str, str]:
    """One address of every kind of page, from the data: a member's, a topic's and a paper's page
    are the first the data gives."""
    member = next(iter(sorted(m.id for m in data.people.members)), None)
    topic = next((t.id for t in data.topics.topics), None)
    paper = next(iter(sorted(data.publication_keys)), None)
    kinds = {
        "home": "",
        "research": "research/",
        "projects": "projects/",
        "people": "people/",
        "talks": "talks/",
        "publications": "publications/",
        "teaching": "teaching/",
        "news": "news/",
        "cv": "cv/",
        "404": "404.html",
    }
    if member:
        kinds["member"] = f"publications/author/{member}/"
    if topic:
        kinds["topic"] = f"publications/topic/{topic}/"
    if paper:
        kinds["paper"] = f"publications/{paper_slug(paper)}/"
    return kinds


@pytest.fixture(scope="module")
def screens(browser: Browser, base_url: str) -> Iterator[dict[tuple[str, str], Page]]:
    """One page per screen and colour scheme."""
    pages = {}
    for screen, scheme in COMBINATIONS:
        context = browser.new_context(viewport=SCREENS[screen], color_scheme=scheme)
        block_other_hosts(context, base_url)
        pages[screen, scheme] = context.new_page()
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.fixture(scope="module")
def measured(screens: dict[tuple[str, str], Page], base_url: str, data: SiteData) -> dict[tuple[str, str], Any]:
    """(screen, scheme) -> page kind -> the findings of MEASURE on it."""
    found: dict[tuple[str, str], Any] = {}
    kinds = page_kinds(data)
    for key, page in screens.items():
        found[key] = {}
        for kind, path in kinds.items():
            page.goto(base_url + path, wait_until="load")
            found[key][kind] = page.evaluate(MEASURE)
    return found


def problems(measured: dict[tuple[str, str], Any], screen: str, scheme: str, what: str) -> dict[str, list[str]]:
    return {kind: found[what] for kind, found in measured[screen, scheme].items() if found[what]}


@pytest.mark.parametrize(("screen", "scheme"), COMBINATIONS, ids=IDS)
def test_no_visible_text_is_smaller_than_12px(measured: Any, screen: str, scheme: str) -> None:
    assert not problems(measured, screen, scheme, "small")


@pytest.mark.parametrize(("screen", "scheme"), COMBINATIONS, ids=IDS)
def test_no_box_hides_content_behind_a_sideways_scroll(measured: Any, screen: str, scheme: str) -> None:
    assert not problems(measured, screen, scheme, "scrolled")


@pytest.mark.parametrize(("screen", "scheme"), COMBINATIONS, ids=IDS)
def test_nothing_reaches_past_the_right_edge(measured: Any, screen: str, scheme: str) -> None:
    assert not problems(measured, screen, scheme, "past")


@pytest.mark.parametrize(("screen", "scheme"), COMBINATIONS, ids=IDS)
def test_icon_only_links_and_buttons_are_at_least_24px_square(measured: Any, screen: str, scheme: str) -> None:
    assert not problems(measured, screen, scheme, "tiny")


@pytest.mark.parametrize(("screen", "scheme"), COMBINATIONS, ids=IDS)
def test_tags_badges_and_names_stay_on_one_line(measured: Any, screen: str, scheme: str) -> None:
    assert not problems(measured, screen, scheme, "broken")


# --- the home page's first screen ------------------------------------------------------------------


@pytest.mark.parametrize(("screen", "scheme"), COMBINATIONS, ids=IDS)
def test_the_first_screen_says_who_and_that_the_lab_is_recruiting_at_body_size(
    screens: dict[tuple[str, str], Page], base_url: str, screen: str, scheme: str
) -> None:
    """The paragraph that links to the page on joining the lab (the recruiting message) is read
    without scrolling, with the name above it and its link, in the size of the page's text."""
    page = screens[screen, scheme]
    page.goto(base_url, wait_until="load")
    height = SCREENS[screen]["height"]
    heading = page.locator("article h1").first.bounding_box()
    assert heading and heading["y"] + heading["height"] <= height
    apply = page.locator("article a[href$='people/join/']").first
    message = apply.locator("xpath=ancestor::*[self::p or self::div][1]")
    box, link = message.bounding_box(), apply.bounding_box()
    assert box and link
    assert link["y"] + link["height"] <= height, f"the way to apply is at {link['y']:.0f}px, below {height}px"
    sizes = page.evaluate(
        """([el]) => [parseFloat(getComputedStyle(el).fontSize),
              parseFloat(getComputedStyle(document.querySelector('article > section > p')).fontSize)]""",
        [message.element_handle()],
    )
    assert sizes[0] >= sizes[1] - 0.1, f"the recruiting message is {sizes[0]}px, the page's text {sizes[1]}px"


def test_the_home_page_has_no_previous_or_next_page_links(screens: dict[tuple[str, str], Page], base_url: str) -> None:
    page = screens["wide", "light"]
    page.goto(base_url, wait_until="load")
    assert page.locator(".related-pages a").count() == 0
    page.goto(base_url + "research/", wait_until="load")
    assert page.locator(".related-pages a").count() >= 1  # the other pages keep them


def test_the_sidebar_does_not_repeat_the_name_above_the_home_pages_heading(
    screens: dict[tuple[str, str], Page], base_url: str
) -> None:
    page = screens["wide", "light"]
    page.goto(base_url, wait_until="load")
    heading = page.locator("article h1").first.inner_text().strip("¶ \n")
    brand = page.locator(".sidebar-drawer .sidebar-brand")
    assert not (brand.count() and brand.first.is_visible() and heading in brand.first.inner_text())
    page.goto(base_url + "research/", wait_until="load")
    assert page.locator(".sidebar-drawer .sidebar-brand").first.is_visible()  # a way home elsewhere


def test_a_former_members_papers_link_is_not_drawn_as_part_of_the_name(
    screens: dict[tuple[str, str], Page], base_url: str
) -> None:
    """On a phone the alumni table's rows become blocks with the name in bold; the "Papers (N)" link
    under a name is a link like on the members' cards, in the text's weight, on both screens."""
    for screen in SCREENS:
        page = screens[screen, "light"]
        page.goto(base_url + "people/", wait_until="load")
        links = page.locator("table.labsite-alumni td:first-child a.internal")
        if not links.count():
            pytest.skip("no former member has papers")
        weight = lambda locator: int(locator.evaluate("el => getComputedStyle(el).fontWeight"))  # noqa: E731
        cell = links.first.locator("xpath=ancestor::td[1]")  # the name's weight
        assert weight(links.first) < 600 and (screen == "wide" or weight(cell) >= 600), screen


def test_the_content_uses_a_wide_screen(screens: dict[tuple[str, str], Page], base_url: str) -> None:
    page = screens["wide", "light"]
    page.goto(base_url + "publications/", wait_until="load")
    width = page.locator("article[role=main]").bounding_box()["width"]
    assert width >= 0.55 * WIDE["width"], f"the article is {width:.0f}px of {WIDE['width']}px"


# --- the papers-per-year chart -------------------------------------------------------------------

CONTRAST = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const background = rgb(getComputedStyle(document.body).backgroundColor);
  const chart = document.querySelector(".labsite-chart");
  const bars = [...chart.querySelectorAll("rect")].map((r) => getComputedStyle(r).fill);
  const swatches = [...document.querySelectorAll(".labsite-swatch")].map((s) => getComputedStyle(s).backgroundColor);
  const texts = [...chart.querySelectorAll("text")].map((t) => getComputedStyle(t).fill);
  const fills = (list) => [...new Set(list)].map((c) => [c, ratio(rgb(c), background)]);
  return {bars: fills([...bars, ...swatches]), texts: fills(texts)};
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_charts_colours_stand_out_from_the_background(
    screens: dict[tuple[str, str], Page], base_url: str, scheme: str
) -> None:
    """Bars and legend swatches at least 3:1 against the page (WCAG 1.4.11), text at least 4.5:1."""
    page = screens["phone", scheme]
    page.goto(base_url + "publications/", wait_until="load")
    if not page.locator(".labsite-chart").count():
        pytest.skip("the publication list has no chart")
    found = page.evaluate(CONTRAST)
    assert found["bars"] and found["texts"]
    assert [c for c, r in found["bars"] if r < 3] == [], found["bars"]
    assert [c for c, r in found["texts"] if r < 4.5] == [], found["texts"]


CHART_TEXT = """() => Math.min(...[...document.querySelectorAll('.labsite-chart text')]
  .filter((t) => t.getClientRects().length)
  .map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))"""


def test_a_phone_shows_the_first_paper_on_the_first_screen_and_the_chart_a_tap_away(
    screens: dict[tuple[str, str], Page], base_url: str
) -> None:
    """On a phone the papers-per-year chart starts folded to its title, so the first paper's title is
    on the first screen; a tap unfolds the chart, legible (text at least 12px). A wide screen shows the
    chart at once, above the first paper."""
    page = screens["phone", "light"]
    page.goto(base_url + "publications/", wait_until="load")
    if not page.locator(".labsite-chart").count():
        pytest.skip("the publication list has no chart")
    height = page.evaluate("window.innerHeight")
    title = page.locator(".labsite-publication .labsite-pub-title").first.bounding_box()
    assert title, "the first paper is not shown"
    bottom = title["y"] + title["height"]
    assert bottom <= height, f"the first paper's title ends at {bottom:.0f}px, below the first screen ({height}px)"
    chart = page.locator(".labsite-chart")
    assert not chart.is_visible()
    page.locator(".labsite-chart-details > summary").click()
    assert chart.is_visible()
    assert page.evaluate(CHART_TEXT) >= SMALLEST_TEXT - 0.05
    wide = screens["wide", "light"]
    wide.goto(base_url + "publications/", wait_until="load")
    shown = wide.locator(".labsite-chart")
    assert shown.is_visible()
    first = wide.locator(".labsite-publication").first.bounding_box()
    assert first and shown.bounding_box()["y"] < first["y"]


def visible_entries(page: Page) -> list[str]:
    return page.locator(".labsite-publication").evaluate_all(
        "els => els.filter(e => e.getClientRects().length).map(e => e.id)"
    )


def charted(page: Page) -> int:
    """The number of papers the chart shows (the sum of its bars' values, as their tooltips say)."""
    return page.locator(".labsite-chart rect").evaluate_all(
        """rects => rects.filter(r => r.getClientRects().length && r.getBBox().height > 0)
              .reduce((sum, r) => sum + Number(r.querySelector('title').textContent.match(/(\\d+)$/)[1]), 0)"""
    )


def test_a_shared_address_opens_the_same_filtered_view_and_the_chart_follows(
    screens: dict[tuple[str, str], Page], base_url: str, data: SiteData
) -> None:
    page = screens["wide", "light"]
    page.goto(base_url + "publications/", wait_until="load")
    everything = visible_entries(page)
    assert charted(page) == len(everything)
    topics = {t.label: t.id for t in data.topics.topics}
    counts = {t: sum(name in p.topics for p in data.publications) for name, t in topics.items()}
    topic = min((t for t, n in counts.items() if n), key=lambda t: counts[t])  # the smallest view
    # a click puts the view in the address ...
    page.locator(f"nav.labsite-pub-views button[data-view='topic/{topic}']").click()
    assert re.search(rf"[?&#]topic={re.escape(quote(topic))}\b", page.url), page.url
    shown = visible_entries(page)
    assert len(shown) == counts[topic] and charted(page) == counts[topic]
    # ... and the address opens that view
    address = page.url
    page.goto(base_url, wait_until="load")
    page.goto(address, wait_until="load")
    assert visible_entries(page) == shown
    assert charted(page) == counts[topic]
    pressed = page.locator("nav.labsite-pub-views button[aria-pressed='true']")
    assert pressed.get_attribute("data-view") == f"topic/{topic}"
    # "All" takes the filter out of the address again
    page.locator("nav.labsite-pub-views button[data-view='all']").click()
    assert "topic=" not in page.url and len(visible_entries(page)) == len(everything)
