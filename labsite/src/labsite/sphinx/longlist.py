"""Long lists with pages and an Atom feed: one mechanism for every record kind whose row in the table of
record kinds (:data:`labsite.data.kinds.KINDS`) names a folder of further pages and a feed setting (the
talks and the news).

A kind's list is shown in full by one document, its list page: of the documents showing the kind, the one
showing most (the ``labsite`` domain's :meth:`~labsite.sphinx.domain.LabsiteDomain.pages_showing`). With
more records than its page limit, the newest are on that page and the rest on ``<page>/<folder>/<n>/``
(``<folder>`` is the row's first ``pages`` entry), written at ``html-collect-pages`` with the same pager
(:func:`labsite.content.pager.pager_html`) above and below the list. The Atom feed goes where the row's
``feed_setting`` says, is linked from every page's head, and is written at ``build-finished`` (before
``llms.txt``, which names it). The further pages and the feed register what they show with the
``labsite`` domain (:meth:`~labsite.sphinx.domain.LabsiteDomain.page_depends`,
:meth:`~labsite.sphinx.domain.LabsiteDomain.output_depends`) and are kept as they are when none of it
changed. A site without
``html_baseurl`` gets feeds whose links are relative to its root, with an ``xml:base`` that readers resolve
them against (:func:`labsite.content.feeds.atom_bytes`), so the feed works wherever the site is served.

What differs per kind is a :class:`LongList`, set up by the kind's own module
(:mod:`labsite.sphinx.talkpages`, :mod:`labsite.sphinx.news`) with :func:`setup_long_list`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from html import escape
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, ClassVar

from sphinx.application import Sphinx

from ..content import pager
from ..data.kinds import RecordKind, kind
from ..locale import _
from . import seo
from .data import site_data
from .domain import labsite_domain
from .search import SEARCH_PAGES_EVENT, SearchPage
from .seo import FEED_TYPE, base_url, page_url

if TYPE_CHECKING:
    from ..content.feeds import FeedHead

Page = tuple[str, dict[str, Any], str]  # (pagename, context, template), as ``html-collect-pages`` yields


class LongList:
    """How one kind's long list is split, shown and fed; everything else is shared (see the module). A
    kind's module subclasses it, names the kind and its words, and implements the methods."""

    #: the kind's name in the table (``talks``): its row gives the folder of further pages, the feed
    #: setting and the object type under which the list page notes its records (the kind's name without
    #: one); the further pages' template is ``labsite/<kind>.html``
    kind: ClassVar[str]
    #: the list's title when its page has none, the pager's label for screen readers, and what its records
    #: are called in a further page's description (English; the first two are msgids of the catalog)
    words: ClassVar[tuple[str, str, str]]
    #: ``html-page-context`` priority of the feed's ``<link>`` (where it falls among the head's tags)
    head_priority: ClassVar[int] = 451

    @property
    def row(self) -> RecordKind:
        """The kind's row in the table of record kinds."""
        return kind(self.kind)

    @property
    def shown_as(self) -> str:
        """The object type under which the list page notes the records it shows (``talk``, ``news``)."""
        return self.row.objtype or self.row.name

    def split(self, app: Sphinx) -> list[list[Any]]:
        """The records in pages, newest first (at least one page, possibly empty)."""
        raise NotImplementedError

    def page_html(self, app: Sphinx, pagename: str, records: list[Any]) -> str:
        """The records of a further page as HTML, links relative to ``pagename``."""
        raise NotImplementedError

    def date_label(self, app: Sphinx, record: Any) -> str:
        """A record's date as shown (the site's locale form), for the further pages' descriptions."""
        raise NotImplementedError

    def feed_records(self, app: Sphinx) -> list[Any]:
        """The records the feed has (warning about any it must leave out)."""
        raise NotImplementedError

    def feed(self, app: Sphinx, records: list[Any], head: FeedHead, path: str) -> bytes:
        """The feed of ``records`` (``head``: what every feed has; ``path``: where it goes, for entry ids)."""
        raise NotImplementedError

    def search_text(self, records: list[Any]) -> str | None:
        """The text of a further page for the search index (None: the pages are not indexed)."""
        return None

    def page_facts(self, app: Sphinx, records: list[Any]) -> list[object]:
        """What a further page showing ``records`` shows besides them, its title and the page count (facts
        with a stable ``repr``, registered with the ``labsite`` domain's
        :meth:`~labsite.sphinx.domain.LabsiteDomain.page_depends`)."""
        return []

    def feed_facts(self, app: Sphinx, records: list[Any]) -> list[object]:
        """What the feed of ``records`` shows besides them and its title (see :meth:`page_facts`)."""
        return []


