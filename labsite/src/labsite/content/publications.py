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
from ..data.bibtex import page_slug
from ..data.names import NameMatcher, split_name
from ..locale import _
from . import pager
from .render import badge_classes

#: record field -> link label, in the order shown (al-folio's links included)
LINK_LABELS = (
    ("pdf", "PDF"),
    ("arxiv_url", "arXiv"),
    ("doi_url", "DOI"),
    ("html", "HTML"),
    ("code", "Code"),
    ("video", "Video"),
    ("slides", "Slides"),
    ("poster", "Poster"),
    ("supp", "Supp"),
    ("blog", "Blog"),
    ("website", "Website"),
    ("project", "Project"),
)
SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def paper_slug(key: str) -> str:
    """A citation key as a URL path segment and HTML id (the rule: `labsite.data.bibtex.page_slug`)."""
    return page_slug(key)


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
    def build(cls, owner_name: str | None, people: model.People, owner_aliases: Iterable[str] = ()) -> AuthorLinks:
        """Matchers for the owner (name and profile aliases, initials allowed) and each member."""
        matchers = [(NameMatcher([m.name, *m.aliases], initials=False), m.id) for m in people.members]
        owner = NameMatcher([owner_name, *owner_aliases], initials=True) if owner_name else None
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
    file: Callable[[str], str | None] = lambda path: None  # a file of the site's files folder
    preview: Callable[[model.Publication], str] = lambda publication: ""  # thumbnail HTML (al-folio's preview)


def author_html(publication: model.Publication, authors: AuthorLinks, urls: Urls) -> str:
    """Authors (or, for an edited book, editors) with the owner in bold, members linked, `and others`
    as "et al."; an author written `\\textbf{...}` in the entry counts as the owner."""
    names = []
    people = publication.authors or publication.editors
    for position, author in enumerate(people, 1):
        shown = esc(author)
        if authors.is_owner(author) or (publication.authors and position in publication.highlighted):
            shown = f'<strong class="labsite-owner">{shown}</strong>'
        elif (member_id := authors.member_for(author)) is not None and (href := urls.member(member_id)):
            shown = f'<a class="labsite-member-link" href="{esc(href)}">{shown}</a>'
        if position in publication.equal:
            shown += f'<span class="labsite-equal" title="{esc(_("Equal contribution"))}">*</span>'
        names.append(shown)
    if publication.et_al:
        names.append("et al.")
    text = ", ".join(names)
    if not publication.authors:
        text += " (eds.)" if len(people) > 1 else " (ed.)"
    return text


def badge(label: str, colour: str) -> str:
    """A badge as HTML (:func:`labsite.content.render.badge_classes`), the label escaped."""
    return f'<span class="{" ".join(badge_classes(colour))}">{esc(label)}</span>'


def links_html(publication: model.Publication, urls: Urls | None = None) -> list[str]:
    """Links to the paper's PDF, arXiv, DOI, code, ... (each URL once) and its `url` if not one of them.
    An al-folio relative `pdf` links to the file in the site's files folder (`urls.file`)."""
    targets = {name: getattr(publication, name) for name, _ in LINK_LABELS}
    if not publication.pdf and publication.pdf_file and urls:
        targets["pdf"] = urls.file(publication.pdf_file)
    links = [
        f'<a class="labsite-pub-link" href="{esc(url)}">{esc(_(label))}</a>'
        for name, label in LINK_LABELS
        if (url := targets[name])
    ]
    if publication.url and not _same_target(publication.url, publication):
        links.append(f'<a class="labsite-pub-link" href="{esc(publication.url)}">{esc(_("Link"))}</a>')
    return links


def paper_count(count: int, one: str = "{count} paper", many: str = "{count} papers") -> str:
    """`one` for one paper, else `many`, with `{count}` filled in: '1 paper', '3 papers'. Callers pass
    the catalog's words (two messages, as the catalog has no plural forms); other fields stay as
    `{name}` for the caller to fill."""
    return (one if count == 1 else many).replace("{count}", str(count))


