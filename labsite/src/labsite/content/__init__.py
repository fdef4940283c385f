"""Records -> what pages show: MyST/HTML fragments, co-authors, views, JSON-LD, Scholar tags, feeds,
llms.txt, the chart. No Sphinx here, but for its message catalogs: the words go through
:mod:`labsite.locale` (English when no build has set up a language)."""
