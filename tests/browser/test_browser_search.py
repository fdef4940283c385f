"""Search as a visitor uses it: type in furo's search box, submit, read the results."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from labsite.content.publications import paper_slug
from labsite.data.dataset import SiteData
from labsite.sphinx.search import FoldingEnglish, fold
from playwright.sync_api import Browser, Page
from sitebuild import Build
from sphinx.search._stopwords.en import ENGLISH_STOPWORDS

pytestmark = pytest.mark.browser

#: the site's search language (labsite's: accents and case folded, stop words kept)
ENGLISH = FoldingEnglish({})


def stems(text: str) -> set[str]:
    """The words of `text` as Sphinx's index holds them: folded, stemmed (labsite keeps stop words)."""
    words = (ENGLISH.stem(word) for word in ENGLISH.split(text))
    return {word for word in words if ENGLISH.word_filter(word)}


@dataclass(frozen=True)
class IndexedPage:
    path: str
    heading_stems: frozenset[str]
    text_stems: frozenset[str]


def searchable_paths(outdir: Path) -> set[str]:
    """URL paths of the pages in Sphinx's search index (its documents; pages that extensions
    generate from data, such as per-paper pages, are not in it)."""
    index = (outdir / "searchindex.js").read_text(encoding="utf-8")
    docnames = json.loads(index[index.index("(") + 1 : index.rindex(")")])["docnames"]
    return {f"{name}/".removesuffix("index/") for name in docnames}


@cache
def indexed_pages(outdir: Path) -> tuple[IndexedPage, ...]:
    """Each searchable page's words as Sphinx's index holds them (``titleterms`` and ``terms``): a page
    that repeats records shown on pages of their own (the CV, the news list) is found by its title only,
    whatever else its HTML says."""
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])

    def words_by_doc(mapping: dict[str, Any]) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        for word, docs in mapping.items():
            for doc in docs if isinstance(docs, list) else [docs]:
                found.setdefault(doc, set()).add(word)
        return found

    headings, texts = words_by_doc(index["titleterms"]), words_by_doc(index["terms"])
    pages = [
        IndexedPage(
            f"{name}/".removesuffix("index/"),
            frozenset(headings.get(number, set())),
            frozenset(texts.get(number, set())),
        )
        for number, name in enumerate(index["docnames"])
    ]
    return tuple(sorted(pages, key=lambda page: page.path))


def unambiguous(site: Build, candidates: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """The first (query, expected page) whose page is the clear best match: the only page with
    every word of the query, or the only one with them all in a heading (Sphinx ranks title
    words above text words). Among equal matches Sphinx orders pages by title, which says
    nothing about search, so such queries are passed over."""
    pages = indexed_pages(site.outdir)
    tried = []
    for query, expected in candidates:
        words = stems(query)
        if not words:
            continue
        in_text = {page.path for page in pages if words <= page.text_stems | page.heading_stems}
        in_headings = {page.path for page in pages if words <= page.heading_stems}
        if in_text == {expected} or in_headings == {expected}:
            return query, expected
        tried.append(f"{query!r} -> {sorted(in_text)}")
    pytest.fail(f"no query among the data's candidates matches a single page: {tried}")


def search(page: Page, base_url: str, query: str) -> list[str]:
    """Type `query` into the sidebar's search box on the home page and submit it; returns the
    result pages as URL paths, best first, after the summary says the search has finished."""
    page.goto(base_url)
    box = page.locator("input.sidebar-search")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results .search-summary');"
        " return s && !document.querySelector('#search-results.searching') && s.textContent.trim() !== ''; }"
    )
    hrefs = page.locator("#search-results ul.search > li > a").evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(urljoin(page.url, href)).path.lstrip("/") for href in hrefs]


def talk_venues(data: SiteData) -> Iterable[tuple[str, str]]:
    return ((talk.venue, "talks/") for talk in data.talks.talks)


def project_names(data: SiteData) -> Iterable[tuple[str, str]]:
    return ((project.name, "projects/") for project in data.projects.projects)


def member_names(data: SiteData) -> Iterable[tuple[str, str]]:
    return ((member.name, "people/") for member in data.people.members)


