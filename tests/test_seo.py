"""Being found and shared: sitemap, robots.txt, descriptions, canonical URLs, OpenGraph and Twitter tags,
JSON-LD (Person, Event), llms.txt and the 404 page, checked on the built site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from labsite.data import model
from labsite.data.dataset import SiteData, talk_id
from sitebuild import Build, build

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
#: pages Sphinx and its extensions make that are not content: no sitemap entry, no sharing tags
NOT_CONTENT = {"search", "genindex", "404"}


def base_url(site: Build) -> str:
    """The site's address, as the home page states it (html_baseurl)."""
    return site.soup("").find("link", rel="canonical")["href"]


def page_path(page: str) -> str:
    """'' -> 'index.html'; 'people/join' -> 'people/join/index.html'."""
    return f"{page}/index.html" if page else "index.html"


def output_file(site: Build, url: str) -> Path:
    """The file in the output that serves `url` (an address on the site)."""
    base = base_url(site)
    assert url.startswith(base), f"{url} is not on the site ({base})"
    path = urlsplit(url).path.removeprefix(urlsplit(base).path)
    target = site.outdir / path
    return target / "index.html" if not path or path.endswith("/") else target


def content_pages(site: Build) -> list[str]:
    """Every page in the output with main content, except search, the index and the 404 page.
    Redirect pages have no main content, so they are not counted."""
    pages = []
    for path in sorted(site.outdir.rglob("index.html")):
        page = path.parent.relative_to(site.outdir).as_posix()
        page = "" if page == "." else page
        if page in NOT_CONTENT or page.startswith("_"):
            continue
        if site.soup(page).find("article", attrs={"role": "main"}) is not None:
            pages.append(page)
    return pages


def json_ld(site: Build, page: str) -> list[dict]:
    scripts = site.soup(page).find_all("script", type="application/ld+json")
    items = []
    for script in scripts:
        data = json.loads(script.string)
        items += data.get("@graph", [data]) if isinstance(data, dict) else data
    return items


def meta_property(site: Build, page: str, name: str) -> str | None:
    tag = site.soup(page).find("meta", attrs={"property": name}) or site.soup(page).find("meta", attrs={"name": name})
    return tag["content"] if tag else None


# --- sitemap and robots ----------------------------------------------------------------------------


def test_sitemap_lists_every_content_page_and_only_those(site: Build) -> None:
    tree = ElementTree.parse(site.outdir / "sitemap.xml")
    locs = [url.findtext(f"{SITEMAP_NS}loc") for url in tree.getroot().iter(f"{SITEMAP_NS}url")]
    assert len(locs) == len(set(locs))
    expected = {base_url(site) + (f"{page}/" if page else "") for page in content_pages(site)}
    assert set(locs) == expected
    assert locs == sorted(locs), "the sitemap is sorted, so every build writes the same file"
    assert {"", "talks", "people/join"} <= set(content_pages(site))


