"""News (labsite.content.news, labsite.sphinx.news): items written in news.yaml and derived from dated
records, each once, on the news page (paged), the home page's latest items and the Atom feed of news."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml
from labsite.data.dataset import load_site_data
from labsite.data.kinds import news_id, talk_id
from labsite.data.problems import DataError
from labsite.data.slugs import slugify
from labsite.testing import Build, build

ROOT = Path(__file__).parent / "roots" / "test-directives"
#: two written items: one linking a paper, a member and a page, one plain
NEWS = {
    "news": [
        {"date": "2024-05-02", "text": "We moved to a *new* building.", "page": "people"},
        {"date": "2023-11-20", "text": "A paper and its author.", "paper": "KEY", "member": "MEMBER"},
    ]
}
PAGE_LIMIT = 4


def make_site(root: Path, news: dict | None = None) -> Path:
    """The test site with a news page (in the navigation) and the latest 2 items on the home page."""
    shutil.copytree(ROOT, root)
    data = load_site_data(root / "data")
    if news is None:
        news = yaml.safe_load(yaml.safe_dump(NEWS))
        news["news"][1]["paper"] = data.publications[0].key
        news["news"][1]["member"] = data.people.members[0].id
    (root / "data" / "news.yaml").write_text(yaml.safe_dump(news), encoding="utf-8")
    (root / "news.md").write_text("# News\n\n:::{news-list}\n:::\n", encoding="utf-8")
    index = (root / "index.md").read_text(encoding="utf-8")
    index = index.replace("recent\n```", "recent\nnews\n```") + "\n## Latest\n\n:::{news-list}\n:limit: 2\n:::\n"
    (root / "index.md").write_text(index, encoding="utf-8")
    return root


def expected_items(root: Path, kinds: tuple[str, ...] = ("papers", "talks", "awards", "members")) -> dict[str, str]:
    """Anchor -> `<time datetime>` of every item the data makes, derived from the data files."""
    data = load_site_data(root / "data")
    items: dict[str, str] = {}
    for item in data.news.news:
        items[f"news-{news_id(item)}"] = item.date.isoformat()
    # a written item linking a paper or talk is that record's news: no item is derived from it
    told = {f"news-{objtype}-{getattr(i, objtype)}" for i in data.news.news for objtype in ("paper", "talk")}

    def month(value: str) -> str:
        m, y = value.split("/")
        return f"{y}-{m}"

    if "papers" in kinds:
        for p in data.publications:
            if p.year:
                items[f"news-paper-{slugify(p.key)}"] = f"{p.year}-{p.month:02d}" if p.month else str(p.year)
    if "talks" in kinds:
        for t in data.talks.talks:
            items[f"news-talk-{slugify(talk_id(t))}"] = month(t.date)
    if "awards" in kinds and data.profile:
        for a in data.profile.awards:
            items[f"news-award-{a.year}-{slugify(a.title)}"] = str(a.year)
    if "members" in kinds:
        for m in data.people.members:
            items[f"news-joined-{m.id}"] = month(m.start)
            if m.end:
                items[f"news-left-{m.id}"] = month(m.end)
    return {anchor: when for anchor, when in items.items() if anchor not in {slugify(t) for t in told}}


def shown_items(site: Build) -> dict[str, str]:
    """Anchor -> `<time datetime>` of every item on the news page and its further pages."""
    found: dict[str, str] = {}
    further = site.outdir / "news" / "page"
    numbers = sorted(int(p.name) for p in further.iterdir()) if further.is_dir() else []
    pages = ["news", *(f"news/page/{n}" for n in numbers)]
    for page in pages:
        for item in site.main(page).select("ul.labsite-news > li"):
            assert item["id"] not in found, f"{item['id']} twice"
            found[item["id"]] = item.find("time")["datetime"]
    return found


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build]:
    root = make_site(tmp_path_factory.mktemp("news") / "site")
    site = build(
        root, root / "_build" / "html", html_baseurl="https://lab.example.org/", labsite_news_page_limit=PAGE_LIMIT
    )
    return root, site


def test_the_news_page_shows_every_item_once_with_its_date(lab: tuple[Path, Build]) -> None:
    root, site = lab
    assert site.warnings == ""
    expected = expected_items(root)
    written = {k: v for k, v in expected.items() if re.match(r"news-\d{4}-", k)}
    assert len(written) == 2 and len(expected) > len(written)
    shown = shown_items(site)
    assert shown == expected
    assert all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) for value in shown.values())
    assert list(shown.values()) == sorted(shown.values(), key=lambda v: v.ljust(10, "\0"), reverse=True)


def test_long_news_is_paged_and_every_page_links_the_others(lab: tuple[Path, Build]) -> None:
    root, site = lab
    count = -(-len(expected_items(root)) // PAGE_LIMIT)
    assert count > 1
    for number in range(1, count + 1):
        page = "news" if number == 1 else f"news/page/{number}"
        assert len(site.main(page).select("ul.labsite-news > li")) <= PAGE_LIMIT
        pager = site.main(page).select("nav.labsite-pager li")
        assert len(pager) == 2 * count  # above and below the list


def test_links_of_a_written_item_and_the_home_page(lab: tuple[Path, Build]) -> None:
    root, site = lab
    data = load_site_data(root / "data")
    item = next(li for li in site.main("news").select("ul.labsite-news > li") if "A paper and its author" in li.text)
    hrefs = [a["href"] for a in item.find_all("a")]
    assert any(f"#pub-{data.publications[0].key}".lower() in h.lower() for h in hrefs)
    assert any(f"#member-{data.people.members[0].id}" in h for h in hrefs)
    moved = next(li for li in site.main("news").select("ul.labsite-news > li") if "building" in li.text)
    assert moved.find("em").text == "new" and any(a["href"].endswith("people/") for a in moved.find_all("a"))
    home = site.main("").select("ul.labsite-news > li")
    assert [li.find("time")["datetime"] for li in home] == list(shown_items(site).values())[:2]


def test_the_feed_has_every_item_with_permanent_ids(lab: tuple[Path, Build], tmp_path: Path) -> None:
    root, site = lab
    head = site.soup("people").find("link", rel="alternate", href=lambda h: h and h.endswith("feeds/news.xml"))
    assert head is not None
    feed = feedparser.parse((site.outdir / "feeds" / "news.xml").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == len(expected_items(root))
    assert all(e.id.startswith("urn:uuid:") for e in feed.entries)
    assert all(e.link.startswith("https://lab.example.org/news/") for e in feed.entries)
    # one more item (the newest): every other id stays as it was
    more = yaml.safe_load((root / "data" / "news.yaml").read_text(encoding="utf-8"))
    more["news"].insert(0, {"date": "2030-01-01", "text": "One more."})
    other = make_site(tmp_path / "site", more)
    again = build(
        other,
        other / "_build" / "html",
        html_baseurl="https://elsewhere.example.org/",
        labsite_news_page_limit=PAGE_LIMIT,
    )
    ids = [e.id for e in feedparser.parse((again.outdir / "feeds" / "news.xml").read_bytes()).entries]
    assert ids[1:] == [e.id for e in feed.entries] and ids[0] not in ids[1:]


def test_derived_items_are_turned_off_per_kind(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    site = build(root, root / "_build" / "html", labsite_news_derived="talks, awards")
    expected = expected_items(root, ("talks", "awards"))
    assert shown_items(site) == expected
    assert not any(k.startswith(("news-paper-", "news-joined-")) for k in shown_items(site))


def test_an_unknown_id_is_a_located_error(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "news.yaml").write_text(
        "news:\n  - date: 2024-01-02\n    text: Hello.\n    id: hello\n    talk: no-such-talk\n"
        "  - date: 2024-01-03\n    text: Again.\n    paper: NoSuchKey\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as err:
        load_site_data(tmp_path / "data")
    problems = {(p.file.name, p.line, p.entry, p.field) for p in err.value.problems}
    assert problems == {("news.yaml", 5, "hello", "talk"), ("news.yaml", 8, "2024-01-03-nosuchkey", "paper")}


def test_an_unknown_page_is_a_located_warning(tmp_path: Path) -> None:
    news = {"news": [{"date": "2024-01-02", "text": "Hello.", "id": "hello", "page": "no/such/page"}]}
    root = make_site(tmp_path / "site", news)
    site = build(root, root / "_build" / "html", strict=False)
    path = root / "data" / "news.yaml"
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "no/such/page" in text)
    message = "entry 'hello', field 'page': no page 'no/such/page'"
    # the file and the line of the field (not a page name made of the file's path), once for the
    # home page, the news page and the feed that all show the item
    assert f"{path}:{line}: WARNING: {message}" in site.warnings
    assert site.warnings.count(message) == 1


def test_markup_in_a_news_text_cannot_inject() -> None:
    """The text is inline Markdown: HTML in it is shown as typed, and only safe links become links."""
    from labsite.content.news import inline_html

    html = inline_html("<script>alert(1)</script> <b>x</b> [a](javascript:alert(1)) [b](https://e.org/) *c*")
    assert "<script" not in html and "<b>" not in html and 'href="javascript' not in html
    assert '<a href="https://e.org/">b</a>' in html and "<em>c</em>" in html


def test_an_items_anchor_has_one_prefix_and_editing_its_text_keeps_it(lab: tuple[Path, Build]) -> None:
    """A written item's anchor is `news-<date>[-<linked record>]` (or `news-<id>`), not made from its text:
    rewording the item keeps its anchor, and so its feed id."""
    root, site = lab
    html = "".join(str(site.main(page)) for page in ("news", ""))
    assert "news-news-" not in html
    moved = next(li for li in site.main("news").select("ul.labsite-news > li") if "building" in li.text)
    assert moved["id"] == "news-2024-05-02-people"
    from labsite.content.news import news_entries

    data = load_site_data(root / "data")
    reworded = data.news.model_copy(
        update={"news": [i.model_copy(update={"text": i.text + " Reworded."}) for i in data.news.news]}
    )
    before = [(e.anchor, e.kind, e.ident) for e in news_entries(data)]
    after = [(e.anchor, e.kind, e.ident) for e in news_entries(replace(data, news=reworded))]
    assert before == after


def test_a_written_item_about_a_paper_replaces_the_item_derived_from_it(lab: tuple[Path, Build]) -> None:
    root, site = lab
    key = load_site_data(root / "data").publications[0].key
    items = [li for page in ("news", *(f"news/page/{n}" for n in range(2, 9))) if (site.outdir / page).is_dir()
             for li in site.main(page).select("ul.labsite-news > li")]  # fmt: skip
    about = [li for li in items if any(f"#pub-{key}".lower() in a["href"].lower() for a in li.find_all("a"))]
    assert [li["id"] for li in about] == [f"news-2023-11-20-{slugify(key)}"]
    assert "A paper and its author." in about[0].text  # the written wording wins
    feed = feedparser.parse((site.outdir / "feeds" / "news.xml").read_bytes())
    assert len(feed.entries) == len(items)


def test_every_date_is_in_the_sites_locale_form_in_a_time_element(lab: tuple[Path, Build]) -> None:
    """One form for every date (the site's `language`, here English), at the precision the record has."""
    _, site = lab
    forms = {
        r"\d{4}-\d{2}-\d{2}": "%B %-d, %Y",  # May 2, 2024
        r"\d{4}-\d{2}": "%B %Y",  # May 2024
        r"\d{4}": "%Y",
    }
    times = [t for page in ("news", "") for t in site.main(page).select("ul.labsite-news time")]
    assert {t["datetime"] for t in times} >= {"2024-05-02", "2023-11-20"}
    for time in times:
        form = next(f for p, f in forms.items() if re.fullmatch(p, time["datetime"]))
        parts = [int(part) for part in time["datetime"].split("-")] + [1, 1]
        assert time.text == date(*parts[:3]).strftime(form), time
    further = site.main("news/page/2").select("ul.labsite-news time")  # its description says the same
    description = site.soup("news/page/2").find("meta", attrs={"name": "description"})["content"]
    assert f", {further[0].text} to {further[-1].text}, " in description


def test_dates_follow_the_sites_language() -> None:
    from labsite.content.news import NewsEntry

    entry = NewsEntry("news", "x", 2024, 5, 2, ())
    assert (entry.date_label("de"), entry.date_label("en"), entry.date_label("fr")) == (
        "2. Mai 2024",
        "May 2, 2024",
        "2 mai 2024",
    )
    assert NewsEntry("news", "x", 2024, 5, None, ()).date_label("de") == "Mai 2024"


def test_without_a_base_url_every_feed_resolves_where_the_site_is_served(tmp_path: Path) -> None:
    """A local build (no `html_baseurl`, as the quickstart's outside Read the Docs) passes strictly, and
    its feeds' links, relative to the site's root with an `xml:base`, lead to the pages wherever the
    site is served (a reader resolves them against the feed's own address)."""
    root = make_site(tmp_path / "site")
    site = build(root, root / "_build" / "html", html_baseurl="", labsite_news_page_limit=PAGE_LIMIT)
    data = load_site_data(root / "data")
    awards = data.profile.awards if data.profile else []
    own_links = {t.link for t in data.talks.talks if t.link} | {a.url for a in awards if a.url}
    served = "https://anywhere.example.net/lab/"
    for path in ("feeds/talks.xml", "feeds/news.xml"):
        feed = feedparser.parse(
            (site.outdir / path).read_bytes(),
            response_headers={"content-location": served + path, "content-type": "application/atom+xml"},
        )
        assert not feed.bozo and feed.entries
        assert [link.href for link in feed.feed.links if link.rel == "self"] == [served + path]
        links = [link.href for link in feed.feed.links if link.rel == "alternate"] + [e.link for e in feed.entries]
        for entry in feed.entries:
            links += re.findall(r'href="([^"]+)"', entry.get("content", [{"value": ""}])[0]["value"])
        for link in links:
            if link in own_links:  # a talk's recording or event page, an award's page
                continue
            assert link.startswith(served), (path, link)
            page, _, anchor = link.removeprefix(served).partition("#")
            html = (site.outdir / page / "index.html").read_text(encoding="utf-8")
            assert not anchor or f'id="{anchor}"' in html, (path, link)


def test_a_written_item_about_a_talk_replaces_the_item_derived_from_it(lab: tuple[Path, Build]) -> None:
    from labsite.content.news import news_entries
    from labsite.data.model import News, NewsItem

    root, _ = lab
    data = load_site_data(root / "data")
    talk = talk_id(data.talks.talks[0])
    assert f"talk-{talk}" in {e.ident for e in news_entries(data)}
    news = News(news=[NewsItem(date=date(2024, 6, 1), text="Slides of our talk are online.", talk=talk)])
    entries = news_entries(replace(data, news=news))
    about = [e for e in entries if any(link.target == talk for link in e.links())]
    assert [(e.kind, e.anchor) for e in about] == [("news", f"news-2024-06-01-{talk}")]


def test_a_large_labs_news_looks_each_record_up_once_per_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Complexity guard (issue 20): every derived item links a member or a talk by id, and the news page,
    its further pages and the feed show each item; finding each linked record by scanning every record
    made the news quadratic in the lab's size. Counted, not timed: the record ids computed, and how often
    the items are split into pages (every page's head asks whether there are any, for the feed's link)."""
    import labsite.sphinx.domain as domain_module
    import labsite.sphinx.news as news_module
    from labsite.data.kinds import RecordKind

    root = make_site(tmp_path / "site")
    people = yaml.safe_load((root / "data" / "people.yaml").read_text(encoding="utf-8"))
    talks = yaml.safe_load((root / "data" / "talks.yaml").read_text(encoding="utf-8"))
    originals = (list(people["members"]), list(talks["talks"]))
    for i in range(1, 20):  # a lab 20 times the test root's, each copy a distinct person and talk
        for member in originals[0]:
            copy = dict(member, id=f"{member['id']}-{i}", name=f"{member['name']} {chr(64 + i)}")
            copy.pop("aliases", None)
            people["members"].append(copy)
        for talk in originals[1]:
            copy = dict(talk, venue=f"Copy {i}: {talk['venue']}")
            if "id" in copy:
                copy["id"] = f"{copy['id']}-{i}"
            talks["talks"].append(copy)
    (root / "data" / "people.yaml").write_text(yaml.safe_dump(people), encoding="utf-8")
    (root / "data" / "talks.yaml").write_text(yaml.safe_dump(talks), encoding="utf-8")
    records = len(people["members"]) + len(talks["talks"])

    calls = {"record_id": 0, "news_pages": 0, "talk_pages": 0}

    def counted(name: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(RecordKind, "record_id", counted("record_id", RecordKind.record_id))
    monkeypatch.setattr(news_module, "news_pages", counted("news_pages", news_module.news_pages))
    monkeypatch.setattr(domain_module, "split_talk_list", counted("talk_pages", domain_module.split_talk_list))
    site = build(root, root / "_build" / "html", labsite_news_page_limit=PAGE_LIMIT)
    assert site.warnings == ""
    items = len(expected_items(root))
    assert items > records  # each member joined (some left), each talk: every item is on a page and in the feed
    assert calls["record_id"] <= 4 * records, calls  # a few times each (pages, roles, search), not per item
    assert calls["news_pages"] == 1, calls
    assert calls["talk_pages"] == 1, calls
