"""View data -> docutils nodes: the one rendering of what the record directives show (talks, members,
alumni, profile card, awards, education, career, projects, research areas, courses).

:mod:`labsite.content.views` says what a listing shows; the functions here build its nodes, the same
for the page with the directive (:mod:`labsite.sphinx.directives`, which returns them) and for the further
pages of a long list (:mod:`labsite.sphinx.talkpages`, :mod:`labsite.sphinx.peoplepages`, which write
them as HTML with :func:`html_fragment`). sphinx-design's grids and cards are built as its directives
build them (:func:`sphinx_design.shared.create_component`, the same classes), so they look the same.
Headings and anchors are registered with an :class:`Anchors`: the host document's (ids and names as a
MyST heading or ``(label)=`` target would get them, so links, roles and feeds find the same anchors as
before), or a document of the further page's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from docutils import nodes
from myst_parser.mdit_to_docutils.transforms import AddSlugIds
from myst_parser.slugs import github_slugify, unique_slug
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, new_document
from sphinx_design.grids import gutter_option, item_columns_option, row_columns_option
from sphinx_design.shared import PassthroughTextElement, create_component

from ..content import views

#: makes the link to a member's papers (:func:`papers_xref`)
PapersRef = Callable[[views.PapersLink], nodes.Node]


class Anchors:
    """Registers a listing's headings and anchors with ``document``, as MyST does for a heading (an
    implicit target, plus its slug as a second HTML id while the heading's level is at most
    ``heading_anchors``) and for an ``(anchor)=`` or ``{#anchor}`` (an explicit target).

    ``slugs``: the slugs of the page so far (MyST's, in a MyST page), extended by the headings made here;
    ``later``: the slugs become ids when the document's transforms run (after every other id is given,
    as MyST's are: a page read by Sphinx), else at once (a page rendered on its own)."""

    def __init__(
        self,
        document: nodes.document,
        heading_anchors: int = 0,
        slug_func: Callable[[str], str] | None = None,
        slugs: dict[str, Any] | None = None,
        later: bool = False,
    ) -> None:
        self.document = document
        self.heading_anchors = heading_anchors
        self.slug_func = slug_func or github_slugify
        self.slugs: dict[str, Any] = {} if slugs is None else slugs
        #: whether slugs become ids when the document's transforms run (a page read by Sphinx), else at once
        self.later = later

    @classmethod
    def of_directive(cls, directive: SphinxDirective) -> Anchors:
        """The anchors of the document ``directive`` stands in (its MyST slugs too, in a MyST page)."""
        config = getattr(directive.env, "myst_config", None)
        renderer = getattr(directive.state, "_renderer", None)  # MyST's MockState in a MyST page
        slugs = getattr(renderer, "_heading_slugs", None)
        func = getattr(config, "heading_slug_func", None)
        return cls(
            directive.state.document,
            int(getattr(config, "heading_anchors", 0) or 0),
            func if callable(func) else None,
            slugs if isinstance(slugs, dict) else None,
            later=True,
        )

    @classmethod
    def of_page(cls, app: Sphinx) -> Anchors:
        """The anchors of a page without a source (a further page of a long list): a new document with the
        build's id prefix, the site's MyST heading-anchor depth."""
        document = new_document("<labsite listing>")
        document.settings.auto_id_prefix = "id"  # as Sphinx's documents number their ids
        document.settings.id_prefix = ""
        func = app.config.myst_heading_slug_func if hasattr(app.config, "myst_heading_slug_func") else None
        depth = app.config.myst_heading_anchors if hasattr(app.config, "myst_heading_anchors") else 0
        return cls(document, int(depth or 0), func if callable(func) else None)

    def section(self, title: str, level: int) -> nodes.section:
        """A section titled ``title`` (plain text) whose heading is of ``level`` (1-6) on the page."""
        section = nodes.section()
        section += nodes.title(title, title)
        section["names"].append(nodes.fully_normalize_name(title))
        self.document.note_implicit_target(section, section)
        slug = unique_slug(self.slug_func(title), self.slugs) if level <= self.heading_anchors else ""
        if slug:
            self.slugs[slug] = (None, section["ids"][0], title)
            if not self.later:
                if slug not in self.document.ids and not any(ch.isspace() for ch in slug):
                    section["ids"].append(slug)
                    self.document.ids[slug] = section
                return section
            # the second id once every other id is assigned (MyST's transform), as a MyST heading's
            section["slug"] = slug
            if not getattr(self.document, "_labsite_slug_ids", False):
                self.document.transformer.add_transform(AddSlugIds)
                # a mark on this document only; docutils' `document` declares no attributes for extensions
                self.document._labsite_slug_ids = True  # type: ignore[attr-defined]
        return section

    def target(self, node: nodes.Element, anchor: str) -> nodes.Element:
        """``node`` with the HTML id ``anchor``, an explicit target of the page (``{ref}`` and ``#anchor``
        links reach it). Returns ``node``."""
        node["names"].append(nodes.fully_normalize_name(anchor))
        self.document.note_explicit_target(node, node)
        return node


#: the characters a link keeps as they are (markdown-it's link normalization, mdurl's ``encode``)
_PLAIN_URL = re.compile(r"(?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})*")


def href(url: str) -> str:
    """The address a link to `url` (from the data) gets, as a Markdown link's destination becomes, so
    that it is the same on every page whichever way it was made: percent-encoded as markdown-it normalizes it (a
    space, a non-ASCII letter, a bracket), the host name in punycode; a plain ASCII address unchanged."""
    if _PLAIN_URL.fullmatch(url):
        return url
    from markdown_it.common.normalize_url import normalizeLink

    return normalizeLink(url)


def _external(label: str, url: str) -> nodes.reference:
    return nodes.reference(label, label, refuri=href(url))


# --- talks -------------------------------------------------------------------------------------


def talk_item(talk: views.TalkView, anchors: Anchors) -> nodes.list_item:
    """One talk: ``<badge> <title>, <venue>, <date>, <co-presenters> · <link>`` (a list item)."""
    paragraph = nodes.paragraph()
    if talk.badge is not None:
        paragraph += nodes.inline(talk.badge.label, talk.badge.label, classes=list(talk.badge.classes))
        paragraph += nodes.Text(" ")
    if talk.title:
        paragraph += nodes.emphasis(talk.title, talk.title)
        paragraph += nodes.Text(", ")
    venue = nodes.strong(talk.venue, talk.venue)
    if talk.anchor:
        paragraph += anchors.target(nodes.inline("", "", venue), talk.anchor)
    else:
        paragraph += venue
    paragraph += nodes.Text(f", {talk.date}")
    if talk.co_presenters:
        paragraph += nodes.Text(f", {talk.co_presenters}")
    if talk.link:
        paragraph += nodes.Text(" · ")
        paragraph += _external(talk.link_label, talk.link)
    return nodes.list_item("", paragraph)


def talk_bullets(talks: Sequence[views.TalkView], anchors: Anchors) -> nodes.bullet_list:
    """Talks as a bullet list (:func:`talk_item`)."""
    bullets = nodes.bullet_list(bullet="-")
    bullets.extend(talk_item(talk, anchors) for talk in talks)
    return bullets


def talk_list(years: Sequence[views.TalkYear], level: int, anchors: Anchors) -> list[nodes.Node]:
    """Talks by year: a section per year (heading of ``level``, 1-6) with its talks as a bullet list."""
    sections: list[nodes.Node] = []
    for year in years:
        section = anchors.section(year.heading, level)
        section += talk_bullets(year.talks, anchors)
        sections.append(section)
    return sections


def recent_talks(recent: views.RecentTalks, anchors: Anchors) -> list[nodes.Node]:
    """The recent talks as one bullet list, or the paragraph saying there are none."""
    if not recent.talks:
        return [nodes.paragraph(recent.empty, recent.empty)]
    return [talk_bullets(recent.talks, anchors)]


# --- people ------------------------------------------------------------------------------------


def _line_break() -> list[nodes.Node]:
    """A hard line break in HTML and LaTeX (as MyST writes one)."""
    return [nodes.raw("", "<br />\n", format="html"), nodes.raw("", "\\\\\n", format="latex")]


def papers_xref(docname: str) -> PapersRef:
    """Papers links of a list on document ``docname``: ``#labsite-papers-<id>`` cross-references, which
    the ``labsite`` domain resolves to the member's publication page (as MyST's ``[..](#..)`` links)."""

    def make(papers: views.PapersLink) -> nodes.Node:
        return anchor_xref(docname, f"labsite-papers-{papers.member_id}", nodes.Text(papers.label))

    return make


def member_card(card: views.MemberCard, anchors: Anchors, papers: PapersRef) -> nodes.Element:
    """A member's card in a grid (sphinx-design's ``grid-item-card``): name, facts and papers link, one a line."""
    name: nodes.Node = _external(card.name, card.url) if card.url else nodes.Text(card.name)
    lines: list[nodes.Node] = [nodes.strong("", "", name), *(nodes.Text(fact) for fact in card.facts)]
    if card.papers is not None:
        lines.append(papers(card.papers))
    paragraph = nodes.paragraph(classes=["sd-card-text"])
    for index, line in enumerate(lines):
        if index:
            paragraph += nodes.Text(" ")
            paragraph.extend(_line_break())
        paragraph += line
    anchors.target(paragraph, card.anchor)
    body = create_component("card-body", ["sd-card-body"], children=[paragraph])
    classes = ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "labsite-member"]
    return create_component(
        "grid-item", ["sd-col", "sd-d-flex-row"], children=[create_component("card", classes, children=[body])]
    )


def member_groups(
    groups: Sequence[views.RoleGroup], level: int, anchors: Anchors, papers: PapersRef
) -> list[nodes.Node]:
    """Members by role: a section per role (heading of ``level``, 1-6) with a grid of cards (1, 2, 3, 3
    columns by screen width)."""
    sections: list[nodes.Node] = []
    for group in groups:
        section = anchors.section(group.heading, level)
        row = create_component("grid-row", ["sd-row", *row_columns_option("1 2 3 3"), *gutter_option("2")])
        row.extend(member_card(card, anchors, papers) for card in group.members)
        section += create_component(
            "grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4"], children=[row]
        )
        sections.append(section)
    return sections


