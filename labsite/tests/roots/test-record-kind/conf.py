project = "Kind Lab"
extensions = ["labsite"]
html_theme = "furo"
exclude_patterns = ["_build"]
