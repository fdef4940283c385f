"""Publication records -> MyST: the list grouped by year, author lists with highlighting. No Sphinx here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import model
from .names import NameMatcher
from .render import badge, blocks, directive, heading, link, ref, text

# --- publications ----------------------------------------------------------------------------


@dataclass
class AuthorLinks:
    """Who to highlight and whom to link in author lists."""

    owner: NameMatcher | None = None
    members: dict[str, str] = field(default_factory=dict)  # member id -> matcher input
    matchers: list[tuple[NameMatcher, str]] = field(default_factory=list)

    @classmethod
    def build(cls, owner_name: str | None, people: model.People) -> AuthorLinks:
        matchers = [(NameMatcher([m.name, *m.aliases], initials=False), m.id) for m in people.members]
        owner = NameMatcher([owner_name], initials=True) if owner_name else None
        return cls(owner=owner, matchers=matchers)

    def member_for(self, author: str) -> str | None:
        for matcher, member_id in self.matchers:
            if matcher.matches(author):
                return member_id
        return None


def author_line(publication: model.Publication, authors: AuthorLinks) -> str:
    names = []
    for position, author in enumerate(publication.authors, 1):
        shown = text(author)
        if authors.owner and authors.owner.matches(author):
            shown = f"**{shown}**"
        elif (member_id := authors.member_for(author)) is not None:
            shown = ref(shown, f"member-{member_id}")
        if position in publication.equal:
            shown += "\\*"
        names.append(shown)
    return ", ".join(names)


def publication_entry(publication: model.Publication, authors: AuthorLinks) -> str:
    title = f"**{text(publication.title)}**"
    if publication.award:
        title += " " + badge(publication.award, "warning")
    if publication.selected:
        title += " " + badge("Selected", "info")
    venue = f"*{text(publication.venue)} {publication.year}*"
    links = [
        link(label, url)
        for label, url in (
            ("PDF", publication.pdf),
            ("Code", publication.code),
            ("Video", publication.video),
            ("Slides", publication.slides),
            ("Project", publication.project),
            ("Link", publication.url),
        )
        if url
    ]
    body = " \\\n".join([title, author_line(publication, authors), " · ".join([venue, *links])])
    return f"(pub-{publication.key})=\n" + directive("container", body, "labsite-publication")


def sort_publications(publications: Iterable[model.Publication]) -> list[model.Publication]:
    return sorted(publications, key=lambda p: (-p.year, -(p.month or 0), p.title.lower()))


def publication_list(publications: Sequence[model.Publication], authors: AuthorLinks, level: int) -> str:
    """Grouped by year, newest first."""
    parts = []
    current_year = None
    for publication in sort_publications(publications):
        if publication.year != current_year:
            current_year = publication.year
            parts.append(heading(level, str(current_year)))
        parts.append(publication_entry(publication, authors))
    if any(p.equal for p in publications):
        parts.append("\\* Equal contribution.")
    return blocks(parts)