def _same_target(url: str, publication: model.Publication) -> bool:
    """Is `url` one of the links already shown (the arXiv abstract, the DOI, the PDF, ...), whatever
    its scheme or case? Zotero and DBLP write the arXiv or DOI address as `url` too."""

    def plain(link: str) -> str:
        return re.sub(r"^https?://(www\.|dx\.)?", "", link).rstrip("/").lower()

    shown = {plain(link) for name, _ in LINK_LABELS if (link := getattr(publication, name))}
    if publication.arxiv:  # arXiv's own DOI for the paper
        shown.add(f"doi.org/10.48550/arxiv.{publication.arxiv}".lower())
    return plain(url) in shown


def bibtex_html(publication: model.Publication, open_: bool = False) -> str:
    return (
        # data-title: the copy button (labsite-publications.js) names the paper it copies
        f'<details class="labsite-bibtex" data-title="{esc(publication.title)}"{" open" if open_ else ""}>'
        "<summary>BibTeX</summary>"
        f'<pre class="labsite-bibtex-source"><code>{esc(publication.bibtex)}</code></pre></details>'
    )


def abstract_html(publication: model.Publication) -> str:
    """The abstract in a block readers open (no JavaScript needed)."""
    if not publication.abstract:
        return ""
    return (
        f'<details class="labsite-abstract"><summary>{esc(_("Abstract"))}</summary>'
        f'<p class="labsite-abstract-text">{title_html(publication.abstract_html, publication.abstract)}</p></details>'
    )


def title_html(html: str, text: str) -> str:
    """A decoded field's HTML (LaTeX emphasis as <em>), or its escaped text."""
    return html or esc(text)


def abbr_badge(publication: model.Publication) -> str:
    """al-folio's `abbr` (the venue's short name) as a badge."""
    badge = f'<span class="labsite-abbr sd-badge sd-bg-primary sd-bg-text-primary">{esc(publication.abbr)}</span> '
    return badge if publication.abbr else ""


def topics_html(publication: model.Publication, urls: Urls) -> str:
    tags = []
    for topic in publication.topics:
        href = urls.topic(topic)
        tags.append(f'<a class="labsite-topic" href="{esc(href)}">{esc(topic)}</a>' if href else esc(topic))
    return f'<span class="labsite-topics">{" ".join(tags)}</span>' if tags else ""


