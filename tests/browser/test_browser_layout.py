"""No layout shift (CLS 0) on any page, on a slow phone: content that scripts add (furo's theme toggle,
the BibTeX copy buttons) must not move what is already painted."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browsersite import DESKTOP, MOBILE
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

#: sums the layout shifts without recent input, from the first paint to a second after `load`
LAYOUT_SHIFTS = """() => new Promise(resolve => {
  let total = 0; const moved = [];
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      total += entry.value;
      for (const source of entry.sources) {
        if (source.node) moved.push(source.node.nodeName + '.' + (source.node.className || ''));
      }
    }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve([total, moved]), 1000);
})"""


@pytest.fixture
def slow_phone(context_factory: Any) -> Page:
    """A phone with Lighthouse's mobile throttling: CPU 4x slower, 150 ms round trips, 1.6 Mbit/s."""
    context = context_factory(viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8},
    )
    return page


def test_no_page_shifts_its_layout_on_a_slow_phone(slow_phone: Page, page_list: list[str], base_url: str) -> None:
    shifted = []
    for path in page_list:
        slow_phone.goto(base_url + path, wait_until="load")
        total, moved = slow_phone.evaluate(LAYOUT_SHIFTS)
        if total > 0:
            shifted.append(f"/{path}: CLS {total:.4f}, moved {sorted(set(moved))}")
    assert not shifted, "\n".join(shifted)


#: where each element of the page starts (a layout shift is an element whose start moves), by tag; what
#: scripts add (copy buttons and what is in them, the live region) is left out
STARTS = """() => [...document.querySelectorAll('body *')]
  .filter(e => !e.closest('button.labsite-copy, #labsite-copy-status, script, style'))
  .map(e => { const r = e.getBoundingClientRect();
    return [`${e.tagName}.${e.className}`, Math.round(r.x), Math.round(r.y)]; })"""


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["phone", "desktop"])
def test_the_first_paint_is_laid_out_as_the_page_after_its_scripts(
    context_factory: Any, page_list: list[str], base_url: str, viewport: dict[str, int]
) -> None:
    """A page may be painted before the scripts at the end of its body run (a fast load: the one
    Lighthouse observes). Each page is laid out twice: without those scripts (the first paint) and
    as it is; every element starts at the same place both times, or the page shifts (CLS)."""
    page = context_factory(viewport=viewport).new_page()
    moved = []
    for path in page_list:
        response = page.goto(base_url + path)
        assert response is not None
        html = response.text()
        first_paint = re.sub(r"<script data-source=[^>]*>.*?</script>", "", html, flags=re.DOTALL)
        assert first_paint != html or "search" in path, path
        after = page.evaluate(STARTS)
        page.route(
            base_url + path, lambda route, request, body=first_paint: route.fulfill(body=body, content_type="text/html")
        )
        page.goto(base_url + path)
        before = page.evaluate(STARTS)
        page.unroute(base_url + path)
        assert len(before) == len(after), path
        # an element a script replaced by another (a filter link by a button) is a new one, not a shift;
        # classes a script adds (furo's scroll spy) move nothing
        changed = [
            f"{b[0]} at {b[1]},{b[2]} -> {a[1]},{a[2]}"
            for b, a in zip(before, after, strict=True)
            if b[0].split(".")[0] == a[0].split(".")[0] and b[1:] != a[1:]
        ]
        if changed:
            moved.append(f"/{path}: {changed[:3]}")
    assert not moved, "\n".join(moved)


def test_the_copy_button_takes_no_room(context_factory: Any, base_url: str, page_list: list[str]) -> None:
    """Where BibTeX and a citation are open from the start (a paper's own page), showing the copy
    buttons moves nothing: the BibTeX and the citation are where they are without scripts."""
    paper = next((p for p in page_list if p.startswith("publications/") and p.count("/") == 2), None)
    if paper is None:
        pytest.skip("no paper has a page of its own")
    boxes = []
    for scripts in (False, True):
        page = context_factory(viewport=MOBILE, java_script_enabled=scripts).new_page()
        page.goto(base_url + paper)
        assert page.locator("details.labsite-bibtex[open]").count() == 1
        # one copy button per BibTeX and per formatted citation ("Cite this"), none without scripts
        blocks = page.locator("details.labsite-bibtex, details.labsite-citation").count()
        assert page.locator("button.labsite-copy:not([hidden])").count() == (blocks if scripts else 0)
        boxes.append(page.locator("details.labsite-bibtex pre").bounding_box())
        boxes.append(page.locator("details.labsite-citation[open] .labsite-citation-text").bounding_box())
    assert boxes[:2] == boxes[2:]
