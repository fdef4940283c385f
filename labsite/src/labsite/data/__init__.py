"""A lab's records: typed models, loading YAML and BibTeX files, cross-checks. No Sphinx here."""
