"""The CV's records and typesetting, without Sphinx: bad CV records are located errors, a character
the fonts lack names its record and the setting to add a font, and the PDF is the same bytes on every
run, dated from the data (or SOURCE_DATE_EPOCH), never from the clock.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
import yaml
from labsite.content import cv
from labsite.data.builddate import build_datetime
from labsite.data.dataset import load_site_data
from labsite.data.problems import DataError
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[3]
GOOD_DATA = REPO / "labsite" / "tests" / "roots" / "test-bad-markup" / "data"
SCHEMA = REPO / "labsite" / "tests" / "jsonresume" / "schema.json"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(GOOD_DATA, target)
    return target


def problems(data_dir: Path) -> list:
    with pytest.raises(DataError) as caught:
        load_site_data(data_dir)
    return caught.value.problems


def test_an_unknown_service_kind_is_a_located_error(data_dir: Path) -> None:
    (data_dir / "service.yaml").write_text(
        "service:\n  - kind: organizing\n    title: A workshop\n  - kind: gardening\n    title: The lab's plants\n",
        encoding="utf-8",
    )
    (found,) = problems(data_dir)
    assert found.file.name == "service.yaml" and found.line == 4 and found.field == "kind"
    assert "gardening" in str(found) and "program-committee" in str(found)


def test_a_role_without_a_start_is_a_located_error(data_dir: Path) -> None:
    (data_dir / "experience.yaml").write_text(
        "positions:\n  - position: Director\n    organization: Example Inc\n    start: 07/2016\n"
        "    roles:\n      - title: Tech Lead\n        end: 12/2017\n",
        encoding="utf-8",
    )
    (found,) = problems(data_dir)
    assert (
        found.file.name == "experience.yaml"
        and found.line == 6
        and found.entry == "Tech Lead"
        and found.field == "start"
    )
    assert "missing" in str(found)


def test_a_position_without_a_start_is_a_located_error(data_dir: Path) -> None:
    (data_dir / "experience.yaml").write_text(
        "positions:\n  - position: Research Intern\n    organization: Example Lab\n    internship: true\n"
        '    end: "01/2014"\n',
        encoding="utf-8",
    )
    (found,) = problems(data_dir)
    assert found.file.name == "experience.yaml" and found.line == 2 and found.field == "start"


def test_a_month_end_before_a_month_start_is_an_error(data_dir: Path) -> None:
    (data_dir / "experience.yaml").write_text(
        'positions:\n  - position: Intern\n    organization: Example Lab\n    start: "07/2013"\n    end: "01/2013"\n',
        encoding="utf-8",
    )
    (found,) = problems(data_dir)
    assert found.field == "end" and "before start 07/2013" in str(found)


def options(data_dir: Path, **kwargs: object) -> cv.CVOptions:
    return cv.CVOptions(updated=build_datetime(load_site_data(data_dir)), **kwargs)  # type: ignore[arg-type]


def test_a_name_the_fonts_cannot_show_names_its_record_and_the_setting(data_dir: Path) -> None:
    people = data_dir / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("Charles Babbage", "张浩"), encoding="utf-8")
    data = load_site_data(data_dir)
    document = cv.cv_document(data, options(data_dir))
    with pytest.raises(cv.CVError) as caught:
        cv.typst_pdf(document, cv.TEMPLATE)
    message = str(caught.value)
    member = next(m for m in data.people.members if m.name == "张浩")
    assert f"people.yaml, entry '{member.id}'" in message
    assert "U+5F20" in message and "labsite_cv_font_paths" in message and "labsite_cv_fonts" in message


def test_a_character_typst_shows_escaped_names_its_record_and_code_point(data_dir: Path) -> None:
    # a private-use character (what a PDF's Symbol-font bullet pastes as): before, the message named
    # profile.yaml and the code points of typst's escape `\u{f0b7}`
    people = data_dir / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("Charles Babbage", "Charles\uf0b7Babbage"), "utf-8")
    data = load_site_data(data_dir)
    with pytest.raises(cv.CVError) as caught:
        cv.typst_pdf(cv.cv_document(data, options(data_dir)), cv.TEMPLATE)
    member = next(m for m in data.people.members if m.name.startswith("Charles"))
    assert f"people.yaml, entry '{member.id}': '\\uf0b7' (U+F0B7) is in none" in str(caught.value)


def test_a_title_with_latex_math_is_typeset_with_the_math_font(data_dir: Path) -> None:
    """Math in a title as DBLP exports it becomes math letters (𝒪, U+1D4AA) that text fonts lack: the
    embedded math font shows them, and a CJK name (in no font) is still the located error."""
    with (data_dir / "publications.bib").open("a", encoding="utf-8") as bib:
        bib.write(
            "\n@inproceedings{DBLP:conf/engines/Babbage1850,\n"
            "  author    = {Charles Babbage and Ada Lovelace},\n"
            "  title     = {Sorting in {$\\mathcal{O}(n \\log n)$} Time with {$\\epsilon$}-Bounds {$\\leq 1$}},\n"
            "  booktitle = {Proceedings of Engines},\n  year      = {1850},\n}\n"
        )
    data = load_site_data(data_dir)
    (paper,) = [p for p in data.publications if p.key == "DBLP:conf/engines/Babbage1850"]
    assert "\U0001d4aa" in paper.title  # 𝒪: the case under test
    pdf, _ = cv.typst_pdf(cv.cv_document(data, options(data_dir)), cv.TEMPLATE)
    path = data_dir / "cv.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    assert " ".join(paper.title.split()) in " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("NewCMMath" in name for name in fonts), fonts
    people = data_dir / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("Charles Babbage", "张浩"), encoding="utf-8")
    data = load_site_data(data_dir)
    with pytest.raises(cv.CVError, match=r"people\.yaml, entry .*U\+5F20.*New Computer Modern Math.*labsite_cv_fonts"):
        cv.typst_pdf(cv.cv_document(data, options(data_dir)), cv.TEMPLATE)


def test_the_pdf_is_the_same_bytes_every_time_and_dated_from_the_data(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = load_site_data(data_dir)
    first, _ = cv.typst_pdf(cv.cv_document(data, options(data_dir)), cv.TEMPLATE)
    second, _ = cv.typst_pdf(cv.cv_document(data, options(data_dir)), cv.TEMPLATE)
    assert first == second
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2031, 5, 17, tzinfo=UTC).timestamp())))
    dated, _ = cv.typst_pdf(cv.cv_document(data, options(data_dir)), cv.TEMPLATE)
    path = data_dir / "cv.pdf"
    path.write_bytes(dated)
    reader = PdfReader(path)
    assert reader.metadata.creation_date.date() == datetime(2031, 5, 17).date()
    assert "Last updated: May 2031" in " ".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("us-letter", (612, 792))])
def test_the_paper_size_is_a_setting(data_dir: Path, paper: str, size: tuple[int, int]) -> None:
    data = load_site_data(data_dir)
    pdf, _ = cv.typst_pdf(cv.cv_document(data, options(data_dir, paper=paper)), cv.TEMPLATE)
    path = data_dir / "cv.pdf"
    path.write_bytes(pdf)
    box = PdfReader(path).pages[0].mediabox
    assert (round(box.width), round(box.height)) == size


def test_json_resume_of_another_lab_is_valid(data_dir: Path) -> None:
    data = load_site_data(data_dir)
    resume = cv.json_resume(data, options(data_dir, homepage="https://lab.example.org/"))
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(resume)
    assert data.profile is not None and resume["basics"]["name"] == data.profile.name
    assert "email" not in resume["basics"] and "location" not in resume["basics"]


def add_records(path: Path, key: str, records: list[dict[str, str]]) -> None:
    """Append `records` to the list `key` of the YAML file `path`."""
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    content[key] += records
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_large_labs_short_cv_cuts_its_long_lists_to_two_pages_and_says_what_it_left_out(data_dir: Path) -> None:
    """Hundreds of recent talks and current students (as a large lab's talks.yaml and people.yaml):
    the short CV still fits two pages with its papers; it shows the newest talks and the first
    students of each group, and says how many more the full CV has, linked to it."""
    talks = [
        {"type": "talk", "venue": f"Seminar {i:03d}", "date": "05/2024", "title": f"Engines {i:03d}"}
        for i in range(300)
    ]
    add_records(data_dir / "talks.yaml", "talks", talks)
    students = [
        {"id": f"student-{i:03d}", "name": f"Student {i:03d}", "role": "phd", "start": "09/2023"} for i in range(400)
    ]
    add_records(data_dir / "people.yaml", "members", students)
    data = load_site_data(data_dir)
    short = cv.CVFilter(papers="all", talk_months=12, students="current", sections=cv.SECTION_IDS)
    full_cv = "https://lab.example.org/cv.pdf"
    pdf, pages = cv.short_cv_pdf(data, options(data_dir, filter=short, full_cv=full_cv), cv.TEMPLATE)
    assert pages <= 2
    path = data_dir / "cv-short.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    whole = cv.cv_document(data, options(data_dir, filter=replace(short, sections=("talks", "students"))))
    for section in whole.sections:
        items = [item.title for group in section.groups for item in group.items]
        assert len(items) > 100  # the case under test: far too many for two pages
        shown = [title for title in items if title in text]
        assert shown and len(shown) < len(items)
        if section.id == "talks":
            assert shown == items[: len(shown)]  # the newest
        assert f"and {len(items) - len(shown)} more in the full CV" in text, section.id
    assert all(paper.title in text for paper in data.publications)  # the papers come first
    uris = [annot.get_object()["/A"]["/URI"] for page in reader.pages for annot in page.get("/Annots") or []]
    assert full_cv in uris


def test_an_unknown_short_cv_section_names_the_setting() -> None:
    with pytest.raises(cv.CVError, match="labsite_cv_short_sections: unknown section 'papers'"):
        cv.CVFilter.from_settings("selected", 10, 12, "current", "positions, papers")


def test_a_service_of_many_years_keeps_its_entry_on_full_lines(data_dir: Path) -> None:
    """A committee served for 36 years: its years are wider than the line. The entry's text keeps the
    line's width (the years follow below it) instead of being squeezed into a column a word wide."""
    service = data_dir / "service.yaml"
    years = ", ".join(str(year) for year in range(1990, 2026))
    service.write_text(
        service.read_text(encoding="utf-8").replace("years: [2023, 2024]", f"years: [{years}]"), encoding="utf-8"
    )
    data = load_site_data(data_dir)
    (entry,) = [s for s in data.service.service if s.years and len(s.years) == 36]
    path = data_dir / "cv.pdf"
    path.write_bytes(cv.typst_pdf(cv.cv_document(data, options(data_dir)), cv.TEMPLATE)[0])
    lines = [line.strip() for page in PdfReader(path).pages for line in page.extract_text().splitlines()]
    assert f"{entry.role}, {entry.title}: {', '.join(entry.venues)}, {entry.note}" in lines
    assert years in " ".join(lines)


def test_the_short_cv_of_a_lab_that_marks_no_paper_selected_shows_its_newest_papers(data_dir: Path) -> None:
    """Entries as DBLP, Google Scholar and Zotero export them have no `selected` field: with the default
    ``labsite_cv_short_papers = "selected"`` the short CV shows the newest papers (up to its limit), not
    a Publications section left out for want of a mark."""
    data = load_site_data(data_dir)
    assert data.publications and not any(paper.selected for paper in data.publications)
    short = cv.CVFilter(papers="selected", paper_limit=10, talk_months=12, students="current")
    papers, _ = cv.short_cv_papers(data, options(data_dir, filter=short))
    assert papers == cv.select_papers(data.publications, "all")[:10]
    pdf, _ = cv.short_cv_pdf(data, options(data_dir, filter=short), cv.TEMPLATE)
    path = data_dir / "cv-short.pdf"
    path.write_bytes(pdf)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())
    assert "Publications" in text and all(" ".join(paper.title.split()) in text for paper in papers)
