"""A long talk list in pages, as the publication list is: no page grows past a few hundred kilobytes.

With more than ``labsite_talks_page_limit`` talks (default 200; 0 never splits), the page with the
``talk-list`` directive shows the newest talks (page 1) and a pager; the older ones are on pages
without a source, ``<page>/page/<n>/``, written at ``html-collect-pages`` from the same nodes
(:mod:`labsite.sphinx.listings`: talks grouped by year, each with its ``talk-<id>`` anchor). Which
document holds the list, how it is split and on which page each talk is are facts of the ``labsite`` domain
(:meth:`~labsite.sphinx.domain.LabsiteDomain.talk_locations`), which the roles, the talks feed and the
talks' JSON-LD read too. The pages, their pager and the Atom feed are the shared mechanism of long lists
(:mod:`labsite.sphinx.longlist`); this module says what is particular to talks (:data:`TALKS`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..content import searchtext, views
from ..data import model
from ..data.dataset import talk_id
from ..locale import month_year
from . import listings, longlist
from .data import site_data
from .domain import labsite_domain
from .seo import talk_anchor_url

if TYPE_CHECKING:
    from ..content.feeds import FeedHead

logger = logging.getLogger("labsite")


class more_talks(nodes.General, nodes.Element):
    """Where a recent-talks list says how many more talks there are; becomes a paragraph linking the
    talks page once every page is read (`count` and `months` attributes)."""


def resolve_more_talks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: "N more talks from the last M months are on the talks page"."""
    doc = talks_doc(app)
    for node in list(doctree.findall(more_talks)):
        paragraph = nodes.paragraph(classes=["labsite-more-talks"])
        count = node["count"]
        talks = "talk from the last {} months is" if count == 1 else "talks from the last {} months are"
        paragraph += nodes.Text(f"{count} more {talks.format(node['months'])} on ")
        if doc is not None:
            reference = nodes.reference("", "", internal=True, refuri=app.builder.get_relative_uri(docname, doc))
            reference += nodes.Text("the talks page")
            paragraph += reference
        else:
            paragraph += nodes.Text("the talks page")
        paragraph += nodes.Text(".")
        node.replace_self(paragraph)


def pages(app: Sphinx) -> list[list[model.Talk]]:
    """The talks in pages (newest first) under the configured limit (the domain's
    :meth:`~labsite.sphinx.domain.LabsiteDomain.talk_split`)."""
    return labsite_domain(app.env).talk_split()


def talks_doc(app: Sphinx) -> str | None:
    """The document with the full talk list (the domain's :meth:`~labsite.sphinx.domain.LabsiteDomain.talks_doc`)."""
    return labsite_domain(app.env).talks_doc()


def pager_html(app: Sphinx, doc: str, current: str, number: int, count: int) -> str:
    """Links to every page of the talk list (:func:`labsite.sphinx.longlist.pager_html`), from page `current`."""
    return longlist.pager_html(app, TALKS, doc, current, number, count)


class TalkPages(longlist.LongList):
    """The talk list: ``talk-list`` shows page 1 (:class:`labsite.sphinx.directives.TalkList`)."""

    kind = "talks"
    words = ("Talks", "Pages of the talk list", "talks")
    head_priority = 449  # the first of the head's tags (seo.add_head_tags: 450)

    def split(self, app: Sphinx) -> list[list[Any]]:
        """The domain's :meth:`~labsite.sphinx.domain.LabsiteDomain.talk_split`."""
        return pages(app)

    def page_html(self, app: Sphinx, pagename: str, records: list[Any]) -> str:
        """Talks grouped by year: the nodes of the list page (:func:`labsite.sphinx.listings.talk_list`), as HTML."""
        anchors = listings.Anchors.of_page(app)
        return listings.html_fragment(app, pagename, anchors, listings.talk_list(views.talk_years(records), 2, anchors))

    def date_label(self, app: Sphinx, record: Any) -> str:
        """``September 2024``."""
        return month_year(record.date)

    def feed_records(self, app: Sphinx) -> list[Any]:
        """The talks a page shows (the domain's :meth:`~labsite.sphinx.domain.LabsiteDomain.talk_locations`);
        a warning for each one left out."""
        domain = labsite_domain(app.env)
        talks, where, page = site_data(app).talks.talks, domain.talk_locations(), domain.talks_doc()
        for talk in talks:
            if talk_id(talk) not in where:
                logger.warning(
                    f"talk {talk_id(talk)!r} is on no page; it is left out of the feed",
                    type="labsite",
                    subtype="feed",
                    location=page,  # the document: Sphinx shows its file
                )
        return [talk for talk in talks if talk_id(talk) in where]

    def feed_facts(self, app: Sphinx, records: list[Any]) -> list[object]:
        """The page and anchor of each talk (the domain's
        :meth:`~labsite.sphinx.domain.LabsiteDomain.talk_locations`)."""
        return [sorted(labsite_domain(app.env).talk_locations().items())]

    def feed(self, app: Sphinx, records: list[Any], head: FeedHead, path: str) -> bytes:
        """:func:`labsite.content.feeds.talks_feed`: each entry links the talk's own page (recording,
        event) or its entry on the site; ids from the talk's id."""
        from ..content import feeds  # feedgen (lxml): imported only when the feed is written

        where = labsite_domain(app.env).talk_locations()
        return feeds.talks_feed(
            records,
            head,
            anchor_url=lambda talk: talk_anchor_url(app, talk, where),
            entry_id=lambda talk: feeds.stable_id(app.config.project, path, talk_id(talk)),
        )

    def search_text(self, records: list[Any]) -> str | None:
        """The talks' titles, venues and co-presenters (:func:`labsite.content.searchtext.talks_text`)."""
        return searchtext.talks_text(records)


TALKS = TalkPages()


def setup_talk_pages(app: Sphinx) -> None:
    """Register the "more talks" node, the hook that resolves it, and the talk list's pages and feed."""
    app.add_node(more_talks)
    app.connect("doctree-resolved", resolve_more_talks)
    longlist.setup_long_list(app, TALKS)
