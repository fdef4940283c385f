"""Sphinx settings for Hao Zhang's homepage. Settings only; the logic lives in the `labsite` package (labsite/)."""

import os
from urllib.parse import urlsplit

project = "Hao Zhang"
author = "Hao Zhang"
copyright = "Hao Zhang"
language = "en"

extensions = [
    "labsite",  # sets up myst_parser and sphinx_design itself
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
    "sphinx_reredirects",
]

# --- sources -----------------------------------------------------------------------------------
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", ".venv"]
myst_enable_extensions = ["colon_fence", "attrs_inline", "attrs_block", "deflist"]
myst_heading_anchors = 3
suppress_warnings = []

# --- data (labsite) ----------------------------------------------------------------------------
labsite_data_dir = "data"
# Used for pages whose front matter has no `description`.
labsite_description = "Hao Zhang, Assistant Professor at UC San Diego (HDSI, CSE), leads the Hao AI Lab."
# The CV (docs/cv.md): cv.pdf, cv-short.pdf and cv.json are made from the records at build time.
labsite_cv_paper = "us-letter"
# The short CV (at most 2 pages): the newest selected papers (up to labsite_cv_short_paper_limit, as
# many as fit), the talks of the last 12 months, current students (see README.md, "The CV").
labsite_cv_short_papers = "selected"
labsite_cv_short_paper_limit = 10
labsite_cv_short_talk_months = 12
labsite_cv_short_students = "current"

# --- HTML --------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "Hao Zhang"
html_static_path = ["docs/_static"]
html_favicon = "docs/_static/favicon.svg"
# favicon.ico, a PNG and the apple-touch-icon are made from this (labsite/sphinx/icons.py)
labsite_icon = "docs/_static/favicon.png"
html_show_sourcelink = False
html_use_index = False  # a homepage has no index entries: no empty genindex page
html_copy_source = False
html_show_sphinx = False  # the footer is the copyright alone (labsite's page template for furo)
html_last_updated_fmt = None
# The canonical address of the site; Read the Docs sets its own.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://haozhang.ai/")
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
}
smartquotes = False  # data and titles show exactly as written

# --- found, shared and moved (labsite/seo.py) --------------------------------------------------
# sitemap.xml of the content pages, at the canonical addresses; robots.txt names it.
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search/", "genindex/", "404/"]
# OpenGraph and Twitter card tags; each page's description and image (else the profile photo) come from labsite.
ogp_site_url = html_baseurl
ogp_enable_meta_description = False  # labsite writes the meta description
ogp_social_cards = {"enable": False}  # the photo is the card image; generated cards would need matplotlib
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary" />']
# The 404 page is served at any depth, so its links are absolute from the site's root.
notfound_urls_prefix = urlsplit(html_baseurl).path or "/"
# The owner's old site's addresses (targets relative to the redirect page, e.g. /bio/index.html).
redirects = {
    "bio": "../#biography",
    "publication": "../publications/",
    "prospective_student": "../people/join/",
}
# An Atom feed of the talks, linked from every page; labsite_talks_feed = "" turns it off.
labsite_talks_feed = "feeds/talks.xml"
