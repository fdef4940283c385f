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
from ..data.bibtex import ARXIV_ID, page_slug
from ..data.dataset import SiteData
from ..data.names import ADDED_MIDDLE, EXACT, INITIALS, NameMatcher, split_name
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
    """`value` as text escaped for HTML, quotes included (safe in an attribute)."""
    return escape(str(value), quote=True)


def paper_slug(key: str) -> str:
    """A citation key as a URL path segment and HTML id (the rule: `labsite.data.bibtex.page_slug`)."""
    return page_slug(key)


def sort_publications(publications: Iterable[model.Publication]) -> list[model.Publication]:
    """Newest first: forthcoming papers without a year, then by year, month, day, then title (stable
    whatever the order in the file)."""
    return sorted(
        publications, key=lambda p: (-(p.year or 10000), -(p.month or 0), -(p.day or 0), p.title.lower(), p.key)
    )


def paginate(publications: Sequence[model.Publication], limit: int) -> list[list[model.Publication]]:
    """Sorted papers in pages of at most `limit` (at least one page, possibly empty)."""
    items = sort_publications(publications)
    limit = max(1, limit)
    return [items[i : i + limit] for i in range(0, len(items), limit)] or [[]]


def group_by_year(publications: Sequence[model.Publication]) -> list[tuple[int | None, list[model.Publication]]]:
    """Already-sorted papers -> [(year, papers)], in order; year None for forthcoming papers without
    a year (`year = {to appear}`), first."""
    groups: list[tuple[int | None, list[model.Publication]]] = []
    for publication in publications:
        if not groups or groups[-1][0] != publication.year:
            groups.append((publication.year, []))
        groups[-1][1].append(publication)
    return groups


# --- authors ---------------------------------------------------------------------------------


OWNER = "\0owner"  # what `AuthorLinks.who` returns for the site's owner


def copy_words() -> dict[str, str]:
    """The words of ``labsite-publications.js`` in the site's language: its copy buttons and the messages
    they give (``{what}``: "BibTeX" or a style's citation, ``{title}``: the paper's), and the name of
    the views' buttons. The script keeps its own English word for any word this leaves out."""
    return {
        "copy": _("Copy"),
        "copied": _("Copied"),
        "failed": _("Copy failed"),
        "citation": _("{style} citation"),
        "copyWhat": _("Copy {what} of {title}"),
        "copiedWhat": _("Copied {what} of {title} to the clipboard"),
        "failedWhat": _("Could not copy {what} of {title}; select the text and copy it instead"),
        "thisPaper": _("this paper"),
        "filter": _("Filter publications"),  # the list's views, once they filter it in place
    }


