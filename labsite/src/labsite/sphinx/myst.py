"""MyST text -> docutils nodes, whatever the host document's parser (MyST or reStructuredText).

The directives render records as MyST Markdown (:mod:`labsite.content.render`). Sphinx's
``parse_text_to_nodes`` parses with the *host* document's parser, so from an ``.rst`` page the MyST
would show as raw text. :func:`parse_myst` always uses MyST-Parser's Sphinx renderer, bound to the host
document (labels such as ``(member-x)=`` land in its ``nameids``; links become the same
``pending_xref`` nodes), so a directive gives the same nodes in either kind of page.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from docutils import nodes
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.mdit_to_docutils.transforms import AddSlugIds, ResolveAnchorIds
from myst_parser.parsers.mdit import create_md_parser
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

#: MyST syntax extensions the rendered text uses (:mod:`labsite.content.render`)
MYST_EXTENSIONS = ("colon_fence", "attrs_inline", "attrs_block", "deflist")


def enable_myst_extensions(app: Sphinx, config: Config) -> None:
    """``config-inited``: add :data:`MYST_EXTENSIONS` to ``myst_enable_extensions``, keeping the site's own.

    The site's value may be a list, tuple or set (MyST accepts each); the result is a list in the
    site's order followed by the missing extensions. Raises nothing.
    """
    current = list(config.myst_enable_extensions or ())
    missing = [name for name in MYST_EXTENSIONS if name not in current]
    if missing:
        config.myst_enable_extensions = [*current, *missing]


def _config(directive: SphinxDirective) -> MdParserConfig:
    config: MdParserConfig = getattr(directive.env, "myst_config", None) or MdParserConfig()
    extensions = set(config.enable_extensions)
    if extensions.issuperset(MYST_EXTENSIONS):
        return config
    return dataclasses.replace(config, enable_extensions=extensions | set(MYST_EXTENSIONS))


def parse_myst(directive: SphinxDirective, text: str, heading_level: int = 1) -> list[nodes.Node]:
    """Parse MyST ``text`` as if it stood where ``directive`` stands, in a MyST or an rST page.

    ``heading_level`` is the level (1-6) of the text's highest headings: they become sections directly
    inside the returned nodes, so the result nests under the directive's own section in either host.
    Returns the nodes to insert (possibly sections). Markup problems are reported by MyST as warnings
    at the directive's line.
    """
    container = nodes.Element()
    document = directive.state.document
    renderer: Any = getattr(directive.state, "_renderer", None)  # MyST's MockState in a MyST page
    lineno = directive.lineno
    if renderer is None:
        parser = create_md_parser(_config(directive), SphinxRenderer)
        renderer = parser.renderer
        renderer.setup_render({"document": document, "myst_config": _config(directive)}, {})
        _add_myst_transforms(document, renderer)
    saved = renderer._level_to_section
    renderer._level_to_section = {heading_level - 1: container}
    try:
        with renderer.current_node_context(container):
            renderer.nested_render_text(text, lineno, temp_root_node=container)
    finally:
        renderer._level_to_section = saved
    return container.children


def _add_myst_transforms(document: nodes.document, renderer: Any) -> None:
    """In an rST page, run the MyST transforms a MyST page gets for the rendered text: headings' slug
    ids, and ``[text](#target)`` links turned into cross-references."""
    document.settings.myst_heading_anchors_html_ids = renderer.md_config.heading_anchors_html_ids
    if not getattr(document, "_labsite_myst_transforms", False):
        document.transformer.add_transforms([AddSlugIds, ResolveAnchorIds])
        # a mark on this document only; docutils' `document` declares no attributes for extensions
        document._labsite_myst_transforms = True  # type: ignore[attr-defined]
