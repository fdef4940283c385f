"""Data files as Windows and macOS tools save them: a byte-order mark, UTF-16 (Notepad's "Unicode"),
Windows-1252 and Latin-1 (older JabRef, Excel), invisible line separators, a folder where a file belongs.

Every encoding other than UTF-8 is a located problem that says how to fix it, never a guess; the
problems of the other files come in the same report. No Sphinx here (the build: test_hostile_site)."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pytest
from labsite.data.dataset import load_site_data
from labsite.data.problems import DataError, DataProblem

GOOD_DATA = Path(__file__).resolve().parents[1] / "roots" / "test-bad-markup" / "data"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(GOOD_DATA, tmp_path / "data"))


def problems_of(data_dir: Path) -> list[DataProblem]:
    with pytest.raises(DataError) as caught:
        load_site_data(data_dir)
    return caught.value.problems


def line_of(path: Path, needle: bytes) -> int:
    return next(number for number, line in enumerate(path.read_bytes().split(b"\n"), 1) if needle in line)


def test_a_windows_1252_bib_names_each_line_its_column_and_character(data_dir: Path) -> None:
    """JabRef's old default and Windows exports: every line with such bytes (up to five, the rest counted),
    with what the byte is in Windows-1252, so that a file that is UTF-8 but for a pasted entry can be
    mended by hand; the other files' problems come in the same report."""
    bib = data_dir / "publications.bib"
    text = bib.read_text(encoding="utf-8").replace("Scientific Memoirs", "Scientific \u201cM\u00e9moirs\u201d")
    more = "".join(
        f"\n@misc{{extra{n}, title = {{Caf\u00e9 {n}}}, author = {{Ada Lovelace}}, year = {{1843}}}}\n"
        for n in range(6)
    )
    bib.write_bytes((text + more).encode("cp1252"))
    talks = data_dir / "talks.yaml"
    talks.write_text(talks.read_text(encoding="utf-8").replace("type: keynote", "type: lecture"), encoding="utf-8")

    problems = problems_of(data_dir)
    assert [(p.file.name, p.line) for p in problems] == [
        ("publications.bib", line_of(bib, b"Scientific")),
        *[("publications.bib", line_of(bib, f"extra{n},".encode())) for n in range(4)],
        ("talks.yaml", line_of(talks, b"type: lecture")),
    ]
    first = problems[0].message
    column = bib.read_bytes().split(b"\n")[problems[0].line - 1].index(b"\x93") + 1
    assert first.startswith(f"is not UTF-8 text: byte 0x93 ('\u201c' in Windows-1252) at column {column}")
    assert "save it as UTF-8" in first
    assert problems[4].message.endswith("(2 more lines like it)")


@pytest.mark.parametrize(
    ("encoding", "says"),
    [
        ("utf-16", "is UTF-16 text (it starts with the bytes ff fe), not UTF-8"),  # Notepad's "Unicode"
        ("utf-16-be", "looks like UTF-16 or UTF-32 text"),  # without a byte-order mark
        ("utf-32", "is UTF-32 text"),
    ],
)
def test_a_yaml_file_saved_as_utf16_is_one_problem_saying_so(data_dir: Path, encoding: str, says: str) -> None:
    """Before: "not UTF-8 text (byte 0xff)", or a NUL control character at column 1 without a mark."""
    talks = data_dir / "talks.yaml"
    talks.write_bytes(talks.read_text(encoding="utf-8").encode(encoding))
    (problem,) = problems_of(data_dir)
    assert (problem.file, problem.line) == (talks, 1)
    assert problem.message.startswith(says) and "save it as UTF-8" in problem.message


