"""A lab's site with hostile or careless data: nothing outside the pages folder is published, every
problem is located (file, line, entry, field), and the output is what a clean build would write."""

from __future__ import annotations

import codecs
import re
import struct
import zlib
from pathlib import Path

import pytest
from labsite.data.bibtex import load_bibtex
from labsite.quickstart import main
from labsite.sphinx.data import DataFileError
from labsite.testing import build
from PIL import Image

PAPERS = """
@inproceedings{{first{n},
  title = {{Paper {n}}},
  author = {{Student, First}},
  booktitle = {{Example Conference}},
  year = {{2024}},
  pdf = {{{pdf}}},
  comment = {{private note {n}: do not publish}},
}}
"""


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` pixels (no real pixel data: never decoded)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.fixture
def lab(tmp_path: Path) -> Path:
    """A quickstart site in a repository (with a .git/config beside the pages), a photo whose name has a
    space, a CV, and papers whose PDFs are in docs/files (al-folio's `pdf = {name.pdf}`)."""
    site = tmp_path / "repo"
    assert main([str(site), "--title", "Loom Lab", "--owner", "Ada Lovelace"]) == 0
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text("[remote 'origin']\n\turl = secret\n", encoding="utf-8")
    (site / "docs" / "images").mkdir()
    (site / "docs" / "files").mkdir()
    Image.new("RGB", (300, 300), "teal").save(site / "docs" / "images" / "my photo.png")
    (site / "docs" / "files" / "cv.pdf").write_bytes(b"%PDF-1.4 cv\n")
    profile = site / "data" / "profile.yaml"
    kept = [
        line
        for line in profile.read_text(encoding="utf-8").splitlines()
        if not line.startswith(("photo:", "cv:"))  # the skeleton's cv names the CV the build typesets
    ]
    profile.write_text("\n".join(kept) + '\nphoto: "images/my photo.png"\ncv: files/cv.pdf\n', encoding="utf-8")
    for n in (1, 2):
        (site / "docs" / "files" / f"paper{n}.pdf").write_bytes(f"%PDF-1.4 paper {n}\n".encode())
        add_paper(site, n, f"paper{n}.pdf")
    return site


def add_paper(site: Path, n: int, pdf: str) -> None:
    bib = site / "data" / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + PAPERS.format(n=n, pdf=pdf), encoding="utf-8")


def set_profile(site: Path, field: str, value: str) -> int:
    """Set a field of profile.yaml; returns its line."""
    profile = site / "data" / "profile.yaml"
    lines = [line for line in profile.read_text(encoding="utf-8").splitlines() if not line.startswith(f"{field}:")]
    lines.append(f"{field}: {value}")
    profile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def site_build(site: Path, out: str = "html", **options: object):
    return build(site / "docs", site / "_build" / out, confdir=site, **options)


def published(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cv", "../.git/config", "path '../.git/config' goes up a folder"),
        ("cv", "../../../../../../../../etc/passwd", "goes up a folder"),
        ("cv", "/etc/passwd", "is absolute"),
        ("photo", "../README.md", "goes up a folder"),
        ("photo", "conf.py", "no file 'conf.py' in the pages folder"),
        ("photo", "images/my-photo.png", "no file 'images/my-photo.png'"),  # a typo: blamed on the data
        ("photo", "files/cv.pdf", "'cv.pdf' is not an image"),
    ],
)
def test_a_profile_path_out_of_the_site_or_wrong_is_a_located_error(
    lab: Path, field: str, value: str, message: str
) -> None:
    line = set_profile(lab, field, value)
    with pytest.raises(DataFileError) as refused:
        site_build(lab)
    shown = str(refused.value)
    assert f"data/profile.yaml:{line}: field '{field}': " in shown and message in shown, shown
    assert "docs/index.md" not in shown
    out = lab / "_build" / "html"
    assert not any(b"secret" in data or b"root:" in data for data in published(out).values()) if out.exists() else True


def test_a_symlink_in_the_files_folder_pointing_outside_is_refused(lab: Path) -> None:
    outside = lab.parent / "outside.txt"
    outside.write_text("root:x:0:0:secret\n", encoding="utf-8")
    (lab / "docs" / "files" / "passwd.pdf").symlink_to(outside)
    (lab / "docs" / "files" / "git.pdf").symlink_to(lab / ".git" / "config")
    add_paper(lab, 3, "passwd.pdf")
    add_paper(lab, 4, "git.pdf")
    with pytest.raises(DataFileError) as refused:
        site_build(lab)
    shown = str(refused.value)
    bib = (lab / "data" / "publications.bib").read_text(encoding="utf-8").splitlines()
    for n in (3, 4):
        line = bib.index(f"@inproceedings{{first{n},") + 1
        assert f"data/publications.bib:{line}: entry 'first{n}', field 'pdf': " in shown, shown
    assert shown.count("leads outside the site's pages folder") == 2


def test_a_photo_over_pillows_limit_names_the_file_and_the_record(lab: Path) -> None:
    (lab / "docs" / "images" / "huge.png").write_bytes(png_header(30_000, 30_000))
    line = set_profile(lab, "photo", "images/huge.png")
    with pytest.raises(DataFileError) as refused:
        site_build(lab)
    assert f"data/profile.yaml:{line}: field 'photo': image 'huge.png' is too large for Pillow" in str(refused.value)


def test_an_image_over_pillows_limit_in_a_page_is_a_located_warning_not_a_crash(lab: Path) -> None:
    (lab / "docs" / "images" / "huge.png").write_bytes(png_header(30_000, 30_000))
    page = lab / "docs" / "research.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n![A map](images/huge.png)\n", encoding="utf-8")
    result = site_build(lab, strict=False)
    assert re.search(r"research\.md:\d+: WARNING: image images/huge\.png .*too large for Pillow", result.warnings), (
        result.warnings
    )


def test_a_photo_whose_name_has_a_space_is_shown(lab: Path) -> None:
    """`photo: "images/my photo.png"`: the home page shows the photo, not raw Markdown."""
    result = site_build(lab)
    photo = result.soup().find("img", class_="labsite-photo")
    assert photo is not None and photo["src"].startswith("_images/"), result.soup().find(class_="labsite-profile")
    assert (result.outdir / photo["src"]).is_file()
    assert "![" not in result.text()


def test_jabref_and_bibdesk_comment_is_published_nowhere(lab: Path) -> None:
    """`comment` (JabRef's and BibDesk's notes) is private like `comments`: not in the .bib download,
    the pages (BibTeX blocks, paper pages) or their JSON-LD."""
    result = site_build(lab)
    everything = published(result.outdir)
    assert "publications.bib" in {Path(name).name for name in everything}
    assert not [name for name, data in everything.items() if b"private note" in data]


def test_published_files_are_those_of_a_clean_build_after_edits_and_deletions(lab: Path) -> None:
    """The data stops naming one PDF, whose file is deleted, and another PDF is revised: the rebuilt
    output's files/ is exactly a clean build's."""
    first = published(site_build(lab, fresh=False).outdir)
    assert {"files/paper1.pdf", "files/paper2.pdf"} <= set(first)
    bib = lab / "data" / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("pdf = {paper1.pdf}", "pdf = {paper2.pdf}"))
    (lab / "docs" / "files" / "paper1.pdf").unlink()
    (lab / "docs" / "files" / "paper2.pdf").write_bytes(b"%PDF-1.4 paper 2, revised\n")
    incremental = published(site_build(lab, fresh=False).outdir)
    clean = published(site_build(lab, out="clean").outdir)
    files = {name: data for name, data in incremental.items() if name.startswith("files/")}
    assert files == {name: data for name, data in clean.items() if name.startswith("files/")}
    assert files == {"files/paper2.pdf": b"%PDF-1.4 paper 2, revised\n"}


def test_a_base_url_without_its_slash_keeps_its_path(lab: Path) -> None:
    """`html_baseurl = "https://example.org/lab"`: sitemap.xml lists each page once, under /lab/, and
    og:url keeps the /lab/ path."""
    base = "https://example.org/lab"
    result = site_build(
        lab,
        extensions="labsite,sphinx_sitemap,sphinxext.opengraph",
        html_baseurl=base,
        ogp_site_url=base,
        sitemap_url_scheme="{link}",
        ogp_social_cards={"enable": False},
    )
    sitemap = (result.outdir / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs and len(locs) == len(set(locs))
    assert all(loc.startswith(base + "/") for loc in locs), locs
    assert f"{base}/people/" in locs
    og_url = result.soup("people").find("meta", property="og:url")["content"]
    assert og_url == f"{base}/people/"


def test_a_page_cannot_publish_a_file_from_outside_the_pages_folder(lab: Path) -> None:
    """The same rule for the paths pages give: a download up and out, an image symlinked to elsewhere."""
    outside = lab.parent / "secret.png"
    Image.new("RGB", (8, 8), "black").save(outside)
    (lab / "docs" / "images" / "linked.png").symlink_to(outside)
    page = lab / "docs" / "research.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n\n![A figure](images/linked.png)\n\n{download}`config <../.git/config>`\n",
        encoding="utf-8",
    )
    result = site_build(lab, strict=False)
    assert re.search(r"research\.md: WARNING: image '[^']*secret.png' leads outside the pages", result.warnings)
    assert re.search(r"research(\.md)?: WARNING: download '\.\./\.git/config' leads outside", result.warnings)
    secret = outside.read_bytes()
    for name, data in published(result.outdir).items():
        assert b"url = secret" not in data and data != secret, name


def save_as_windows_does(path: Path) -> None:
    """Rewrite `path` as Notepad, or Zotero's Better BibTeX on Windows, saves UTF-8: with a byte-order
    mark and CRLF line ends (a .bib without the skeleton's leading comment: an export starts with its
    first entry)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if path.suffix == ".bib":
        lines = lines[next(i for i, line in enumerate(lines) if line.startswith("@")) :]
    path.write_bytes(codecs.BOM_UTF8 + "\r\n".join([*lines, ""]).encode("utf-8"))


def test_data_saved_by_windows_tools_builds_and_a_mistake_keeps_its_line(lab: Path) -> None:
    """A new lab's data files all saved with a byte-order mark and CRLF line ends build as they are; a
    mistake in the first entry of such a .bib is reported on its line (before: on line 1)."""
    for path in (lab / "data").iterdir():
        save_as_windows_does(path)
    bib = lab / "data" / "publications.bib"
    papers = load_bibtex(bib)
    page = site_build(lab).text("publications")
    assert all(paper.title in page for paper in papers), page
    first = papers[0]
    bib.write_bytes(bib.read_bytes().replace(f"year = {{{first.year}}}".encode(), b"year = {20x4}", 1))
    with pytest.raises(DataFileError) as refused:
        site_build(lab)
    line = next(n for n, text in enumerate(bib.read_bytes().split(b"\r\n"), 1) if b"20x4" in text)
    assert f"data/publications.bib:{line}: entry '{first.key}', field 'year': " in str(refused.value)


def test_data_not_in_utf8_is_located_and_the_last_good_site_stays(lab: Path) -> None:
    """A .bib in Windows-1252 (older JabRef) and a YAML file in UTF-16 (Notepad's "Unicode"): one report
    of both, each saying how to fix it, and the site built before is left as it was."""
    out = site_build(lab).outdir
    good = published(out)
    bib = lab / "data" / "publications.bib"
    bib.write_bytes(
        bib.read_text(encoding="utf-8").replace("Example Conference", "Caf\u00e9 Conference", 1).encode("cp1252")
    )
    talks = lab / "data" / "talks.yaml"
    talks.write_bytes(talks.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(DataFileError) as refused:
        site_build(lab)
    shown = str(refused.value)
    line = next(n for n, text in enumerate(bib.read_bytes().split(b"\n"), 1) if b"Caf\xe9" in text)
    assert f"data/publications.bib:{line}: is not UTF-8 text: byte 0xe9 ('\u00e9' in Windows-1252)" in shown, shown
    assert "data/talks.yaml:1: is UTF-16 text" in shown and shown.count("save it as UTF-8") == 2
    assert published(out) == good
