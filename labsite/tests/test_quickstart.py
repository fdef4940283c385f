"""``labsite-quickstart DIR`` writes a new lab's site that builds strictly at once, also in a fresh
virtual environment with only the package (and its requirements.txt) installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from labsite.data.dataset import load_site_data
from labsite.quickstart import main, site_files
from labsite.testing import build

PACKAGE = Path(__file__).resolve().parent.parent  # labsite/, with pyproject.toml
EXPECTED = {"conf.py", "requirements.txt", "Makefile", ".readthedocs.yaml", "README.md", "docs/index.md"}
KINDS = ("profile", "people", "talks", "projects", "research", "teaching", "experience", "topics")


def text(html: Path) -> str:
    return " ".join(
        BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find("article").get_text(" ").split()
    )


def test_the_site_has_its_files_and_one_example_record_of_each_kind(tmp_path: Path) -> None:
    assert main([str(tmp_path / "lab"), "--title", "Loom Lab", "--owner", "Joseph Jacquard"]) == 0
    files = {p.relative_to(tmp_path / "lab").as_posix() for p in (tmp_path / "lab").rglob("*") if p.is_file()}
    assert files >= EXPECTED
    data = load_site_data(tmp_path / "lab" / "data")
    assert data.profile is not None and data.profile.name == "Joseph Jacquard"
    assert len(data.people.members) == len(data.talks.talks) == len(data.projects.projects) == 1
    assert len(data.research.areas) == len(data.teaching.courses) == len(data.experience.positions) == 1
    assert len(data.topics.topics) == len(data.publications) == 1
    assert all(getattr(data, kind) for kind in KINDS)


def test_it_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "conf.py").write_text("# mine\n")
    assert main([str(tmp_path)]) == 1
    assert "conf.py" in capsys.readouterr().err
    assert (tmp_path / "conf.py").read_text() == "# mine\n"
    assert not (tmp_path / "docs").exists()
    assert main([str(tmp_path), "--force"]) == 0


def test_the_new_site_builds_strictly_and_shows_its_records(tmp_path: Path) -> None:
    main([str(tmp_path / "lab"), "--title", "Loom Lab", "--owner", "Joseph Jacquard"])
    lab = tmp_path / "lab"
    result = build(lab / "docs", lab / "_build" / "html", confdir=lab)  # strict, nitpicky, dirhtml
    assert result.warnings == ""
    out = result.outdir
    data = load_site_data(tmp_path / "lab" / "data")
    assert data.people.members[0].name in text(out / "people" / "index.html")
    assert data.publications[0].title in text(out / "publications" / "index.html")
    assert data.talks.talks[0].venue in text(out / "talks" / "index.html")
    assert data.teaching.courses[0].name in text(out / "teaching" / "index.html")  # the .rst page


def test_in_a_fresh_virtual_environment_install_quickstart_and_build(tmp_path: Path) -> None:
    """Exactly what a new user does: a new venv, pip install the package, labsite-quickstart, make html.
    pip takes packages from the configured index (a local one on the test machines: no download)."""
    if shutil.which("make") is None:
        pytest.skip("needs make")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_ = venv / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "SOURCE_DATE_EPOCH")}
    env["PATH"] = f"{bin_}{os.pathsep}{env.get('PATH', '')}"
    pip = [str(bin_ / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, str(PACKAGE)], check=True, env=env, capture_output=True)
    site = tmp_path / "lab"
    subprocess.run([str(bin_ / "labsite-quickstart"), str(site)], check=True, env=env, capture_output=True)
    subprocess.run([*pip, "-r", "requirements.txt"], check=True, env=env, cwd=site, capture_output=True)
    result = subprocess.run(["make", "html"], env=env, cwd=site, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    assert "Example Lab" in text(site / "_build" / "html" / "index.html")
    assert set(site_files("Example Lab", "Alex Example")) <= {
        p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
    }
