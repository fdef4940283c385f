"""The data cache (labsite.data.datacache): rebuilds skip parsing unchanged data, never skip checking changed data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from labsite.data import datacache
from labsite.data.problems import DataError

#: a test site's data: talks, papers with LaTeX in their fields, people, teaching, experience
DATA = Path(__file__).resolve().parent.parent / "roots" / "test-directives" / "data"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def test_unchanged_data_is_not_loaded_again(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = datacache.cached_load(data_dir, tmp_path / "cache")
    loads: list[Path] = []
    monkeypatch.setattr(datacache, "load_site_data", lambda d: loads.append(d))
    again = datacache.cached_load(data_dir, tmp_path / "cache")
    assert loads == []
    assert again.talks == first.talks and again.publications == first.publications


def test_an_edited_data_file_is_loaded_and_checked_again(data_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = datacache.cached_load(data_dir, cache)
    talks = data_dir / "talks.yaml"
    talks.write_text(talks.read_text() + '  - type: talk\n    venue: "Added Seminar"\n    date: "01/2020"\n')
    after = datacache.cached_load(data_dir, cache)
    assert len(after.talks.talks) == len(before.talks.talks) + 1
    talks.write_text(talks.read_text() + '  - type: talk\n    venue: "Bad"\n    date: "2020"\n')
    for _ in range(2):  # a data error is reported on every build, never cached
        with pytest.raises(DataError, match=r"talks\.yaml"):
            datacache.cached_load(data_dir, cache)


def test_an_edit_converts_only_the_edited_latex_again(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After one paper is edited, pylatexenc converts only that paper's changed values (issue 18); the
    records are those of a load without any cache."""
    from labsite.data import dataset, latex

    cache = tmp_path / "cache"
    datacache.cached_load(data_dir, cache)
    monkeypatch.setattr(latex, "_CONVERTED", {})  # a new process: nothing converted in memory
    latex.latex_to_html.cache_clear()
    latex.latex_to_text.cache_clear()
    bib = data_dir / "publications.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("title = {", "title = {\\textit{Edited} ", 1), encoding="utf-8")
    converted: list[str] = []
    real = latex.pylatexenc_html
    monkeypatch.setattr(latex, "pylatexenc_html", lambda value: converted.append(value) or real(value))
    after = datacache.cached_load(data_dir, cache)
    assert converted and all("Edited" in value for value in converted)
    latex.latex_to_html.cache_clear()
    latex.latex_to_text.cache_clear()
    monkeypatch.setattr(latex, "_CONVERTED", {})
    assert after.publications == dataset.load_site_data(data_dir).publications


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts pybtex is given from now on (labsite.data.bibtex.parse_bibtex)."""
    from labsite.data import bibtex

    texts: list[str] = []
    real = bibtex.parse_bibtex
    monkeypatch.setattr(bibtex, "parse_bibtex", lambda text: texts.append(text) or real(text))
    return texts


def test_an_edit_parses_only_the_edited_entry_again(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What each BibTeX entry parses to is kept in the cache folder (issue 18): after one paper's title is
    edited, in a new process, pybtex reads that entry only, and the papers equal a load without any cache."""
    from labsite.data import bibtex, dataset

    cache = tmp_path / "cache"
    datacache.cached_load(data_dir, cache)
    monkeypatch.setattr(bibtex, "_ENTRIES", {}, raising=False)  # a new process: nothing parsed in memory
    bib = data_dir / "publications.bib"
    text = bib.read_text(encoding="utf-8")
    edited = text.replace("title = {", "title = {Edited ", 1)
    bib.write_text(edited, encoding="utf-8")
    parsed = _parses(monkeypatch)
    after = datacache.cached_load(data_dir, cache)
    assert len(parsed) == 1 and "Edited" in parsed[0] and parsed[0].count("title = {") == 1, parsed
    monkeypatch.setattr(bibtex, "_ENTRIES", {}, raising=False)
    assert after.publications == dataset.load_site_data(data_dir).publications


@pytest.mark.parametrize(
    "edits",
    [
        [("year = {", "year = {{")],  # an unbalanced brace
        [("year = {", "year = {2020},\n  year = {")],  # a repeated field
        [("@", "@string{lab = {Hao AI Lab}}\n\n@"), ("year = {", "year = {{")],  # a macro: read whole
        [("title = {", "title = {\\textit{Edited ")],  # a brace opened by a LaTeX command
        [("@", "@misc{second,\n  title = {Lost},\n}\n\n@"), ("@", "@misc{second,\n  title = {Again},\n}\n\n@")],
    ],
    ids=["brace", "repeated field", "macro", "latex", "repeated key"],
)
def test_an_error_after_an_entry_grew_is_reported_as_without_the_cache(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edits: list[tuple[str, str]]
) -> None:
    """With what the entries parsed to kept from the last build, an entry that grew by a line above a
    broken one moves the error's line: every problem is reported as a load without any cache reports it
    (message, line, entry, field)."""
    from labsite.data import bibtex, dataset

    cache = tmp_path / "cache"
    datacache.cached_load(data_dir, cache)
    bib = data_dir / "publications.bib"
    text = bib.read_text(encoding="utf-8")
    grown = text.replace("title = {", "note = {A line more},\n  title = {", 1)
    for old, new in edits:  # in the last entry
        at = grown.rindex(old)
        grown = grown[:at] + new + grown[at + len(old) :]
    bib.write_text(grown, encoding="utf-8")
    with pytest.raises(DataError) as cached:
        datacache.cached_load(data_dir, cache)
    monkeypatch.setattr(bibtex, "_ENTRIES", {}, raising=False)
    with pytest.raises(DataError) as uncached:
        dataset.load_site_data(data_dir)
    assert [str(p) for p in cached.value.problems] == [str(p) for p in uncached.value.problems]
    assert any(p.line for p in cached.value.problems)
