"""Fixtures for the browser tests: the real site (built once), served on 127.0.0.1, in Chromium.

Chromium: Playwright drives Debian's Chromium (`apt-get install -y chromium`), not a browser of its
own. Without it these tests are skipped with that instruction in the summary (`-ra`), so the rest
of the suite still runs on a developer's machine; in CI (CI=true) they fail instead, because
`.ci/run` installs Chromium and a silent skip there would hide a broken setup.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from browsersite import (
    CHROMIUM_ARGS,
    INSTALL_HINT,
    Visitor,
    block_other_hosts,
    find_chromium,
    page_paths,
    sample_generated,
    serve,
)
from labsite.content.publications import paper_slug
from labsite.data.dataset import SiteData
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright
from sitebuild import Build


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        message = f"The browser tests need Chromium: {INSTALL_HINT}."
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message + " In CI, .ci/run installs it; it is missing, so the CI setup is broken.")
        pytest.skip(message)
    return path


# One Chromium per test module, not per session: a session-wide driver would outlive these tests
# while the rest of the suite runs, and a process forked meanwhile (sphinx-sitemap's
# multiprocessing manager, a parallel build's workers) would inherit the driver's pipe and keep
# it from exiting at the end. For the same reason the site is built before the driver starts.
@pytest.fixture(scope="module")
def playwright(site: Build) -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(chromium_path: str, playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def base_url(site: Build) -> Iterator[str]:
    with serve(site.outdir) as url:
        yield url


@pytest.fixture(scope="session")
def page_list(site: Build, data: SiteData) -> list[str]:
    """Every page of the built site (URL paths), except that of the pages generated per paper,
    author and topic, which share a template and differ only in their data, two stand for the rest."""
    paths = page_paths(site.outdir)
    assert "" in paths and "search/" in paths, paths
    groups = {
        "publications/": sorted(paper_slug(key) for key in data.publication_keys),
        "publications/author/": sorted(member.id for member in data.people.members),
        "publications/topic/": sorted(topic.id for topic in data.topics.topics),
    }
    return sample_generated(paths, groups)


@pytest.fixture(scope="module")
def visitor(browser: Browser, base_url: str) -> Iterator[Visitor]:
    visitor = Visitor(browser, base_url)
    yield visitor
    visitor.close()


@pytest.fixture
def context_factory(browser: Browser, base_url: str) -> Iterator[Any]:
    """New browser contexts (closed after the test), blocked from every host but the local one."""
    contexts: list[BrowserContext] = []

    def new_context(**options: Any) -> BrowserContext:
        context = browser.new_context(**options)
        block_other_hosts(context, base_url)
        contexts.append(context)
        return context

    yield new_context
    for context in contexts:
        context.close()
