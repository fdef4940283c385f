"""Lighthouse scores of the built site, served locally with gzip, on mobile and desktop.

Not a test: scores vary from run to run and machine to machine. Usage (after `make html`):

    npm ci --prefix benchmarks/lighthouse          # once: the pinned Lighthouse (Node 18.20+)
    .venv/bin/python benchmarks/lighthouse.py      # every content page, mobile and desktop
    .venv/bin/python benchmarks/lighthouse.py --pages / /people/ --form-factors desktop

Chromium: $CHROME_PATH, else `chromium` on PATH (Debian: `apt-get install -y chromium`).
It prints the four category scores per page with the layout shift (CLS) and the largest contentful
paint (LCP, in Lighthouse's simulated mobile or desktop load), and for any score or figure below the
goal (performance 95, others 100, CLS 0, LCP at most 1.2 s) the audits that cost points.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LIGHTHOUSE = HERE / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
#: goals besides the scores: no layout shift at all, the largest paint within 1.2 s
CLS_GOAL = 0.0
LCP_GOAL_MS = 1200
CHROME_FLAGS = "--headless=new --no-sandbox --disable-background-networking"
#: what Read the Docs (and any real host) compresses
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".ico")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it, like a real web host, over persistent
    HTTP/1.1 connections (Python's default is HTTP/1.0, a new connection per file, which no host uses:
    Read the Docs serves HTTP/2; Lighthouse's simulation charges every new connection its handshakes)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the trailing slash
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class QuietServer(http.server.ThreadingHTTPServer):
    """Leaves out the traceback of a connection the browser dropped (Lighthouse closes Chromium with
    requests still open); any other error is printed as usual."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def content_pages(site: Path) -> list[str]:
    """Every HTML page (as a URL path), but of a folder with more than three pages (pages made
    from data, such as one per paper) only the first: they share a template. Redirect stubs and
    the search and index pages are left out."""
    pages = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site)
        if relative.parts[0].startswith("_") or relative.parts[0] in {"search", "genindex"}:
            continue
        if 'http-equiv="refresh"' in file.read_text(encoding="utf-8")[:2000]:
            continue
        pages.append("/" + relative.as_posix().removesuffix("index.html"))
    by_parent: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        by_parent[page.rstrip("/").rpartition("/")[0]].append(page)
    generated = {parent for parent, children in by_parent.items() if parent and len(children) > 3}
    kept = []
    for page in pages:
        parent = page.rstrip("/").rpartition("/")[0]
        if parent not in generated or page == by_parent[parent][0]:
            kept.append(page)
    return kept


def run_lighthouse(url: str, form_factor: str, chrome: str) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": chrome}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url} ({form_factor}):\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def lost_points(report: dict, category: str) -> list[str]:
    """The audits of a category that cost points, with Lighthouse's value."""
    audits = report["audits"]
    lost = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            value = audit.get("displayValue") or ""
            lost.append(f"{ref['id']} ({round(audit['score'] * 100)}{', ' + value if value else ''})")
    return lost


def shifted(report: dict) -> list[str]:
    """The elements that moved (Lighthouse's layout-shift audit), by selector."""
    items = report["audits"].get("layout-shifts", {}).get("details", {}).get("items", [])
    return [str(item.get("node", {}).get("selector", "?")) for item in items][:5]


def lcp_element(report: dict) -> str:
    """What the largest contentful paint was, and the phases of its time."""
    audit = report["audits"].get("largest-contentful-paint-element", {})
    parts = []
    for table in audit.get("details", {}).get("items", []):
        for item in table.get("items", []):
            if "node" in item:
                parts.append(str(item["node"].get("selector", "?")))
            elif "phase" in item:
                parts.append(f"{item['phase']} {item.get('timing', 0):.0f} ms")
    return ", ".join(parts)


def vitals(report: dict) -> tuple[float, float]:
    """(cumulative layout shift, largest contentful paint in ms) of a report."""
    audits = report["audits"]
    return audits["cumulative-layout-shift"]["numericValue"], audits["largest-contentful-paint"]["numericValue"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=REPO / "_build" / "html", help="built site (default: %(default)s)")
    parser.add_argument("--pages", nargs="+", help="URL paths, e.g. / /people/ (default: every content page)")
    parser.add_argument("--form-factors", nargs="+", default=["mobile", "desktop"], choices=["mobile", "desktop"])
    parser.add_argument("--json", type=Path, help="also write each full report into this folder")
    args = parser.parse_args()

    if not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse is not installed: run `npm ci --prefix {LIGHTHOUSE.parents[2].relative_to(REPO)}`")
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chrome:
        sys.exit("No Chromium: install it (`apt-get install -y chromium`) or set CHROME_PATH")
    if not (args.site / "index.html").is_file():
        sys.exit(f"No built site in {args.site}: run `make html` first")
    pages = args.pages or content_pages(args.site)
    if args.json:
        args.json.mkdir(parents=True, exist_ok=True)

    header = f"{'page':<44} {'form':<8} " + " ".join(f"{c[:13]:>13}" for c in CATEGORIES) + f" {'CLS':>7} {'LCP s':>6}"
    print(header)
    print("-" * len(header))
    below: list[str] = []
    with serve(args.site) as base:
        for page in pages:
            for form_factor in args.form_factors:
                report = run_lighthouse(base + page, form_factor, chrome)
                scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
                cls, lcp = vitals(report)
                print(
                    f"{page:<44} {form_factor:<8} "
                    + " ".join(f"{scores[c]:>13}" for c in CATEGORIES)
                    + f" {cls:>7.4f} {lcp / 1000:>6.2f}",
                    flush=True,
                )
                if cls > CLS_GOAL:
                    below.append(f"{page} {form_factor} CLS {cls:.4f}: " + ", ".join(shifted(report)))
                if lcp > LCP_GOAL_MS:
                    below.append(f"{page} {form_factor} LCP {lcp / 1000:.2f} s: {lcp_element(report)}")
                for category, score in scores.items():
                    goal = 95 if category == "performance" else 100
                    if score < goal:
                        lost = ", ".join(lost_points(report, category))
                        below.append(f"{page} {form_factor} {category} {score}: {lost}")
                if args.json:
                    name = (page.strip("/").replace("/", "_") or "home") + f"-{form_factor}.json"
                    (args.json / name).write_text(json.dumps(report), encoding="utf-8")
    if below:
        print("\nBelow the goal (performance 95, others 100, CLS 0, LCP at most 1.2 s):")
        print("\n".join(f"  {line}" for line in below))
    else:
        print("\nEvery page meets the goal (performance 95, others 100, CLS 0, LCP at most 1.2 s).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
