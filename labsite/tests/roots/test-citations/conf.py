project = "Test Lab"
extensions = ["labsite"]
html_theme = "furo"
html_baseurl = "https://lab.example.org/"
myst_enable_extensions = ["colon_fence", "attrs_inline", "attrs_block"]
exclude_patterns = ["_build"]
smartquotes = False