@dataclass
class AuthorLinks:
    """Who to highlight and whom to link in author lists: the owner and each member, matched by name
    (:class:`labsite.data.names.NameMatcher`); when several could be meant, the closest name wins (a
    member named `Hao R. Zhang` is `Hao R. Zhang`, not the owner `Hao Zhang`), the owner on a tie."""

    owner: NameMatcher | None = None
    matchers: list[tuple[NameMatcher, str]] = field(default_factory=list)
    _cache: dict[tuple[str, str | None], str | None] = field(default_factory=dict, repr=False)
    _families: dict[str, list[tuple[NameMatcher, str]]] | None = field(default=None, repr=False)

    @classmethod
    def build(
        cls,
        owner_name: str | None,
        people: model.People,
        owner_aliases: Iterable[str] = (),
        owner_number: str | None = None,
    ) -> AuthorLinks:
        """Matchers for the owner (name and profile aliases, initials allowed; `owner_number`: the
        profile's `dblp-homonym`) and each member (name, aliases and `dblp-homonym`)."""
        matchers = [
            (NameMatcher([m.name, *m.aliases], initials=False, number=m.dblp_homonym), m.id) for m in people.members
        ]
        owner = NameMatcher([owner_name, *owner_aliases], initials=True, number=owner_number) if owner_name else None
        return cls(owner=owner, matchers=matchers)

    @classmethod
    def for_site(cls, data: SiteData) -> AuthorLinks:
        """:meth:`build` from the site's profile (name, aliases, `dblp-homonym`) and people."""
        profile = data.profile
        if profile is None:
            return cls.build(None, data.people)
        return cls.build(profile.name, data.people, profile.aliases, profile.dblp_homonym)

    def who(self, author: str, number: str | None = None) -> str | None:
        """`OWNER`, the id of the member `author` names (with its DBLP homonym `number`), or None."""
        key = (author, number)
        if key not in self._cache:
            candidates = [(self.owner, OWNER)] if self.owner else []
            # only members with the author's family name can match: no scan of every member per author
            candidates += self._by_family().get(split_name(author)[1], [])
            found = [
                (closeness, index, who)
                for index, (matcher, who) in enumerate(candidates)
                if (closeness := matcher.closeness(author, number)) is not None
            ]
            best = min(found) if found else None
            if (
                best
                and best[0] == ADDED_MIDDLE
                and any(
                    who != best[2] and matcher.closeness(author, number, initials=True) in (EXACT, INITIALS)
                    for matcher, who in candidates
                )
            ):
                best = None  # `H. Q. Zhang` is rather the member `Hao Q. Zhang` than the owner `Hao Zhang`
            self._cache[key] = best[2] if best else None
        return self._cache[key]

    def is_owner(self, author: str, number: str | None = None) -> bool:
        """Does `author` (with its DBLP homonym `number`, if any) name the site's owner?"""
        return self.who(author, number) == OWNER

    def member_for(self, author: str, number: str | None = None) -> str | None:
        """The id of the lab member `author` names, or None (also for the owner)."""
        found = self.who(author, number)
        return None if found == OWNER else found

    def people_of(self, publication: model.Publication) -> list[tuple[int, str, str | None]]:
        """(1-based position, name, `OWNER`/member id/None) of each author (or editor, for an edited book)."""
        people = publication.authors or publication.editors
        numbers = publication.homonyms if publication.authors else {}
        return [(i, name, self.who(name, numbers.get(i))) for i, name in enumerate(people, 1)]

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
            numbers = publication.homonyms
            members = {self.who(a, numbers.get(i)) for i, a in enumerate(publication.authors, 1)} - {None, OWNER}
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
    # al-folio's relative link (`html = {relativity.html}`) of a paper's field: a file or page of the site
    local: Callable[[model.Publication, str], str | None] = lambda publication, name: None
    preview: Callable[[model.Publication], str] = lambda publication: ""  # thumbnail HTML (al-folio's preview)


def mark_meaning(mark: str, sentence: bool = False) -> str | None:
    """What an author mark means, in the site's language (`sentence`: with a full stop, as in the
    legend); None for a mark without a known meaning."""
    if mark in ("*", "∗"):
        return _("Equal contribution.") if sentence else _("Equal contribution")
    if mark == "†":
        return _("Corresponding author.") if sentence else _("Corresponding author")
    return None


def _marks_of(publication: model.Publication, position: int) -> str:
    """The marks after the author at `position`, as typed (`*`, `†`), with the `*` of the `equal`
    field first when the name has none."""
    typed = publication.marks.get(position, "")
    star = "*" if position in publication.equal and not {"*", "∗"} & set(typed) else ""
    return star + typed


def mark_html(mark: str) -> str:
    """One author mark as HTML, its meaning in the title (as the legend says it)."""
    meaning = mark_meaning(mark)
    title = f' title="{esc(meaning)}"' if meaning else ""
    css = "labsite-equal" if mark in ("*", "∗") else "labsite-mark"
    return f'<span class="{css}"{title}>{esc(mark)}</span>'


#: names and tags longer than this (in characters) may be wider than a phone's line (320px: about 38)
LONG_NAME = 32


def long_css(text: str) -> str:
    """`` labsite-long`` for a name or tag that may not fit a phone's line (it may then break inside its
    own box; see labsite.css), else nothing."""
    return " labsite-long" if len(text) > LONG_NAME else ""


