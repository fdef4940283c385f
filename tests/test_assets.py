"""Each page loads only the CSS and JavaScript it uses (labsite.sphinx.assets), everything it loads
exists, and what it needs before its first paint comes with the page."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import Build, build, inline_text_is_its_file


def pages(site: Build) -> list[str]:
    """Every page with content (redirect stubs have none), by its clean URL path."""
    found = [str(p.parent.relative_to(site.outdir)).replace(".", "", 1) for p in site.outdir.rglob("index.html")]
    return sorted(page for page in found if site.soup(page).find("article", attrs={"role": "main"}))


def resolve(site: Build, page: str, url: str) -> Path:
    return site.outdir / posixpath.normpath(url.lstrip("/") if url.startswith("/") else posixpath.join(page, url))


def assets(soup: BeautifulSoup) -> list[str]:
    """Local CSS and JS a page loads, without the ?v= cache-busting query."""
    urls = [tag["href"] for tag in soup.find_all("link", rel="stylesheet")]
    urls += [tag["src"] for tag in soup.find_all("script", src=True)]
    return [url.split("?", 1)[0] for url in urls if "://" not in url]


def inlined(soup: BeautifulSoup) -> list[str]:
    """Files a page carries inline (``<style data-source>``, ``<script data-source>``), as output paths."""
    return [tag["data-source"] for tag in soup.find_all(["style", "script"], attrs={"data-source": True})]


def names(soup: BeautifulSoup) -> set[str]:
    """File names of the CSS and JS a page loads, by link or inline."""
    return {posixpath.basename(url) for url in assets(soup) + inlined(soup)}


def has_class(soup: BeautifulSoup, prefix: str) -> bool:
    return bool(soup.find(class_=lambda classes: classes and any(c.startswith(prefix) for c in classes.split())))


def test_every_asset_a_page_loads_exists(site: Build) -> None:
    for page in pages(site):
        for url in assets(site.soup(page)):
            assert resolve(site, page, url).is_file(), (page, url)
        for source in inlined(site.soup(page)):
            assert (site.outdir / source).is_file(), (page, source)


def test_a_page_fetches_nothing_but_stylesheets_before_its_first_paint(site: Build) -> None:
    """Lighthouse's mobile simulation counts every request a page waits for before its largest paint:
    a content page links the theme's and labsite's stylesheets and no script file (the search page
    keeps its own), and carries its scripts inline, each the text of the file it names, in the order
    Sphinx and the theme add them."""
    search = names(site.soup("search"))
    for page in pages(site):
        if page in ("search", "genindex"):
            continue
        soup = site.soup(page)
        assert not soup.find("script", src=True), (page, soup.find("script", src=True))
        sheets = [posixpath.basename(url) for url in assets(soup)]
        assert not {"sphinx-design.min.css", "labsite-print.css"} & set(sheets), (page, sheets)
        scripts = soup.find_all("script", attrs={"data-source": True})
        order = [posixpath.basename(script["data-source"]) for script in scripts]
        assert order[:4] == ["documentation_options.js", "doctools.js", "sphinx_highlight.js", "furo.js"], page
        for script in scripts:
            assert inline_text_is_its_file(site.outdir, script["data-source"], script.string or ""), page
            for map_url in re.findall(r"sourceMappingURL=(\S+)", script.string or ""):  # the map beside the file
                assert resolve(site, page, map_url).is_file(), (page, map_url)
    assert {"furo.js", "searchtools.js", "language_data.js"} <= search


def test_the_print_rules_come_with_the_bundle(site: Build) -> None:
    css = (site.outdir / "_static" / "labsite-bundle.css").read_text(encoding="utf-8")
    printed = (site.outdir / "_static" / "labsite-print.css").read_text(encoding="utf-8").strip()
    assert "@media print {\n" + printed + "\n}" in css


def test_design_css_only_on_pages_with_design_components(site: Build) -> None:
    seen = set()
    for page in pages(site):
        uses = page not in ("search", "genindex") and has_class(site.main(page), "sd-")
        assert ("sphinx-design.min.css" in names(site.soup(page))) == uses, page
        seen.add(uses)
    assert True in seen  # the home page's profile card is a design grid


def test_tab_script_and_code_colours_only_where_used(site: Build) -> None:
    for page in pages(site):
        main = site.main(page) if page not in ("search", "genindex") else BeautifulSoup("", "html.parser")
        loaded = names(site.soup(page))
        assert ("design-tabs.js" in loaded) == bool(main.find(class_="sd-tab-set")), page
        assert ("pygments.css" in loaded) == bool(main.find(class_="highlight")), page


def test_scripts_every_page_needs_stay(site: Build) -> None:
    for page in pages(site):
        loaded = names(site.soup(page))
        # theme (toggle, mobile menu), keyboard navigation and "/" search, search-term highlighting
        assert {"furo.js", "doctools.js", "documentation_options.js", "sphinx_highlight.js"} <= loaded, page
    assert {"searchtools.js", "language_data.js"} <= names(site.soup("search"))


CONF = """
project = "Assets"
extensions = ["myst_parser", "sphinx_design", "labsite"]
html_theme = "furo"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
"""


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Build:
    src: Path = tmp_path_factory.mktemp("assets")
    (src / "conf.py").write_text(CONF)
    (src / "index.md").write_text("# Plain\n\nText only.\n\n```{toctree}\ntabs\ncode\n```\n")
    (src / "tabs.md").write_text(
        "# Tabs\n\n::::{tab-set}\n:::{tab-item} One\nA\n:::\n:::{tab-item} Two\nB\n:::\n::::\n"
    )
    (src / "code.md").write_text("# Code\n\n```python\nprint('hi')\n```\n")
    return build(src, src / "_build" / "html")


def test_pages_that_use_tabs_or_code_get_their_assets(mixed: Build) -> None:
    assert {"design-tabs.js", "sphinx-design.min.css"} <= names(mixed.soup("tabs"))
    assert "pygments.css" not in names(mixed.soup("tabs"))
    assert "pygments.css" in names(mixed.soup("code"))
    assert not {"design-tabs.js", "sphinx-design.min.css"} & names(mixed.soup("code"))
    assert not {"design-tabs.js", "sphinx-design.min.css", "pygments.css"} & names(mixed.soup(""))


def test_a_theme_that_loads_scripts_in_the_head_keeps_them_as_files(tmp_path: Path) -> None:
    """Sphinx's basic theme (and alabaster) writes the scripts in ``<head>``, where an inline copy of a
    deferred file would run before the page exists: there the files stay, deferred. The design rules
    are inline with any theme."""
    (tmp_path / "conf.py").write_text(CONF.replace('html_theme = "furo"', 'html_theme = "basic"'))
    (tmp_path / "index.md").write_text("# Cards\n\n::::{grid} 2\n:::{grid-item-card} One\nA\n:::\n::::\n")
    site = build(tmp_path, tmp_path / "_build" / "html")
    soup = site.soup("")
    scripts = soup.find_all("script", src=True)
    assert scripts and all(script.has_attr("defer") for script in scripts)
    assert {"doctools.js", "documentation_options.js"} <= {posixpath.basename(url) for url in assets(soup)}
    assert not soup.find("script", attrs={"data-source": True}) and "no-js" not in str(soup.head)
    assert soup.find("style", attrs={"data-source": "_static/sphinx-design.min.css"})


def test_every_page_with_scripts_drops_the_theme_s_no_js_class_before_its_first_paint(site: Build) -> None:
    """furo shows its theme toggle only without ``no-js`` and removes the class from a script at the end
    of the body; a page whose scripts run must drop it at the start of its head, or a loaded phone
    paints the header first and moves it when the toggle appears (the search page included, whose
    script files stay files)."""
    found = [p for p in site.outdir.rglob("*.html") if 'class="no-js"' in p.read_text(encoding="utf-8")]
    assert found
    for path in found:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if not soup.body or not soup.body.find("script"):
            continue
        first = soup.head.find("script")
        assert first is not None and 'classList.remove("no-js")' in first.get_text(), path.relative_to(site.outdir)
