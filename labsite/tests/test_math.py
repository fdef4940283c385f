"""Math in titles, abstracts and notes, as exporters write it, built into a site: MathML on the pages,
readable Unicode in meta tags, JSON-LD and the search index, the .bib download as written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from labsite.content.publications import paper_slug
from labsite.testing import Build, build

ROOTS = Path(__file__).parent / "roots"

#: entries shaped like real exports (names invented): DBLP, Zotero (math escaped for text), a note
EXPORTS = r"""
@inproceedings{DBLP:conf/stoc/RenL23,
  author       = {Wei Ren and
                  Ada Lovelace},
  title        = {Lower Bounds for {$\mathrm{AC}^0[\oplus]$} Circuits},
  booktitle    = {Proceedings of the 55th Annual {ACM} Symposium on Theory of Computing,
                  {STOC} 2023},
  pages        = {1--12},
  year         = {2023},
}

@article{lovelace_sparse_2024,
	title = {Sparse {Attention} with \$k{\textbackslash}leq 10\$ {Heads}},
	volume = {12},
	journal = {Journal of Examples},
	author = {Lovelace, Ada and Ren, Wei},
	year = {2024},
	abstract = {We show that \$k{\textbackslash}leq 10\$ heads suffice for sequences of length \$n\$.},
}

@unpublished{lovelace2025budget,
  title = {Training for Under US$5 a Day with $\notacommand{x}$ Tricks},
  author = {Ada Lovelace},
  year = {2025},
  note = {Extended abstract at the $k\leq 10$ workshop},
}
"""
TITLES = {
    "DBLP:conf/stoc/RenL23": "Lower Bounds for AC⁰[⊕] Circuits",
    "lovelace_sparse_2024": "Sparse Attention with k ≤ 10 Heads",
    "lovelace2025budget": r"Training for Under US$5 a Day with $\notacommand{x}$ Tricks",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    src = tmp_path_factory.mktemp("math") / "site"
    shutil.copytree(ROOTS / "test-publications", src)
    (src / "data" / "publications.bib").write_text(EXPORTS, encoding="utf-8")
    (src / "index.md").write_text("# Test Lab\n\n```{toctree}\npeople\npublications\n```\n", encoding="utf-8")
    return build(src, src / "_build" / "html")


def test_math_builds_without_warnings(site: Build) -> None:
    assert site.warnings == ""


def test_math_in_a_title_is_mathml_in_the_heading_and_in_the_list_link(site: Build) -> None:
    heading = site.paper_page("DBLP:conf/stoc/RenL23").find("h1")
    math = heading.find("math")
    assert math is not None, heading
    assert [t.get_text() for t in math.find_all(["mi", "mn", "mo"])] == ["A", "C", "0", "[", "⊕", "]"]
    assert math.find("msup") is not None  # the 0 is a superscript
    link = site.main("publications").find(id=f"pub-{paper_slug('lovelace_sparse_2024')}").select_one("a")
    assert [t.get_text() for t in link.find("math").find_all(["mi", "mn", "mo"])] == ["k", "≤", "10"]


def test_zotero_escaped_math_in_an_abstract_is_mathml(site: Build) -> None:
    abstract = site.paper_page("lovelace_sparse_2024").select_one(".labsite-paper-abstract p")
    assert len(abstract.find_all("math")) == 2, abstract
    assert "textbackslash" not in abstract.get_text() and "$" not in abstract.get_text()


def test_math_is_readable_unicode_in_meta_tags_and_json_ld(site: Build) -> None:
    for key, title in TITLES.items():
        soup = site.paper_page(key)
        assert soup.find("meta", attrs={"name": "citation_title"})["content"] == title
        assert soup.find("title").get_text().startswith(title)
        assert soup.find("meta", attrs={"name": "description"})["content"].startswith(title)
        assert soup.find("meta", property="og:title")["content"].startswith(title)
        ld = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
        assert any(item.get("name") == title or item.get("headline") == title for item in ld), ld
    soup = site.paper_page("lovelace_sparse_2024")
    abstract = "We show that k ≤ 10 heads suffice for sequences of length n."
    assert soup.find("meta", attrs={"name": "citation_abstract"})["content"] == abstract
    ld = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    assert any(item.get("abstract") == abstract for item in ld), ld


def test_a_dollar_that_is_not_math_and_math_that_cannot_be_converted_show_as_written(site: Build) -> None:
    heading = site.paper_page("lovelace2025budget").find("h1")
    assert heading.find("math") is None
    assert heading.get_text() == TITLES["lovelace2025budget"]
    venue = site.paper_page("lovelace2025budget").select_one(".labsite-venue")
    assert venue.find("math") is not None  # the note (a misc entry's venue) has math too


def test_the_bib_download_and_the_bibtex_block_keep_the_source_as_written(site: Build) -> None:
    bib = (site.outdir / "publications" / "publications.bib").read_text(encoding="utf-8")
    for source in (r"{$\mathrm{AC}^0[\oplus]$}", r"\$k{\textbackslash}leq 10\$", r"US$5"):
        assert source in bib
    block = site.paper_page("DBLP:conf/stoc/RenL23").select_one(".labsite-bibtex-source").get_text()
    assert r"{$\mathrm{AC}^0[\oplus]$}" in block


def test_the_search_index_has_math_as_unicode(site: Build) -> None:
    text = (site.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    assert TITLES["DBLP:conf/stoc/RenL23"] in index["titles"]
    assert TITLES["lovelace_sparse_2024"] in index["titles"]
    assert not any("textbackslash" in title or "\\leq" in title for title in index["titles"])
