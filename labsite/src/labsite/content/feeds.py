"""Atom feeds (RFC 4287) from the records, with feedgen.

Everything in a feed comes from the data: `updated` is the entry's own date (the newest one for the
feed), never the time of the build. Ids (RFC 4287 4.2.6: "permanent, universally unique", never to
change) do not contain the site's address: a site built on Read the Docs, locally and on a custom
domain gives each talk the same id, so moving the site does not re-send every talk to subscribers.
They are name-based UUIDs (RFC 9562 version 5) of the site's name and the talk's id.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from feedgen.feed import FeedGenerator

from ..data import model
from .jsonld import TALK_TYPE_NAMES, talk_name

GENERATOR = "labsite"


#: the UUID namespace of labsite's feed ids (itself a name-based UUID, so it never changes)
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://pypi.org/project/labsite/#feed-ids")


def stable_id(*parts: str) -> str:
    """A permanent, host-independent Atom id for the thing named by `parts` (e.g. the site's name,
    the feed's path, a talk's id): ``urn:uuid:<version-5 UUID>``. The same parts give the same id."""
    return uuid.uuid5(ID_NAMESPACE, "\x1f".join(parts)).urn


def month_start(value: str) -> datetime:
    """`MM/YYYY` -> the first moment of that month, UTC."""
    year, month = model.month_key(value)
    return datetime(year, month, 1, tzinfo=UTC)


def talk_summary(talk: model.Talk) -> str:
    """The feed entry's summary: `Invited talk at <venue>, March 2025.` (type, venue, month)."""
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
    feed_id: str,
    entry_id: Callable[[model.Talk], str],
    language: str | None = None,
) -> bytes:
    """The talks as an Atom feed, newest first. `anchor_url(talk)` is the talk's entry on the site;
    `feed_id` and `entry_id(talk)` are the permanent ids (see :func:`stable_id`), which must not
    depend on where the site is hosted. Raises ValueError for no talks."""
    if not talks:
        raise ValueError("a feed needs at least one talk")
    ordered = sorted(talks, key=lambda talk: model.month_key(talk.date), reverse=True)
    feed = FeedGenerator()
    feed.id(feed_id)
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
        entry.id(entry_id(talk))
        entry.title(talk_name(talk))
        # One link only: feedgen 1.0.0 drops the `rel` of entry links, so a second one would be a second
        # `alternate`, which RFC 4287 forbids. The recording or event page if there is one, else the entry.
        entry.link(href=talk.link or anchor, rel="alternate")
        entry.published(month_start(talk.date))
        entry.updated(month_start(talk.date))
        entry.summary(talk_summary(talk))
        entry.category(term=talk.type, label=TALK_TYPE_NAMES[talk.type])
    atom: bytes = feed.atom_str(pretty=True, encoding="UTF-8")
    return atom


def _plain(html: str) -> str:
    """Text of an HTML fragment (tags dropped, entities decoded)."""
    import re
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def news_feed(
    entries: Sequence[Any],
    *,
    title: str,
    author: str,
    home_url: str,
    page_url: str,
    feed_url: str,
    entry_url: Callable[[Any], str],
    resolve: Callable[[Any, Any], tuple[str | None, str]],
    feed_id: str,
    entry_id: Callable[[Any], str],
    language: str | None = None,
) -> bytes:
    """The news items (:class:`labsite.content.news.NewsEntry`, newest first) as an Atom feed: each
    entry's title is its text, its content the text as HTML with absolute links (``resolve``), its
    date its own (a month or year alone: the first day of it, UTC). ``feed_id`` and ``entry_id(entry)``
    are the permanent ids (:func:`stable_id`). Raises ValueError for no items."""
    from .news import entry_body_html

    if not entries:
        raise ValueError("a feed needs at least one news item")
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.author({"name": author, "uri": home_url})
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    newest = entries[0]
    feed.updated(datetime(newest.year, newest.month or 1, newest.day or 1, tzinfo=UTC))
    feed.generator(GENERATOR)
    if language:
        feed.language(language)
    for item in entries:
        entry = feed.add_entry(order="append")
        html = entry_body_html(item, resolve)
        when = datetime(item.year, item.month or 1, item.day or 1, tzinfo=UTC)
        entry.id(entry_id(item))
        entry.title(_plain(html))
        entry.link(href=entry_url(item), rel="alternate")
        entry.published(when)
        entry.updated(when)
        entry.content(html, type="html")
        entry.category(term=item.kind)
    atom: bytes = feed.atom_str(pretty=True, encoding="UTF-8")
    return atom
