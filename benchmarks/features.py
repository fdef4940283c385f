"""What "Cite this", news and the search index's generated pages cost in a clean build (issue 20).

    .venv/bin/python benchmarks/features.py                      # x1 (3 runs) and x100 (1 run)
    .venv/bin/python benchmarks/features.py --scales 1 --runs 5
    .venv/bin/python benchmarks/features.py --scales 1,100 --runs 3 --large-runs 1 --json features.json

The site (a copy of conf.py, docs/ and data/, its data multiplied as in run.py's scale benchmark) is
built clean by sphinx-build (`make html`'s command) five ways, in turn within each run (the order
rotates from run to run, so machine load falls on all alike):

- `all`: as configured;
- `no citations`: `labsite_citation_styles = []` (a paper page keeps its BibTeX and downloads);
- `no news`: `labsite_news_derived = ""` and `labsite_news_feed = ""` (no items, no feed);
- `no search pages`: the pages labsite writes from data (paper, topic, member and further list pages)
  left out of Sphinx's search index (the ``html-collect-pages`` hook of :mod:`labsite.sphinx.search`
  disconnected in conf.py's `setup`; the documents are indexed as before);
- `none`: all three off.

A multiplied site's short CV leaves out talks and students (which a hundred times the owner's would
push past its two pages, a build error), in every variant alike.

A feature's cost is `all` minus the build without it, as a share of `all`, per run, in CPU seconds of
the sphinx-build process (user + system: the builds are serial, and on a shared machine wall time swings
with other work far more than the features cost); the report gives medians of those (and the median CPU
and wall seconds of each build). "Together" is `all` minus `none`. The goal
(issue 20): together at most 15 % of a clean build at x100. The search index is measured on the `all`
build: `searchindex.js` in bytes and gzip -6 (as served compressed), and without the generated pages.
With `--browser`, the search page of the first `all` build is timed in headless Chromium
(:mod:`searchpage`: the first result of a few queries, and the finished list).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import searchpage
import sites
from run import Site, table

GOAL = 0.15  # issue 20: citations, news and search additions together, of a clean build at x100

NO_SEARCH_PAGES = '''
def setup(app):
    """The benchmark's switch: labsite's generated pages are not fed to the search index."""
    from labsite.sphinx import search

    for listener in list(app.events.listeners.get("html-collect-pages", [])):
        if listener.handler is search.index_generated_pages:
            app.disconnect(listener.id)
'''
#: a multiplied site's short CV (at most two pages) cannot hold a hundred times the talks and students
SCALED = '\nlabsite_cv_short_sections = "positions, education, awards, publications"\n'
#: variant -> what is appended to the site's conf.py
VARIANTS = {
    "all": "",
    "no citations": "\nlabsite_citation_styles = []\n",
    "no news": '\nlabsite_news_derived = ""\nlabsite_news_feed = ""\n',
    "no search pages": NO_SEARCH_PAGES,
}
VARIANTS["none"] = "".join(VARIANTS.values())
FEATURES = {"citations": "no citations", "news": "no news", "search pages": "no search pages", "together": "none"}


def measure(
    tmp: Path, factor: int, runs: int, jobs: str | None, log: Callable[[str], None], browser: bool = False
) -> dict:
    """Clean builds of the site at `factor` in each variant, `runs` times: seconds per variant, the
    per-run share of each feature, the search index's size and (`browser`) the search page's times."""
    site = Site(sites.real_site(tmp / f"features-x{factor}"))
    counts = sites.scale_data(site.root, factor) if factor > 1 else sites.count_data(site.root)
    conf = site.root / "conf.py"
    original = conf.read_text(encoding="utf-8") + (SCALED if factor > 1 else "")
    names = list(VARIANTS)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    wall: dict[str, list[float]] = {name: [] for name in names}
    index: dict[str, bytes] = {}
    queries: dict[str, dict[str, float | None]] = {}
    if factor < 100:  # a build of minutes needs none
        log(f"features x{factor}: warm-up build")
        conf.write_text(original, encoding="utf-8")
        site.build(jobs, timeout=3600)  # fills the file system's and Python's caches for all variants alike
    for i in range(runs):
        order = names[i % len(names) :] + names[: i % len(names)]
        for name in order:
            log(f"features x{factor}: run {i + 1}/{runs}, {name}")
            conf.write_text(original + VARIANTS[name], encoding="utf-8")
            site.clean()
            run = site.build(jobs, timeout=3600)
            seconds[name].append(run.cpu_seconds)
            wall[name].append(run.seconds)
            if name in ("all", "no search pages"):
                index[name] = (site.out / "searchindex.js").read_bytes()
            if browser and name == "all" and not queries:
                log(f"features x{factor}: the search page in Chromium")
                queries = searchpage.query_times(site.out)
    shutil.rmtree(site.root, ignore_errors=True)
    shares = {
        feature: [(a - b) / a for a, b in zip(seconds["all"], seconds[variant], strict=True)]
        for feature, variant in FEATURES.items()
    }
    return {
        "factor": factor,
        **counts,
        "runs": runs,
        "jobs": jobs,
        "seconds": seconds,  # CPU
        "wall_seconds": wall,
        "shares": shares,
        "search_index_bytes": len(index["all"]),
        "search_index_gz_bytes": len(gzip.compress(index["all"], 6)),
        "search_index_documents_only_bytes": len(index["no search pages"]),
        "search_index_documents_only_gz_bytes": len(gzip.compress(index["no search pages"], 6)),
        "search_page": queries,
    }


def report(results: list[dict]) -> str:
    rows = []
    for r in results:
        clean = statistics.median(r["seconds"]["all"])
        for feature, variant in FEATURES.items():
            share = statistics.median(r["shares"][feature])
            goal = f"<= {GOAL:.0%} " + ("ok" if share <= GOAL else "OVER") if feature == "together" else ""
            rows.append(
                [
                    f"x{r['factor']} ({r['papers']} papers)",
                    feature,
                    f"{clean:.1f}",
                    f"{statistics.median(r['wall_seconds']['all']):.1f}",
                    f"{statistics.median(r['seconds'][variant]):.1f}",
                    f"{clean - statistics.median(r['seconds'][variant]):+.1f}",
                    f"{share:.1%}",
                    goal if r["factor"] >= 100 else "",
                    r["runs"],
                ]
            )
    headers = [
        "scale",
        "feature",
        "clean CPU s",
        "clean wall s",
        "without CPU s",
        "cost CPU s",
        "share (median)",
        "goal at x100",
        "runs",
    ]
    sizes = [
        [
            f"x{r['factor']}",
            f"{r['search_index_bytes'] / 1000:.0f} / {r['search_index_gz_bytes'] / 1000:.0f}",
            f"{r['search_index_documents_only_bytes'] / 1000:.0f} / "
            f"{r['search_index_documents_only_gz_bytes'] / 1000:.0f}",
        ]
        for r in results
    ]
    queries = [
        [
            f"x{r['factor']}",
            query,
            f"{f['first_ms']:.0f}",
            f"{f['finished_ms']:.0f}" if f["finished_ms"] is not None else "over 30 s",
            f["results"],
        ]
        for r in results
        for query, f in r.get("search_page", {}).items()
    ]
    browser = (
        [
            "",
            "search page in Chromium (ms from navigation, median)",
            table(["scale", "query", "first result", "finished", "results listed"], queries),
        ]
        if queries
        else []
    )
    return "\n".join(
        [
            "Features: clean sphinx-build with each feature switched off, in turn within each run; cost = with -"
            " without (CPU seconds); share = cost / clean build with everything (median of per-run shares)",
            table(headers, rows),
            "",
            "searchindex.js (KB = 1000 bytes / gzip -6)",
            table(["scale", "with generated pages", "documents only"], sizes),
            *browser,
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,100", help="data multipliers; default 1,100")
    parser.add_argument("--runs", type=int, default=3, help="runs (each builds every variant) below x100; default 3")
    parser.add_argument("--large-runs", type=int, default=1, help="runs at x100 and above; default 1")
    parser.add_argument("--jobs", default="", help="build with -j JOBS (default: serially, as `make html`)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--browser", action="store_true", help="also time the search page in Chromium")
    args = parser.parse_args(argv)
    log = lambda message: print(f"... {message}", file=sys.stderr, flush=True)  # noqa: E731
    results = []
    with tempfile.TemporaryDirectory(prefix="labsite-features-") as folder:
        for factor in (int(f) for f in args.scales.split(",") if f.strip()):
            runs = args.large_runs if factor >= 100 else args.runs
            results.append(measure(Path(folder), factor, runs, args.jobs or None, log, args.browser))
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
