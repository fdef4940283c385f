"""Per-page assets: drop the CSS and JavaScript files that Sphinx and extensions add to every page
when a page has nothing they act on, and carry in the page what it needs for its first paint (the
design rules it uses, its scripts) instead of making a phone fetch more files first.

Each rule names a file and the HTML class its page content must contain for the file to be
needed. Files not named here (the theme's CSS and JS, ``doctools.js`` for keyboard navigation and
the ``/`` search shortcut, ``sphinx_highlight.js`` for highlighting search terms, the search page's
scripts) stay on every page.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript

from ..content import stylesheet

#: asset file name -> pattern the rendered page body must match for the asset to be loaded
RULES: dict[str, re.Pattern[str]] = {
    # sphinx-design: the tab-set behaviour, and its stylesheet (grids, cards, badges, tabs ...)
    "design-tabs.js": re.compile(r'class="[^"]*\bsd-tab-set\b'),
    "sphinx-design.min.css": re.compile(r'class="[^"]*\bsd-'),
    # Pygments colours: only pages with highlighted code
    "pygments.css": re.compile(r'class="[^"]*\bhighlight\b'),
}


def needed(filename: str, body: str) -> bool:
    """Whether a page whose body is `body` needs the asset `filename` (:data:`RULES`; True for any other file)."""
    rule = RULES.get(filename.rsplit("/", 1)[-1])
    return rule is None or bool(rule.search(body))


def prune_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: drop from the page's scripts and stylesheets the assets it does not use
    (:data:`RULES`, tested on the page's body)."""
    body = context.get("body") or ""  # generated pages (search, index) have no body: they need none of these
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if files is None:
            continue
        context[key] = [f for f in files if not getattr(f, "filename", None) or needed(str(f.filename), body)]


# --- what a page needs for its first paint comes with the page ---------------------------------------
#
# Lighthouse's mobile simulation (Lantern: 150 ms round trips, 1.6 Mbit/s, CPU 4x slower) counts every
# request a page waits for before its largest paint, and a phone does wait for them: render-blocking
# stylesheets, and scripts that run before the paint (deferred scripts run as soon as the page is
# parsed, before the first frame of a page that arrives at once). Each costs a new connection (two
# round trips) after the HTML; a script is requested only once the parser reaches it, one parse task
# later still. With sphinx-design's whole stylesheet (54 KB, of which a page uses 1-3 KB) and four or
# five script files, the publication list painted at 1.2-1.4 s; with the used design rules and the
# scripts in the page, 1.05 s (benchmarks/lighthouse.py, medians of five runs; see the README).

#: stylesheets a page carries the used rules of in its own ``<style>`` (see :func:`inline_stylesheets`)
INLINE_STYLESHEETS = frozenset({"sphinx-design.min.css"})
#: the first thing in ``<head>`` of a page whose scripts are inline: scripts run, so the theme's
#: ``no-js`` class (furo removes it from its script at the end of the body) goes before the first paint,
#: not after it (the theme shows its toggles then: a layout shift on a phone)
SCRIPTS_ON = '<script>document.documentElement.classList.remove("no-js")</script>'
_SOURCE_MAP = re.compile(r"^(//[#@] sourceMappingURL=)(?!data:)(\S+)\s*$", re.MULTILINE)
_CLOSES_SCRIPT = re.compile(r"</script|<!--", re.IGNORECASE)
_CLOSES_STYLE = re.compile(r"</style", re.IGNORECASE)


@functools.lru_cache(maxsize=64)
def _read(path: Path, mtime_ns: int, size: int) -> str:
    return path.read_text(encoding="utf-8")


def _output_text(app: Sphinx, filename: str) -> str | None:
    """The text of a file already in the output (Sphinx copies the static files before it writes any
    page), or None when there is none."""
    path = Path(app.outdir) / filename
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read(path, stat.st_mtime_ns, stat.st_size)