def paper_title_words(data: SiteData, site: Build) -> Iterable[tuple[str, str]]:
    """Words of paper titles; a paper's own page if the site has one, else the publication list."""
    for publication in data.publications:
        own_page = f"publications/{paper_slug(publication.key)}/"
        expected = own_page if own_page in searchable_paths(site.outdir) else "publications/"
        for word in ENGLISH.split(publication.title):
            if len(word) >= 5 and word.isalpha():
                yield word, expected


def bio_words(site: Build) -> Iterable[tuple[str, str]]:
    """Words of the paragraphs of the home page's biography section."""
    section = site.main("").find(id="biography")
    assert section is not None, "the home page has no #biography section"
    paragraphs = " ".join(paragraph.get_text(" ") for paragraph in section.find_all("p"))
    for word in ENGLISH.split(paragraphs):
        if len(word) >= 6 and word.isalpha():
            yield word, ""


QUERIES: dict[str, Callable[[SiteData, Build], Iterable[tuple[str, str]]]] = {
    "project name": lambda data, site: project_names(data),
    "member name": lambda data, site: member_names(data),
    "talk venue": lambda data, site: talk_venues(data),
    "paper title word": paper_title_words,
    "bio word": lambda data, site: bio_words(site),
}


@pytest.fixture(scope="module")
def search_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1350, "height": 940})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("kind", QUERIES)
def test_search_puts_the_right_page_first(
    kind: str, site: Build, data: SiteData, search_page: Page, base_url: str
) -> None:
    query, expected = unambiguous(site, QUERIES[kind](data, site))
    results = search(search_page, base_url, query)
    assert results, f"searching {query!r} found nothing; summary: {search_page.inner_text('.search-summary')!r}"
    assert results[0] == expected, f"searching {query!r}: expected {expected!r} first, got {results}"
    summary = search_page.inner_text(".search-summary")
    assert summary.startswith("Search finished, found"), summary


def test_a_query_with_no_match_says_so(site: Build, search_page: Page, base_url: str) -> None:
    every_word = set().union(*(page.text_stems | page.heading_stems for page in indexed_pages(site.outdir)))
    query = next(word for word in ("qwxzv", "zzqwxv", "vxqzzw") if not stems(word) & every_word)
    assert search(search_page, base_url, query) == []
    assert "did not match any documents" in search_page.inner_text(".search-summary")


def accented_words(site: Build) -> list[tuple[str, str]]:
    """(word, a searchable page with it) for the words with letters outside ASCII on the indexed
    pages (names, venues, places), in page order; the word's ASCII spelling differs from it."""
    found: dict[str, str] = {}
    for page in indexed_pages(site.outdir):
        for word in site.main(page.path).get_text(" ").split():
            word = word.strip(".,;:()[]\"'“”’")
            if word.isalpha() and not word.isascii() and fold(word).isascii() and word not in found:
                found[word] = page.path
    return list(found.items())


def test_accents_and_case_are_folded_in_the_index_and_the_query(site: Build, search_page: Page, base_url: str) -> None:
    """An English keyboard's spelling, upper case (where I does not lower-case to ı) and the decomposed
    (NFD) form find the same pages as the name as written."""
    words = accented_words(site)
    if not words:
        pytest.skip("no page has a word with letters outside ASCII")
    for word, page in words[:3]:
        found = search(search_page, base_url, word)
        assert page in found, f"searching {word!r} does not find {page!r}: {found}"
        for spelling in (fold(word), word.upper(), unicodedata.normalize("NFD", word)):
            assert search(search_page, base_url, spelling) == found, f"{spelling!r} finds other pages than {word!r}"


def stop_word_names(data: SiteData) -> list[tuple[str, str]]:
    """(name part that is an English stop word, full name) among members and co-authors."""
    names = {member.name for member in data.people.members}
    names |= {author for publication in data.publications for author in publication.authors}
    return sorted((part, name) for name in names for part in name.split() if part.lower() in ENGLISH_STOPWORDS)


