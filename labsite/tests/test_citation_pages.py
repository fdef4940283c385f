"""'Cite this' on each paper's page, and the RIS and CSL-JSON downloads, on a small site of invented
papers in real exporters' shapes (roots/test-citations: DBLP-like, Zotero-like, arXiv's own export, a
thesis), built strictly with clean URLs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from labsite.data.bibtex import load_bibtex
from labsite.testing import Build, build

ROOT = Path(__file__).parent / "roots" / "test-citations"
STYLES = ("APA", "IEEE", "ACM")
#: the CSL types and name and date keys of the CSL-JSON schema (csl-data.json, CSL 1.0.2)
CSL_TYPES = {
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
}
NAME_KEYS = {"family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal"}


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Build:
    src = tmp_path_factory.mktemp("citations") / "lab"
    shutil.copytree(ROOT, src)
    return build(src, src / "_build" / "dirhtml")


def citations(lab: Build, key: str) -> dict[str, Any]:
    """Style label -> its <details> block on the paper's page."""
    return {
        d.summary.get_text(strip=True): d for d in lab.main(f"publications/{key}").select("details.labsite-citation")
    }


def text_of(block: Any) -> str:
    return " ".join(block.select_one(".labsite-citation-text").get_text().split())


def test_each_paper_page_shows_apa_ieee_and_acm_without_scripts(lab: Build) -> None:
    keys = [p.key for p in load_bibtex(ROOT / "data" / "publications.bib")]
    assert keys
    for key in keys:
        shown = citations(lab, key)
        assert tuple(shown) == STYLES, key
        assert shown["APA"].has_attr("open") and not shown["IEEE"].has_attr("open"), key  # <details>: no script
        assert lab.main(f"publications/{key}").select_one("section.labsite-cite details.labsite-bibtex"), key


def test_a_conference_paper_is_cited_as_each_style_says(lab: Build) -> None:
    shown = citations(lab, "vanderberg2021engines")
    assert text_of(shown["APA"]) == (
        "van der Berg, J., Jr., Lovelace, A., & Babbage, C. (2021). Engines That Compute Tables. Proceedings of "
        "the Analytical Engines Conference, 1–12. https://doi.org/10.5555/engines.2021.1"
    )
    assert text_of(shown["IEEE"]) == (
        "J. van der Berg Jr., A. Lovelace, and C. Babbage, “Engines That Compute Tables,” in Proceedings of the "
        "Analytical Engines Conference, Engine Society, Jun. 2021, pp. 1–12. doi: 10.5555/engines.2021.1."
    )
    assert text_of(shown["ACM"]) == (
        "Jan van der Berg Jr., Ada Lovelace, and Charles Babbage. 2021. Engines That Compute Tables. In Proceedings "
        "of the Analytical Engines Conference, June 2021. Engine Society, 1–12. https://doi.org/10.5555/engines.2021.1"
    )
    # the venue in italics, as the styles say
    assert shown["APA"].select_one("i").get_text() == "Proceedings of the Analytical Engines Conference"


def test_a_family_name_of_two_words_stays_whole(lab: Build) -> None:
    shown = citations(lab, "lovelace2020notes")
    assert "Lovelace, A., & De Morgan, A. (2020)." in text_of(shown["APA"])
    assert "A. Lovelace and A. De Morgan," in text_of(shown["IEEE"])
    assert "101–115" in text_of(shown["APA"]) and "pp. 101–115" in text_of(shown["IEEE"])


def test_a_preprint_is_cited_by_its_arxiv_id_and_a_thesis_by_its_school(lab: Build) -> None:
    preprint = citations(lab, "somerville2023connexion")
    assert "(arXiv:2301.00003). arXiv. https://arxiv.org/abs/2301.00003" in text_of(preprint["APA"])
    assert "2023, arXiv:2301.00003." in text_of(preprint["IEEE"])
    thesis = citations(lab, "lovelace2019thesis")
    assert text_of(thesis["APA"]) == "Lovelace, A. (2019). Engines and Poetry [PhD thesis]. University of London."
    assert text_of(thesis["IEEE"]) == "A. Lovelace, “Engines and Poetry,” PhD thesis, University of London, 2019."


def test_each_citation_has_a_copy_button_named_by_style_and_paper(lab: Build) -> None:
    main = lab.main("publications/vanderberg2021engines")
    title = "Engines That Compute Tables"
    for label, block in citations(lab, "vanderberg2021engines").items():
        button = block.find("button", class_="labsite-copy")
        assert button["type"] == "button" and button.has_attr("hidden")  # shown by the script with a clipboard
        assert button.get_text() == "Copy"
        assert button["aria-label"] == f"Copy {label} citation of {title}"  # starts with its visible text
        assert block.summary.find("button") is None  # controls do not nest
    assert main.select_one("h2#cite-this").get_text() == "Cite this"


