"""Records -> MyST Markdown using sphinx-design components. No Sphinx here.

All text from data files goes through `text()`, which escapes every Markdown
and MyST construct, so a value such as ``<b>*x*</b> {role}`y``` shows literally.
Links only take validated http(s)/mailto URLs.
"""

from __future__ import annotations

import string
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..data import model
from ..data.dataset import talk_id
from ..locale import _, month_year

_ESCAPES = {ord(ch): "\\" + ch for ch in string.punctuation}
TALK_TYPE_LABELS = model.TALK_TYPE_LABELS
BADGE_COLOURS = {"talk": "primary", "tutorial": "success", "panel": "info", "keynote": "warning"}


def text(value: str) -> str:
    """Escape a plain-text value so MyST shows it literally, on one line."""
    return " ".join(value.split()).translate(_ESCAPES)


def link(label_markdown: str, url: str | None) -> str:
    """A Markdown link around already-rendered label text (or the label alone)."""
    return f"[{label_markdown}](<{url}>)" if url else label_markdown


def ref(label_markdown: str, target: str) -> str:
    """A cross-reference to a label anywhere in the project."""
    return f"[{label_markdown}](#{target})"


def badge_classes(colour: str) -> list[str]:
    """The one badge: sphinx-design's badge classes in ``colour`` (primary, success, info, warning,
    secondary, ...), for MyST (:func:`badge`) and HTML (``content.publications.badge``) alike."""
    return ["sd-badge", f"sd-bg-{colour}", f"sd-bg-text-{colour}"]


def badge(label: str, colour: str = "secondary") -> str:
    """A badge as MyST text (a span with :func:`badge_classes`)."""
    return f"[{text(label)}]{{{' '.join('.' + c for c in badge_classes(colour))}}}"


def heading(level: int, title: str) -> str:
    return f"{'#' * level} {text(title)}"


def directive(
    name: str, body: str = "", argument: str = "", options: dict[str, str] | None = None, depth: int = 0
) -> str:
    """A colon-fenced directive; `depth` = how many directives it contains (for fence length)."""
    fence = ":" * (3 + depth)
    lines = [f"{fence}{{{name}}} {argument}".rstrip()]
    lines += [f":{key}: {value}" for key, value in (options or {}).items()]
    lines += ["", body.strip("\n"), fence]
    return "\n".join(lines)


def blocks(parts: Iterable[str]) -> str:
    return "\n\n".join(part for part in parts if part) + "\n"


def year_range(start: int | str, end: int | str | None, present: str = "present") -> str:
    return f"{start} – {end if end is not None else present}"


# --- profile ---------------------------------------------------------------------------------


def profile_card(profile: model.Profile, photo_path: str | None, cv_path: str | None) -> str:
    """Photo beside name, title, affiliations, email and profile links."""
    details = [f"**{text(profile.title)}**"]
    if profile.affiliations:
        details.append(", ".join(link(text(a.name), a.url) for a in profile.affiliations))
    if profile.organization:
        details.append(text(profile.organization))
    if profile.lab:
        details.append(text(_("Lead,")) + " " + link(text(profile.lab.name), profile.lab.url))
    lines = [" \\\n".join(details)]
    if profile.email:
        lines.append(f"{text(_('Email:'))} {text(profile.email)}")
    links = []
    if cv_path:
        links.append(f"[CV]({cv_path})")
    links += [link(text(item.label), item.url) for item in profile.links]
    if links:
        lines.append(" · ".join(links))
    if not photo_path:  # a grid item must sit in a grid: without a photo, the details alone
        return directive("container", blocks(lines), "labsite-profile labsite-profile-details")
    info = directive("grid-item", blocks(lines), options={"columns": "12 12 8 8", "class": "labsite-profile-details"})
    alt = text(profile.photo_alt or profile.name)
    # `eager`: above the fold, so not lazy-loaded (see images.py)
    image = f"![{alt}]({photo_path}){{.labsite-photo .eager w=200px h=200px}}"
    photo = directive("grid-item", image, options={"columns": "12 12 4 4", "class": "labsite-profile-photo"})
    return directive(
        "grid",
        blocks([photo, info]),
        argument="1 1 2 2",
        options={"gutter": "3", "class-container": "labsite-profile"},
        depth=1,
    )


