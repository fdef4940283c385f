"""Every kind of data mistake gets one clear problem: file, line, entry, field, what was found and expected.

Each case breaks one thing in a copy of a small valid data set (labsite/tests/roots/test-bad-markup/data)
and checks the whole report: exactly one problem, located where the mistake is.
"""

from __future__ import annotations

import codecs
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from labsite.data.dataset import load_site_data
from labsite.data.problems import DataError, DataProblem

REPO = Path(__file__).resolve().parents[3]
GOOD_DATA = REPO / "labsite" / "tests" / "roots" / "test-bad-markup" / "data"


@dataclass(frozen=True)
class Mistake:
    """Replace `old` by `new` in `file`; expect one problem on the first line holding `at` (in the new text)."""

    file: str
    old: str
    new: str
    at: str | None  # None: the problem concerns the whole file (no line)
    entry: str | None
    field: str | None
    says: tuple[str, ...]  # fragments of the message: what was found and what was expected

    def apply(self, data_dir: Path) -> None:
        path = data_dir / self.file
        text = path.read_text(encoding="utf-8")
        assert text.count(self.old) == 1, f"{self.old!r} must occur once in {self.file}"
        path.write_text(text.replace(self.old, self.new), encoding="utf-8")

    def line(self, data_dir: Path) -> int | None:
        if self.at is None:
            return None
        lines = (data_dir / self.file).read_text(encoding="utf-8").splitlines()
        return next(number for number, line in enumerate(lines, 1) if self.at in line)


