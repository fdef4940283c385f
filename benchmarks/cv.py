"""The CV's cost: its share of a clean build of the real site (x1), and the time to typeset cv.pdf
from the data multiplied (x100: about 7,500 papers). Goals: at most 10 % of a clean build; at most
2 s for the x100 PDF.

    .venv/bin/python benchmarks/cv.py [--scale 100] [--runs 3]

Works in a temporary folder (the repository is never written to). The share is measured in the
build's own process: the time spent in the CV's ``env-updated`` handler (typesetting both PDFs and
the JSON Resume) and in the ``cv`` directive, over the whole clean build.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from labsite.content import cv as content_cv
from labsite.data.builddate import build_datetime
from labsite.data.dataset import load_site_data
from labsite.sphinx import cv as sphinx_cv
from labsite.testing import build

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sites import real_site, scale_data


def share_of_clean_build(tmp: Path) -> tuple[float, float]:
    """(seconds of a clean build, seconds of it spent on the CV)."""
    site = real_site(tmp / "x1")
    spent = [0.0]
    make, render = sphinx_cv.make_cv_files, sphinx_cv.CV.render

    def timed_make(app, env):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return make(app, env)
        finally:
            spent[0] += time.perf_counter() - start

    def timed_render(self, data):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return render(self, data)
        finally:
            spent[0] += time.perf_counter() - start

    sphinx_cv.make_cv_files, sphinx_cv.CV.render = timed_make, timed_render  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        build(site / "docs", tmp / "x1-out", confdir=site)
        total = time.perf_counter() - start
    finally:
        sphinx_cv.make_cv_files, sphinx_cv.CV.render = make, render  # type: ignore[method-assign]
    return total, spent[0]


def pdf_time(tmp: Path, factor: int, runs: int) -> tuple[int, int, float]:
    """(papers, pages, median seconds) to build the view and typeset cv.pdf from the data x `factor`."""
    site = real_site(tmp / f"pdf-x{factor}")
    if factor > 1:
        scale_data(site, factor)
    data = load_site_data(site / "data")
    options = content_cv.CVOptions(
        updated=build_datetime(data),
        homepage="https://example.org/",
        paper_url=lambda p: f"https://example.org/publications/{p.key}/",
    )
    times, pages = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        _pdf, pages = content_cv.typst_pdf(content_cv.cv_document(data, options), content_cv.TEMPLATE)
        times.append(time.perf_counter() - start)
    return len(data.publications), pages, statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        total, spent = share_of_clean_build(tmp)
        print(
            f"clean build x1: {total:.2f} s, of which the CV {spent:.2f} s ({100 * spent / total:.1f} %; goal <= 10 %)"
        )
        for factor in (1, args.scale):
            papers, pages, seconds = pdf_time(tmp, factor, args.runs)
            print(f"cv.pdf x{factor}: {papers} papers, {pages} pages, {seconds:.2f} s (median of {args.runs})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