def award_list(awards: Sequence[model.Award]) -> str:
    items = sorted(awards, key=lambda a: -a.year)
    return blocks([f"- **{a.year}** · {link(text(a.title), a.url)}" for a in items])


def education_list(degrees: Sequence[model.Degree]) -> str:
    items = sorted(degrees, key=lambda d: -d.year)
    return blocks([f"- {text(d.degree)}, {text(d.institution)}, {d.year}" for d in items])


def career_timeline(positions: Sequence[model.Position]) -> str:
    """Newest first: current positions, then by start year."""
    items = sorted(positions, key=lambda p: (p.end is not None, -(p.end or 0), -p.start))
    lines = []
    for p in items:
        note = f" ({text(p.note)})" if p.note else ""
        years = year_range(p.start, p.end, _("Present"))
        lines.append(f"- **{text(p.position)}**, {text(p.organization)}, {years}{note}")
    return blocks(lines)


# --- projects and research -------------------------------------------------------------------


def project_grid(projects: Sequence[model.Project]) -> str:
    cards = []
    for project in projects:
        body = text(project.description)
        options = {"link": project.link, "class-card": "labsite-project"}
        cards.append(f"(project-{project.id})=\n" + directive("grid-item-card", body, text(project.name), options))
    return directive("grid", blocks(cards), argument="1 2 2 3", options={"gutter": "3"}, depth=1)


def paper_reference(publication: model.Publication) -> str:
    return ref(text(publication.venue_line), f"pub-{publication.key}")


def research_areas(
    areas: Sequence[model.Area], publications: dict[str, model.Publication], level: int, link_papers: bool
) -> str:
    """Each area as a heading of ``level`` (1-6) with a card per visible project; a project's papers
    (citation key -> record in ``publications``) link into the publication list when ``link_papers``."""
    parts = []
    for area in areas:
        cards = []
        for project in area.projects:
            if project.hidden:
                continue
            papers = [publications[key] for key in project.papers if key in publications]
            body_lines = []
            if papers:
                refs = [paper_reference(p) if link_papers else text(p.venue_line) for p in papers]
                body_lines.append(text(_("Papers:")) + " " + ", ".join(refs))
            if project.link:
                body_lines.append(link(text(_("Project page")), project.link))
            body = blocks(body_lines) if body_lines else "&nbsp;"
            cards.append(directive("grid-item-card", body, text(project.name), {"class-card": "labsite-area-project"}))
        parts.append(f"{heading(level, area.name)}\n\n(area-{area.id})=")
        if cards:
            parts.append(directive("grid", blocks(cards), argument="1 2 2 2", options={"gutter": "2"}, depth=1))
    return blocks(parts)


# --- people ----------------------------------------------------------------------------------


def _role_label(role: model.Role) -> str:
    return role.singular or role.label


def papers_link(member_id: str, paper_counts: Mapping[str, int] | None) -> str:
    """'Papers (3)', linking to the member's papers with the owner (resolved by labsite.publications)."""
    count = (paper_counts or {}).get(member_id)
    return ref(text(_("Papers ({count})").format(count=count)), f"labsite-papers-{member_id}") if count else ""


def member_groups(people: model.People, level: int, paper_counts: Mapping[str, int] | None = None) -> str:
    """Current members grouped by role, in the order roles are listed; earliest start first."""
    parts = []
    for role in people.roles:
        members = sorted(
            (m for m in people.members if m.is_current and m.role == role.id),
            key=lambda m: (model.month_key(m.start), m.name),
        )
        if not members:
            continue
        cards = []
        for member in members:
            lines = [
                f"(member-{member.id})=\n**{link(text(member.name), member.url)}**",
                text(_("Since {date}").format(date=month_year(member.start))),
            ]
            if member.co_advisor:
                lines.append(text(_("Co-advised with {name}").format(name=member.co_advisor)))
            if papers := papers_link(member.id, paper_counts):
                lines.append(papers)
            cards.append(directive("grid-item-card", " \\\n".join(lines), options={"class-card": "labsite-member"}))
        parts.append(heading(level, role.label))
        parts.append(directive("grid", blocks(cards), argument="1 2 3 3", options={"gutter": "2"}, depth=1))
    return blocks(parts)


