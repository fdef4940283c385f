project = "Markup Lab"
extensions = ["myst_parser", "sphinx_design", "labsite"]
html_theme = "furo"
myst_enable_extensions = ["colon_fence", "attrs_inline", "attrs_block", "deflist"]
exclude_patterns = ["_build"]
smartquotes = False
labsite_publications_doc = "index"
# the CV page's HTML only: the fuzzed text (any script, emoji) is beyond any one font for the PDFs
labsite_cv_pdf = ""
labsite_cv_short_pdf = ""
