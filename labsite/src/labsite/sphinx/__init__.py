"""The Sphinx side of labsite: data loading at `builder-inited`, the `labsite` domain (records and
cross-references), directives (MyST parsed as MyST in any page: `myst.py`), generated pages, head tags
and images. Each module has one `setup_<part>(app)` called by `labsite.setup`."""

from pathlib import Path

#: CSS/JS and page templates shipped with the package (``labsite/static``, ``labsite/templates``)
STATIC = Path(__file__).parent.parent / "static"
TEMPLATES = Path(__file__).parent.parent / "templates"
