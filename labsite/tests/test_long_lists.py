"""Long lists in pages, so that no page grows without bound (a large lab's talks and members):
labsite.sphinx.talkpages and labsite.sphinx.peoplepages. Every entry is on exactly one page, each page
links all others, and the feed points at the page that holds each talk."""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser
import pytest
import yaml
from labsite.data.kinds import talk_id
from labsite.data.model import Talk
from labsite.testing import Build, build

ROOT = Path(__file__).parent / "roots" / "test-directives"


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, list[dict]]:
    """The test site with 7 talks and a limit of 3 talks a page: pages 1, 2 and 3."""
    src = tmp_path_factory.mktemp("talkpages") / "site"
    shutil.copytree(ROOT, src)
    talks = [
        {"type": "talk", "venue": f"Venue {n}", "date": f"{n + 1:02d}/{2020 + n % 3}", "link": f"https://e.org/{n}"}
        for n in range(7)
    ]
    (src / "data" / "talks.yaml").write_text(yaml.safe_dump({"talks": talks}), encoding="utf-8")
    site = build(
        src,
        src / "_build" / "html",
        labsite_talks_page_limit=3,
        html_baseurl="https://lab.example.org/",
        labsite_talks_feed="feeds/talks.xml",
    )
    return site, talks


def anchors(site: Build, page: str) -> list[str]:
    return [span["id"] for span in site.main(page).find_all("span", id=lambda i: i and i.startswith("talk-"))]


def test_every_talk_is_on_one_page_newest_first_and_every_page_links_the_others(split: tuple[Build, list]) -> None:
    site, talks = split
    assert site.warnings == ""
    pages = ["talks", "talks/page/2", "talks/page/3"]
    shown = [anchors(site, page) for page in pages]
    assert [len(ids) for ids in shown] == [3, 3, 1]
    every = [i for ids in shown for i in ids]
    assert len(every) == len(set(every)) == len(talks)
    months = []
    for page in pages:
        for item in site.main(page).find_all("li"):
            text = " ".join(item.get_text(" ").split()).replace(" ,", ",")
            if "Venue" in text:
                venue = next(t for t in talks if f"{t['venue']}," in text)
                assert item.find("a", href=venue["link"]) is not None
                month, year = venue["date"].split("/")
                months.append((int(year), int(month)))
    assert months == sorted(months, reverse=True)
    for page in pages:
        pager = site.main(page).find("nav", class_="labsite-pager")
        assert pager is not None and pager.find(attrs={"aria-current": "page"}) is not None
        for href in (a["href"] for a in pager.find_all("a")):
            assert (site.outdir / page / href / "index.html").resolve().is_file(), (page, href)


def test_the_feed_points_each_talk_at_its_page(split: tuple[Build, list]) -> None:
    site, talks = split
    parsed = feedparser.parse((site.outdir / "feeds" / "talks.xml").read_bytes())
    assert not parsed.bozo and len(parsed.entries) == len(talks)
    page_of = {i: page for page in ["talks", "talks/page/2", "talks/page/3"] for i in anchors(site, page)}
    assert len(page_of) == len(talks)


def test_a_short_list_is_one_page(tmp_path: Path) -> None:
    src = tmp_path / "site"
    shutil.copytree(ROOT, src)
    site = build(src, src / "_build" / "html")
    assert site.main("talks").find("nav", class_="labsite-pager") is None
    assert not (site.outdir / "talks" / "page").exists()


def add_members(src: Path) -> dict:
    """Add 3 current and 3 former members to the site in `src`; its people.yaml as written."""
    people = yaml.safe_load((src / "data" / "people.yaml").read_text(encoding="utf-8"))
    for n, word in enumerate(["Alpha", "Beta", "Gamma"]):
        people["members"].append(
            {"id": f"current-{n}", "name": f"Current {word}", "role": "phd", "start": f"0{n + 1}/2023"}
        )
        people["members"].append(
            {
                "id": f"former-{n}",
                "name": f"Former {word}",
                "role": "master",
                "start": "01/2018",
                "end": f"0{n + 1}/2019",
            }
        )
    (src / "data" / "people.yaml").write_text(yaml.safe_dump(people), encoding="utf-8")
    return people


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, dict]:
    """The test site with 5 current and 4 former members and a limit of 2 a page."""
    src = tmp_path_factory.mktemp("peoplepages") / "site"
    shutil.copytree(ROOT, src)
    people = add_members(src)
    return build(src, src / "_build" / "html", labsite_people_page_limit=2), people


def member_ids(site: Build, page: str) -> list[str]:
    return [
        tag["id"].removeprefix("member-")
        for tag in site.main(page).find_all(id=lambda i: i and i.startswith("member-"))
    ]


