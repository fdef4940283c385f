"""The ``labsite`` domain: records and where pages show them, cross-references, incremental and
parallel builds (``roots/test-formats``, MyST half)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from bs4 import BeautifulSoup
from labsite.content.jsonld import talk_name
from labsite.data.dataset import load_site_data, talk_id
from labsite.sphinx.domain import labsite_domain
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-formats"
MD_ONLY = {"nitpicky": True, "exclude_patterns": ["_build", "rst/*"], "labsite_publications_doc": "md/publications"}


def make(srcdir: Path, parallel: int = 0, **overrides) -> SphinxTestApp:
    """A strict dirhtml build of the MyST half of a copy of test-formats in ``srcdir``."""
    if not srcdir.exists():
        shutil.copytree(ROOT, srcdir)
    return SphinxTestApp(
        "dirhtml", srcdir=srcdir, confoverrides={**MD_ONLY, **overrides}, parallel=parallel, warningiserror=True
    )


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` -> the SHA-256 of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.mark.sphinx("dirhtml", testroot="formats", confoverrides=MD_ONLY)
def test_directives_note_each_record_where_it_is_shown(app: SphinxTestApp) -> None:
    app.build()
    domain = labsite_domain(app.env)
    site = domain.site
    for member in site.people.members:
        assert domain.where("member", member.id) == ("md/people", f"member-{member.id}")
    for talk in site.talks.talks:  # the full list, not the recent-talks list on the same page
        assert domain.where("talk", talk_id(talk)) == ("md/talks", f"talk-{talk_id(talk)}")
    for project in site.projects.projects:
        assert domain.where("project", project.id) == ("md/projects", f"project-{project.id}")
    assert {o[0] for o in domain.get_objects() if o[2] == "member"} == {m.id for m in site.people.members}


@pytest.mark.sphinx("dirhtml", testroot="formats", confoverrides=MD_ONLY)
def test_roles_link_to_the_page_and_anchor_showing_the_record(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((Path(app.outdir) / "md" / "links" / "index.html").read_text(), "html.parser")
    hrefs = {a.get_text(): a["href"] for a in page.find("article").find_all("a", class_="reference")}
    assert hrefs["The notes"] == "../publications/#pub-lovelace1843notes"
    assert hrefs["Babbage's papers"] == "../publications/author/charles-babbage/"
    assert hrefs["Mary"] == "../people/#member-mary-somerville"
    assert hrefs["The keynote"] == "../talks/#talk-2024-05-engine-conference-2024"
    assert hrefs["The engine"] == "../projects/#project-engine"
    assert hrefs["Machines"] == "../research/#area-machines"


def test_an_unknown_record_is_a_warning_naming_it(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    (src / "md" / "links.md").write_text("# Links\n\n{labsite:member}`Nobody <nobody>`\n")
    app = make(src, warningiserror=False)
    try:
        app.build()
    finally:
        app.cleanup()
    assert "labsite:member reference target not found: nobody" in app.warning.getvalue()


def test_removing_a_page_forgets_what_it_showed(tmp_path: Path) -> None:
    src = tmp_path / "src"
    app = make(src)
    try:
        app.build()
    finally:
        app.cleanup()
    assert labsite_domain(app.env).where("project", "engine") is not None
    (src / "md" / "projects.md").unlink()
    (src / "md" / "links.md").write_text("# Links\n")
    again = make(src)
    try:
        again.build()
    finally:
        again.cleanup()
    assert again.warning.getvalue() == ""
    assert labsite_domain(again.env).where("project", "engine") is None
    assert labsite_domain(again.env).where("talk", "2024-05-engine-conference-2024") is not None


def test_parallel_and_serial_builds_are_byte_identical(tmp_path: Path) -> None:
    trees = []
    for parallel in (0, 2):
        app = make(tmp_path / f"j{parallel}", parallel=parallel)
        try:
            app.build()
        finally:
            app.cleanup()
        assert app.warning.getvalue() == ""
        if parallel:
            assert labsite_domain(app.env).where("member", "charles-babbage") == ("md/people", "member-charles-babbage")
        trees.append(tree(Path(app.outdir)))
    serial, parallel_ = trees
    assert sorted(serial) == sorted(parallel_)
    assert [name for name in serial if serial[name] != parallel_[name]] == []


def test_roles_without_a_title_show_the_records_name(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    links = src / "md" / "links.md"
    site_words = "\n".join(
        [
            "",
            "- {labsite:paper}`lovelace1843notes`",
            "- {labsite:papers}`charles-babbage`",
            "- {labsite:member}`mary-somerville`",
            "- {labsite:project}`engine`",
            "- {labsite:area}`machines`",
        ]
    )
    links.write_text(links.read_text(encoding="utf-8") + site_words + "\n", encoding="utf-8")
    app = make(src)
    try:
        app.build()
        site = labsite_domain(app.env).site
    finally:
        app.cleanup()
    page = BeautifulSoup((Path(app.outdir) / "md" / "links" / "index.html").read_text(), "html.parser")
    shown = {a.get_text() for a in page.find("article").find_all("a", class_="reference")}
    paper = next(p for p in site.publications if p.key == "lovelace1843notes")
    babbage = next(m for m in site.people.members if m.id == "charles-babbage")
    expected = {
        paper.title,
        f"Papers with {babbage.name}",
        next(m.name for m in site.people.members if m.id == "mary-somerville"),
        next(p.name for p in site.projects.projects if p.id == "engine"),
        next(a.name for a in site.research.areas if a.id == "machines"),
    }
    assert expected <= shown
    assert not {"lovelace1843notes", "charles-babbage", "mary-somerville", "engine", "machines"} & shown


def test_a_second_page_listing_every_talk_does_not_take_their_links(tmp_path: Path) -> None:
    """Two pages show all talks: links (roles, the feed) go to the one first in the navigation."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    # "md/aaa-seminar" sorts before "md/talks" by name but comes after it in the toctree
    (src / "md" / "aaa-seminar.md").write_text("# Seminar\n\n```{talk-list}\n```\n", encoding="utf-8")
    (src / "index.rst").write_text(
        (src / "index.rst").read_text(encoding="utf-8").replace("   */*", "   md/talks\n   */*"), encoding="utf-8"
    )
    app = make(src)
    try:
        app.build()
        domain = labsite_domain(app.env)
        for talk in domain.site.talks.talks:
            assert domain.where("talk", talk_id(talk))[0] == "md/talks"
    finally:
        app.cleanup()
    page = BeautifulSoup((Path(app.outdir) / "md" / "links" / "index.html").read_text(), "html.parser")
    assert page.find("a", string="The keynote")["href"].startswith("../talks/#talk-")


