"""News on the site: the ``news-list`` directive, the news page's further pages and the Atom feed of news.

The items (written in ``news.yaml`` and derived from dated records: :mod:`labsite.content.news`) are
rendered once, as HTML, when a page is written (``doctree-resolved``): their links point at the page
that shows each paper, talk or member, known only once every document is read. ``news-list`` shows every
item on the news page (the document holding a ``news-list`` without ``:limit:``); with ``:limit: N``, the
latest N (the home page). More than ``labsite_news_page_limit`` items: the newest on the news page, the
rest on ``<page>/page/<n>/``: the pages, their pager and the feed are the mechanism of every long list
(:mod:`labsite.sphinx.longlist`), which :data:`NEWS` tells what is particular to news. The feed
(``labsite_news_feed``) has every item, with ids made from the kind and id of the record each comes
from and the site's name (:func:`labsite.content.feeds.stable_id`): adding an item never changes
another's id.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.typing import OptionSpec

from ..content.news import DERIVED, Link, NewsEntry, news_entries, news_list_html, news_pages
from ..locale import _
from . import longlist
from .data import site_data
from .directives import DataDirective
from .domain import labsite_domain
from .search import mark_title_only
from .seo import page_url

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..content.feeds import FeedHead
    from ..data.dataset import SiteData

logger = logging.getLogger("labsite")


class news_list(nodes.General, nodes.Element):
    """Where a ``news-list`` goes; replaced by the items when the page is written (``limit``: 0 for all)."""


class NewsList(DataDirective):
    """Every news item, newest first, dates in ``<time datetime>``; ``:limit: N`` the latest N."""

    also_uses = ("publications", "talks", "people", "profile")
    option_spec: ClassVar[OptionSpec] = {"limit": directives.positive_int}

    def read_arguments(self) -> tuple[Any, ...] | None:
        """(limit,): what the page holds when read (:func:`read_fact`); the items come when it is written
        (:func:`register_news_lists`)."""
        return (self.options.get("limit", 0),)

    def build(self, data: SiteData) -> list[nodes.Node]:
        """A placeholder for the items, which are written with the page (the page depends on the data
        files the items come from: :meth:`DataDirective.run`)."""
        limit = self.options.get("limit", 0)
        if not limit:  # the news page: the domain knows it as the page showing most news items
            first = entries_in_pages(self.env.app)[0]
            labsite_domain(self.env).note_shown(self.env.docname, "news", [(e.ident, e.anchor) for e in first])
            mark_title_only(self.env, self.env.docname)  # its items are the records' own pages' news
        return [news_list(limit=limit)]


def read_fact(app: Sphinx, limit: int) -> list[tuple[str, str]]:
    """What a ``news-list`` holds of the papers when its page is read: on the news page (no ``limit``),
    the items of the list's first page, by ident and anchor (noted as shown); else nothing."""
    return [] if limit else [(e.ident, e.anchor) for e in entries_in_pages(app)[0]]


