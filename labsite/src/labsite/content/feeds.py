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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class FeedHead:
    """What every labsite feed has besides its entries. ``home_url``: the site's home page (the author's
    ``uri``); ``page_url``: the page of the list the feed follows; ``feed_url``: the feed itself;
    ``feed_id``: its permanent id (:func:`stable_id`); ``language``: Sphinx's ``language``; ``xml_base``:
    see :func:`atom_bytes`. Addresses are absolute, or relative to the site's root with ``xml_base``."""

    title: str
    author: str
    home_url: str
    page_url: str
    feed_url: str
    feed_id: str
    language: str | None = None
    xml_base: str | None = None


def new_feed(head: FeedHead, updated: datetime) -> FeedGenerator:
    """A feed with what every labsite feed has (id, title, author, its page, itself, its date ``updated``,
    generator, language) and no entry yet."""
    feed = FeedGenerator()
    feed.id(head.feed_id)
    feed.title(head.title)
    feed.author({"name": head.author, "uri": head.home_url})
    feed.link(href=head.page_url, rel="alternate", type="text/html")
    feed.link(href=head.feed_url, rel="self", type="application/atom+xml")
    feed.updated(updated)
    feed.generator(GENERATOR)
    if head.language:
        feed.language(head.language)
    return feed


def atom_bytes(feed: FeedGenerator, xml_base: str | None = None) -> bytes:
    """The feed as Atom XML (UTF-8, indented). ``xml_base``: an ``xml:base`` for the whole feed (XML Base,
    which RFC 4287 section 2 allows on any element), against which readers resolve its relative links:
    ``../`` for a feed in ``feeds/`` whose links are relative to the site's root (a site built without
    ``html_baseurl``); None for a feed whose links are absolute."""
    if xml_base is None:
        atom: bytes = feed.atom_str(pretty=True, encoding="UTF-8")
        return atom
    from lxml import etree  # feedgen's own XML library

    root = etree.fromstring(feed.atom_str(encoding="UTF-8"))
    root.set("{http://www.w3.org/XML/1998/namespace}base", xml_base)
    based: bytes = etree.tostring(root, pretty_print=True, encoding="UTF-8", xml_declaration=True)
    return based


def talk_summary(talk: model.Talk) -> str:
    """The feed entry's summary: `Invited talk at <venue>, March 2025.` (type, venue, month)."""
    return f"{TALK_TYPE_NAMES[talk.type]} at {talk.venue}, {model.month_label(talk.date)}."


def talks_feed(
    talks: Sequence[model.Talk],
    head: FeedHead,
    *,
    anchor_url: Callable[[model.Talk], str | None],
    entry_id: Callable[[model.Talk], str],
) -> bytes:
    """The talks as an Atom feed, newest first. `anchor_url(talk)` is the talk's entry on the site;
    `head.feed_id` and `entry_id(talk)` are the permanent ids (see :func:`stable_id`), which must not
    depend on where the site is hosted. Raises ValueError for no talks."""
    if not talks:
        raise ValueError("a feed needs at least one talk")
    ordered = sorted(talks, key=lambda talk: model.month_key(talk.date), reverse=True)
    feed = new_feed(head, month_start(ordered[0].date))
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
    return atom_bytes(feed, head.xml_base)


def _plain(html: str) -> str:
    """Text of an HTML fragment (tags dropped, entities decoded)."""
    import re
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def news_feed(
    entries: Sequence[Any],
    head: FeedHead,
    *,
    entry_url: Callable[[Any], str],
    resolve: Callable[[Any, Any], tuple[str | None, str]],
    entry_id: Callable[[Any], str],
) -> bytes:
    """The news items (:class:`labsite.content.news.NewsEntry`, newest first) as an Atom feed: each
    entry's title is its text, its content the text as HTML with absolute links (``resolve``), its
    date its own (a month or year alone: the first day of it, UTC). ``head.feed_id`` and ``entry_id(entry)``
    are the permanent ids (:func:`stable_id`). Raises ValueError for no items."""
    from .news import entry_body_html

    if not entries:
        raise ValueError("a feed needs at least one news item")
    newest = entries[0]
    feed = new_feed(head, datetime(newest.year, newest.month or 1, newest.day or 1, tzinfo=UTC))
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
    return atom_bytes(feed, head.xml_base)
