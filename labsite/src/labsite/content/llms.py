"""`llms.txt` (https://llmstxt.org/): a plain Markdown summary of the site for language-model agents.

The layout follows the convention: `# name`, a `> summary` quote, plain paragraphs, then `## sections`
of `- [title](absolute URL): note` links. No Sphinx here: callers pass the pages and absolute URLs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..data import model
from .render import years_text


@dataclass(frozen=True)
class LinkItem:
    title: str
    url: str
    note: str | None = None

    def markdown(self) -> str:
        """The item as a Markdown list line: `- [title](url): note` (brackets in the title made round)."""
        title = self.title.replace("[", "(").replace("]", ")")
        return f"- [{title}]({self.url})" + (f": {self.note}" if self.note else "")


def summary(profile: model.Profile) -> str:
    """`Assistant Professor, HDSI, CSE (affiliate), UC San Diego; Hao AI Lab`."""
    where = [a.name for a in profile.affiliations] + ([profile.organization] if profile.organization else [])
    text = ", ".join([profile.title, *where])
    return f"{text}; {profile.lab.name}" if profile.lab else text


def llms_txt(
    profile: model.Profile,
    *,
    description: str | None,
    pages: Sequence[LinkItem],
    optional: Sequence[LinkItem] = (),
) -> str:
    """The site's ``/llms.txt`` (llmstxt.org): the owner's name as title, a one-line summary, `description`,
    contact facts from the profile, then the `pages` and, under "Optional", the `optional` links."""
    lines = [f"# {profile.name}", "", f"> {summary(profile)}", ""]
    if description:
        lines += [description, ""]
    facts = []
    if profile.email:
        facts.append(f"- Email: {profile.email}")
    if profile.education:
        facts.append("- Education: " + "; ".join(f"{d.label}, {d.institution} ({d.year})" for d in profile.education))
    if profile.awards:
        facts.append("- Awards: " + "; ".join(f"{a.title} ({years_text(a.years)})" for a in profile.awards))
    if facts:
        lines += [*facts, ""]
    sections = [
        ("Pages", list(pages)),
        ("Profiles and links", [LinkItem(link.label, link.url) for link in profile.links]),
        ("Optional", list(optional)),
    ]
    for heading, items in sections:
        if items:
            lines += [f"## {heading}", "", *(item.markdown() for item in items), ""]
    return "\n".join(lines).rstrip() + "\n"