def author_html(publication: model.Publication, authors: AuthorLinks, urls: Urls) -> str:
    """Authors (or, for an edited book, editors) with the owner in bold, members linked, `and others`
    as "et al.", and the marks typed into names or given by `equal` (`*`, `†`) after the name; an
    author written `\\textbf{...}` in the entry counts as the owner."""
    names = []
    for position, author, who in authors.people_of(publication):
        shown = esc(author)
        if who == OWNER or (publication.authors and position in publication.highlighted):
            shown = f'<strong class="labsite-owner">{shown}</strong>'
        elif who is not None and (href := urls.member(who)):
            shown = f'<a class="labsite-member-link" href="{esc(href)}">{shown}</a>'
        if publication.authors:
            shown += "".join(mark_html(mark) for mark in _marks_of(publication, position))
        # one name, never split over two lines; a long one only when it is wider than the line
        css = "labsite-author" + long_css(author)
        names.append(f'<span class="{css}">{shown}</span>')
    if publication.et_al:
        names.append("et al.")
    text = ", ".join(names)
    if not publication.authors:
        text += " (eds.)" if len(names) > 1 else " (ed.)"
    return text


def year_heading(year: int | None) -> tuple[str, str]:
    """(anchor id, heading text) of a year's section of the list: `year-2024`, or `forthcoming` for
    the papers without a year yet."""
    return ("year-forthcoming", _("Forthcoming")) if year is None else (f"year-{year}", str(year))


def status_badges(publication: model.Publication, selected: bool = True) -> list[str]:
    """Award, Forthcoming and (if `selected`, see :func:`marks_selected`) Selected badges of a paper,
    as HTML."""
    badges = []
    if publication.award:
        badges.append(badge(publication.award, "warning"))
    if publication.forthcoming:
        badges.append(badge(_("Forthcoming"), "secondary"))
    if publication.selected and selected:
        badges.append(badge(_("Selected"), "info"))
    return badges


def badge(label: str, colour: str) -> str:
    """A badge as HTML (:func:`labsite.content.render.badge_classes`), the label escaped."""
    return f'<span class="{" ".join(badge_classes(colour))}">{esc(label)}</span>'


def same_as_shown(url: str, publication: model.Publication) -> bool:
    """Is `url` the address of a link the paper already shows (:func:`_same_target`)?"""
    return _same_target(url, publication)


def links_html(publication: model.Publication, urls: Urls | None = None) -> list[str]:
    """Links to the paper's PDF, arXiv, DOI, code, ... (each URL once) and its `url` if not one of them.
    An al-folio relative `pdf` links to the file in the site's files folder (`urls.file`), a relative
    `html`, `supp`, `poster` or `slides` to the file or page it names (`urls.local`)."""
    targets = {name: getattr(publication, name) for name, _ in LINK_LABELS}
    if not publication.pdf and publication.pdf_file and urls:
        targets["pdf"] = urls.file(publication.pdf_file)
    for name in publication.local_links:
        if not targets.get(name) and urls:
            targets[name] = urls.local(publication, name)
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
    its scheme or case? Zotero and DBLP write the arXiv or DOI address as `url` too; an arXiv address
    of another version or form (`arxiv.org/abs/2301.00003v2`, `.../pdf/2301.00003.pdf`) is the eprint's."""
    if publication.arxiv and (match := ARXIV_ID.search(url)) and match.group(1).lower() == publication.arxiv.lower():
        return True

    def plain(link: str) -> str:
        return re.sub(r"^https?://(www\.|dx\.)?", "", link).rstrip("/").lower()

    shown = {plain(link) for name, _ in LINK_LABELS if (link := getattr(publication, name))}
    if publication.arxiv:  # arXiv's own DOI for the paper
        shown.add(f"doi.org/10.48550/arxiv.{publication.arxiv}".lower())
    return plain(url) in shown


def bibtex_html(publication: model.Publication, open_: bool = False) -> str:
    """The paper's BibTeX in a ``<details>`` block (closed unless `open_`), with the title for the copy
    button of ``labsite-publications.js``."""
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
    """The paper's topics as links to their topic pages (`urls.topic`); the topic of the page being read
    (no URL) is a marked ``<span>``."""
    tags = []
    for topic in publication.topics:
        href = urls.topic(topic)
        if href:
            tags.append(f'<a class="labsite-topic{long_css(topic)}" href="{esc(href)}">{esc(topic)}</a>')
        else:  # the topic of the page being read: marked as the current one
            tags.append(f'<span class="labsite-topic labsite-topic-current{long_css(topic)}">{esc(topic)}</span>')
    return f'<span class="labsite-topics">{" ".join(tags)}</span>' if tags else ""


