# A second, fictional lab: other roles, no publications file, German pages, one word of labsite's
# changed by the site's own catalog (locale/de/LC_MESSAGES/labsite.po).
project = "Beispiel-Labor"
language = "de"
extensions = ["labsite"]
html_theme = "furo"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
locale_dirs = ["locale"]
smartquotes = False
