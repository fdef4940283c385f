"""News on the site: the ``news-list`` directive, the news page's further pages and the Atom feed of news.

The items (written in ``news.yaml`` and derived from dated records: :mod:`labsite.content.news`) are
rendered once, as HTML, when a page is written (``doctree-resolved``): their links point at the page
that shows each paper, talk or member, known only once every document is read. ``news-list`` shows every
item on the news page (the document holding a ``news-list`` without ``:limit:``); with ``:limit: N``, the
latest N (the home page). More than ``labsite_news_page_limit`` items: the newest on the news page, the
rest on ``<page>/page/<n>/``, with the pager of the other long lists (:mod:`labsite.content.pager`).
The feed (``labsite_news_feed``) has every item, with ids made from the kind and id of the record each
comes from and the site's name (:func:`labsite.content.feeds.stable_id`): adding an item never changes
another's id.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.typing import OptionSpec

from ..content import pager
from ..content.news import DERIVED, Link, NewsEntry, news_entries, news_list_html, news_pages
from ..locale import _
from .data import site_data
from .directives import DataDirective
from .domain import labsite_domain
from .search import mark_title_only
from .seo import base_url, page_url

logger = logging.getLogger("labsite")

#: the folder of the news list's further pages, under the news page: ``<page>/page/<n>``
PAGE_FOLDER = "page"


class news_list(nodes.General, nodes.Element):
    """Where a ``news-list`` goes; replaced by the items when the page is written (``limit``: 0 for all)."""


class NewsList(DataDirective):
    """Every news item, newest first, dates in ``<time datetime>``; ``:limit: N`` the latest N."""

    also_uses = ("publications", "talks", "people", "profile")
    option_spec: ClassVar[OptionSpec] = {"limit": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        """Note the data files the items come from; the items themselves are written with the page."""
        data = site_data(self.env.app)
        for collection in self.uses:
            if (path := data.path(collection)).is_file():
                self.env.note_dependency(str(path))
        for catalog in labsite_domain(self.env).data.get("catalogs", ()):
            self.env.note_dependency(catalog)
        limit = self.options.get("limit", 0)
        if not limit:  # the news page: the domain knows it as the page showing most news items
            first = entries_in_pages(self.env.app)[0]
            labsite_domain(self.env).note_shown(self.env.docname, "news", [(e.ident, e.anchor) for e in first])
            mark_title_only(self.env, self.env.docname)  # its items are the records' own pages' news
        return [news_list(limit=limit)]


def derived_kinds(app: Sphinx) -> list[str]:
    """The kinds of derived items ``labsite_news_derived`` asks for (comma- or space-separated)."""
    return [name for name in app.config.labsite_news_derived.replace(",", " ").split() if name in DERIVED]


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
    """The items in the pages of the news list (``labsite_news_page_limit`` each)."""
    return news_pages(entries(app), app.config.labsite_news_page_limit)


def news_doc(app: Sphinx) -> str | None:
    """The news page: the document showing most news items (None if no page shows them all)."""
    pages = labsite_domain(app.env).pages_showing("news")
    return pages[0] if pages else None


def pagename(doc: str, number: int) -> str:
    """Page ``number`` (1-based) of the news list of ``doc``."""
    return doc if number == 1 else f"{doc}/{PAGE_FOLDER}/{number}"


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
        titles = {p.key: p.title for p in site_data(app).publications}
        return domain.paper_in_list(link.target), escape(titles.get(link.target, link.target))
    if link.objtype == "page":
        doc = link.target.strip("/")
        if doc not in app.env.found_docs:
            if entry is not None and entry.source is not None:
                logger.warning(
                    f"entry {entry.ident.removeprefix('news-')!r}, field 'page': no page {link.target!r}; "
                    "expected a page of the site, without suffix (e.g. people/join)",
                    location=str(site_data(app).path("news")),
                    type="labsite",
                    subtype="news",
                )
            return None, escape(link.target)
        title = app.env.titles[doc].astext() if doc in app.env.titles else doc
        return (doc, ""), escape(title)
    return domain.where(link.objtype, link.target), escape(domain.record_title(link.objtype, link.target))


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
    return news_list_html(shown, resolver(app, fromdoc), anchors)


def pager_html(app: Sphinx, doc: str, current: str, number: int, count: int) -> str:
    """Links to every page of the news list, from page ``current``."""
    hrefs = [app.builder.get_relative_uri(current, pagename(doc, n)) for n in range(1, count + 1)]
    return pager.pager_html(hrefs, number, _("Pages of the news list"))


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
            bar = pager_html(app, docname, docname, 1, len(split))
            html = "\n".join([bar, html, bar])
        node.replace_self(nodes.raw("", html, format="html"))


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: pages 2 on of a long news list."""
    if app.builder.format != "html":
        return
    doc = news_doc(app)
    split = entries_in_pages(app)
    if doc is None or len(split) == 1:
        return
    title = app.env.titles[doc].astext() if doc in app.env.titles else _("News")
    for number, shown in enumerate(split[1:], 2):
        name = pagename(doc, number)
        heading = f"{title} " + _("(page {number})").format(number=number)
        bar = pager_html(app, doc, name, number, len(split))
        body = "\n".join(
            [
                f'<section id="news-page-{number}"><h1>{escape(heading)}</h1>',
                bar,
                list_html(app, name, shown, anchors=True),
                bar,
                "</section>",
            ]
        )
        description = f"{heading}: {len(shown)} items, {shown[0].datetime} to {shown[-1].datetime}, newest first."
        yield name, {"title": heading, "body": body, "labsite_description": description}, "labsite/news.html"


