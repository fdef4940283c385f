"""The ``labsite`` domain: records and where pages show them, cross-references, incremental and
parallel builds (``roots/test-formats``, MyST half)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from labsite.data.dataset import talk_id
from labsite.sphinx.domain import labsite_domain
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-formats"
MD_ONLY = {"nitpicky": True, "exclude_patterns": ["_build", "rst/*"], "labsite_publications_doc": "md/publications"}


def make(srcdir: Path, parallel: int = 0, **overrides) -> SphinxTestApp:
    """A strict dirhtml build of the MyST half of a copy of test-formats in ``srcdir``."""
    if not srcdir.exists():
        shutil.copytree(ROOT, srcdir)
    return SphinxTestApp(
        "dirhtml", srcdir=srcdir, confoverrides={**MD_ONLY, **overrides}, parallel=parallel, warningiserror=True
    )


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` -> the SHA-256 of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.mark.sphinx("dirhtml", testroot="formats", confoverrides=MD_ONLY)
def test_directives_note_each_record_where_it_is_shown(app: SphinxTestApp) -> None:
    app.build()
    domain = labsite_domain(app.env)
    site = domain.site
    for member in site.people.members:
        assert domain.where("member", member.id) == ("md/people", f"member-{member.id}")
    for talk in site.talks.talks:  # the full list, not the recent-talks list on the same page
        assert domain.where("talk", talk_id(talk)) == ("md/talks", f"talk-{talk_id(talk)}")
    for project in site.projects.projects:
        assert domain.where("project", project.id) == ("md/projects", f"project-{project.id}")
    assert {o[0] for o in domain.get_objects() if o[2] == "member"} == {m.id for m in site.people.members}


@pytest.mark.sphinx("dirhtml", testroot="formats", confoverrides=MD_ONLY)
def test_roles_link_to_the_page_and_anchor_showing_the_record(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((Path(app.outdir) / "md" / "links" / "index.html").read_text(), "html.parser")
    hrefs = {a.get_text(): a["href"] for a in page.find("article").find_all("a", class_="reference")}
    assert hrefs["The notes"] == "../publications/#pub-lovelace1843notes"
    assert hrefs["Babbage's papers"] == "../publications/author/charles-babbage/"
    assert hrefs["Mary"] == "../people/#member-mary-somerville"
    assert hrefs["The keynote"] == "../talks/#talk-2024-05-engine-conference-2024"
    assert hrefs["The engine"] == "../projects/#project-engine"
    assert hrefs["Machines"] == "../research/#area-machines"


def test_an_unknown_record_is_a_warning_naming_it(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    (src / "md" / "links.md").write_text("# Links\n\n{labsite:member}`Nobody <nobody>`\n")
    app = make(src, warningiserror=False)
    try:
        app.build()
    finally:
        app.cleanup()
    assert "labsite:member reference target not found: nobody" in app.warning.getvalue()


def test_removing_a_page_forgets_what_it_showed(tmp_path: Path) -> None:
    src = tmp_path / "src"
    app = make(src)
    try:
        app.build()
    finally:
        app.cleanup()
    assert labsite_domain(app.env).where("project", "engine") is not None
    (src / "md" / "projects.md").unlink()
    (src / "md" / "links.md").write_text("# Links\n")
    again = make(src)
    try:
        again.build()
    finally:
        again.cleanup()
    assert again.warning.getvalue() == ""
    assert labsite_domain(again.env).where("project", "engine") is None
    assert labsite_domain(again.env).where("talk", "2024-05-engine-conference-2024") is not None


def test_parallel_and_serial_builds_are_byte_identical(tmp_path: Path) -> None:
    trees = []
    for parallel in (0, 2):
        app = make(tmp_path / f"j{parallel}", parallel=parallel)
        try:
            app.build()
        finally:
            app.cleanup()
        assert app.warning.getvalue() == ""
        if parallel:
            assert labsite_domain(app.env).where("member", "charles-babbage") == ("md/people", "member-charles-babbage")
        trees.append(tree(Path(app.outdir)))
    serial, parallel_ = trees
    assert sorted(serial) == sorted(parallel_)
    assert [name for name in serial if serial[name] != parallel_[name]] == []
