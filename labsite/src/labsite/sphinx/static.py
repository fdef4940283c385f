"""The package's own CSS, JavaScript and page templates, added to every HTML build.

Follows sphinx-design: the files ship inside the package and are added at ``builder-inited`` (after
Sphinx has hashed the configuration into ``.buildinfo``, so no absolute path of this machine ends up
there). A site can still override any template by putting one of the same name in its own
``templates_path``, which is searched first.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.jinja2glue import BuiltinTemplateLoader, SphinxFileSystemLoader

from .. import STATIC, TEMPLATES

#: stylesheets every page gets (the publication pages add their own, see `publications.py`)
CSS_FILES = ("labsite.css", "labsite-a11y.css")
#: the printed page's stylesheet (media="print": never loaded for the screen's layout)
PRINT_CSS = "labsite-print.css"


def add_static_and_templates(app: Sphinx) -> None:
    """At ``builder-inited``: serve ``labsite/static`` and search ``labsite/templates`` after the site's own."""
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    templates = getattr(app.builder, "templates", None)
    if isinstance(templates, BuiltinTemplateLoader):
        position = templates.templatepathlen  # after the site's templates_path, before the theme
        templates.loaders.insert(position, SphinxFileSystemLoader(str(TEMPLATES)))
        templates.pathchain.insert(position, TEMPLATES)


def setup_static(app: Sphinx) -> None:
    """Register the stylesheets and the ``builder-inited`` hook."""
    for name in CSS_FILES:
        app.add_css_file(name)
    app.add_css_file(PRINT_CSS, media="print")
    app.connect("builder-inited", add_static_and_templates)
