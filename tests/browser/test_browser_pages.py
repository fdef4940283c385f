"""Every page in a real browser: accessibility (axe-core), errors, third parties, no-JS, keyboard."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from browsersite import DESKTOP, SCHEMES, Visitor, main_text
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

#: pages whose content needs JavaScript by nature
NEEDS_JAVASCRIPT = {"search/"}


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']} - {len(nodes)} element(s)")
        for node in nodes[:3]:
            messages = [check["message"] for kind in ("any", "all", "none") for check in node[kind]]
            lines.append(f"    {', '.join(node['target'])}: {'; '.join(messages)[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_accessibility_violation(visitor: Visitor, page_list: list[str], scheme: str) -> None:
    """WCAG 2.1 A and AA (alt text, link names, contrast, ...), heading order, target size."""
    problems = []
    for path in page_list:
        violations = visitor.visit(path, scheme).violations
        if violations:
            problems.append(f"/{path} ({scheme} theme):\n{describe(violations)}")
    assert not problems, "\n".join(problems)


def test_no_console_error_and_no_failed_request(visitor: Visitor, page_list: list[str]) -> None:
    problems = []
    for path in page_list:
        for scheme in SCHEMES:
            visit = visitor.visit(path, scheme)
            problems += [f"/{path} ({scheme}): console: {error}" for error in visit.console_errors]
            problems += [f"/{path} ({scheme}): request: {failure}" for failure in visit.failed_requests]
    assert not problems, "\n".join(problems)


def test_no_request_goes_to_another_host(visitor: Visitor, page_list: list[str]) -> None:
    """No web fonts, CDNs or analytics: everything comes from the site itself."""
    problems = []
    for path in page_list:
        for scheme in SCHEMES:
            problems += [f"/{path} ({scheme}): {url}" for url in visitor.visit(path, scheme).foreign_requests]
    assert not problems, "\n".join(problems)


def words(text: str) -> Counter[str]:
    return Counter(text.split())


def test_every_page_shows_its_content_without_javascript(
    visitor: Visitor, page_list: list[str], context_factory: Any, base_url: str
) -> None:
    """With JavaScript off, the main content shows every word it shows with JavaScript on, except
    the labels of buttons that scripts add (search, which needs JavaScript, aside)."""
    page = context_factory(viewport=DESKTOP, java_script_enabled=False).new_page()
    problems, compared = [], 0
    for path in page_list:
        if path in NEEDS_JAVASCRIPT:
            continue
        page.goto(base_url + path)
        visit = visitor.visit(path, "light")
        content = words(visit.content_text)
        missing = content - words(main_text(page))
        if missing:
            problems.append(f"/{path} without JavaScript lacks: {' '.join(sorted(missing.elements()))[:300]}")
        compared += sum(content.values()) > 50
    assert not problems, "\n".join(problems)
    assert compared >= 5, "too few pages with real content were compared"


def focus_ring(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e);
        return {tag: e.tagName, text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 40),
                outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow}; }"""
    )


def test_keyboard_skip_link_and_visible_focus(context_factory: Any, base_url: str) -> None:
    page = context_factory(viewport=DESKTOP).new_page()
    page.goto(base_url)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text().strip() == "Skip to content", "the first Tab should reach the skip link"
    expect(skip).to_be_in_viewport()  # furo slides it into view when it has the focus
    page.keyboard.press("Enter")
    assert page.url.endswith("#furo-main-content")
    # Every control reached by Tab shows where the focus is.
    seen = []
    for _ in range(25):
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        if ring["tag"] == "BODY":
            break
        visible = not ring["outline"].startswith("none") and not ring["outline"].endswith(" 0px")
        assert visible or ring["shadow"] != "none", f"no visible focus on {ring}"
        seen.append(ring["text"])
    assert len(seen) >= 5, seen
