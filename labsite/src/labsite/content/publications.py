"""Publication records -> HTML: entries, year groups, view navigation, per-paper page bodies. No Sphinx here.

The list is rendered straight to HTML (not MyST) so that thousands of papers cost little: every value
from the data goes through `esc()`, and links only take validated http(s) URLs or URLs the caller made.
Where things live (the people page, the per-paper pages) comes from a `Urls` object the caller fills.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

from ..data import model
from ..data.names import NameMatcher, split_name

LINK_LABELS = (("pdf", "PDF"), ("code", "Code"), ("video", "Video"), ("slides", "Slides"), ("project", "Project"))
SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def paper_slug(key: str) -> str:
    """A citation key as a URL path segment and HTML id: kept as is when it is already safe
    (`zhang2020machine`), else every other character becomes `-` (`DBLP:conf/osdi/X21` -> `DBLP-conf-osdi-X21`)."""
    if SAFE_KEY.fullmatch(key):
        return key
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", key).strip("-.") or "paper"


def sort_publications(publications: Iterable[model.Publication]) -> list[model.Publication]:
    """Newest first: by year, then month, then title (stable whatever the order in the file)."""
    return sorted(publications, key=lambda p: (-p.year, -(p.month or 0), p.title.lower(), p.key))


def paginate(publications: Sequence[model.Publication], limit: int) -> list[list[model.Publication]]:
    """Sorted papers in pages of at most `limit` (at least one page, possibly empty)."""
    items = sort_publications(publications)
    limit = max(1, limit)
    return [items[i : i + limit] for i in range(0, len(items), limit)] or [[]]


def group_by_year(publications: Sequence[model.Publication]) -> list[tuple[int, list[model.Publication]]]:
    """Already-sorted papers -> [(year, papers)], in order."""
    groups: list[tuple[int, list[model.Publication]]] = []
    for publication in publications:
        if not groups or groups[-1][0] != publication.year:
            groups.append((publication.year, []))
        groups[-1][1].append(publication)
    return groups


# --- authors ---------------------------------------------------------------------------------


@dataclass
class AuthorLinks:
    """Who to highlight and whom to link in author lists."""

    owner: NameMatcher | None = None
    matchers: list[tuple[NameMatcher, str]] = field(default_factory=list)
    _cache: dict[str, str | None] = field(default_factory=dict, repr=False)  # author -> member id
    _owner_cache: dict[str, bool] = field(default_factory=dict, repr=False)
    _families: dict[str, list[tuple[NameMatcher, str]]] | None = field(default=None, repr=False)

    @classmethod
    def build(cls, owner_name: str | None, people: model.People) -> AuthorLinks:
        matchers = [(NameMatcher([m.name, *m.aliases], initials=False), m.id) for m in people.members]
        owner = NameMatcher([owner_name], initials=True) if owner_name else None
        return cls(owner=owner, matchers=matchers)

    def is_owner(self, author: str) -> bool:
        if author not in self._owner_cache:
            self._owner_cache[author] = bool(self.owner and self.owner.matches(author))
        return self._owner_cache[author]

    def member_for(self, author: str) -> str | None:
        if author not in self._cache:
            # only members with the author's family name can match: no scan of every member per author
            candidates = self._by_family().get(split_name(author)[1], ())
            self._cache[author] = next((mid for matcher, mid in candidates if matcher.matches(author)), None)
        return self._cache[author]

    def _by_family(self) -> dict[str, list[tuple[NameMatcher, str]]]:
        if self._families is None:
            self._families = {}
            for matcher, mid in self.matchers:
                for family in dict.fromkeys(family for _, family in matcher.forms):
                    self._families.setdefault(family, []).append((matcher, mid))
        return self._families

    def papers_by_member(self, publications: Iterable[model.Publication]) -> dict[str, list[model.Publication]]:
        """Member id -> the papers they co-authored (the owner's own entry, if a member, is left out)."""
        found: dict[str, list[model.Publication]] = {}
        for publication in publications:
            members = {self.member_for(a) for a in publication.authors if not self.is_owner(a)} - {None}
            for member_id in sorted(m for m in members if m is not None):
                found.setdefault(member_id, []).append(publication)
        return found


@dataclass
class Urls:
    """Relative URLs from the page being written. Each returns None when there is no such page."""

    paper: Callable[[model.Publication], str | None] = lambda publication: None
    member: Callable[[str], str | None] = lambda member_id: None
    topic: Callable[[str], str | None] = lambda topic_label: None
    topic_ids: dict[str, str] = field(default_factory=dict)  # topic label -> id (for data attributes)


def author_html(publication: model.Publication, authors: AuthorLinks, urls: Urls) -> str:
    names = []
    for position, author in enumerate(publication.authors, 1):
        shown = esc(author)
        if authors.is_owner(author):
            shown = f'<strong class="labsite-owner">{shown}</strong>'
        elif (member_id := authors.member_for(author)) is not None and (href := urls.member(member_id)):
            shown = f'<a class="labsite-member-link" href="{esc(href)}">{shown}</a>'
        if position in publication.equal:
            shown += '<span class="labsite-equal" title="Equal contribution">*</span>'
        names.append(shown)
    return ", ".join(names)


def badge(label: str, colour: str) -> str:
    return f'<span class="sd-badge sd-bg-{colour} sd-bg-text-{colour}">{esc(label)}</span>'


def links_html(publication: model.Publication) -> list[str]:
    links = [
        f'<a class="labsite-pub-link" href="{esc(url)}">{label}</a>'
        for name, label in LINK_LABELS
        if (url := getattr(publication, name))
    ]
    if publication.url and publication.url not in {publication.pdf, publication.project}:
        links.append(f'<a class="labsite-pub-link" href="{esc(publication.url)}">Link</a>')
    return links


def paper_count(count: int) -> str:
    """`1` -> '1 paper', `3` -> '3 papers' (English plural)."""
    return f"{count} paper" if count == 1 else f"{count} papers"


def bibtex_html(publication: model.Publication, open_: bool = False) -> str:
    return (
        # data-title: the copy button (labsite-publications.js) names the paper it copies
        f'<details class="labsite-bibtex" data-title="{esc(publication.title)}"{" open" if open_ else ""}>'
        "<summary>BibTeX</summary>"
        f'<pre class="labsite-bibtex-source"><code>{esc(publication.bibtex)}</code></pre></details>'
    )


def topics_html(publication: model.Publication, urls: Urls) -> str:
    tags = []
    for topic in publication.topics:
        href = urls.topic(topic)
        tags.append(f'<a class="labsite-topic" href="{esc(href)}">{esc(topic)}</a>' if href else esc(topic))
    return f'<span class="labsite-topics">{" ".join(tags)}</span>' if tags else ""


def publication_entry(publication: model.Publication, authors: AuthorLinks, urls: Urls) -> str:
    """One paper: title (linking to its own page), badges, authors, venue and year, links, topics, BibTeX."""
    slug = paper_slug(publication.key)
    title = esc(publication.title)
    if (page := urls.paper(publication)) is not None:
        title = f'<a class="labsite-pub-title-link" href="{esc(page)}">{title}</a>'
    badges = []
    if publication.award:
        badges.append(badge(publication.award, "warning"))
    if publication.selected:
        badges.append(badge("Selected", "info"))
    venue = f'<em class="labsite-venue">{esc(publication.venue)} {publication.year}</em>'
    details = " · ".join([venue, *links_html(publication)])
    topic_ids = " ".join(urls.topic_ids.get(t, "") for t in publication.topics).strip()
    return (
        f'<div class="labsite-publication" id="pub-{esc(slug)}" data-topics="{esc(topic_ids)}"'
        f' data-selected="{"true" if publication.selected else "false"}">'
        f'<p class="labsite-pub-title"><span class="labsite-title">{title}</span> {" ".join(badges)}</p>'
        f'<p class="labsite-authors">{author_html(publication, authors, urls)}</p>'
        f'<p class="labsite-pub-details">{details} {topics_html(publication, urls)}</p>'
        f"{bibtex_html(publication)}</div>"
    )


def entries_html(publications: Sequence[model.Publication], authors: AuthorLinks, urls: Urls) -> str:
    return "\n".join(publication_entry(p, authors, urls) for p in publications)


def year_sections_html(
    publications: Sequence[model.Publication], authors: AuthorLinks, urls: Urls, level: int = 2
) -> str:
    """Sorted papers as `<section>`s with a year heading each (for pages Sphinx did not write)."""
    parts = []
    for year, papers in group_by_year(publications):
        parts.append(
            f'<section id="year-{year}"><h{level}>{year}</h{level}>\n{entries_html(papers, authors, urls)}</section>'
        )
    return "\n".join(parts)


EQUAL_NOTE = '<p class="labsite-equal-note">* Equal contribution.</p>'


def equal_note(publications: Iterable[model.Publication]) -> str:
    return EQUAL_NOTE if any(p.equal for p in publications) else ""


# --- navigation ------------------------------------------------------------------------------


@dataclass
class View:
    """One view of the list: all papers, the selected ones, one topic's or one member's."""

    id: str  # "all", "selected", "topic/<id>", "author/<member-id>"
    label: str
    publications: list[model.Publication]


def views_nav(views: Sequence[tuple[View, str | None]], current: str, bib_href: str | None) -> str:
    """Links to every view (with counts) and the BibTeX download. `views` = (view, href)."""
    items = []
    for view, href in views:
        label = f'{esc(view.label)} <span class="labsite-count">({len(view.publications)})</span>'
        if view.id == current or href is None:
            items.append(
                f'<li><span aria-current="page" class="labsite-current" data-view="{esc(view.id)}">{label}</span></li>'
            )
        else:
            items.append(f'<li><a href="{esc(href)}" data-view="{esc(view.id)}">{label}</a></li>')
    download = ""
    if bib_href:
        download = (
            f'<p class="labsite-bib-download"><a href="{esc(bib_href)}" download>Download all as BibTeX (.bib)</a></p>'
        )
    return f'<nav class="labsite-pub-views" aria-label="Publication views"><ul>{"".join(items)}</ul></nav>{download}'


def pager_html(pages: Sequence[list[model.Publication]], hrefs: Sequence[str], current: int) -> str:
    """Links to every page of a long list, each labelled with the years it covers."""
    if len(pages) < 2:
        return ""
    items = []
    for number, (papers, href) in enumerate(zip(pages, hrefs, strict=True), 1):
        years = f"{papers[0].year}" if papers[0].year == papers[-1].year else f"{papers[0].year}–{papers[-1].year}"
        label = f'Page {number} <span class="labsite-count">({years})</span>'
        if number == current:
            items.append(f'<li><span aria-current="page" class="labsite-current">{label}</span></li>')
        else:
            items.append(f'<li><a href="{esc(href)}">{label}</a></li>')
    return f'<nav class="labsite-pager" aria-label="Pages of this list"><ul>{"".join(items)}</ul></nav>'


# --- one paper's page ------------------------------------------------------------------------


def paper_body(
    publication: model.Publication, authors: AuthorLinks, urls: Urls, list_href: str, list_label: str
) -> str:
    """The main content of a paper's own page."""
    badges = []
    if publication.award:
        badges.append(badge(publication.award, "warning"))
    if publication.selected:
        badges.append(badge("Selected", "info"))
    links = links_html(publication)
    parts = [
        f'<section id="pub-{esc(paper_slug(publication.key))}" class="labsite-paper">',
        f"<h1>{esc(publication.title)}</h1>",
        f'<p class="labsite-authors">{author_html(publication, authors, urls)}</p>',
        f'<p class="labsite-pub-details"><em class="labsite-venue">{esc(publication.venue)} {publication.year}</em>'
        f" {' '.join(badges)}</p>",
    ]
    if links:
        parts.append(f'<p class="labsite-paper-links">{" · ".join(links)}</p>')
    if publication.topics:
        parts.append(f"<p>Topics: {topics_html(publication, urls)}</p>")
    if publication.equal:
        parts.append(EQUAL_NOTE)
    parts.append(bibtex_html(publication, open_=True))
    parts.append(f'<p class="labsite-back"><a href="{esc(list_href)}">{esc(list_label)}</a></p>')
    parts.append("</section>")
    return "\n".join(parts)
