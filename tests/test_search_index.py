"""Sphinx's search index (searchindex.js) of the real site holds the pages generated from data: each
paper's page, each topic's and member's papers; a paper's short name, a co-author or a venue ranks the
paper's page first, as searchtools.js ranks (title words 15, text words 5, then by title)."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from labsite.content.publications import AuthorLinks, paper_slug
from labsite.data.dataset import SiteData
from labsite.sphinx.search import FoldingEnglish
from sitebuild import Build

ENGLISH = FoldingEnglish({})
#: searchtools.js's Scorer: a word in a page's title, in its text
TITLE, TERM = 15, 5


@cache
def index(outdir: Path) -> dict:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def stems(text: str) -> set[str]:
    return {word for word in (ENGLISH.stem(w) for w in ENGLISH.split(text)) if ENGLISH.word_filter(word)}


def pages_with(mapping: dict, word: str) -> set[int]:
    found = mapping.get(word, [])
    return {found} if isinstance(found, int) else set(found)


def ranked(outdir: Path, query: str) -> list[str]:
    """The pages searchtools.js lists for `query`, best first (full-word and title matches; every
    word of the query is required; equal scores ordered by title)."""
    data = index(outdir)
    scores: dict[int, int] = {}
    words = stems(query)
    for page in range(len(data["docnames"])):
        found = [
            TITLE if page in pages_with(data["titleterms"], w) else TERM if page in pages_with(data["terms"], w) else 0
            for w in words
        ]
        if words and all(found):
            scores[page] = max(found)
    for title, places in data["alltitles"].items():
        if query.lower() in title.lower() and len(query) >= len(title) / 2:
            for page, _anchor in places:
                score = round(TITLE * len(query) / len(title)) + (data["titles"][page] == title)
                scores[page] = max(scores.get(page, 0), score)
    order = sorted(scores, key=lambda page: (-scores[page], data["titles"][page].lower()))
    return [data["docnames"][page] for page in order]


def paper_page(key: str) -> str:
    return f"publications/{paper_slug(key)}"


def test_every_paper_topic_and_member_page_is_in_the_search_index(site: Build, data: SiteData) -> None:
    docnames = set(index(site.outdir)["docnames"])
    titles = dict(zip(index(site.outdir)["docnames"], index(site.outdir)["titles"], strict=True))
    for publication in data.publications:
        assert titles.get(paper_page(publication.key)) == publication.title
    used = {topic for publication in data.publications for topic in publication.topics}
    for topic in data.topics.topics:
        if topic.label in used:
            assert f"publications/topic/{topic.id}" in docnames, topic.id
    authors = {author for publication in data.publications for author in publication.authors}
    for member in data.people.members:
        if member.name in authors:
            assert f"publications/author/{member.id}" in docnames, member.id


def short_names(data: SiteData) -> list[tuple[str, str]]:
    """(short name, paper key) for titles written `Name: what it does` whose name no other title has."""
    found = [(p.title.split(":")[0], p.key) for p in data.publications if ":" in p.title]
    found = [(name, key) for name, key in found if len(ENGLISH.split(name)) == 1]
    counts = Counter(word for p in data.publications for word in stems(p.title))
    return [(name, key) for name, key in found if all(counts[word] == 1 for word in stems(name))]


def test_a_papers_short_name_ranks_its_page_first(site: Build, data: SiteData) -> None:
    names = short_names(data)
    assert names, "no paper title of the form 'Name: ...' in the data"
    for name, key in names:
        assert ranked(site.outdir, name)[0] == paper_page(key), name


def single_paper_coauthors(data: SiteData) -> list[tuple[str, str]]:
    """(co-author, paper key) for co-authors on one paper only who are neither the owner nor a lab
    member (in any spelling the site matches; those have pages of their own), with a word in their
    name that no other author has."""
    counts = Counter(author for p in data.publications for author in set(p.authors))
    words = Counter(word for author in counts for word in stems(author))
    profile = data.profile
    links = AuthorLinks.build(profile.name if profile else None, data.people, profile.aliases if profile else ())
    return [
        (author, p.key)
        for p in data.publications
        for author in p.authors
        if counts[author] == 1
        and not links.is_owner(author)
        and links.member_for(author) is None
        and any(words[w] == 1 for w in stems(author))
    ]


def test_a_co_authors_name_ranks_the_paper_page_first(site: Build, data: SiteData) -> None:
    coauthors = single_paper_coauthors(data)
    assert coauthors, "no co-author with a single paper in the data"
    for author, key in coauthors:
        assert ranked(site.outdir, author)[0] == paper_page(key), author


def unique_venues(data: SiteData) -> list[tuple[str, str]]:
    """(venue, paper key) for venues of one paper whose words are in no other paper's title or venue."""
    counts = Counter(word for p in data.publications for word in stems(f"{p.title} {p.venue or ''}"))
    return [
        (p.venue, p.key)
        for p in data.publications
        if p.venue and stems(p.venue) and all(counts[word] == 1 for word in stems(p.venue))
    ]