def test_robots_txt_allows_crawlers_and_names_the_sitemap(site: Build) -> None:
    lines = (site.outdir / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /" not in lines
    sitemap = [line.removeprefix("Sitemap: ") for line in lines if line.startswith("Sitemap: ")]
    assert sitemap == [base_url(site) + "sitemap.xml"]
    assert output_file(site, sitemap[0]).is_file()


# --- every page: description, canonical, sharing ------------------------------------------------------


def test_every_content_page_has_description_canonical_opengraph_and_twitter_card(site: Build) -> None:
    pages = content_pages(site)
    assert len(pages) >= 8
    for page in pages:
        soup = site.soup(page)
        description = soup.find("meta", attrs={"name": "description"})
        assert description is not None and len(description["content"]) >= 20, page
        canonical = soup.find("link", rel="canonical")["href"]
        assert canonical == base_url(site) + (f"{page}/" if page else ""), page
        assert meta_property(site, page, "og:url") == canonical, page
        assert meta_property(site, page, "og:title"), page
        assert meta_property(site, page, "og:description") == description["content"], page
        assert meta_property(site, page, "og:image:alt"), page
        image = meta_property(site, page, "og:image")
        assert image and output_file(site, image).is_file(), (page, image)
        assert meta_property(site, page, "twitter:card") in {"summary", "summary_large_image"}, page


def test_every_content_page_links_a_favicon_the_site_serves(site: Build) -> None:
    for page in content_pages(site):
        icon = site.soup(page).find("link", rel="icon")
        assert icon is not None, page
        assert (site.outdir / page / icon["href"]).resolve().is_file(), (page, icon["href"])


def test_front_matter_description_is_the_meta_description(site: Build) -> None:
    talks = Path(__file__).resolve().parent.parent / "docs" / "talks.md"
    front = talks.read_text(encoding="utf-8").split("---")[1]
    description = next(line for line in front.splitlines() if line.startswith("description:"))
    assert meta_property(site, "talks", "description") == description.removeprefix("description:").strip()


def test_default_sharing_image_is_the_owners_photo(site: Build, data: SiteData) -> None:
    """The profile photo as served on the home page (a copy the site serves), also on pages without images."""
    assert data.profile is not None and data.profile.photo
    shown = site.main("").find("img", class_="labsite-photo")
    stem = Path(data.profile.photo).stem
    assert stem in shown["src"]
    for page in ("", "talks", "teaching"):
        image = meta_property(site, page, "og:image")
        assert Path(urlsplit(image).path).name.startswith(stem), (page, image)
        assert meta_property(site, page, "og:image:alt") == (data.profile.photo_alt or data.profile.name)


# --- structured data --------------------------------------------------------------------------------


def test_home_page_has_person_json_ld(site: Build, data: SiteData) -> None:
    profile = data.profile
    assert profile is not None
    people = [item for item in json_ld(site, "") if item.get("@type") == "Person"]
    assert len(people) == 1
    person = people[0]
    assert person["@context"] == "https://schema.org"
    assert person["name"] == profile.name
    assert person["jobTitle"] == profile.title
    assert person["url"] == base_url(site)
    assert output_file(site, person["image"]).is_file()
    affiliations = {org["name"] for org in person["affiliation"]}
    assert {a.name for a in profile.affiliations} <= affiliations
    assert profile.organization in affiliations
    assert {d.institution for d in profile.education} == {org["name"] for org in person["alumniOf"]}
    assert person["sameAs"] == [link.url for link in profile.links if link.profile]
    assert profile.lab is None or profile.lab.url not in person["sameAs"]


def test_person_json_ld_is_only_on_the_home_page(site: Build) -> None:
    for page in ("talks", "people"):
        assert not [item for item in json_ld(site, page) if item.get("@type") == "Person"]


def test_talks_page_has_an_event_for_every_talk(site: Build, data: SiteData) -> None:
    events = {item["@id"]: item for item in json_ld(site, "talks") if item.get("@type") == "Event"}
    assert len(events) == len(data.talks.talks) > 0
    anchors = {tag["id"] for tag in site.soup("talks").find_all(id=True)}
    for talk in data.talks.talks:
        event_id = f"{base_url(site)}talks/#talk-{talk_id(talk)}"
        event = events[event_id]
        assert f"talk-{talk_id(talk)}" in anchors
        year, month = model.month_key(talk.date)
        assert event["startDate"] == f"{year:04d}-{month:02d}"
        assert talk.venue in event["name"] or event["name"] == talk.title
        assert event["location"]["name"] == talk.venue
        assert event["url"] == (talk.link or event_id)
        assert event["performer"]["@id"] == f"{base_url(site)}#person"


def test_json_ld_cannot_be_closed_by_data(site: Build) -> None:
    for page in ("", "talks"):
        for script in site.soup(page).find_all("script", type="application/ld+json"):
            assert "<" not in script.string


# --- llms.txt -----------------------------------------------------------------------------------------


def test_llms_txt_summarises_the_owner_and_links_the_main_pages(site: Build, data: SiteData) -> None:
    assert data.profile is not None
    text = (site.outdir / "llms.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == f"# {data.profile.name}"
    summary = next(line for line in lines if line.startswith("> "))
    assert data.profile.title in summary
    assert "## Pages" in lines
    links = [line for line in lines if line.startswith("- [")]
    urls = [line.split("](", 1)[1].split(")", 1)[0] for line in links]
    site_urls = [url for url in urls if url.startswith(base_url(site))]
    for url in site_urls:
        assert output_file(site, url).is_file(), url
    nav = site.soup("").find(class_="sidebar-tree")
    for a in nav.find_all("a"):
        page = a["href"].strip("/").removeprefix("./").removesuffix("index.html").strip("/")
        assert base_url(site) + (f"{page}/" if page else "") in site_urls, page
    for link in data.profile.links:
        assert link.url in urls
    for award in data.profile.awards:
        assert award.title in text


# --- 404 page -----------------------------------------------------------------------------------------


def test_404_page_works_at_any_depth_and_offers_search_and_a_way_home(site: Build) -> None:
    prefix = urlsplit(base_url(site)).path
    for path in ("404/index.html", "404.html"):
        soup = site.soup(path)
        assert soup.find("h1").get_text(strip=True) == "Page not found"
        article = soup.find("article", attrs={"role": "main"})
        form = article.find("form", attrs={"role": "search"})
        assert form["action"] == prefix + "search/"
        assert form.find("input", attrs={"name": "q"}) is not None
        assert article.find("a", href=prefix) is not None
        # served at any depth: every local link and asset is absolute
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action")):
            for element in soup.find_all(tag):
                value = element.get(attr)
                if value and not value.startswith(("#", "http:", "https:", "mailto:", "data:")):
                    assert value.startswith("/"), (tag, value)
    assert (site.outdir / "search" / "index.html").is_file()


def test_404_page_is_not_shared_or_indexed(site: Build) -> None:
    assert meta_property(site, "404", "og:url") is None
    assert "404" not in (site.outdir / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", ["", "talks", "404"])
def test_every_page_links_the_talks_feed(site: Build, page: str) -> None:
    links = site.soup(page).find_all("link", rel="alternate", type="application/atom+xml")
    assert len([link for link in links if link["href"].endswith("talks.xml")]) == 1  # and the news feed
    for link in links:
        href = link["href"]
        folder = site.outdir / page
        target = site.outdir / href.lstrip("/") if href.startswith("/") else folder / href
        assert target.resolve().is_file(), href


# --- the extension on another site: incremental builds, a base URL with a path --------------------------


def test_incremental_build_keeps_every_page_in_the_sitemap(tmp_path: Path) -> None:
    """sphinx-sitemap alone lists only the pages a build rewrites; labsite completes the list."""
    src = tmp_path / "test-directives"
    shutil.copytree(Path(__file__).resolve().parent.parent / "labsite" / "tests" / "roots" / "test-directives", src)
    settings = {
        "extensions": ["labsite", "sphinx_sitemap", "sphinxext.opengraph"],
        "html_baseurl": "https://example.org/lab/",
        "sitemap_url_scheme": "{link}",
    }
    out = src / "_build" / "html"

    def sitemap() -> list[str]:
        tree = ElementTree.parse(out / "sitemap.xml")
        return [url.findtext(f"{SITEMAP_NS}loc") for url in tree.getroot()]

    first = build(src, out, **settings)
    assert first.warnings == ""
    full = sitemap()
    assert "https://example.org/lab/talks/" in full
    (src / "talks.md").write_text((src / "talks.md").read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    second = build(src, out, fresh=False, **settings)
    assert "1 source files that are out of date" in second.status
    assert sitemap() == full
    unchanged = build(src, out, fresh=False, **settings)
    assert "generated publication pages are up to date" in unchanged.status
    assert sitemap() == full
    assert "https://example.org/lab/publications/lovelace1843notes/" in full
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://example.org/lab/sitemap.xml" in robots
    person = next(item for item in json_ld(second, "") if item.get("@type") == "Person")
    assert (person["name"], person["url"]) == ("Ada Lovelace", "https://example.org/lab/")
    assert person["image"].startswith("https://example.org/lab/_images/")
