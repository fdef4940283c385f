"""What visitors meet beyond what Lighthouse and axe check: icons for every browser, feed ids that do not
change when the site moves, a 404 page kept out of search engines, accessible names, and facts shown
as their sources give them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
from labsite.content.render import member_dates
from labsite.data import model
from labsite.data.dataset import SiteData, talk_id
from PIL import Image
from sitebuild import Build, build_real_site
from test_seo import content_pages

SHARED = Path(__file__).resolve().parents[2] / "shared" / "content"
FACTS = SHARED / "facts.md"
OWNER = SHARED / "owner-site"


# --- icons --------------------------------------------------------------------------------------------


def linked(site: Build, page: str, rel: str) -> list[Path]:
    """The files that a page's `<link rel=...>` tags point to (absolute or relative addresses)."""
    files = []
    for tag in site.soup(page).find_all("link", rel=rel):
        href = tag["href"]
        folder = site.outdir / page if not page.endswith(".html") else site.outdir
        files.append((site.outdir / href.lstrip("/")) if href.startswith("/") else (folder / href).resolve())
    return files


def test_favicon_ico_and_apple_touch_icon_are_at_the_root(site: Build) -> None:
    """Where browsers and iOS look without a link: /favicon.ico, /apple-touch-icon.png."""
    with Image.open(site.outdir / "favicon.ico") as ico:
        assert ico.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48)} <= set(ico.info["sizes"])
    with Image.open(site.outdir / "apple-touch-icon.png") as touch:
        assert touch.format == "PNG" and touch.size == (180, 180)
        assert touch.mode == "RGB", "iOS shows transparency as black: the touch icon is opaque"
    with Image.open(site.outdir / "favicon-32x32.png") as png:
        assert png.size == (32, 32)


@pytest.mark.parametrize("rel", ["icon", "apple-touch-icon"])
def test_every_page_links_the_icons_it_serves(site: Build, rel: str) -> None:
    for page in [*content_pages(site), "404", "404.html"]:
        files = linked(site, page, rel)
        assert files, (page, rel)
        assert all(file.is_file() for file in files), (page, files)
    icons = {file.name for file in linked(site, "", "icon")}
    assert {"favicon.ico", "favicon-32x32.png"} <= icons


def test_the_icons_come_from_the_configured_source(site: Build) -> None:
    import conf  # the site's settings (the tests run with the repo root on sys.path)

    with Image.open(Path(conf.__file__).parent / conf.labsite_icon) as source:
        corner = source.convert("RGB").resize((180, 180)).getpixel((90, 90))
    with Image.open(site.outdir / "apple-touch-icon.png") as touch:
        assert max(abs(a - b) for a, b in zip(touch.getpixel((90, 90)), corner, strict=True)) < 24


# --- the talks feed on two hosts ----------------------------------------------------------------------

OTHER_HOST = "https://lab.example.org/en/latest/"


