"""A large lab's member lists in pages, as the publication and talk lists are.

With more than ``labsite_people_page_limit`` current members (default 200; 0 never splits), the
``member-groups`` directive shows the first of them (in the page's order: by role, earliest start first)
and a pager; the rest are on pages without a source, ``<page>/members/page/<n>/``. The same holds for the
``alumni-table`` directive and its former members, on ``<page>/former/page/<n>/``. The further pages
show their members as the page does (the same nodes: :mod:`labsite.sphinx.listings`), each with the same
anchor (``member-<id>``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..content import pager, render, searchtext, views
from ..data import model
from ..locale import _
from . import listings
from .data import site_data
from .domain import labsite_domain, record_anchor
from .search import SEARCH_PAGES_EVENT, SearchPage

#: the two lists and the folder of their further pages
LISTS = {"members": "Current members", "former": "Former members"}
#: the same inside a sentence or title, a message of its own: lower-casing the translated heading would
#: lower-case German nouns too ("aktuelle mitglieder")
LIST_NAMES = {"members": "current members", "former": "former members"}


def chunks(items: Sequence[model.Member], limit: int) -> list[list[model.Member]]:
    """`items` in pages of at most `limit` (0: one page); at least one page."""
    if limit <= 0 or len(items) <= limit:
        return [list(items)]
    return [list(items[start : start + limit]) for start in range(0, len(items), limit)]


def pages(app: Sphinx, which: str) -> list[list[model.Member]]:
    """The pages of the current ("members") or former ("former") members."""
    people = site_data(app).people
    members = render.current_members(people) if which == "members" else render.former_members(people)
    return chunks(members, app.config.labsite_people_page_limit)


def pagename(docname: str, which: str, number: int) -> str:
    """Page `number` (1-based) of a list of `docname`: the document itself for page 1."""
    base = docname.removesuffix("/index") if docname.endswith("/index") else docname
    return docname if number == 1 else f"{base}/{which}/page/{number}"


def pager_html(app: Sphinx, doc: str, current: str, which: str, number: int, count: int) -> str:
    """Links to every page of one list (:func:`labsite.content.pager.pager_html`), from page `current`."""
    hrefs = [app.builder.get_relative_uri(current, pagename(doc, which, n)) for n in range(1, count + 1)]
    return pager.pager_html(hrefs, number, _("Pages of the list of {name}").format(name=_(LIST_NAMES[which])))


def list_docs(app: Sphinx, which: str) -> list[str]:
    """The documents that show the list `which` (from what the ``labsite`` domain noted they show:
    a current member for "members", a former one for "former"), in the domain's order
    (:meth:`~labsite.sphinx.domain.LabsiteDomain.pages_showing`: the first is the one links go to)."""
    people = site_data(app).people
    ids = {m.id for m in people.members if m.is_current == (which == "members")}
    domain = labsite_domain(app.env)
    return [d for d in domain.pages_showing("member") if ids & set(domain.shown(d, "member"))]


def papers_hrefs(app: Sphinx, pagename_: str) -> dict[str, tuple[int, str]]:
    """Member id -> (number of papers, address of their papers' page) from page `pagename_` (the
    domain's :meth:`~labsite.sphinx.domain.LabsiteDomain.papers_by_member`, as on the people page)."""
    if app.builder.format != "html":
        return {}
    domain = labsite_domain(app.env)
    found = {}
    for member, papers in domain.papers_by_member().items():
        page = domain.member_papers_page(member)
        if page is not None:
            found[member] = (len(papers), app.builder.get_relative_uri(pagename_, page))
    return found


def listing_html(
    app: Sphinx, pagename_: str, people: model.People, which: str, members: list[model.Member], counts: dict[str, int]
) -> str:
    """Further page ``pagename_``'s members as HTML: the nodes the list page's directive shows
    (:func:`labsite.sphinx.listings.member_groups` under ``<h2>`` role headings, or
    :func:`labsite.sphinx.listings.alumni_table`); ``counts``: member id -> papers with the owner."""
    anchors = listings.Anchors.of_page(app)
    if which == "members":
        groups = views.member_groups(people, members, counts)
        found = listings.member_groups(groups, 2, anchors, listings.papers_xref(pagename_))
    else:
        table = views.alumni_table(people, members, counts)
        found = listings.alumni_table(table, anchors, listings.papers_xref(pagename_))
    return listings.html_fragment(app, pagename_, anchors, found)


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: pages 2 on of long member lists."""
    if app.builder.format != "html":
        return
    people = site_data(app).people
    for which in LISTS:
        split = pages(app, which)
        if len(split) == 1:
            continue
        for doc in list_docs(app, which):
            title = app.env.titles[doc].astext() if doc in app.env.titles else _("People")
            for number, members in enumerate(split, 1):
                if number == 1:
                    continue
                name = pagename(doc, which, number)
                hrefs = papers_hrefs(app, name)
                if not labsite_domain(app.env).page_depends(
                    app.builder,
                    name,
                    records=members,
                    templates=["labsite/people.html"],
                    facts=[title, len(split), sorted(hrefs.items())],  # the papers' counts and pages
                ):
                    continue
                shown = f"{title}: {_(LIST_NAMES[which])} " + _("(page {number})").format(number=number)
                pager = pager_html(app, doc, name, which, number, len(split))
                counts = {member: count for member, (count, _href) in hrefs.items()}
                listing = listing_html(app, name, people, which, members, counts)
                body = "\n".join(
                    [
                        f'<section id="{which}-page-{number}"><h1>{escape(shown)}</h1>',
                        pager,
                        listing,
                        pager,
                        "</section>",
                    ]
                )
                description = _("{title}: {count} of the lab's {list}.").format(
                    title=shown, count=len(members), list=_(LIST_NAMES[which])
                )
                yield (
                    name,
                    {"title": escape(shown), "body": body, "labsite_description": description},
                    "labsite/people.html",
                )


def search_pages(app: Sphinx) -> list[SearchPage]:
    """``labsite-search-pages``: pages 2 on of long member lists, by their title and members' names."""
    if app.builder.format != "html":
        return []
    found = []
    for which in LISTS:
        split = pages(app, which)
        if len(split) == 1:
            continue
        for doc in list_docs(app, which):
            title = app.env.titles[doc].astext() if doc in app.env.titles else _("People")
            for number, members in enumerate(split[1:], 2):
                shown = f"{title}: {_(LIST_NAMES[which])} " + _("(page {number})").format(number=number)
                found.append(SearchPage(pagename(doc, which, number), shown, searchtext.members_text(members)))
    return found


def note_member_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` (every document read): tell the ``labsite`` domain which further page shows each
    member of a long list (members on pages 2 on, at their ``member-<id>`` anchor), so roles and author
    links find them as they find the others (:meth:`~labsite.sphinx.domain.LabsiteDomain.where`).
    HTML builds only (the further pages are HTML). Returns no documents."""
    if app.builder.format != "html":
        return []
    found = {}
    for which in LISTS:
        split = pages(app, which)
        docs = list_docs(app, which)
        if len(split) == 1 or not docs:
            continue
        for number, members in enumerate(split[1:], 2):
            for member in members:
                found[member.id] = (pagename(docs[0], which, number), record_anchor("member", member.id))
    labsite_domain(env).note_generated("member", found)
    return []


def setup_people_pages(app: Sphinx) -> None:
    """Register the hooks that place and write the further pages."""
    app.connect("env-updated", note_member_pages)
    app.connect("html-collect-pages", collect_pages)
    app.connect(SEARCH_PAGES_EVENT, search_pages)
