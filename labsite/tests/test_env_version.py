"""A build folder from an older labsite is read afresh (Sphinx's extension env_version), so the search
index never mixes words folded by this version with unfolded ones of the last."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

from labsite.testing import build
from pytest import MonkeyPatch

import labsite

ROOT = Path(__file__).parent / "roots" / "test-directives"


def terms(out: Path) -> set[str]:
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    return set(json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"])


def test_an_older_environment_is_read_again(tmp_path: Path) -> None:
    src = tmp_path / "site"
    shutil.copytree(ROOT, src)
    out = src / "_build" / "html"
    build(src, out)
    doctrees = out.parent / f"{out.name}-doctrees"
    environment = doctrees / "environment.pickle"
    env = pickle.loads(environment.read_bytes())
    env.version = {k: v for k, v in env.version.items() if k != "labsite"}  # as an older labsite left it
    environment.write_bytes(pickle.dumps(env))
    again = build(src, out, fresh=False)
    assert "0 added, 0 changed, 0 removed" not in again.status
    assert all(term == term.lower() and term.isascii() for term in terms(out))


def test_the_engine_s_code_is_part_of_the_env_version(tmp_path: Path) -> None:
    package = Path(labsite.__file__).parent
    copy = tmp_path / "labsite"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert labsite.env_version(copy) == labsite.env_version()
    module = copy / "content" / "render.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert labsite.env_version(copy) != labsite.env_version()


def test_a_build_folder_of_other_engine_code_is_read_again(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    src = tmp_path / "site"
    shutil.copytree(ROOT, src)
    out = src / "_build" / "html"
    build(src, out)
    unchanged = build(src, out, fresh=False)
    assert "0 added, 0 changed, 0 removed" in unchanged.status
    edited = labsite.env_version() + 1  # what an edit of the engine's code gives
    monkeypatch.setattr(labsite, "env_version", lambda package=None: edited)
    again = build(src, out, fresh=False)
    assert "0 added, 0 changed, 0 removed" not in again.status
    documents = sorted(p for p in src.rglob("*.md") if "_build" not in p.parts)
    assert f"{len(documents)} added" in again.status
