"""A long talk list in pages, as the publication list is: no page grows past a few hundred kilobytes.

With more than ``labsite_talks_page_limit`` talks (default 200; 0 never splits), the page with the
``talk-list`` directive shows the newest talks (page 1) and a pager; the older ones are on pages
without a source, ``<page>/page/<n>/``, written at ``html-collect-pages`` in the same markup (talks
grouped by year, each with its ``talk-<id>`` anchor). Which document holds the list, how it is split
and on which page each talk is are facts of the ``labsite`` domain
(:meth:`~labsite.sphinx.domain.LabsiteDomain.talk_locations`), which the roles, the talks feed and the
talks' JSON-LD read too.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..content import pager, render, searchtext
from ..data import model
from ..locale import _
from .domain import labsite_domain
from .domain import talk_pagename as pagename
from .search import SEARCH_PAGES_EVENT, SearchPage


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
    """Links to every page of the talk list (:func:`labsite.content.pager.pager_html`), from page `current`."""
    hrefs = [app.builder.get_relative_uri(current, pagename(doc, n)) for n in range(1, count + 1)]
    return pager.pager_html(hrefs, number, _("Pages of the talk list"))


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: pages 2 on of a long talk list."""
    if app.builder.format != "html":
        return
    doc = talks_doc(app)
    split = pages(app)
    if doc is None or len(split) == 1:
        return
    title = app.env.titles[doc].astext() if doc in app.env.titles else _("Talks")
    for number, talks in enumerate(split, 1):
        if number == 1:
            continue
        name = pagename(doc, number)
        shown = f"{title} " + _("(page {number})").format(number=number)
        pager = pager_html(app, doc, name, number, len(split))
        body = "\n".join(
            [
                f'<section id="talks-page-{number}"><h1>{escape(shown)}</h1>',
                pager,
                render.talk_list_html(talks, 2),
                pager,
                "</section>",
            ]
        )
        newest, oldest = talks[0], talks[-1]
        description = f"{shown}: {len(talks)} talks, {newest.date} to {oldest.date}, newest first."
        yield name, {"title": shown, "body": body, "labsite_description": description}, "labsite/talks.html"


def search_pages(app: Sphinx) -> list[SearchPage]:
    """``labsite-search-pages``: pages 2 on of a long talk list, by their title and talks."""
    doc = talks_doc(app)
    split = pages(app)
    if app.builder.format != "html" or doc is None or len(split) == 1:
        return []
    title = app.env.titles[doc].astext() if doc in app.env.titles else _("Talks")
    return [
        SearchPage(pagename(doc, number), f"{title} " + _("(page {number})").format(number=number),
                   searchtext.talks_text(talks))
        for number, talks in enumerate(split[1:], 2)
    ]  # fmt: skip


def setup_talk_pages(app: Sphinx) -> None:
    """Register the "more talks" node and the hooks."""
    app.add_node(more_talks)
    app.connect("doctree-resolved", resolve_more_talks)
    app.connect("html-collect-pages", collect_pages)
    app.connect(SEARCH_PAGES_EVENT, search_pages)