# --- the Atom feed ------------------------------------------------------------------------------


def feed_title(app: Sphinx) -> str:
    """ "<owner>: <news page title>"."""
    doc = news_doc(app)
    title = app.env.titles[doc].astext() if doc and doc in app.env.titles else _("News")
    profile = site_data(app).profile
    return f"{profile.name}: {title}" if profile else title


def feed_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context`` (after the talks feed's link): the news feed's ``<link rel="alternate">``."""
    path = app.config.labsite_news_feed
    if app.builder.format != "html" or getattr(app.builder, "embedded", False):
        return
    if not path or not entries(app) or news_doc(app) is None:
        return
    href = context["pathto"](path, 1)
    link = f'<link rel="alternate" type="application/atom+xml" title="{escape(feed_title(app))}" href="{escape(href)}">'
    context["metatags"] = context.get("metatags", "") + "\n" + link


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the Atom feed of news; kept as it is when nothing it shows changed."""
    if exception is not None or app.builder.format != "html" or getattr(app.builder, "embedded", False):
        return
    path, doc, items = app.config.labsite_news_feed, news_doc(app), entries(app)
    if not path or not items or doc is None:
        return
    domain = labsite_domain(app.env)
    target_file = Path(app.outdir) / path
    if target_file.is_file() and not domain.pages_outdated(app.builder, []):
        return
    from ..content import feeds  # feedgen (lxml): imported only when the feed is written

    where = locations(app)
    profile = site_data(app).profile
    feed = feeds.news_feed(
        items,
        title=feed_title(app),
        author=profile.name if profile else app.config.author,
        home_url=page_url(app, app.config.root_doc),
        page_url=page_url(app, doc),
        feed_url=base_url(app) + path,
        entry_url=lambda entry: page_url(app, where[entry.ident][0]) + "#" + entry.anchor,
        resolve=resolver(app, doc, absolute=True),
        # ids from the site's name, the feed's path and the record's kind and id, never the address
        feed_id=feeds.stable_id(app.config.project, path),
        entry_id=lambda entry: feeds.stable_id(app.config.project, path, entry.kind, entry.ident),
        language=app.config.language,
    )
    target_file.parent.mkdir(parents=True, exist_ok=True)
    target_file.write_bytes(feed)


def setup_news(app: Sphinx) -> None:
    """Register the ``news-list`` directive, its pages and its feed."""
    app.add_node(news_list)
    app.add_directive("news-list", NewsList)
    app.connect("builder-inited", check_settings)
    app.connect("doctree-resolved", resolve_news_lists)
    app.connect("html-collect-pages", collect_pages)
    app.connect("html-page-context", feed_link, priority=451)
    app.connect("build-finished", write_feed, priority=610)