@pytest.mark.parametrize("name", ["talks.yaml", "publications.bib"])
def test_a_data_file_name_taken_by_a_folder_is_a_problem(data_dir: Path, name: str) -> None:
    """Before: the folder was skipped as a missing file, its records silently left out of the site."""
    (data_dir / name).unlink()
    (data_dir / name).mkdir()
    (problem,) = problems_of(data_dir)  # a paper of research-areas.yaml is not also called unknown
    assert (problem.file, problem.line) == (data_dir / name, None)
    assert problem.message.startswith("is a folder; expected the data file of this name")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_yaml_reads_as_a_line_break_is_named_and_lines_are_the_editors(
    data_dir: Path, separator: str
) -> None:
    """Copied from a web page or a PDF: PyYAML breaks the line there (YAML 1.1), which an editor does not
    show, so every line it reported after one was one too far (a date two entries on, here)."""
    people = data_dir / "people.yaml"
    quoted = people.read_text(encoding="utf-8").replace("name: Charles Babbage", f"name: 'Charles{separator} Babbage'")
    people.write_text(quoted.replace('start: "09/2019"', 'start: "13/2019"'), encoding="utf-8")
    (problem,) = problems_of(data_dir)
    assert (problem.line, problem.field) == (line_of(people, b"13/2019"), "start")
    # unquoted, it breaks the YAML: the syntax error and the character, both where the editor shows them
    people.write_text(quoted.replace(f"'Charles{separator} Babbage'", f"Charles{separator} Babbage"), encoding="utf-8")
    syntax, invisible = problems_of(data_dir)
    assert syntax.line == invisible.line == line_of(people, b"name: Charles")
    assert syntax.message.startswith("YAML syntax error")
    assert f"(U+{ord(separator):04X}, column 18), which YAML reads as a line break" in invisible.message


def test_a_byte_order_mark_where_two_files_were_joined_is_named_with_the_syntax_error(data_dir: Path) -> None:
    talks = data_dir / "talks.yaml"
    talks.write_text(talks.read_text(encoding="utf-8").replace("  - type:", "\ufeff  - type:"), encoding="utf-8")
    problems = problems_of(data_dir)
    assert (problems[0].line, problems[0].message) == (
        line_of(talks, b"type:"),
        "contains an invisible byte-order mark (U+FEFF, column 1); delete it (joined files or a copy-paste left it)",
    )
    assert problems[1].message.startswith("YAML syntax error")


def test_a_bib_joined_from_two_exports_with_their_marks_locates_each_entry(data_dir: Path) -> None:
    """`cat a.bib b.bib` of two Notepad or Zotero exports: the second mark starts a line (before: the entry
    after it had no line, its problems were on line 1, and `make import-bib` left it out)."""
    bib = data_dir / "publications.bib"
    joined = (
        bib.read_text(encoding="utf-8")
        + "\ufeff@misc{extra, title = {Extra}, author = {Ada Lovelace}, year = {18x3}}\n"
    )
    bib.write_bytes(codecs.BOM_UTF8 + joined.encode("utf-8"))
    (problem,) = problems_of(data_dir)
    assert (problem.line, problem.entry, problem.field) == (line_of(bib, b"@misc{extra"), "extra", "year")


def test_a_zero_length_or_bom_only_bib_is_a_list_of_no_papers(data_dir: Path) -> None:
    """A new lab's empty publications.bib: no papers (BibTeX's reading); what names a paper says so."""
    for content in (b"", codecs.BOM_UTF8, b"\r\n"):
        (data_dir / "publications.bib").write_bytes(content)
        problems = problems_of(data_dir)
        assert {p.file.name for p in problems} == {"people.yaml", "research-areas.yaml"}
        assert any("unknown paper 'lovelace1843notes'" in p.message for p in problems)


def test_a_file_saved_as_rich_text_by_textedit_is_one_problem_saying_how_to_make_it_plain(data_dir: Path) -> None:
    """macOS TextEdit's new documents are rich text: before, a YAML syntax error in its markup (or, for a
    .bib, an entry made of it)."""
    talks = data_dir / "talks.yaml"
    lines = talks.read_text(encoding="utf-8").splitlines()
    talks.write_text(
        "{\\rtf1\\ansi\\ansicpg1252\\cocoartf2761\n{\\fonttbl\\f0\\fswiss\\fcharset0 Helvetica;}\n"
        "\\f0\\fs24 \\cf0 " + "\\\n".join(lines) + "}",
        encoding="utf-8",
    )
    (problem,) = problems_of(data_dir)
    assert (problem.file, problem.line) == (talks, 1)
    assert problem.message.startswith("is a rich-text (RTF) document, not plain text; in TextEdit choose Format >")


def test_a_nul_byte_in_a_bib_field_is_located_at_its_entry_and_field(data_dir: Path) -> None:
    """A NUL or another control character (a broken export, a copy-paste) in a .bib field: no test had it."""
    bib = data_dir / "publications.bib"
    bib.write_bytes(bib.read_bytes().replace(b"Scientific Memoirs", b"Scientific\x00Memoirs"))
    (problem,) = problems_of(data_dir)
    assert (problem.line, problem.entry, problem.field) == (line_of(bib, b"\x00"), "lovelace1843notes", "booktitle")
    assert problem.message == "contains a control character ('\\x00'); expected plain text"
