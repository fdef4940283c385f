"""Benchmarks: build speed against a bare furo site, scale (data x10, x100), page weight.

    .venv/bin/python benchmarks/run.py            # everything (a few minutes)
    .venv/bin/python benchmarks/run.py --runs 7 --scales 10 --only build,weight
    .venv/bin/python benchmarks/run.py --only corpus --runs 3   # 1,865 real-shaped papers

Everything is built in a temporary folder from copies of the sources; the repository is never
written to. Build speed is measured as the editor runs it: the whole `make html` of the site (its
up-to-date check, sphinx-build and the copy into _build/html) against a bare furo + MyST site with as
many pages built by plain `sphinx-build`. Timings are medians; the ratios to the bare site are medians
of per-run ratios, the two sites being built alternately in the same run, so machine load affects both
alike. The table also shows the site's own sphinx-build without `make` (the same command), for the
cost of Sphinx itself when something changed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import sites
from sphinx_run import Run, make_html, sphinx_build
from weight import site_weights

#: make-level ratios to the bare site (issue 11): a clean build no slower, a no-op almost free, one page fast
BUDGETS = {"clean": 1.0, "no-op": 1.15, "edit one page": 1.5}
PAGE_BUDGET = 100_000  # bytes, compressed, everything a content page loads
EDITED_PAGE = "teaching"


def table(headers: Sequence[str], rows: list[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))

    return "\n".join([line(cells[0]), line(["-" * w for w in widths]), *map(line, cells[1:])])


class Site:
    """A site folder with its output and doctree folders, built by plain sphinx-build."""

    def __init__(self, root: Path) -> None:
        self.root, self.out, self.doctrees = root, root / "_out", root / "_doctrees"

    def clean(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.rmtree(self.doctrees, ignore_errors=True)

    def build(self, jobs: str | None = None, timeout: float = 900) -> Run:
        return sphinx_build(self.root, self.out, self.doctrees, jobs, timeout)

    def append(self, relative: str, text: str) -> None:
        with (self.root / relative).open("a", encoding="utf-8") as f:
            f.write(text)


class MadeSite(Site):
    """The real site, built with `make html` (into _build/html, via _build/staging and _build/doctrees)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.out, self.doctrees = root / "_build" / "html", root / "_build" / "doctrees"

    def clean(self) -> None:  # make clean
        shutil.rmtree(self.root / "_build", ignore_errors=True)

    def build(self, jobs: str | None = None, timeout: float = 900) -> Run:
        """`make html` (`jobs`: a sphinx-build with -j into other folders). Its ``read`` are the documents
        whose doctree Sphinx wrote again, its ``written`` the pages whose HTML changed: `make html` builds in
        parallel, and Sphinx's progress lines then name only each chunk's first and last document."""
        if jobs:
            return sphinx_build(self.root, self.root / "_build" / "jobs", self.root / "_build" / "jobs-doctrees", jobs)
        before = self.snapshot()
        run = make_html(self.root, timeout)
        after = self.snapshot()
        run.read = {doc for doc, stamp in after[0].items() if before[0].get(doc) != stamp}
        run.written = {page for page, digest in after[1].items() if before[1].get(page) != digest}
        return run

    def snapshot(self) -> tuple[dict[str, int], dict[str, bytes]]:
        """(document -> its doctree's modification time, page -> digest of its HTML); a page is named as its
        document (`people/index`, `teaching`; a generated one by its folder, `publications/zheng2022alpa`)."""
        doctrees = {
            path.relative_to(self.doctrees).with_suffix("").as_posix(): path.stat().st_mtime_ns
            for path in self.doctrees.rglob("*.doctree")
        }
        out, pages = self.out.resolve(), {}
        for path in out.rglob("*.html") if self.out.exists() else ():
            name = path.relative_to(out).with_suffix("").as_posix().removesuffix("/index")
            pages[f"{name}/index" if f"{name}/index" in doctrees else name] = hashlib.sha256(path.read_bytes()).digest()
        return doctrees, pages

    def sphinx(self) -> Run:
        """The sphinx-build command of `make html` alone (no up-to-date check, no copy), by the site's own
        `.venv/bin/python` as `make html` runs it: the paths of the packages' static folders (in the
        settings every page depends on) are then the same, and the next `make html` writes no page again."""
        python = str(self.root / ".venv" / "bin" / "python")
        return sphinx_build(self.root, self.root / "_build" / "staging", self.doctrees, python=python)


