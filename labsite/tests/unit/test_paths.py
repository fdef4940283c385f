"""Paths from data stay inside the site's pages folder (labsite.data.paths). No Sphinx."""

from __future__ import annotations

import os
import re
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from labsite.data.dataset import load_site_data
from labsite.data.paths import MissingFile, PathProblem, check_site_paths, clean_path, site_file
from labsite.data.problems import DataError
from PIL import Image


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` pixels (its pixel data is left out: never decoded)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A repository: pages in docs/ (an image, a PDF), a secret beside them, a file outside it."""
    repo = tmp_path / "repo"
    (repo / "docs" / "images").mkdir(parents=True)
    (repo / "docs" / "files").mkdir()
    Image.new("RGB", (4, 4), "red").save(repo / "docs" / "images" / "me.png")
    (repo / "docs" / "files" / "cv.pdf").write_bytes(b"%PDF-1.4\n")
    (repo / "docs" / "files" / "notes.txt").write_text("not an image")
    (repo / ".git").mkdir()
    (repo / ".git" / "config").write_text("[remote]\n")
    (tmp_path / "outside.txt").write_text("secret")
    return repo


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("../.git/config", "goes up a folder"),
        ("../../../../../etc/passwd", "goes up a folder"),
        ("files/../../README.md", "goes up a folder"),
        ("/etc/passwd", "absolute"),
        ("C:/Windows/win.ini", "absolute"),
        ("file:///etc/passwd", "is a URL"),
        ("https://example.org/me.png", "is a URL"),
        (".git/config", "hidden"),
        ("files/.env", "hidden"),
        ("files\\cv.pdf", "contains"),
        ("files/cv.pdf\x00.png", "contains"),
        ("", "is empty"),
        ("./", "names a folder"),
    ],
)
def test_a_path_out_of_the_site_is_refused_with_the_reason(site: Path, value: str, reason: str) -> None:
    with pytest.raises(PathProblem, match=reason):
        site_file(site / "docs", value)


def test_a_path_inside_the_pages_folder_is_the_resolved_file(site: Path) -> None:
    assert site_file(site / "docs", "./files//cv.pdf") == (site / "docs" / "files" / "cv.pdf").resolve()
    assert site_file(site / "docs", "cv.pdf", "files") == (site / "docs" / "files" / "cv.pdf").resolve()
    assert clean_path("./images/my photo.png") == "images/my photo.png"


def test_symlinks_leaving_the_pages_folder_are_refused_wherever_they_point(site: Path) -> None:
    files = site / "docs" / "files"
    (files / "passwd.pdf").symlink_to("/etc/passwd")
    (files / "git.pdf").symlink_to(site / ".git" / "config")  # inside the repository, outside the pages
    (files / "up").symlink_to(site.parent, target_is_directory=True)
    (files / "same.pdf").symlink_to(files / "cv.pdf")  # inside: fine
    for name in ("passwd.pdf", "git.pdf", "up/outside.txt"):
        with pytest.raises(PathProblem, match="leads outside the site's pages folder"):
            site_file(site / "docs", name, "files")
    assert site_file(site / "docs", "same.pdf", "files") == (files / "cv.pdf").resolve()


def test_a_photo_must_be_an_image_pillow_opens(site: Path) -> None:
    with pytest.raises(PathProblem, match="not an image"):
        site_file(site / "docs", "files/notes.txt", kind="image")
    with pytest.raises(MissingFile, match=re.escape("no file 'images/mee.png'")):
        site_file(site / "docs", "images/mee.png", kind="image")
    assert site_file(site / "docs", "images/me.png", kind="image").name == "me.png"


def test_an_image_over_pillows_limit_is_a_problem_naming_the_file(site: Path) -> None:
    """A header claiming 30,000 x 30,000 pixels (DecompressionBombError) and one just over the limit
    (DecompressionBombWarning): both refused by name, nothing decoded."""
    images = site / "docs" / "images"
    (images / "bomb.png").write_bytes(png_header(30_000, 30_000))
    (images / "big.png").write_bytes(png_header(10_000, 10_000))  # over 89 MP: Pillow's warning
    for name in ("bomb.png", "big.png"):
        with pytest.raises(PathProblem, match=re.escape(f"image '{name}' is too large for Pillow")):
            site_file(site / "docs", f"images/{name}", kind="image")


PROFILE = """\
name: Ada Lovelace
title: Professor
photo: {photo}
cv: {cv}
"""


def test_labsite_check_blames_the_profile_line_and_field(site: Path) -> None:
    data = site / "data"
    data.mkdir()
    (data / "profile.yaml").write_text(PROFILE.format(photo="images/mee.png", cv="../.git/config"))
    with pytest.raises(DataError) as refused:
        load_site_data(data)  # the `..` is refused with the other problems of the file
    (problem,) = refused.value.problems
    assert (problem.file.name, problem.line, problem.field) == ("profile.yaml", 4, "cv")
    assert "path '../.git/config' goes up a folder" in problem.message
    (data / "profile.yaml").write_text(PROFILE.format(photo="images/mee.png", cv="files/cv.pdf"))
    problems = [str(p) for p in check_site_paths(load_site_data(data), site / "docs")]
    assert len(problems) == 1 and "profile.yaml:3: field 'photo': no file 'images/mee.png'" in problems[0]


# --- property: no path, however odd, reaches a file outside the pages folder ------------------------

PARTS = st.sampled_from(["..", ".", "", "files", "images", "cv.pdf", "me.png", "up", "out", "x", "%2e%2e", "~"])
ODD = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
PATHS = st.one_of(
    st.lists(st.one_of(PARTS, ODD), min_size=1, max_size=6).map("/".join),
    st.lists(PARTS, min_size=1, max_size=6).map(lambda parts: "/" + "/".join(parts)),
    st.text(max_size=20),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=PATHS, folder=st.sampled_from(["", "files", "images"]))
def test_no_path_from_data_resolves_outside_the_pages_folder(site: Path, value: str, folder: str) -> None:
    pages = site / "docs"
    files = pages / "files"
    if not (files / "up").exists():
        (files / "up").symlink_to(site.parent, target_is_directory=True)
        (files / "out").symlink_to(site.parent / "outside.txt")
    try:
        found = site_file(pages, value, folder)
    except PathProblem:
        return
    real_pages = Path(os.path.realpath(pages))
    assert found.is_relative_to(real_pages) and found.is_file()
    assert found == Path(os.path.realpath(found))  # no symlink left to follow


BIB = """\
@inproceedings{{ada2024,
  title = {{A Paper}},
  author = {{Lovelace, Ada}},
  booktitle = {{Example Conference}},
  year = {{2024}},
  {field} = {{{value}}},
}}
"""


@pytest.mark.parametrize(("field", "value"), [("pdf", "passwd.pdf"), ("html", "passwd.html"), ("preview", "x.png")])
def test_a_papers_file_linked_out_of_the_site_is_a_problem_of_its_entry(site: Path, field: str, value: str) -> None:
    """al-folio's relative `pdf`, `html` (and `supp`, `poster`, `slides`) and `preview`: a symlink out."""
    folder = site / "docs" / ("images" if field == "preview" else "files")
    (folder / value).symlink_to(site.parent / "outside.txt")
    data = site / "data"
    data.mkdir()
    (data / "publications.bib").write_text(BIB.format(field=field, value=value), encoding="utf-8")
    (problem,) = check_site_paths(load_site_data(data), site / "docs")
    assert (problem.file.name, problem.line, problem.entry, problem.field) == ("publications.bib", 1, "ada2024", field)
    assert "leads outside the site's pages folder" in problem.message
