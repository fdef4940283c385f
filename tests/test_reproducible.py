"""Two clean builds of the same sources are byte-identical, whatever the folder, the checkout (a clone
or an archive without .git), the time or `-j`; the build's "now" comes from the sources."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from checkout import REPO, copy_checkout, git_archive, hashes
from labsite.data import builddate
from labsite.data.dataset import SiteData
from sitebuild import Build, build_real_site

tree = hashes


def sphinx_build(checkout: Path, outdir: Path) -> subprocess.CompletedProcess[str]:
    """The Read the Docs command in `checkout`, with the labsite package of that checkout (as its own
    editable install would give it), without SOURCE_DATE_EPOCH."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONPATH"] = str(checkout / "labsite" / "src")
    command = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-nW", "--keep-going", "-c", "."]
    command += ["-d", str(outdir.parent / "doctrees"), "docs", str(outdir)]
    return subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True, timeout=900, check=False)


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


def test_two_checkouts_in_two_folders_build_the_same_bytes(tmp_path: Path) -> None:
    """Each checkout with its own copy of labsite (as each clone has its own editable install): every
    output file is the same, `.buildinfo` (the settings' hash) included."""
    outputs = []
    for name in ("first", "elsewhere/second"):
        checkout = copy_checkout(tmp_path / name / "checkout", venv=False)
        out = tmp_path / name / "out" / "html"
        result = sphinx_build(checkout, out)
        assert result.returncode == 0, result.stderr[-3000:]
        outputs.append(tree(out))
    first, second = outputs
    assert sorted(first) == sorted(second)
    assert ".buildinfo" in first
    assert sorted(name for name in first if first[name] != second[name]) == []


def test_an_archive_without_git_builds_the_same_site(site: Build, tmp_path: Path) -> None:
    """A `git archive` (or, outside git, a plain copy) has no history: it builds the same site, byte for
    byte, as the checkout, "Recent talks" included, so every check of the session's site (tests/test_site.py,
    tests/test_seo.py, ...) holds for it too; tests/test_readthedocs.py builds in a copy without .git."""
    archive = git_archive(tmp_path / "archive")
    clean = (
        archive is not None
        and not subprocess.run(
            ["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    if not clean:  # uncommitted work (or no git): what an archive of it would hold
        archive = copy_checkout(tmp_path / "copy", venv=False)
    assert archive is not None and not (archive / ".git").exists()
    out = tmp_path / "archive-out" / "html"
    result = sphinx_build(archive, out)
    assert result.returncode == 0, result.stderr[-3000:]
    built, expected = tree(out), tree(site.outdir)
    assert sorted(built) == sorted(expected)
    assert sorted(name for name in expected if built[name] != expected[name]) == []


# --- the build's "now" ---------------------------------------------------------------------------


def test_build_date_is_source_date_epoch(monkeypatch: pytest.MonkeyPatch, data: SiteData) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert builddate.build_datetime(data) == datetime.fromtimestamp(1700000000, UTC)


def test_build_date_comes_from_the_newest_talk_or_paper(monkeypatch: pytest.MonkeyPatch, data: SiteData) -> None:
    """Never the clock, never 1970, never the history: the month of the newest dated record."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    months = [tuple(reversed([int(x) for x in talk.date.split("/")])) for talk in data.talks.talks]
    months += [(paper.year, paper.month or 1) for paper in data.publications]
    year, month = max(months)
    assert builddate.build_datetime(data) == datetime(year, month, 1, tzinfo=UTC)
    assert builddate.build_datetime(SiteData(data_dir=data.data_dir)) == builddate.NO_DATE
