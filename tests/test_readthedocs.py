"""Emulate Read the Docs: run the build commands of .readthedocs.yaml in a copy of the repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
CANONICAL = "https://hao-zhang.readthedocs.io/"


def repo_files() -> list[str]:
    """Tracked and new (not ignored) files: what a checkout of this work would contain."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [name for name in listing.split("\0") if name and (REPO / name).is_file()]


def test_read_the_docs_build_puts_the_site_at_the_output_root(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    for name in repo_files():
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, checkout / name)
    config = yaml.safe_load((checkout / ".readthedocs.yaml").read_text())
    assert config["build"]["tools"]["python"] == f"{sys.version_info.major}.{sys.version_info.minor}"
    assert config["python"]["install"] == [{"requirements": "requirements.txt"}]

    output = tmp_path / "rtd-output"
    env = {
        **os.environ,
        "READTHEDOCS": "True",
        "READTHEDOCS_OUTPUT": str(output),
        "READTHEDOCS_CANONICAL_URL": CANONICAL,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    for command in config["build"]["jobs"]["build"]["html"]:
        assert "-W" in command.split() or "-nW" in command.split(), "the hosted build must be as strict as make html"
        subprocess.run(["bash", "-c", command], cwd=checkout, env=env, check=True, capture_output=True)

    site = output / "html"
    assert (site / "index.html").is_file()
    assert (site / "people" / "index.html").is_file(), "clean URLs: /people/ not /people.html"
    for page, path in (("index.html", ""), ("people/index.html", "people/")):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        assert soup.find("link", rel="canonical")["href"] == CANONICAL + path
    assert not (checkout / "_build").exists(), "the build must not leave _build/ in the checkout"
