"""Atom feeds (RFC 4287) from the records, with feedgen.

Everything in a feed comes from the data: ids are the entries' addresses on the site, and `updated`
is the entry's own date (the newest one for the feed), never the time of the build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from ..data import model
from .jsonld import TALK_TYPE_NAMES, talk_name

GENERATOR = "labsite"


def month_start(value: str) -> datetime:
    """`MM/YYYY` -> the first moment of that month, UTC."""
    year, month = model.month_key(value)
    return datetime(year, month, 1, tzinfo=UTC)


def talk_summary(talk: model.Talk) -> str:
    return f"{TALK_TYPE_NAMES[talk.type]} at {talk.venue}, {model.month_label(talk.date)}."


def talks_feed(
    talks: Sequence[model.Talk],
    *,
    title: str,
    author: str,
    home_url: str,
    page_url: str,
    feed_url: str,
    anchor_url: Callable[[model.Talk], str],
    language: str | None = None,
) -> bytes:
    """The talks as an Atom feed, newest first. `anchor_url(talk)` is the talk's entry on the site."""
    if not talks:
        raise ValueError("a feed needs at least one talk")
    ordered = sorted(talks, key=lambda talk: model.month_key(talk.date), reverse=True)
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title)
    feed.author({"name": author, "uri": home_url})
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.updated(month_start(ordered[0].date))
    feed.generator(GENERATOR)
    if language:
        feed.language(language)
    for talk in ordered:
        entry = feed.add_entry(order="append")
        anchor = anchor_url(talk)
        entry.id(anchor)
        entry.title(talk_name(talk))
        # One link only: feedgen 1.0.0 drops the `rel` of entry links, so a second one would be a second
        # `alternate`, which RFC 4287 forbids. The recording or event page if there is one, else the entry.
        entry.link(href=talk.link or anchor, rel="alternate")
        entry.published(month_start(talk.date))
        entry.updated(month_start(talk.date))
        entry.summary(talk_summary(talk))
        entry.category(term=talk.type, label=TALK_TYPE_NAMES[talk.type])
    return feed.atom_str(pretty=True, encoding="UTF-8")
