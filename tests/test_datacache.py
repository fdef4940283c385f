"""The data cache (labsite.data.datacache): rebuilds skip parsing unchanged data, never skip checking changed data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from labsite.data import datacache
from labsite.data.problems import DataError

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(REPO / "data", target)
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
