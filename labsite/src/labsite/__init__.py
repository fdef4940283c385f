"""labsite: a Sphinx extension that renders a research lab's data (people, talks, projects,
research areas, teaching, career, publications) from YAML and BibTeX files.

Enable it with ``extensions = ["labsite"]``; it sets up MyST-Parser and sphinx-design itself.
The package has three layers, data flowing one way:

- :mod:`labsite.data`: typed records, YAML and BibTeX loading, cross-checks (no Sphinx);
- :mod:`labsite.content`: records -> what pages show (no Sphinx);
- :mod:`labsite.sphinx`: directives, domain, generated pages, head tags, images.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # keeps `labsite-check` free of Sphinx, so it starts fast
    from sphinx.application import Sphinx

__version__ = "0.2.0"
#: the version of what labsite stores in Sphinx's environment; a change makes Sphinx re-read every page
#: (2: search words are folded, so an older build folder must not keep unfolded ones in its index)
ENV_VERSION = 2


def env_version(package: Path | None = None) -> int:
    """The ``env_version`` labsite gives Sphinx: :data:`ENV_VERSION` and a digest of the engine's Python
    code (every ``*.py`` file of ``package``, default this package: relative path and bytes), as one
    non-negative integer. Sphinx reads every document again when an extension's ``env_version`` differs
    from the one stored with the environment (``sphinx.environment.BuildEnvironment.setup``), so a build
    folder left by another labsite (an upgrade, a local edit of the engine) never keeps doctrees that
    code made differently. Raises OSError if a file cannot be read."""
    folder = package or Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return ENV_VERSION * 2**48 + int(digest.hexdigest()[:12], 16)


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx entry point: register MyST-Parser, sphinx-design and every labsite part.

    Returns the extension metadata (version, ``env_version`` of the stored state, parallel safety).
    Raises nothing itself; data errors surface at ``builder-inited`` (:func:`labsite.sphinx.data.load_data`).
    """
    from .locale import LOCALE_DIR, MESSAGE_CATALOG
    from .sphinx.assets import setup_assets
    from .sphinx.cv import setup_cv
    from .sphinx.data import load_catalogs, setup_data
    from .sphinx.directives import setup_directives
    from .sphinx.domain import setup_domain
    from .sphinx.freshness import setup_freshness
    from .sphinx.icons import setup_icons
    from .sphinx.images import setup_images
    from .sphinx.memory import setup_memory
    from .sphinx.meta import setup_meta
    from .sphinx.myst import enable_myst_extensions
    from .sphinx.news import setup_news
    from .sphinx.peoplepages import setup_people_pages
    from .sphinx.publications import setup_publications
    from .sphinx.search import setup_search
    from .sphinx.seo import setup_seo
    from .sphinx.settings import setup_settings
    from .sphinx.static import setup_static
    from .sphinx.talkpages import setup_talk_pages

    setup_settings(app)  # every labsite_* setting, first: the parts below read them
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.connect("config-inited", enable_myst_extensions)
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    app.connect("builder-inited", load_catalogs, priority=50)
    setup_freshness(app)
    setup_static(app)
    setup_domain(app)
    setup_data(app)
    setup_directives(app)
    setup_meta(app)
    setup_search(app)  # before the parts that report their pages to the search index
    setup_publications(app)
    setup_seo(app)
    setup_talk_pages(app)
    setup_news(app)
    setup_people_pages(app)
    setup_cv(app)
    setup_images(app)
    setup_icons(app)
    setup_assets(app)
    setup_memory(app)
    return {
        "version": __version__,
        "env_version": env_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
