"""The real site, built strictly: every page, every seed fact and every data entry is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from labsite.content.publications import paper_slug
from labsite.data import model
from labsite.data.dataset import SiteData, talk_id
from sitebuild import Build

PAGES = ["", "research", "publications", "projects", "people", "people/join", "talks", "teaching"]
SEED = Path(__file__).resolve().parents[2] / "shared" / "content" / "homepage.txt"
#: the homepage's section headings, and the page of this site that holds each section
SEED_SECTIONS = {
    "Current Projects": "projects",
    "Students and Postdocs": "people",
    "Current Members": "people",
    "Recent Talks": "talks",
}


def normalise(text: str) -> str:
    text = text.replace("–", "-").replace("—", "-").replace("’", "'")
    text = re.sub(r"\s*-\s*", " - ", text)
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    return " ".join(text.split()).rstrip(".:")


def site_text(site: Build) -> str:
    return normalise(" ".join(site.text(page) for page in PAGES))


def test_site_builds_with_no_warning(site: Build) -> None:
    assert site.warnings == ""


@pytest.mark.parametrize("page", PAGES)
def test_every_page_exists_with_a_title_and_a_description(site: Build, page: str) -> None:
    soup = site.soup(page)
    assert soup.find("h1") is not None
    description = soup.find("meta", attrs={"name": "description"})
    assert description is not None and len(description["content"]) > 40


def test_every_page_is_in_the_navigation(site: Build) -> None:
    nav = site.soup("").find(class_="sidebar-tree")
    targets = {a["href"].strip("/").removeprefix("./") for a in nav.find_all("a")}
    assert {p for p in PAGES if p} <= targets


def test_clean_urls_are_used(site: Build) -> None:
    assert (site.outdir / "people" / "index.html").is_file()
    assert not (site.outdir / "people.html").exists()


@pytest.mark.skipif(not SEED.is_file(), reason="the owner's seed text (shared/content) is not beside the repo")
def test_every_line_of_the_owners_homepage_is_on_the_site(site: Build) -> None:
    text = site_text(site)
    missing = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = raw.strip().lstrip("•").strip()
        if not line or line in SEED_SECTIONS:
            continue
        parts = line.split(": ", 1)
        sentences = [s for part in parts for s in re.split(r"(?<=[.!?])\s+", part)]
        missing += [s for s in sentences if normalise(s) not in text]
    assert missing == []


@pytest.mark.parametrize("heading, page", SEED_SECTIONS.items())
def test_every_section_of_the_owners_homepage_has_a_page(site: Build, heading: str, page: str) -> None:
    assert site.main(page).find("h1") is not None


def test_profile_shows_photo_email_and_links(site: Build, data: SiteData) -> None:
    main = site.main("")
    photo = main.find("img", class_="labsite-photo")
    assert photo is not None and photo["alt"] == data.profile.photo_alt
    hrefs = {a["href"] for a in main.find_all("a")}
    for item in data.profile.links:
        assert item.url in hrefs
    cv = main.find("a", string="CV")
    assert cv is not None and cv["href"].endswith(".pdf")
    assert (site.outdir / "index.html").parent.joinpath(cv["href"]).resolve().is_file()
    assert data.profile.email in site.text("")


def test_email_is_not_a_harvestable_mailto(site: Build) -> None:
    for page in PAGES:
        html = str(site.soup(page))
        assert "mailto:" not in html
        assert "haozhang@" not in html


def test_awards_show_with_years(site: Build, data: SiteData) -> None:
    items = [" ".join(li.get_text(" ").split()) for li in site.main("").find_all("li")]
    for award in data.profile.awards:
        assert any(str(award.year) in item and award.title in item for item in items), award.title


def test_career_timeline_lists_every_position(site: Build, data: SiteData) -> None:
    text = normalise(site.text(""))
    for p in data.experience.positions:
        assert normalise(f"{p.position}, {p.organization}, {p.start_year} - {p.end_year or 'Present'}") in text
        for role in p.roles:  # the titles held within a position (from the CV), with their dates
            assert normalise(role.title) in text


def test_recruiting_note_links_to_the_joining_page(site: Build) -> None:
    admonition = site.main("").find(class_="admonition")
    assert "recruiting" in admonition.get_text()
    assert admonition.find("a")["href"].rstrip("/").endswith("people/join")


def test_project_cards_link_where_the_data_says(site: Build, data: SiteData) -> None:
    main = site.main("projects")
    sections = {s["id"]: s for s in main.find_all("section")}
    for project in data.projects.projects:
        section = sections["active-projects" if project.active else "past-projects"]
        card = next(c for c in section.find_all(class_="sd-card") if project.name in c.get_text())
        assert card.find("a", class_="sd-stretched-link")["href"] == project.link
        assert project.description in " ".join(card.get_text(" ").split())


def test_research_areas_show_visible_projects_and_link_their_papers(site: Build, data: SiteData) -> None:
    main = site.main("research")
    for area in data.research.areas:
        section = main.find(id=f"area-{area.id}").find_parent("section")
        assert section.find("h3") is not None
        assert area.name in section.find("h3").get_text()
        for project in area.projects:
            assert (project.name in section.get_text()) != project.hidden
            if project.hidden:
                continue
            card = next(c for c in section.find_all(class_="sd-card") if project.name in c.get_text())
            hrefs = [a["href"] for a in card.find_all("a")]
            for key in project.papers:
                assert any(h.endswith(f"publications/#pub-{key}") for h in hrefs), key
            if project.link:
                assert project.link in hrefs


def test_current_members_are_grouped_by_role_with_start_dates(site: Build, data: SiteData) -> None:
    main = site.main("people")
    roles = {r.id: r for r in data.people.roles}
    for member in data.people.members:
        if not member.is_current:
            continue
        section = next(
            s for s in main.find_all("section") if s.find("h3") and roles[member.role].label in s.find("h3").get_text()
        )
        card = section.find(id=f"member-{member.id}").find_parent(class_="sd-card")
        assert member.name in card.get_text()
        assert f"Since {model.month_label(member.start)}" in card.get_text(" ")
        if member.url:
            assert card.find("a")["href"] == member.url


def test_alumni_are_members_with_an_end_date_or_marked_former(site: Build, data: SiteData) -> None:
    table = site.main("people").find("table")
    rows = {" ".join(tr.get_text(" ").split()) for tr in table.find_all("tr")}
    former = [m for m in data.people.members if not m.is_current]
    assert len(table.find_all("tr")) == len(former) + 1
    for member in former:
        dates = [model.month_label(member.start)] + ([model.month_label(member.end)] if member.end else [])
        assert any(member.name in r and all(d in r for d in dates) for r in rows), member.name


def test_every_members_papers_page_is_linked_from_the_people_page(site: Build, data: SiteData) -> None:
    """Current and former members alike: each page of a member's papers with the owner that the build
    writes is reached from their card or their row of the alumni table, never only through search."""
    people = site.main("people")
    written = sorted(p.parent.name for p in (site.outdir / "publications" / "author").glob("*/index.html"))
    assert written
    former = {m.id for m in data.people.members if not m.is_current}
    assert former & set(written)  # the case under test: former members with papers
    for member in written:
        place = people.find(id=f"member-{member}")
        assert place is not None, member
        holder = place.find_parent("tr") if member in former else place.find_parent(class_="sd-card")
        hrefs = [a["href"] for a in holder.find_all("a", href=True)]
        assert f"../publications/author/{member}/" in hrefs, (member, hrefs)


def test_talks_are_grouped_by_year_newest_first_with_type_venue_month_and_link(site: Build, data: SiteData) -> None:
    main = site.main("talks")
    years = [int(h.get_text().strip("¶")) for h in main.find_all("h2")]
    assert years == sorted({model.month_key(t.date)[0] for t in data.talks.talks}, reverse=True)
    for talk in data.talks.talks:
        item = main.find(id=f"talk-{talk_id(talk)}").find_parent("li")
        text = " ".join(item.get_text(" ").split())
        assert talk.venue in text
        # a badge marks the kinds that are not plain talks (tutorial, panel, keynote)
        badges = [b.get_text() for b in item.find_all(class_="sd-badge")]
        assert badges == ([] if talk.type == "talk" else [model.TALK_TYPE_LABELS[talk.type]])
        assert model.month_label(talk.date) in text
        assert (item.find("a", href=talk.link) is not None) == bool(talk.link)


def test_every_course_is_on_the_teaching_page(site: Build, data: SiteData) -> None:
    text = site.text("teaching")
    for course in data.teaching.courses:
        assert course.name in text and course.term in text
        if course.link:
            assert site.main("teaching").find("a", href=course.link) is not None


def test_every_publication_is_listed_newest_first_with_its_links(site: Build, data: SiteData) -> None:
    main = site.main("publications")
    entries = main.find_all(class_="labsite-publication")
    assert len(entries) == len(data.publications)
    shown_years = [int(e.find_previous("h2").get_text().strip("¶")) for e in entries]
    assert shown_years == sorted(shown_years, reverse=True)
    for publication in data.publications:
        entry = main.find(id=f"pub-{paper_slug(publication.key)}")
        assert publication.title in entry.get_text()
        hrefs = {a["href"] for a in entry.find_all("a")}
        for url in (publication.pdf, publication.code, publication.video, publication.project):
            if url:
                assert url in hrefs


def test_selected_papers_are_marked_where_they_are_the_exception(site: Build, data: SiteData) -> None:
    """A list marks its selected papers only when they are fewer than half of it: a badge on most
    entries tells nothing (the "Selected" view lists them); a paper's own page always says it."""
    lists = {"publications": data.publications}
    for topic in data.topics.topics:
        lists[f"publications/topic/{topic.id}"] = [p for p in data.publications if topic.label in p.topics]
    for page, papers in lists.items():
        main = site.main(page)
        marked = {
            e["id"].removeprefix("pub-")
            for e in main.find_all(class_="labsite-publication")
            if e.find(class_="sd-badge", string="Selected")
        }
        selected = {paper_slug(p.key) for p in papers if p.selected}
        assert marked == (selected if 2 * len(selected) < len(papers) else set()), page
    for paper in data.publications:
        page = site.main(f"publications/{paper_slug(paper.key)}")
        assert (page.find(class_="sd-badge", string="Selected") is not None) == paper.selected


def test_the_profile_card_does_not_repeat_the_name_the_home_page_is_headed_by(site: Build, data: SiteData) -> None:
    """A personal homepage's heading is the owner's name: the card under it starts with the title."""
    assert data.profile is not None
    heading = site.main("").find("h1").get_text().strip("¶ ")
    card = site.main("").find(class_="labsite-profile")
    if heading == data.profile.name:
        assert data.profile.name not in card.get_text()
        assert card.find("strong").get_text() == data.profile.title
    else:
        assert card.find("strong").get_text() == data.profile.name