def test_a_venue_ranks_the_paper_page_first(site: Build, data: SiteData) -> None:
    venues = unique_venues(data)
    assert venues, "no venue with a single paper in the data"
    for venue, key in venues:
        assert ranked(site.outdir, venue)[0] == paper_page(key), venue


@pytest.mark.parametrize("source_word", ["inproceedings", "booktitle", "author"])
def test_a_papers_page_is_indexed_by_what_it_shows_never_its_bibtex(
    site: Build, data: SiteData, source_word: str
) -> None:
    data_index = index(site.outdir)
    papers = {data_index["docnames"].index(paper_page(p.key)) for p in data.publications}
    for word in stems(source_word):
        assert not (pages_with(data_index["terms"], word) | pages_with(data_index["titleterms"], word)) & papers
    for publication in data.publications:  # nor its citation key
        for word in stems(publication.key.replace(":", " ")) - stems(publication.title):
            pages = pages_with(data_index["terms"], word) | pages_with(data_index["titleterms"], word)
            assert data_index["docnames"].index(paper_page(publication.key)) not in pages, (publication.key, word)


def test_a_page_found_by_its_title_only_is_fed_its_titles_alone() -> None:
    """A page that lists records shown on pages of their own (the CV, the news list) is found by its title
    only (labsite.sphinx.search.TITLE_ONLY): the search index is fed that page's titles, each with its
    section's anchor, and its index entries, not the words of every record it lists."""
    from docutils import nodes
    from labsite.sphinx.search import titles_only
    from sphinx import addnodes
    from sphinx.util.docutils import new_document

    page = new_document("cv")
    section = nodes.section(ids=["cv"])
    section += nodes.title("", "Curriculum Vitae")
    section += nodes.paragraph("", "Scalable Training for LLMs, with Zoë Müller.")
    papers = nodes.section(ids=["publications"])
    papers += nodes.title("", "Publications")
    papers += nodes.bullet_list("", nodes.list_item("", nodes.paragraph("", "Efficient Decoding of MoE Models")))
    papers += addnodes.index(entries=[("single", "CV; publications", "publications", "", None)])
    hidden = nodes.container(classes=["no-search"])
    hidden += nodes.rubric("", "Hidden")
    section += [papers, nodes.comment("", "a comment"), hidden]
    page += section

    fed = titles_only(page)
    titles = [(title.astext(), title.parent["ids"]) for title in fed.findall(nodes.title)]
    assert titles == [("Curriculum Vitae", ["cv"]), ("Publications", ["publications"])]
    assert [entry["entries"] for entry in fed.findall(addnodes.index)] == [
        [("single", "CV; publications", "publications", "", None)]
    ]
    assert "Scalable" not in fed.astext() and "Decoding" not in fed.astext() and "comment" not in fed.astext()


def test_a_page_found_by_its_title_only_leaves_the_index_as_its_whole_text_would(
    site: Build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fed its titles alone (the test above) or its whole text, a page found by its title only leaves the
    same search index: the site's searchindex.js is the same bytes either way."""
    from labsite.sphinx import search
    from sitebuild import build_real_site

    monkeypatch.setattr(search, "titles_only", lambda doctree: doctree)  # every word of the page, as before
    whole = build_real_site(tmp_path / "html")
    assert (whole.outdir / "searchindex.js").read_bytes() == (site.outdir / "searchindex.js").read_bytes()
