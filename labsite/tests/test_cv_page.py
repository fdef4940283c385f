"""The CV page (the ``cv`` directive, labsite.sphinx.cv) on a small site (roots/test-bad-markup): made
from the CV's records directly, with no MyST text written and parsed again (the CV shows every record, so
that parse was the largest part of a build after one paper is edited), and the same page as MyST gives
it: sections with the ids and anchors of MyST headings, links as Markdown normalizes them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from labsite.content import cv as content_cv
from labsite.data.dataset import load_site_data
from labsite.testing import Build, build, copy_site
from markdown_it import MarkdownIt
from myst_parser.slugs import github_slugify

ROOT = Path(__file__).parent / "roots" / "test-bad-markup"
#: a member's page address as people write it: a non-ASCII letter, brackets and a bar, which Markdown
#: percent-encodes in a link
ODD_URL = "https://babbage.example.org/Gödel_(logician)|[notes]"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Path, list[str]]:
    """The site built once, with an odd member address and headings' anchors (slugs); every text
    markdown-it parsed during the build (the pages' own sources, and any text a directive would write)."""
    src = copy_site(ROOT, tmp_path_factory.mktemp("cvpage") / "site")
    people_file = src / "data" / "people.yaml"
    people = yaml.safe_load(people_file.read_text(encoding="utf-8"))
    people["members"][0]["url"] = ODD_URL
    people_file.write_text(yaml.safe_dump(people, allow_unicode=True, sort_keys=False), encoding="utf-8")
    parsed: list[str] = []
    real = MarkdownIt.parse

    def recording(self: MarkdownIt, src: str, env: object = None) -> object:
        parsed.append(src)
        return real(self, src, env)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MarkdownIt, "parse", recording)
        built = build(src, src / "_build" / "html", myst_heading_anchors=3)  # as the owner's site
    return built, src, parsed


def test_no_directive_writes_records_as_myst_text_to_parse_again(site: tuple[Build, Path, list[str]]) -> None:
    """The CV and every other directive build their nodes from the records: no text markdown-it parses
    holds a paper's title or a member's name (the pages' own sources hold neither), yet the CV shows
    them all. Before, each directive wrote MyST text and parsed it (the CV's was the largest part of a
    build after one paper is edited)."""
    built, src, parsed = site
    data = load_site_data(src / "data")
    assert parsed  # the pages were parsed by MyST
    records = [" ".join(p.title.split()) for p in data.publications] + [m.name for m in data.people.members]
    assert [r for r in records if any(r in text for text in parsed)] == []
    text = built.text("cv")
    assert all(r in text for r in records)


def test_the_cv_sections_have_the_ids_and_anchors_of_myst_headings(site: tuple[Build, Path, list[str]]) -> None:
    """Each section's id comes from its heading (docutils: ``id1`` for a title without letters, such as
    a year) and its heading's slug is an anchor too; the page's table of contents links each section."""
    built, src, _parsed = site
    data = load_site_data(src / "data")
    assert data.profile is not None
    options = content_cv.CVOptions(updated=content_cv.datetime(2026, 1, 1))
    document = content_cv.cv_document(data, options)
    main = built.main("cv")
    toc = {a["href"] for a in built.soup("cv").find("div", class_="toc-tree").find_all("a")}
    headings = [(2, section.heading) for section in document.sections]
    headings += [(3, group.heading) for section in document.sections for group in section.groups if group.heading]
    assert any(title.isdigit() for _level, title in headings)  # a year of papers
    shown = {(int(h.name[1]), str(h.contents[0])): h for h in main.find_all(["h2", "h3"])}  # title, then the permalink
    for level, title in headings:
        heading = shown.get((level, title))
        assert heading is not None, title
        section = heading.find_parent("section")
        anchors = {section["id"], *(span["id"] for span in section.find_all("span", id=True, recursive=False))}
        assert github_slugify(title) in anchors, title
        assert f"#{section['id']}" in toc, title


def test_cv_links_are_written_as_markdown_writes_them(site: tuple[Build, Path, list[str]]) -> None:
    """A member's address with characters a URL escapes links the same on the CV as on the people list."""
    from markdown_it import MarkdownIt

    built, src, _parsed = site
    member = load_site_data(src / "data").people.members[0]
    expected = MarkdownIt().normalizeLink(ODD_URL)
    assert expected != ODD_URL
    on_cv = [a["href"] for a in built.main("cv").find_all("a", string=member.name)]
    assert on_cv == [expected]
    on_home = [a["href"] for a in built.main("").find_all("a", string=member.name)]  # and its own anchor
    assert expected in on_home


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2401.00001",
        "https://x.org/~u/(a)!*'?q=1&r=2;s#frag",
        "https://x.org/a%2Fb",
        "https://x.org/a%zz",
        "https://x.org/100%",
        "HTTPS://Example.COM/Path",
        "https://münchen.de/straße",
        "https://x.org/a|b^c{d}",
        "https://user:pw@x.org:8080/p",
        "mailto:ada AT example.org",
    ],
)
def test_a_link_from_the_data_has_the_address_markdown_gives_it(url: str) -> None:
    """Links the directives build (the CV page's, the lists') skip Markdown's normalization only for
    addresses it leaves as they are."""
    from labsite.sphinx.listings import href

    assert href(url) == MarkdownIt().normalizeLink(url)
