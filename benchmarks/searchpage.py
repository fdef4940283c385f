"""How long a visitor waits for the site's search page to answer, in headless Chromium (issue 20).

    .venv/bin/python benchmarks/searchpage.py OUTDIR [--runs 5] [--queries "zhang,parallel,distrib"]

Serves a built site (OUTDIR: the `dirhtml` output, e.g. `_build/html`) on 127.0.0.1 and opens
`search/?q=<query>` in a fresh page for each query and run, and times from the start of the navigation:

- `first result`: the first result is listed (the page loaded, `searchindex.js` downloaded and parsed,
  the query run): what a visitor waits for;
- `finished`: the summary says the search has finished. Sphinx's searchtools.js lists the results one by
  one, 5 ms apart, each fetching its page for the text around the query: this grows with the number of
  results (a thousand results take seconds whatever the index), and is given up after `--finish-limit`.

Reports medians per query and the number of results. Needs Debian's Chromium and Playwright (the browser
tests' requirements). `features.py --browser` runs it on the site it built.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path
from urllib.parse import quote

from lighthouse import serve

#: what a visitor might type: a name on most papers, a topic word, a word's start (partial matches)
QUERIES = ("zhang", "parallel", "distrib")
FIRST = "() => document.querySelector('#search-results ul.search > li') !== null"
FINISHED = (
    "() => { const s = document.querySelector('#search-results .search-summary');"
    " return s && !document.querySelector('#search-results.searching') && s.textContent.trim() !== ''; }"
)


def query_times(
    outdir: Path, queries: tuple[str, ...] = QUERIES, runs: int = 5, finish_limit: float = 30
) -> dict[str, dict[str, float | None]]:
    """query -> {"first_ms": median milliseconds to the first result, "finished_ms": to the finished list
    (None when a run took over `finish_limit` seconds), "results": how many were listed then}. Raises
    RuntimeError when Chromium is not installed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).is_file():
        raise RuntimeError("no Chromium: apt-get install -y chromium")
    found: dict[str, dict[str, float | None]] = {}
    with serve(outdir) as root, sync_playwright() as playwright:
        base = root + "/"  # served with gzip like a real host (the Lighthouse benchmark's server)
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            for query in queries:
                first: list[float] = []
                finished: list[float | None] = []
                results = 0
                for _ in range(runs + 1):  # the first fills the server's and the disk's caches
                    page = browser.new_page()
                    page.goto(f"{base}search/?q={quote(query)}")
                    page.wait_for_function(FIRST, polling=5, timeout=120_000)
                    first.append(page.evaluate("performance.now()"))
                    try:
                        page.wait_for_function(FINISHED, polling=5, timeout=finish_limit * 1000)
                        finished.append(page.evaluate("performance.now()"))
                    except PlaywrightTimeout:
                        finished.append(None)
                    results = page.locator("#search-results ul.search > li").count()
                    page.close()
                done = [t for t in finished[1:] if t is not None]
                found[query] = {
                    "first_ms": statistics.median(first[1:]),
                    "finished_ms": statistics.median(done) if len(done) == runs else None,
                    "results": results,
                }
        finally:
            browser.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir", type=Path, help="a built site (dirhtml output)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query; default 5")
    parser.add_argument("--finish-limit", type=float, default=30, help="seconds to wait for the full list; default 30")
    parser.add_argument("--queries", default=",".join(QUERIES), help="comma-separated; default " + ",".join(QUERIES))
    args = parser.parse_args(argv)
    queries = tuple(q.strip() for q in args.queries.split(",") if q.strip())
    size = (args.outdir / "searchindex.js").stat().st_size
    print(f"searchindex.js: {size / 1000:.0f} KB")
    for query, f in query_times(args.outdir, queries, args.runs, args.finish_limit).items():
        finished = f"{f['finished_ms']:.0f} ms" if f["finished_ms"] is not None else f"over {args.finish_limit:.0f} s"
        print(f"{query!r}: first result {f['first_ms']:.0f} ms, finished {finished} ({f['results']} results listed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