def alumni_table(table: views.AlumniTable, anchors: Anchors, papers: PapersRef | None = None) -> list[nodes.Node]:
    """The former members as a table (class ``labsite-alumni``) with a heading row; none without rows.
    ``papers`` makes the link to a member's papers, under the name (none without it)."""
    if not table.rows:
        return []

    rows = []
    for member in table.rows:
        name = nodes.paragraph()
        name += _external(member.name, member.url) if member.url else nodes.Text(member.name)
        if member.papers is not None and papers is not None:
            name.extend(_line_break())
            name += papers(member.papers)
        cells = [nodes.paragraph(text, text) for text in (member.role, member.dates, member.next)]
        anchors.target(name, member.anchor)
        rows.append([name, *cells])
    return [_table(table.headings, rows, "labsite-alumni")]


# --- simple lists and tables ---------------------------------------------------------------------


def anchor_xref(docname: str, target: str, content: nodes.Node) -> addnodes.pending_xref:
    """A link from document ``docname`` to the anchor ``target`` (``pub-<key>``, ``labsite-papers-<id>``)
    wherever the build finds it (the ``labsite`` domain resolves it), showing ``content`` (as MyST's
    ``[..](#..)`` links)."""
    pending = addnodes.pending_xref(refdoc=docname, refdomain=None, reftype="myst", reftarget=target, refexplicit=True)
    pending += nodes.inline("", "", content, classes=["xref", "myst"])
    return pending


