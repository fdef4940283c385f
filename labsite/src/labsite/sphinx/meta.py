"""Page metadata: a meta description on every page, from its front matter."""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx


def page_description(app: Sphinx, pagename: str) -> str | None:
    """The page's front-matter `description`, else the site's default description."""
    metadata = app.env.metadata.get(pagename, {})
    description = metadata.get("description") or app.config.labsite_description
    return " ".join(str(description).split()) or None


def add_meta_description(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: a ``<meta name="description">`` from the page's own description (generated
    pages) or :func:`labsite.sphinx.seo.page_description`; none when there is no description."""
    # pages without a source (e.g. a paper's own page) bring their own description
    description = context.get("labsite_description") or page_description(app, pagename)
    if description:
        context["metatags"] = (
            context.get("metatags", "") + f'\n<meta name="description" content="{escape(description)}">'
        )


def setup_meta(app: Sphinx) -> None:
    """Connect the meta description to ``html-page-context``."""
    app.connect("html-page-context", add_meta_description)