MISTAKES = {
    "yaml-syntax": Mistake(
        # the quote runs on to the next quote, on the `start` line, where the parser notices
        "people.yaml", "name: Charles Babbage", 'name: "Charles Babbage', 'start: "09/2021"', None, None,
        ("YAML syntax error", "a block mapping that starts on line 4", "check the quotes, colons and indentation"),
    ),
    "yaml-tab": Mistake(
        # an editor's tab where YAML wants spaces: PyYAML says only "found character '\\t' that cannot start
        # any token"
        "people.yaml", '    start: "09/2019"', '\tstart: "09/2019"', 'start: "09/2019"', None, None,
        ("YAML syntax error", "a tab", "indent with spaces"),
    ),
    "bibtex-syntax": Mistake(
        "publications.bib", "  year = {1843},", "  year = {1843}", "pdf = ", "lovelace1843notes", "year",
        ("BibTeX syntax error", "is a comma missing after the previous field"),
    ),
    "bibtex-field-twice": Mistake(
        "publications.bib", "  year = {1843},", "  year = {1843},\n  YEAR = {1844},", "YEAR", "lovelace1843notes",
        "YEAR", ("appears twice in the same entry",),
    ),
    "missing-required-field": Mistake(
        "people.yaml", "    name: Charles Babbage\n", "", "- id: charles-babbage", "charles-babbage", "name",
        ("is required but missing",),
    ),
    "unknown-field": Mistake(
        "people.yaml", 'start: "09/2021"', 'strat: "09/2021"', "strat:", "charles-babbage", "strat",
        ("unknown field", "did you mean 'start'?"),
    ),
    "unknown-field-without-close-match": Mistake(
        "projects.yaml", "    description:", "    colour: blue\n    description:", "colour:", "engine", "colour",
        ("unknown field", "expected one of: active, description, id, link, name"),
    ),
    "wrong-type": Mistake(
        "projects.yaml", "    link: https://engine.example.org/\n",
        "    link: https://engine.example.org/\n    active: maybe\n", "active:", "engine", "active",
        ("expected true or false", "found 'maybe'"),
    ),
    "wrong-type-list": Mistake(
        "research-areas.yaml", "papers: [lovelace1843notes]", "papers: lovelace1843notes", "papers:",
        "Engine programs", "papers", ("expected a list", "found 'lovelace1843notes'"),
    ),
    "malformed-date": Mistake(
        "people.yaml", 'start: "09/2021"', 'start: "9/2021"', 'start: "9/2021"', "charles-babbage", "start",
        ("'9/2021'", "expected MM/YYYY"),
    ),
    "end-before-start": Mistake(
        "people.yaml", 'end: "06/2021"', 'end: "06/2018"', 'end: "06/2018"', "luigi-menabrea", "end",
        ("end 06/2018 is before start 09/2019", "expected a later end"),
    ),
    "duplicate-id": Mistake(
        "projects.yaml", "    link: https://engine.example.org/\n", "    link: https://engine.example.org/\n"
        "  - id: engine  # again\n    name: Twin\n    description: Twin.\n    link: https://twin.example.org/\n",
        "# again", "engine", "id", ("duplicate id 'engine'", "also entry #1"),
    ),
    "duplicate-citation-key": Mistake(
        "publications.bib", "@inproceedings{lovelace1843notes,",
        "@misc{lovelace1843notes, title = {Copy}, author = {A. B}, year = {1843}}\n\n"
        "@inproceedings{lovelace1843notes,", "@inproceedings{lovelace1843notes,", "lovelace1843notes", "key",
        ("duplicate citation key", "first used on line 1"),
    ),
    "unknown-paper": Mistake(
        "research-areas.yaml", "papers: [lovelace1843notes]", "papers: [lovelace1843note]", "papers:",
        "Engine programs", "papers", ("unknown paper 'lovelace1843note'", "no entry with this key in publications.bib"),
    ),
    "unknown-role": Mistake(
        "people.yaml", "    role: phd\n    start: \"09/2019\"", "    role: postdoc\n    start: \"09/2019\"",
        "role: postdoc", "luigi-menabrea", "role", ("unknown role 'postdoc'", "expected one of: phd"),
    ),
    "role-typo": Mistake(
        "people.yaml", "    role: phd\n    start: \"09/2019\"", "    role: phD\n    start: \"09/2019\"",
        "role: phD", "luigi-menabrea", "role", ("unknown role 'phD'", "expected one of: phd"),
    ),
    "ambiguous-person": Mistake(
        "people.yaml", "    placement: Engineer @ Turin",
        "    placement: Engineer @ Turin\n    aliases: [Charles Babbage]", "aliases: [Charles Babbage]",
        "luigi-menabrea", "aliases", ("'Charles Babbage' is also the name or an alias of member 'charles-babbage'",),
    ),
    "alias-of-no-author": Mistake(
        "people.yaml", 'aliases: ["Babbage, Charles"]', 'aliases: ["Babage, Charles"]', "aliases:", "charles-babbage",
        "aliases", ("alias 'Babage, Charles' matches no author in publications.bib",),
    ),
    "unknown-topic": Mistake(
        "publications.bib", "topics = {Machines}", "topics = {Machine}", "topics = ", "lovelace1843notes", "topics",
        ("unknown topic 'Machine'", "expected one of: Machines"),
    ),
    "bibtex-missing-required-field": Mistake(
        "publications.bib", "  year = {1843},\n", "", "@inproceedings{", "lovelace1843notes", "year",
        ("is required but missing",),
    ),
    "bibtex-wrong-type": Mistake(
        "publications.bib", "year = {1843}", "year = {MDCCCXLIII}", "year = ", "lovelace1843notes", "year",
        ("expected a whole number", "found 'MDCCCXLIII'"),
    ),
    "link-scheme": Mistake(
        "talks.yaml", "link: https://conf.example.org/2024", "link: javascript:alert(1)", "link:",
        "Programming with cards", "link",
        ("link 'javascript:alert(1)' has scheme 'javascript'", "expected an http, https or mailto URL"),
    ),
    "link-scheme-in-bibtex": Mistake(
        "publications.bib", "pdf = {https://papers.example.org/notes.pdf}", "pdf = {ftp://papers.example.org/notes.pdf}",
        "pdf = ", "lovelace1843notes", "pdf", ("ftp://papers.example.org/notes.pdf",),
    ),
    "link-without-host": Mistake(
        "teaching.yaml", "link: https://teach.example.org/eng101", "link: teach.example.org/eng101", "link:",
        "Mechanical Computation", "link", ("has no scheme", "expected an http, https or mailto URL"),
    ),
    "plain-email": Mistake(
        "profile.yaml", "email: ada AT example.org", "email: ada@example.org", "email:", None, "email",
        ("plain e-mail address", "expected it obfuscated, e.g. 'name AT example.org'"),
    ),
    "empty-text": Mistake(
        "projects.yaml", "description: A general-purpose mechanical computer.", 'description: "  "', "description:",
        "engine", "description", ("is empty",),
    ),
    "control-character": Mistake(
        "projects.yaml", "name: Analytical Engine", 'name: "Analytical\\u0007Engine"', "name:", "engine", "name",
        ("control character",),
    ),
    "slug": Mistake(
        "projects.yaml", "id: engine", "id: Analytical Engine", "id:", "Analytical Engine", "id",
        ("expected lower-case letters and digits joined by hyphens", "found 'Analytical Engine'"),
    ),
    "choice": Mistake(
        "talks.yaml", "type: keynote", "type: lecture", "type:", "Programming with cards", "type",
        ("expected 'talk', 'tutorial', 'panel' or 'keynote'", "found 'lecture'"),
    ),
    "key-twice-in-one-entry": Mistake(
        "teaching.yaml", "    term: Fall 2024\n", "    term: Fall 2024\n    term: Spring 2025\n", "Spring 2025", None,
        "term", ("appears twice in the same entry",),
    ),
}  # fmt: skip


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(GOOD_DATA, tmp_path / "data"))


