"""The owner's old site's addresses keep working: each leads to the matching page of this site."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from sitebuild import Build

#: the old site's clean URLs -> the page (and section) of this site that has their content
OLD_URLS = {
    "/": "/",
    "/bio/": "/#biography",
    "/publication/": "/publications/",
    "/teaching/": "/teaching/",
    "/prospective_student/": "/people/join/",
}


def refresh_target(site: Build, url: str) -> str | None:
    """Where the page at `url` redirects to (meta refresh), resolved against `url`; None if it is a page."""
    soup = site.soup(url.strip("/"))
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    if refresh is None:
        return None
    delay, _, target = refresh["content"].partition(";")
    assert delay.strip() == "0"
    target = target.strip().removeprefix("url=")
    visible = soup.find("a", href=target)
    assert visible is not None, "readers without JavaScript or refresh get a link"
    script = soup.find("script")
    assert script is not None and target in script.string
    return urljoin(url, target)


def resolve(site: Build, url: str) -> str:
    """Follow redirect pages from `url` until a real page; fail on a missing page or a loop."""
    seen = []
    while (target := refresh_target(site, urlsplit(url).path)) is not None:
        assert url not in seen, f"redirect loop: {seen}"
        seen.append(url)
        url = target
    return url


@pytest.mark.parametrize("old, new", OLD_URLS.items())
def test_old_url_leads_to_its_new_page(site: Build, old: str, new: str) -> None:
    final = resolve(site, old)
    assert final == new
    path, _, fragment = final.partition("#")
    soup = site.soup(path.strip("/"))
    assert soup.find("article", attrs={"role": "main"}) is not None
    if fragment:
        assert soup.find(id=fragment) is not None, f"{final}: no such section"


def test_redirect_pages_are_not_indexed_or_in_the_sitemap(site: Build) -> None:
    sitemap = (site.outdir / "sitemap.xml").read_text(encoding="utf-8")
    for old, new in OLD_URLS.items():
        if old == new:
            continue
        soup = site.soup(old.strip("/"))
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert f"{old}<" not in sitemap