def publication_entry(publication: model.Publication, authors: AuthorLinks, urls: Urls) -> str:
    """One paper: title (linking to its own page), badges, authors, venue and year, links, topics, BibTeX."""
    slug = paper_slug(publication.key)
    title = title_html(publication.title_html, publication.title)
    if (page := urls.paper(publication)) is not None:
        title = f'<a class="labsite-pub-title-link" href="{esc(page)}">{title}</a>'
    badges = []
    if publication.award:
        badges.append(badge(publication.award, "warning"))
    if publication.selected:
        badges.append(badge(_("Selected"), "info"))
    venue = f'<em class="labsite-venue">{publication.venue_line_html}</em>'
    details = " · ".join([venue, *links_html(publication, urls)])
    topic_ids = " ".join(urls.topic_ids.get(t, "") for t in publication.topics).strip()
    return (
        f'<div class="labsite-publication" id="pub-{esc(slug)}" data-topics="{esc(topic_ids)}"'
        f' data-selected="{"true" if publication.selected else "false"}">'
        f"{urls.preview(publication)}"
        f'<p class="labsite-pub-title">{abbr_badge(publication)}<span class="labsite-title">{title}</span>'
        f" {' '.join(badges)}</p>"
        f'<p class="labsite-authors">{author_html(publication, authors, urls)}</p>'
        f'<p class="labsite-pub-details">{details} {topics_html(publication, urls)}</p>'
        f"{abstract_html(publication)}{bibtex_html(publication)}</div>"
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


def equal_note_html() -> str:
    """The footnote explaining the equal-contribution star, in the site's language."""
    return f'<p class="labsite-equal-note">* {esc(_("Equal contribution."))}</p>'


def equal_note(publications: Iterable[model.Publication]) -> str:
    return equal_note_html() if any(p.equal for p in publications) else ""


# --- navigation ------------------------------------------------------------------------------


@dataclass
class View:
    """One view of the list: all papers, the selected ones, one topic's or one member's."""

    id: str  # "all", "selected", "topic/<id>", "author/<member-id>"
    label: str
    publications: list[model.Publication]


def views_nav(
    views: Sequence[tuple[View, str | None]],
    current: str,
    bib_href: str | None,
    downloads: Sequence[tuple[str, str]] = (),
) -> str:
    """Links to every view (with counts) and the downloads: BibTeX, then `downloads` as (label, href)."""
    items = []
    for view, href in views:
        label = f'{esc(view.label)} <span class="labsite-count">({len(view.publications)})</span>'
        if view.id == current or href is None:
            items.append(
                f'<li><span aria-current="page" class="labsite-current" data-view="{esc(view.id)}">{label}</span></li>'
            )
        else:
            items.append(f'<li><a href="{esc(href)}" data-view="{esc(view.id)}">{label}</a></li>')
    links = [(_("Download all as BibTeX (.bib)"), bib_href)] if bib_href else []
    links += downloads
    download = ""
    if links:
        shown = " · ".join(f'<a href="{esc(href)}" download>{esc(label)}</a>' for label, href in links)
        download = f'<p class="labsite-bib-download">{shown}</p>'
    views_label = esc(_("Publication views"))
    return f'<nav class="labsite-pub-views" aria-label="{views_label}"><ul>{"".join(items)}</ul></nav>{download}'


def pager_html(pages: Sequence[list[model.Publication]], hrefs: Sequence[str], current: int) -> str:
    """Links to every page of a long list (:func:`labsite.content.pager.pager_html`), each labelled
    with the years it covers."""
    years = [f"{p[0].year}" if p[0].year == p[-1].year else f"{p[0].year}–{p[-1].year}" for p in pages]
    return pager.pager_html(hrefs, current, _("Pages of this list"), years)


# --- one paper's page ------------------------------------------------------------------------


def paper_body(
    publication: model.Publication,
    authors: AuthorLinks,
    urls: Urls,
    list_href: str,
    list_label: str,
    cite_html: str | None = None,
) -> str:
    """The main content of a paper's own page; `cite_html` (its "Cite this" section,
    :func:`labsite.content.citations.cite_section_html`) in place of the BibTeX block alone."""
    badges = []
    if publication.award:
        badges.append(badge(publication.award, "warning"))
    if publication.selected:
        badges.append(badge(_("Selected"), "info"))
    links = links_html(publication, urls)
    parts = [
        f'<section id="pub-{esc(paper_slug(publication.key))}" class="labsite-paper">',
        f"<h1>{title_html(publication.title_html, publication.title)}</h1>",
        f'<p class="labsite-authors">{author_html(publication, authors, urls)}</p>',
        f'<p class="labsite-pub-details">{abbr_badge(publication)}'
        f'<em class="labsite-venue">{publication.venue_line_html}</em> {" ".join(badges)}</p>',
    ]
    if publication.abstract:
        parts.append(
            f'<section class="labsite-paper-abstract"><h2>{esc(_("Abstract"))}</h2>'
            f"<p>{title_html(publication.abstract_html, publication.abstract)}</p></section>"
        )
    if links:
        parts.append(f'<p class="labsite-paper-links">{" · ".join(links)}</p>')
    if publication.topics:
        parts.append(f"<p>{esc(_('Topics:'))} {topics_html(publication, urls)}</p>")
    if publication.equal:
        parts.append(equal_note_html())
    parts.append(bibtex_html(publication, open_=True) if cite_html is None else cite_html)
    parts.append(f'<p class="labsite-back"><a href="{esc(list_href)}">{esc(list_label)}</a></p>')
    parts.append("</section>")
    return "\n".join(parts)
