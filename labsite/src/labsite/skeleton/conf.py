"""Sphinx settings for the lab's site. The pages are in docs/, the data in data/ (labsite)."""

import os
from urllib.parse import urlsplit

project = "${title}"
author = "${owner}"
copyright = "${owner}"
language = "${language}"

# labsite sets up MyST-Parser, sphinx-design and the MyST syntax it needs; sphinx.ext.githubpages writes
# .nojekyll (GitHub Pages would leave out _static/ and _images/ without it) and, for a custom domain in
# html_baseurl, CNAME: harmless elsewhere
extensions = ["labsite", "sphinx.ext.githubpages"]

# --- sources ---------------------------------------------------------------------------------
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", ".venv"]

# --- data (labsite) --------------------------------------------------------------------------
labsite_data_dir = "data"  # from this folder
labsite_description = project + ": people, research, publications, talks and teaching."

# --- HTML ------------------------------------------------------------------------------------
html_theme = "furo"
html_title = project
html_show_sourcelink = False
html_copy_source = False
html_use_index = False
# The site's address, for canonical links and llms.txt: Read the Docs gives it in
# READTHEDOCS_CANONICAL_URL; elsewhere write yours in place of "", e.g. "https://lab.example.org/"
# or, on GitHub Pages, "https://USER.github.io/REPO/".
# Without it the feeds still work (links relative to the site, with an xml:base).
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
if html_baseurl:
    # sitemap.xml (robots.txt names it) lists every page at its address, each paper's own page included,
    # so that search engines and Google Scholar find them; the 404 page, served at any depth, links
    # from the site's root. Both need the site's address.
    extensions += ["sphinx_sitemap", "notfound.extension"]
    sitemap_url_scheme = "{link}"
    sitemap_excludes = ["search/", "404/"]
    notfound_urls_prefix = urlsplit(html_baseurl).path or "/"
smartquotes = False  # data and titles show exactly as written