def spans(line: views.Line, docname: str = "") -> list[nodes.Node]:
    """A line's spans as inline nodes: text, in ``<strong>`` or ``<em>``, inside a link when it has one
    (``docname``: the document the nodes go in, for links to anchors elsewhere)."""
    found: list[nodes.Node] = []
    for span in line:
        node: nodes.Node = nodes.Text(span.text)
        if span.emphasis:
            node = nodes.emphasis("", "", node)
        if span.strong:
            node = nodes.strong("", "", node)
        if span.url:
            node = nodes.reference("", "", node, refuri=href(span.url))
        elif span.ref:
            node = anchor_xref(docname, span.ref, node)
        found.append(node)
    return found


def lines_paragraph(lines: Sequence[views.Line]) -> nodes.paragraph:
    """Lines as one paragraph, with a line break between them."""
    paragraph = nodes.paragraph()
    for index, line in enumerate(lines):
        if index:
            paragraph += nodes.Text(" ")
            paragraph.extend(_line_break())
        paragraph.extend(spans(line))
    return paragraph


def item_list(items: Sequence[views.Item], anchors: Anchors | None = None) -> list[nodes.Node]:
    """Items as a bullet list (nested items as a list inside their item); none without items. An item's
    ``anchor`` becomes its HTML id, registered with ``anchors`` (required when any item has one)."""
    if not items:
        return []
    bullets = nodes.bullet_list(bullet="-")
    for item in items:
        entry = nodes.list_item("", lines_paragraph(item.lines))
        entry.extend(item_list(item.children, anchors))
        if item.anchor:
            _anchored(entry, item.anchor, anchors)
        bullets += entry
    return [bullets]


