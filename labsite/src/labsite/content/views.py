"""What a listing shows, as typed view data: the words, links and anchors of the talks, the people lists,
the profile card, awards, education, career, projects, research areas and courses, worked out once from
the records. No Sphinx here.

:mod:`labsite.sphinx.listings` turns a view into docutils nodes, the one rendering of a listing: the page
with the directive and the further pages of a long list (:mod:`labsite.sphinx.talkpages`,
:mod:`labsite.sphinx.peoplepages`) show the same nodes. Every text field is plain text (never markup),
each value on one line; links are the validated http(s)/mailto URLs of the records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..data import model
from ..data.dataset import talk_id
from ..locale import _, month_year
from . import render


def one_line(value: str) -> str:
    """``value`` with every run of whitespace (line breaks included) made one space, as a list shows it."""
    return " ".join(value.split())


# --- talks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    """A coloured label (sphinx-design's badge): its text and its classes (:func:`render.badge_classes`)."""

    label: str
    classes: tuple[str, ...]


@dataclass(frozen=True)
class TalkView:
    """One talk as a list shows it: ``<badge> <title>, <venue>, <date>, <co-presenters> · <link>``.

    ``anchor``: the venue's HTML id (``talk-<id>``) where the talk is listed, None in a list of recent
    talks (the talk's anchor is on the talks page); ``badge``: None for a plain talk
    (:data:`render.PLAIN_TALK_TYPE`); ``date``: month and year in the site's language; ``co_presenters``:
    ``with A and B`` or ''; ``link``: the recording or event page, with ``link_label`` as its text."""

    anchor: str | None
    badge: Badge | None
    title: str | None
    venue: str
    date: str
    co_presenters: str
    link: str | None
    link_label: str


@dataclass(frozen=True)
class TalkYear:
    """The talks of one year, newest first, under the heading ``heading`` (the year)."""

    year: int
    heading: str
    talks: tuple[TalkView, ...]


@dataclass(frozen=True)
class RecentTalks:
    """A list of recent talks (no anchors), or ``empty`` (a sentence) when there are none."""

    talks: tuple[TalkView, ...]
    empty: str


def talk_view(talk: model.Talk, anchor: bool = True) -> TalkView:
    """The view of one talk (:class:`TalkView`); ``anchor``: whether it carries its ``talk-<id>`` anchor."""
    badge = None
    if talk.type != render.PLAIN_TALK_TYPE:
        label = _(render.TALK_TYPE_LABELS[talk.type])
        badge = Badge(one_line(label), tuple(render.badge_classes(render.BADGE_COLOURS[talk.type])))
    return TalkView(
        anchor=f"talk-{talk_id(talk)}" if anchor else None,
        badge=badge,
        title=one_line(talk.title) if talk.title else None,
        venue=one_line(talk.venue),
        date=month_year(talk.date),
        co_presenters=one_line(render.co_presenters_text(talk)),
        link=talk.link,
        link_label=_("Link"),
    )


def talk_years(talks: Sequence[model.Talk]) -> tuple[TalkYear, ...]:
    """``talks`` grouped by year, newest year first, each year's talks newest first, with their anchors."""
    return tuple(
        TalkYear(year, str(year), tuple(talk_view(talk) for talk in in_year))
        for year, in_year in render.talks_by_year(talks)
    )


def recent_talks(talks: Sequence[model.Talk], since: tuple[int, int], months: int, limit: int = 0) -> RecentTalks:
    """The talks from the month ``since`` (year, month) on, newest first, at most ``limit`` of them (0:
    all), without anchors; with none, the sentence saying there were none in the last ``months`` months."""
    recent = render.recent_list(talks, since)
    shown = recent[:limit] if limit > 0 else recent
    empty = _("No talks in the last {months} months.").format(months=months)
    return RecentTalks(tuple(talk_view(talk, anchor=False) for talk in shown), empty)


# --- people ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PapersLink:
    """A link to a member's papers with the owner: ``label`` (``Papers (3)``) and the member's id (the
    list page resolves it to the member's publication page)."""

    member_id: str
    count: int
    label: str


@dataclass(frozen=True)
class MemberCard:
    """A current member: ``anchor`` (``member-<id>``), name (linked to ``url`` when known), the facts
    shown under it (:func:`render.member_facts`), and the link to their papers when they have any."""

    anchor: str
    name: str
    url: str | None
    facts: tuple[str, ...]
    papers: PapersLink | None


@dataclass(frozen=True)
class RoleGroup:
    """The members of one role, under the role's name."""

    heading: str
    members: tuple[MemberCard, ...]


@dataclass(frozen=True)
class AlumniRow:
    """A former member: ``anchor`` (``member-<id>``), name (linked to ``url``), role, months in the lab
    (:func:`render.member_dates`), where they went next (``—`` when not known) and the link to their
    papers when they have any (as a current member's card)."""

    anchor: str
    name: str
    url: str | None
    role: str
    dates: str
    next: str
    papers: PapersLink | None = None


@dataclass(frozen=True)
class AlumniTable:
    """The former-members table: the column headings and a row per member, most recent first."""

    headings: tuple[str, ...]
    rows: tuple[AlumniRow, ...]


def member_groups(
    people: model.People, members: Sequence[model.Member], paper_counts: Mapping[str, int] | None = None
) -> tuple[RoleGroup, ...]:
    """``members`` (current ones, in the page's order: :func:`render.current_members`) grouped by role,
    in the order roles are listed; ``paper_counts``: member id -> papers with the owner (none: no link)."""
    groups = []
    for role, in_role in render.by_role(people, members):
        cards = []
        for member in in_role:
            count = (paper_counts or {}).get(member.id, 0)
            label = _("Papers ({count})").format(count=count)
            cards.append(
                MemberCard(
                    anchor=f"member-{member.id}",
                    name=one_line(member.name),
                    url=member.url,
                    facts=tuple(one_line(fact) for fact in render.member_facts(member)),
                    papers=PapersLink(member.id, count, label) if count else None,
                )
            )
        groups.append(RoleGroup(one_line(role.label), tuple(cards)))
    return tuple(groups)


def alumni_table(
    people: model.People, members: Sequence[model.Member], paper_counts: Mapping[str, int] | None = None
) -> AlumniTable:
    """The table of ``members`` (former ones, most recent first: :func:`render.former_members`);
    ``paper_counts``: member id -> papers with the owner (none: no link), as :func:`member_groups`."""
    roles = {r.id: r for r in people.roles}
    counts = paper_counts or {}
    rows = tuple(
        AlumniRow(
            anchor=f"member-{m.id}",
            name=one_line(m.name),
            url=m.url,
            role=one_line(roles[m.role].singular or roles[m.role].label),
            dates=render.member_dates(m),
            next=one_line(m.placement) if m.placement else "—",
            papers=PapersLink(m.id, n, _("Papers ({count})").format(count=n)) if (n := counts.get(m.id, 0)) else None,
        )
        for m in members
    )
    return AlumniTable(tuple(_(h) for h in ("Name", "Role", "Dates", "Next")), rows)


# --- simple lists and tables ---------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A run of plain text, shown in bold (``strong``) or italics (``emphasis``) and linked to ``url``
    (or to the anchor ``ref``) when given (the link around the styled text)."""

    text: str
    strong: bool = False
    emphasis: bool = False
    url: str | None = None
    #: an anchor anywhere on the site (``pub-<key>``) the text links to, resolved by the build
    ref: str | None = None


#: one line of text: spans shown one after the other
Line = tuple[Span, ...]


@dataclass(frozen=True)
class Item:
    """A list item: its lines (shown with line breaks between them), the items nested under it and the
    HTML id of its record (``<objtype>-<id>``, where the ``labsite`` roles link; "" for none)."""

    lines: tuple[Line, ...]
    children: tuple[Item, ...] = ()
    anchor: str = ""


@dataclass(frozen=True)
class Table:
    """A table: the column headings, a row of cells (one line each) per record, its CSS class and the
    HTML id of each row's record (``<objtype>-<id>``, where the ``labsite`` roles link; () for none)."""

    headings: tuple[str, ...]
    rows: tuple[tuple[Line, ...], ...]
    css_class: str
    anchors: tuple[str, ...] = ()


def award_items(awards: Sequence[model.Award]) -> tuple[Item, ...]:
    """Newest first: the (latest) year in bold, the title (linked), every year when received more than once."""
    items = []
    for award in sorted(awards, key=lambda a: -a.year):
        line = [Span(str(award.year), strong=True), Span(" · "), Span(one_line(award.title), url=award.url)]
        if award.other_years:
            line.append(Span(f" ({render.years_text(award.years)})"))
        items.append(Item((tuple(line),)))
    return tuple(items)


def education_items(degrees: Sequence[model.Degree]) -> tuple[Item, ...]:
    """Newest first: degree in field, institution, years; then on a second line the note, the advisor and
    the dissertation (in italics, linked)."""
    items = []
    for degree in sorted(degrees, key=lambda d: -d.year):
        years = f"{degree.start} – {degree.year}" if degree.start else str(degree.year)
        lines: list[Line] = [(Span(f"{one_line(degree.label)}, {one_line(degree.institution)}, {years}"),)]
        groups = [[Span(one_line(detail))] for detail in render.degree_details(degree)]
        if degree.dissertation:
            title = Span(one_line(degree.dissertation), emphasis=True, url=degree.dissertation_url)
            groups.append([Span(_("Dissertation:") + " "), title])
        if groups:
            details: list[Span] = []
            for index, group in enumerate(groups):
                details += [Span("; ")] * bool(index) + group
            lines.append(tuple(details))
        items.append(Item(tuple(lines)))
    return tuple(items)


def career_items(positions: Sequence[model.Position]) -> tuple[Item, ...]:
    """Newest first (:func:`render.newest_positions`): the position in bold, the organization (linked),
    the years, then supervisor, place and note in parentheses; the roles held within it nested under it."""
    items = []
    for position in render.newest_positions(positions):
        years = render.year_range(position.start_year, position.end_year, _("Present"))
        extras = [_("with {name}").format(name=position.supervisor)] if position.supervisor else []
        extras += [x for x in (position.location, position.note) if x]
        note = f" ({'; '.join(one_line(x) for x in extras)})" if extras else ""
        line = (
            Span(one_line(position.position), strong=True),
            Span(", "),
            Span(one_line(position.organization), url=position.url),
            Span(f", {years}{note}"),
        )
        roles = tuple(
            Item(
                (
                    (
                        Span(
                            f"{one_line(role.title)}, {render.span_text(role.start, role.end)}"
                            + (f" ({one_line(role.note)})" if role.note else "")
                        ),
                    ),
                )
            )
            for role in position.roles
        )
        items.append(Item((line,), roles))
    return tuple(items)


def course_table(courses: Sequence[model.Course]) -> Table:
    """Courses in the order of the file: term, code and name (linked), role, institution."""
    rows = []
    for course in courses:
        name = (
            *((Span(f"{one_line(course.code)}: "),) if course.code else ()),
            Span(one_line(course.name), url=course.link),
        )
        rows.append(
            (
                (Span(one_line(course.term)),),
                name,
                (Span(one_line(course.role)),),
                (Span(one_line(course.institution)),),
            )
        )
    headings = tuple(_(h) for h in ("Term", "Course", "Role", "Institution"))
    return Table(headings, tuple(rows), "labsite-courses")


# --- projects and research areas ---------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """A card in a grid: its title, paragraphs (one line each), the HTML id of its grid column
    (``anchor``), the address the whole card links to (``link``, announced by its title) and its CSS class."""

    title: str
    paragraphs: tuple[Line, ...]
    css_class: str
    anchor: str | None = None
    link: str | None = None


@dataclass(frozen=True)
class Area:
    """A research area: its heading, the HTML id of its grid (``area-<id>``) and a card per visible project."""

    heading: str
    anchor: str
    cards: tuple[Card, ...]


def project_cards(projects: Sequence[model.Project]) -> tuple[Card, ...]:
    """A card per project (anchored ``project-<id>``): name, description, the whole card linking the project."""
    return tuple(
        Card(
            one_line(project.name),
            ((Span(one_line(project.description)),),),
            "labsite-project",
            anchor=f"project-{project.id}",
            link=project.link,
        )
        for project in projects
    )


def research_areas(
    areas: Sequence[model.Area],
    publications: Mapping[str, model.Publication],
    link_papers: bool,
    descriptions: Mapping[str, str] | None = None,
) -> tuple[Area, ...]:
    """Each area with a card per visible project; a card's lines: the project's `description` (else
    ``descriptions[name]``, the open-source project of the same name, compared without case), its papers
    (citation key -> record in ``publications``; linked to the publication list's ``pub-<key>`` when
    ``link_papers``) by venue line, and the project page. A card without any has one non-breaking space."""
    known = {name.casefold(): line for name, line in (descriptions or {}).items()}
    found = []
    for area in areas:
        cards = []
        for project in area.projects:
            if project.hidden:
                continue
            papers = [publications[key] for key in project.papers if key in publications]
            lines: list[Line] = []
            if description := project.description or known.get(project.name.casefold()):
                lines.append((Span(one_line(description)),))
            if papers:
                line = [Span(_("Papers:") + " ")]
                for index, paper in enumerate(papers):
                    line += [Span(", ")] * bool(index)
                    line.append(Span(one_line(paper.venue_line), ref=f"pub-{paper.key}" if link_papers else None))
                lines.append(tuple(line))
            if project.link:
                lines.append((Span(_("Project page"), url=project.link),))
            card_lines = tuple(lines) or ((Span("\xa0"),),)
            cards.append(Card(one_line(project.name), card_lines, "labsite-area-project"))
        found.append(Area(one_line(area.name), f"area-{area.id}", tuple(cards)))
    return tuple(found)


# --- the profile ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileCard:
    """The owner's card: the lines of details (name or title in bold, affiliations, organization, lab), the email
    sentence, the links shown after the CV (joined by ``·``), the CV's path (shown first, as ``CV``) and
    the photo's path with its alternative text (a path of the pages folder, or None)."""

    details: tuple[Line, ...]
    email: str | None
    links: tuple[Span, ...]
    cv: str | None
    photo: str | None
    photo_alt: str


def profile_card(profile: model.Profile, with_name: bool = False) -> ProfileCard:
    """The view of the owner's profile card (:class:`ProfileCard`). `with_name`: the owner's name first
    (in bold, the title then plain), for a page whose heading is not the name (a lab's home page)."""
    details: list[Line] = [(Span(one_line(profile.title), strong=not with_name),)]
    if with_name:
        details.insert(0, (Span(one_line(profile.name), strong=True),))
    if profile.affiliations:
        line: list[Span] = []
        for index, affiliation in enumerate(profile.affiliations):
            line += [Span(", ")] * bool(index)
            line.append(Span(one_line(affiliation.name), url=affiliation.url))
        details.append(tuple(line))
    if profile.organization:
        details.append((Span(one_line(profile.organization)),))
    if profile.lab:
        details.append((Span(_("Lead,") + " "), Span(one_line(profile.lab.name), url=profile.lab.url)))
    email = f"{_('Email:')} {one_line(profile.email)}" if profile.email else None
    links = tuple(Span(one_line(item.label), url=item.url) for item in profile.links)
    alt = one_line(profile.photo_alt or profile.name)
    return ProfileCard(tuple(details), email, links, profile.cv, profile.photo, alt)