def test_a_name_that_is_an_english_stop_word_is_found(
    site: Build, data: SiteData, search_page: Page, base_url: str
) -> None:
    names = stop_word_names(data)
    if not names:
        pytest.skip("no member or co-author has a name part that is an English stop word")
    for part, name in names[:2]:
        with_name = {page.path for page in indexed_pages(site.outdir) if name in site.text(page.path)}
        for query in (part, name):
            found = search(search_page, base_url, query)
            assert with_name & set(found), f"searching {query!r} finds none of {sorted(with_name)}: {found}"


def test_the_query_is_folded_as_the_index_is(site: Build, data: SiteData, search_page: Page, base_url: str) -> None:
    """The JavaScript fold (language_data.js) gives Python's on every name of the data."""
    names = sorted({m.name for m in data.people.members} | {a for p in data.publications for a in p.authors})
    samples = [*names, "Halıcıoğlu", "HALICIOĞLU", "Søren Ørsted", "Łódź", "Đorđe", "Straße", "Æsir œuvre", "İzmir"]
    samples += [unicodedata.normalize("NFD", sample) for sample in samples]
    search(search_page, base_url, "x")  # the search page, with language_data.js loaded
    in_browser = search_page.evaluate("samples => samples.map(s => splitQuery(s))", samples)
    assert in_browser == [ENGLISH.split(sample) for sample in samples]


def short_name_paper(data: SiteData) -> tuple[str, str, list[str]]:
    """(short name, title, authors) of a paper titled `Name: ...` whose name is in no other title
    (Alpa's when the data has it, as the issue asks)."""
    found = {}
    for publication in data.publications:
        name = publication.title.split(":")[0]
        others = [p for p in data.publications if p is not publication and stems(name) & stems(p.title)]
        if ":" in publication.title and len(ENGLISH.split(name)) == 1 and not others:
            found[name] = (publication.key, publication.title, publication.authors)
    assert found, "no paper titled 'Name: ...' with a name of its own in the data"
    name = "Alpa" if "Alpa" in found else sorted(found)[0]
    key, title, authors = found[name]
    return name, f"publications/{paper_slug(key)}/", [title, *authors]


def test_a_papers_short_name_finds_its_page_first_with_a_clean_summary(
    data: SiteData, search_page: Page, base_url: str
) -> None:
    name, path, (title, *authors) = short_name_paper(data)
    results = search(search_page, base_url, name.lower())
    assert results and results[0] == path, f"searching {name.lower()!r}: expected {path!r} first, got {results}"
    first = search_page.locator("#search-results ul.search > li").first
    first.locator("p.context").wait_for()
    summary = " ".join(first.locator("p.context").inner_text().split())
    # the paper's title, then its authors, as separate phrases; never its BibTeX
    assert summary.startswith(f"{title} {authors[0]}"), summary
    for source in ("@", "{", "}", "BibTeX", "title =", "author ="):
        assert source not in summary, summary


def test_summaries_are_fetched_for_the_first_results_only(
    site: Build, data: SiteData, search_page: Page, base_url: str
) -> None:
    """Sphinx fetches each result's page for its summary; a word on every paper (the owner's family name)
    must not fetch every paper's page: the search page stays fast with thousands of papers."""
    owner = data.profile.name.split()[-1]
    index = json.loads((site.outdir / "searchindex.js").read_text(encoding="utf-8").split("(", 1)[1].rsplit(")", 1)[0])
    on_pages = index["terms"].get(stems(owner).pop(), [])
    assert isinstance(on_pages, list) and len(on_pages) > 30, "the owner's name is on fewer than 30 pages"
    fetched: list[str] = []

    def note(request: Any) -> None:
        fetched.append(request.url)

    search_page.on("request", note)
    results = search(search_page, base_url, owner)
    search_page.wait_for_timeout(1000)  # summaries still on their way
    search_page.remove_listener("request", note)
    pages = {url for url in fetched if url.endswith("/") and "/search/" not in url}
    assert len(results) > 30
    assert len(pages) <= 31, len(pages)  # the home page, and 30 summaries
    with_summary = search_page.locator("#search-results ul.search > li p.context").count()
    assert 0 < with_summary <= 30