def test_feed_and_json_ld_link_each_talk_where_its_role_does(tmp_path: Path) -> None:
    """One owner of where a talk is: on a site where the navigation order and the name order of the two
    pages listing every talk differ, the talk roles, the Atom feed entries and the Event JSON-LD all point
    at the same page and anchor."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    # "md/aaa-seminar" sorts before "md/talks" by name but comes after it in the toctree
    (src / "md" / "aaa-seminar.md").write_text("# Seminar\n\n```{talk-list}\n```\n", encoding="utf-8")
    (src / "index.rst").write_text(
        (src / "index.rst").read_text(encoding="utf-8").replace("   */*", "   md/talks\n   */*"), encoding="utf-8"
    )
    base = "https://lab.example.org/"
    talks = load_site_data(src / "data").talks.talks
    links = src / "md" / "links.md"
    roles = "\n".join(f"- {{labsite:talk}}`Talk {n} <{talk_id(t)}>`" for n, t in enumerate(talks))
    links.write_text(links.read_text(encoding="utf-8") + "\n" + roles + "\n", encoding="utf-8")
    app = make(src, html_baseurl=base)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    page = BeautifulSoup((out / "md" / "links" / "index.html").read_text(), "html.parser")
    role = {
        talk_id(t): urljoin(f"{base}md/links/", page.find("a", string=f"Talk {n}")["href"]) for n, t in enumerate(talks)
    }
    assert all("/md/talks/#talk-" in url for url in role.values())  # the page first in the navigation
    # the feed: a talk without its own link points at its entry on the site
    entries = feedparser.parse((out / "feeds" / "talks.xml").read_bytes()).entries
    feed = {t for t in talks if not t.link}
    assert feed
    by_title = {e.title: e.link for e in entries}
    for talk in feed:
        assert by_title[talk_name(talk)] == role[talk_id(talk)]
    # the Event JSON-LD: each talk once, its @id the role's target, on the page the role points at
    events: dict[str, tuple[str, str]] = {}
    for html in sorted(out.rglob("index.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        url = base + html.parent.relative_to(out).as_posix() + "/"
        for script in soup.find_all("script", type="application/ld+json"):
            for item in json.loads(script.string).get("@graph", []):
                if item.get("@type") == "Event":
                    assert item["@id"] not in events
                    events[item["@id"]] = (url, item["name"])
    assert sorted(events) == sorted(role.values())
    for anchor_url, (url, _name) in events.items():
        assert anchor_url.startswith(url + "#")


def test_the_lab_lead_listed_as_a_member_under_a_name_variant_keeps_paper_links_right(tmp_path: Path) -> None:
    """The people page and the publication pages count a member's papers with the same rule (the owner's
    name variants included): a lead listed under a variant gets no "Papers (N)" link to a page that is not
    there, and every such link leads to a page listing exactly N papers."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    data = src / "data"
    with (data / "profile.yaml").open("a", encoding="utf-8") as f:
        f.write("aliases:\n  - Augusta Ada King\n")
    with (data / "people.yaml").open("a", encoding="utf-8") as f:
        f.write('  - id: ada-king\n    name: Augusta Ada King\n    role: phd\n    start: "09/2020"\n')
    bib = data / "publications.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8")
        + "\n@article{king1844fragments,\n  title = {Fragments},\n"
        + "  author = {King, Augusta Ada and Babbage, Charles},\n  journal = {Memoirs},\n  year = {1844},\n}\n",
        encoding="utf-8",
    )
    site = load_site_data(data)
    app = make(src)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    people = BeautifulSoup((out / "md" / "people" / "index.html").read_text(), "html.parser")
    links = {a["href"]: a.get_text() for a in people.find_all("a") if a.get_text().startswith("Papers (")}
    assert links  # Babbage co-wrote papers with the owner
    assert not any("ada-king" in href for href in links)  # the owner's own papers are not "papers with" her
    for href, text in links.items():
        count = int(re.fullmatch(r"Papers \((\d+)\)", text)[1])
        target = (out / "md" / "people" / href.split("#")[0] / "index.html").resolve()
        listed = BeautifulSoup(target.read_text(), "html.parser").find_all(class_="labsite-publication")
        assert len(listed) == count
    babbage = [p for p in site.publications if any("Babbage" in a for a in p.authors)]
    assert f"Papers ({len(babbage)})" in links.values()
