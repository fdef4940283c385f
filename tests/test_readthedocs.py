"""Emulate Read the Docs: run the build commands of .readthedocs.yaml in a copy of the repo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from checkout import copy_checkout

CANONICAL = "https://hao-zhang.readthedocs.io/"


def test_read_the_docs_build_puts_the_site_at_the_output_root(tmp_path: Path) -> None:
    checkout = copy_checkout(tmp_path / "checkout", venv=False)  # as Read the Docs clones it, no build output
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
    published = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert not [name for name in published if name.startswith(".doctrees/") or name.endswith(".pickle")], (
        "only the site is published: no doctrees or environment pickles in $READTHEDOCS_OUTPUT/html"
    )
