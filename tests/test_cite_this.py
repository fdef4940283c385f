"""'Cite this' on the owner's paper pages: APA, IEEE and ACM as each style orders a reference, copy buttons
named for screen readers, and the RIS and CSL-JSON downloads. Expectations come from the data."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from labsite.content.publications import paper_slug
from labsite.data import model
from labsite.data.dataset import SiteData
from sitebuild import Build


def family(author: str) -> str:
    """The family name of a name as the record shows it (the owner's co-authors: `Given Family`)."""
    return author.partition(", ")[0].split()[-1]


def cite(site: Build, publication: model.Publication) -> dict[str, str]:
    """Style label -> the citation's text on the paper's page."""
    article = site.main(f"publications/{paper_slug(publication.key)}")
    section = article.find("section", class_="labsite-cite")
    assert section is not None, publication.key
    return {
        d.summary.get_text(strip=True): " ".join(d.find(class_="labsite-citation-text").get_text().split())
        for d in section.find_all("details", class_="labsite-citation")
    }


def test_each_paper_page_cites_the_paper_in_apa_ieee_and_acm(site: Build, data: SiteData) -> None:
    assert data.publications
    for publication in data.publications:
        shown = cite(site, publication)
        assert list(shown) == ["APA", "IEEE", "ACM"], publication.key
        people = publication.authors or publication.editors  # an edited book is cited by its editors
        first = family(people[0])
        year = str(publication.year)
        apa, ieee, acm = shown["APA"], shown["IEEE"], shown["ACM"]
        # APA: Family, I. ... (Year[, Month]). Title.
        assert apa.startswith(f"{first}, "), (publication.key, apa)
        assert re.search(rf"\({year}(, \w+)?\)\. ", apa), (publication.key, apa)
        assert apa.index(f"({year}") < apa.index(publication.title), publication.key
        # IEEE: I. Family, ..., “Title,” ... year
        assert re.split(r",| and | et al\.", ieee)[0].endswith(f". {first}"), (publication.key, ieee)
        assert f"“{publication.title}" in ieee and year in ieee.split("”", 1)[1], (publication.key, ieee)
        # ACM: Given Family, .... Year. Title.
        assert acm.startswith(people[0].partition(", ")[0]), (publication.key, acm)
        assert f". {year}. {publication.title}" in acm, (publication.key, acm)
        if publication.venue and publication.entry_type in ("article", "inproceedings"):
            # (APA writes a journal's name in title case)
            assert all(publication.venue.lower() in text.lower() for text in shown.values()), publication.key


def test_each_citation_has_a_copy_button_named_by_its_style_and_paper(site: Build, data: SiteData) -> None:
    for publication in data.publications:
        section = site.main(f"publications/{paper_slug(publication.key)}").find("section", class_="labsite-cite")
        for block in section.find_all("details", class_="labsite-citation"):
            button = block.find("button", class_="labsite-copy")
            label = block.summary.get_text(strip=True)
            assert button["aria-label"] == f"Copy {label} citation of {publication.title}"
            assert button["aria-label"].startswith(button.get_text())  # the visible text begins the name
        assert section.find("details", class_="labsite-bibtex").find("pre").get_text() == publication.bibtex


def test_the_ris_and_csl_json_downloads_hold_every_paper(site: Build, data: SiteData) -> None:
    nav = site.main("publications").find(class_="labsite-bib-download")
    hrefs = {a.get_text(): urljoin("publications/", a["href"]) for a in nav.find_all("a")}
    ris_bytes = (site.outdir / hrefs["Download all as RIS (.ris)"]).read_bytes()
    records = [r for r in ris_bytes.decode("utf-8").split("\r\nER  - \r\n") if r.strip()]
    assert len(records) == len(data.publications)
    for record in records:
        lines = record.strip("\r\n").split("\r\n")
        assert lines[0].startswith("TY  - ") and any(line.startswith("TI  - ") for line in lines)
    titles = {line[6:] for line in ris_bytes.decode("utf-8").split("\r\n") if line.startswith("TI  - ")}
    assert titles == {p.title for p in data.publications}
    items = json.loads((site.outdir / hrefs["Download all as CSL-JSON (.json)"]).read_text(encoding="utf-8"))
    assert {i["id"] for i in items} == {p.key for p in data.publications}
    by_key = {p.key: p for p in data.publications}
    for found in items:
        publication = by_key[found["id"]]
        assert found["title"] == publication.title and found["issued"]["date-parts"][0][0] == publication.year
        assert [n.get("family") for n in found.get("author", [])] == [family(a) for a in publication.authors]


def test_each_paper_page_links_its_own_ris_and_the_lists(site: Build, data: SiteData) -> None:
    for publication in data.publications:
        page = f"publications/{paper_slug(publication.key)}/"
        links = site.main(page).find(class_="labsite-cite-downloads").find_all("a")
        assert [a.get_text() for a in links] == [
            "Download as RIS (.ris)",
            "Download all as RIS (.ris)",
            "Download all as CSL-JSON (.json)",
        ]
        own = (site.outdir / urljoin(page, links[0]["href"])).read_bytes().decode("utf-8")
        assert own.startswith("TY  - ") and own.endswith("ER  - \r\n") and f"TI  - {publication.title}\r\n" in own
        assert all((site.outdir / urljoin(page, a["href"])).is_file() for a in links)


def test_an_english_sites_pages_carry_no_block_of_the_copy_buttons_words(site: Build, data: SiteData) -> None:
    """The copy buttons' words come from the page only on a site in another language (a JSON block the
    script reads); in English they are the script's own, so no page carries them twice."""
    from bs4 import BeautifulSoup

    pages = ["publications/index.html", *(f"publications/{paper_slug(p.key)}/index.html" for p in data.publications)]
    for name in pages:
        soup = BeautifulSoup((site.outdir / name).read_text(encoding="utf-8"), "html.parser")
        assert soup.select("script#labsite-words") == [], name
