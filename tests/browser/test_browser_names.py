"""What a screen reader announces: card links named by their project, copy buttons named by their
paper (and style, for a paper page's citations), and the result of copying said aloud (a live region)."""

from __future__ import annotations

from typing import Any

import pytest
from browsersite import DESKTOP
from labsite.data.dataset import SiteData
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_project_cards_are_announced_by_the_projects_name(context_factory: Any, base_url: str, data: SiteData) -> None:
    page = context_factory(viewport=DESKTOP).new_page()
    page.goto(base_url + "projects/")
    for project in data.projects.projects:
        link = page.get_by_role("link", name=project.name, exact=True)
        assert project.link in link.evaluate_all("links => links.map(a => a.href)"), project.name
    raw = [p.link for p in data.projects.projects]
    named_by_url = page.get_by_role("link").evaluate_all(
        "(links, raw) => links.filter(a => raw.includes(a.textContent.trim())).length", raw
    )
    assert named_by_url == 0


@pytest.fixture
def publications(context_factory: Any, base_url: str) -> Page:
    context = context_factory(viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "publications/")
    return page


def entry_titles(page: Page) -> list[str]:
    return page.locator(".labsite-publication .labsite-title").evaluate_all(
        "titles => titles.map(t => t.textContent.replace(/\\s+/g, ' ').trim())"
    )


def test_each_copy_button_names_its_paper(publications: Page) -> None:
    """Each button sits in its entry's BibTeX block: opened, as a reader would, it is in the tree."""
    publications.evaluate("() => document.querySelectorAll('details.labsite-bibtex').forEach(d => { d.open = true; })")
    titles = entry_titles(publications)
    assert titles and len(publications.locator("button.labsite-copy").all()) == len(titles)
    unnamed = [
        title
        for title in titles
        if publications.get_by_role("button", name=f"Copy BibTeX of {title}", exact=True).count() != 1
    ]
    assert unnamed == []


def test_copying_is_announced(publications: Page) -> None:
    title = entry_titles(publications)[0]
    entry = publications.locator(".labsite-publication").first
    entry.locator("summary").click()
    entry.get_by_role("button", name=f"Copy BibTeX of {title}", exact=True).click()
    status = publications.get_by_role("status")
    publications.wait_for_function(
        "() => document.getElementById('labsite-copy-status').textContent.startsWith('Copied')"
    )
    assert title in status.inner_text()
    assert publications.evaluate("navigator.clipboard.readText()") == entry.locator("pre").inner_text()


def test_a_failed_copy_is_announced(publications: Page) -> None:
    publications.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); }")
    entry = publications.locator(".labsite-publication").first
    entry.locator("summary").click()
    entry.locator("button.labsite-copy").click()
    publications.wait_for_function(
        "() => document.getElementById('labsite-copy-status').textContent.startsWith('Could not copy')"
    )


def test_a_citation_is_copied_as_plain_text_and_announced(context_factory: Any, base_url: str, data: SiteData) -> None:
    """A paper page's "Cite this": each style's button is named by style and paper; it copies the text."""
    from labsite.content.publications import paper_slug

    publication = data.publications[0]
    context = context_factory(viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + f"publications/{paper_slug(publication.key)}/")
    page.evaluate("() => document.querySelectorAll('details.labsite-citation').forEach(d => { d.open = true; })")
    for style in ("APA", "IEEE", "ACM"):
        name = f"Copy {style} citation of {publication.title}"
        page.get_by_role("button", name=name, exact=True).click()
        page.wait_for_function(
            "style => document.getElementById('labsite-copy-status').textContent.startsWith('Copied ' + style)",
            arg=style,
        )
        assert publication.title in page.get_by_role("status").inner_text()
        block = page.locator(f"details.labsite-citation[data-copy='{style}'] .labsite-citation-text")
        assert page.evaluate("navigator.clipboard.readText()") == block.inner_text().strip()
