"""Per-page assets: drop the CSS and JavaScript files that Sphinx and extensions add to every page
when a page has nothing they act on.

Each rule names a file and the HTML class its page content must contain for the file to be
needed. Files not named here (the theme's CSS and JS, ``doctools.js`` for keyboard navigation and
the ``/`` search shortcut, ``sphinx_highlight.js`` for highlighting search terms, the search page's
scripts) stay on every page.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

#: asset file name -> pattern the rendered page body must match for the asset to be loaded
RULES: dict[str, re.Pattern[str]] = {
    # sphinx-design: the tab-set behaviour, and its stylesheet (grids, cards, badges, tabs ...)
    "design-tabs.js": re.compile(r'class="[^"]*\bsd-tab-set\b'),
    "sphinx-design.min.css": re.compile(r'class="[^"]*\bsd-'),
    # Pygments colours: only pages with highlighted code
    "pygments.css": re.compile(r'class="[^"]*\bhighlight\b'),
}


def needed(filename: str, body: str) -> bool:
    rule = RULES.get(filename.rsplit("/", 1)[-1])
    return rule is None or bool(rule.search(body))


def prune_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    body = context.get("body") or ""  # generated pages (search, index) have no body: they need none of these
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if files is None:
            continue
        context[key] = [f for f in files if not getattr(f, "filename", None) or needed(str(f.filename), body)]


def setup_assets(app: Sphinx) -> None:
    app.connect("html-page-context", prune_assets, priority=900)
