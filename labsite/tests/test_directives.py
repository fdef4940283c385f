"""Each labsite directive on a tiny test site (labsite/tests/roots/test-directives), built with Sphinx's
own test application (``sphinx.testing``), strictly and nitpicky, with clean URLs (dirhtml)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from labsite.testing import Build, plain
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"


def copy_root(name: str, destination: Path) -> Path:
    target = destination / name
    shutil.copytree(ROOTS / name, target)
    return target


def build(src: Path, fresh: bool = True, strict: bool = True, parallel: int = 0) -> Build:
    """Build ``src`` into ``src/_build/dirhtml`` with :class:`SphinxTestApp`; with ``strict``, any
    warning fails the test. Returns the output folder and the log, for reading pages."""
    app = SphinxTestApp(
        "dirhtml",
        srcdir=src,
        freshenv=fresh,
        confoverrides={"nitpicky": True},
        parallel=parallel,
        warningiserror=strict,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    result = Build(Path(app.outdir), plain(app.status.getvalue()), plain(app.warning.getvalue()))
    if strict:
        assert result.warnings == ""
    return result


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(copy_root("test-directives", tmp_path_factory.mktemp("lab")))


def test_the_test_site_builds_without_warnings(lab: Build) -> None:
    assert lab.warnings == ""


def test_profile_card_shows_photo_title_affiliations_email_and_links(lab: Build) -> None:
    main = lab.main("about")
    photo = main.find("img")
    assert photo["alt"] == "Portrait of Ada Lovelace"
    text = lab.text("about")
    for expected in ("Professor of Analytical Engines", "Engine Institute", "Example University", "ada AT example.org"):
        assert expected in text
    assert main.find("a", string="Code")["href"] == "https://code.example.org/ada"
    assert main.find("a", string="Engine Institute")["href"] == "https://engines.example.org/"


def test_awards_newest_first_with_year_and_optional_link(lab: Build) -> None:
    items = [" ".join(li.get_text(" ").split()) for li in lab.main("about").find_all("li")]
    awards = [i for i in items if "Medal" in i or "Prize" in i]
    assert awards == ["2023 · Note G Prize", "2020 · Bernoulli Medal"]
    assert lab.main("about").find("a", string="Note G Prize")["href"] == "https://prizes.example.org/note-g"


def test_career_timeline_puts_current_positions_first(lab: Build) -> None:
    items = [" ".join(li.get_text().split()) for li in lab.main("about").find_all("li")]
    career = [i for i in items if "Example University, 2015" in i or "Engine Institute, 2010" in i]
    assert career == ["Professor, Example University, 2015 – Present", "Research Fellow, Engine Institute, 2010 – 2015"]


def test_member_groups_follow_role_order_and_show_start_and_co_advisor(lab: Build) -> None:
    main = lab.main("people")
    headings = [h.get_text().strip("¶") for h in main.find_all("h3")]
    assert headings == ["PhD students", "Master's students"]
    card = main.find(id="member-mary-somerville").find_parent(class_="sd-card")
    assert "Since January 2022" in card.get_text() and "Co-advised with Augustus De Morgan" in card.get_text()
    babbage = main.find(id="member-charles-babbage").find_parent(class_="sd-card")
    assert babbage.find("a")["href"] == "https://babbage.example.org/"


def test_alumni_table_lists_only_former_members_with_months_and_placement(lab: Build) -> None:
    rows = [" ".join(tr.get_text(" ").split()) for tr in lab.main("people").find("table").find_all("tr")]
    # his paper with the owner is linked under his name, as a current member's
    assert rows[1:] == ["Luigi Menabrea Papers (1) Master's student September 2019 – June 2021 Engineer @ Turin"]
    link = lab.main("people").find("table").find("a", string="Papers (1)")
    assert link["href"] == "../publications/author/luigi-menabrea/"


def test_talk_list_groups_by_year_with_type_badges_and_links(lab: Build) -> None:
    main = lab.main("talks")
    assert [h.get_text().strip("¶") for h in main.find_all("h2")] == ["2024", "2023"]
    keynote = main.find(id=re.compile("^talk-2024-05")).find_parent("li")
    assert keynote.find(class_="sd-badge").get_text() == "Keynote"
    assert keynote.find("a", string="Link")["href"] == "https://conf.example.org/2024"
    assert "Programming with cards" in lab.text("talks")


def test_project_grid_separates_active_and_past_projects(lab: Build) -> None:
    main = lab.main("projects")
    active, past = main.find(id="active"), main.find(id="past")
    assert "Analytical Engine" in active.get_text() and "Difference Engine" not in active.get_text()
    card = past.find(class_="sd-card")
    assert card.find("a", class_="sd-stretched-link")["href"] == "https://difference.example.org/"


def test_research_areas_hide_hidden_projects_and_link_papers(lab: Build) -> None:
    main = lab.main("research")
    assert "Hidden project" not in main.get_text()
    paper = main.find("a", href=re.compile("#pub-lovelace1843notes$"))
    assert paper.get_text() == "Scientific Memoirs 1843"


def test_publication_list_highlights_owner_variants_and_links_members(lab: Build) -> None:
    main = lab.main("publications")
    notes, sketch = main.find(id="pub-lovelace1843notes"), main.find(id="pub-menabrea1842sketch")
    assert notes.find("strong", string="Ada Lovelace") is not None  # "Lovelace, Ada"
    assert sketch.find("strong", string="A. Lovelace") is not None
    assert notes.find("a", string="Charles Babbage")["href"].endswith("people/#member-charles-babbage")
    assert "Bibliothèque Universelle 1842" in sketch.get_text()
    assert sketch.find(class_="sd-badge", string="Best Sketch") is not None


def test_course_table_links_courses(lab: Build) -> None:
    assert lab.main("teaching").find("a", string="Mechanical Computation")["href"] == "https://teach.example.org/eng101"


def test_editing_a_data_file_rebuilds_only_the_pages_using_it(tmp_path: Path) -> None:
    src = copy_root("test-directives", tmp_path)
    build(src)
    talks = src / "data" / "talks.yaml"
    talks.write_text(talks.read_text() + '  - type: panel\n    venue: Loom Forum\n    date: "02/2025"\n')
    rebuilt = build(src, fresh=False)
    reading = re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", rebuilt.status)
    assert sorted(reading) == ["recent", "talks"]  # the two pages showing talks, nothing else
    assert "Loom Forum" in rebuilt.text("talks")


def test_bad_data_fails_the_build_naming_file_line_entry_and_field(tmp_path: Path) -> None:
    src = copy_root("test-directives", tmp_path)
    people = src / "data" / "people.yaml"
    people.write_text(people.read_text().replace('start: "01/2022"', 'start: "2022-01"'))
    with pytest.raises(Exception, match=r"people\.yaml:\d+: entry 'mary-somerville', field 'start': .*MM/YYYY"):
        build(src)


def test_a_directive_without_its_data_warns_with_its_location(tmp_path: Path) -> None:
    src = copy_root("test-directives", tmp_path)
    (src / "data" / "talks.yaml").unlink()
    result = build(src, strict=False)
    assert re.search(
        r"talks\.md:\d+: WARNING: talk-list: no data in .*talks\.yaml \[labsite\.missing-data\]", result.warnings
    )


def test_parallel_build_gives_the_same_pages(tmp_path: Path, lab: Build) -> None:
    src = copy_root("test-directives", tmp_path)
    parallel = build(src, parallel=2)
    for page in ("people", "talks", "publications", "research"):
        assert parallel.text(page) == lab.text(page)


@pytest.mark.parametrize(
    "build_date, shown",
    [("2024-08-01", ["Engine Conference 2024"]), ("2024-04-01", ["Engine Conference 2024", "Punched Card Workshop"])],
)
def test_recent_talks_are_counted_back_from_the_build_date_not_the_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build_date: str, shown: list[str]
) -> None:
    from datetime import UTC, datetime

    epoch = int(datetime.fromisoformat(build_date).replace(tzinfo=UTC).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    src = copy_root("test-directives", tmp_path)
    items = [" ".join(li.get_text(" ").split()) for li in build(src).main("recent").find_all("li")]
    assert [
        venue for venue in ("Engine Conference 2024", "Punched Card Workshop") if any(venue in i for i in items)
    ] == shown


def test_no_recent_talks_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")  # 2033
    src = copy_root("test-directives", tmp_path)
    assert "No talks in the last 6 months." in build(src).text("recent")
