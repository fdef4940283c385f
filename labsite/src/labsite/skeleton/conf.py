"""Sphinx settings for ${title}'s site. The pages are in docs/, the data in data/ (labsite)."""

project = "${title}"
author = "${owner}"
copyright = "${owner}"
language = "${language}"

extensions = ["labsite"]  # sets up MyST-Parser, sphinx-design and the MyST syntax it needs

# --- sources ---------------------------------------------------------------------------------
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", ".venv"]

# --- data (labsite) --------------------------------------------------------------------------
labsite_data_dir = "data"  # from this folder
labsite_description = "${title}: people, research, publications, talks and teaching."

# --- HTML ------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "${title}"
html_show_sourcelink = False
html_copy_source = False
html_use_index = False
# The site's address, for canonical links and sharing tags; Read the Docs sets its own.
# html_baseurl = "https://lab.example.org/"
smartquotes = False  # data and titles show exactly as written
