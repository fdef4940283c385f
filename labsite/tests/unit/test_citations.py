"""Records -> CSL-JSON -> citations in APA, IEEE and ACM, RIS (labsite.content.citations), without Sphinx.

Expected strings follow each style's own documented examples (APA 7's reference examples, IEEE's
Reference Guide, ACM's reference format) for invented records; each repair of citeproc-py's output
has a test that shows the wrong form it replaces."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from labsite.content import citations as c
from labsite.data import model
from labsite.data.bibtex import load_bibtex

APA, IEEE, ACM = (c.resolve_style(name) for name in ("apa", "ieee", "acm"))


def paper(**fields: Any) -> model.Publication:
    values: dict[str, Any] = {"key": "berg2021engines", "entry_type": "inproceedings", "title": "Engines", "year": 2021}
    values.update(fields)
    return model.Publication(**values)


def pasted(tmp_path: Path, text: str) -> model.Publication:
    """The one entry of BibTeX `text`, as the site loads it from its file."""
    path = tmp_path / "pasted.bib"
    path.write_text(text, encoding="utf-8")
    (publication,) = load_bibtex(path)
    return publication


def item(**fields: Any) -> dict[str, Any]:
    return c.csl_item(paper(**fields))


def test_short_style_names_stand_for_the_csl_styles_and_unknown_ones_for_none() -> None:
    assert [(s.id, s.label) for s in (APA, IEEE, ACM)] == [
        ("apa", "APA"),
        ("ieee", "IEEE"),
        ("association-for-computing-machinery", "ACM"),
    ]
    assert c.resolve_style("chicago-author-date").id == "chicago-author-date"
    assert c.resolve_style("no-such-style") is None


def test_a_name_with_particles_and_a_suffix_is_split_as_csl_wants_it() -> None:
    bibtex = (
        "@inproceedings{k,\n  author = {van der Berg, Jr., Jan and De Morgan, Augustus and Ludwig van Beethoven},\n}"
    )
    shown = ["Jan van der Berg, Jr.", "Augustus De Morgan", "Ludwig van Beethoven"]
    assert item(authors=shown, bibtex=bibtex)["author"] == [
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der", "suffix": "Jr."},
        {"family": "De Morgan", "given": "Augustus"},
        {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
    ]
    # without the entry's own split, the shown name is split by BibTeX's rule
    assert dict(c.csl_name("Ana María de la Cruz")) == {
        "family": "Cruz",
        "given": "Ana María",
        "non-dropping-particle": "de la",
    }
    assert dict(c.csl_name("Plato")) == {"family": "Plato"}


def test_a_page_range_a_month_and_a_doi_reach_the_item() -> None:
    found = item(pages="1–12", month=6, doi="10.5555/x.1", venue="Proc. Engines")
    assert found["page"] == "1-12" and c.page_range("1--12") == "1-12" and c.page_range("7 - 9") == "7-9"
    assert found["issued"] == {"date-parts": [[2021, 6]]}
    assert found["DOI"] == "10.5555/x.1"
    assert found["type"] == "paper-conference" and found["container-title"] == "Proc. Engines"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"entry_type": "article", "venue": "J. Eng.", "volume": "12", "issue": "3"}, "article-journal"),
        ({"entry_type": "inproceedings", "venue": "Proc."}, "paper-conference"),
        ({"entry_type": "misc", "arxiv": "2301.00003", "venue": "arXiv:2301.00003 [cs.LG]"}, "article"),
        ({"entry_type": "phdthesis", "venue": "PhD thesis, Uni", "institution": "Uni"}, "thesis"),
        ({"entry_type": "techreport", "institution": "Lab", "number": "7"}, "report"),
        ({"entry_type": "book", "publisher": "Press"}, "book"),
    ],
)
def test_each_kind_of_entry_has_its_csl_type(fields: dict[str, Any], expected: str) -> None:
    assert item(**fields)["type"] == expected


def test_an_arxiv_preprint_is_numbered_by_its_arxiv_id_as_zotero_writes_it() -> None:
    found = item(entry_type="misc", arxiv="2301.00003", venue="arXiv:2301.00003 [cs.LG]")
    assert (found["publisher"], found["number"], found["URL"]) == (
        "arXiv",
        "arXiv:2301.00003",
        "https://arxiv.org/abs/2301.00003",
    )
    assert "container-title" not in found


CONFERENCE = {
    "authors": ["Jan van der Berg, Jr.", "Ada Lovelace"],
    "bibtex": "@inproceedings{k,\n  author = {van der Berg, Jr., Jan and Lovelace, Ada},\n}",
    "title": "Engines That Compute Tables",
    "venue": "Proceedings of the Engines Conference",
    "publisher": "Engine Society",
    "pages": "1--12",
    "month": 6,
    "doi": "10.5555/engines.2021.1",
}


def test_a_conference_paper_in_apa() -> None:
    # APA 7: Author, A. A., & Author, B. B. (Year). Title. *Proceedings*, pages. https://doi.org/...
    assert c.format_citation(item(**CONFERENCE), APA) == (
        "van der Berg, J., Jr., &amp; Lovelace, A. (2021). Engines That Compute Tables. "
        "<i>Proceedings of the Engines Conference</i>, 1–12. https://doi.org/10.5555/engines.2021.1"
    )


def test_a_conference_paper_in_ieee() -> None:
    # IEEE Reference Guide: J. K. Author, “Title of paper,” in *Abbrev. Name of Conf.*, year, pp. xxx–xxx.
    assert c.format_citation(item(**CONFERENCE), IEEE) == (
        "J. van der Berg Jr. and A. Lovelace, “Engines That Compute Tables,” in <i>Proceedings of the Engines "
        "Conference</i>, Engine Society, Jun. 2021, pp. 1–12. doi: 10.5555/engines.2021.1."
    )


def test_a_conference_paper_in_acm() -> None:
    # ACM reference format: full names, year, title, In *Proceedings*, pages, DOI as a URL
    assert c.format_citation(item(**CONFERENCE), ACM) == (
        "Jan van der Berg Jr. and Ada Lovelace. 2021. Engines That Compute Tables. In <i>Proceedings of the "
        "Engines Conference</i>, June 2021. Engine Society, 1–12. https://doi.org/10.5555/engines.2021.1"
    )


def test_a_journal_article_in_apa_ieee_and_acm() -> None:
    article = item(
        entry_type="article",
        authors=["Ada Lovelace"],
        title="Notes",
        venue="Journal of Engines",
        volume="12",
        issue="3",
        pages="101--115",
        year=2020,
        month=3,
        doi="10.5555/joe.12",
    )
    assert c.format_citation(article, APA) == (
        "Lovelace, A. (2020). Notes. <i>Journal of Engines</i>, <i>12</i>(3), 101–115. https://doi.org/10.5555/joe.12"
    )
    assert c.format_citation(article, IEEE) == (
        "A. Lovelace, “Notes,” <i>Journal of Engines</i>, vol. 12, no. 3, pp. 101–115, Mar. 2020, doi: 10.5555/joe.12."
    )
    assert c.format_citation(article, ACM) == (
        "Ada Lovelace. 2020. Notes. <i>Journal of Engines</i> 12, 3 (March 2020), 101–115. https://doi.org/10.5555/joe.12"
    )


# --- each repair of citeproc-py's output ------------------------------------------------------------


def test_numeric_styles_show_no_reference_number() -> None:
    """Repair 1: citeproc-py writes IEEE's and ACM's `[1]` in front of the entry."""
    for style in (IEEE, ACM):
        assert not c.format_citation(item(authors=["Ada Lovelace"]), style).startswith("[")


def test_a_comma_after_a_quoted_title_goes_inside_the_quotes() -> None:
    """Repair 2: `“Engines”, in` (citeproc-py) is `“Engines,” in` (en-US, IEEE's guide)."""
    text = c.format_citation(item(authors=["Ada Lovelace"], venue="Proc."), IEEE)
    assert "“Engines,” in" in text and "”," not in text


def test_an_apa_thesis_without_a_number_has_no_publication_label() -> None:
    """Repair 3: citeproc-py prints `(Publication)` for a thesis without a publication number."""
    thesis = item(entry_type="phdthesis", authors=["Ada Lovelace"], venue="PhD thesis, Uni", institution="Uni")
    assert c.format_citation(thesis, APA) == "Lovelace, A. (2021). <i>Engines</i> [PhD thesis]. Uni."


def test_a_title_ending_in_a_question_mark_keeps_it_alone() -> None:
    """Repair 4: no `?.` nor `?,` after a title that ends with a question mark."""
    for style in (APA, IEEE, ACM):
        text = c.format_citation(item(authors=["Ada Lovelace"], title="Why Engines?", venue="Proc."), style)
        assert "Why Engines?" in text and "?." not in text and "?," not in text


def test_no_lone_full_stop_where_publisher_and_pages_are_missing() -> None:
    """Repair 5: ACM's `In *Proc.*, June 2021. . Retrieved` for a paper without publisher and pages."""
    text = c.format_citation(item(authors=["Ada Lovelace"], venue="Proc.", month=6, url="https://e.org/p"), ACM)
    assert text == "Ada Lovelace. 2021. Engines. In <i>Proc.</i>, June 2021. Retrieved from https://e.org/p"


def test_an_arxiv_id_keeps_its_lower_case_and_is_named_once() -> None:
    """Repairs 6 and 7: APA's `(ArXiv:...)` and IEEE's `*arXiv*: arXiv:...` from citeproc-py."""
    preprint = item(entry_type="misc", authors=["Ada Lovelace"], arxiv="2301.00003", venue="arXiv:2301.00003")
    assert c.format_citation(preprint, APA) == (
        "Lovelace, A. (2021). <i>Engines</i> (arXiv:2301.00003). arXiv. https://arxiv.org/abs/2301.00003"
    )
    assert c.format_citation(preprint, IEEE) == (
        "A. Lovelace, “Engines,” 2021, arXiv:2301.00003. [Online]. Available: https://arxiv.org/abs/2301.00003"
    )


def test_apa_names_the_editors_of_proceedings_as_its_examples_do() -> None:
    """Repair 8: citeproc-py's `(eds.)`; APA: `In E. E. Editor (Ed.), *Title of book* (pp. xx–xx). Publisher.`"""
    bibtex = "@inproceedings{k,\n  editor = {Grace Hopper and Alan Turing},\n}"
    edited = item(**CONFERENCE, editors=["Grace Hopper", "Alan Turing"])
    edited_once = item(**{**CONFERENCE, "bibtex": bibtex}, editors=["Grace Hopper"])
    assert (
        "In G. Hopper &amp; A. Turing (Eds.), <i>Proceedings of the Engines Conference</i> (pp. 1–12). Engine Society."
        in (c.format_citation(edited, APA))
    )
    assert "In G. Hopper (Ed.), <i>" in c.format_citation(edited_once, APA)


def test_text_from_the_record_is_escaped() -> None:
    text = c.format_citation(item(authors=["Ada Lovelace"], title="<script>x</script> & y", venue="A&B"), APA)
    assert "<script>" not in text and "&lt;script&gt;x&lt;/script&gt; &amp; y" in text and "A&amp;B" in text


def test_each_citation_is_formatted_once_per_content_and_style() -> None:
    cache: dict[str, str] = {}
    first = c.format_citation(item(authors=["Ada Lovelace"]), APA, cache)
    assert len(cache) == 1 and c.format_citation(item(authors=["Ada Lovelace"]), APA, cache) == first
    cache[next(iter(cache))] = "from the cache"
    assert c.format_citation(item(authors=["Ada Lovelace"]), APA, cache) == "from the cache"
    c.format_citation(item(authors=["Ada Lovelace"], title="Other"), APA, cache)
    c.format_citation(item(authors=["Ada Lovelace"]), IEEE, cache)
    assert len(cache) == 3


# --- RIS ---------------------------------------------------------------------------------------


def test_an_ris_record_has_its_tags_in_order_from_ty_to_er() -> None:
    record = c.ris_record(paper(**CONFERENCE))
    lines = record.split("\r\n")
    assert lines[0] == "TY  - CPAPER" and lines[-2] == "ER  - " and lines[-1] == ""
    assert lines[1:3] == ["AU  - van der Berg, Jan, Jr.", "AU  - Lovelace, Ada"]
    for expected in (
        "TI  - Engines That Compute Tables",
        "T2  - Proceedings of the Engines Conference",
        "PY  - 2021",
        "DA  - 2021/06//",
        "SP  - 1",
        "EP  - 12",
        "DO  - 10.5555/engines.2021.1",
        "PB  - Engine Society",
    ):
        assert expected in lines
    journal = c.ris_record(paper(entry_type="article", authors=["A. B"], venue="J. Eng.", volume="4", issue="2"))
    assert {"TY  - JOUR", "JO  - J. Eng.", "VL  - 4", "IS  - 2"} <= set(journal.split("\r\n"))


def test_an_ris_file_of_several_papers_has_one_record_each() -> None:
    text = c.ris_text([paper(key="a", authors=["A. B"]), paper(key="b", authors=["C. D"])])
    assert text.count("TY  - ") == text.count("ER  - ") == 2


DBLP_PMLR = """@inproceedings{DBLP:conf/icml/LindqvistZ23,
  author       = {Maja Lindqvist and
                  Hao Zhang 0001},
  editor       = {Andreas Krause and
                  Emma Brunskill},
  title        = {Sparse Mixtures for Serving},
  booktitle    = {International Conference on Machine Learning, {ICML} 2023, 23-29 July
                  2023, Honolulu, Hawaii, {USA}},
  series       = {Proceedings of Machine Learning Research},
  volume       = {202},
  pages        = {20001--20015},
  publisher    = {{PMLR}},
  year         = {2023},
  url          = {https://proceedings.mlr.press/v202/lindqvist23a.html},
  timestamp    = {Mon, 28 Aug 2023 17:23:04 +0200},
  biburl       = {https://dblp.org/rec/conf/icml/LindqvistZ23.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}
"""


def test_acm_names_the_year_of_a_dblp_proceedings_entry_once(tmp_path: Path) -> None:
    """Repair 10: citeproc-py's ACM wrote `2023. Title. In *ICML 2023 ...*, 2023. PMLR, ...` for a DBLP
    entry (a year, no month); ACM's reference format gives the year once, after the authors. A paper
    with a month keeps the conference's date (`In *Proc.*, June 2021.`, test_a_conference_paper_in_acm)."""
    publication = pasted(tmp_path, DBLP_PMLR)
    text = c.format_citation(c.csl_item(publication), ACM)
    assert text == (
        "Maja Lindqvist and Hao Zhang. 2023. Sparse Mixtures for Serving. In <i>International Conference on Machine "
        "Learning, ICML 2023, 23-29 July 2023, Honolulu, Hawaii, USA</i> (<i>Proceedings of Machine Learning "
        "Research</i>). PMLR, 20001–20015. Retrieved from "
        "https://proceedings.mlr.press/v202/lindqvist23a.html"
    )
    # the same without proceedings named: `Title. 2023.` is `Title.`
    bare = c.format_citation(item(authors=["Ada Lovelace"], year=2023), ACM)
    assert bare == "Ada Lovelace. 2023. Engines."


def test_the_memos_in_citeproc_leave_every_citation_as_citeproc_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The memoised look-ups (labsite.content.citeproc_memo) make formatting fast, not different: every
    entry of the exporters' corpus in each style, byte for byte as citeproc-py 0.11.1 writes it alone."""
    from labsite.content import citeproc_memo

    corpus = Path(__file__).parent.parent / "corpus"
    items = [c.csl_item(p) for path in sorted(corpus.glob("*.bib")) for p in load_bibtex(path)]
    assert len(items) > 10

    def formatted() -> list[str]:
        c._format.cache_clear()
        c._style.cache_clear()
        return [c.format_citation(one, style) for one in items for style in (APA, IEEE, ACM)]

    assert citeproc_memo.install()
    fast = formatted()
    citeproc_memo.uninstall()
    try:
        with monkeypatch.context() as patch:
            patch.setattr(citeproc_memo, "install", lambda: False)
            from citeproc import model

            assert not hasattr(model.Text.calls_variable, "memo")
            assert formatted() == fast
    finally:
        c._style.cache_clear()
        citeproc_memo.install()
    assert hasattr(model.Text.calls_variable, "memo")


ACM_JOURNAL = """@article{10.1145/3458817.3476152,
author = {Lindqvist, Maja and Zhang, Hao},
title = {Scheduling Training Jobs},
year = {2021},
issue_date = {December 2021},
publisher = {Association for Computing Machinery},
address = {New York, NY, USA},
volume = {39},
number = {4},
issn = {0734-2071},
url = {https://doi.org/10.1145/3458817.3476152},
doi = {10.1145/3458817.3476152},
journal = {ACM Trans. Comput. Syst.},
month = dec,
articleno = {12},
numpages = {28},
keywords = {distributed training, scheduling}
}
"""


def test_an_acm_articles_number_is_cited_where_its_pages_would_be(tmp_path: Path) -> None:
    """ACM's journals number articles instead of paging them (`articleno`, as the ACM Digital Library exports
    them; biblatex and NASA ADS call it `eid`): APA 7 cites it as `Article 12`, IEEE as `Art. no. 12`, ACM's
    reference format as `39, 4, Article 12 (December 2021)`.
    It was left out, so the citation could not find the article in its issue."""
    publication = pasted(tmp_path, ACM_JOURNAL)
    csl = c.csl_item(publication)
    assert csl["number"] == "12" and csl["issue"] == "4"
    assert "<i>39</i>(4), Article 12." in c.format_citation(csl, APA)
    assert "vol. 39, no. 4, Art. no. 12, Dec. 2021" in c.format_citation(csl, IEEE)
    assert "<i>ACM Trans. Comput. Syst.</i> 39, 4, Article 12 (December 2021), 28 pages." in c.format_citation(
        csl, ACM
    )  # repairs 11 and 12: ACM's "J. ACM 54, 2, Article 5 (April 2007), 50 pages."
    assert c.csl_item(pasted(tmp_path, ACM_JOURNAL.replace("articleno", "eid")))["number"] == "12"
    # an ADS preprint's `eid = {arXiv:...}` is no article number; a paper with pages is cited by them
    assert "number" not in c.csl_item(
        pasted(tmp_path, ACM_JOURNAL.replace("articleno = {12}", "eid = {arXiv:2110.01234}"))
    )
    assert "number" not in c.csl_item(paper(entry_type="article", pages="1--9", article_number="12"))


ACM_CONFERENCE = r"""@inproceedings{10.1145/3290605.3300012,
author = {Lindqvist, Maja and Zhang, Hao},
title = {Scheduling Training Jobs on Shared Clusters},
year = {2019},
isbn = {9781450359702},
publisher = {Association for Computing Machinery},
address = {New York, NY, USA},
url = {https://doi.org/10.1145/3290605.3300012},
doi = {10.1145/3290605.3300012},
booktitle = {Proceedings of the 2019 CHI Conference on Human Factors in Computing Systems},
pages = {1--12},
numpages = {12},
keywords = {clusters, scheduling},
location = {Glasgow, Scotland Uk},
series = {CHI '19}
}
"""


def test_an_acm_conference_paper_is_cited_as_acms_reference_format_gives_it(tmp_path: Path) -> None:
    """The ACM Digital Library's export of a conference paper: ACM's format names the proceedings with the
    conference's short name (`series`), the publisher with its place (`address`), and a paper numbered
    instead of paged by `Article 12, 16 pages` (ACM's "Reference Formatting" guide). The ACM style showed
    neither the short name, the place, the article number nor the length; APA and IEEE show no series."""
    numbered = pasted(tmp_path, ACM_CONFERENCE.replace("pages = {1--12}", "articleno = {12}"))
    acm = c.format_citation(c.csl_item(numbered), ACM)
    assert (
        "In <i>Proceedings of the 2019 CHI Conference on Human Factors in Computing Systems</i> (<i>CHI '19</i>). "
        "Association for Computing Machinery, New York, NY, USA, Article 12, 12 pages. https://doi.org/" in acm
    )  # repair 12
    paged = c.csl_item(pasted(tmp_path, ACM_CONFERENCE))
    assert "New York, NY, USA, 1–12. https://doi.org/" in c.format_citation(paged, ACM)  # no `12 pages`
    unmeasured = pasted(
        tmp_path, ACM_CONFERENCE.replace("pages = {1--12}", "articleno = {12}").replace("numpages", "x")
    )
    assert "New York, NY, USA, Article 12. https://doi.org/" in c.format_citation(c.csl_item(unmeasured), ACM)
    for style in (APA, IEEE):  # repair 13
        assert "CHI '19" not in c.format_citation(paged, style)
    assert "<i>Proceedings of the 2019 CHI Conference on Human Factors in Computing Systems</i>, Article 12." in (
        c.format_citation(c.csl_item(numbered), APA)
    )
    # the CSL-JSON download keeps them as Zotero reads them
    assert (paged["collection-title"], paged["publisher-place"], paged["number-of-pages"]) == (
        "CHI '19",
        "New York, NY, USA",
        "12",
    )


def test_a_journals_issn_reaches_the_ris_csl_json_scholar_tags_and_json_ld(tmp_path: Path) -> None:
    """The ACM Digital Library and IEEE Xplore export the journal's `issn`: it was dropped, so a reference
    manager importing the RIS or CSL-JSON download could not tell the journal by it. IEEE's empty
    `ISSN={}` gives none."""
    from labsite.content.scholar import citation_meta_tags, json_ld

    publication = pasted(tmp_path, ACM_JOURNAL)
    assert c.csl_item(publication)["ISSN"] == "0734-2071"
    assert "SN  - 0734-2071\r\n" in c.ris_record(publication)
    assert '<meta name="citation_issn" content="0734-2071">' in "".join(citation_meta_tags(publication))
    assert json_ld(publication, None)["isPartOf"] == {
        "@type": "Periodical",
        "name": "ACM Trans. Comput. Syst.",
        "issn": "0734-2071",
    }
    publication = pasted(tmp_path, ACM_JOURNAL.replace("issn = {0734-2071}", "ISSN={}"))
    assert "ISSN" not in c.csl_item(publication) and "SN  -" not in c.ris_record(publication)


SEMANTIC_SCHOLAR_CONFERENCE = """@Article{Lindqvist2023SparseMF,
 author = {Maja Lindqvist and Hao Zhang},
 booktitle = {Symposium on Operating Systems Principles},
 journal = {Proceedings of the 29th Symposium on Operating Systems Principles},
 pages = {611-626},
 title = {Sparse Mixtures for Serving},
 year = {2023}
}
"""


def test_a_semantic_scholar_conference_paper_is_cited_as_one(tmp_path: Path) -> None:
    """Semantic Scholar's "Cite" gives a conference paper as `@Article` with the conference in `booktitle`
    (an article has no booktitle): it was cited as a journal article (IEEE without "in", RIS `JOUR`,
    Scholar's `citation_journal_title`)."""
    from labsite.content.scholar import citation_meta_tags

    publication = pasted(tmp_path, SEMANTIC_SCHOLAR_CONFERENCE)
    csl = c.csl_item(publication)
    assert csl["type"] == "paper-conference" and csl["container-title"] == "Symposium on Operating Systems Principles"
    assert ",” in <i>Symposium on Operating Systems Principles</i>, 2023" in c.format_citation(csl, IEEE)
    assert c.ris_record(publication).startswith("TY  - CPAPER\r\n")
    tags = "".join(citation_meta_tags(publication))
    assert "citation_conference_title" in tags and "citation_journal_title" not in tags
    assert publication.bibtex.startswith("@Article{")  # the entry as pasted