def inline_stylesheets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context`` (after :func:`prune_assets`): a stylesheet of :data:`INLINE_STYLESHEETS`
    is replaced, in its place among the page's stylesheets (so the cascade is the same), by a
    ``<style data-source="_static/...">`` holding only its rules the page's body can use
    (:func:`labsite.content.stylesheet.trim`: by the class names in the body's markup).

    The page's own markup decides what it carries, so pages written in parallel or in a later
    incremental build need nothing from one another. A file that is not in the output, or whose
    used rules would close the ``<style>`` element, stays a ``<link>``.
    """
    files = context.get("css_files") or []
    body = context.get("body") or ""
    inlined: dict[str, str] = {}
    for css in files:
        filename = getattr(css, "filename", None)
        if not isinstance(filename, str) or posixpath.basename(filename) not in INLINE_STYLESHEETS:
            continue
        text = _output_text(app, filename)
        if text is None:
            continue
        rules = stylesheet.trim(text, stylesheet.used_classes(body))
        if not _CLOSES_STYLE.search(rules):
            inlined[filename] = rules
    if not inlined:
        return
    css_tag = context["css_tag"]

    def inline_css_tag(css: object) -> str:
        filename = getattr(css, "filename", None)
        if isinstance(filename, str) and filename in inlined:
            return f'<style data-source="{html.escape(filename)}">{inlined[filename]}</style>'
        tag: str = css_tag(css)
        return tag

    context["css_tag"] = inline_css_tag


def _map_url(pathto: Callable[[str, int], str], folder: str, match: re.Match[str]) -> str:
    """A ``//# sourceMappingURL=`` comment of a file in `folder`, pointed at the map from the page."""
    return match.group(1) + pathto(posixpath.join(folder, match.group(2)), 1)


def scripts_end_the_body(app: Sphinx) -> bool:
    """Whether the theme writes a page's scripts at the end of ``<body>``: furo, and any theme that
    inherits it. Only there does an inline script run when a deferred file would (once the page is
    parsed); themes that write them in ``<head>`` (Sphinx's basic, alabaster) keep the files."""
    theme = getattr(app.builder, "theme", None)
    if theme is None:
        return False
    return _inherits_furo(tuple(str(folder) for folder in theme.get_theme_dirs()))


@functools.lru_cache(maxsize=8)
def _inherits_furo(theme_dirs: tuple[str, ...]) -> bool:
    """Whether furo's theme folder is among `theme_dirs` (asked once per theme, not per page)."""
    spec = importlib.util.find_spec("furo")
    if spec is None or spec.origin is None:
        return False
    furo = (Path(spec.origin).parent / "theme" / "furo").resolve()
    return any(Path(folder).resolve() == furo for folder in theme_dirs)


@functools.lru_cache(maxsize=64)
def _closes_script(text: str) -> bool:
    return bool(_CLOSES_SCRIPT.search(text))


@functools.lru_cache(maxsize=64)
def _has_source_map(text: str) -> bool:
    return bool(_SOURCE_MAP.search(text))


@functools.lru_cache(maxsize=256)
def _inline_text(text: str, folder: str, map_prefix: str) -> str:
    """A script file's text as inlined in a page: its source map comment pointed at the map beside the
    file (`map_prefix`: the page's relative URL of the file's folder, ending in ``/``), stripped.
    Computed once per file and page folder, not per page."""
    return _SOURCE_MAP.sub(lambda match: match.group(1) + map_prefix + match.group(2), text).strip()


def inline_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context`` (after :func:`labsite.sphinx.static.defer_scripts` and
    :func:`prune_assets`): each plain deferred script file of the page (``<script defer src="_static/...">``
    with no other attribute) becomes an inline ``<script data-source="_static/...">`` with the file's
    text, in the same place and order.

    Only with a theme that writes the scripts at the end of ``<body>`` (:func:`scripts_end_the_body`),
    where an inline script runs once the page is parsed and before ``DOMContentLoaded``, as a deferred
    one does; each file stays a script
    of its own (separate classic scripts share the global scope, and an error in one does not stop
    the next). A source map comment is pointed at the map beside the file. The search page keeps its
    files (the theme's search scripts need to load in its order), and so does a file that is not in
    the output or whose text would end the ``<script>`` element (``</script``, ``<!--``). Every page
    with scripts gets :data:`SCRIPTS_ON` at the start of its head tags, inline or not: its scripts run,
    and a file's may run only after a loaded phone's first paint, when the theme's toggle appearing
    would move the header.
    """
    scripts = context.get("script_files")
    pathto = context.get("pathto")
    if not scripts or pathto is None or not scripts_end_the_body(app):
        return
    context["metatags"] = SCRIPTS_ON + context.get("metatags", "")
    if pagename == "search":
        return
    result = []
    for script in scripts:
        filename = getattr(script, "filename", None)
        if not (
            isinstance(script, _JavaScript)
            and isinstance(filename, str)
            and filename.startswith("_static/")
            and script.attributes == {"defer": "defer"}
        ):
            result.append(script)
            continue
        text = _output_text(app, filename)
        if text is None or _closes_script(text):
            result.append(script)
            continue
        folder = posixpath.dirname(filename)
        if _has_source_map(text):
            # the page's URL of the file's folder, as pathto gives each map (relative to the page's folder)
            file_url = pathto(filename, 1)
            prefix = file_url[: len(file_url) - len(posixpath.basename(filename))]
            if prefix + posixpath.basename(filename) != file_url or "?" in file_url or "#" in file_url:
                body = _SOURCE_MAP.sub(functools.partial(_map_url, pathto, folder), text).strip()
            else:
                body = _inline_text(text, folder, prefix)
        else:
            body = text.strip()
        result.append(_JavaScript("", priority=script.priority, body=body, **{"data-source": filename}))
    context["script_files"] = result


def setup_assets(app: Sphinx) -> None:
    """Register the per-page pruning (priority 900) and inlining (950) of assets."""
    app.connect("html-page-context", prune_assets, priority=900)
    app.connect("html-page-context", inline_stylesheets, priority=950)
    app.connect("html-page-context", inline_scripts, priority=950)
