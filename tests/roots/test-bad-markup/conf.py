import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

project = "Markup Lab"
extensions = ["myst_parser", "sphinx_design", "labsite"]
html_theme = "furo"
myst_enable_extensions = ["colon_fence", "attrs_inline", "attrs_block", "deflist"]
exclude_patterns = ["_build"]
smartquotes = False
labsite_publications_doc = "index"
