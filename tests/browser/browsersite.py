"""Helpers for the browser tests: find Chromium, serve a built site locally, list its pages."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Route

#: how to get the browser the tests drive (Playwright cannot download its own here)
INSTALL_HINT = "install Debian's Chromium with `apt-get install -y chromium` (or set CHROMIUM to a Chromium binary)"
#: flags for headless Chromium as root in a container, with no background calls home
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking"]
#: Lighthouse's desktop viewport: wide enough for furo's right-hand table of contents
DESKTOP = {"width": 1350, "height": 940}
#: a common phone (iPhone 12-15)
MOBILE = {"width": 390, "height": 844}
SCHEMES = ["light", "dark"]
#: axe-core rules: WCAG 2.1 A and AA, plus heading order and WCAG 2.2's target size (Lighthouse checks both)
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "rules": {"heading-order": {"enabled": True}, "target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}


def find_chromium() -> str | None:
    """The Chromium binary to drive: $CHROMIUM, else `chromium` on PATH, else Debian's path."""
    candidates = [os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) from a thread; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def page_paths(outdir: Path) -> list[str]:
    """Every HTML page of a dirhtml build as a URL path: '' (home), 'people/', '404.html'...

    Redirect stubs (a meta refresh to a page's new address) are not pages of their own.
    """
    paths = []
    for file in sorted(outdir.rglob("*.html")):
        relative = file.relative_to(outdir)
        if relative.parts[0].startswith("_"):  # _static, _sources, _images: not pages
            continue
        if 'http-equiv="refresh"' in file.read_text(encoding="utf-8")[:2000]:
            continue
        paths.append(relative.as_posix().removesuffix("index.html"))
    return sorted(paths)


def sample_generated(paths: Iterable[str], groups: dict[str, Iterable[str]], keep: int = 2) -> list[str]:
    """Keep `keep` (the first and last) of each group of pages generated from data records,
    `<prefix><key>/` for each prefix -> keys in `groups`; the other pages stay.

    Pages made from one template differ only in their data, so two represent them all for the
    checks that load every page, which keeps the run short however many records there are.
    """
    paths = list(paths)
    drop: set[str] = set()
    for prefix, keys in groups.items():
        generated = [path for path in paths if path in {f"{prefix}{key}/" for key in keys}]
        drop |= set(generated[1 : len(generated) - (keep - 1)]) if keep > 1 else set(generated[keep:])
    return [path for path in paths if path not in drop]


@dataclass
class Visit:
    """What one page load showed: problems seen while loading, and axe-core's findings."""

    path: str
    scheme: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    violations: list[dict[str, Any]] = field(default_factory=list)
    main_text: str = ""
    #: the main text without buttons (controls that scripts may add)
    content_text: str = ""


def watch(page: Page, visit_of: Any, base_url: str) -> None:
    """Record console errors, uncaught exceptions, failed and non-local requests of `page`
    into whatever `visit_of()` returns at the time."""
    origin = base_url.rstrip("/")

    def on_console(message: Any) -> None:
        if message.type == "error":
            visit_of().console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            visit_of().failed_requests.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: visit_of().console_errors.append(f"uncaught: {error}"))
    page.on("requestfailed", lambda request: visit_of().failed_requests.append(f"failed {request.url}"))
    page.on("response", on_response)
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((origin + "/", "data:", "blob:"))
            else visit_of().foreign_requests.append(request.url)
        ),
    )


def block_other_hosts(context: BrowserContext, base_url: str) -> None:
    """Abort any request to another host (the `request` listener has recorded it): no waiting on a
    network this machine does not have."""
    host = urlsplit(base_url).netloc

    def handle(route: Route) -> None:
        if urlsplit(route.request.url).netloc == host:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", handle)


def main_text(page: Page) -> str:
    main = page.locator("article[role=main]")
    target = main if main.count() else page.locator("body")
    return " ".join(target.first.inner_text().split())


class Visitor:
    """Loads each page once per colour scheme in a desktop-sized context and keeps what it saw,
    so every check reads the same visit instead of loading the page again."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.base_url = base_url
        self.axe = Axe()
        self.visits: dict[tuple[str, str], Visit] = {}
        self.current: Visit | None = None
        self.pages: dict[str, Page] = {}
        for scheme in SCHEMES:
            context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
            block_other_hosts(context, base_url)
            page = context.new_page()
            watch(page, lambda: self.current, base_url)
            self.pages[scheme] = page

    def visit(self, path: str, scheme: str) -> Visit:
        key = (path, scheme)
        if key not in self.visits:
            self.current = visit = Visit(path, scheme)
            page = self.pages[scheme]
            page.goto(self.base_url + path, wait_until="load")
            assert page.evaluate("document.body.dataset.theme") in {None, "auto"}, "furo should follow the system"
            visit.violations = self.axe.run(page, options=AXE_OPTIONS).response["violations"]
            visit.main_text = main_text(page)
            style = page.add_style_tag(content="article[role=main] button { display: none !important }")
            visit.content_text = main_text(page)
            style.evaluate("element => element.remove()")
            self.current = None
            self.visits[key] = visit
        return self.visits[key]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()
