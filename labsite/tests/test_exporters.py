"""What scholars' tools export, built into a site: the list, paper pages, meta tags, JSON-LD, .bib download.

The corpus (labsite/tests/corpus/*.bib) has entries shaped like each exporter's real output (names
invented): arXiv, DBLP (standard, condensed, with crossref), Google Scholar, Zotero, Better BibTeX
(biblatex), NASA ADS, ACM, IEEE Xplore, biblatex, al-folio.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from labsite.content.publications import paper_slug
from labsite.data.bibtex import load_bibtex
from labsite.testing import Build, build, copy_site, meta
from labsite.testing import paper_json_ld as json_ld
from PIL import Image

ROOTS = Path(__file__).parent / "roots"
CORPUS = Path(__file__).parent / "corpus"
EXPORTERS = sorted(path.stem for path in CORPUS.glob("*.bib"))
OWNER = "Hao Zhang"
#: what LaTeX left undecoded would show: a command, a brace, math dollars
RAW_LATEX = re.compile(r"\\[A-Za-z]+|[{}$]|\\[_%#&'\"`~^]")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    src = copy_site(ROOTS / "test-publications", tmp_path_factory.mktemp("exporters") / "site")
    corpus = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.bib")))
    (src / "data" / "publications.bib").write_text(corpus, encoding="utf-8")
    (src / "data" / "profile.yaml").write_text(
        f"name: {OWNER}\naliases: [Zhang Hao]\ntitle: Assistant Professor\n", encoding="utf-8"
    )
    (src / "data" / "people.yaml").write_text(
        "roles:\n  - {id: phd, label: PhD students}\nmembers:\n"
        "  - {id: mateo-sorensen, name: Mateo Sørensen, role: phd, start: '09/2021'}\n"
        "  - {id: milan-djordjevic, name: Milan Đorđević, role: phd, start: '09/2021'}\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Test Lab\n\n```{toctree}\npeople\npublications\n```\n", encoding="utf-8")
    (src / "files").mkdir()
    (src / "files" / "raman2024local.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")  # al-folio's relative pdf
    (src / "images").mkdir()
    Image.new("RGB", (800, 400), "teal").save(src / "images" / "kv.png")  # al-folio's preview
    return build(src, src / "_build" / "html")


def papers(exporter: str):
    return load_bibtex(CORPUS / f"{exporter}.bib")


def test_every_exporters_file_builds_without_warnings(site: Build) -> None:
    assert site.warnings == ""
    assert {"arxiv", "dblp", "scholar", "zotero", "betterbibtex", "ads", "acm", "ieee", "biblatex", "alfolio"} <= set(
        EXPORTERS
    )


@pytest.mark.parametrize("exporter", EXPORTERS)
def test_no_latex_is_shown_in_the_list_the_paper_pages_or_meta_tags(site: Build, exporter: str) -> None:
    for paper in papers(exporter):
        shown = site.entry(paper.key)
        for part in ("labsite-title", "labsite-authors", "labsite-venue"):
            text = shown.find(class_=part).get_text(" ")
            assert not RAW_LATEX.search(text), (paper.key, part, text)
        page = site.paper_page(paper.key)
        assert not RAW_LATEX.search(page.title.get_text()), page.title
        for name in ("citation_title", "citation_author", "citation_journal_title", "citation_conference_title"):
            for content in meta(page, name):
                assert not RAW_LATEX.search(content), (paper.key, name, content)
        data = json_ld(page)
        assert not RAW_LATEX.search(data["name"]), data["name"]
        og_title = page.find("meta", property="og:title")
        assert og_title is None or not RAW_LATEX.search(og_title["content"])


@pytest.mark.parametrize("exporter", EXPORTERS)
def test_the_owner_is_highlighted_in_every_spelling(site: Build, exporter: str) -> None:
    for paper in papers(exporter):
        bold = [b.get_text() for b in site.entry(paper.key).select(".labsite-authors strong")]
        if any("Zhang" in author for author in paper.authors):
            assert bold == [OWNER], (paper.key, bold)


def test_latex_becomes_unicode_and_emphasis_stays_emphasis(site: Build) -> None:
    shown = site.entry("martinez2021tides")
    assert shown.select_one(".labsite-title em").get_text() == "hot Jupiters"
    assert shown.find(class_="labsite-title").get_text() == "Tidal locking of hot Jupiters in AC^0"
    assert shown.find(class_="labsite-authors").get_text() == "Lucía Martínez, Van An Nguyễn, Hao Zhang, et al."
    page = site.paper_page("martinez2021tides")
    assert meta(page, "citation_title") == ["Tidal locking of hot Jupiters in AC^0"]
    assert meta(page, "citation_author") == ["Lucía Martínez", "Van An Nguyễn", "Hao Zhang"]  # no "others"
    ads = site.entry("2022MNRAS.510.1234P")
    assert ads.find(class_="labsite-venue").get_text() == "Monthly Notices of the Royal Astronomical Society 2022"
    assert "Łukasz Kowalczyk" in ads.find(class_="labsite-authors").get_text()
    assert "“Fast”" in site.entry("okafor2025").find(class_="labsite-title").get_text()


def test_arxiv_entries_show_the_identifier_and_link_abstract_and_pdf(site: Build) -> None:
    for key, ident, cls in (
        ("arkwright2023sparse", "2306.01234", "cs.LG"),
        ("hoffmannCompilersAreFun2024", "2405.09876", "cs.PL"),
    ):
        shown = site.entry(key)
        assert shown.find(class_="labsite-venue").get_text().startswith(f"arXiv:{ident} [{cls}]")
        links = {a.get_text(): a["href"] for a in shown.select("a.labsite-pub-link")}
        assert links["arXiv"] == f"https://arxiv.org/abs/{ident}"
        assert links["PDF"] == f"https://arxiv.org/pdf/{ident}"
        assert meta(site.paper_page(key), "citation_pdf_url") == [f"https://arxiv.org/pdf/{ident}"]
    # Google Scholar writes the identifier into `journal`; DBLP names arXiv "CoRR"
    assert site.entry("martinez2021tides").find(class_="labsite-venue").get_text() == "arXiv:2104.05678 2021"
    dblp = site.entry("DBLP:journals/corr/abs-2401-04321")
    assert dblp.find(class_="labsite-venue").get_text() == "arXiv:2401.04321 2024"


def test_a_doi_becomes_a_link_a_meta_tag_and_same_as(site: Build) -> None:
    for key, doi in (
        ("2023ApJ...900...12Z", "10.3847/1538-4357/ac0000"),
        ("10234567", "10.1109/CLOUD60044.2023.00010"),
        ("DBLP:conf/ecml/KovacZ22", "10.1007/978-3-031-00000-0_1"),  # DBLP's `\_` unescaped
    ):
        links = {a.get_text(): a["href"] for a in site.entry(key).select("a.labsite-pub-link")}
        assert links["DOI"] == f"https://doi.org/{doi}"
        page = site.paper_page(key)
        assert meta(page, "citation_doi") == [doi]
        assert f"https://doi.org/{doi}" in json_ld(page)["sameAs"]


def test_dblp_homonym_numbers_crossref_and_years_in_the_booktitle(site: Build) -> None:
    authors = " ".join(a.get_text() for a in site.soup("publications").select(".labsite-authors"))
    assert "Hao Zhang" in authors and "0001" not in authors
    assert "Hao Zhang 0001" not in (site.outdir / "publications" / "publications.bib").read_text(encoding="utf-8")
    child = site.entry("DBLP:conf/osdi/NakamuraZ24")
    assert child.find(class_="labsite-venue").get_text() == "OSDI 2024"
    assert site.soup("publications").find(id=f"pub-{paper_slug('DBLP:conf/osdi/2024')}") is None  # not a paper
    sosp = site.entry("DBLP:conf/sosp/FuHSZ26").find(class_="labsite-venue").get_text()
    assert sosp.endswith("October 12-15, 2026") and "2026 2026" not in sosp
    bib = site.paper_page("DBLP:conf/osdi/NakamuraZ24").find("pre").get_text()
    assert "crossref" not in bib and "publisher = {{USENIX} Association}" in bib and "isbn" in bib


def test_theses_reports_and_books_get_their_labels_types_and_tags(site: Build) -> None:
    assert site.entry("ek2021").find(class_="labsite-venue").get_text().startswith("Master's thesis, KTH")
    report = site.entry("haddad2020").find(class_="labsite-venue").get_text()
    assert report == "Technical report CS2020-1, UC San Diego 2020"
    cases = {
        "halvorsen2019thesis": ("Thesis", "citation_dissertation_institution", "University of Tromsø"),
        "haddad2020": ("Report", "citation_technical_report_institution", "UC San Diego"),
        "lindqvist_handbook_2020": ("Book", "citation_isbn", "978-3-030-00000-5"),
        "stannard_coral_2022": ("ScholarlyArticle", "citation_journal_title", "Scientific Reports"),
        "DBLP:conf/ecml/KovacZ22": ("ScholarlyArticle", "citation_conference_title", "ECML/PKDD (1)"),
    }
    for key, (schema_type, tag, value) in cases.items():
        page = site.paper_page(key)
        assert json_ld(page)["@type"] == schema_type, key
        assert meta(page, tag) == [value], key
    book = site.entry("lindqvist_handbook_2020")
    assert book.find(class_="labsite-authors").get_text() == "Greta Lindqvist, Omar Haddad (eds.)"


def test_dates_month_and_biblatex_fields(site: Build) -> None:
    assert site.entry("gavrilova2022").find(class_="labsite-venue").get_text() == "Journal of Examples 2022"
    (ieee,) = papers("ieee")
    assert ieee.month is None  # `month = {}`
    (gavrilova, *_) = papers("biblatex")
    assert (gavrilova.year, gavrilova.month) == (2022, 3)


def test_urls_from_howpublished_and_private_fields_never_published(site: Build) -> None:
    links = {a.get_text(): a["href"] for a in site.entry("lindqvist2024tool").select("a.labsite-pub-link")}
    assert links["Link"] == "https://tool.example.org/"
    download = (site.outdir / "publications" / "publications.bib").read_text(encoding="utf-8")
    for private in ("/Users/", "/home/someone", "my private reading note", "annote", "file =", "google_scholar_id"):
        assert private not in download
        assert private not in site.paper_page("stannard_coral_2022").get_text()
    # what the reader copies still loads as BibTeX, with the same papers
    (site.outdir.parent / "download.bib").write_text(download, encoding="utf-8")
    again = {p.key: p for p in load_bibtex(site.outdir.parent / "download.bib")}
    for exporter in EXPORTERS:
        for paper in papers(exporter):
            assert (again[paper.key].title, again[paper.key].authors) == (paper.title, paper.authors)


def test_al_folio_fields_abstract_badge_links_award(site: Build) -> None:
    shown = site.entry("raman2025kv")
    assert shown.find(class_="labsite-abbr").get_text() == "NeurIPS"
    abstract = shown.find("details", class_="labsite-abstract")
    assert abstract.summary.get_text() == "Abstract" and abstract.em.get_text() == "key-value"
    links = {a.get_text() for a in shown.select("a.labsite-pub-link")}
    assert {"PDF", "HTML", "Code", "Slides", "Poster", "Supp", "Blog", "Website"} <= links
    assert "Oral" in shown.find(class_="labsite-pub-title").get_text()
    page = site.paper_page("raman2025kv")
    assert "4×" in meta(page, "citation_abstract")[0]
    assert json_ld(page)["abstract"].startswith("We compress key-value caches")
    assert page.find(class_="labsite-paper-abstract") is not None


def test_co_authors_link_to_members_through_transliteration(site: Build) -> None:
    # DBLP writes "Mateo Sorensen", ACM "Mateo Sørensen": both are the member
    for key in ("DBLP:conf/sosp/FuHSZ26", "10.1145/3600006.3613165"):
        linked = [a.get_text() for a in site.entry(key).select("a.labsite-member-link")]
        assert any("Mateo" in name for name in linked), (key, linked)


def test_each_link_is_shown_once_whatever_its_scheme_or_case(site: Build) -> None:
    for key in ("hoffmannCompilersAreFun2024", "DBLP:journals/corr/abs-2401-04321", "oduya_retrieval_2023"):
        labels = [a.get_text() for a in site.entry(key).select("a.labsite-pub-link")]
        assert "Link" not in labels and labels.count("arXiv") == 1, (key, labels)


def test_al_folio_relative_pdf_is_served_from_the_files_folder(site: Build) -> None:
    href = next(a["href"] for a in site.entry("raman2024local").select("a.labsite-pub-link") if a.get_text() == "PDF")
    assert href == "../files/raman2024local.pdf"
    assert (site.outdir / "files" / "raman2024local.pdf").read_bytes().startswith(b"%PDF")
    page = site.paper_page("raman2024local")
    assert meta(page, "citation_pdf_url") == ["https://lab.example.org/files/raman2024local.pdf"]
    assert "raman2024local.pdf" not in (site.outdir / "publications" / "publications.bib").read_text(encoding="utf-8")


def site_with_one_paper(tmp_path: Path, fields: str) -> Path:
    """A copy of the test-publications site whose list is one article `a2024` with extra BibTeX `fields`."""
    src = copy_site(ROOTS / "test-publications", tmp_path / "site")
    entry = f"@article{{a2024, title={{T}}, author={{Ada Lovelace}}, journal={{J}}, year={{2024}}, {fields}}}\n"
    (src / "data" / "publications.bib").write_text(entry, encoding="utf-8")
    return src


def test_a_missing_relative_pdf_fails_the_build_naming_the_file(tmp_path: Path) -> None:
    src = site_with_one_paper(tmp_path, "pdf={missing.pdf}")
    result = build(src, src / "_build" / "html", strict=False)
    assert "entry 'a2024', field 'pdf': no file 'files/missing.pdf' in the pages folder" in result.warnings
    assert str(src / "files" / "missing.pdf") in result.warnings
    assert f"{src / 'data' / 'publications.bib'}:1: WARNING" in result.warnings  # the entry's line, no suffix


def test_al_folio_preview_is_a_resized_lazy_thumbnail_without_layout_shift(site: Build) -> None:
    img = site.entry("raman2025kv").select_one(".labsite-preview picture img")
    assert (img["width"], img["height"], img["loading"], img["alt"]) == ("160", "80", "lazy", "")
    for candidate in [img["src"], *(s["srcset"].split()[0] for s in img.parent.find_all("source"))]:
        served = (site.outdir / "publications" / candidate).resolve()
        assert served.is_file(), candidate
        with Image.open(served) as image:
            assert image.width in (160, 320)
    assert site.entry("stannard_coral_2022").select_one(".labsite-preview") is None


def test_a_changed_preview_rebuilds_the_list_with_its_new_size(tmp_path: Path) -> None:
    src = site_with_one_paper(tmp_path, "preview={a.png}")
    (src / "images").mkdir()
    Image.new("RGB", (400, 200), "teal").save(src / "images" / "a.png")
    out = src / "_build" / "html"
    # strict=False: the root's home page links papers this one-paper site does not have
    first = build(src, out, strict=False).soup("publications").select_one(".labsite-preview img")
    assert (first["width"], first["height"]) == ("160", "80")
    Image.new("RGB", (400, 400), "teal").save(src / "images" / "a.png")
    second = build(src, out, fresh=False, strict=False).soup("publications").select_one(".labsite-preview img")
    assert (second["width"], second["height"]) == ("160", "160")
