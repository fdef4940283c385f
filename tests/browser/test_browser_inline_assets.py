"""What a page carries inline for its first paint (labsite.sphinx.assets) works as the files did: the
design rules it keeps style every element as sphinx-design's whole stylesheet does, and its inline
scripts (Sphinx's, the theme's, labsite's) all run."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browsersite import DESKTOP, MOBILE
from sitebuild import Build

pytestmark = pytest.mark.browser

DESIGN_STYLE = "style[data-source$='sphinx-design.min.css']"
#: every computed style property (pseudo-elements too) of the article's design components and all inside them
COMPUTED = """() => [
  ...document.querySelectorAll('article [class*="sd-"], article [class*="sd-"] *')
].map((element, index) => {
  const described = [];
  for (const pseudo of [null, '::before', '::after']) {
    const style = getComputedStyle(element, pseudo);
    for (const name of style) described.push(`${pseudo || ''}${name}: ${style.getPropertyValue(name)}`);
  }
  return [`${index} ${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`, described.join('; ')];
})"""


def differences(before: list[list[str]], after: list[list[str]]) -> list[str]:
    found = []
    for (element, styles), (_, whole) in zip(before, after, strict=True):
        if styles != whole:
            changed = sorted(set(whole.split("; ")) - set(styles.split("; ")))
            found.append(f"{element}: {changed[:3]}")
    return found


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_the_kept_design_rules_style_the_page_as_the_whole_stylesheet(
    context_factory: Any, page_list: list[str], base_url: str, site: Build, viewport: dict[str, int]
) -> None:
    """Each page that uses sphinx-design components is rendered twice: as built, and with its
    ``<style>`` holding sphinx-design's whole stylesheet instead; every element of the article has the
    same computed style both times (grids, cards and badges at this screen's width)."""
    whole = (site.outdir / "_static" / "sphinx-design.min.css").read_text(encoding="utf-8")
    page = context_factory(viewport=viewport).new_page()
    checked, changed = [], []
    for path in page_list:
        page.goto(base_url + path)
        if page.locator(DESIGN_STYLE).count() == 0:
            continue
        assert page.locator(DESIGN_STYLE).count() == 1, path
        kept = page.locator(DESIGN_STYLE).text_content() or ""
        assert len(kept) < len(whole) / 4, (path, len(kept))  # the point: a page carries what it uses
        before = page.evaluate(COMPUTED)
        page.evaluate(f"css => {{ document.querySelector({DESIGN_STYLE!r}).textContent = css; }}", whole)
        after = page.evaluate(COMPUTED)
        changed += [f"/{path} {line}" for line in differences(before, after)]
        checked.append(path)
    assert {"", "people/", "publications/"} <= set(checked), checked
    assert not changed, "\n".join(changed[:20])


def test_the_inline_scripts_run(context_factory: Any, base_url: str) -> None:
    """furo's (the theme toggle, ``no-js`` gone), Sphinx's (search terms from a result link are
    highlighted) and labsite's (a copy button per BibTeX entry)."""
    page = context_factory(viewport=DESKTOP).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + "publications/")
    title = page.locator(".labsite-pub-title-link").first.text_content() or ""
    word = max(re.findall(r"[A-Za-z]{4,}", title), key=len)  # a word of the newest paper's title
    page.goto(base_url + f"publications/?highlight={word}")
    assert "no-js" not in (page.locator("html").get_attribute("class") or "")
    page.wait_for_selector("span.highlighted")
    assert (page.locator("span.highlighted").first.text_content() or "").lower() == word.lower()
    assert page.locator("button.labsite-copy").count() == page.locator("details.labsite-bibtex").count() > 0
    theme = page.evaluate("document.body.dataset.theme")
    page.locator(".theme-toggle:visible").first.click()
    assert page.evaluate("document.body.dataset.theme") != theme
    assert not errors, errors


def test_the_publication_list_fetches_no_script_file(context_factory: Any, base_url: str) -> None:
    """Before and after the first paint the publication list requests its stylesheets, images and icons,
    and no script file."""
    page = context_factory(viewport=MOBILE).new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + "publications/", wait_until="load")
    scripts = [url for url in requested if url.split("?")[0].endswith(".js")]
    assert not scripts, scripts
    assert any(url.split("?")[0].endswith("labsite-bundle.css") for url in requested), requested
