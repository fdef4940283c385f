"""The Sphinx side of labsite: data loading at `builder-inited`, directives, the domain, generated pages,
head tags and images. Each module has one `setup_<part>(app)` called by `labsite.setup`."""
