"""Publications as visitors, scholars and search engines see them: the list, views, per-paper pages
with Google Scholar meta tags and JSON-LD, the BibTeX download, the chart, splitting long lists."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from labsite.content.publications import LINK_LABELS, AuthorLinks, paper_slug, sort_publications
from labsite.content.scholar import SCHEMA_TYPES, VENUE_TAGS
from labsite.data import model
from labsite.data.bibtex import load_bibtex
from labsite.data.dataset import SiteData, load_site_data
from labsite.data.names import NameMatcher
from sitebuild import Build, build

ROOT = Path(__file__).resolve().parent.parent / "labsite" / "tests" / "roots" / "test-publications"


def entries(soup: BeautifulSoup) -> list:
    return soup.find_all(class_="labsite-publication")


def keys_of(soup: BeautifulSoup) -> list[str]:
    return [e["id"].removeprefix("pub-") for e in entries(soup)]


def resolve(page: str, href: str) -> tuple[str, str]:
    """A relative href on the clean-URL page `page` -> (page path, anchor)."""
    url = urljoin(f"https://site.test/{page}/" if page else "https://site.test/", href)
    path, _, anchor = url.removeprefix("https://site.test/").partition("#")
    return path.strip("/"), anchor


def owner_matcher(data: SiteData) -> NameMatcher:
    assert data.profile is not None
    return NameMatcher([data.profile.name], initials=True)


# --- the real site ----------------------------------------------------------------------------


def test_every_paper_is_in_the_list_with_title_venue_year_award_and_only_its_own_links(
    site: Build, data: SiteData
) -> None:
    main = site.main("publications")
    assert keys_of(main) == [paper_slug(p.key) for p in sort_publications(data.publications)]
    for publication in data.publications:
        entry = main.find(id=f"pub-{paper_slug(publication.key)}")
        text = " ".join(entry.get_text(" ").split())
        assert publication.title in text
        assert publication.venue_line in text  # venue and year, the year once (DBLP's venues name it)
        badges = [b.get_text() for b in entry.find_all(class_="sd-badge")]
        marked = publication.selected and 2 * sum(p.selected for p in data.publications) < len(data.publications)
        assert badges == [b for b in (publication.award, "Selected" if marked else None) if b]
        links = {a.get_text(): a["href"] for a in entry.find_all("a", class_="labsite-pub-link")}
        # every link field the paper has (PDF, arXiv, DOI, code, ...), as the list labels them
        expected = {label: url for name, label in LINK_LABELS if (url := getattr(publication, name))}
        assert {k: v for k, v in links.items() if k != "Link"} == expected
        title_link = entry.find("a", class_="labsite-pub-title-link")
        assert resolve("publications", title_link["href"]) == (f"publications/{paper_slug(publication.key)}", "")


def test_the_owner_is_highlighted_and_lab_members_link_to_the_people_page(site: Build, data: SiteData) -> None:
    owner = owner_matcher(data)
    authors = AuthorLinks.build(data.profile.name if data.profile else None, data.people)
    people = site.main("people")
    main = site.main("publications")
    linked = 0
    for publication in data.publications:
        entry = main.find(id=f"pub-{paper_slug(publication.key)}").find(class_="labsite-authors")
        highlighted = [s.get_text() for s in entry.find_all("strong")]
        assert highlighted == [a for a in publication.authors if owner.matches(a)], publication.key
        links = {a.get_text(): a["href"] for a in entry.find_all("a")}
        for author in publication.authors:
            member_id = authors.member_for(author)
            if member_id is None or owner.matches(author):
                assert author not in links
                continue
            page, anchor = resolve("publications", links[author])
            assert (page, anchor) == ("people", f"member-{member_id}")
            assert people.find(id=anchor) is not None
            linked += 1
    assert linked > 0


def test_each_member_card_links_to_their_papers_with_the_owner(site: Build, data: SiteData) -> None:
    authors = AuthorLinks.build(data.profile.name if data.profile else None, data.people)
    papers = authors.papers_by_member(data.publications)
    people = site.main("people")
    current = [m for m in data.people.members if m.is_current and m.id in papers]
    assert current
    for member in current:
        card = people.find(id=f"member-{member.id}").find_parent(class_="sd-card")
        link = card.find("a", string=f"Papers ({len(papers[member.id])})")
        assert link is not None, member.id
        page, _ = resolve("people", link["href"])
        assert set(keys_of(site.main(page))) == {paper_slug(p.key) for p in papers[member.id]}


def test_selected_and_topic_views_are_pages_listing_exactly_their_papers(site: Build, data: SiteData) -> None:
    main = site.main("publications")
    nav = main.find("nav", class_="labsite-pub-views")
    views = {a.get_text(" ").split(" (")[0].strip(): a["href"] for a in nav.find_all("a")}
    selected = [paper_slug(p.key) for p in sort_publications(data.publications) if p.selected]
    assert keys_of(site.main(resolve("publications", views["Selected"])[0])) == selected
    for topic in data.topics.topics:
        expected = [paper_slug(p.key) for p in sort_publications(data.publications) if topic.label in p.topics]
        if not expected:
            assert topic.label not in views
            continue
        page, _ = resolve("publications", views[topic.label])
        assert page == f"publications/topic/{topic.id}"
        assert keys_of(site.main(page)) == expected
    # without JavaScript every paper is visible on the main page
    assert not main.select(".labsite-hidden, [hidden]")


def test_each_paper_has_its_bibtex_collapsed_and_a_download_of_all_that_round_trips(
    site: Build, data: SiteData, tmp_path: Path
) -> None:
    main = site.main("publications")
    for publication in data.publications:
        details = main.find(id=f"pub-{paper_slug(publication.key)}").find("details", class_="labsite-bibtex")
        assert details is not None and not details.has_attr("open")
        assert details.find("pre").get_text() == publication.bibtex
    download = main.find("a", attrs={"download": True})
    page, _ = resolve("publications", download["href"])
    copy = tmp_path / "all.bib"
    shutil.copy(site.outdir / page, copy)
    again = {p.key: p for p in load_bibtex(copy)}
    assert list(again) == [p.key for p in sort_publications(data.publications)]
    for publication in data.publications:
        other = again[publication.key]
        assert (other.title, other.authors, other.year, other.venue, other.entry_type) == (
            publication.title,
            publication.authors,
            publication.year,
            publication.venue,
            publication.entry_type,
        )
        assert other.url == (publication.url or publication.pdf)


def test_each_paper_page_has_scholar_meta_tags_and_scholarly_article_json_ld(site: Build, data: SiteData) -> None:
    for publication in data.publications:
        page = f"publications/{paper_slug(publication.key)}"
        soup = site.soup(page)

        def meta(name: str, soup: BeautifulSoup = soup) -> list[str]:
            return [m["content"] for m in soup.find_all("meta", attrs={"name": name})]

        assert meta("citation_title") == [publication.title]
        assert meta("citation_author") == publication.authors
        assert meta("citation_publication_date") == [str(publication.year)]
        assert meta("citation_pdf_url") == ([publication.pdf] if publication.pdf else [])
        venue_tag = VENUE_TAGS.get(publication.entry_type)
        if venue_tag in ("citation_conference_title", "citation_journal_title"):
            assert meta(venue_tag) == [publication.venue]
        # the schema.org type that fits the entry: a thesis is a Thesis, a paper a ScholarlyArticle
        schema_type = SCHEMA_TYPES.get(publication.entry_type, "ScholarlyArticle")
        (script,) = soup.find_all("script", type="application/ld+json", string=lambda s: "datePublished" in s)
        data_ld = json.loads(script.string)
        assert data_ld["@context"] == "https://schema.org" and data_ld["@type"] == schema_type
        assert data_ld["name"] == publication.title
        assert [a["name"] for a in data_ld["author"]] == publication.authors
        assert data_ld["datePublished"] == str(publication.year)
        assert data_ld["url"] == soup.find("link", rel="canonical")["href"]
        assert data_ld["url"].endswith(f"/publications/{paper_slug(publication.key)}/")
        article = site.main(page)
        assert article.find("h1").get_text() == publication.title
        back = article.find("p", class_="labsite-back").find("a")
        assert resolve(page, back["href"]) == ("publications", f"pub-{paper_slug(publication.key)}")
        assert soup.find("meta", attrs={"name": "description"})["content"].startswith(publication.title)


def test_papers_per_year_chart_is_an_accessible_svg_with_the_numbers_as_a_table(site: Build, data: SiteData) -> None:
    main = site.main("publications")
    svg = main.find("svg", class_="labsite-chart")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title", id=title_id).get_text().startswith("Papers per year")
    assert svg.find("desc", id=desc_id) is not None
    assert "currentColor" in str(svg)
    table = main.find("details", class_="labsite-chart-table").find("table")
    totals = {int(tr.th.get_text()): int(tr.find_all("td")[-1].get_text()) for tr in table.tbody.find_all("tr")}
    expected: dict[int, int] = {}
    for publication in data.publications:
        expected[publication.year] = expected.get(publication.year, 0) + 1
    assert totals == expected
    assert "<script" not in str(main.find("figure", class_="labsite-chart-figure"))


# --- a small test site: splitting, permalinks, special characters -----------------------------


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The test site with pages of at most 3 papers (7 papers -> 3 pages)."""
    return build(ROOT, tmp_path_factory.mktemp("pubs-split") / "html", labsite_publications_page_limit=3)