def test_the_ris_of_each_paper_and_of_the_list_parse(lab: Build) -> None:
    main = lab.main("publications/vanderberg2021engines")
    links = {a.get_text(): a for a in main.select(".labsite-cite-downloads a")}
    own = links["Download as RIS (.ris)"]
    assert own["download"] == "vanderberg2021engines.ris"
    path = lab.outdir / "publications" / "vanderberg2021engines" / own["href"]
    record = path.read_bytes().decode("utf-8")
    lines = record.split("\r\n")
    assert lines[0] == "TY  - CPAPER" and lines[-2] == "ER  - "
    assert "AU  - van der Berg, Jan, Jr." in lines and "SP  - 1" in lines and "EP  - 12" in lines
    assert "DA  - 2021/06//" in lines and "DO  - 10.5555/engines.2021.1" in lines
    everything = (
        lab.outdir / "publications" / "vanderberg2021engines" / links["Download all as RIS (.ris)"]["href"]
    ).resolve()
    text = everything.read_bytes().decode("utf-8")  # (lines end in CR LF)
    records = [r for r in re.split(r"\r\nER  - \r\n", text) if r.strip()]
    assert len(records) == 4
    for rec in records:
        assert rec.lstrip().startswith("TY  - ")
        assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in rec.strip().split("\r\n"))


def test_the_csl_json_of_the_list_has_every_paper_as_the_schema_says(lab: Build) -> None:
    nav = lab.main("publications").select_one(".labsite-bib-download")
    href = nav.find("a", string="Download all as CSL-JSON (.json)")["href"]
    assert nav.find("a", string="Download all as RIS (.ris)")["href"] == "publications.ris"
    items = json.loads((lab.outdir / "publications" / href).read_text(encoding="utf-8"))
    assert sorted(i["id"] for i in items) == sorted(
        ["vanderberg2021engines", "lovelace2020notes", "somerville2023connexion", "lovelace2019thesis"]
    )
    for found in items:
        assert found["type"] in CSL_TYPES and isinstance(found["title"], str)
        for name in found.get("author", []):
            assert set(name) <= NAME_KEYS and ("family" in name or "literal" in name)
        parts = found["issued"]["date-parts"]
        assert len(parts) == 1 and 1 <= len(parts[0]) <= 3 and all(isinstance(p, int) for p in parts[0])
    engines = next(i for i in items if i["id"] == "vanderberg2021engines")
    assert engines["author"][0] == {
        "family": "Berg",
        "given": "Jan",
        "non-dropping-particle": "van der",
        "suffix": "Jr.",
    }
    assert engines["page"] == "1-12" and engines["issued"] == {"date-parts": [[2021, 6]]}


def test_the_styles_are_a_setting_and_an_unknown_one_is_named(tmp_path: Path) -> None:
    src = tmp_path / "lab"
    shutil.copytree(ROOT, src)
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + '\nlabsite_citation_styles = ["chicago-author-date", "nope"]\n',
        encoding="utf-8",
    )
    result = build(src, src / "_build" / "dirhtml", strict=False)
    line = len(conf.read_text(encoding="utf-8").splitlines())
    # conf.py and the line of the setting (before: conf.py taken as a page name, "conf.py.md")
    assert f"{conf}:{line}: WARNING: labsite_citation_styles: no citation style 'nope'" in result.warnings
    assert "[labsite.citation-style]" in result.warnings
    blocks = result.main("publications/lovelace2020notes").select("details.labsite-citation")
    assert [b["data-style"] for b in blocks] == ["chicago-author-date"]
    assert blocks[0].summary.get_text() == "Chicago Manual of Style 18th edition (author-date)"  # the style's title
    text = text_of(blocks[0])
    assert text.startswith("Lovelace, A") and "De Morgan. 2020. “Notes on the Engine.”" in text


def test_a_removed_papers_ris_goes_with_its_page(tmp_path: Path) -> None:
    src = tmp_path / "lab"
    shutil.copytree(ROOT, src)
    out = src / "_build" / "dirhtml"
    build(src, out)
    gone = out / "publications" / "lovelace2019thesis" / "lovelace2019thesis.ris"
    assert gone.is_file()
    bib = src / "data" / "publications.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text[: text.index("@phdthesis{lovelace2019thesis")], encoding="utf-8")
    build(src, out, fresh=False)
    assert not gone.exists() and not gone.parent.exists()
    everything = (out / "publications" / "publications.ris").read_bytes().decode("utf-8")
    assert everything.count("TY  - ") == 3 and "Engines and Poetry" not in everything
    items = json.loads((out / "publications" / "publications.json").read_text(encoding="utf-8"))
    assert "lovelace2019thesis" not in {i["id"] for i in items}
