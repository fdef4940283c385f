"""BibTeX -> publication records, and rendering them, without Sphinx."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from labsite.content.chart import chart_html
from labsite.content.publications import (
    AuthorLinks,
    Urls,
    paginate,
    paper_slug,
    publication_entry,
    sort_publications,
)
from labsite.content.scholar import citation_meta_tags, json_ld_script
from labsite.data import model
from labsite.data.bibtex import load_bibtex
from labsite.data.names import NameMatcher
from labsite.data.problems import DataError

GOOD = """@inproceedings{good2020,
  title = {A Good Paper},
  author = {Hao Zhang and Ada Lovelace},
  booktitle = {Good Conference},
  year = {2020},
  pdf = {https://example.org/good.pdf},
  topics = {Systems},
}
"""
TOPICS = ["Systems", "Models"]


def load(tmp_path: Path, text: str) -> list[model.Publication]:
    path = tmp_path / "papers.bib"
    path.write_text(text, encoding="utf-8")
    return load_bibtex(path, TOPICS)


def problem_of(tmp_path: Path, text: str):
    with pytest.raises(DataError) as caught:
        load(tmp_path, text)
    assert len(caught.value.problems) == 1, caught.value
    return caught.value.problems[0]


BAD = {
    "syntax: unbalanced brace": (GOOD.replace("{A Good Paper}", "{A Good Paper"), "good2020", "title", "BibTeX syntax"),
    "syntax: missing comma": (
        GOOD.replace("{Good Conference},", "{Good Conference}"),
        "good2020",
        "booktitle",
        "BibTeX syntax",
    ),
    "missing title": (GOOD.replace("  title = {A Good Paper},\n", ""), "good2020", "title", "required"),
    "missing author": (
        GOOD.replace("  author = {Hao Zhang and Ada Lovelace},\n", ""),
        "good2020",
        "author",
        "required",
    ),
    "missing year": (GOOD.replace("  year = {2020},\n", ""), "good2020", "year", "required"),
    "duplicate key": (GOOD + "\n" + GOOD.replace("A Good", "Another"), "good2020", "key", "duplicate citation key"),
    "unknown topic": (GOOD.replace("{Systems}", "{System}"), "good2020", "topics", "unknown topic 'System'"),
    "ftp link": (GOOD.replace("https://example.org", "ftp://example.org"), "good2020", "pdf", "ftp"),
    "mailto link": (GOOD.replace("https://example.org/good.pdf", "mailto:a@example.org"), "good2020", "pdf", "http"),
    "javascript link": (
        GOOD.replace("  pdf = ", "  code = {javascript:alert(1)},\n  pdf = "),
        "good2020",
        "code",
        "javascript",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_names_file_entry_and_field(tmp_path: Path, case: str) -> None:
    text, key, field, says = BAD[case]
    problem = problem_of(tmp_path, text)
    message = str(problem)
    assert (problem.file.name, problem.entry, problem.field) == ("papers.bib", key, field)
    assert message.startswith(f"{tmp_path / 'papers.bib'}:{problem.line}: entry '{key}', field '{field}': ")
    assert says in message
    # the line points into the entry, at the field when the field is there
    lines = text.splitlines()
    assert problem.line is not None and 1 <= problem.line <= len(lines)
    field_lines = [n for n, line in enumerate(lines, 1) if line.strip().startswith(f"{field} =")]
    if case == "syntax: missing comma":  # noticed where the next field starts
        assert problem.line == field_lines[0] + 1
    elif field_lines and case != "duplicate key":
        assert problem.line == field_lines[0]


def test_the_good_entry_loads(tmp_path: Path) -> None:
    (paper,) = load(tmp_path, GOOD)
    assert (paper.key, paper.title, paper.authors, paper.year, paper.venue) == (
        "good2020",
        "A Good Paper",
        ["Hao Zhang", "Ada Lovelace"],
        2020,
        "Good Conference",
    )


SPECIAL = r"""@article{special2021,
  title = {{M}{\"o}bius {\&} Sons: {<script>alert(1)</script>} {GPU}s \& More},
  author = {M{\"u}ller, J{\'e}r{\^o}me and Zhang, Hao},
  journal = {Journal of {\"U}ber-Science},
  year = {2021},
  date = {2021-05},
  pdf = {https://example.org/~user/paper%20one.pdf?a=1&b=2},
}
"""


def test_latex_accents_braces_and_markup_characters_become_safe_text(tmp_path: Path) -> None:
    (paper,) = load(tmp_path, SPECIAL)
    assert paper.title == "Möbius & Sons: <script>alert(1)</script> GPUs & More"
    assert paper.authors == ["Jérôme Müller", "Hao Zhang"]
    assert paper.venue == "Journal of Über-Science"
    assert paper.month == 5
    html = publication_entry(paper, AuthorLinks(), Urls())
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert soup.find(class_="labsite-title").get_text() == paper.title
    assert soup.find("a", string="PDF")["href"] == paper.pdf


def test_urls_in_the_readers_bibtex_stay_verbatim(tmp_path: Path) -> None:
    (paper,) = load(tmp_path, SPECIAL)
    assert "url = {https://example.org/~user/paper%20one.pdf?a=1&b=2}" in paper.bibtex
    assert "textasciitilde" not in paper.bibtex
    assert r"title = {{M}{\"o}bius {\&} Sons" in paper.bibtex  # LaTeX kept as written
    assert "date" not in paper.bibtex and "pdf =" not in paper.bibtex  # site fields left out
    again = load(tmp_path, paper.bibtex.replace("}\n}", "},\n}"))
    assert (again[0].title, again[0].authors, again[0].url) == (paper.title, paper.authors, paper.pdf)


def test_a_date_in_another_year_gives_no_month(tmp_path: Path) -> None:
    (paper,) = load(tmp_path, GOOD.replace("  year = {2020},", "  year = {2020},\n  date = {2019-11},"))
    assert paper.month is None


@pytest.mark.parametrize(
    "author", ["Hao Zhang", "H. Zhang", "Zhang, Hao", "Zhang, H.", "HAO ZHANG", "H Zhang", "Hao   Zhang"]
)
def test_every_form_of_the_owners_name_is_highlighted(tmp_path: Path, author: str) -> None:
    (paper,) = load(tmp_path, GOOD.replace("Hao Zhang and", f"{author} and"))
    soup = BeautifulSoup(
        publication_entry(paper, AuthorLinks.build("Hao Zhang", model.People(roles=[])), Urls()), "html.parser"
    )
    assert len(soup.find_all("strong")) == 1


@pytest.mark.parametrize("author", ["Hao Zhangg", "Haoran Zhang", "Z. Hao", "Zhang Hao Jr", "Ada Lovelace"])
def test_other_people_are_not_highlighted(author: str) -> None:
    assert not NameMatcher(["Hao Zhang"], initials=True).matches(author)


def test_members_link_and_their_papers_are_found(tmp_path: Path) -> None:
    people = model.People.model_validate(
        {
            "roles": [{"id": "phd", "label": "PhD"}],
            "members": [{"id": "ada-lovelace", "name": "Ada Lovelace", "role": "phd", "start": "09/2020"}],
        }
    )
    (paper,) = load(tmp_path, GOOD)
    authors = AuthorLinks.build("Hao Zhang", people)
    urls = Urls(member=lambda member_id: f"../people/#member-{member_id}")
    soup = BeautifulSoup(publication_entry(paper, authors, urls), "html.parser")
    assert soup.find("a", string="Ada Lovelace")["href"] == "../people/#member-ada-lovelace"
    assert authors.papers_by_member([paper]) == {"ada-lovelace": [paper]}


def test_keys_become_safe_page_names_and_pages_split_in_order(tmp_path: Path) -> None:
    assert paper_slug("zhang2020machine") == "zhang2020machine"
    assert paper_slug("DBLP:conf/osdi/QiaoCSNH0GX21") == "DBLP-conf-osdi-QiaoCSNH0GX21"
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", paper_slug("../../etc/passwd"))
    text = "\n".join(GOOD.replace("good2020", f"p{year}").replace("2020", str(year)) for year in range(2001, 2011))
    papers = load(tmp_path, text)
    pages = paginate(papers, 4)
    assert [len(page) for page in pages] == [4, 4, 2]
    assert [p for page in pages for p in page] == sort_publications(papers)
    assert pages[0][0].year == 2010


def test_chart_counts_each_paper_once_under_its_first_topic(tmp_path: Path) -> None:
    text = GOOD + GOOD.replace("good2020", "b2020").replace("{Systems}", "{Models, Systems}").replace("Good", "B")
    text += GOOD.replace("good2020", "c2018").replace("2020", "2018").replace("  topics = {Systems},\n", "")
    html = chart_html(load(tmp_path, text), TOPICS)
    soup = BeautifulSoup(html, "html.parser")
    svg = soup.find("svg")
    assert svg["role"] == "img" and svg.find("title") is not None
    tooltips = sorted(t.get_text() for t in svg.find_all("rect") for t in t.find_all("title"))
    assert tooltips == ["2018 · Other: 1", "2020 · Models: 1", "2020 · Systems: 1"]
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in soup.find("tbody").find_all("tr")]
    assert rows == [["2020", "1", "1", "0", "2"], ["2018", "0", "0", "1", "1"]]


def test_a_chart_of_one_year_names_that_year_once(tmp_path: Path) -> None:
    """A new lab's first papers: the chart's title (its summary line and the SVG's title) says the
    year, not a range from the year to itself."""
    papers = load(tmp_path, GOOD)
    (year,) = {paper.year for paper in papers}
    soup = BeautifulSoup(chart_html(papers, TOPICS), "html.parser")
    titles = {soup.find("summary").get_text(), soup.find("svg").find("title").get_text()}
    assert all(str(year) in title and f"{year}–{year}" not in title for title in titles), titles


def test_meta_tags_and_json_ld_escape_their_values(tmp_path: Path) -> None:
    (paper,) = load(tmp_path, SPECIAL)
    head = BeautifulSoup("\n".join(citation_meta_tags(paper)) + json_ld_script(paper, None), "html.parser")
    assert head.find("meta", attrs={"name": "citation_title"})["content"] == paper.title
    assert head.find("meta", attrs={"name": "citation_journal_title"})["content"] == paper.venue
    script = head.find("script")
    assert "</script>" not in script.string and "<" not in script.string


# --- what exporters write (issue: publications from any BibTeX a scholar exports) ---------------


@pytest.mark.parametrize(
    "author",
    # an added middle initial still names the owner (issue 20): `Art F. Y. Z. Poon`
    ["Art F. Y. Poon", "Art FY Poon", "A. Poon", "Poon, Art", "Poon, A. F. Y.", "Art Poon", "Art F. Y. Z. Poon"],
)
def test_the_owners_name_matches_initials_and_spacing_variants(author: str) -> None:
    assert NameMatcher(["Art F. Y. Poon"], initials=True).matches(author)


@pytest.mark.parametrize("author", ["Bart Poon", "A. G. Poon", "Art G. F. Poon", "Art Poons"])
def test_the_owners_name_does_not_match_other_people(author: str) -> None:
    assert not NameMatcher(["Art F. Y. Poon"], initials=True).matches(author)


def test_profile_aliases_and_bold_names_highlight_the_owner(tmp_path: Path) -> None:
    text = GOOD.replace("Hao Zhang and Ada Lovelace", r"Ada Lovelace and \textbf{Hansen, Søren} and Zhang Hao")
    (paper,) = load(tmp_path, text)
    assert paper.authors == ["Ada Lovelace", "Søren Hansen", "Zhang Hao"] and paper.highlighted == [2]
    authors = AuthorLinks.build("Hao Zhang", model.People(roles=[]), owner_aliases=["Zhang Hao"])
    soup = BeautifulSoup(publication_entry(paper, authors, Urls()), "html.parser")
    assert [s.get_text() for s in soup.find_all("strong")] == ["Søren Hansen", "Zhang Hao"]
    assert r"\textbf" not in paper.bibtex


@pytest.mark.parametrize(
    ("member", "author"),
    [
        ("Søren Hansen", "Soren Hansen"),
        ("Łukasz Kowalczyk", "Lukasz Kowalczyk"),
        ("Ayşe Yıldız", "Ayse Yildiz"),
        ("Milan Đorđević", "Milan Dordevic"),
        ("Jürgen Großmann", "Jurgen Grossmann"),
        ("Ægir Kristjánsson", "AEgir Kristjansson"),
    ],
)
def test_co_authors_link_to_members_whatever_letters_they_use(member: str, author: str) -> None:
    people = model.People.model_validate(
        {
            "roles": [{"id": "phd", "label": "PhD"}],
            "members": [{"id": "m", "name": member, "role": "phd", "start": "09/2020"}],
        }
    )
    authors = AuthorLinks.build("Hao Zhang", people)
    assert authors.member_for(author) == "m"
    assert authors.member_for(member) == "m"
    assert authors.member_for("Hao Zhang") is None


def test_every_problem_is_reported_at_once_at_its_line(tmp_path: Path) -> None:
    text = (
        "@inproceedings{\n  twice2020,\n  title = {A},\n  title = {B},\n  author = {Ada Lovelace},\n"
        "  year = {2020},\n  year = {2021},\n  booktitle = {C},\n}\n\n"  # key on the next line; 2 fields twice
        "@article{months2020,\n  title = {M},\n  author = {Ada Lovelace},\n  journal = {J},\n  year = {2020},\n"
        "  month = {Smarch},\n}\n\n"
        "@misc{open2020,\n  title = {Open},\n  author = {Ada Lovelace},\n  year = {2020},\n\n"  # no closing brace
        "@misc{after2020,\n  title = {After},\n  author = {Ada Lovelace},\n  year = {20x0},\n}\n"
    )
    with pytest.raises(DataError) as caught:
        load(tmp_path, text)
    found = {(p.entry, p.field, p.line) for p in caught.value.problems}
    assert ("twice2020", "title", 4) in found and ("twice2020", "year", 7) in found
    assert ("months2020", "month", 16) in found
    assert ("open2020", None, 19) in found
    assert ("after2020", "year", 27) in found
    opened = next(p for p in caught.value.problems if p.entry == "open2020")
    assert "line 19" in opened.message and "line 24" in opened.message
    assert len(caught.value.problems) == 5, caught.value


def test_arxiv_unpublished_misc_and_journal_less_articles_load(tmp_path: Path) -> None:
    text = (
        "@misc{a, title={T}, author={Ada Arkwright}, year={2023}, eprint={2306.01234}, archivePrefix={arXiv},"
        " primaryClass={cs.LG}}\n"
        "@unpublished{b, title={U}, author={Ada Arkwright}, year={2023}, note={Submitted}}\n"
        "@misc{c, title={M}, author={Ada Arkwright}, year={2023}, howpublished={Blog post}}\n"
        "@article{d, title={J}, author={Ada Arkwright}, year={2023}}\n"
    )
    venues = {p.key: p.venue_line for p in load(tmp_path, text)}
    assert venues == {"a": "arXiv:2306.01234 [cs.LG] 2023", "b": "Submitted 2023", "c": "Blog post 2023", "d": "2023"}


def test_tex_escapes_and_double_braces_in_urls(tmp_path: Path) -> None:
    text = GOOD.replace(
        "  pdf = {https://example.org/good.pdf},",
        r"  url = {{https://example.org/a\_b\%20c\#d\&e}},",
    )
    (paper,) = load(tmp_path, text)
    assert paper.url == "https://example.org/a_b%20c#d&e"


@pytest.mark.parametrize(
    ("fields", "month", "day"),
    [
        ("month = {},", None, None),
        ("month = mar,", 3, None),
        ("month = {March},", 3, None),
        ("month = {3},", 3, None),
        ("date = {2020},", None, None),
        # a day or a range (issue 20): the day kept, a range's first month
        ("month = {October-November},", 10, None),
        ("month = {July~10},", 7, 10),
        ("month = {February~24},", 2, 24),
        ('month = oct # "~10",', 10, 10),
        ("month = {10 July},", 7, 10),
        ("month = {July 10--12},", 7, 10),
        ("date = {2020-03-15},", 3, 15),
    ],
)
def test_months_and_dates_exporters_write(tmp_path: Path, fields: str, month: int | None, day: int | None) -> None:
    (paper,) = load(tmp_path, GOOD.replace("  year = {2020},", f"  year = {{2020}},\n  {fields}"))
    assert (paper.month, paper.day) == (month, day)


@pytest.mark.parametrize("month", ["{Smarch}", "{February~30}", "{13}"])
def test_a_month_that_is_no_month_or_day_is_a_located_error(tmp_path: Path, month: str) -> None:
    problem = problem_of(tmp_path, GOOD.replace("  year = {2020},", f"  year = {{2020}},\n  month = {month},"))
    assert (problem.entry, problem.field, problem.line) == ("good2020", "month", 6)


def test_an_owner_alias_with_a_dblp_number_tells_namesakes_apart() -> None:
    owner = NameMatcher(["Hao Zhang", "Hao Zhang 0001"], initials=True)
    assert owner.matches("Hao Zhang 0001") and owner.matches("Hao Zhang") and owner.matches("H. Zhang")
    assert not owner.matches("Hao Zhang 0002")
    assert NameMatcher(["Hao Zhang"], initials=True).matches("Hao Zhang 0002")  # no number known: any


def test_a_date_without_year_gives_both(tmp_path: Path) -> None:
    (paper,) = load(tmp_path, GOOD.replace("  year = {2020},", "  date = {2019-11-03},"))
    assert (paper.year, paper.month) == (2019, 11)


def test_private_fields_are_never_published(tmp_path: Path) -> None:
    text = GOOD.replace(
        "  year = {2020},",
        "  year = {2020},\n  file = {/Users/x/Zotero/storage/A/p.pdf},\n  mendeley-tags = {todo},\n  annote = {mine},",
    )
    (paper,) = load(tmp_path, text)
    assert "file" not in paper.bibtex and "mendeley" not in paper.bibtex and "annote" not in paper.bibtex


def test_two_keys_with_one_page_are_reported_by_the_check(tmp_path: Path) -> None:
    text = GOOD.replace("good2020", "DBLP:conf/x/A21") + "\n"
    text += GOOD.replace("good2020", "DBLP/conf/x/A21").replace("Good Paper", "Second Paper")
    text += "\n" + GOOD.replace("good2020", "page").replace("Good Paper", "Third Paper")
    with pytest.raises(DataError) as caught:
        load(tmp_path, text)
    found = {(p.entry, p.line): p.message for p in caught.value.problems}
    assert set(found) == {("DBLP/conf/x/A21", 10), ("page", 19)}
    assert "also the page of entry 'DBLP:conf/x/A21'" in found["DBLP/conf/x/A21", 10]
    assert paper_slug("10.1145/3600006.3613165") == "10.1145-3600006.3613165"


def test_al_folio_relative_pdf_is_a_file_of_the_site_and_parent_paths_are_refused(tmp_path: Path) -> None:
    (paper,) = load(tmp_path, GOOD.replace("https://example.org/good.pdf", "paper.pdf"))
    assert (paper.pdf, paper.pdf_file) == (None, "paper.pdf")
    problem = problem_of(tmp_path, GOOD.replace("https://example.org/good.pdf", "../secret.pdf"))
    assert (problem.entry, problem.field, problem.line) == ("good2020", "pdf", 6)
    assert "neither a URL nor a file name" in problem.message


def test_misspelt_required_fields_are_all_reported_at_once_with_did_you_mean(tmp_path: Path) -> None:
    # a Google Scholar export with two field names mistyped by hand, and a legitimate field no rule reads
    text = (
        "@article{lovelace2027notes,\n  titel={Notes on the Analytical Engine},\n"
        "  author={Lovelace, Ada and Zhang, Hao},\n  journal={Journal of Engines},\n  volume={3},\n"
        "  yaer={2027},\n  keywords={engines, computing},\n  publisher={Engine Society}\n}\n"
    )
    with pytest.raises(DataError) as caught:
        load(tmp_path, text)
    lines = text.splitlines()
    found = {p.field: p for p in caught.value.problems}
    assert set(found) == {"titel", "yaer"}, caught.value  # both at once; nothing about `keywords`
    for typed, meant in (("titel", "title"), ("yaer", "year")):
        problem = found[typed]
        line = next(n for n, written in enumerate(lines, 1) if written.strip().startswith(f"{typed}="))
        assert (problem.entry, problem.line) == ("lovelace2027notes", line)
        assert f"{meant} is required but missing" in problem.message
        assert f"did you mean {meant!r}?" in problem.message


def test_a_missing_title_without_a_close_field_is_reported_with_the_missing_year(tmp_path: Path) -> None:
    # both problems of one entry at once, at the entry (no unknown field close to either)
    text = GOOD.replace("  title = {A Good Paper},\n", "").replace("  year = {2020},\n", "")
    text = text.replace("  topics", "  keywords = {systems},\n  topics")
    with pytest.raises(DataError) as caught:
        load(tmp_path, text)
    found = {p.field: p.message for p in caught.value.problems}
    assert set(found) == {"title", "year"}, caught.value
    assert all("did you mean" not in message for message in found.values())


def test_a_citation_key_too_long_for_a_page_name_is_a_located_problem(tmp_path: Path) -> None:
    # the paper's page is a folder named after its key: past 255 bytes the build died with a traceback
    key = "zhang2024" + "x" * 300
    problem = problem_of(tmp_path, GOOD.replace("good2020", key))
    assert (problem.entry, problem.field, problem.line) == (key, "key", 1)
    assert "shorter citation key" in problem.message
    (paper,) = load(tmp_path, GOOD.replace("good2020", "zhang2024" + "x" * 80))  # long, but a page name
    assert paper.key.endswith("x" * 80)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("arxiv", "https://arxiv.org/abs/2401.00001v3"),  # al-folio's field, the abs page's URL pasted
        ("arxiv", "arXiv:2401.00001"),
        ("eprint", "https://arxiv.org/pdf/2401.00001"),
    ],
)
def test_an_arxiv_url_pasted_as_the_identifier_gives_the_papers_links(tmp_path: Path, field: str, value: str) -> None:
    prefix = "  archivePrefix = {arXiv},\n" if field == "eprint" else ""
    text = GOOD.replace("  pdf = {https://example.org/good.pdf},\n", f"  {field} = {{{value}}},\n{prefix}")
    (paper,) = load(tmp_path, text)
    assert (paper.arxiv_url, paper.pdf) == ("https://arxiv.org/abs/2401.00001", "https://arxiv.org/pdf/2401.00001")


#: a field that holds no identifier, in two entries -> (the first's field, the second's, the message)
NO_IDENTIFIER = {
    # not a broken arXiv link, nor a problem with a `pdf` field the entry does not have
    "arXiv": ('  arxiv = {2401.00002" onmouseover="x},\n', "  eprint = {see arXiv},\n  archivePrefix = {arXiv},\n",
              "is not an arXiv identifier"),
    # before: a silently broken link (https://doi.org/n/a)
    "DOI": ("  doi = {n/a},\n", "  doi = {10.1145/1, 10.1145/2},\n", "is not a DOI"),
}  # fmt: skip


@pytest.mark.parametrize("case", NO_IDENTIFIER)
def test_a_field_that_holds_no_identifier_is_a_located_problem_of_that_field(tmp_path: Path, case: str) -> None:
    first, second, message = NO_IDENTIFIER[case]
    pdf = "  pdf = {https://example.org/good.pdf},\n"
    text = GOOD.replace(pdf, first) + "\n" + GOOD.replace("good2020", "second2020").replace(pdf, second)
    with pytest.raises(DataError) as caught:
        load(tmp_path, text)
    lines = text.splitlines()
    field_of = {"good2020": first, "second2020": second}
    expected = {
        (key, value.split("=")[0].strip(), lines.index(value.splitlines()[0]) + 1) for key, value in field_of.items()
    }
    assert {(p.entry, p.field, p.line) for p in caught.value.problems} == expected
    assert all(message in p.message for p in caught.value.problems)


@pytest.mark.parametrize(
    "value",
    [
        "10.1145/3600006.3613165",
        "https://doi.org/10.1145/3600006.3613165",
        "https://dx.doi.org/10.1145/3600006.3613165",
        "doi.org/10.1145/3600006.3613165",  # the address bar's copy
        "http://doi.acm.org/10.1145/3600006.3613165",  # ACM's old exports
        "https://www.doi.org/10.1145/3600006.3613165",
        "DOI: 10.1145/3600006.3613165",  # a paper's first page
        "doi:10.1145/3600006.3613165",
    ],
)
def test_a_doi_in_any_form_exporters_write_links_to_the_paper(tmp_path: Path, value: str) -> None:
    text = GOOD.replace("  pdf = {https://example.org/good.pdf},\n", f"  doi = {{{value}}},\n")
    (paper,) = load(tmp_path, text)
    assert paper.doi_url == "https://doi.org/10.1145/3600006.3613165"


def test_a_crossref_loop_is_a_located_problem_not_papers_gone_from_the_site(tmp_path: Path) -> None:
    # before: entries that crossref each other were all "proceedings", so none was listed, silently
    text = GOOD.replace("  topics = {Systems},\n", "  topics = {Systems},\n  crossref = {other2020},\n")
    text += "\n" + GOOD.replace("good2020", "other2020").replace("Good Paper", "Other Paper").replace(
        "  topics = {Systems},\n", "  topics = {Systems},\n  crossref = {good2020},\n"
    )
    text += "\n" + GOOD.replace("good2020", "self2020").replace("Good Paper", "Self Paper").replace(
        "  topics = {Systems},\n", "  topics = {Systems},\n  crossref = {Self2020},\n"
    )
    with pytest.raises(DataError) as caught:
        load(tmp_path, text)
    found = {(p.entry, p.field, p.line) for p in caught.value.problems}
    assert found == {("good2020", "crossref", 8), ("other2020", "crossref", 18), ("self2020", "crossref", 28)}
    assert all("leads back to this entry" in p.message for p in caught.value.problems)


def test_a_noncharacter_in_a_field_is_a_located_problem(tmp_path: Path) -> None:
    # before: loaded, then the CV's typesetting failed naming profile.yaml, not this entry
    problem = problem_of(tmp_path, GOOD.replace("A Good Paper", "A Good\uffff Paper"))
    assert (problem.entry, problem.field, problem.line) == ("good2020", "title", 2)
    assert "contains a noncharacter (U+FFFF)" in problem.message


@pytest.mark.parametrize("equal", ["1, 3", "0, 1"])  # an author deleted after; counting from 0
def test_an_equal_position_outside_the_author_list_is_a_located_problem(tmp_path: Path, equal: str) -> None:
    # before: the mark was silently missing
    text = GOOD.replace("  topics = {Systems},\n", f"  topics = {{Systems}},\n  equal = {{{equal}}},\n")
    problem = problem_of(tmp_path, text)
    assert (problem.entry, problem.field, problem.line) == ("good2020", "equal", 8)
    assert "is not one of the entry's 2 authors" in problem.message
    (paper,) = load(tmp_path, text.replace(equal, "1, 2"))
    assert paper.equal == [1, 2]


@pytest.mark.parametrize(
    ("authors", "shown"),
    [("Hao Zhang and and Ada Lovelace", "and Ada Lovelace"), ("Hao Zhang and Ada Lovelace and", "Ada Lovelace and")],
)
def test_an_and_left_by_a_deleted_name_is_a_located_problem(tmp_path: Path, authors: str, shown: str) -> None:
    # before: the page listed a person named "and Ada Lovelace"
    problem = problem_of(tmp_path, GOOD.replace("Hao Zhang and Ada Lovelace", authors))
    assert (problem.entry, problem.field, problem.line) == ("good2020", "author", 3)
    assert f"{shown!r} has an 'and' with no name on one side" in problem.message
    (paper,) = load(tmp_path, GOOD.replace("Hao Zhang and Ada Lovelace", "{Procter and Gamble} and Ada Lovelace"))
    assert paper.authors == ["Procter and Gamble", "Ada Lovelace"]


@pytest.mark.parametrize("mark", ["\u202e", "\u2067"])  # right-to-left override; right-to-left isolate
def test_an_unclosed_direction_mark_in_a_field_is_a_located_problem(tmp_path: Path, mark: str) -> None:
    # before: loaded and shown, reversing the authors and venue after the title ("Trojan Source")
    problem = problem_of(tmp_path, GOOD.replace("A Good Paper", f"A Good {mark}Paper"))
    assert (problem.entry, problem.field, problem.line) == ("good2020", "title", 2)
    assert f"(U+{ord(mark):04X}) that is never closed" in problem.message


def test_a_closed_direction_isolate_is_kept(tmp_path: Path) -> None:
    """A right-to-left word set apart as Unicode says (U+2067 ... U+2069) is text, shown as written."""
    title = "A Good Paper on \u2067\u0645\u0631\u062d\u0628\u0627\u2069 Systems"
    [paper] = load(tmp_path, GOOD.replace("A Good Paper", title))
    assert paper.title == title


#: a paper as Zotero exports it: the month as BibTeX's macro (`mar`), tab-indented
ZOTERO_MONTH = """@article{babbage_analytical_2022,
\ttitle = {The analytical engine, revisited},
\tjournal = {Journal of Examples},
\tauthor = {Babbage, Charles and Example, Alex},
\tmonth = mar,
\tyear = {2022},
}
"""


def test_a_month_macro_stays_a_macro_in_the_readers_bibtex(tmp_path: Path) -> None:
    """`month = mar` is shown and downloaded as pasted, not as `month = {March}`, which biblatex reads as
    no month (it wants a number or the macro); BibTeX styles abbreviate or translate the macro."""
    (paper,) = load(tmp_path, ZOTERO_MONTH)
    assert paper.month == 3
    assert "  month = mar," in paper.bibtex.splitlines()
    (again,) = load(tmp_path, paper.bibtex)
    assert again.month == 3


SEMANTIC_SCHOLAR_ARXIV = """@Article{Lindqvist2023SparseMF,
 author = {Maja Lindqvist and Hao Zhang},
 booktitle = {arXiv.org},
 journal = {ArXiv},
 title = {Sparse Mixtures for Serving},
 volume = {abs/2301.01234},
 year = {2023}
}
"""


def test_a_semantic_scholar_arxiv_export_is_an_arxiv_preprint(tmp_path: Path) -> None:
    """Semantic Scholar's "Cite" gives an arXiv paper as `@Article` with `journal = {ArXiv}` and the
    identifier in `volume = {abs/2301.01234}` (no `eprint`): it is the arXiv preprint it names, with its
    arXiv links, not a journal "arXiv.org" of volume "abs/2301.01234" without them."""
    path = tmp_path / "s2.bib"
    path.write_text(SEMANTIC_SCHOLAR_ARXIV, encoding="utf-8")
    (paper,) = load_bibtex(path)
    assert paper.arxiv == "2301.01234"
    assert paper.venue == "arXiv:2301.01234" and paper.volume is None
    assert paper.arxiv_url == "https://arxiv.org/abs/2301.01234"
    # a volume that is not an arXiv identifier, or one in a journal that is not arXiv, stays a volume
    path.write_text(
        SEMANTIC_SCHOLAR_ARXIV.replace("{ArXiv}", "{Nature}").replace("{arXiv.org}", "{Nature}"), encoding="utf-8"
    )
    (paper,) = load_bibtex(path)
    assert paper.arxiv is None and paper.volume == "abs/2301.01234"


def test_every_problem_of_an_entry_is_reported_at_once(tmp_path: Path) -> None:
    """A bad DOI hid the entry's other problems (the record was validated only when it had none): the
    user fixed one, built again, and met the next."""
    path = tmp_path / "publications.bib"
    path.write_text(
        "@article{two2023,\n  title = {Two Problems},\n  author = {Hopper, Grace},\n  journal = {J},\n"
        "  year = {2023},\n  doi = {not a doi},\n  url = {javascript:alert(1)}\n}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_bibtex(path)
    assert {(p.entry, p.field, p.line) for p in caught.value.problems} == {("two2023", "doi", 6), ("two2023", "url", 7)}