def test_a_long_list_is_split_into_pages_that_hold_every_paper_once(split: Build) -> None:
    data = load_site_data(ROOT / "data")
    ordered = [paper_slug(p.key) for p in sort_publications(data.publications)]
    pages = ["publications", "publications/page/2", "publications/page/3"]
    seen = []
    for number, page in enumerate(pages, 1):
        main = split.main(page)
        keys = keys_of(main)
        assert 0 < len(keys) <= 3
        seen += keys
        pager = main.find("nav", class_="labsite-pager")
        assert pager.find(attrs={"aria-current": "page"}).get_text().startswith(f"Page {number}")
        assert {resolve(page, a["href"])[0] for a in pager.find_all("a")} == set(pages) - {page}
    assert seen == ordered
    assert not (split.outdir / "publications" / "page" / "4").exists()
    # a link to a paper's anchor goes to the page that holds it
    home = split.main("")
    for link in home.find_all("a", href=lambda h: h and "#pub-" in h):
        page, anchor = resolve("", link["href"])
        assert split.main(page).find(id=anchor) is not None, link["href"]


def test_owner_name_variants_are_highlighted_and_special_characters_render_safely(split: Build) -> None:
    data = load_site_data(ROOT / "data")
    owner = owner_matcher(data)
    strong = []
    for page in ["publications", "publications/page/2", "publications/page/3"]:
        for entry in entries(split.main(page)):
            strong += [s.get_text() for s in entry.find(class_="labsite-authors").find_all("strong")]
    forms = {a for p in data.publications for a in p.authors if owner.matches(a)}
    assert set(strong) == forms and len(forms) >= 2  # "Ada Lovelace" and "A. Lovelace" from four spellings
    poetical = split.soup("publications/lovelace1844poetical")
    assert poetical.find("h1").get_text() == "Poetical Science: Möbius, Bernoulli & the <Engine>"
    assert poetical.find("engine") is None  # `<Engine>` is text, not an element
    # the browser tab, search results and link previews show the title whole (Sphinx's `title` is HTML)
    assert poetical.title.get_text() == f"{poetical.find('h1').get_text()} - Test Lab documentation"
    assert poetical.find("meta", property="og:title")["content"] == poetical.find("h1").get_text()
    assert poetical.find("meta", attrs={"name": "citation_title"})["content"] == poetical.find("h1").get_text()
    ld = json.loads(poetical.find("script", type="application/ld+json", string=lambda s: "Scholarly" in s).string)
    assert ld["name"] == poetical.find("h1").get_text()
    notes = split.soup("publications/lovelace1843notes")
    assert "url = {https://papers.example.org/~ada/notes.pdf}" in notes.find("pre").get_text()
    sketch = split.main("publications/menabrea1842sketch")
    assert "Bibliothèque Universelle 1842" in sketch.get_text()


