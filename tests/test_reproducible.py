"""Two clean builds of the same sources are byte-identical, whatever the folder, the time or `-j`."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from labsite.data import builddate
from sitebuild import Build, build_real_site


def tree(root: Path) -> dict[str, str]:
    """Every file under `root` -> the SHA-256 of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_two_clean_builds_are_byte_identical(site: Build, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The session's site against a second clean build in another folder, written in parallel (`-j 2`)."""
    other = build_real_site(tmp_path_factory.mktemp("second-build") / "html", parallel=2)
    assert other.warnings == ""
    first, second = tree(site.outdir), tree(other.outdir)
    assert sorted(first) == sorted(second), "the same files"
    different = sorted(name for name in first if first[name] != second[name])
    assert different == []
    # the output never names the folder it was built in
    for name in ("index.html", "sitemap.xml", "llms.txt", "searchindex.js"):
        text = (site.outdir / name).read_text(encoding="utf-8")
        assert str(site.outdir.parent) not in text and str(Path(__file__).parent.parent) not in text


def test_build_date_is_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert builddate.build_datetime(Path(__file__).parent) == datetime.fromtimestamp(1700000000, UTC)


def test_build_date_without_source_date_epoch_is_never_the_wall_clock(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    builddate._last_commit_epoch.cache_clear()
    monkeypatch.setattr(builddate, "_last_commit_epoch", lambda folder: None)
    assert builddate.build_datetime(tmp_path) == datetime.fromtimestamp(0, UTC)


def test_build_date_falls_back_to_the_last_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = Path(__file__).resolve().parent.parent
    if not (repo / ".git").exists():
        pytest.skip("not a git checkout")
    commit = builddate._last_commit_epoch(str(repo))
    assert commit is not None
    assert builddate.build_datetime(repo) == datetime.fromtimestamp(commit, UTC)
    assert os.environ.get("SOURCE_DATE_EPOCH") is None
