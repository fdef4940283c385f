"""The CV: the /cv/ page, cv.pdf, cv-short.pdf and cv.json are made from the site's records at build
time, hold every record, publish no private contact detail, and come out the same from an
incremental build as from a clean one.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from labsite.content import cv as content_cv
from labsite.content.render import current_members
from labsite.data.builddate import build_datetime
from labsite.data.dataset import SiteData
from labsite.testing import build
from pypdf import PdfReader
from sitebuild import REPO, Build

#: the owner's hand-made CV (the content sources beside the repository; see the README of shared/content)
HAND_MADE_CV = REPO.parent / "shared" / "content" / "owner-site" / "cv.pdf"
#: JSON Resume v1.0.0's schema, shipped for offline tests (see labsite/tests/jsonresume/README.md)
JSON_RESUME_SCHEMA = REPO / "labsite" / "tests" / "jsonresume" / "schema.json"


def pdf_text(path: Path) -> str:
    """A PDF's text, white space collapsed."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def plain(value: str) -> str:
    return " ".join(value.split())


def conf_value(name: str) -> object:
    """A setting's value as written in the site's conf.py (a literal)."""
    tree = ast.parse((REPO / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise KeyError(name)


@pytest.fixture(scope="module")
def cv_text(site: Build) -> str:
    return pdf_text(site.outdir / "cv.pdf")


def test_cv_pdf_holds_every_paper_talk_member_award_and_course(site: Build, data: SiteData, cv_text: str) -> None:
    assert data.profile is not None
    expected = [p.title for p in data.publications]
    expected += [t.title or t.venue for t in data.talks.talks]
    expected += [m.name for m in current_members(data.people)]
    expected += [a.title for a in data.profile.awards]
    expected += [c.name for c in data.teaching.courses]
    expected += [s.title for s in data.service.service if s.title]
    expected += [p.position for p in data.experience.positions] + [d.institution for d in data.profile.education]
    missing = [value for value in expected if plain(value) not in cv_text]
    assert not missing


def test_cv_pdf_is_tagged_with_metadata_links_and_page_numbers(site: Build, data: SiteData, cv_text: str) -> None:
    assert data.profile is not None
    reader = PdfReader(site.outdir / "cv.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged for screen readers
    assert root["/Lang"] == "en"
    meta = reader.metadata
    assert data.profile.name in meta.title and meta.author == data.profile.name
    assert data.profile.name in meta.get("/Keywords", "")
    updated = build_datetime(data)
    assert meta.creation_date.date() == updated.date()  # the data's date, not the clock
    pages = len(reader.pages)
    assert f"Page 1 of {pages}" in cv_text and f"Page {pages} of {pages}" in cv_text
    assert f"Last updated: {updated:%B %Y}" in cv_text
    uris = {
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object()
    }
    for paper in data.publications:
        assert f"https://haozhang.ai/publications/{content_cv.rp.paper_slug(paper.key)}/" in uris
        assert paper.doi_url is None or paper.doi_url in uris
        assert paper.arxiv_url is None or paper.arxiv_url in uris
    size = reader.pages[0].mediabox
    assert (round(size.width), round(size.height)) == (612, 792)  # labsite_cv_paper = "us-letter"


def test_the_owner_is_highlighted_in_every_author_list(site: Build, data: SiteData) -> None:
    assert data.profile is not None
    cv = site.main("cv")
    owner = [tag for tag in cv.find_all("strong") if tag.get_text() == data.profile.name]
    with_owner = [p for p in data.publications if any(data.profile.name == a for a in p.authors)]
    assert len(owner) >= len(with_owner) > 0


def test_cv_page_shows_every_record_and_links_its_files(site: Build, data: SiteData) -> None:
    text = site.text("cv")
    for value in [p.title for p in data.publications] + [t.title or t.venue for t in data.talks.talks]:
        assert plain(value) in text
    for member in data.people.members:  # current members and alumni
        assert member.name in text
    for course in data.teaching.courses:
        assert course.name in text
    links = {a.get_text(): a["href"] for a in site.main("cv").find_all("a")}
    for label, name in (("CV (PDF)", "cv.pdf"), ("Short CV (PDF)", "cv-short.pdf"), ("JSON Resume", "cv.json")):
        assert (site.outdir / "cv" / links[label]).resolve() == (site.outdir / name).resolve()
        assert (site.outdir / name).is_file()
    home = site.soup("")
    assert home.find("a", href="cv.pdf", string="CV") is not None  # the profile card's CV: the generated PDF
    nav = site.soup("").find("div", class_="sidebar-tree")
    assert nav is not None and nav.find("a", href="cv/") is not None


def test_the_short_cv_follows_the_conf_filter_in_two_pages(site: Build, data: SiteData) -> None:
    short = site.outdir / "cv-short.pdf"
    assert len(PdfReader(short).pages) <= 2
    text = pdf_text(short)
    papers = text.split(" Publications ", 1)[1].split(" Talks and tutorials ", 1)[0]  # that section alone
    which, limit = conf_value("labsite_cv_short_papers"), conf_value("labsite_cv_short_paper_limit")
    assert isinstance(which, str) and isinstance(limit, int)
    selection = content_cv.select_papers(data.publications, which)[: limit or None]
    shown = [p for p in selection if plain(p.title) in papers]
    assert shown and shown == selection[: len(shown)]  # the newest of the selection that fit two pages
    others = [p for p in data.publications if p not in selection]
    assert not [p for p in others if plain(p.title) in papers and not any(plain(p.title) in c.title for c in shown)]
    for member in current_members(data.people):
        assert member.name in text


def test_cv_json_is_valid_json_resume(site: Build, data: SiteData) -> None:
    assert data.profile is not None
    resume = json.loads((site.outdir / "cv.json").read_text(encoding="utf-8"))
    schema = json.loads(JSON_RESUME_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(resume)
    assert resume["basics"]["name"] == data.profile.name
    assert len(resume["publications"]) == len(data.publications)
    assert len(resume["work"]) == len(data.experience.positions)
    assert {a["title"] for a in resume["awards"]} == {a.title for a in data.profile.awards}


def private_details() -> list[re.Pattern[str]]:
    """The phone number and street address of the owner's hand-made CV, read from it (never written
    in the repository), as patterns that also match other spacings and punctuation."""
    if not HAND_MADE_CV.is_file():  # e.g. a copy of the checkout in a temporary folder
        pytest.skip(f"the owner's hand-made CV (shared/content) is not beside the repository: {HAND_MADE_CV}")
    text = " ".join(page.extract_text() for page in PdfReader(HAND_MADE_CV).pages)
    phone = re.search(r"\(?(\d{3})\)?[\s.-]*(\d{3})[\s.-]*(\d{4})", text)
    street = re.search(r"(\d{3,5}) ([A-Z][a-z]+) (Dr|Drive|St|Street|Ave|Avenue)\b", text)
    assert phone and street, "the hand-made CV no longer has a phone number and street address to look for"
    return [
        re.compile(r"\(?{}\)?[\s.-]*{}[\s.-]*{}".format(*phone.groups())),
        re.compile(rf"{street.group(1)}\s+{street.group(2)}", re.IGNORECASE),
    ]


def test_no_published_file_has_the_phone_number_or_street_address(site: Build) -> None:
    patterns = private_details()
    found = []
    for path in sorted(site.outdir.rglob("*")):
        if path.suffix == ".pdf":
            content = pdf_text(path) + path.read_bytes().decode("latin-1")
        elif path.suffix in (".html", ".txt", ".xml", ".json", ".js", ".bib", ".css"):
            content = path.read_text(encoding="utf-8", errors="replace")
        else:
            continue
        found += [path.relative_to(site.outdir).as_posix() for pattern in patterns if pattern.search(content)]
    assert not found


def test_incremental_build_after_editing_records_writes_the_clean_builds_cv(tmp_path: Path) -> None:
    """Edit a service role and an award, build into the same folders, and compare with a clean build."""
    root = tmp_path / "src"
    root.mkdir()
    shutil.copy2(REPO / "conf.py", root / "conf.py")
    for folder in ("docs", "data"):
        shutil.copytree(REPO / folder, root / folder)
    outputs = ("cv/index.html", "cv.pdf", "cv-short.pdf", "cv.json")
    build(root / "docs", tmp_path / "inc", confdir=root)
    before = {name: (tmp_path / "inc" / name).read_bytes() for name in outputs}
    with (root / "data" / "service.yaml").open("a", encoding="utf-8") as f:
        f.write("  - kind: reviewing\n    role: Reviewer\n    venues: [Incremental Build Review]\n")
    profile = root / "data" / "profile.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace(
            "awards:\n", "awards:\n  - title: Incremental Build Award\n    year: 2026\n"
        ),
        encoding="utf-8",
    )
    build(root / "docs", tmp_path / "inc", confdir=root, fresh=False)
    build(root / "docs", tmp_path / "clean", confdir=root)
    for name in outputs:
        incremental, clean = (tmp_path / "inc" / name).read_bytes(), (tmp_path / "clean" / name).read_bytes()
        assert incremental == clean, name
        assert incremental != before[name], name  # the edit reached it
    assert "Incremental Build Award" in pdf_text(tmp_path / "inc" / "cv.pdf")
    assert "Incremental Build Review" in pdf_text(tmp_path / "inc" / "cv.pdf")


def quarter_steps(count: int) -> list[int]:
    """The paper counts the short CV tries, most first: a quarter fewer each time, down to none."""
    steps = [count]
    while steps[-1]:
        steps.append(max(0, steps[-1] - max(1, steps[-1] // 4)))
    return steps


def test_a_short_cv_too_long_keeps_the_most_papers_that_fit(data: SiteData) -> None:
    """All papers do not fit in two pages: the short CV holds the most of them that do (tried a quarter
    fewer at a time), the same PDF as typesetting each count in turn."""
    options = content_cv.CVOptions(
        updated=build_datetime(data), filter=content_cv.CVFilter(papers="all", sections=("positions", "publications"))
    )
    papers = content_cv.select_papers(data.publications, "all")
    whole = content_cv.cv_document(data, options, papers=papers)
    assert content_cv.typst_pdf(whole, content_cv.TEMPLATE)[1] > 2  # the case under test: not all fit
    expected = None
    for count in quarter_steps(len(papers)):
        document = content_cv.cv_document(data, options, papers=papers[:count])
        (section,) = [s for s in document.sections if s.id == "publications"]
        section.more = len(papers) - count  # "and N more in the full CV"
        pdf, pages = content_cv.typst_pdf(document, content_cv.TEMPLATE)
        if pages <= 2:
            expected = (pdf, pages, count)
            break
    assert expected is not None and expected[2] > 0
    pdf, pages = content_cv.short_cv_pdf(data, options, content_cv.TEMPLATE)
    assert (pdf, pages) == expected[:2]


def test_a_short_cv_that_cannot_fit_names_the_file_and_the_setting(data: SiteData, tmp_path: Path) -> None:
    template = tmp_path / "cv.typ"  # a template with huge type: even the records besides papers overflow
    template.write_text(content_cv.TEMPLATE.read_text(encoding="utf-8").replace("size: 10pt", "size: 60pt"))
    options = content_cv.CVOptions(
        updated=build_datetime(data), filter=content_cv.CVFilter(papers="all", sections=("positions", "publications"))
    )
    with pytest.raises(content_cv.CVError, match=r"cv-short\.pdf has \d+ pages without any paper.*labsite_cv_short"):
        content_cv.short_cv_pdf(data, options, template)


def test_the_cv_page_opens_with_its_person_for_paper(site: Build, data: SiteData) -> None:
    """The printed page has no site header: the CV page's first block is the person (name, title,
    contact line, links) as in cv.pdf, shown on paper only (tests/browser/test_browser_print.py)."""
    assert data.profile is not None
    section = site.main("cv").find("section")
    first = section.find(["div", "p", "ul"])
    assert "labsite-cv-header" in first["class"]
    paragraphs = [" ".join(p.get_text().split()) for p in first.find_all("p")]
    assert paragraphs[0] == data.profile.name and paragraphs[1].startswith(data.profile.title)
    assert f"Email: {data.profile.email}" in paragraphs[2] and first.find("a", href="https://haozhang.ai/")
    assert {a["href"] for a in first.find_all("a")} >= {link.url for link in data.profile.links}
