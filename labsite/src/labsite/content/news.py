"""News: the items written in ``news.yaml`` and the updates derived from dated records, as view data
(:class:`NewsEntry`) and HTML. No Sphinx here.

Derived items are facts of the records, each made once: a paper (its publication year and month), a
talk (its month), an award of the profile (its year), a member joining (``start``) or leaving the lab
(``end``). ``DERIVED`` names them as the setting ``labsite_news_derived`` does. A written item that links
a paper or a talk by id is the news of that record: the item derived from it is left out (the written
wording wins). Links to records are
:class:`Link` parts that :mod:`labsite.sphinx.news` resolves (the page showing the record), so the same
entry reads the same on the news page, its further pages, the home page and the Atom feed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape

from markdown_it import MarkdownIt

from ..data import model
from ..data.dataset import SiteData
from ..data.kinds import news_id, talk_id
from ..data.slugs import slugify
from ..locale import _, date_label

#: the kinds of derived items, as the setting ``labsite_news_derived`` names them
DERIVED = ("papers", "talks", "awards", "members")


@dataclass(frozen=True)
class Link:
    """A link to a record or page, resolved by the Sphinx side: ``objtype`` is ``paper``, ``talk``,
    ``member`` or ``page``; ``label_html`` is the text shown ('' for the record's own title)."""

    objtype: str
    target: str
    label_html: str = ""


@dataclass(frozen=True)
class NewsEntry:
    """One news item, written or derived.

    ``kind`` is ``news`` (written) or one of :data:`DERIVED`; ``ident`` is unique and permanent for the
    record it comes from (``paper-<key>``, ``talk-<id>``, ``joined-<member>``, ...; a written item's id,
    :func:`labsite.data.kinds.news_id`, which editing its text does not change): the anchor and the feed
    id are made from it. ``parts`` are HTML strings (escaped)
    and links. ``month`` and ``day`` are None when the record does not give them.
    """

    kind: str
    ident: str
    year: int
    month: int | None
    day: int | None
    parts: tuple[str | Link, ...]
    #: where the item came from, for messages: (collection, index of the record in its file, field)
    source: tuple[str, int] | None = None

    @property
    def anchor(self) -> str:
        """The HTML id of the item on the news pages: ``news-<ident>`` (``news-paper-<key>``,
        ``news-2025-03-14``, ``news-<id>``)."""
        return "news-" + slugify(self.ident)

    @property
    def datetime(self) -> str:
        """The ``datetime`` attribute of its ``<time>``: ``2025-03-14``, ``2025-03`` or ``2025``."""
        value = f"{self.year:04d}"
        if self.month:
            value += f"-{self.month:02d}"
            if self.day:
                value += f"-{self.day:02d}"
        return value

    def date_label(self, language: str | None = None) -> str:
        """The date as shown, in the form of the site's ``language`` at the precision the record gives
        (:func:`labsite.locale.date_label`: ``March 14, 2025``, ``March 2025`` or ``2025`` in English)."""
        return date_label(self.year, self.month, self.day, language)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """(year, month, day) for sorting, a missing month or day as 0 (so it sorts before dated items)."""
        return self.year, self.month or 0, self.day or 0

    def links(self) -> list[Link]:
        """The links among the item's parts, in the order they appear."""
        return [part for part in self.parts if isinstance(part, Link)]


_INLINE = MarkdownIt("commonmark", {"html": False})


def inline_html(text: str) -> str:
    """Inline Markdown (CommonMark: emphasis, code, links) -> HTML; raw HTML in the text is escaped."""
    html: str = _INLINE.renderInline(text)
    return html


def written_entries(news: model.News) -> list[NewsEntry]:
    """The items of ``news.yaml``: the text, then a link to each record or page it names."""
    entries = []
    for index, item in enumerate(news.news):
        parts: list[str | Link] = [inline_html(item.text)]
        for objtype in ("paper", "talk", "member", "page"):
            target = getattr(item, objtype)
            if target:
                parts += [" · ", Link(objtype, target)]
        date = item.date
        entries.append(NewsEntry("news", news_id(item), date.year, date.month, date.day, tuple(parts), ("news", index)))
    return entries


def derived_entries(site: SiteData, kinds: Iterable[str]) -> list[NewsEntry]:
    """The items derived from the records of ``kinds`` (a subset of :data:`DERIVED`)."""
    wanted = set(kinds)
    entries: list[NewsEntry] = []
    if "papers" in wanted:
        for publication in site.publications:
            if publication.year is None:  # forthcoming: not news until it has a date
                continue
            title = publication.title_html or escape(publication.title)
            parts: list[str | Link] = [escape(_("New paper")) + ": ", Link("paper", publication.key, title)]
            if venue := publication.venue_line_html:
                parts.append(f", {venue}")
            entries.append(
                NewsEntry("papers", f"paper-{publication.key}", publication.year, publication.month, None, tuple(parts))
            )
    if "talks" in wanted:
        for talk in site.talks.talks:
            year, month = model.month_key(talk.date)
            where = escape(_("{type} at {venue}").format(type=_(model.TALK_TYPE_LABELS[talk.type]), venue=talk.venue))
            talk_parts: tuple[str | Link, ...] = (
                (where + ": ", Link("talk", talk_id(talk), f"<em>{escape(talk.title)}</em>"))
                if talk.title
                else (Link("talk", talk_id(talk), where),)
            )
            entries.append(NewsEntry("talks", f"talk-{talk_id(talk)}", year, month, None, talk_parts))
    if "awards" in wanted and site.profile is not None:
        for award in site.profile.awards:
            title = escape(award.title)
            shown = f'<a class="reference external" href="{escape(award.url)}">{title}</a>' if award.url else title
            entries.append(
                NewsEntry(
                    "awards",
                    f"award-{award.year}-{slugify(award.title)}",
                    award.year,
                    None,
                    None,
                    (escape(_("Award")) + ": ", shown),
                )
            )
    if "members" in wanted:
        roles = {role.id: role.singular or role.label for role in site.people.roles}
        for member in site.people.members:
            year, month = model.month_key(member.start)
            joined = escape(" " + _("joined the lab ({role})").format(role=roles.get(member.role, member.role)))
            entries.append(
                NewsEntry(
                    "members",
                    f"joined-{member.id}",
                    year,
                    month,
                    None,
                    (Link("member", member.id, escape(member.name)), joined),
                )
            )
            if member.end:
                year, month = model.month_key(member.end)
                left = " " + _("left the lab")
                if member.placement:
                    left += f" ({member.placement})"
                entries.append(
                    NewsEntry(
                        "members",
                        f"left-{member.id}",
                        year,
                        month,
                        None,
                        (Link("member", member.id, escape(member.name)), escape(left)),
                    )
                )
    return entries


def news_entries(site: SiteData, derived: Iterable[str] = DERIVED) -> list[NewsEntry]:
    """Every news item, newest first: the written ones and those derived from the kinds ``derived``,
    except the items derived from a paper or talk that a written item links (that one is its news).
    Of items of the same date, written ones come first, then in the order of :data:`DERIVED`."""
    order = {kind: index for index, kind in enumerate(("news", *DERIVED))}
    told = {f"{objtype}-{getattr(item, objtype)}" for item in site.news.news for objtype in ("paper", "talk")}
    entries = written_entries(site.news) + [e for e in derived_entries(site, derived) if e.ident not in told]
    return sorted(entries, key=lambda e: (tuple(-v for v in e.sort_key), order[e.kind], e.ident))


def news_pages(entries: Sequence[NewsEntry], limit: int) -> list[list[NewsEntry]]:
    """The entries in pages of at most ``limit`` (0: one page); at least one page."""
    if limit <= 0 or len(entries) <= limit:
        return [list(entries)]
    return [list(entries[start : start + limit]) for start in range(0, len(entries), limit)]


#: resolves a link of an entry: (entry, link) -> (href or None, label HTML)
Resolver = Callable[[NewsEntry, Link], tuple[str | None, str]]


def entry_body_html(entry: NewsEntry, resolve: Resolver) -> str:
    """The item's text with its links resolved (no date)."""
    html = []
    for part in entry.parts:
        if isinstance(part, str):
            html.append(part)
            continue
        href, label = resolve(entry, part)
        label = part.label_html or label
        html.append(f'<a class="reference internal" href="{escape(href)}">{label}</a>' if href else label)
    return "".join(html)


def news_list_html(
    entries: Sequence[NewsEntry], resolve: Resolver, anchors: bool = True, language: str | None = None
) -> str:
    """The entries as a list, each with its date in ``<time datetime>``, shown in the form of the site's
    ``language`` (:meth:`NewsEntry.date_label`); ``anchors`` gives each item its id (on the news pages,
    not in a short list elsewhere)."""
    items = []
    for entry in entries:
        ident = f' id="{escape(entry.anchor)}"' if anchors else ""
        time = f'<time datetime="{entry.datetime}">{escape(entry.date_label(language))}</time>'

        items.append(f"<li{ident}><p>{time} · {entry_body_html(entry, resolve)}</p></li>")
    return '<ul class="simple labsite-news">\n' + "\n".join(items) + "\n</ul>"
