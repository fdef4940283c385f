"""All problems at once: an entry with two mistakes, one a field's own (a malformed date, a bad link) and
one found by a check that looks at the whole record or across records (an unknown role, an end before
the start, a duplicate id, an unknown paper, talk or topic), gets both in one report, in every kind of
data file; fixing one never reveals the other.

Each case applies two mistakes to a copy of a small valid data set (labsite/tests/roots/test-bad-markup)
and expects exactly the problems each gives alone (file, line, entry, field, message).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from labsite.data.dataset import load_site_data
from labsite.data.problems import DataError

GOOD_DATA = Path(__file__).resolve().parents[1] / "roots" / "test-bad-markup" / "data"

#: a news file for the news case (the data set has none): one item about a member
NEWS = "news:\n  - date: 2024-05-01\n    text: Charles joins the lab.\n    member: charles-babbage\n"


@dataclass(frozen=True)
class Edit:
    """Replace `old` (which occurs once) by `new` in `file`, keeping the number of lines."""

    file: str
    old: str
    new: str

    def apply(self, data_dir: Path) -> None:
        path = data_dir / self.file
        text = path.read_text(encoding="utf-8")
        assert text.count(self.old) == 1, f"{self.old!r} must occur once in {self.file}"
        assert self.old.count("\n") == self.new.count("\n") or self.old == text[-len(self.old) :]
        path.write_text(text.replace(self.old, self.new), encoding="utf-8")


#: case -> (a field's own mistake, a mistake only a record-level or cross-record check sees)
CASES = {
    "member: malformed date, unknown role": (
        Edit("people.yaml", 'start: "09/2019"', 'start: "9/2019"'),
        Edit("people.yaml", "name: Luigi Menabrea\n    role: phd", "name: Luigi Menabrea\n    role: postdoc"),
    ),
    "member: name not text, end before start": (
        Edit("people.yaml", "name: Luigi Menabrea", "name: [Luigi, Menabrea]"),
        Edit("people.yaml", 'end: "06/2021"', 'end: "06/2018"'),
    ),
    "member: bad link, name of another member": (
        Edit("people.yaml", "url: https://babbage.example.org/", "url: babbage.example.org"),
        Edit("people.yaml", "placement: Engineer @ Turin", "aliases: [Charles Babbage]"),
    ),
    "talk: unknown type, duplicate id": (
        Edit("talks.yaml", "type: keynote", "type: lecture"),
        Edit("talks.yaml", "link: https://conf.example.org/2024\n", "link: https://conf.example.org/2024\n"
             '  - type: talk\n    venue: Engine Conference\n    date: "05/2024"\n'),
    ),
    "project: empty description, duplicate id": (
        Edit("projects.yaml", "description: A general-purpose mechanical computer.", 'description: "  "'),
        Edit("projects.yaml", "link: https://engine.example.org/\n", "link: https://engine.example.org/\n"
             "  - id: engine\n    name: Twin\n    description: Twin.\n    link: https://twin.example.org/\n"),
    ),
    "research area: bad link, unknown paper": (
        Edit("research-areas.yaml", "link: https://engine.example.org/programs", "link: engine.example.org/programs"),
        Edit("research-areas.yaml", "papers: [lovelace1843notes]", "papers: [lovelace1843note]"),
    ),
    "position: organization not text, end before start": (
        Edit("experience.yaml", "organization: Example University", "organization: [Example, University]"),
        Edit("experience.yaml", "note: on leave 2016 - 2017", "end: 2014"),
    ),
    "position: its role's note not text, end before start": (
        Edit("experience.yaml", "note: half time", "note: [half time]"),
        Edit("experience.yaml", "note: on leave 2016 - 2017", "end: 2014"),
    ),
    "service: unknown kind, neither title nor venues": (
        Edit("service.yaml", "  - kind: committee\n", "  - kind: committees\n"),
        Edit("service.yaml", "title: Library Committee", "role: Library Committee"),
    ),
    "news: malformed date, unknown member": (
        Edit("news.yaml", "date: 2024-05-01", "date: 2024-13-01"),
        Edit("news.yaml", "member: charles-babbage", "member: charles-babage"),
    ),
    "topics: bad id, a paper's unknown topic": (
        Edit("topics.yaml", "id: machines", "id: Machines"),
        Edit("publications.bib", "topics = {Machines}", "topics = {Machine}"),
    ),
    "paper: malformed year, unknown topic": (
        Edit("publications.bib", "year = {1843},", "year = {184},"),
        Edit("publications.bib", "topics = {Machines}", "topics = {Machine}"),
    ),
    "paper: bad month, unknown topic": (
        Edit("publications.bib", "year = {1843},", "year = {1843}, month = {Smarch},"),
        Edit("publications.bib", "topics = {Machines}", "topics = {Machine}"),
    ),
}  # fmt: skip


def located(data_dir: Path, *edits: Edit, entries: bool = True) -> set[tuple[str, int | None, str | None, str]]:
    """Every problem of the data set with `edits`: (file, line, field, message); with `entries`, each
    names its entry."""
    copy = Path(shutil.copytree(GOOD_DATA, data_dir))
    (copy / "news.yaml").write_text(NEWS, encoding="utf-8")
    for edit in edits:
        edit.apply(copy)
    with pytest.raises(DataError) as caught:
        load_site_data(copy)
    problems = caught.value.problems
    assert not entries or all(problem.entry for problem in problems), "\n".join(map(str, problems))
    return {(problem.file.name, problem.line, problem.field, problem.message) for problem in problems}


def test_the_data_set_used_here_is_valid(tmp_path: Path) -> None:
    copy = Path(shutil.copytree(GOOD_DATA, tmp_path / "data"))
    (copy / "news.yaml").write_text(NEWS, encoding="utf-8")
    load_site_data(copy)


@pytest.mark.parametrize("case", CASES)
def test_both_mistakes_of_an_entry_come_in_one_report(tmp_path: Path, case: str) -> None:
    own, seen_by_a_check = CASES[case]
    alone = [located(tmp_path / name, edit) for name, edit in (("own", own), ("check", seen_by_a_check))]
    assert all(len(problems) == 1 for problems in alone), alone
    assert located(tmp_path / "both", own, seen_by_a_check) == alone[0] | alone[1]


#: a mistake that makes a whole list or field unreadable, and what must then not be said of what it holds
UNREADABLE = {
    "roles not a list: no member's role is called unknown": (
        Edit("people.yaml", "  - {id: phd, label: PhD students, singular: PhD student}", "  phd"),
        "unknown role",
    ),
    "venues not a list: the entry is not said to have neither title nor venues": (
        Edit(
            "service.yaml",
            "    title: Engine Symposium\n    venues: [Engine Conference, Card Workshop]\n",
            "    venues: 5\n\n",
        ),
        "neither `title` nor `venues`",
    ),
    "topics not a list: no paper's topic is called unknown": (
        Edit("topics.yaml", "  - id: machines\n    label: Machines\n", "  machines\n\n"),
        "unknown topic",
    ),
}


@pytest.mark.parametrize("case", UNREADABLE)
def test_a_field_with_a_problem_of_its_own_is_not_checked_again(tmp_path: Path, case: str) -> None:
    edit, never = UNREADABLE[case]
    problems = located(tmp_path / "data", edit, entries=False)
    assert problems and not [p for p in problems if never in p[3]], problems