@pytest.fixture(scope="module")
def other_host_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The same site built for another address (as Read the Docs or a custom domain would)."""
    return build_real_site(
        tmp_path_factory.mktemp("other-host") / "html", html_baseurl=OTHER_HOST, ogp_site_url=OTHER_HOST
    )


def feed(site: Build) -> feedparser.FeedParserDict:
    href = site.soup("").find("link", rel="alternate", type="application/atom+xml")["href"]
    parsed = feedparser.parse((site.outdir / href).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_feed_ids_do_not_depend_on_the_sites_address(site: Build, other_host_site: Build, data: SiteData) -> None:
    here, there = feed(site), feed(other_host_site)
    assert there.feed.links[0].href.startswith(OTHER_HOST), "the build did use the other address"
    assert here.feed.id == there.feed.id
    assert [e.id for e in here.entries] == [e.id for e in there.entries]
    assert len({e.id for e in here.entries}) == len(data.talks.talks)
    for entry in here.entries:
        assert "haozhang.ai" not in entry.id and "://" not in entry.id, entry.id


# --- the 404 page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["404", "404.html"])
def test_the_404_page_is_noindex_with_no_canonical(site: Build, page: str) -> None:
    soup = site.soup(page)
    assert soup.find("link", rel="canonical") is None
    robots = soup.find("meta", attrs={"name": "robots"})
    assert robots is not None and "noindex" in robots["content"]


def test_content_pages_keep_their_canonical_link(site: Build) -> None:
    for page in content_pages(site):
        assert site.soup(page).find("link", rel="canonical") is not None, page
        assert site.soup(page).find("meta", attrs={"name": "robots"}) is None, page


# --- accessible names ---------------------------------------------------------------------------------


def test_project_cards_are_named_by_the_project(site: Build, data: SiteData) -> None:
    main = site.main("projects")
    for project in data.projects.projects:
        card = main.find(id=f"project-{project.id}").find_next(class_="sd-card")
        link = card.find("a", class_="sd-stretched-link")
        assert link["href"] == project.link
        assert " ".join(link.get_text(" ").split()) == project.name


# --- facts and wording --------------------------------------------------------------------------------


def test_paper_counts_are_in_good_english(site: Build) -> None:
    """'1 paper', never '1 papers', on every list page (member and topic pages included)."""
    wrong = []
    for file in sorted(site.outdir.rglob("index.html")):
        text = " ".join(file.read_text(encoding="utf-8").split())
        wrong += [str(file.relative_to(site.outdir))] if re.search(r"\b1 papers\b", text) else []
    assert wrong == []


def test_former_members_show_months_as_current_members_do(site: Build, data: SiteData) -> None:
    table = site.main("people").find("table", class_="labsite-alumni")
    rows = {" ".join(tr.get_text(" ").split()) for tr in table.find_all("tr")}
    former = [m for m in data.people.members if not m.is_current]
    assert len(rows) == len(former) + 1
    for member in former:
        shown = member_dates(member)
        assert model.month_label(member.start) in shown
        if member.end:
            assert model.month_label(member.end) in shown
        assert any(member.name in row and shown in row for row in rows), member.name


def owner_former_members() -> list[dict]:
    return json.loads((OWNER / "student_disappear.json").read_text(encoding="utf-8"))


@pytest.mark.skipif(not OWNER.is_dir(), reason="the owner's data (shared/content) is not beside the repo")
def test_the_owners_former_members_file_lists_former_members(site: Build, data: SiteData) -> None:
    """facts.md §6: student_disappear.json is the former members, even where its `end` says "present"."""
    by_name = {member.name: member for member in data.people.members}
    alumni = site.main("people").find("table", class_="labsite-alumni").get_text(" ")
    for record in owner_former_members():
        member = by_name[record["name"]]
        assert not member.is_current, member.name
        assert member.name in alumni
        assert member.end == (None if record["end"] == "present" else record["end"]), member.name


def test_a_former_member_may_have_no_end_date() -> None:
    member = model.Member(id="a-b", name="A B", role="phd", start="08/2023", former=True)
    assert not member.is_current and member.end is None
    assert member_dates(member) == "From August 2023"
    assert model.Member(id="a-b", name="A B", role="phd", start="08/2023").is_current


@pytest.mark.skipif(not FACTS.is_file(), reason="facts.md (shared/content) is not beside the repo")
def test_the_thesis_title_is_written_as_its_source_writes_it(site: Build) -> None:
    """facts.md §1 gives the thesis title as the CMU page has it (no serial comma, §8.9)."""
    title = re.search(r'The thesis is "([^"]+)"', FACTS.read_text(encoding="utf-8")).group(1)
    other = (
        re.sub(r"(\w), (\w+) and ", r"\1, \2, and ", title) if ", and " not in title else title.replace(", and", " and")
    )
    assert other != title
    pages = ["", "publications"] + [p for p in content_pages(site) if p.startswith("publications/")]
    texts = [" ".join(site.text(page).split()) for page in pages]
    assert any(title in text for text in texts)
    assert not [page for page, text in zip(pages, texts, strict=True) if other in text]


def arxiv_ids(urls: list[str]) -> set[str]:
    return {m.group(1) for url in urls if (m := re.search(r"(\d{4}\.\d{4,5})", url))}


@pytest.mark.skipif(not OWNER.is_dir(), reason="the owner's data (shared/content) is not beside the repo")
def test_every_paper_link_of_the_owners_research_areas_is_on_the_site(site: Build, data: SiteData) -> None:
    """current_projects.json links each area's papers; the research page's paper links lead to an
    entry of the list that has the same paper (by arXiv id) among its links."""
    owner = json.loads((OWNER / "current_projects.json").read_text(encoding="utf-8"))
    projects = {p.name: p for area in data.research.areas for p in area.projects}
    publications = site.main("publications")
    lost = []
    for area in owner:
        for record in area["projects"]:
            project = projects.get(record["name"])
            if project is None or project.hidden:
                continue
            wanted = arxiv_ids([paper["paper_url"] for paper in record["papers"]])
            shown = set()
            for key in project.papers:
                entry = publications.find(id=f"pub-{key}")
                shown |= arxiv_ids([a["href"] for a in entry.find_all("a", href=True)]) if entry else set()
            lost += [f"{record['name']}: arXiv {i}" for i in sorted(wanted - shown)]
    assert lost == []


def facts_talks() -> list[tuple[str, str, str]]:
    """(MM/YYYY, type, event) of the talk table of facts.md §5."""
    section = FACTS.read_text(encoding="utf-8").split("## 5.")[1].split("\n## ")[0]
    rows = re.findall(r"^\| (\d\d/\d{4})[^|]* \| (\w+) \| ([^|]+) \|", section, flags=re.MULTILINE)
    return [(date, kind.lower(), event.strip()) for date, kind, event in rows]


@pytest.mark.skipif(not FACTS.is_file(), reason="facts.md (shared/content) is not beside the repo")
def test_every_talk_of_the_facts_is_on_the_talks_page(site: Build, data: SiteData) -> None:
    talks = data.talks.talks
    missing = []
    for date, kind, event in facts_talks():
        words = set(re.findall(r"\w+", event.lower())) - {"talk", "the", "of", "and", "on", "in", "at"}
        same_month = [t for t in talks if t.date == date and t.type == kind]
        if not any(words & set(re.findall(r"\w+", t.venue.lower())) for t in same_month):
            missing.append(f"{date} {kind} {event}")
    assert missing == []
    main = site.main("talks")
    for talk in talks:
        assert main.find(id=f"talk-{talk_id(talk)}") is not None


# --- the first paint on a phone (benchmarks/lighthouse.py measures it) --------------------------------


def test_no_script_holds_up_the_first_paint(site: Build) -> None:
    """Every script file is deferred (the search page keeps the theme's search scripts as they are)."""
    for page in content_pages(site):
        for script in site.soup(page).find_all("script", src=True):
            assert script.has_attr("defer") or script.has_attr("async"), (page, script["src"])


def test_labsite_adds_one_render_blocking_stylesheet(site: Build) -> None:
    for page in content_pages(site):
        sheets = [
            link["href"].split("?")[0].rsplit("/", 1)[-1]
            for link in site.soup(page).find_all("link", rel="stylesheet")
            if link.get("media", "all") in {"all", "screen"}
        ]
        assert [name for name in sheets if name.startswith("labsite")] == ["labsite-bundle.css"], (page, sheets)
