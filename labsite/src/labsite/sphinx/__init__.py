"""The Sphinx side of labsite: data loading at `builder-inited`, the `labsite` domain (records and
cross-references), directives (MyST parsed as MyST in any page: `myst.py`), generated pages, head tags
and images. Each module has one `setup_<part>(app)` called by `labsite.setup`."""