def alumni_table(people: model.People) -> str:
    """Former members, most recent first, with role, years and where they went next."""
    roles = {r.id: r for r in people.roles}
    former = sorted(
        (m for m in people.members if not m.is_current),
        key=lambda m: (tuple(-x for x in model.month_key(m.end or m.start)), m.name),
    )
    if not former:
        return ""
    rows = ["* - " + "\n  - ".join(text(_(h)) for h in ("Name", "Role", "Years", "Next"))]
    for m in former:
        start, end = model.month_key(m.start)[0], model.month_key(m.end or m.start)[0]
        years = str(start) if start == end else f"{start} – {end}"
        name = f"(member-{m.id})=\n\n    {link(text(m.name), m.url)}"
        rows.append(
            f"* - {name}\n  - {text(_role_label(roles[m.role]))}\n  - {years}\n"
            f"  - {text(m.placement) if m.placement else '—'}"
        )
    return directive("list-table", blocks(rows), options={"header-rows": "1", "class": "labsite-alumni"})


# --- talks and teaching ----------------------------------------------------------------------


def talk_item(talk: model.Talk, anchor: bool = True) -> str:
    """One talk: type badge, title if known, venue, month and year, link if there is one."""
    title = f" *{text(talk.title)}*," if talk.title else ""
    tag = badge(_(TALK_TYPE_LABELS[talk.type]), BADGE_COLOURS[talk.type])
    item = f"- [{tag}]{{#talk-{talk_id(talk)}}}" if anchor else f"- {tag}"
    item += f"{title} **{text(talk.venue)}**, {text(month_year(talk.date))}"
    if talk.link:
        item += f" · {link(text(_('Link')), talk.link)}"
    return item


def _newest_first(talks: Iterable[model.Talk]) -> list[model.Talk]:
    return sorted(talks, key=lambda t: model.month_key(t.date), reverse=True)


def talk_list(talks: Sequence[model.Talk], level: int) -> str:
    """Talks grouped by year, newest first; each with its type, venue, month and link."""
    by_year: dict[int, list[model.Talk]] = defaultdict(list)
    for talk in talks:
        by_year[model.month_key(talk.date)[0]].append(talk)
    parts = []
    for year in sorted(by_year, reverse=True):
        parts.append(heading(level, str(year)))
        parts.append("\n".join(talk_item(talk) for talk in _newest_first(by_year[year])))
    return blocks(parts)


def recent_talks(talks: Sequence[model.Talk], since: tuple[int, int], months: int) -> str:
    """Talks from the month `since` (year, month) on, newest first, as one list."""
    recent = [t for t in _newest_first(talks) if model.month_key(t.date) >= since]
    if not recent:
        return text(_("No talks in the last {months} months.").format(months=months)) + "\n"
    return blocks(["\n".join(talk_item(talk, anchor=False) for talk in recent)])


def course_table(courses: Sequence[model.Course]) -> str:
    """Courses in the order of the file, as a table: term, code and name (linked), role, institution."""
    rows = ["* - " + "\n  - ".join(text(_(h)) for h in ("Term", "Course", "Role", "Institution"))]
    for c in courses:
        name = link(text(c.name), c.link)
        code = f"{text(c.code)}: " if c.code else ""
        rows.append(f"* - {text(c.term)}\n  - {code}{name}\n  - {text(c.role)}\n  - {text(c.institution)}")
    return directive("list-table", blocks(rows), options={"header-rows": "1", "class": "labsite-courses"})