def problems_of(data_dir: Path) -> list[DataProblem]:
    with pytest.raises(DataError) as caught:
        load_site_data(data_dir)
    return caught.value.problems


def test_the_data_set_used_here_is_valid(data_dir: Path) -> None:
    load_site_data(data_dir)


@pytest.mark.parametrize("kind", MISTAKES)
def test_each_mistake_gives_one_problem_naming_file_line_entry_and_field(data_dir: Path, kind: str) -> None:
    mistake = MISTAKES[kind]
    mistake.apply(data_dir)
    problems = problems_of(data_dir)
    assert len(problems) == 1, "\n".join(map(str, problems))
    problem = problems[0]
    assert (problem.file, problem.line, problem.entry, problem.field) == (
        data_dir / mistake.file,
        mistake.line(data_dir),
        mistake.entry,
        mistake.field,
    )
    for fragment in mistake.says:
        assert fragment in problem.message
    # and the line an editor reads says the same, in the documented form
    where = f"{data_dir / mistake.file}:{mistake.line(data_dir)}" if mistake.at else str(data_dir / mistake.file)
    located = [f"entry {mistake.entry!r}"] if mistake.entry else []
    located += [f"field {mistake.field!r}"] if mistake.field else []
    assert str(problem).startswith(f"{where}: {', '.join(located)}: " if located else f"{where}: ")


def test_an_empty_file_is_a_problem(data_dir: Path) -> None:
    (data_dir / "talks.yaml").write_text("# talks, one day\n", encoding="utf-8")
    (problem,) = problems_of(data_dir)
    assert problem.file == data_dir / "talks.yaml"
    assert "is empty" in problem.message


def test_a_file_that_is_not_utf8_is_a_problem_with_its_line(data_dir: Path) -> None:
    path = data_dir / "talks.yaml"
    path.write_bytes(path.read_bytes().replace(b"Engine Conference", b"Engine Conf\xe9rence"))
    (problem,) = problems_of(data_dir)
    lines = path.read_bytes().split(b"\n")
    assert (problem.file, problem.line) == (path, next(i for i, line in enumerate(lines, 1) if b"\xe9" in line))
    assert "not UTF-8" in problem.message and "0xe9" in problem.message


def test_a_bibtex_file_that_is_not_utf8_is_a_problem(data_dir: Path) -> None:
    path = data_dir / "publications.bib"
    path.write_bytes(path.read_bytes().replace(b"Analytical Engine", b"Analytical Engin\xe9"))
    (problem,) = problems_of(data_dir)
    assert (problem.file, problem.line) == (path, 2)
    assert "not UTF-8" in problem.message


def test_a_list_where_fields_belong_is_a_problem(data_dir: Path) -> None:
    (data_dir / "topics.yaml").write_text("- machines\n", encoding="utf-8")
    (problem,) = problems_of(data_dir)
    assert (problem.file, problem.line) == (data_dir / "topics.yaml", 1)
    assert "expected a mapping of fields, found list" in problem.message


