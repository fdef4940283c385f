"""schema.org structured data (JSON-LD) from the records: a Person for the site's owner, an Event per talk.

No Sphinx here: callers pass absolute URLs.
"""

from __future__ import annotations

import json
from typing import Any

from ..data import model
from ..data.kinds import kind
from .render import years_text

CONTEXT = "https://schema.org"
TALK_TYPE_NAMES = model.TALK_TYPE_LABELS


def _organisation(name: str, url: str | None = None, **extra: Any) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "Organization", "name": name}
    if url:
        org["url"] = url
    return {**org, **extra}


def person(
    profile: model.Profile, *, url: str, image: str | None = None, description: str | None = None
) -> dict[str, Any]:
    """The owner as a schema.org Person: name, job title, affiliations, alma maters, profiles, photo, home page."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": kind("profile").jsonld_type,  # the table of record kinds (labsite.data.kinds)
        "@id": f"{url}#person",
        "name": profile.name,
    }
    data["url"] = url
    if image:
        data["image"] = image
    if description:
        data["description"] = description
    data["jobTitle"] = profile.title
    parent = _organisation(profile.organization) if profile.organization else None
    affiliation = [
        _organisation(a.name, a.url, **({"parentOrganization": parent} if parent else {})) for a in profile.affiliations
    ]
    if parent:
        data["worksFor"] = parent
        affiliation.append(parent)
    if profile.lab:
        affiliation.append(_organisation(profile.lab.name, profile.lab.url))
    if affiliation:
        data["affiliation"] = affiliation
    alma_maters = list(dict.fromkeys(degree.institution for degree in profile.education))
    if alma_maters:
        data["alumniOf"] = [{"@type": "EducationalOrganization", "name": name} for name in alma_maters]
    awards = [f"{award.title} ({years_text(award.years)})" for award in profile.awards]  # every year, as shown
    if awards:
        data["award"] = awards
    same_as = [link.url for link in profile.links if link.profile and not link.url.startswith("mailto:")]
    if same_as:
        data["sameAs"] = same_as
    return data


def talk_name(talk: model.Talk) -> str:
    """The talk's name in JSON-LD: its title, else `<type>: <venue>`."""
    return talk.title or f"{TALK_TYPE_NAMES[talk.type]}: {talk.venue}"


def talk_event(talk: model.Talk, *, anchor_url: str, performer: dict[str, Any] | None = None) -> dict[str, Any]:
    """A talk as a schema.org Event; `anchor_url` is the talk's entry on the site (its stable id)."""
    year, month = model.month_key(talk.date)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": kind("talks").jsonld_type,
        "@id": anchor_url,
        "name": talk_name(talk),
        "startDate": f"{year:04d}-{month:02d}",
        "location": {"@type": "Place", "name": talk.venue},
        "url": talk.link or anchor_url,
    }
    if performer:
        data["performer"] = performer
    return data


def script(data: dict[str, Any] | list[dict[str, Any]]) -> str:
    """The one way labsite writes JSON-LD: a `<script type="application/ld+json">` element, compact, with
    `<`, `>` and `&` written as JSON escapes so no text in the data can close the element or start markup
    (the HTML standard's advice for data blocks in `<script>`)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'
