"""Sphinx settings for Hao Zhang's homepage. Settings only; the logic lives in `labsite/`."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # the in-repo `labsite` extension

project = "Hao Zhang"
author = "Hao Zhang"
copyright = "Hao Zhang"
language = "en"

extensions = ["myst_parser", "sphinx_design", "labsite"]

# --- sources -----------------------------------------------------------------------------------
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", ".venv"]
templates_path = ["docs/_templates"]
myst_enable_extensions = ["colon_fence", "attrs_inline", "attrs_block", "deflist"]
myst_heading_anchors = 3
suppress_warnings = []

# --- data (labsite) ----------------------------------------------------------------------------
labsite_data_dir = "data"
# Used for pages whose front matter has no `description`.
labsite_description = "Hao Zhang, Assistant Professor at UC San Diego (HDSI, CSE), leads the Hao AI Lab."

# --- HTML --------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "Hao Zhang"
html_static_path = ["docs/_static"]
html_css_files = ["labsite.css"]
html_show_sourcelink = False
html_copy_source = False
html_show_sphinx = True
html_last_updated_fmt = None
# The canonical address of the site; Read the Docs sets its own.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://haozhang.ai/")
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
}
smartquotes = False  # data and titles show exactly as written