@pytest.mark.parametrize("which, current", [("members", True), ("former", False)])
def test_every_member_is_on_one_page_of_their_list(lab: tuple[Build, dict], which: str, current: bool) -> None:
    site, people = lab
    assert site.warnings == ""
    wanted = {m["id"] for m in people["members"] if ("end" not in m) == current}
    pages = ["people"] + [f"people/{which}/page/{n}" for n in range(2, -(-len(wanted) // 2) + 1)]
    shown = [i for page in pages for i in member_ids(site, page) if i in wanted]
    assert sorted(shown) == sorted(wanted)
    assert len(member_ids(site, "people")) <= 4  # two of each list
    for page in pages[1:]:
        main = site.main(page)
        assert main.find("h1") is not None
        pager = main.find("nav", class_="labsite-pager")
        assert pager.find(attrs={"aria-current": "page"}) is not None
        for href in (a["href"] for a in pager.find_all("a")):
            assert (site.outdir / page / href / "index.html").resolve().is_file(), (page, href)
    assert not (site.outdir / "people" / which / "page" / str(len(pages) + 1)).exists()


def test_a_long_recent_list_shows_the_limit_and_links_the_talks_page(tmp_path: Path) -> None:
    from labsite.data.builddate import build_datetime
    from labsite.data.dataset import load_site_data

    src = tmp_path / "site"
    shutil.copytree(ROOT, src)
    today = build_datetime(load_site_data(src / "data"))  # the newest record's month: new talks keep it
    talks = [
        {"type": "talk", "venue": f"Venue {word}", "date": f"{today.month:02d}/{today.year}"}
        for word in ("Alpha", "Beta", "Gamma", "Delta")
    ]
    (src / "data" / "talks.yaml").write_text(yaml.safe_dump({"talks": talks}), encoding="utf-8")
    site = build(src, src / "_build" / "html", labsite_talks_page_limit=3)
    main = site.main("recent")
    assert len(main.find_all("li")) == 3
    more = main.find("p", class_="labsite-more-talks")
    assert more is not None and more.get_text().startswith("1 more talk from the last 6 months is on")
    assert (
        site.outdir / "recent" / more.find("a")["href"] / "index.html"
    ).resolve() == site.outdir / "talks" / "index.html"


def search_index(site: Build) -> dict:
    text = (site.outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def test_further_pages_of_long_lists_are_in_the_search_index(
    split: tuple[Build, list], lab: tuple[Build, dict]
) -> None:
    """A talk or a member shown only on page 2 or 3 is found by the site's search."""
    site, _talks = split
    index = search_index(site)
    titles = dict(zip(index["docnames"], index["titles"], strict=True))
    for page in ("talks/page/2", "talks/page/3"):
        assert titles[page] == site.main(page).find("h1").get_text(), page
    site, people = lab
    index = search_index(site)
    for page in ("people/members/page/2", "people/former/page/2"):
        number = index["docnames"].index(page)
        for member_id in member_ids(site, page):
            name = next(m["name"] for m in people["members"] if m["id"] == member_id)
            word = name.split()[-1].lower()  # Alpha, Beta, Gamma: their own words
            found = index["terms"].get(word, [])
            assert number in ([found] if isinstance(found, int) else found), (page, name)


def test_roles_find_members_on_further_pages_of_a_long_list(tmp_path: Path) -> None:
    """A member shown on a further page of a long list is where `{labsite:member}` links, as for the
    others: the domain knows every page a member is on (pages 2 on included)."""
    src = tmp_path / "site"
    shutil.copytree(ROOT, src)
    people = yaml.safe_load((src / "data" / "people.yaml").read_text(encoding="utf-8"))
    for n, word in enumerate(["Alpha", "Beta", "Gamma"]):
        people["members"].append({"id": f"extra-{n}", "name": f"Extra {word}", "role": "phd", "start": "01/2024"})
    (src / "data" / "people.yaml").write_text(yaml.safe_dump(people), encoding="utf-8")
    ids = [m["id"] for m in people["members"] if "end" not in m]
    roles = "\n".join(f"- {{labsite:member}}`M{n} <{member}>`" for n, member in enumerate(ids))
    (src / "links.md").write_text(f"---\norphan: true\n---\n# Links\n\n{roles}\n", encoding="utf-8")
    site = build(src, src / "_build" / "html", labsite_people_page_limit=2)
    assert site.warnings == ""
    links = site.main("links")
    for n, member in enumerate(ids):
        href = links.find("a", string=f"M{n}")["href"]
        page, _, anchor = href.partition("#")
        assert anchor == f"member-{member}"
        target = (site.outdir / "links" / page / "index.html").resolve()
        assert member in member_ids(site, target.parent.relative_to(site.outdir).as_posix())


def test_every_kind_with_a_feed_is_a_long_list_with_pages() -> None:
    """The table of record kinds drives the long lists: each kind naming a feed has one `LongList`, whose
    further pages go in the row's first `pages` folder."""
    from labsite.data.kinds import KINDS
    from labsite.sphinx.longlist import pagename
    from labsite.sphinx.news import NEWS
    from labsite.sphinx.talkpages import TALKS

    assert {k.name for k in KINDS if k.feed_setting} == {TALKS.kind, NEWS.kind}
    for spec in (TALKS, NEWS):
        assert pagename(spec, "doc", 1) == "doc"
        assert pagename(spec, "doc", 2) == f"doc/{spec.row.pages[0]}/2"


# --- one rendering: the further pages show the nodes of the list page --------------------------


@pytest.fixture(scope="module")
def whole_and_split(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build, list[dict], dict]:
    """The test site with talks of every kind (titles, co-presenters, links or not) and more members, built
    twice: every list on one page, and in pages of 3 talks and 2 members."""
    src = tmp_path_factory.mktemp("onerender") / "site"
    shutil.copytree(ROOT, src)
    types = ["talk", "tutorial", "panel", "keynote"]
    talks = []
    for n in range(7):
        talk = {"type": types[n % 4], "venue": f"Venue {n} & co", "date": f"{n + 1:02d}/{2020 + n % 3}"}
        if n % 2:
            talk |= {"title": f"Title <{n}>", "link": f"https://e.org/{n}"}
        if n % 3 == 0:
            talk["co_presenters"] = ["Ada Lovelace", "Alan Turing"][: 1 + n % 2]
        talks.append(talk)
    (src / "data" / "talks.yaml").write_text(yaml.safe_dump({"talks": talks}), encoding="utf-8")
    people = add_members(src)
    whole = build(src, src / "_build" / "whole")
    split = build(src, src / "_build" / "split", labsite_talks_page_limit=3, labsite_people_page_limit=2)
    return whole, split, talks, people


def _pages(site: Build, first: str, folder: str) -> list[str]:
    """The list page and its further pages (``<first>/<folder>/<n>``), as long as they exist."""
    pages, number = [first], 2
    while (site.outdir / first / folder / str(number) / "index.html").is_file():
        pages.append(f"{first}/{folder}/{number}")
        number += 1
    return pages


def _markup(site: Build, page: str, tag: Any) -> str:
    """``tag`` as HTML with its links made site-absolute and the builder's numbered ids (``id3``) and
    table-row stripes left out: what must not differ between two pages showing the same record."""
    tag = copy.copy(tag)
    for node in [tag, *tag.find_all(True)]:
        href = node.get("href")
        if href and not href.startswith(("http", "mailto:")):
            path, _, fragment = (href if href.startswith("#") else urljoin(f"/{page}/", href)).partition("#")
            node["href"] = path + (
                "#" + ("<numbered>" if re.fullmatch(r"id\d+", fragment) else fragment) if fragment else ""
            )
        if re.fullmatch(r"id\d+", node.get("id", "")):
            del node["id"]
        if node.name == "tr":
            node["class"] = [c for c in node.get("class", []) if c not in ("row-even", "row-odd")]
    return str(tag)


def _year_section(tag: Any) -> Any:
    """The year section a talk is in, without its talks (its heading, anchors and list's class)."""
    section = copy.copy(tag.find_parent("section"))
    for bullets in section.find_all("ul"):
        bullets.clear()
    return section


def test_further_pages_show_the_list_pages_markup(whole_and_split: tuple[Build, Build, list[dict], dict]) -> None:
    """One rendering: each talk, its year's heading, each member's card and each former member's row is the
    same markup on a further page of a long list as on a list page that shows the whole list."""
    whole, split, talks, people = whole_and_split
    assert whole.warnings == "" and split.warnings == ""
    further = _pages(split, "talks", "page")[1:]
    assert further, "the talk list has further pages"
    for talk in talks:
        anchor = "talk-" + talk_id(Talk.model_validate(talk))
        page = next(p for p in _pages(split, "talks", "page") if split.main(p).find(id=anchor))
        on_whole, on_split = whole.main("talks").find(id=anchor), split.main(page).find(id=anchor)
        assert _markup(split, page, on_split.find_parent("li")) == _markup(whole, "talks", on_whole.find_parent("li"))
        assert _markup(split, page, _year_section(on_split)) == _markup(whole, "talks", _year_section(on_whole))
    for which, current, parent in (("members", True, "div"), ("former", False, "tr")):
        pages = _pages(split, "people", f"{which}/page")
        assert len(pages) > 1, f"the {which} list has further pages"
        for member in (m for m in people["members"] if ("end" not in m) == current):
            anchor = f"member-{member['id']}"
            page = next(p for p in pages if split.main(p).find(id=anchor))
            on_whole, on_split = whole.main("people").find(id=anchor), split.main(page).find(id=anchor)
            if parent == "div":  # the card's grid column
                on_whole = on_whole.find_parent("div", class_="sd-col")
                on_split = on_split.find_parent("div", class_="sd-col")
            else:
                on_whole, on_split = on_whole.find_parent("tr"), on_split.find_parent("tr")
            assert _markup(split, page, on_split) == _markup(whole, "people", on_whole), (which, member["id"])