# --- 1. build speed ---------------------------------------------------------------------------


def build_speed(tmp: Path, runs: int, jobs: str | None, log: Callable[[str], None]) -> dict:
    real = MadeSite(sites.real_site(tmp / "real"))
    names = sites.docnames(real.root)
    log("build speed: warm-up build (counts the pages)")
    real.build()
    pages = sites.content_pages(real.out)
    bare = Site(sites.bare_site(tmp / "bare", names, len(pages)))
    page = EDITED_PAGE if EDITED_PAGE in names else names[-1]
    times: dict[tuple[str, str], list[float]] = {}
    ratios: dict[str, list[float]] = {}
    checks: list[tuple[str, set[str], set[str], set[str]]] = []  # (what, expected, read, written)

    def record(scenario: str, pair: dict[str, Run]) -> None:
        for name, run in pair.items():
            times.setdefault((scenario, name), []).append(run.seconds)
        if len(pair) == 2:
            ratios.setdefault(scenario, []).append(pair["site"].seconds / pair["bare"].seconds)

    for i in range(runs):
        log(f"build speed: run {i + 1}/{runs}")
        order = [("bare", bare), ("site", real)] if i % 2 == 0 else [("site", real), ("bare", bare)]
        for scenario in ("clean", "no-op", "no-op (sphinx-build)", "edit one page"):
            pair = {}
            for name, site in order:
                if scenario == "clean":
                    site.clean()
                elif scenario == "edit one page":
                    site.append(f"docs/{page}.md", f"\n\nEdited by the benchmark (run {i + 1}).\n")
                if scenario == "no-op (sphinx-build)" and isinstance(site, MadeSite):
                    pair[name] = site.sphinx()
                else:
                    pair[name] = site.build()
            record(scenario, pair)
            if scenario == "edit one page" and i == 0:
                checks.append((f"edit docs/{page}.md", {page}, pair["site"].read, pair["site"].written))
        real.append(
            "data/talks.yaml",
            f'  - type: talk\n    venue: "Benchmark Seminar {i + 1}"\n    date: "01/2020"\n',
        )
        run = real.build()
        record("add a talk", {"site": run})
        if i == 0:
            expected = sites.pages_using(real.root).get("talks.yaml", set())
            checks.append(("add an entry to data/talks.yaml", expected, run.read, run.written))
        if jobs:
            pair = {}
            for name, site in order:
                site.clean()
                pair[name] = site.build(jobs)
            record(f"clean -j {jobs}", pair)

    log("build speed: which pages each data file re-reads")
    for data_file, expected in sorted(sites.pages_using(real.root).items()):
        if not (real.root / "data" / data_file).is_file():
            continue  # a kind the site has no file of
        real.append(f"data/{data_file}", "\n" if data_file.endswith(".bib") else "\n# touched by the benchmark\n")
        if data_file.endswith(".bib"):
            expected = set()  # the BibTeX is read by its entries (a cache keyed by content): none changed
        run = real.build()
        checks.append((f"touch data/{data_file}", expected, run.read, run.written))
    parents = sites.toctree_parents(real.root)
    return {
        "parents": {k: sorted(v) for k, v in parents.items()},
        "pages": len(pages),
        "sources": len(names),
        "times": {f"{s}|{n}": v for (s, n), v in times.items()},
        "ratios": ratios,
        "checks": [
            {"change": c, "expected": sorted(e), "read": sorted(r), "written": sorted(w)} for c, e, r, w in checks
        ],
        "outdir": str(real.out),
    }