def _anchored(node: nodes.Element, anchor: str, anchors: Anchors | None) -> None:
    if anchors is None:  # a record's anchor that no page would register: the roles would link nowhere
        raise ValueError(f"labsite: the anchor {anchor!r} of a listing needs the page's Anchors")
    anchors.target(node, anchor)


def _table(headings: Sequence[str], rows: Sequence[Sequence[nodes.paragraph]], css_class: str) -> nodes.table:
    """A table with a heading row and a paragraph per cell (as a ``list-table`` makes one)."""

    def row(cells: Sequence[nodes.paragraph]) -> nodes.row:
        return nodes.row("", *(nodes.entry("", cell) for cell in cells))

    tgroup = nodes.tgroup(cols=len(headings))
    tgroup.extend(nodes.colspec(colwidth=1) for _ in headings)
    tgroup += nodes.thead("", row([nodes.paragraph(h, h) for h in headings]))
    tgroup += nodes.tbody("", *(row(cells) for cells in rows))
    return nodes.table("", tgroup, classes=[css_class])


def table(view: views.Table, anchors: Anchors | None = None) -> list[nodes.Node]:
    """A table of lines (:class:`labsite.content.views.Table`); none without rows. Each row's anchor
    (``view.anchors``) becomes its HTML id, registered with ``anchors`` (required when there are any)."""
    if not view.rows:
        return []
    rows = [[nodes.paragraph("", "", *spans(cell)) for cell in cells] for cells in view.rows]
    found = _table(view.headings, rows, view.css_class)
    for row, anchor in zip(found.findall(nodes.row), ("", *view.anchors), strict=False):  # the heading row first
        if anchor:
            _anchored(row, anchor, anchors)
    return [found]


# --- cards -------------------------------------------------------------------------------------


def card(view: views.Card, anchors: Anchors, docname: str) -> nodes.Element:
    """A card in a grid column (sphinx-design's ``grid-item-card``): title, a paragraph per line and, with
    a link, the whole card linking it (announced by the title); the column carries the card's anchor."""
    body = create_component("card-body", ["sd-card-body"])
    title = create_component("card-title", ["sd-card-title", "sd-font-weight-bold"])
    title += PassthroughTextElement("", "", nodes.Text(view.title))
    body += title
    body.extend(nodes.paragraph("", "", *spans(line, docname), classes=["sd-card-text"]) for line in view.paragraphs)
    classes = ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm"]
    found = create_component("card", [*classes, *(["sd-card-hover"] if view.link else []), view.css_class])
    found += body
    if view.link:
        stretched = nodes.reference(
            view.title,
            "",
            nodes.inline(view.title, view.title),
            refuri=href(view.link),
            classes=["sd-stretched-link", "sd-hide-link-text"],
        )
        found += PassthroughTextElement("", "", stretched)
    column = create_component("grid-item", ["sd-col", "sd-d-flex-row"], children=[found])
    if view.anchor:
        anchors.target(column, view.anchor)
    return column


def card_grid(cards: Sequence[views.Card], columns: str, gutter: str, anchors: Anchors, docname: str) -> nodes.Element:
    """Cards in a grid (sphinx-design's ``grid``): ``columns`` by screen width (``1 2 2 3``), ``gutter`` (0-5)."""
    row = create_component("grid-row", ["sd-row", *row_columns_option(columns), *gutter_option(gutter)])
    row.extend(card(view, anchors, docname) for view in cards)
    return create_component("grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4"], children=[row])


