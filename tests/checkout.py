"""Copies of this checkout for tests that build or edit the site: what a clone, a `git archive` or
GitHub's "Download ZIP" of this work contains, without version control (`.git`) and without anything
`.gitignore` leaves out (build output, the virtual environment, caches). Works the same whether or not
the tests themselves run in a git checkout."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: never part of a checkout's sources (as .gitignore says, plus version control itself)
IGNORED_PARTS = {".git", "_build", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis"}
IGNORED_PARTS |= {"node_modules"}
IGNORED_SUFFIXES = (".pyc",)


def source_names(root: Path = REPO) -> list[str]:
    """Every source file of `root` (relative, POSIX), as a checkout of it would have them."""
    names = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in IGNORED_PARTS for part in relative.parts) or relative.as_posix().startswith("docs/_generated"):
            continue
        if path.is_file() and not path.name.endswith(IGNORED_SUFFIXES):
            names.append(relative.as_posix())
    return names


def copy_checkout(destination: Path, venv: bool = True) -> Path:
    """Copy the sources to `destination` (file times kept, so `make` does not think requirements changed);
    with `venv`, link this checkout's `.venv` in, so `make` neither creates nor installs one."""
    for name in source_names():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    if venv:
        (destination / ".venv").symlink_to(REPO / ".venv")
    return destination


def git_archive(destination: Path) -> Path | None:
    """`git archive HEAD` unpacked into `destination`; None when this is no git checkout."""
    if not (REPO / ".git").exists() or shutil.which("git") is None:
        return None
    destination.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=REPO, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(destination)], input=archive.stdout, check=True)
    return destination


def hashes(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under `root` (relative, POSIX) -> SHA-256 of its bytes, leaving out paths starting with `skip`."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.relative_to(root).as_posix().startswith(skip)
    }