def list_doc(app: Sphinx, spec: LongList) -> str | None:
    """The document with the full list: of those showing the kind, the one showing most, then the first
    in the navigation. None if no page shows it."""
    pages = labsite_domain(app.env).pages_showing(spec.shown_as)
    return pages[0] if pages else None


def pagename(spec: LongList, docname: str, number: int) -> str:
    """Page ``number`` (1-based) of the list of ``docname``: the document itself for page 1, else
    ``<docname>/<folder>/<number>``."""
    return docname if number == 1 else f"{docname}/{spec.row.pages[0]}/{number}"


def list_title(app: Sphinx, spec: LongList, doc: str | None) -> str:
    """The title of the list page (the list's default title when it has none)."""
    return app.env.titles[doc].astext() if doc and doc in app.env.titles else _(spec.words[0])


def page_heading(title: str, number: int) -> str:
    """``<title> (page <number>)``, the title of a further page."""
    return f"{title} " + _("(page {number})").format(number=number)


def pager_html(app: Sphinx, spec: LongList, doc: str, current: str, number: int, count: int) -> str:
    """Links to every page of the list of ``doc`` (``count`` pages), from page ``current`` (number ``number``)."""
    hrefs = [app.builder.get_relative_uri(current, pagename(spec, doc, n)) for n in range(1, count + 1)]
    return pager.pager_html(hrefs, number, _(spec.words[1]))


def collect_pages(spec: LongList, app: Sphinx) -> Iterator[Page]:
    """``html-collect-pages``: pages 2 on of a long list, each ``<section id="<kind>-page-<n>">`` with the
    heading, the pager, the records and the pager again."""
    if app.builder.format != "html":
        return
    doc, split = list_doc(app, spec), spec.split(app)
    if doc is None or len(split) == 1:
        return
    title = list_title(app, spec, doc)
    for number, records in enumerate(split[1:], 2):
        name = pagename(spec, doc, number)
        template = f"labsite/{spec.kind}.html"
        facts = [title, len(split), *spec.page_facts(app, records)]
        if not labsite_domain(app.env).page_depends(
            app.builder, name, records=records, templates=[template], facts=facts
        ):
            continue  # the page written by an earlier build shows the same
        heading = page_heading(title, number)
        bar = pager_html(app, spec, doc, name, number, len(split))
        body = "\n".join(
            [
                f'<section id="{spec.kind}-page-{number}"><h1>{escape(heading)}</h1>',
                bar,
                spec.page_html(app, name, records),
                bar,
                "</section>",
            ]
        )
        newest, oldest = spec.date_label(app, records[0]), spec.date_label(app, records[-1])
        description = f"{heading}: {len(records)} {spec.words[2]}, {newest} to {oldest}, newest first."
        yield name, {"title": escape(heading), "body": body, "labsite_description": description}, template


def search_pages(spec: LongList, app: Sphinx) -> list[SearchPage]:
    """``labsite-search-pages``: pages 2 on of a long list, by their title and records."""
    doc, split = list_doc(app, spec), spec.split(app)
    if app.builder.format != "html" or doc is None or len(split) == 1:
        return []
    title = list_title(app, spec, doc)
    found = []
    for number, records in enumerate(split[1:], 2):
        text = spec.search_text(records)
        if text is not None:
            found.append(SearchPage(pagename(spec, doc, number), page_heading(title, number), text))
    return found