def marks_selected(publications: Iterable[model.Publication]) -> bool:
    """Whether a list marks its selected papers with a "Selected" badge: only where they are the
    exception, fewer than half of the list. A mark on most entries (or on all, in the selected view)
    tells a reader nothing; the "Selected" view lists them either way."""
    papers = list(publications)
    return 0 < 2 * sum(p.selected for p in papers) < len(papers)


def publication_entry(
    publication: model.Publication, authors: AuthorLinks, urls: Urls, mark_selected: bool = False
) -> str:
    """One paper: title (linking to its own page), badges (an award; "Selected" if `mark_selected`,
    see :func:`marks_selected`), authors, venue and year, links, topics, BibTeX."""
    slug = paper_slug(publication.key)
    title = title_html(publication.title_html, publication.title)
    if (page := urls.paper(publication)) is not None:
        title = f'<a class="labsite-pub-title-link" href="{esc(page)}">{title}</a>'
    badges = status_badges(publication, selected=mark_selected)
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


def entries_html(
    publications: Sequence[model.Publication], authors: AuthorLinks, urls: Urls, mark_selected: bool = False
) -> str:
    """The HTML entries of `publications`, in the order given (`mark_selected`: mark the selected ones)."""
    return "\n".join(publication_entry(p, authors, urls, mark_selected) for p in publications)


def year_sections_html(
    publications: Sequence[model.Publication], authors: AuthorLinks, urls: Urls, level: int = 2
) -> str:
    """Sorted papers as `<section>`s with a year heading each (for pages Sphinx did not write); the
    selected papers are marked if they are the exception in this list (:func:`marks_selected`)."""
    parts = []
    mark = marks_selected(publications)
    for year, papers in group_by_year(publications):
        anchor, heading = year_heading(year)
        entries = entries_html(papers, authors, urls, mark)
        parts.append(f'<section id="{anchor}"><h{level}>{esc(heading)}</h{level}>\n{entries}</section>')
    return "\n".join(parts)


def marks_used(publications: Iterable[model.Publication]) -> list[str]:
    """The author marks the papers use, in legend order (`*` first, then as met)."""
    found: dict[str, None] = {}
    for publication in publications:
        for position in range(1, len(publication.authors) + 1):
            found.update(dict.fromkeys(_marks_of(publication, position)))
    return sorted(found, key=lambda mark: (mark not in ("*", "∗"), mark != "†"))


def marks_note_html(marks: Iterable[str]) -> str:
    """The legend of the author marks used (`* Equal contribution. † Corresponding author.`), in the
    site's language; empty when no mark with a known meaning is used."""
    meanings: dict[str, str] = {}  # meaning -> its mark (`*` and `∗` are one)
    for mark in marks:
        if (meaning := mark_meaning(mark, sentence=True)) and meaning not in meanings:
            meanings[meaning] = mark
    items = [f"{esc(mark)} {esc(meaning)}" for meaning, mark in meanings.items()]
    return f'<p class="labsite-equal-note">{" ".join(items)}</p>' if items else ""


def equal_note_html() -> str:
    """The footnote explaining the equal-contribution star, in the site's language."""
    return marks_note_html("*")


def equal_note(publications: Iterable[model.Publication]) -> str:
    """The legend of the author marks these papers use (:func:`marks_note_html`)."""
    return marks_note_html(marks_used(publications))


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

    def year(publication: model.Publication) -> str:
        return year_heading(publication.year)[1]

    years = [year(p[0]) if p[0].year == p[-1].year else f"{year(p[0])}–{year(p[-1])}" for p in pages]
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
    badges = status_badges(publication)
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
    parts.append(marks_note_html(marks_used([publication])))
    parts.append(bibtex_html(publication, open_=True) if cite_html is None else cite_html)
    parts.append(f'<p class="labsite-back"><a href="{esc(list_href)}">{esc(list_label)}</a></p>')
    parts.append("</section>")
    return "\n".join(parts)
