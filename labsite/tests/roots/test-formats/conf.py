# Every labsite directive from a MyST page (md/) and a reStructuredText page (rst/), with
# `extensions = ["labsite"]` alone: labsite turns on the MyST extensions it needs itself.
project = "Format Lab"
extensions = ["labsite"]
html_theme = "furo"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
smartquotes = False
labsite_publications_doc = "md/publications"