# --- the Atom feed ------------------------------------------------------------------------------


def feed_path(app: Sphinx, spec: LongList) -> str:
    """Where the feed goes, from the output folder ('' for no feed): the row's ``feed_setting``."""
    setting = spec.row.feed_setting
    return getattr(app.config, setting) if setting else ""


def feed_title(app: Sphinx, spec: LongList) -> str:
    """ "<owner>: <list page title>" (:func:`labsite.sphinx.seo.feed_title`)."""
    return seo.feed_title(app, list_title(app, spec, list_doc(app, spec)))


def xml_base(app: Sphinx, path: str) -> str | None:
    """The feed's ``xml:base`` when the site has no ``html_baseurl`` (its links are then relative to the
    site's root): the way from the feed's folder to the root (``../`` for ``feeds/talks.xml``). None when
    the links are absolute."""
    if base_url(app):
        return None
    depth = len(PurePosixPath(path).parts) - 1
    return "../" * depth or "./"


def feed_head(app: Sphinx, spec: LongList, doc: str, path: str) -> FeedHead:
    """What the feed of ``spec`` (at ``path``, its list on ``doc``) has besides its entries."""
    from ..content.feeds import FeedHead, stable_id  # feedgen (lxml): imported only when a feed is written

    profile = site_data(app).profile
    return FeedHead(
        title=feed_title(app, spec),
        author=profile.name if profile else app.config.author,
        home_url=page_url(app, app.config.root_doc),
        page_url=page_url(app, doc),
        feed_url=base_url(app) + path,
        # ids from the site's name and the feed's path, never its address (see labsite.content.feeds)
        feed_id=stable_id(app.config.project, path),
        language=app.config.language,
        xml_base=xml_base(app, path),
    )


def feed_link(
    spec: LongList, app: Sphinx, pagename_: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: the feed's ``<link rel="alternate">`` in the page's head."""
    if app.builder.format != "html" or getattr(app.builder, "embedded", False):
        return
    path = feed_path(app, spec)
    if not path or list_doc(app, spec) is None or not any(spec.split(app)):
        return
    href = context["pathto"](path, 1)
    link = f'<link rel="alternate" type="{FEED_TYPE}" title="{escape(feed_title(app, spec))}" href="{escape(href)}">'
    context["metatags"] = context.get("metatags", "") + "\n" + link


def write_feed(spec: LongList, app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the feed, kept as it is when nothing it shows changed (data, settings, pages)."""
    if exception is not None or app.builder.format != "html" or getattr(app.builder, "embedded", False):
        return
    path, doc = feed_path(app, spec), list_doc(app, spec)
    if not path or doc is None or not any(spec.split(app)):
        return
    records = spec.feed_records(app)
    if not records:
        return
    seo.note_feed(app, path, feed_title(app, spec))  # for llms.txt, whether the file is rewritten or kept
    facts = [feed_title(app, spec), *spec.feed_facts(app, records)]
    if not labsite_domain(app.env).output_depends(
        app.builder, PurePosixPath(path).as_posix(), records=records, facts=facts
    ):
        return  # the feed written by an earlier build has the same entries
    target = Path(app.outdir) / path
    feed = spec.feed(app, records, feed_head(app, spec, doc, path), path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(feed)


def setup_long_list(app: Sphinx, spec: LongList) -> None:
    """Register the further pages, their search entries and the feed of ``spec``'s list. Raises
    LookupError when the kind's row names no folder of further pages or no feed setting."""
    row = spec.row
    if not row.pages or not row.feed_setting:
        raise LookupError(f"labsite: record kind {row.name!r} names no pages or no feed_setting in labsite.data.kinds")
    app.connect("html-collect-pages", partial(collect_pages, spec))
    app.connect(SEARCH_PAGES_EVENT, partial(search_pages, spec))
    app.connect("html-page-context", partial(feed_link, spec), priority=spec.head_priority)
    # before `seo.finish` (600), whose llms.txt names the feeds written
    app.connect("build-finished", partial(write_feed, spec), priority=599)
