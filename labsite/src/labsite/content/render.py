"""The record orderings and phrases that the pages' view data (:mod:`labsite.content.views`), the CV
(:mod:`labsite.content.cv`) and the paper lists share: who is a current member, in which order, a
talk's co-presenters, a span of years, a badge's classes. No Sphinx here, and no markup: the
directives build nodes from view data (:mod:`labsite.sphinx.listings`), never MyST text to parse again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..data import model
from ..locale import _, month_year

TALK_TYPE_LABELS = model.TALK_TYPE_LABELS
BADGE_COLOURS = {"talk": "primary", "tutorial": "success", "panel": "info", "keynote": "warning"}


def badge_classes(colour: str) -> list[str]:
    """The one badge: sphinx-design's badge classes in ``colour`` (primary, success, info, warning,
    secondary, ...), for view data (:class:`labsite.content.views.Badge`) and HTML
    (``content.publications.badge``) alike."""
    return ["sd-badge", f"sd-bg-{colour}", f"sd-bg-text-{colour}"]


def year_range(start: int | str, end: int | str | None, present: str = "present") -> str:
    """`2019 – 2023`, or `2019 – present` (`present`) when there is no end."""
    return f"{start} – {end if end is not None else present}"


# --- profile ---------------------------------------------------------------------------------


def years_text(years: Sequence[int]) -> str:
    """`2024, 2025` for an award received in several years."""
    return ", ".join(str(year) for year in years)


def degree_details(degree: model.Degree) -> list[str]:
    """A degree's details as plain text, in the order shown: note, advisor (the dissertation apart)."""
    details = [degree.note] if degree.note else []
    if degree.advisor:
        details.append(_("Advisor: {name}").format(name=degree.advisor))
    return details


def date_text(value: int | str) -> str:
    """A year as it is, a `MM/YYYY` month as `July 2023` (translated)."""
    return str(value) if isinstance(value, int) else month_year(value)


def span_text(start: int | str, end: int | str | None) -> str:
    """`July 2023 – Present`, `2014 – 2020`."""
    return f"{date_text(start)} – {date_text(end) if end is not None else _('Present')}"


def newest_positions(positions: Sequence[model.Position]) -> list[model.Position]:
    """Current positions first, then by end year and start year, newest first (ties: file order)."""
    return sorted(positions, key=lambda p: (p.end is not None, -(p.end_year or 0), -p.start_year))


# --- people ----------------------------------------------------------------------------------


def current_members(people: model.People) -> list[model.Member]:
    """Current members in the order the people page shows them: by role (as roles are listed), then
    earliest start first, then name."""
    order = {role.id: index for index, role in enumerate(people.roles)}
    return sorted(
        (m for m in people.members if m.is_current and m.role in order),
        key=lambda m: (order[m.role], model.month_key(m.start), m.name),
    )


def by_role(people: model.People, members: Sequence[model.Member]) -> list[tuple[model.Role, list[model.Member]]]:
    """(role, its members among `members`) in the order the roles are listed; empty roles left out."""
    groups = [(role, [m for m in members if m.role == role.id]) for role in people.roles]
    return [(role, in_role) for role, in_role in groups if in_role]


def member_facts(member: model.Member) -> list[str]:
    """A current member's facts as plain text, in the order shown: since when, program, co-advisor."""
    facts = [_("Since {date}").format(date=month_year(member.start))]
    if member.program:
        facts.append(_("Program: {program}").format(program=member.program))
    if member.co_advisor:
        facts.append(_("Co-advised with {name}").format(name=member.co_advisor))
    return facts


def former_members(people: model.People) -> list[model.Member]:
    """Former members, most recent first (by end, else start), then by name."""
    return sorted(
        (m for m in people.members if not m.is_current),
        key=lambda m: (tuple(-x for x in model.month_key(m.end or m.start)), m.name),
    )


def member_dates(member: model.Member) -> str:
    """A former member's time in the lab, in months: 'March 2024 – December 2024', 'May 2024' (one
    month), or 'From August 2023' when the end is not known."""
    start = month_year(member.start)
    if member.end is None:
        return _("From {date}").format(date=start)
    end = month_year(member.end)
    return start if start == end else f"{start} – {end}"


# --- talks and teaching ----------------------------------------------------------------------


#: the kind of talk a list is mostly made of: it carries no badge (a "Talk" badge on most entries of a
#: list of talks tells nothing); tutorials, panels and keynotes are marked
PLAIN_TALK_TYPE = "talk"


def co_presenters_text(talk: model.Talk) -> str:
    """`with Zhuohan Li, Lianmin Zheng and Ion Stoica` ('' without co-presenters)."""
    names = talk.co_presenters
    if not names:
        return ""
    joined = (
        names[0] if len(names) == 1 else _("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])
    )
    return _("with {name}").format(name=joined)


def _newest_first(talks: Iterable[model.Talk]) -> list[model.Talk]:
    return sorted(talks, key=lambda t: model.month_key(t.date), reverse=True)


def talk_pages(talks: Sequence[model.Talk], limit: int) -> list[list[model.Talk]]:
    """The talks newest first, in pages of at most `limit` (0: one page); at least one page."""
    ordered = _newest_first(talks)
    if limit <= 0 or len(ordered) <= limit:
        return [ordered]
    return [ordered[start : start + limit] for start in range(0, len(ordered), limit)]


def talks_by_year(talks: Sequence[model.Talk]) -> list[tuple[int, list[model.Talk]]]:
    """(year, its talks newest first), newest year first."""
    by_year: dict[int, list[model.Talk]] = defaultdict(list)
    for talk in talks:
        by_year[model.month_key(talk.date)[0]].append(talk)
    return [(year, _newest_first(by_year[year])) for year in sorted(by_year, reverse=True)]


def recent_list(talks: Sequence[model.Talk], since: tuple[int, int]) -> list[model.Talk]:
    """Talks from the month `since` (year, month) on, newest first."""
    return [t for t in _newest_first(talks) if model.month_key(t.date) >= since]