def test_permalinks_do_not_change_when_a_paper_is_added(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(ROOT, root)
    before = build(root, tmp_path / "before" / "html")
    bib = root / "data" / "publications.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8")
        + "\n@misc{lovelace1850new,\n  title = {A Newer Paper},\n  author = {Ada Lovelace},\n"
        "  howpublished = {Preprint},\n  year = {1850},\n}\n",
        encoding="utf-8",
    )
    after = build(root, tmp_path / "after" / "html")
    old_keys = keys_of(before.main("publications"))
    assert keys_of(after.main("publications")) == ["lovelace1850new", *old_keys]
    for key in old_keys:
        assert (
            after.main(f"publications/{key}").find("h1").get_text()
            == before.main(f"publications/{key}").find("h1").get_text()
        )
        assert after.main("publications").find(id=f"pub-{key}") is not None
    assert after.main("publications/lovelace1850new").find("h1").get_text() == "A Newer Paper"


def test_a_broken_bibtex_entry_stops_the_build_naming_file_entry_and_field(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(ROOT, root)
    bib = root / "data" / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("topics = {Mathematics},", "topics = {Maths},", 1))
    with pytest.raises(Exception, match=r"publications\.bib:\d+: entry 'somerville1845connexion', field 'topics'"):
        build(root, tmp_path / "out" / "html")


def test_model_year_sort_is_newest_first() -> None:
    data = load_site_data(ROOT / "data")
    years = [p.year for p in sort_publications(data.publications)]
    assert years == sorted(years, reverse=True)
    assert isinstance(data.publications[0], model.Publication)


def test_an_unchanged_rebuild_keeps_paper_pages_and_a_paper_edit_updates_them(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(ROOT, root)
    out = tmp_path / "html"
    first = build(root, out)
    noop = build(root, out, fresh=False)
    assert "generated publication pages are up to date" in noop.status
    assert (
        noop.main("publications/lovelace1843notes").find("h1").get_text()
        == first.main("publications/lovelace1843notes").find("h1").get_text()
    )
    bib = root / "data" / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Notes on the", "Further Notes on the", 1))
    edited = build(root, out, fresh=False)
    assert "generated publication pages are up to date" not in edited.status
    assert edited.main("publications/lovelace1843notes").find("h1").get_text().startswith("Further Notes on the")