def register_news_lists(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` (before :mod:`labsite.sphinx.freshness` compares): register with the ``labsite``
    domain what each page's ``news-list`` fills in when written (:func:`resolve_news_lists`): its items,
    where and under which label each of their links to a record goes (the titles of pages are the
    navigation, which every page shows) and the number of pages of the list, so that the page is written
    again when they change, without being read again. Returns no documents."""
    domain = labsite_domain(env)
    for doc, found in domain.documents_showing("news-list").items():
        if doc not in env.found_docs:
            continue
        for (limit,) in found:
            split = entries_in_pages(app)
            shown = entries(app)[:limit] if limit else split[0]
            links = [
                (link.objtype, link.target, None if link.objtype == "page" else target(app, link, entry))
                for entry in shown
                for link in entry.parts
                if isinstance(link, Link)
            ]
            domain.document_depends(doc, ("news-list", limit, 0 if limit else len(split), links), records=shown)
    return []


def derived_kinds(app: Sphinx) -> list[str]:
    """The kinds of derived items ``labsite_news_derived`` asks for (comma- or space-separated)."""
    return [name for name in app.config.labsite_news_derived.replace(",", " ").split() if name in DERIVED]


def register_read_fact(app: Sphinx) -> None:
    """``builder-inited``: register :func:`read_fact` with the ``labsite`` domain, as ``news-list``'s
    (HTML builders only: the others write a page only when it is read)."""
    if app.builder.format != "html":
        return
    labsite_domain(app.env).register_read_fact("news-list", lambda arguments: read_fact(app, arguments[0]))


def check_settings(app: Sphinx) -> None:
    """``builder-inited``: warn about a name in ``labsite_news_derived`` that is no kind of derived item."""
    for name in app.config.labsite_news_derived.replace(",", " ").split():
        if name not in DERIVED:
            logger.warning(
                f"labsite_news_derived: unknown kind {name!r}; expected some of: {', '.join(DERIVED)}",
                type="labsite",
                subtype="config",
            )


def entries(app: Sphinx) -> list[NewsEntry]:
    """Every news item of this build, newest first (made once per build)."""
    domain = labsite_domain(app.env)
    return domain.per_build("news", lambda: news_entries(site_data(app), derived_kinds(app)))


def entries_in_pages(app: Sphinx) -> list[list[NewsEntry]]:
    """The items in the pages of the news list (``labsite_news_page_limit`` each; made once per build:
    every page's head asks whether there are any, for the feed's link)."""
    limit = app.config.labsite_news_page_limit
    return labsite_domain(app.env).per_build("news-pages", lambda: news_pages(entries(app), limit))


def news_doc(app: Sphinx) -> str | None:
    """The news page: the document showing most news items (None if no page shows them all)."""
    return longlist.list_doc(app, NEWS)


def pagename(doc: str, number: int) -> str:
    """Page ``number`` (1-based) of the news list of ``doc``."""
    return longlist.pagename(NEWS, doc, number)


def locations(app: Sphinx) -> dict[str, tuple[str, str]]:
    """Item ident -> (page name, anchor) on the news pages."""
    doc = news_doc(app)
    if doc is None:
        return {}
    return {
        entry.ident: (pagename(doc, number), entry.anchor)
        for number, page in enumerate(entries_in_pages(app), 1)
        for entry in page
    }


def target(app: Sphinx, link: Link, entry: NewsEntry | None = None) -> tuple[tuple[str, str] | None, str]:
    """(page name, anchor) of what a link names (None when no page shows it), and its label as HTML."""
    domain = labsite_domain(app.env)
    if link.objtype == "paper":
        titles = domain.per_build("paper-titles", lambda: {p.key: p.title for p in site_data(app).publications})
        return domain.paper_in_list(link.target), escape(titles.get(link.target, link.target))
    if link.objtype == "page":
        doc = link.target.strip("/")
        if doc not in app.env.found_docs:
            warned = domain.per_build("news-page-warnings", set)
            if entry is not None and entry.source is not None and (entry.ident, doc) not in warned:
                warned.add((entry.ident, doc))  # once, not on each page and feed showing the item
                data = site_data(app)
                lines = data.lines.get("news", {})
                line = lines.get((*entry.source, "page"), lines.get(entry.source, 0))
                logger.warning(
                    f"entry {entry.ident!r}, field 'page': no page {link.target!r}; "
                    "expected a page of the site, without suffix (e.g. people/join)",
                    location=f"{data.path('news')}:{line}",
                    type="labsite",
                    subtype="news",
                )
            return None, escape(link.target)
        title = app.env.titles[doc].astext() if doc in app.env.titles else doc
        return (doc, ""), escape(title)
    return domain.where(link.objtype, link.target), escape(domain.record_title(link.objtype, link.target))


def paper_links(app: Sphinx, shown: list[NewsEntry]) -> list[object]:
    """Where the papers the items link to are listed (the domain's ``paper_in_list``): part of what a news
    page or the feed registers it shows (the titles are in the items)."""
    domain = labsite_domain(app.env)
    links = {p.target for entry in shown for p in entry.parts if isinstance(p, Link) and p.objtype == "paper"}
    return [(key, domain.paper_in_list(key)) for key in sorted(links)]


def resolver(app: Sphinx, fromdoc: str, absolute: bool = False) -> Any:
    """A :data:`labsite.content.news.Resolver` for links on page ``fromdoc`` (or absolute, for the feed)."""

    def resolve(entry: NewsEntry, link: Link) -> tuple[str | None, str]:
        found, label = target(app, link, entry)
        if found is None:
            return None, label
        page, anchor = found
        href = page_url(app, page) if absolute else app.builder.get_relative_uri(fromdoc, page)
        return href + (f"#{anchor}" if anchor else ""), label

    return resolve


def list_html(app: Sphinx, fromdoc: str, shown: list[NewsEntry], anchors: bool) -> str:
    """The items as HTML for page ``fromdoc`` (:func:`labsite.content.news.news_list_html`)."""
    return news_list_html(shown, resolver(app, fromdoc), anchors, app.config.language)


def resolve_news_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the items of each ``news-list`` of the page, links resolved."""
    for node in list(doctree.findall(news_list)):
        limit = node["limit"]
        split = entries_in_pages(app)
        shown = entries(app)[:limit] if limit else split[0]
        if not shown:
            node.replace_self(nodes.paragraph("", _("No news yet.")))
            continue
        html = list_html(app, docname, shown, anchors=not limit)
        if not limit and len(split) > 1:
            bar = longlist.pager_html(app, NEWS, docname, docname, 1, len(split))
            html = "\n".join([bar, html, bar])
        node.replace_self(nodes.raw("", html, format="html"))


class NewsPages(longlist.LongList):
    """The news list: ``news-list`` without ``:limit:`` shows page 1 (:func:`resolve_news_lists`)."""

    kind = "news"
    words = ("News", "Pages of the news list", "items")
    head_priority = 451  # after the head's other tags (seo.add_head_tags: 450)

    def split(self, app: Sphinx) -> list[list[Any]]:
        """:func:`entries_in_pages`."""
        return entries_in_pages(app)

    def page_html(self, app: Sphinx, pagename: str, records: list[Any]) -> str:
        """The items, each with its anchor, links relative to ``pagename``."""
        return list_html(app, pagename, records, anchors=True)

    def date_label(self, app: Sphinx, record: Any) -> str:
        """The item's date in the site's locale form (:meth:`labsite.content.news.NewsEntry.date_label`)."""
        label: str = record.date_label(app.config.language)
        return label

    def feed_records(self, app: Sphinx) -> list[Any]:
        """Every item (:func:`entries`)."""
        return entries(app)

    def page_facts(self, app: Sphinx, records: list[Any]) -> list[object]:
        """Where the papers the items link to are listed (:func:`paper_links`)."""
        return paper_links(app, records)

    def feed_facts(self, app: Sphinx, records: list[Any]) -> list[object]:
        """Where the papers the items link to are listed and the pages each item is on."""
        return [paper_links(app, records), locations(app)]

    def feed(self, app: Sphinx, records: list[Any], head: FeedHead, path: str) -> bytes:
        """:func:`labsite.content.feeds.news_feed`: each entry links the item on the news pages, its links
        absolute; ids from the kind and id of the record each item comes from, so adding an item never
        changes another's id."""
        from ..content import feeds  # feedgen (lxml): imported only when the feed is written

        where, doc = locations(app), news_doc(app)
        return feeds.news_feed(
            records,
            head,
            entry_url=lambda entry: page_url(app, where[entry.ident][0]) + "#" + entry.anchor,
            resolve=resolver(app, doc or app.config.root_doc, absolute=True),
            entry_id=lambda entry: feeds.stable_id(app.config.project, path, entry.kind, entry.ident),
        )


NEWS = NewsPages()


def setup_news(app: Sphinx) -> None:
    """Register the ``news-list`` directive, its pages and its feed."""
    app.add_node(news_list)
    app.add_directive("news-list", NewsList)
    app.connect("builder-inited", check_settings)
    app.connect("doctree-resolved", resolve_news_lists)
    app.connect("builder-inited", register_read_fact)
    app.connect("env-updated", register_news_lists, priority=850)
    longlist.setup_long_list(app, NEWS)