def report_build(result: dict) -> str:
    times, ratios = result["times"], result["ratios"]
    rows = []
    for scenario in dict.fromkeys(key.split("|")[0] for key in times):
        site = times.get(f"{scenario}|site", [])
        bare = times.get(f"{scenario}|bare", [])
        ratio = statistics.median(ratios[scenario]) if scenario in ratios else None
        budget = BUDGETS.get(scenario)
        verdict = "" if budget is None or ratio is None else ("ok" if ratio <= budget else "OVER")
        rows.append(
            [
                scenario,
                f"{statistics.median(site):.2f}" if site else "-",
                f"{statistics.median(bare):.2f}" if bare else "-",
                f"{ratio:.2f}x" if ratio else "-",
                f"<= {budget}x {verdict}" if budget else "",
                len(site),
            ]
        )
    out = [
        f"Build speed: `make html` of the site ({result['pages']} HTML pages from {result['sources']} sources) vs"
        " plain sphinx-build of a bare furo + MyST site with as many pages, built alternately in the same run"
        " ('no-op (sphinx-build)': the site's sphinx-build command alone, without make)",
        table(["scenario", "site s (median)", "bare s (median)", "ratio (median)", "budget", "runs"], rows),
        "",
        "What Sphinx re-read (doctrees written again) and which pages changed (HTML differing) after each change:",
    ]
    check_rows = []
    for check in result["checks"]:
        # Sphinx also rewrites the pages whose toctree lists a re-read page (it does so on the bare site too)
        allowed = set(check["read"]).union(*(result["parents"].get(page, []) for page in check["read"]))
        if check["change"].startswith(("touch data/", "add an entry")):
            allowed = set(check["written"])  # data is in every page's head and sidebar: all are written again
        verdict = "ok" if check["read"] == check["expected"] and set(check["written"]) <= allowed else "!!"
        check_rows.append(
            [
                check["change"],
                " ".join(check["expected"]) or "-",
                " ".join(check["read"]) or "-",
                " ".join(check["written"]) or "-",
                verdict,
            ]
        )
    out.append(table(["change", "pages using it", "re-read", "written", ""], check_rows))
    out.append(
        "(ok: re-read just the pages using the change; wrote those and their toctree parents, as Sphinx does,"
        " or, after a data change, every page: each one's head tags and navigation may show the data)"
    )
    return "\n".join(out)


# --- 2. scale ---------------------------------------------------------------------------------


def largest_page(outdir: Path) -> tuple[str, int, int]:
    pages = list(outdir.rglob("*.html"))
    biggest = max(pages, key=lambda p: p.stat().st_size)
    return str(biggest.relative_to(outdir)), biggest.stat().st_size, len(pages)


def scale(tmp: Path, factors: list[int], runs: int, jobs: str | None, log: Callable[[str], None]) -> list[dict]:
    results = []
    for factor in factors:
        site = Site(sites.real_site(tmp / f"scale-x{factor}"))
        counts = sites.scale_data(site.root, factor) if factor > 1 else sites.count_data(site.root)
        n = runs if factor <= 10 else 1
        clean = []
        for i in range(n):
            log(f"scale x{factor}: clean build {i + 1}/{n}")
            site.clean()
            clean.append(site.build(timeout=1800))
        log(f"scale x{factor}: no-op rebuild")
        noop = site.build(timeout=1800)
        page, size, count = largest_page(site.out)
        index = (site.out / "searchindex.js").read_bytes()  # every page's words: loaded by the search page
        parallel = None
        if jobs and factor <= 10:  # bounded: x100 builds once, serially
            log(f"scale x{factor}: clean build -j {jobs}")
            site.clean()
            parallel = site.build(jobs, timeout=1800)
        results.append(
            {
                "factor": factor,
                **counts,
                "runs": n,
                "clean_s": statistics.median(r.seconds for r in clean),
                "peak_rss_mb": max(r.peak_rss_mb for r in clean),
                "noop_s": noop.seconds,
                "parallel_s": parallel.seconds if parallel else None,
                "parallel_rss_mb": parallel.peak_rss_mb if parallel else None,
                "html_files": count,
                "largest_page": page,
                "largest_page_bytes": size,
                "search_index_bytes": len(index),
                "search_index_gz_bytes": len(gzip.compress(index, 6)),
            }
        )
        shutil.rmtree(site.root, ignore_errors=True)
    return results


def report_scale(results: list[dict], jobs: str | None) -> str:
    base = results[0]
    rows = []
    for r in results:
        growth = r["clean_s"] / base["clean_s"]
        rows.append(
            [
                f"x{r['factor']}",
                r["papers"],
                r["people"],
                r["talks"],
                f"{r['clean_s']:.1f} ({r['runs']})",
                f"{growth:.1f}x",
                f"{r['peak_rss_mb']:.0f}",
                f"{r['noop_s']:.1f}",
                f"{r['parallel_s']:.1f} / {r['parallel_rss_mb']:.0f}" if r["parallel_s"] else "-",
                r["html_files"],
                f"{r['largest_page']} {r['largest_page_bytes'] / 1000:.0f} KB",
                f"{r['search_index_bytes'] / 1000:.0f} / {r['search_index_gz_bytes'] / 1000:.0f}",
            ]
        )
    headers = ["scale", "papers", "people", "talks", "clean s (runs)", "vs x1", "peak RSS MB", "no-op s",
               f"-j {jobs} s / MB", "HTML files", "largest page", "searchindex.js KB / gz"]  # fmt: skip
    return "Scale: the owner's data multiplied (clean build, median; peak RSS of the largest process)\n" + table(
        headers, rows
    )


