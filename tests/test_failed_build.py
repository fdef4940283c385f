"""`make html` on bad data fails clearly and changes nothing: not the sources, not the last good site.

Works on a copy of the repository (its tracked and new, not ignored, files) that shares this
checkout's .venv. Python's network access is cut off in the builds, so they also prove the build
needs no network.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NO_NETWORK = """\
import socket

def _refuse(*args, **kwargs):
    raise OSError("the build must not use the network")

_connect = socket.socket.connect

def _connect_local(self, address, *args, **kwargs):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _refuse()
    return _connect(self, address, *args, **kwargs)

socket.socket.connect = _connect_local
socket.getaddrinfo = _refuse
socket.create_connection = _refuse
"""

pytestmark = pytest.mark.skipif(
    shutil.which("make") is None or shutil.which("git") is None or not (REPO / ".git").exists(),
    reason="needs make, git and a git checkout",
)


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)


def hashes(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def source_files(root: Path) -> dict[str, str]:
    """Every file of the copy except build output and the shared .venv."""
    return {
        name: digest for name, digest in hashes(root).items() if not name.startswith(("_build/", ".venv/", ".git/"))
    }


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("repo")
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO).stdout.split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)  # keeps times: make must not think requirements changed
    (copy / ".venv").symlink_to(REPO / ".venv")
    # a git repository of the copy, to see afterwards whether the build changed or added any source file
    identity = ["-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "-A"], [*identity, "commit", "-q", "--no-verify", "-m", "copy"]):
        result = run(["git", *args], copy)
        assert result.returncode == 0, result.stderr
    return copy


@pytest.fixture(scope="module")
def offline_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    site_dir = tmp_path_factory.mktemp("offline")
    (site_dir / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": str(site_dir), "NO_COLOR": "1"}


def make_html(copy: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # `-o`: never (re)install into the shared .venv from here
    return run(["make", "-o", ".venv/.build-installed", "html"], copy, env)


def git_changes(copy: Path) -> list[str]:
    changed = run(["git", "diff", "--name-status"], copy).stdout.splitlines()
    added = run(["git", "ls-files", "--others", "--exclude-standard"], copy).stdout.splitlines()
    return changed + [f"new: {name}" for name in added]


def break_a_date(copy: Path) -> tuple[int, str]:
    """Make the first member's start date malformed; returns the line and the member's id."""
    path = copy / "data" / "people.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if re.match(r"\s+start: \"?\d\d/\d{4}", line))
    member = next(re.search(r"id: (\S+)", line).group(1) for line in reversed(lines[:index]) if "id: " in line)
    lines[index] = re.sub(r"(\d\d)/(\d{4})", lambda m: f"{int(m.group(1))}/{m.group(2)}", lines[index], count=1)
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1, member


def test_a_failed_build_leaves_the_sources_and_the_last_good_site_untouched(
    repo_copy: Path, offline_env: dict[str, str]
) -> None:
    good = make_html(repo_copy, offline_env)
    assert good.returncode == 0, good.stdout[-3000:] + good.stderr[-3000:]
    assert git_changes(repo_copy) == [], "the build changed or added source files"
    site = repo_copy / "_build" / "html"
    assert (site / "index.html").is_file()
    last_good_site = hashes(site)

    people = repo_copy / "data" / "people.yaml"
    original = people.read_bytes()
    line, member = break_a_date(repo_copy)
    sources = source_files(repo_copy)
    try:
        failed = make_html(repo_copy, offline_env)
        sources_after, changes = source_files(repo_copy), git_changes(repo_copy)
    finally:
        people.write_bytes(original)

    assert failed.returncode != 0
    assert f"data/people.yaml:{line}: entry '{member}', field 'start': " in failed.stderr
    assert "expected MM/YYYY" in failed.stderr
    assert hashes(site) == last_good_site, "a failed build changed the last good site"
    assert sources_after == sources, "a failed build changed source files"
    assert changes == ["M\tdata/people.yaml"]  # the edit above, nothing else


def test_sphinx_build_itself_stops_before_writing_anything(repo_copy: Path, offline_env: dict[str, str]) -> None:
    """Read the Docs runs sphinx-build directly: bad data must stop it before any page is written."""
    people = repo_copy / "data" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("members:\n", "members:\n  - id: nobody\n", 1), encoding="utf-8")
    try:
        out = repo_copy / "_build" / "direct"
        result = run(
            [str(REPO / ".venv" / "bin" / "sphinx-build"), "-b", "dirhtml", "-nW", "docs", str(out), "-c", "."],
            repo_copy,
            offline_env,
        )
    finally:
        people.write_text(text, encoding="utf-8")
    assert result.returncode != 0
    assert "Problems in data files" in result.stderr
    assert "entry 'nobody', field 'name': is required but missing" in result.stderr
    assert not list(out.rglob("*.html"))


def test_check_is_fast_enough_to_run_on_every_save(repo_copy: Path) -> None:
    """`make check` validates every data file without building, in about a second."""
    started = time.monotonic()
    result = run([sys.executable, "-X", "importtime", "-m", "labsite.data.check"], repo_copy)
    assert result.returncode == 0, result.stderr[-2000:]
    assert time.monotonic() - started < 5  # about a second; generous for a busy machine
    assert "sphinx" not in {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines()}
