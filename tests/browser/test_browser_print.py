"""The printed page (print media): the article only, nothing fixed on top of it, whole entries."""

from __future__ import annotations

from typing import Any

import pytest
from browsersite import DESKTOP
from labsite.data.dataset import SiteData
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

#: what paper has no use for: furo's skip link (position: fixed), sidebars, header, toggles
CHROME = [".skip-to-content", ".sidebar-drawer", ".toc-drawer", ".mobile-header", ".theme-toggle-container"]


def display(page: Page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("els => els.map(e => getComputedStyle(e).display)")


@pytest.fixture
def printed(context_factory: Any) -> Page:
    page = context_factory(viewport=DESKTOP).new_page()
    page.emulate_media(media="print")
    return page


def test_nothing_but_the_article_is_printed(printed: Page, page_list: list[str], base_url: str) -> None:
    shown = []
    for path in page_list:
        printed.goto(base_url + path)
        for selector in CHROME:
            if any(value != "none" for value in display(printed, selector)):
                shown.append(f"/{path}: {selector}")
        fixed = printed.evaluate(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getClientRects().length"
            " && ['fixed', 'sticky'].includes(getComputedStyle(e).position)).map(e => e.tagName + '.' + e.className)"
        )
        if fixed:
            shown.append(f"/{path}: fixed or sticky on paper: {fixed}")
    assert not shown, "\n".join(shown)


def test_the_skip_link_is_kept_on_screen(context_factory: Any, base_url: str) -> None:
    """The print stylesheet is for paper only: on screen the skip link is still there for keyboards."""
    page = context_factory(viewport=DESKTOP).new_page()
    page.goto(base_url + "publications/")
    assert "none" not in display(page, ".skip-to-content")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-to-content')")


def test_the_publication_list_prints_whole_entries_with_bibtex_closed(printed: Page, base_url: str) -> None:
    printed.goto(base_url + "publications/")
    printed.evaluate("() => document.querySelectorAll('details.labsite-bibtex').forEach(d => { d.open = true; })")
    entries = printed.locator(".labsite-publication")
    assert entries.count() > 0
    breaks = entries.evaluate_all("els => els.map(e => getComputedStyle(e).breakInside)")
    assert set(breaks) == {"avoid"}
    bibtex_shown = printed.locator(".labsite-publication pre").evaluate_all(
        "els => els.filter(e => e.getClientRects().length).length"
    )
    assert bibtex_shown == 0, "BibTeX opened on screen is printed"
    assert set(display(printed, ".labsite-copy, nav.labsite-pub-views")) <= {"none"}


def test_links_print_their_address(printed: Page, base_url: str) -> None:
    printed.goto(base_url + "publications/")
    link = printed.locator(".labsite-publication a.labsite-pub-link[href^='http']").first
    href = link.get_attribute("href")
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert href in after
    printed.goto(base_url + "projects/")
    stretched = printed.locator("a.sd-stretched-link").first
    if stretched.count():
        assert stretched.evaluate("a => getComputedStyle(a, '::after').content") in {"none", "normal", '""'}


def test_the_printed_cv_starts_with_the_owners_name_and_contact_line(
    printed: Page, context_factory: Any, base_url: str, data: SiteData
) -> None:
    """On paper the site's header is not printed: the CV page starts with its person, as cv.pdf does
    (the name, then title and contact line), not with "CV" and links to files; the screen is unchanged."""
    assert data.profile is not None and data.profile.email
    printed.goto(base_url + "cv/")
    lines = [line.strip() for line in printed.locator("article").inner_text().splitlines() if line.strip()]
    assert lines[0] == data.profile.name
    assert data.profile.title in lines[1:4]
    contact = next(line for line in lines[:8] if data.profile.email in line)
    assert contact.startswith("Email:")
    assert not [line for line in lines if "CV (PDF)" in line]  # the files' links lead nowhere on paper
    screen = context_factory(viewport=DESKTOP).new_page()
    screen.goto(base_url + "cv/")
    assert screen.locator("article h1").first.inner_text().startswith("CV")
    assert display(screen, ".labsite-cv-header") == ["none"]
