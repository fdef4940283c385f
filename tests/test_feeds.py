"""The talks feed: Atom (RFC 4287) that a real feed parser reads, with every talk, stable ids and dates
from the data (never the time of the build)."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree

import feedparser
import pytest
from labsite.content import feeds
from labsite.data import model
from labsite.data.dataset import SiteData, talk_id
from sitebuild import Build

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def feed_link(site: Build) -> str:
    link = site.soup("").find("link", rel="alternate", type="application/atom+xml")
    assert link is not None, "the home page links the feed"
    return link["href"]


@pytest.fixture(scope="module")
def feed_bytes(site: Build, feed_link: str) -> bytes:
    return (site.outdir / feed_link).read_bytes()


def month_start(talk: model.Talk) -> datetime:
    year, month = model.month_key(talk.date)
    return datetime(year, month, 1, tzinfo=UTC)


def newest_first(talks: list[model.Talk]) -> list[model.Talk]:
    return sorted(talks, key=lambda talk: model.month_key(talk.date), reverse=True)


def test_feed_parses_as_atom_with_every_talk(site: Build, data: SiteData, feed_bytes: bytes) -> None:
    parsed = feedparser.parse(feed_bytes)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title.endswith("Talks")
    assert len(parsed.entries) == len(data.talks.talks) > 0
    base = site.soup("").find("link", rel="canonical")["href"]
    anchors = {tag["id"] for tag in site.soup("talks").find_all(id=True)}
    for talk, entry in zip(newest_first(data.talks.talks), parsed.entries, strict=True):
        anchor = f"talk-{talk_id(talk)}"
        assert anchor in anchors, "the talk has its place on the talks page"
        assert talk.venue in entry.summary
        assert (talk.title or talk.venue) in entry.title
        assert entry.link == (talk.link or f"{base}talks/#{anchor}")
        assert datetime(*entry.updated_parsed[:6], tzinfo=UTC) == month_start(talk)


def test_feed_is_valid_atom(site: Build, data: SiteData, feed_link: str, feed_bytes: bytes) -> None:
    """RFC 4287 4.1.1/4.1.2: required elements, one alternate link per entry, absolute ids, no duplicates."""
    root = ElementTree.fromstring(feed_bytes)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name").text
    self_links = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert len(self_links) == 1
    assert self_links[0].get("href").endswith(feed_link)
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1
        ids.append(entry.findtext(f"{ATOM}id"))
    # permanent ids, not addresses (tests/test_visitors.py: the same on another host)
    assert all(i.startswith("urn:uuid:") for i in [*ids, root.findtext(f"{ATOM}id")])
    assert len(ids) == len(set(ids)) == len(data.talks.talks)


def test_feed_dates_come_from_the_data(data: SiteData, feed_bytes: bytes) -> None:
    """No build time anywhere: every date in the feed is a talk's month, the feed's the newest."""
    root = ElementTree.fromstring(feed_bytes)
    talk_dates = {month_start(talk).isoformat() for talk in data.talks.talks}
    dates = [e.text for e in root.iter() if e.tag in (f"{ATOM}updated", f"{ATOM}published")]
    assert set(dates) <= talk_dates
    assert root.findtext(f"{ATOM}updated") == max(month_start(t) for t in data.talks.talks).isoformat()


def test_feed_generation_is_deterministic(data: SiteData) -> None:
    def make() -> bytes:
        head = feeds.FeedHead(
            "Talks",
            "Someone",
            "https://example.org/",
            "https://example.org/talks/",
            "https://example.org/feeds/talks.xml",
            feeds.stable_id("Someone", "talks"),
        )
        return feeds.talks_feed(
            data.talks.talks,
            head,
            anchor_url=lambda talk: f"https://example.org/talks/#talk-{talk_id(talk)}",
            entry_id=lambda talk: feeds.stable_id("Someone", "talks", talk_id(talk)),
        )

    first = make()
    assert make() == first
    entries = feedparser.parse(first).entries
    assert [e.id for e in entries] == [
        feeds.stable_id("Someone", "talks", talk_id(t)) for t in newest_first(data.talks.talks)
    ]
    assert feeds.stable_id("a", "b") != feeds.stable_id("a", "c") != feeds.stable_id("ab")


def test_a_feed_needs_a_talk() -> None:
    with pytest.raises(ValueError):
        head = feeds.FeedHead("t", "a", "https://e.org/", "https://e.org/t/", "https://e.org/f.xml", "urn:x")
        feeds.talks_feed([], head, anchor_url=str, entry_id=str)
