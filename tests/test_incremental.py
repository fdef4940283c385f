"""An incremental build writes exactly what a clean build of the same sources writes, byte for byte,
after any kind of edit, and leaves nothing the sources no longer produce.

Each case copies the site's sources (conf.py, docs/, data/) into a temporary folder, builds it, makes one
edit, builds again into the same folders (as `make html` and `make livehtml` do), and compares every
output file with a clean build of the edited sources.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from labsite.data.dataset import load_site_data
from labsite.testing import build
from test_readme_recipes import add_a_page

REPO = Path(__file__).resolve().parent.parent


def tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def copy_sources(destination: Path) -> Path:
    destination.mkdir(parents=True)
    shutil.copy2(REPO / "conf.py", destination / "conf.py")
    for folder in ("docs", "data"):
        shutil.copytree(REPO / folder, destination / folder, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    return destination


def site_build(root: Path, outdir: Path, fresh: bool) -> None:
    build(root / "docs", outdir, confdir=root, fresh=fresh)


# --- the edits ------------------------------------------------------------------------------------


def edit_a_page(root: Path) -> None:
    page = sorted(p for p in (root / "docs").glob("*.md") if p.stem not in ("index", "publications"))[0]
    with page.open("a", encoding="utf-8") as f:
        f.write("\n\nA paragraph added by the incremental-build test.\n")


def add_a_talk(root: Path) -> None:
    with (root / "data" / "talks.yaml").open("a", encoding="utf-8") as f:
        f.write('  - type: talk\n    venue: "Incremental Build Seminar"\n    date: "01/2020"\n')


def add_a_news_item(root: Path) -> None:
    """The README's recipe: the first item of data/news.yaml."""
    path = root / "data" / "news.yaml"
    text = path.read_text(encoding="utf-8") if path.is_file() else "news: []\n"
    item = '  - date: 2020-01-15\n    text: "A news item added by the *incremental-build* test."\n'
    path.write_text(text.replace("news: []", "news:\n" + item), encoding="utf-8")


def replace_the_profile_photo(root: Path) -> None:
    """A new photo file (another size and name) replaces the old one, as the README says."""
    from PIL import Image

    profile = root / "data" / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    old = yaml.safe_load(text)["photo"]
    (root / "docs" / old).unlink()
    Image.new("RGB", (1200, 800), (120, 60, 30)).save(root / "docs" / "images" / "new-photo.jpg", quality=90)
    profile.write_text(text.replace(f"photo: {old}", "photo: images/new-photo.jpg"), encoding="utf-8")


def _unreferenced_paper_key(root: Path) -> str:
    data = load_site_data(root / "data")
    others = "".join(p.read_text(encoding="utf-8") for p in (root / "data").glob("*.yaml"))
    others += "".join(p.read_text(encoding="utf-8") for p in (root / "docs").rglob("*.md"))
    return next(p.key for p in data.publications if p.key not in others)


def rename_a_paper_key(root: Path) -> None:
    key = _unreferenced_paper_key(root)
    bib = root / "data" / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(f"{{{key},", f"{{{key}renamed,", 1), encoding="utf-8")


