"""labsite: a Sphinx extension that renders a research lab's data (people, talks,
projects, research areas, teaching, career, publications) with sphinx-design."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # keeps `python -m labsite.check` free of Sphinx, so it starts fast
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup_directives(app: Sphinx) -> None:
    from .directives import DIRECTIVES

    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)


def setup(app: Sphinx) -> dict[str, Any]:
    from .assets import setup_assets
    from .images import setup_images
    from .meta import setup_meta
    from .publications import setup_publications
    from .seo import setup_seo
    from .sphinx_data import setup_data

    app.setup_extension("sphinx_design")
    app.setup_extension("myst_parser")
    setup_data(app)
    setup_directives(app)
    setup_meta(app)
    setup_publications(app)
    setup_seo(app)
    setup_images(app)
    setup_assets(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