# --- 2b. a large lab's corpus -------------------------------------------------------------------

CORPUS_ENTRIES = 1865  # issue 18's real-shaped corpus: 1,865 entries, 1,934 pages


def corpus(tmp: Path, runs: int, jobs: str | None, log: Callable[[str], None], entries: int = CORPUS_ENTRIES) -> dict:
    """The site with its papers topped up to `entries` invented real-shaped ones (benchmarks/corpus.py),
    built by sphinx-build: clean, clean with -j, no-op, one paper's title edited; each against the bare
    furo site with as many pages built alternately in the same run (clean and no-op)."""
    site = Site(sites.real_site(tmp / "corpus"))
    papers = sites.corpus_data(site.root, entries)
    key = sites.corpus_paper(site.root)
    log(f"corpus: warm-up build ({papers} papers)")
    site.build(timeout=1800)
    pages = len(sites.content_pages(site.out))
    bare = Site(sites.bare_site(tmp / "corpus-bare", sites.docnames(site.root), pages))
    bare.build(timeout=1800)
    times: dict[str, list[float]] = {}
    ratios: dict[str, list[float]] = {}
    rss: dict[str, float] = {}
    rewritten: list[int] = []  # HTML pages the edit of one paper wrote again, per run

    cpu: dict[str, list[float]] = {}

    def note(scenario: str, name: str, run: Run) -> None:
        times.setdefault(f"{scenario}|{name}", []).append(run.seconds)
        cpu.setdefault(f"{scenario}|{name}", []).append(run.cpu_seconds)
        rss[f"{scenario}|{name}"] = max(rss.get(f"{scenario}|{name}", 0.0), run.peak_rss_mb)

    for i in range(runs):
        log(f"corpus: run {i + 1}/{runs}")
        order = [("bare", bare), ("site", site)] if i % 2 == 0 else [("site", site), ("bare", bare)]
        scenarios = ["clean", "no-op", *([f"clean -j {jobs}"] if jobs else []), "edit one paper"]
        for scenario in scenarios:
            pair = {}
            for name, target in order:
                if scenario == "edit one paper" and name == "bare":
                    continue
                if scenario.startswith("clean"):
                    target.clean()
                if scenario == "edit one paper":
                    sites.edit_paper_title(target.root, key, f"Edited{i + 1}")
                    before = _page_mtimes(target.out)
                run = target.build(jobs if scenario.startswith("clean -j") else None, timeout=1800)
                note(scenario, name, run)
                pair[name] = run
                if scenario == "edit one paper":
                    after = _page_mtimes(target.out)
                    rewritten.append(sum(after[page] != before.get(page) for page in after))
            if len(pair) == 2:
                ratios.setdefault(scenario, []).append(pair["site"].seconds / pair["bare"].seconds)
        for scenario in ("edit one paper", "no-op"):
            ratios.setdefault(f"{scenario} / clean", []).append(times[f"{scenario}|site"][-1] / times["clean|site"][-1])
    shutil.rmtree(site.root, ignore_errors=True)
    shutil.rmtree(bare.root, ignore_errors=True)
    return {
        "papers": papers,
        "pages": pages,
        "times": times,
        "cpu": cpu,
        "ratios": ratios,
        "peak_rss_mb": rss,
        "edit_rewritten_pages": rewritten,
    }


def _page_mtimes(outdir: Path) -> dict[str, int]:
    """Modification time (ns) of every HTML page in `outdir`, by path."""
    return {str(path.relative_to(outdir)): path.stat().st_mtime_ns for path in outdir.rglob("*.html")}


#: issue 18: one paper edited rewrites only the pages showing it, in at most 15 % of a clean build's time
EDIT_GOAL = 0.15


