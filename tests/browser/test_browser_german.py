"""A German lab's site in the browser: the copy buttons labsite-publications.js makes, and what they say
and announce, are in the site's language (the words were the script's own English: "Copy", "Copied")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browsersite import CHROMIUM_ARGS, serve
from labsite.locale import LOCALE_DIR, compile_catalog
from labsite.quickstart import main
from labsite.testing import build
from playwright.sync_api import sync_playwright

GERMAN = compile_catalog(LOCALE_DIR / "de" / "LC_MESSAGES" / "labsite.po")


@pytest.fixture(scope="module")
def german_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The German quickstart site, built once and served: its base URL and its paper's page."""
    lab = tmp_path_factory.mktemp("german") / "lab"
    assert main([str(lab), "--language", "de"]) == 0
    result = build(lab / "docs", lab / "_build" / "html", confdir=lab)
    assert result.warnings == ""
    (paper,) = (p.parent.relative_to(result.outdir).as_posix() for p in result.outdir.glob("publications/*/*.ris"))
    with serve(result.outdir) as url:
        yield url, paper + "/"


@pytest.mark.parametrize("on", ["list", "paper"])
def test_the_copy_buttons_speak_the_sites_language(chromium_path: str, german_site: tuple[str, str], on: str) -> None:
    """On the list (buttons the script makes) and on a paper's page (inlined script, which runs before the
    rest of the page is parsed): the button, its accessible name and what it says once it copied."""
    copy, copied = GERMAN.gettext("Copy"), GERMAN.gettext("Copied")
    assert copy != "Copy" and copied != "Copied"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
            page = context.new_page()
            base, paper = german_site
            page.goto(base + ("publications/" if on == "list" else paper))
            button = page.locator("details.labsite-bibtex button.labsite-copy").first
            page.eval_on_selector("details.labsite-bibtex", "details => { details.open = true; }")
            assert button.inner_text() == copy
            assert (button.get_attribute("aria-label") or "").startswith(copy + ": BibTeX")
            button.click()
            page.wait_for_function(
                "copy => document.querySelector('details.labsite-bibtex button.labsite-copy').textContent !== copy",
                arg=copy,
            )
            assert button.inner_text() == copied
            status = page.locator("#labsite-copy-status")
            page.wait_for_function("() => document.getElementById('labsite-copy-status').textContent !== ''")
            assert "BibTeX" in status.inner_text() and "Copied" not in status.inner_text()
        finally:
            browser.close()


def test_the_lists_filter_buttons_are_named_in_the_sites_language(
    chromium_path: str, german_site: tuple[str, str]
) -> None:
    """The views of the list become buttons that filter it in place, and their group was renamed
    "Filter publications" in English."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(german_site[0] + "publications/")
            nav = page.locator("nav:has(button[data-view])")
            assert nav.count() == 1
            assert nav.get_attribute("aria-label") == GERMAN.gettext("Filter publications") != "Filter publications"
        finally:
            browser.close()
