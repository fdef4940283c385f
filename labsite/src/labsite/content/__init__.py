"""Records -> what pages show: MyST/HTML fragments, co-authors, views, JSON-LD, Scholar tags, feeds,
llms.txt, the chart. No Sphinx here."""
