"""YAML -> records: line numbers, entry names, the wording of problems. No Sphinx."""

from __future__ import annotations

from pathlib import Path

import pytest
from labsite.data import model
from labsite.data.load import entry_name, load_yaml, parse_yaml
from labsite.data.problems import DataError, DataProblem

PEOPLE = """\
roles:
  - {id: phd, label: PhD students}
members:
  - id: ada
    name: Ada
    role: phd
    start: "09/2021"
    aliases:
      - A. L.
"""


def test_every_key_and_item_has_its_line() -> None:
    data, lines = parse_yaml(Path("people.yaml"), PEOPLE)
    assert lines[("roles", 0, "id")] == 2
    assert lines[("members", 0)] == 4
    assert lines[("members", 0, "start")] == 7
    assert lines[("members", 0, "aliases", 0)] == 9
    assert data["members"][0]["name"] == "Ada"


def test_entries_are_named_by_id_then_name() -> None:
    data, _ = parse_yaml(Path("people.yaml"), PEOPLE)
    assert entry_name(data, ("members", 0, "aliases", 0)) == ("ada", ("aliases", 0))
    assert entry_name({"areas": [{"projects": [{"name": "P"}]}]}, ("areas", 0, "projects", 0, "papers")) == (
        "P",
        ("papers",),
    )
    assert entry_name({"talks": [{"type": "talk"}]}, ("talks", 0, "venue")) == ("#1", ("venue",))


def test_a_sub_role_a_position_and_a_service_entry_are_named_by_what_the_reader_typed() -> None:
    """A new user's report: a position's sub-role was named '#1' (no position), a position '#9', and a
    service entry with `venues: [NeurIPS]` "['NeurIPS']"."""
    positions = {"positions": [{"position": "Postdoc", "roles": [{"start": "2020"}, {"title": "Tech Lead"}]}]}
    assert entry_name(positions, ("positions", 0, "start")) == ("Postdoc", ("start",))
    assert entry_name(positions, ("positions", 0, "roles", 0, "end")) == ("Postdoc › #1", ("end",))
    assert entry_name(positions, ("positions", 0, "roles", 1, "end")) == ("Tech Lead", ("end",))
    service = {"service": [{"kind": "reviewing", "venues": ["NeurIPS", "ICML"]}, {"kind": "x", "role": "Chair"}]}
    assert entry_name(service, ("service", 0, "kind")) == ("NeurIPS, ICML", ("kind",))
    assert entry_name(service, ("service", 1, "kind")) == ("Chair", ("kind",))


def test_a_valid_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "people.yaml"
    path.write_text(PEOPLE, encoding="utf-8")
    people, _ = load_yaml(path, model.People)
    assert people.members[0].start == "09/2021"


def test_yaml_values_that_are_not_text_are_reported_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "people.yaml"
    path.write_text(PEOPLE.replace("name: Ada", "name: 1815"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_yaml(path, model.People)
    (problem,) = caught.value.problems
    assert (problem.line, problem.entry, problem.field) == (5, "ada", "name")
    assert problem.message == (
        "expected text (put it in quotes if it looks like a number, a date or true/false); found 1815"
    )


def test_a_news_date_not_written_as_yyyy_mm_dd_says_how_to_write_it(tmp_path: Path) -> None:
    """All bad dates of a news file at once, each in the editor's words, not pydantic's ("input is too
    short"); a day or month out of range says which."""
    path = tmp_path / "news.yaml"
    items = ["2027-3-14", "14/03/2027", "2027-13-01", "2027-02-30"]
    path.write_text("news:\n" + "".join(f"  - date: '{d}'\n    text: Hello.\n" for d in items), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_yaml(path, model.News)
    found = {p.line: p.message for p in caught.value.problems}
    assert sorted(found) == [2, 4, 6, 8]
    for line, day in zip(sorted(found), items, strict=True):
        assert found[line].startswith("expected a day as YYYY-MM-DD, e.g. 2025-03-14")
        assert found[line].endswith(f"; found {day!r}")
    assert "(month value is outside expected range of 1-12)" in found[6]
    assert "(day value is outside expected range)" in found[8]


def test_nested_unknown_fields_get_a_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text("name: A\ntitle: B\nlab:\n  nmae: Lab\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_yaml(path, model.Profile)
    messages = {(p.line, p.field, p.message) for p in caught.value.problems}
    assert messages == {(4, "lab.nmae", "unknown field; did you mean 'name'?")}


def test_problems_are_sorted_and_counted() -> None:
    problems = [
        DataProblem(Path("b.yaml"), "x", 3),
        DataProblem(Path("a.yaml"), "y", 9),
        DataProblem(Path("b.yaml"), "z", 1),
    ]
    error = DataError(problems)
    assert [(p.file.name, p.line) for p in error.problems] == [("a.yaml", 9), ("b.yaml", 1), ("b.yaml", 3)]
    assert str(error).splitlines()[0] == "3 problems in the site's data files:"
    assert str(DataError(problems[:1])).splitlines()[0] == "1 problem in the site's data files:"


def test_problem_paths_are_shown_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    problem = DataProblem(tmp_path / "data" / "talks.yaml", "is empty", None)
    assert str(problem) == "data/talks.yaml: is empty"
    elsewhere = DataProblem(Path("/elsewhere/talks.yaml"), "is empty", 2, "t", "venue")
    assert str(elsewhere) == "/elsewhere/talks.yaml:2: entry 't', field 'venue': is empty"