def research_areas(areas: Sequence[views.Area], level: int, anchors: Anchors, docname: str) -> list[nodes.Node]:
    """A section per area (heading of ``level``, 1-6) with its cards in a grid (1, 2, 2, 2 columns) that
    carries the area's anchor (an empty target when the area shows no project)."""
    sections: list[nodes.Node] = []
    for area in areas:
        section = anchors.section(area.heading, level)
        if area.cards:
            section += anchors.target(card_grid(area.cards, "1 2 2 2", "2", anchors, docname), area.anchor)
        else:
            section += anchors.target(nodes.target(), area.anchor)
        sections.append(section)
    return sections


# --- the profile -------------------------------------------------------------------------------


def profile_card(view: views.ProfileCard, cv: nodes.Node | None) -> list[nodes.Node]:
    """The profile card: photo (200 × 200, loaded at once: above the fold) beside the details, email and
    links (``cv``: the CV's link, shown first); without a photo, the details alone."""
    found: list[nodes.Node] = [lines_paragraph(view.details)]
    if view.email:
        found.append(nodes.paragraph(view.email, view.email))
    links: list[nodes.Node] = [cv] if cv is not None else []
    links += [node for span in view.links for node in spans((span,))]
    if links:
        paragraph = nodes.paragraph()
        for index, link in enumerate(links):
            if index:
                paragraph += nodes.Text(" · ")
            paragraph += link
        found.append(paragraph)
    if not view.photo:  # a grid item must sit in a grid: without a photo, the details alone
        return [nodes.container("", *found, classes=["labsite-profile", "labsite-profile-details"])]
    # `eager`: above the fold, so not lazy-loaded (see images.py)
    image = nodes.image(uri=view.photo, alt=view.photo_alt, classes=["labsite-photo", "eager"])
    image["width"], image["height"] = "200px", "200px"
    photo = create_component(
        "grid-item",
        ["sd-col", "sd-d-flex-column", *item_columns_option("12 12 4 4"), "labsite-profile-photo"],
        children=[nodes.paragraph("", "", image)],
    )
    details = create_component(
        "grid-item",
        ["sd-col", "sd-d-flex-column", *item_columns_option("12 12 8 8"), "labsite-profile-details"],
        children=found,
    )
    row = create_component(
        "grid-row", ["sd-row", *row_columns_option("1 1 2 2"), *gutter_option("3")], children=[photo, details]
    )
    classes = ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", "labsite-profile"]
    return [create_component("grid-container", classes, children=[row])]


def file_link(env: Any, docname: str, path: str, label: str) -> nodes.Node:
    """A link from ``docname`` to ``path`` in the pages folder (``/cv.pdf``): to the document when it is
    one, else to a copy of the file (Sphinx's download), as MyST links a path."""
    doc = env.path2doc(env.relfn2path(path, docname)[1])
    node: nodes.Element
    if doc:
        node = addnodes.pending_xref(
            refdomain="doc", reftarget=doc, reftargetid=None, refdoc=docname, reftype="myst", refexplicit=True
        )
        classes = ["xref", "myst"]
    else:
        node = addnodes.download_reference(
            refdomain=None, reftarget=path, refdoc=docname, reftype="myst", refexplicit=True
        )
        classes = ["xref", "download", "myst"]
    node.append(nodes.inline(label, label, classes=classes))
    return node


# --- pages without a source ----------------------------------------------------------------------


def html_fragment(app: Sphinx, pagename: str, anchors: Anchors, found: Sequence[nodes.Node], depth: int = 1) -> str:
    """``found`` (made with ``anchors``, :meth:`Anchors.of_page`) as the HTML builder writes it on page
    ``pagename``, as if standing ``depth`` sections deep (their own sections' headings one level lower:
    ``<h2>`` for ``depth`` 1). The build's post-transforms run first, as on a page with a source: links
    to records are resolved from ``pagename``, the theme wraps tables, ..."""
    wrapper: nodes.Element = nodes.section()
    inner = wrapper
    for _ in range(depth - 1):
        deeper = nodes.section()
        inner += deeper
        inner = deeper
    inner.extend(found)
    document = anchors.document
    document += wrapper
    app.env.apply_post_transforms(document, pagename)
    document.remove(wrapper)
    html: str = app.builder.render_partial(wrapper)["fragment"]  # type: ignore[attr-defined]
    opening, closing = "<section>\n" * depth, "</section>\n" * depth
    if html.startswith(opening) and html.endswith(closing):
        html = html[len(opening) : len(html) - len(closing)]
    return html
