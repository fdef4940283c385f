"""Exports that used to be refused or misread, built into a site (issue 20, parts 5 and 6).

Entries are shaped like the real output of each tool (names invented): DBLP's "with crossref" export
pasted without its proceedings entry, DBLP homonym numbers, months with a day or a range, al-folio's
relative `html`/`supp` links, Zotero's arXiv entries (versioned `url`), Better BibLaTeX's
`journaltitle` and `pubstate`, al-folio's `year = {to appear}`, marks typed into author names, and a
Google Scholar arXiv entry. Each test reads the built pages, meta tags and JSON-LD.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from labsite.check import main as check_main
from labsite.sphinx.data import DataFileError
from labsite.testing import Build, build, copy_site, meta
from labsite.testing import paper_json_ld as json_ld

ROOTS = Path(__file__).parent / "roots"

PAPERS = r"""
% DBLP, "with crossref", pasted without the proceedings entry it names
@inproceedings{DBLP:conf/osdi/OkaforZ24,
  author       = {Chidi Okafor and
                  Hao Zhang 0001},
  title        = {Checkpoint-Free Recovery for Training Jobs},
  booktitle    = {18th {USENIX} Symposium on Operating Systems Design and Implementation,
                  {OSDI} 2024, Santa Clara, CA, USA, July 10-12, 2024},
  pages        = {71--86},
  year         = {2024},
  crossref     = {DBLP:conf/osdi/2024},
  url          = {https://www.usenix.org/conference/osdi24/presentation/okafor},
  timestamp    = {Wed, 10 Jul 2024 10:00:00 +0200},
  biburl       = {https://dblp.org/rec/conf/osdi/OkaforZ24.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}

% DBLP: another person of the same name (the owner is 0001)
@article{DBLP:journals/tog/LiZ23,
  author       = {Mei Li and
                  Hao Zhang 0002},
  title        = {Mesh Deformation Transfer},
  journal      = {{ACM} Trans. Graph.},
  volume       = {42},
  number       = {4},
  pages        = {1--12},
  year         = {2023},
  url          = {https://doi.org/10.1145/3500000.3500001},
  doi          = {10.1145/3500000.3500001},
  timestamp    = {Mon, 10 Jul 2023 10:00:00 +0200},
  biburl       = {https://dblp.org/rec/journals/tog/LiZ23.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}

@inproceedings{ek2023range,
  title = {Workshops Across Two Months},
  author = {Tomas Ek and Hao R. Zhang},
  booktitle = {Proceedings of the Example Workshop},
  year = {2023},
  month = {October-November},
}

@inproceedings{ek2024day,
  title = {A Paper Presented on a Given Day},
  author = {Tomas Ek and H. R. Zhang},
  booktitle = {Proceedings of the Example Symposium},
  year = {2024},
  month = {July~10},
}

@inproceedings{ek2022macro,
  title = {A Month Written as a Macro and a Day},
  author = {Tomas Ek and Zhang, Hao},
  booktitle = {Example Conference},
  year = {2022},
  month = oct # "~10",
}

@article{ek2021february,
  title = {A Journal Issue of a Given Day},
  author = {Tomas Ek and Hao Zhang},
  journal = {Journal of Examples},
  year = {2021},
  month = {February~24},
}

% al-folio: relative links to a page of the site and to a file of its files folder
@inproceedings{raman2025relative,
  abbr={OSDI},
  title={Relative Links Everywhere},
  author={Raman, Priya and Zhang, Hao},
  booktitle={OSDI},
  year={2025},
  html={relativity.html},
  supp={raman-supp.pdf},
  bibtex_show={true},
}

% Zotero's `Wo\'zniak, Micha\l`: a given name ending in a LaTeX command
@article{wozniak_spectral_2022,
  title = {Spectral Methods for Sparse Graphs},
  author = {Wo\'zniak, Micha\l and Zhang, Hao},
  journal = {Journal of Examples},
  volume = {3},
  year = {2022},
}

% added middle names, a member named like the owner but for a middle initial, and typed marks
@inproceedings{chen2024marks,
  title = {Marked Authors},
  author = {Wei Chen$^*$ and Hao Zhang\textsuperscript{*} and Mateo J. S{\o}rensen* and Hao Q. Zhang and
            H. Q. Zhang and Lin Wu$^\dagger$},
  booktitle = {Example Conference},
  year = {2024},
}

% Zotero, an arXiv preprint: the abstract page of version 2 as `url`
@misc{ruiz_sparse_2023,
	title = {Sparse Attention Revisited},
	url = {http://arxiv.org/abs/2301.00003v2},
	doi = {10.48550/arXiv.2301.00003},
	urldate = {2023-03-01},
	publisher = {arXiv},
	author = {Ruiz, Ana and Zhang, Hao},
	month = jan,
	year = {2023},
	note = {arXiv:2301.00003 [cs]},
	keywords = {Computer Science - Machine Learning},
}

% Better BibLaTeX: `journaltitle`, a day in `date`; `pubstate`
@article{chen_graphs_2024,
  title = {Graphs of Thought},
  author = {Chen, Wei and Zhang, Hao},
  date = {2024-03-05},
  journaltitle = {Journal of Examples},
  volume = {12},
  pages = {1--12},
  doi = {10.1234/joe.2024.1},
}

@article{chen_future_2027,
  title = {Accepted, Not Yet Out},
  author = {Chen, Wei and Zhang, Hao},
  date = {2027},
  journaltitle = {Journal of Examples},
  pubstate = {forthcoming},
}

% al-folio: a paper to appear, without a year yet
@inproceedings{wu2027toappear,
  title={To Appear Somewhere},
  author={Wu, Lin and Zhang, Hao},
  booktitle={Conference on Future Results},
  year={to appear},
}

% Google Scholar: an arXiv preprint
@article{okafor2023scholar,
  title={Scholar's arXiv entries},
  author={Okafor, Chidi and Zhang, Hao},
  journal={arXiv preprint arXiv:2305.01234},
  year={2023}
}
"""


def make_site(root: Path, papers: str = PAPERS) -> Path:
    src = copy_site(ROOTS / "test-publications", root / "site")
    (src / "data" / "publications.bib").write_text(papers, encoding="utf-8")
    (src / "data" / "profile.yaml").write_text(
        'name: Hao Zhang\ntitle: Assistant Professor\ndblp-homonym: "0001"\n', encoding="utf-8"
    )
    (src / "data" / "people.yaml").write_text(
        "roles:\n  - {id: phd, label: PhD students}\nmembers:\n"
        "  - {id: mateo-sorensen, name: Mateo Sørensen, role: phd, start: '09/2021'}\n"
        "  - {id: hao-q-zhang, name: Hao Q. Zhang, role: phd, start: '09/2022'}\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Test Lab\n\n```{toctree}\npeople\npublications\nrelativity\n```\n", "utf-8")
    (src / "relativity.md").write_text("# Relativity\n\nThe paper's own page.\n", encoding="utf-8")
    (src / "files").mkdir()
    (src / "files" / "raman-supp.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return src


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    src = make_site(tmp_path_factory.mktemp("any-export"))
    return build(src, src / "_build" / "html")


def links(site: Build, key: str) -> dict[str, str]:
    return {a.get_text(): a["href"] for a in site.entry(key).select("a.labsite-pub-link")}


def test_every_export_builds_without_warnings(site: Build) -> None:
    assert site.warnings == ""


# --- part 5: any export ---------------------------------------------------------------------


def test_a_dblp_entry_whose_crossref_is_not_in_the_file_uses_its_own_fields(site: Build) -> None:
    shown = site.entry("DBLP:conf/osdi/OkaforZ24")
    assert shown.find(class_="labsite-venue").get_text().startswith("18th USENIX Symposium on Operating Systems")
    assert shown.find(class_="labsite-authors").get_text() == "Chidi Okafor, Hao Zhang"
    assert "crossref" not in site.paper_page("DBLP:conf/osdi/OkaforZ24").find("pre").get_text()


def test_a_missing_crossref_is_named_only_when_a_required_field_is_missing(tmp_path: Path) -> None:
    entry_text = PAPERS.split("% DBLP: another person")[0].replace("  year         = {2024},\n", "")
    data = make_site(tmp_path, entry_text) / "data"
    assert check_main([str(data)]) == 1
    with pytest.raises(DataFileError) as caught:
        build(data.parent, data.parent / "_build" / "html")
    message = str(caught.value)
    assert "publications.bib:3: entry 'DBLP:conf/osdi/OkaforZ24', field 'year'" in message
    assert "its crossref 'DBLP:conf/osdi/2024', which would give it, is not in this file" in message


def test_months_with_a_day_keep_the_day_and_ranges_their_first_month(site: Build) -> None:
    for key, date in (("ek2024day", "2024-07-10"), ("ek2022macro", "2022-10-10"), ("ek2021february", "2021-02-24")):
        assert meta(site.paper_page(key), "citation_publication_date") == [date.replace("-", "/")], key
        assert json_ld(site.paper_page(key))["datePublished"] == date, key
    assert meta(site.paper_page("ek2023range"), "citation_publication_date") == ["2023"]  # a range: no one day
    # newest first: the October-November workshop before papers of 2023 without a month
    order = [p["id"] for p in site.soup("publications").select("#year-2023 .labsite-publication")]
    assert order.index("pub-ek2023range") < order.index("pub-okafor2023scholar")


def test_al_folio_relative_html_and_supp_link_to_the_sites_page_and_file(site: Build) -> None:
    found = links(site, "raman2025relative")
    assert found["HTML"] == "../relativity/"
    assert found["Supp"] == "../files/raman-supp.pdf"
    assert (site.outdir / "files" / "raman-supp.pdf").is_file()
    paper_links = {a.get_text(): a["href"] for a in site.paper_page("raman2025relative").select("a.labsite-pub-link")}
    assert paper_links["HTML"] == "../../relativity/" and paper_links["Supp"] == "../../files/raman-supp.pdf"


def test_a_relative_link_to_nothing_is_a_located_error(tmp_path: Path) -> None:
    papers = PAPERS.replace("html={relativity.html}", "html={relativity-lost.html}")
    src = make_site(tmp_path, papers)
    result = build(src, src / "_build" / "html", strict=False)
    line = papers[: papers.index("@inproceedings{raman2025relative")].count("\n") + 1
    assert f"publications.bib:{line}: WARNING: publication raman2025relative: html 'relativity-lost.html'" in (
        result.warnings
    )
    assert "neither a file in the site's files folder" in result.warnings


# --- part 6: names, marks and duplicates ----------------------------------------------------


def test_each_name_part_is_decoded_on_its_own(site: Build) -> None:
    assert site.entry("wozniak_spectral_2022").find(class_="labsite-authors").get_text() == "Michał Woźniak, Hao Zhang"
    assert meta(site.paper_page("wozniak_spectral_2022"), "citation_author") == ["Michał Woźniak", "Hao Zhang"]
    assert json_ld(site.paper_page("wozniak_spectral_2022"))["author"][0]["name"] == "Michał Woźniak"


def test_a_dblp_homonym_number_tells_the_owner_from_a_namesake(site: Build) -> None:
    assert site.entry("DBLP:journals/tog/LiZ23").select(".labsite-authors strong") == []
    assert [b.get_text() for b in site.entry("DBLP:conf/osdi/OkaforZ24").select(".labsite-authors strong")] == [
        "Hao Zhang"
    ]
    assert meta(site.paper_page("DBLP:journals/tog/LiZ23"), "citation_author") == ["Mei Li", "Hao Zhang"]


def test_an_added_middle_name_or_initial_still_names_the_owner_and_members(site: Build) -> None:
    for key, name in (("ek2023range", "Hao R. Zhang"), ("ek2024day", "H. R. Zhang")):
        assert [b.get_text() for b in site.entry(key).select(".labsite-authors strong")] == [name], key
    marked = site.entry("chen2024marks").find(class_="labsite-authors")
    assert [b.get_text() for b in marked.select("strong")] == ["Hao Zhang"]
    members = {a.get_text(): a["href"] for a in marked.select("a.labsite-member-link")}
    # `Hao Q. Zhang` is the member of that name, not the owner; `H. Q. Zhang` could be either: neither
    assert members == {
        "Mateo J. Sørensen": "../people/#member-mateo-sorensen",
        "Hao Q. Zhang": "../people/#member-hao-q-zhang",
    }


def test_marks_typed_into_names_are_marks_with_a_legend_never_in_metadata(site: Build) -> None:
    marked = site.entry("chen2024marks").find(class_="labsite-authors")
    assert marked.get_text() == "Wei Chen*, Hao Zhang*, Mateo J. Sørensen*, Hao Q. Zhang, H. Q. Zhang, Lin Wu†"
    assert [m["title"] for m in marked.select(".labsite-mark")] == ["Corresponding author"]
    for soup in (site.soup("publications"), site.paper_page("chen2024marks")):
        assert "* Equal contribution. † Corresponding author." in soup.find(class_="labsite-equal-note").get_text()
    paper = site.paper_page("chen2024marks")
    names = ["Wei Chen", "Hao Zhang", "Mateo J. Sørensen", "Hao Q. Zhang", "H. Q. Zhang", "Lin Wu"]
    assert meta(paper, "citation_author") == names
    assert [a["name"] for a in json_ld(paper)["author"]] == names
    bib = paper.find("pre").get_text()
    assert "dagger" not in bib and "textsuperscript" not in bib and "*" not in bib


def test_an_arxiv_url_with_a_version_is_the_eprints_link(site: Build) -> None:
    assert list(links(site, "ruiz_sparse_2023")) == ["PDF", "arXiv", "DOI"]  # no third "Link"
    same_as = json_ld(site.paper_page("ruiz_sparse_2023"))["sameAs"]
    assert "http://arxiv.org/abs/2301.00003v2" not in same_as and "https://arxiv.org/abs/2301.00003" in same_as


def test_biblatex_journaltitle_is_shown_once(site: Build) -> None:
    shown = site.entry("chen_graphs_2024")
    assert shown.find(class_="labsite-venue").get_text() == "Journal of Examples 2024"
    bib = site.paper_page("chen_graphs_2024").find("pre").get_text()
    assert bib.count("Journal of Examples") == 1 and "journaltitle = {Journal of Examples}" in bib
    assert meta(site.paper_page("chen_graphs_2024"), "citation_publication_date") == ["2024/03/05"]


def test_forthcoming_papers_are_listed_as_forthcoming(site: Build) -> None:
    listing = site.soup("publications")
    sections = listing.select("section[id^=year-]")
    assert sections[0]["id"] == "year-forthcoming" and sections[0].find("h2").get_text().startswith("Forthcoming")
    assert [p["id"] for p in sections[0].select(".labsite-publication")] == ["pub-wu2027toappear"]
    without_year = site.entry("wu2027toappear")
    assert without_year.find(class_="labsite-venue").get_text() == "Conference on Future Results"
    assert "Forthcoming" in without_year.find(class_="labsite-pub-title").get_text()
    assert meta(site.paper_page("wu2027toappear"), "citation_publication_date") == []
    assert json_ld(site.paper_page("wu2027toappear"))["creativeWorkStatus"] == "Forthcoming"
    pubstate = site.entry("chen_future_2027")
    assert pubstate.find_parent("section")["id"] == "year-2027"
    assert "Forthcoming" in pubstate.find(class_="labsite-pub-title").get_text()
    assert json_ld(site.paper_page("chen_future_2027"))["datePublished"] == "2027"


def test_a_google_scholar_arxiv_entry_shows_the_identifier(site: Build) -> None:
    assert site.entry("okafor2023scholar").find(class_="labsite-venue").get_text() == "arXiv:2305.01234 2023"


DUPLICATES = {
    "same DOI": ("doi = {10.1234/joe.2024.1},", "doi = {10.1234/JOE.2024.1},", "doi", "DOI 10.1234/joe.2024.1"),
    "same arXiv id": (
        "note = {arXiv:2301.00003 [cs]},",
        "eprint = {2301.00003v1}, archivePrefix = {arXiv},",
        "eprint",
        "arXiv identifier 2301.00003",
    ),
    "same title": ("{Graphs of Thought}", "{Graphs of {T}hought!}", "title", "title in the same year"),
}


@pytest.mark.parametrize("case", DUPLICATES)
def test_a_paper_pasted_twice_is_a_located_error_naming_both_keys(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _first, second, field, same = DUPLICATES[case]
    again = (
        "\n@article{again2024,\n  title = {Again}, author = {Zhang, Hao}, journal = {J},\n"
        f"  year = {{{2024 if field != 'eprint' else 2023}}},\n  {second}\n}}\n"
    )
    if field == "title":
        again = again.replace("{Again}", second).replace(f"  {second}\n", "")
    papers = PAPERS + again
    data = make_site(tmp_path, papers) / "data"
    first_key = "chen_graphs_2024" if field != "eprint" else "ruiz_sparse_2023"
    first_line = papers[: papers.index("{" + first_key + ",")].count("\n") + 1
    line = papers[: papers.index("@article{again2024")].count("\n") + 1 + (1 if field == "title" else 3)
    expected = (
        f"publications.bib:{line}: entry 'again2024', field '{field}': the same paper as entry "
        f"'{first_key}' (line {first_line}): same {same}"
    )
    assert check_main([str(data)]) == 1  # make check
    assert expected in capsys.readouterr().err
    with pytest.raises(DataFileError) as caught:  # make html
        build(data.parent, data.parent / "_build" / "html")
    assert expected in str(caught.value)
