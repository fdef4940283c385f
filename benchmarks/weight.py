"""Page weight: for every page of a built site, the bytes of the HTML and of everything it loads.

A page loads its stylesheets, scripts, preloads and images, and the fonts and images its
stylesheets reference (``url(...)``, ``@import``). Images are counted the way a modern browser on
a 2x (high-density) screen picks them: in a ``<picture>`` the first ``<source>`` of a type it
supports (WebP, AVIF), from a ``srcset`` the smallest candidate at least twice the displayed
width. Lazy images are counted too (they load when scrolled to). ``gzip`` applies to text files
(HTML, CSS, JS, SVG, JSON); images and fonts count as they are.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".map"})
BROWSER_TYPES = frozenset({"image/webp", "image/avif", "image/png", "image/jpeg", "image/gif", "image/svg+xml"})
DENSITY = 2
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+?)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
GENERATED_PAGES = frozenset({"search", "genindex", "404", "404.html"})


@dataclass
class PageWeight:
    page: str
    html_bytes: int
    html_gzip: int
    total_bytes: int
    total_gzip: int
    requests: int
    missing: list[str] = field(default_factory=list)
    redirect: bool = False

    @property
    def content(self) -> bool:
        return self.page not in GENERATED_PAGES and not self.redirect


@cache
def _sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    packed = len(gzip.compress(data, compresslevel=6)) if path.suffix.lower() in TEXT_SUFFIXES else len(data)
    return len(data), packed


def _local(base: str, url: str) -> str | None:
    """The site-relative path of a local URL found at `base` (a site-relative file path), else None."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("data:", "#")) or not parts.path:
        return None
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(base), path)
    joined = posixpath.normpath(joined)
    return joined + "index.html" if path.endswith("/") else joined


def _srcset_pick(srcset: str, display_width: int | None) -> str | None:
    candidates = []
    for item in srcset.split(","):
        bits = item.split()
        if not bits:
            continue
        descriptor = bits[1] if len(bits) > 1 else "1x"
        value = float(descriptor[:-1]) if descriptor[-1] in "wx" else 1.0
        width = value if descriptor.endswith("w") else value * (display_width or 1)
        candidates.append((width, bits[0]))
    if not candidates:
        return None
    candidates.sort()
    wanted = DENSITY * (display_width or candidates[-1][0] / DENSITY)
    return next((url for width, url in candidates if width >= wanted), candidates[-1][1])


def _images(soup: BeautifulSoup) -> list[str]:
    urls = []
    for img in soup.find_all("img"):
        width = int(img["width"]) if str(img.get("width", "")).isdigit() else None
        picture = img.parent if img.parent and img.parent.name == "picture" else None
        chosen = None
        if picture:
            for source in picture.find_all("source"):
                if source.get("type", "image/webp") in BROWSER_TYPES and source.get("srcset"):
                    chosen = _srcset_pick(source["srcset"], width)
                    break
        if not chosen and img.get("srcset"):
            chosen = _srcset_pick(img["srcset"], width)
        chosen = chosen or img.get("src")
        if chosen:
            urls.append(chosen)
    return urls


def _css_references(site: Path, css: str, seen: set[str]) -> None:
    path = site / css
    if not path.is_file():
        return
    for match in _CSS_URL.finditer(path.read_text(encoding="utf-8", errors="replace")):
        target = _local(css, match.group(1) or match.group(2))
        if target and target not in seen:
            seen.add(target)
            if target.endswith(".css"):
                _css_references(site, target, seen)


def page_weight(site: Path, html: Path) -> PageWeight:
    relative = html.relative_to(site).as_posix()
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    urls = [tag["href"] for tag in soup.find_all("link", href=True) if {"stylesheet", "preload"} & set(tag["rel"])]
    urls += [tag["src"] for tag in soup.find_all("script", src=True)]
    urls += _images(soup)
    resources: set[str] = set()
    for url in urls:
        target = _local(relative, url)
        if target and target not in resources:
            resources.add(target)
            if target.endswith(".css"):
                _css_references(site, target, resources)
    html_bytes, html_gzip = _sizes(html)
    total, packed, missing = html_bytes, html_gzip, []
    for resource in sorted(resources):
        path = site / resource
        if not path.is_file():
            missing.append(resource)
            continue
        raw, compressed = _sizes(path)
        total += raw
        packed += compressed
    page = posixpath.dirname(relative) if html.name == "index.html" else relative
    redirect = soup.find("meta", attrs={"http-equiv": "refresh"}) is not None
    return PageWeight(page or "/", html_bytes, html_gzip, total, packed, 1 + len(resources), missing, redirect)


def site_weights(site: Path) -> list[PageWeight]:
    _sizes.cache_clear()
    return [page_weight(site, html) for html in sorted(site.rglob("*.html"))]
