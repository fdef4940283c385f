"""News on the real site: every paper, talk, award and member joining or leaving is an item of the news
page once, dated in <time datetime>; the home page shows the latest after its profile and recruiting
note; the Atom feed of news has every item."""

from __future__ import annotations

import re

import feedparser
from labsite.data.dataset import SiteData
from labsite.data.kinds import news_id, talk_id
from labsite.data.slugs import slugify
from sitebuild import Build


def month(value: str) -> str:
    m, y = value.split("/")
    return f"{y}-{m}"


def expected(data: SiteData) -> dict[str, str]:
    """Anchor -> datetime of every item the data makes (written in data/news.yaml and derived)."""
    items = {f"news-{news_id(i)}": i.date.isoformat() for i in data.news.news}
    for p in data.publications:
        if p.year:
            items[f"news-paper-{slugify(p.key)}"] = f"{p.year}-{p.month:02d}" if p.month else str(p.year)
    for t in data.talks.talks:
        items[f"news-talk-{slugify(talk_id(t))}"] = month(t.date)
    for a in data.profile.awards if data.profile else []:
        items[f"news-award-{a.year}-{slugify(a.title)}"] = str(a.year)
    for m in data.people.members:
        items[f"news-joined-{m.id}"] = month(m.start)
        if m.end:
            items[f"news-left-{m.id}"] = month(m.end)
    # a written item linking a paper or talk is that record's news: no item is derived from it
    told = {slugify(f"news-{kind}-{getattr(i, kind)}") for i in data.news.news for kind in ("paper", "talk")}
    return {anchor: when for anchor, when in items.items() if anchor not in told}


def news_pages(site: Build) -> list[str]:
    further = site.outdir / "news" / "page"
    numbers = sorted(int(p.name) for p in further.iterdir()) if further.is_dir() else []
    return ["news"] + [f"news/page/{n}" for n in numbers]


def test_every_derived_item_is_on_the_news_pages_once(site: Build, data: SiteData) -> None:
    shown: dict[str, str] = {}
    for page in news_pages(site):
        for item in site.main(page).select("ul.labsite-news > li"):
            assert item["id"] not in shown
            shown[item["id"]] = item.find("time")["datetime"]
    assert shown == expected(data)
    assert all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", when) for when in shown.values())


def test_the_home_page_shows_the_latest_news_after_the_profile_and_the_recruiting_note(site: Build) -> None:
    main = site.main("")
    items = main.select("ul.labsite-news > li")
    assert 0 < len(items) <= 5
    latest = [li.find("time")["datetime"] for li in site.main("news").select("ul.labsite-news > li")][: len(items)]
    assert [li.find("time")["datetime"] for li in items] == latest
    html = str(main)
    assert html.index("recruiting") < html.index("labsite-news")
    assert html.index("labsite-profile") < html.index("labsite-news")
    nav = site.soup("").find("a", href=re.compile(r"^news/$"))
    assert nav is not None  # in the navigation


def test_the_news_feed_parses_and_has_every_item(site: Build, data: SiteData) -> None:
    feed = feedparser.parse((site.outdir / "feeds" / "news.xml").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == len(expected(data))
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    assert site.soup("").find("link", rel="alternate", href="feeds/news.xml") is not None