def report_corpus(result: dict) -> str:
    rows = []
    for scenario in dict.fromkeys(key.split("|")[0] for key in result["times"]):
        site = result["times"].get(f"{scenario}|site", [])
        bare = result["times"].get(f"{scenario}|bare", [])
        ratio = result["ratios"].get(scenario)
        cpu = result.get("cpu", {})
        site_cpu, bare_cpu = cpu.get(f"{scenario}|site", []), cpu.get(f"{scenario}|bare", [])
        rows.append(
            [
                scenario,
                f"{statistics.median(site):.2f}" if site else "-",
                f"{statistics.median(bare):.2f}" if bare else "-",
                f"{statistics.median(ratio):.2f}x" if ratio else "-",
                f"{statistics.median(site_cpu):.2f}" if site_cpu else "-",
                f"{statistics.median(bare_cpu):.2f}" if bare_cpu else "-",
                f"{result['peak_rss_mb'].get(f'{scenario}|site', 0):.0f}",
                len(site),
            ]
        )
    edit = statistics.median(result["ratios"]["edit one paper / clean"])
    noop = statistics.median(result["ratios"]["no-op / clean"])
    rewritten = statistics.median(result["edit_rewritten_pages"]) if result["edit_rewritten_pages"] else 0
    return (
        f"Corpus: sphinx-build of the site with {result['papers']} real-shaped papers ({result['pages']} HTML"
        " pages) vs a bare furo + MyST site with as many pages, built alternately in the same run\n"
        + table(
            [
                "scenario",
                "site s (median)",
                "bare s (median)",
                "ratio (median)",
                "site CPU s",
                "bare CPU s",
                "peak RSS MB",
                "runs",
            ],
            rows,
        )
        + f"\none paper edited / clean build of the site: {edit:.2f} (median of per-run ratios; goal at most"
        f" {EDIT_GOAL:.2f}: {'met' if edit <= EDIT_GOAL else 'NOT met'}), {rewritten:.0f} of {result['pages']}"
        " HTML pages written again (median)"
        + f"\nno-op sphinx-build / clean build of the site: {noop:.2f} (median of per-run ratios)"
    )


# --- 3. page weight ---------------------------------------------------------------------------


def report_weight(outdir: Path) -> tuple[str, list[dict]]:
    weights = site_weights(outdir)
    rows = []
    for w in weights:
        verdict = "(redirect)" if w.redirect else "(generated)" if not w.content else "ok"
        verdict = "OVER" if w.content and w.total_gzip >= PAGE_BUDGET else verdict
        rows.append(
            [w.page, f"{w.html_bytes / 1000:.1f}", f"{w.html_gzip / 1000:.1f}", f"{w.total_bytes / 1000:.1f}",
             f"{w.total_gzip / 1000:.1f}", w.requests, verdict + (f" missing: {w.missing}" if w.missing else "")]
        )  # fmt: skip
    text = "Page weight (KB = 1000 bytes; gzip -6 for text; images as a 2x screen picks them)\n" + table(
        ["page", "HTML KB", "HTML gz", "total KB", "total gz", "requests", f"< {PAGE_BUDGET // 1000} KB gz"], rows
    )
    return text, [w.__dict__ | {"content": w.content} for w in weights]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median); default 5")
    parser.add_argument("--scales", default="10,100", help="data multipliers besides x1; '' for none")
    parser.add_argument("--scale-runs", type=int, default=None, help="clean builds per scale up to x10 (x100: 1)")
    parser.add_argument("--jobs", default="auto", help="also build with -j JOBS ('' to skip)")
    parser.add_argument("--only", default="build,scale,weight", help="sections to run (also: corpus)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    sections = set(args.only.split(","))
    jobs = args.jobs or None
    factors = [1] + [int(f) for f in args.scales.split(",") if f.strip()]
    log = lambda message: print(f"... {message}", file=sys.stderr, flush=True)  # noqa: E731
    figures: dict = {}
    reports = []
    with tempfile.TemporaryDirectory(prefix="labsite-bench-") as folder:
        tmp = Path(folder)
        outdir = None
        if "build" in sections:
            figures["build"] = build_speed(tmp, args.runs, jobs, log)
            reports.append(report_build(figures["build"]))
            outdir = Path(figures["build"]["outdir"])
        if "weight" in sections:
            if outdir is None:
                site = Site(sites.real_site(tmp / "weight"))
                site.build()
                outdir = site.out
            text, figures["weight"] = report_weight(outdir)
            reports.append(text)
        if "corpus" in sections:
            figures["corpus"] = corpus(tmp, args.runs, jobs, log)
            reports.append(report_corpus(figures["corpus"]))
        if "scale" in sections:
            figures["scale"] = scale(tmp, factors, args.scale_runs or args.runs, jobs, log)
            reports.append(report_scale(figures["scale"], jobs))
    print("\n\n".join(reports))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