def test_all_problems_of_all_files_are_reported_at_once(data_dir: Path) -> None:
    for kind in ("missing-required-field", "unknown-field", "end-before-start", "choice", "unknown-topic"):
        MISTAKES[kind].apply(data_dir)
    problems = problems_of(data_dir)
    assert [(p.file.name, p.entry, p.field) for p in problems] == [
        ("people.yaml", "charles-babbage", "name"),
        ("people.yaml", "charles-babbage", "strat"),
        ("people.yaml", "luigi-menabrea", "end"),
        ("publications.bib", "lovelace1843notes", "topics"),
        ("talks.yaml", "Programming with cards", "type"),
    ]


def test_a_broken_bibtex_file_does_not_make_every_paper_reference_unknown(data_dir: Path) -> None:
    MISTAKES["bibtex-syntax"].apply(data_dir)
    assert [p.file.name for p in problems_of(data_dir)] == ["publications.bib"]


def test_a_misspelt_required_field_is_reported_once_as_misspelt(data_dir: Path) -> None:
    MISTAKES["unknown-field"].apply(data_dir)
    (problem,) = problems_of(data_dir)
    assert "did you mean 'start'?" in problem.message  # not also "'start' is required but missing"


CheckRun = Callable[[Path], subprocess.CompletedProcess[str]]


@pytest.fixture
def run_check() -> CheckRun:
    def run(data_dir: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "labsite.check", str(data_dir)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


def test_check_command_passes_good_data(data_dir: Path, run_check: CheckRun) -> None:
    result = run_check(data_dir)
    assert result.returncode == 0, result.stderr
    assert f"{len(list(GOOD_DATA.glob('*.*')))} data files OK" in result.stdout


def test_check_command_counts_one_record_in_the_singular(data_dir: Path, run_check: CheckRun) -> None:
    """`1 talk`, not `1 talks` (a new lab's first records)."""
    talks = data_dir / "talks.yaml"
    data = yaml.safe_load(talks.read_text(encoding="utf-8"))
    talks.write_text(yaml.safe_dump({**data, "talks": data["talks"][:1]}), encoding="utf-8")
    result = run_check(data_dir)
    assert result.returncode == 0, result.stderr
    assert " 1 talk," in result.stdout or " 1 talk)" in result.stdout
    assert "1 talks" not in result.stdout


def test_check_command_fails_with_every_problem_on_stderr(data_dir: Path, run_check: CheckRun) -> None:
    for kind in ("malformed-date", "link-scheme"):
        MISTAKES[kind].apply(data_dir)
    result = run_check(data_dir)
    assert result.returncode == 1
    report = result.stderr.splitlines()
    assert report[0] == "2 problems in the site's data files:"
    date, link = MISTAKES["malformed-date"], MISTAKES["link-scheme"]
    people, talks = data_dir / "people.yaml", data_dir / "talks.yaml"
    assert report[1].startswith(f"  {people}:{date.line(data_dir)}: entry 'charles-babbage', field 'start': ")
    assert report[2].startswith(f"  {talks}:{link.line(data_dir)}: entry 'Programming with cards', field 'link': ")


def save_as_windows_does(path: Path, mixed: bool) -> None:
    """Rewrite `path` as Notepad saves UTF-8: a byte-order mark and CRLF line ends (`mixed`: CRLF on every
    other line, as a file edited on both systems has)."""
    lines = path.read_bytes().split(b"\n")
    ends = [b"\n" if mixed and index % 2 else b"\r\n" for index in range(len(lines) - 1)]
    path.write_bytes(codecs.BOM_UTF8 + b"".join(line + end for line, end in zip(lines, ends, strict=False)) + lines[-1])


@pytest.mark.parametrize("mixed", [False, True], ids=["crlf", "crlf-and-lf"])
@pytest.mark.parametrize("kind", MISTAKES)
def test_each_mistake_is_located_alike_in_files_saved_on_windows(data_dir: Path, kind: str, mixed: bool) -> None:
    """Every data file with Notepad's byte-order mark and CRLF line ends: the same problem, on the same line
    (before: a .bib file's mark hid its first entry's start, so its problems were all on line 1)."""
    MISTAKES[kind].apply(data_dir)
    expected = [(p.file, p.line, p.entry, p.field, p.message) for p in problems_of(data_dir)]
    for path in data_dir.iterdir():
        save_as_windows_does(path, mixed)
    assert [(p.file, p.line, p.entry, p.field, p.message) for p in problems_of(data_dir)] == expected
