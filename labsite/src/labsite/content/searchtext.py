"""What a generated page says, as plain text for the site's search index. No Sphinx here.

The text comes from the records (Unicode: LaTeX decoded, math as readable text), never from a page's
HTML or a paper's BibTeX, so the index holds the words a visitor reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..data import model


def paper_text(publication: model.Publication) -> str:
    """A paper's words: title, authors (or editors), venue and year, award, topics, abstract."""
    people = ", ".join(publication.authors or publication.editors)
    parts = [publication.title, people, publication.venue_line, publication.award or "", ", ".join(publication.topics)]
    parts.append(publication.abstract or "")
    return ". ".join(part for part in parts if part)


def paper_key_text(publication: model.Publication, has_own_page: Callable[[str], bool] = lambda name: False) -> str:
    """The words that name a paper besides its title: its co-authors and editors, its venue and the
    venue's short name (`abbr`). People for whom `has_own_page` is true (the owner, on every paper; a
    lab member, whose papers have a page) are left out: their name should find their own page first."""
    people = [name for name in [*publication.authors, *publication.editors] if not has_own_page(name)]
    return " ".join([*people, publication.venue or "", publication.abbr or ""])


def papers_text(publications: Iterable[model.Publication]) -> str:
    """The words of a list of papers (a list page when papers have no page of their own)."""
    return " ".join(paper_text(p) for p in publications)


def talks_text(talks: Iterable[model.Talk]) -> str:
    """The words of a list of talks: title, venue and date of each."""
    return ". ".join(" ".join(part for part in (talk.title, talk.venue, talk.date) if part) for talk in talks)


def members_text(members: Iterable[model.Member]) -> str:
    """The words of a list of members: name, co-advisor and placement of each."""
    return ". ".join(
        " ".join(part for part in (member.name, member.co_advisor, member.placement) if part) for member in members
    )
