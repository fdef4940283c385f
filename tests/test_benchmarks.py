"""The benchmarks time the engine by the names of its functions: a renamed function must break this test,
not leave a benchmark that crashes or times nothing when someone runs it next (benchmarks/cv.py's CV share
named a method that had gone)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def benchmarks(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return BENCHMARKS


def test_every_function_the_cv_benchmark_times_exists(benchmarks: Path) -> None:
    cv = importlib.import_module("cv")
    from labsite.sphinx import cv as sphinx_cv

    for name in cv.TIMED:
        owner_name, _, attribute = name.rpartition(".")
        owner = getattr(sphinx_cv, owner_name) if owner_name else sphinx_cv
        assert callable(getattr(owner, attribute, None)), f"benchmarks/cv.py times {name}, which is gone"
    sys.modules.pop("cv", None)


def test_the_features_benchmark_switches_off_a_listener_that_exists(benchmarks: Path) -> None:
    features = importlib.import_module("features")
    from labsite.sphinx import search

    assert "search.index_generated_pages" in features.NO_SEARCH_PAGES
    assert callable(search.index_generated_pages)
    sys.modules.pop("features", None)


def test_the_build_benchmark_knows_which_pages_each_data_file_feeds(benchmarks: Path) -> None:
    """benchmarks/run.py checks that touching a data file re-reads just the pages using it; it derives them
    from the directives on the site's pages (it crashed when a directive's `uses` became a property)."""
    sites = importlib.import_module("sites")
    root = BENCHMARKS.parent
    using = sites.pages_using(root)
    pages = {path.relative_to(root / "docs").with_suffix("").as_posix() for path in (root / "docs").rglob("*.md")}
    assert using and all(found <= pages for found in using.values())
    for module in ("sites", "corpus"):
        sys.modules.pop(module, None)
