"""`make html` on bad data fails clearly and changes nothing: not the sources, not the last good site.

Works on a copy of the repository (its tracked and new, not ignored, files) that shares this
checkout's .venv. Python's network access is cut off in the builds, so they also prove the build
needs no network.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from checkout import REPO, copy_checkout, hashes

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

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
SITE_FILES = ("_build/", ".venv/")


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)


def source_files(root: Path) -> dict[str, str]:
    """Every file of the copy except build output and the shared .venv."""
    return hashes(root, skip=SITE_FILES)


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the checkout without .git (as an archive of it would be), sharing this .venv."""
    return copy_checkout(tmp_path_factory.mktemp("repo"))


@pytest.fixture(scope="module")
def offline_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    site_dir = tmp_path_factory.mktemp("offline")
    (site_dir / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(site_dir), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "NO_COLOR": "1"}


def make_html(copy: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # `-o`: never (re)install into the shared .venv from here
    return run(["make", "-o", ".venv/.build-installed", "html"], copy, env)


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """What changed between two `source_files` listings: 'M name', 'new: name', 'D name'."""
    changed = [f"M\t{name}" for name in sorted(before) if name in after and after[name] != before[name]]
    added = [f"new: {name}" for name in sorted(set(after) - set(before))]
    return changed + added + [f"D\t{name}" for name in sorted(set(before) - set(after))]


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
    pristine = source_files(repo_copy)
    good = make_html(repo_copy, offline_env)
    assert good.returncode == 0, good.stdout[-3000:] + good.stderr[-3000:]
    assert changes(pristine, source_files(repo_copy)) == [], "the build changed or added source files"
    site = repo_copy / "_build" / "html"
    assert (site / "index.html").is_file()
    last_good_site = hashes(site)

    people = repo_copy / "data" / "people.yaml"
    original = people.read_bytes()
    line, member = break_a_date(repo_copy)
    sources = source_files(repo_copy)
    try:
        failed = make_html(repo_copy, offline_env)
        sources_after = source_files(repo_copy)
    finally:
        people.write_bytes(original)

    assert failed.returncode != 0
    assert f"data/people.yaml:{line}: entry '{member}', field 'start': " in failed.stderr
    assert "expected MM/YYYY" in failed.stderr
    assert hashes(site) == last_good_site, "a failed build changed the last good site"
    assert sources_after == sources, "a failed build changed source files"
    assert changes(pristine, sources_after) == ["M\tdata/people.yaml"]  # the edit above, nothing else
    assert "Traceback" not in failed.stderr


def livehtml_command(copy: Path) -> list[str]:
    """The sphinx-build command `make livehtml` runs on every change (sphinx-autobuild's own options left out)."""
    dry = run(["make", "-n", "-o", ".venv/.dev-installed", "-o", ".venv/.build-installed", "livehtml"], copy)
    line = next(line for line in dry.stdout.replace("\\\n", " ").splitlines() if "sphinx-autobuild" in line)
    words = line.split()[1:]
    args, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word in ("--watch", "--port", "--host", "--ignore", "--re-ignore", "--pre-build", "--post-build"):
            skip = True
        elif not word.startswith(("--open-browser", "--delay")):
            args.append(word)
    return [str(REPO / ".venv" / "bin" / "python"), "-m", "sphinx", *args]


def read_the_docs_commands(output: Path) -> list[list[str]]:
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    return [
        ["bash", "-c", command.replace("$READTHEDOCS_OUTPUT", str(output)).replace("python ", f"{sys.executable} ", 1)]
        for command in config["build"]["jobs"]["build"]["html"]
    ]


def commands(copy: Path) -> dict[str, list[list[str]]]:
    """How each way of building runs: make html, make livehtml (each rebuild) and Read the Docs."""
    return {
        "make html": [["make", "-o", ".venv/.build-installed", "html"]],
        "make livehtml": [livehtml_command(copy)],
        "Read the Docs": read_the_docs_commands(copy / "_build" / "rtd"),
    }


def run_all(steps: list[list[str]], copy: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    for step in steps:
        result = run(step, copy, env)
        if result.returncode != 0:
            return result
    return result


@pytest.mark.parametrize("how", ["make html", "make livehtml", "Read the Docs"])
def test_bad_data_prints_the_plain_problem_list_of_make_check(
    repo_copy: Path, offline_env: dict[str, str], how: str
) -> None:
    """Read the Docs and livehtml run sphinx-build itself: the same list as `make check`, no crash report."""
    people = repo_copy / "data" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("members:\n", "members:\n  - id: nobody\n", 1), encoding="utf-8")
    out = repo_copy / "_build"
    before = hashes(out) if out.exists() else {}
    try:
        check = run([str(REPO / ".venv" / "bin" / "labsite-check"), "data"], repo_copy, offline_env)
        result = run_all(commands(repo_copy)[how], repo_copy, offline_env)
    finally:
        people.write_text(text, encoding="utf-8")
    assert check.returncode != 0 and result.returncode != 0
    problems = [line for line in check.stderr.splitlines() if line.strip()]
    assert "entry 'nobody', field 'name': is required but missing" in check.stderr
    shown = result.stderr.splitlines()
    start = shown.index(problems[0])
    assert shown[start : start + len(problems)] == problems
    for noise in ("Traceback", "please report", "Exception occurred", "matplotlib"):
        assert noise not in result.stderr + result.stdout
    assert (hashes(out) if out.exists() else {}) == before, "nothing is written"


@pytest.mark.parametrize("how", ["make html", "make livehtml", "Read the Docs"])
def test_a_failed_build_stays_failed_until_the_page_is_fixed(
    repo_copy: Path, offline_env: dict[str, str], how: str
) -> None:
    """A broken link fails the build; building again with no change fails again, the same way."""
    steps = commands(repo_copy)[how]
    first = run_all(steps, repo_copy, offline_env)
    assert first.returncode == 0, first.stderr[-3000:]
    published = repo_copy / "_build" / "html"
    last_good = hashes(published) if published.exists() else {}
    page = next(p for p in sorted((repo_copy / "docs").glob("*.md")) if p.stem != "index")
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n\nSee [old](old-news.md).\n", encoding="utf-8")
    try:
        runs = [run_all(steps, repo_copy, offline_env) for _ in range(2)]
    finally:
        page.write_text(text, encoding="utf-8")
    for result in runs:
        assert result.returncode != 0, "a build with a broken link must fail, every time"
        assert "old-news" in result.stderr, result.stderr[-2000:]
        assert "build succeeded" not in result.stdout
    if how == "make html":
        assert hashes(published) == last_good, "a failed build never replaces the published site"
    fixed = run_all(steps, repo_copy, offline_env)
    assert fixed.returncode == 0, fixed.stderr[-3000:]


def test_a_build_says_nothing_that_is_not_news(repo_copy: Path, offline_env: dict[str, str]) -> None:
    """No "matplotlib is not installed" line (social cards are off); when nothing changed, Sphinx reads and
    writes nothing and says no "The configuration has changed", and `make html` does not even start it."""
    built = make_html(repo_copy, offline_env)
    assert built.returncode == 0, built.stderr[-3000:]
    sphinx = ["-b", "dirhtml", "-nW", "--keep-going", "docs", "_build/staging", "-c", ".", "-d", "_build/doctrees"]
    for attempt in range(2):
        # the interpreter `make html` runs labsite-build with (the copy's .venv links to this one's)
        python = repo_copy / ".venv" / "bin" / "python"
        result = run([str(python), "-m", "sphinx", *sphinx], repo_copy, offline_env)
        assert result.returncode == 0, result.stderr[-3000:]
        log = result.stdout + result.stderr
        assert "matplotlib" not in log
        assert "The configuration has changed" not in log, f"run {attempt + 1}"
        assert "0 added, 0 changed, 0 removed" in result.stdout
        assert "no targets are out of date" in result.stdout
        assert result.stderr == ""
    again = make_html(repo_copy, offline_env)
    assert again.returncode == 0 and "is up to date" in again.stdout, again.stdout
    assert "sphinx-build" not in again.stdout


def test_check_is_fast_enough_to_run_on_every_save(repo_copy: Path) -> None:
    """`make check` validates every data file without building, in about a second: it reads conf.py with
    Sphinx's own reader (sphinx.config) but never starts Sphinx (no application, builder or parser)."""
    started = time.monotonic()
    result = run([sys.executable, "-X", "importtime", "-m", "labsite.check"], repo_copy)
    assert result.returncode == 0, result.stderr[-2000:]
    assert time.monotonic() - started < 5  # about a second; generous for a busy machine
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    started_sphinx = {"sphinx.application", "sphinx.builders", "sphinx.environment", "docutils.parsers", "myst_parser"}
    assert "sphinx.config" in imported and not imported & started_sphinx
