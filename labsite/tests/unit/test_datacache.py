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
