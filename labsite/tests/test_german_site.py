"""A German lab's site (``labsite-quickstart --language de``): the words labsite writes itself are German,
on the pages of its directives and on the pages it makes without a document (the 404 page of
sphinx-notfound-page, sphinx-reredirects' pages), each from the shipped catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from labsite.locale import LOCALE_DIR, compile_catalog
from labsite.quickstart import main
from labsite.testing import build

GERMAN = compile_catalog(LOCALE_DIR / "de" / "LC_MESSAGES" / "labsite.po")


def german(message: str) -> str:
    """The shipped German text of ``message``; fails when the catalog has none."""
    translated = GERMAN.gettext(message)
    assert translated != message, f"no German for {message!r}"
    return translated


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The German quickstart site with the 404 page (served under `/lab/`) and a redirect, as the
    repository's own site has them, built strictly once: its output folder."""
    lab = tmp_path_factory.mktemp("german") / "lab"
    assert main([str(lab), "--language", "de", "--title", "Arbeitsgruppe Müller", "--owner", "Anna Müller"]) == 0
    conf = lab / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + '\nextensions += ["notfound.extension", "sphinx_reredirects"]\nredirects = {"team": "../people/"}\n'
        'notfound_urls_prefix = "/lab/"\n',
        encoding="utf-8",
    )
    people = lab / "data" / "people.yaml"  # a second current member, and one a page: the list continues
    people.write_text(
        people.read_text(encoding="utf-8").replace(
            "members:\n", 'members:\n  - {id: second-student, name: Second Student, role: phd, start: "10/2026"}\n', 1
        ),
        encoding="utf-8",
    )
    result = build(lab / "docs", lab / "_build" / "html", confdir=lab, labsite_people_page_limit=1)
    assert result.warnings == ""
    return result.outdir


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_cv_pages_links_to_its_files_are_german(site: Path) -> None:
    links = [a.get_text(" ", strip=True) for a in soup(site / "cv" / "index.html").find_all("a")]
    assert german("CV (PDF)") in links and german("Short CV (PDF)") in links
    assert "CV (PDF)" not in links and "Short CV (PDF)" not in links


def test_the_404_page_is_german(site: Path) -> None:
    page = soup(site / "404.html")
    assert page.find("h1").get_text(strip=True) == german("Page not found")
    assert page.title.get_text().startswith(german("Page not found"))
    form = page.find("form", class_="labsite-notfound-search")
    assert form.find("label").get_text(strip=True) == german("Search this site")
    assert form.find("button").get_text(strip=True) == german("Search")
    home = page.find("a", string=german("home page"))
    assert home is not None and home["href"] == "/lab/"
    assert form["action"] == "/lab/search/"
    assert "Page not found" not in page.get_text() and "home page" not in page.get_text()


def test_a_redirect_page_is_german_and_says_so_in_its_lang(site: Path) -> None:
    page = soup(site / "team" / "index.html")
    assert page.html["lang"] == "de"
    assert page.title.get_text() == german("This page has moved")
    link = page.find("a", string=german("its new address"))
    assert link is not None and link["href"] == "../people/"
    assert "has moved" not in page.get_text()


def test_the_further_pages_of_the_member_list_keep_german_nouns_capitalised(site: Path) -> None:
    """The title of `people/members/page/2/` names the list inside a phrase: it was the German heading
    lower-cased, "People: aktuelle mitglieder (Seite 2)", a noun in lower case."""
    page = soup(site / "people" / "members" / "page" / "2" / "index.html")
    heading = page.find("h1").get_text(strip=True)
    assert german("current members") in heading and german("(page {number})").format(number=2) in heading
    assert "mitglieder" not in heading
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert german("current members") in description and "mitglieder" not in description
    assert page.find(
        "nav", attrs={"aria-label": german("Pages of the list of {name}").format(name=german("current members"))}
    )