def remove_a_paper(root: Path) -> None:
    key = _unreferenced_paper_key(root)
    bib = root / "data" / "publications.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index(f"{{{key},")
    start = text.rindex("@", 0, start)
    end = text.find("\n@", start + 1)
    bib.write_text(text[:start] + (text[end + 1 :] if end != -1 else ""), encoding="utf-8")


def change_a_setting(root: Path) -> None:
    conf = root / "conf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text.replace('html_title = "Hao Zhang"', 'html_title = "Hao Zhang (lab)"'), encoding="utf-8")
    assert "Hao Zhang (lab)" in conf.read_text(encoding="utf-8")


def shorten_the_publication_pages(root: Path) -> None:
    with (root / "conf.py").open("a", encoding="utf-8") as f:
        f.write("\nlabsite_publications_page_limit = 20\n")


def _entry_span(text: str, key: str) -> tuple[int, int]:
    """Where the BibTeX entry ``key`` starts (its ``{key,``) and ends in ``text``."""
    start = text.index(f"{{{key},")
    end = text.find("\n@", start)
    return start, len(text) if end == -1 else end


def change_a_venue_on_the_research_page(root: Path) -> None:
    """The venue of a paper a research project lists (the research page shows its venue line)."""
    areas = yaml.safe_load((root / "data" / "research-areas.yaml").read_text(encoding="utf-8"))["areas"]
    key = next(key for area in areas for project in area["projects"] if not project.get("hidden")
               for key in project.get("papers", []))  # fmt: skip
    bib = root / "data" / "publications.bib"
    text = bib.read_text(encoding="utf-8")
    start, end = _entry_span(text, key)
    venue = re.compile(r"^(\s*(?:booktitle|journal|howpublished)\s*=\s*\{)", re.MULTILINE | re.IGNORECASE)
    match = venue.search(text, start, end)
    assert match is not None, key
    bib.write_text(text[: match.end()] + "Workshop on Incremental Builds, " + text[match.end() :], encoding="utf-8")


def add_a_members_paper(root: Path) -> None:
    """A new paper of a current member with the owner, of the newest month: the member's paper count on
    the people page, the news of a new paper (home and news pages), the chart and the list's first page."""
    data = load_site_data(root / "data")
    member = next(m for m in data.people.members if m.is_current)
    newest = max(data.publications, key=lambda p: (p.year or 0, p.month or 0))
    entry = (
        "\n@inproceedings{incrementalbuild2099,\n"
        "  title = {{A Paper Added by the Incremental-Build Test}},\n"
        f"  author = {{{member.name} and Hao Zhang}},\n"
        "  booktitle = {Workshop on Incremental Builds},\n"
        f"  year = {{{newest.year}}},\n"
        f"  date = {{{newest.year}-{newest.month or 12:02d}}},\n"
        "}\n"
    )
    with (root / "data" / "publications.bib").open("a", encoding="utf-8") as f:
        f.write(entry)


def move_a_paper_to_another_year(root: Path) -> None:
    """A paper no page names moved to another year some papers have (the chart's bars change)."""
    key = _unreferenced_paper_key(root)
    papers = load_site_data(root / "data").publications
    paper = next(p for p in papers if p.key == key)
    year = next(p.year for p in papers if p.year and p.year != paper.year)
    bib = root / "data" / "publications.bib"
    text = bib.read_text(encoding="utf-8")
    start, end = _entry_span(text, key)
    entry = re.sub(
        r"^(\s*year\s*=\s*)[{\"]?\d{4}[}\"]?", rf"\g<1>{{{year}}}", text[start:end], count=1, flags=re.M | re.I
    )
    entry = re.sub(r"^\s*date\s*=.*\n", "", entry, flags=re.M | re.I)
    bib.write_text(text[:start] + entry + text[end:], encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {
    "a page": edit_a_page,
    "a toctree entry": add_a_page,  # the README's recipe
    "a data file": add_a_talk,
    "a news item": add_a_news_item,
    "the profile photo": replace_the_profile_photo,
    "a paper key renamed": rename_a_paper_key,
    "a paper removed": remove_a_paper,
    "a paper's venue on the research page": change_a_venue_on_the_research_page,
    "a member's new paper": add_a_members_paper,
    "a paper moved to another year": move_a_paper_to_another_year,
    "a conf.py value": change_a_setting,
    "a conf.py value that adds pages": shorten_the_publication_pages,
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_incremental_build_equals_a_clean_build(tmp_path: Path, edit: str) -> None:
    root = copy_sources(tmp_path / "site")
    incremental = tmp_path / "incremental" / "html"
    site_build(root, incremental, fresh=True)
    before = tree(incremental)

    EDITS[edit](root)
    site_build(root, incremental, fresh=False)
    clean = tmp_path / "clean" / "html"
    site_build(root, clean, fresh=True)

    got, expected = tree(incremental), tree(clean)
    assert sorted(set(got) - set(expected)) == [], "left behind: files a clean build does not write"
    assert sorted(set(expected) - set(got)) == [], "missing: files a clean build writes"
    assert sorted(name for name in expected if got[name] != expected[name]) == []
    assert got != before, "the edit changed the site"


def test_an_edited_theme_script_reaches_every_page(tmp_path: Path) -> None:
    """Pages carry the theme's scripts inline (labsite.sphinx.assets), so a changed theme file (an
    upgrade of furo, or a lab's own theme built on it) must be written into every page, also by an
    incremental build. The site is given a theme of its own that inherits furo and ships furo's script."""
    import furo

    root = copy_sources(tmp_path / "src")
    theme = root / "_themes" / "lab"
    (theme / "static" / "scripts").mkdir(parents=True)
    (theme / "theme.toml").write_text('[theme]\ninherit = "furo"\n', encoding="utf-8")
    script = theme / "static" / "scripts" / "furo.js"
    shutil.copy2(Path(furo.__file__).parent / "theme" / "furo" / "static" / "scripts" / "furo.js", script)
    with (root / "conf.py").open("a", encoding="utf-8") as f:
        f.write('\nhtml_theme = "lab"\nhtml_theme_path = ["_themes"]\n')
    incremental = tmp_path / "incremental"
    site_build(root, incremental, fresh=True)
    marker = "/* the lab's edit of its theme script */"
    script.write_text(script.read_text(encoding="utf-8").replace("(()=>{", "(()=>{" + marker, 1), encoding="utf-8")
    site_build(root, incremental, fresh=False)
    clean = tmp_path / "clean"
    site_build(root, clean, fresh=True)
    assert tree(incremental) == tree(clean)
    pages = [p for p in incremental.rglob("*.html") if "<article" in p.read_text(encoding="utf-8")]
    assert pages and all(marker in p.read_text(encoding="utf-8") for p in pages if p.parent.name != "search")


# --- one paper edited: only what shows it is written again (issue 18, item 5) ---------------------


def edit_a_paper_title(root: Path) -> tuple[str, str, str]:
    """Give a paper that no page names by its key a new title; returns (key, old title, new title)."""
    key = _unreferenced_paper_key(root)
    paper = next(p for p in load_site_data(root / "data").publications if p.key == key)
    bib = root / "data" / "publications.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index(f"{{{key},")
    end = text.find("\n@", start)
    end = len(text) if end == -1 else end
    entry = text[start:end]
    field = next(line for line in entry.splitlines() if line.strip().lower().startswith("title"))
    new = f"Edited by the incremental-build test {paper.title}"
    edited = entry.replace(field, f"  title = {{{new}}},", 1)
    bib.write_text(text[:start] + edited + text[end:], encoding="utf-8")
    return key, paper.title, new


def mtimes(root: Path) -> dict[str, int]:
    return {path.relative_to(root).as_posix(): path.stat().st_mtime_ns for path in root.rglob("*") if path.is_file()}


def output_page(doc: str) -> str:
    """The output page of document `doc` (the site's folder-per-page URLs)."""
    return f"{doc.removesuffix('index')}index.html" if doc.rpartition("/")[2] == "index" else f"{doc}/index.html"


def documents_reading(doctrees: Path, data_file: Path) -> set[str]:
    """Output pages of the documents that render records of `data_file` (Sphinx reads them again when
    the file changes: their dependency is on the file)."""
    import pickle

    with (doctrees / "environment.pickle").open("rb") as f:
        env = pickle.load(f)
    return {
        output_page(doc)
        for doc, files in env.dependencies.items()
        if any(Path(env.srcdir, name).resolve() == data_file.resolve() for name in files)
    }


def toctree_parents(doctrees: Path, pages: set[str]) -> set[str]:
    """Output pages of the documents whose toctree lists a document with an output page in `pages`:
    Sphinx writes them with it (its navigation shows the document's title)."""
    import pickle

    with (doctrees / "environment.pickle").open("rb") as f:
        env = pickle.load(f)
    return {output_page(parent) for doc, parents in env.files_to_rebuild.items() if output_page(doc) in pages
            for parent in parents}  # fmt: skip


def test_a_one_paper_edit_rewrites_only_the_pages_that_show_the_paper(tmp_path: Path) -> None:
    """After one paper's title is edited, the incremental build equals a clean build, the paper's page
    and the list pages showing it are written again, and every other page keeps its file (its mtime):
    only pages that a no-op build writes anyway (Sphinx's search page, redirects), the documents that
    render the publications file (their dependency is on the file) and the toctree parents of documents
    written again (Sphinx writes them with them) are written besides."""
    root = copy_sources(tmp_path / "site")
    incremental = tmp_path / "incremental" / "html"
    site_build(root, incremental, fresh=True)
    start = mtimes(incremental)
    site_build(root, incremental, fresh=False)  # a no-op build: what it writes anyway
    always = {name for name, mtime in mtimes(incremental).items() if start.get(name) != mtime}
    before, written_before = tree(incremental), mtimes(incremental)

    key, _, new = edit_a_paper_title(root)
    site_build(root, incremental, fresh=False)
    clean = tmp_path / "clean" / "html"
    site_build(root, clean, fresh=True)
    got, expected = tree(incremental), tree(clean)
    assert sorted(set(got) ^ set(expected)) == []
    assert sorted(name for name in expected if got[name] != expected[name]) == []

    after = mtimes(incremental)
    rewritten = {name for name in after if written_before.get(name) != after[name]}
    changed = {name for name in got if before.get(name) != got[name]}
    pages = {name for name in got if name.endswith(".html")}
    showing = {name for name in pages if new in (incremental / name).read_text(encoding="utf-8")}
    assert any(key in name for name in showing), "the paper's own page shows the new title"
    assert showing <= rewritten
    doctrees = tmp_path / "incremental" / "html-doctrees"
    readers = documents_reading(doctrees, root / "data" / "publications.bib")
    parents = toctree_parents(doctrees, rewritten & pages)
    needless = sorted((rewritten & pages) - changed - always - readers - parents)
    assert needless == [], "pages not showing the paper were written again"
    assert len(rewritten & pages) < len(pages) / 4


def reference_a_paper_by_role(root: Path, key: str) -> None:
    page = sorted(p for p in (root / "docs").glob("*.md") if p.stem not in ("index", "publications"))[0]
    with page.open("a", encoding="utf-8") as f:
        f.write(f"\n\nSee {{labsite:paper}}`{key}`.\n")


def test_a_page_naming_a_paper_by_role_shows_its_edited_title(tmp_path: Path) -> None:
    """A page that names a paper with ``:labsite:paper:`` shows its title: editing the title in the
    BibTeX file rewrites that page (it is read from the domain, not from the page's source)."""
    root = copy_sources(tmp_path / "site")
    key = _unreferenced_paper_key(root)
    reference_a_paper_by_role(root, key)
    incremental = tmp_path / "incremental" / "html"
    site_build(root, incremental, fresh=True)
    _, _, new = edit_a_paper_title(root)
    site_build(root, incremental, fresh=False)
    clean = tmp_path / "clean" / "html"
    site_build(root, clean, fresh=True)
    assert tree(incremental) == tree(clean)
    assert sum(new in p.read_text(encoding="utf-8") for p in incremental.rglob("*.html")) >= 3


def test_a_paper_edit_that_breaks_a_link_fails_every_build_until_fixed(tmp_path: Path) -> None:
    """A page links a paper by its key; renaming the key in the BibTeX file makes that link warn (a
    strict build fails), and the next build, with nothing changed, warns again; fixing it builds clean."""
    root = copy_sources(tmp_path / "site")
    key = _unreferenced_paper_key(root)
    reference_a_paper_by_role(root, key)
    out = tmp_path / "html"
    assert build(root / "docs", out, confdir=root).warnings == ""
    bib = root / "data" / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(f"{{{key},", f"{{{key}renamed,", 1), encoding="utf-8")
    for _ in range(2):
        warnings = build(root / "docs", out, confdir=root, fresh=False, strict=False).warnings
        assert f"reference target not found: {key}" in warnings
    bib.write_text(bib.read_text(encoding="utf-8").replace(f"{{{key}renamed,", f"{{{key},", 1), encoding="utf-8")
    assert build(root / "docs", out, confdir=root, fresh=False).warnings == ""


def test_a_no_op_build_does_not_parse_the_bibtex_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The validated records are cached in the doctree folder, keyed by the data files' contents
    (labsite.data.datacache): a build with nothing changed parses no BibTeX; an edited file is parsed."""
    from labsite.data import bibtex

    root = copy_sources(tmp_path / "site")
    out = tmp_path / "html"
    site_build(root, out, fresh=True)
    parsed: list[Path] = []
    real = bibtex.load_bibtex
    monkeypatch.setattr(bibtex, "load_bibtex", lambda path, *a, **k: parsed.append(path) or real(path, *a, **k))
    site_build(root, out, fresh=False)
    assert parsed == []
    edit_a_paper_title(root)  # (reads the data itself)
    parsed.clear()
    site_build(root, out, fresh=False)
    assert parsed == [root / "data" / "publications.bib"]


def test_only_an_edited_papers_page_has_its_search_terms_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search index terms of the pages written from data are kept between builds in the doctree folder
    (labsite.sphinx.search.PageTerms): a no-op build makes none, an edit of one paper's title makes those
    of that paper's page only (the index still equals a clean build's: the tests above)."""
    from labsite.content.publications import paper_slug
    from labsite.sphinx import search

    root = copy_sources(tmp_path / "site")
    out = tmp_path / "html"
    made: list[str] = []
    real = search.page_terms
    monkeypatch.setattr(search, "page_terms", lambda lang, page: made.append(page.pagename) or real(lang, page))
    site_build(root, out, fresh=True)
    assert len(made) > len(load_site_data(root / "data").publications)  # each paper's page, topics, members
    made.clear()
    site_build(root, out, fresh=False)
    assert made == []
    key, _, _ = edit_a_paper_title(root)
    made.clear()
    site_build(root, out, fresh=False)
    assert len(made) == 1 and made[0].endswith("/" + paper_slug(key)), made


def test_the_cv_is_typeset_again_only_when_what_it_shows_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """cv.pdf and cv-short.pdf register what they show with the ``labsite`` domain (labsite.sphinx.cv):
    a no-op build and an edit of a page the CV does not show typeset neither PDF again (the files keep
    their bytes and mtimes); a paper's edited title typesets the full CV again, with the bytes of a clean
    build."""
    from labsite.content import cv

    root = copy_sources(tmp_path / "site")
    out = tmp_path / "incremental" / "html"
    site_build(root, out, fresh=True)
    files = sorted(path.name for path in out.glob("cv*.*"))
    assert "cv.pdf" in files and "cv-short.pdf" in files
    typeset: list[bool] = []  # `short` of every document typeset
    real = cv.typst_pdf
    monkeypatch.setattr(
        cv, "typst_pdf", lambda document, *a, **k: typeset.append(document.short) or real(document, *a, **k)
    )
    written = {name: (out / name).stat().st_mtime_ns for name in files}
    site_build(root, out, fresh=False)
    edit_a_page(root)
    site_build(root, out, fresh=False)
    assert typeset == []
    assert {name: (out / name).stat().st_mtime_ns for name in files} == written

    edit_a_paper_title(root)
    site_build(root, out, fresh=False)
    assert False in typeset, "the full CV, which lists every paper, is typeset again"
    clean = tmp_path / "clean" / "html"
    site_build(root, clean, fresh=True)
    assert {name: (out / name).read_bytes() for name in files} == {name: (clean / name).read_bytes() for name in files}


def test_a_one_paper_edit_makes_only_that_papers_record_and_citation_item_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each BibTeX entry's record and each paper's CSL-JSON item (the RIS and CSL-JSON downloads start
    from it) are kept between builds: after one paper's title is edited, only that entry is made into a
    record and only that paper's item is made again, and the site equals a clean build."""
    from labsite.content import citations
    from labsite.data import bibtex

    root = copy_sources(tmp_path / "site")
    out = tmp_path / "incremental" / "html"
    site_build(root, out, fresh=True)
    key, _, new = edit_a_paper_title(root)
    bib = root / "data" / "publications.bib"  # a title no other test gives it (records are kept in memory too)
    bib.write_text(bib.read_text(encoding="utf-8").replace(new, new + " for the record cache", 1), encoding="utf-8")
    records: list[str] = []
    items: list[str] = []
    real_record, real_item = bibtex._record, citations.csl_item
    monkeypatch.setattr(bibtex, "_record", lambda k, *a, **kw: records.append(k) or real_record(k, *a, **kw))
    monkeypatch.setattr(citations, "csl_item", lambda p: items.append(p.key) or real_item(p))
    site_build(root, out, fresh=False)
    assert records == [key]
    assert set(items) == {key}
    monkeypatch.undo()
    clean = tmp_path / "clean" / "html"
    site_build(root, clean, fresh=True)
    assert tree(out) == tree(clean)


# --- the CV page: its lists of records are filled in when it is written (issue 18, item 5) ----------

_READ = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (.+?)\s*$", re.MULTILINE)


def documents_read(status: str) -> set[str]:
    """The documents Sphinx reports reading in its log (`status`)."""
    return {name.strip() for found in _READ.findall(status) for name in found.split(" .. ")}


def cv_documents(root: Path) -> list[str]:
    """The documents of the site's sources that show the CV (the ``cv`` directive)."""
    docs = root / "docs"
    return sorted(
        str(path.relative_to(docs).with_suffix("")) for path in docs.rglob("*.md") if "{cv}" in path.read_text("utf-8")
    )


def test_a_one_paper_edit_writes_the_cv_page_without_reading_it_again(tmp_path: Path) -> None:
    """The CV page lists every paper, so an edited title must reach it; but its lists are filled in when
    the page is written, from the records (labsite.sphinx.cv): Sphinx does not read the page again (on a
    lab's 1,865 papers, reading it cost a fifth of the edit's build), and it equals a clean build's."""
    root = copy_sources(tmp_path / "site")
    [cv_doc] = cv_documents(root)
    incremental = tmp_path / "incremental" / "html"
    site_build(root, incremental, fresh=True)
    _, old, new = edit_a_paper_title(root)
    status = build(root / "docs", incremental, confdir=root, fresh=False).status
    assert cv_doc not in documents_read(status)
    page = (incremental / cv_doc / "index.html").read_text(encoding="utf-8")
    assert new in page and old not in page.replace(new, "")
    clean = tmp_path / "clean" / "html"
    site_build(root, clean, fresh=True)
    assert tree(incremental) == tree(clean)


def test_a_paper_of_a_new_year_reads_the_cv_page_again(tmp_path: Path) -> None:
    """The CV's papers are grouped under year headings (in the page's table of contents): a paper moved
    to a year no other paper has changes the page's outline, so the page is read again, and equals a
    clean build's."""
    root = copy_sources(tmp_path / "site")
    [cv_doc] = cv_documents(root)
    incremental = tmp_path / "incremental" / "html"
    site_build(root, incremental, fresh=True)
    key = _unreferenced_paper_key(root)
    papers = load_site_data(root / "data").publications
    year = min(p.year for p in papers) - 1
    bib = root / "data" / "publications.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index(f"{{{key},")
    match = re.compile(r"^(\s*year\s*=\s*)[{\"]?\d{4}[}\"]?", re.MULTILINE | re.IGNORECASE).search(text, start)
    assert match is not None, key
    bib.write_text(text[: match.start()] + f"{match.group(1)}{{{year}}}" + text[match.end() :], encoding="utf-8")
    status = build(root / "docs", incremental, confdir=root, fresh=False).status
    assert cv_doc in documents_read(status)
    assert f">{year}<" in (incremental / cv_doc / "index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean" / "html"
    site_build(root, clean, fresh=True)
    assert tree(incremental) == tree(clean)


def test_a_one_paper_edit_reads_no_page_again_whose_read_content_is_unchanged(tmp_path: Path) -> None:
    """A paper's new title changes nothing the hand-written pages hold when read (the research page
    shows venues, the people page counts, the chart years and topics, the news and publication lists are
    filled in when written): Sphinx reads none of them again (on a lab's 1,865 papers, reading them cost
    a tenth of the edit's build), and the pages showing the title (the news and publication lists) are
    written again, equal to a clean build's."""
    root = copy_sources(tmp_path / "site")
    incremental = tmp_path / "incremental" / "html"
    site_build(root, incremental, fresh=True)
    _, _, new = edit_a_paper_title(root)
    status = build(root / "docs", incremental, confdir=root, fresh=False).status
    assert documents_read(status) == set()
    assert any(new in page.read_text(encoding="utf-8") for page in incremental.glob("*/index.html"))
    clean = tmp_path / "clean" / "html"
    site_build(root, clean, fresh=True)
    assert tree(incremental) == tree(clean)


@pytest.mark.parametrize(
    ("edit", "pages"),
    [
        (change_a_venue_on_the_research_page, {"research"}),
        (add_a_members_paper, {"people/index", "news", "publications"}),
        (move_a_paper_to_another_year, {"publications"}),
    ],
)
def test_a_paper_edit_reads_again_the_pages_whose_read_content_it_changes(
    tmp_path: Path, edit: Callable[[Path], None], pages: set[str]
) -> None:
    """What a page holds when read changes: a venue the research page shows, a member's paper count and
    the news page's first items (a new paper), the chart's bars (a paper of another year): the page is read
    again (and the incremental build equals a clean one: `test_an_incremental_build_equals_a_clean_build`)."""
    root = copy_sources(tmp_path / "site")
    incremental = tmp_path / "incremental" / "html"
    site_build(root, incremental, fresh=True)
    edit(root)
    status = build(root / "docs", incremental, confdir=root, fresh=False).status
    assert pages <= documents_read(status)
