"""The package's own CSS, JavaScript and page templates, added to every HTML build (the page templates
for furo only with furo, so every site on furo, the quickstart's too, looks the same).

Follows sphinx-design: the files ship inside the package and are added at ``builder-inited`` (after
Sphinx has hashed the configuration into ``.buildinfo``, so no absolute path of this machine ends up
there). A site can still override any template by putting one of the same name in its own
``templates_path``, which is searched first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.jinja2glue import BuiltinTemplateLoader, SphinxFileSystemLoader

from . import STATIC, TEMPLATES

#: the package's screen stylesheets, joined at build time into :data:`BUNDLE`, the one every page links:
#: each render-blocking stylesheet costs a phone's first paint (Lighthouse: a sixth one on the
#: publication pages took LCP from 1.08 s to 1.25 s); the publication rules are small enough for all
CSS_SOURCES = ("labsite.css", "labsite-a11y.css", "labsite-publications.css")
BUNDLE = "labsite-bundle.css"
#: the page templates of a lab's homepage on furo, found before the theme's (each extends furo's own,
#: ``furo/page.html``): no previous/next links on the home page, no name in its sidebar above the same
#: name as its heading, a footer without "Made with Sphinx"
FURO_TEMPLATES = TEMPLATES / "furo-homepage"
#: the printed page's stylesheet, joined into :data:`BUNDLE` inside ``@media print``: a file of its own,
#: even with media="print", is one request more that Lighthouse's simulation counts before the first paint
PRINT_CSS = "labsite-print.css"


def write_bundle(folder: Path) -> Path:
    """Write :data:`BUNDLE` (the :data:`CSS_SOURCES` in order, each under a comment naming it, then
    :data:`PRINT_CSS` inside ``@media print``) into `folder`, unless it is there with the same text
    already; returns the folder."""
    parts = [f"/* {name} */\n" + (STATIC / name).read_text(encoding="utf-8").strip() + "\n" for name in CSS_SOURCES]
    printed = (STATIC / PRINT_CSS).read_text(encoding="utf-8").strip()
    parts.append(f"/* {PRINT_CSS} */\n@media print {{\n{printed}\n}}\n")
    text = "\n".join(parts)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / BUNDLE
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return folder


def add_static_and_templates(app: Sphinx) -> None:
    """At ``builder-inited``: serve ``labsite/static`` and the stylesheet bundle (made in the doctree
    folder, never in the sources) and search ``labsite/templates`` after the site's own; with furo,
    :data:`FURO_TEMPLATES` before them."""
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.config.html_static_path.append(str(write_bundle(Path(app.doctreedir) / "labsite-static")))
    templates = getattr(app.builder, "templates", None)
    if isinstance(templates, BuiltinTemplateLoader):
        position = templates.templatepathlen  # after the site's templates_path, before the theme
        folders = [TEMPLATES]
        if uses_furo(app):
            folders.insert(0, FURO_TEMPLATES)
        for folder in reversed(folders):
            templates.loaders.insert(position, SphinxFileSystemLoader(str(folder)))
            templates.pathchain.insert(position, folder)  # type: ignore[arg-type]  # typed as Sphinx's private _StrPath; a Path serves


def uses_furo(app: Sphinx) -> bool:
    """Whether the HTML theme is furo or a theme built on it (one of its folders is furo's)."""
    theme = getattr(app.builder, "theme", None)
    return theme is not None and any(Path(folder).name == "furo" for folder in theme.get_theme_dirs())


def defer_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context`` (last): load every script file with ``defer`` (in the same order).

    Sphinx's and furo's scripts (documentation_options, doctools, sphinx_highlight, furo) are plain
    ``<script src>`` tags: a browser fetches them at high priority and Lighthouse counts them on the
    way to the first paint, which costs a phone's first paint a round trip. None of them has to run
    before the page is parsed (furo sets the colour theme with its own inline script, kept as it is).
    The search page is left alone: its search scripts are plain tags of the theme's that need them.
    """
    if pagename == "search" or "script_files" not in context:
        return
    deferred = []
    for script in context["script_files"]:
        attributes = getattr(script, "attributes", None)
        if (
            isinstance(script, _JavaScript)
            and script.filename
            and attributes is not None
            and "body" not in attributes
            and not {"async", "defer"} & set(attributes)
            and attributes.get("type", "text/javascript") in {"text/javascript", "module"}
        ):
            script = _JavaScript(script.filename, priority=script.priority, **attributes, defer="defer")
        deferred.append(script)
    context["script_files"] = deferred


def remove_empty_sources(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: with ``html_copy_source = False`` no page's source is published, yet Sphinx's
    HTML builder makes its ``_sources`` folder all the same: an empty folder on the site, taken out here
    (only when it is empty: a file in it is someone's)."""
    if exception is not None or app.builder.format != "html" or app.config.html_copy_source:
        return
    folder = Path(app.outdir) / "_sources"
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def setup_static(app: Sphinx) -> None:
    """Register the stylesheets and the ``builder-inited`` and ``build-finished`` hooks."""
    app.add_css_file(BUNDLE)
    app.connect("builder-inited", add_static_and_templates)
    app.connect("build-finished", remove_empty_sources)
    app.connect("html-page-context", defer_scripts, priority=900)
