"""The CV in Sphinx: the ``cv`` directive (the CV page) and the files written beside the site:
``cv.pdf``, ``cv-short.pdf`` (typeset with typst, :mod:`labsite.content.cv`) and ``cv.json``
(JSON Resume v1.0.0).

The files are made when some page uses the ``cv`` directive, for HTML builders only: typeset once
the pages are read (``env-updated``, so a record the fonts cannot show stops the build before any
page is written), written at ``build-finished``. They depend only on the records, the settings and
the template, never on the clock: an incremental build writes the same bytes as a clean one, and
one after which a file would be the same neither typesets nor writes it again (each file registers
what it shows with the ``labsite`` domain).

Settings (conf.py): ``labsite_cv_pdf``, ``labsite_cv_short_pdf``, ``labsite_cv_json`` (output paths
from the site's root; "" for none), ``labsite_cv_paper`` ("a4" or "us-letter"),
``labsite_cv_template`` (a typst file of the site's own, from the folder of conf.py),
``labsite_cv_fonts`` (font families, first wins), ``labsite_cv_font_paths`` (font folders, from the
folder of conf.py) and ``labsite_cv_short_*`` (the short CV's filter, :class:`~labsite.content.cv.CVFilter`);
all declared in :mod:`labsite.sphinx.settings`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.transforms import AddSlugIds, ResolveAnchorIds
from myst_parser.slugs import github_slugify, unique_slug
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.util.osutil import relative_uri

from ..content import cv as content_cv
from ..data import model
from ..data.builddate import build_datetime
from ..data.datacache import code_key
from ..data.dataset import SiteData
from ..data.kinds import cv_kinds
from ..locale import _
from .data import on_command_line, site_data
from .directives import OUTPUT, DataDirective
from .domain import labsite_domain
from .listings import href
from .search import mark_title_only
from .seo import base_url


class CVBuildError(SphinxError):
    """The CV cannot be made: the message names the record (file, entry) or the setting to change."""

    category = "CV"


def _cv_docs(env: BuildEnvironment) -> dict[str, str]:
    """Documents using the ``cv`` directive, each with the outline of the CV it was read with
    (:func:`_outline`; kept in the ``labsite`` domain, purged and merged per document)."""
    docs: dict[str, str] = labsite_domain(env).data.setdefault("cv_docs", {})
    return docs


def cv_options(app: Sphinx, short: bool = False) -> content_cv.CVOptions:
    """The CV's options from the configuration and the data: build date, site address, paper pages,
    paper size, language, fonts, filter. Raises CVBuildError for a bad setting."""
    config = app.config
    data = site_data(app)
    if config.labsite_cv_paper not in content_cv.PAPER_SIZES:
        raise CVBuildError(
            f"conf.py: labsite_cv_paper is {config.labsite_cv_paper!r}; expected one of: "
            + ", ".join(content_cv.PAPER_SIZES)
        )
    try:
        cv_filter = (
            content_cv.CVFilter.from_settings(
                config.labsite_cv_short_papers,
                config.labsite_cv_short_paper_limit,
                config.labsite_cv_short_talk_months,
                config.labsite_cv_short_students,
                config.labsite_cv_short_sections,
            )
            if short
            else content_cv.CVFilter()
        )
    except content_cv.CVError as err:
        raise CVBuildError(str(err)) from None
    homepage = base_url(app)
    site = labsite_domain(app.env)._publication_site
    paper_url: Callable[[model.Publication], str | None] | None = None
    if homepage and site is not None and site.paper_pages and app.builder.format == "html":
        builder = app.builder

        def paper_page_url(publication: model.Publication) -> str | None:
            return homepage + builder.get_target_uri(site.paper_pagename(publication))

        paper_url = paper_page_url

    return content_cv.CVOptions(
        updated=build_datetime(data),
        homepage=homepage,
        paper_url=paper_url or (lambda publication: None),
        paper=config.labsite_cv_paper,
        language=config.language or "en",
        fonts=tuple(name.strip() for name in config.labsite_cv_fonts.split(",") if name.strip()),
        filter=cv_filter,
        full_cv=homepage + config.labsite_cv_pdf if homepage and config.labsite_cv_pdf else "",
    )


# --- the page ---------------------------------------------------------------------------------
#
# The page's nodes are made from the CV's view (:class:`~labsite.content.cv.CVDocument`) directly, as
# MyST-Parser would make them from the CV written as MyST (the nodes, ids and anchors of a heading, a
# list, a hard line break, a link): the CV shows every record, so parsing it as text again cost more than
# the rest of an edited paper's build.

#: a hard line break inside a paragraph, as MyST-Parser writes it (``\\`` at the end of a line)
_BREAK_HTML, _BREAK_LATEX = "<br />\n", "\\\\\n"


def _line(value: str) -> str:
    """`value` on one line: runs of white space as one space, none at either end (as in a MyST paragraph)."""
    return " ".join(value.split())


#: inline content: nodes and text
Inline = list[nodes.Node | str]


def _inline(parts: Sequence[nodes.Node | str]) -> list[nodes.Node]:
    """`parts` (nodes and text) as nodes, each run of text one Text node."""
    found: list[nodes.Node] = []
    run: list[str] = []
    for part in parts:
        if isinstance(part, str):
            run.append(part)
            continue
        if run:
            found.append(nodes.Text("".join(run)))
            run.clear()
        found.append(part)
    if run:
        found.append(nodes.Text("".join(run)))
    return found


def _inline_text(value: str) -> Inline:
    """`value` (:func:`_line`) as inline content."""
    return [_line(value)]


def _joined(pieces: Iterable[Sequence[nodes.Node | str]], separator: str) -> Inline:
    """The pieces with the text `separator` between each two."""
    joined: Inline = []
    for index, piece in enumerate(pieces):
        if index:
            joined.append(separator)
        joined.extend(piece)
    return joined


def _lines(lines: Iterable[Sequence[nodes.Node | str]]) -> Inline:
    """The lines with a hard line break between each two, as MyST-Parser makes ``line \\`` (a space, then
    new nodes for the HTML and LaTeX writers)."""
    joined: Inline = []
    for index, line in enumerate(lines):
        if index:
            joined += [" ", nodes.raw("", _BREAK_HTML, format="html"), nodes.raw("", _BREAK_LATEX, format="latex")]
        joined.extend(line)
    return joined


def _paragraph(parts: Sequence[nodes.Node | str]) -> nodes.paragraph:
    return nodes.paragraph("", "", *_inline(parts))


class cv_records(nodes.General, nodes.Element):
    """Where a list of the CV's records goes (``section``: the section's id, ``group``: the group's
    index in it; ``page``: the target URI of the page it was read in, which links are relative to;
    ``new_tab``: external links open in a new tab, as the page's MyST settings say). The
    ``cv`` directive leaves these when the page is read; :func:`fill_cv_records` puts the records in when
    it is written, so that an edited paper does not make the page be read again."""


class _CVItems:
    """The nodes of the CV's records on the page `page` (its target URI): links made relative to the page
    (those to the build's own files, written ``OUTPUT + path``), opening in a new tab with `new_tab`."""

    def __init__(self, page: str, new_tab: bool) -> None:
        self.page = page
        self.new_tab = new_tab

    def link(self, label: Sequence[nodes.Node | str], url: str | None) -> Inline:
        """`label` linked to `url` (or the label alone)."""
        if not url:
            return list(label)
        uri = href(url)
        if uri.startswith(OUTPUT):
            uri = relative_uri(self.page, uri[len(OUTPUT) :])
        reference = nodes.reference("", "", *_inline(label), refuri=uri)
        if self.new_tab:
            reference["target"], reference["rel"] = "_blank", "noreferrer noopener"
        return [reference]

    def records(self, group: content_cv.CVGroup) -> nodes.bullet_list:
        """A group's records as a list (:meth:`item`)."""
        return nodes.bullet_list("", *(self.item(item) for item in group.items), bullet="-")

    def item(self, item: content_cv.CVItem) -> nodes.list_item:
        """One record: a paper as its title, then its authors (the CV's person in bold) and venue; any other
        record as its title, text and date, then its lines; the links after a middle dot."""
        lines: list[Inline]
        if item.authors:
            names: list[Inline] = [
                [nodes.strong("", _line(a.name))] if a.owner else [_line(a.name)] for a in item.authors
            ]
            if item.et_al:
                names.append(["et al."])
            venue = _line(item.text)
            second = _joined(names, ", ") + ([". ", nodes.emphasis("", venue)] if venue else ["."])
            lines = [self.link([_line(item.title)], item.url), second]
        else:
            title = _line(item.title)
            shown: Inline = []
            if title:
                styled: nodes.Node | str = (
                    nodes.strong("", title)
                    if item.style == "strong"
                    else nodes.emphasis("", title)
                    if item.style == "emph"
                    else title
                )
                shown = self.link([styled], item.url)
            first = _joined((part for part in (shown, [_line(item.text)]) if part and part != [""]), ", ")
            if item.date:
                first.append(f" ({_line(item.date)})")
            lines = [first, *(_inline_text(line) for line in item.lines)]
        if item.links:
            lines[-1] = [
                *lines[-1],
                " · ",
                *_joined((self.link([_line(li.label)], li.url) for li in item.links), " · "),
            ]
        return nodes.list_item("", _paragraph(_lines(lines)))


class _CVPage(_CVItems):
    """The nodes of the CV page for a document, as it is read: the person, the files, the summary and
    the sections (given ids and anchors as MyST-Parser gives its headings'), each list of records a
    :class:`cv_records` placeholder."""

    def __init__(self, directive: CV) -> None:
        self.document = directive.state.document
        renderer: Any = getattr(directive.state, "_renderer", None)  # MyST's, in a MyST page
        config: MdParserConfig = (
            renderer.md_config if renderer is not None else getattr(directive.env, "myst_config", MdParserConfig())
        )
        super().__init__(directive.env.app.builder.get_target_uri(directive.env.docname), config.links_external_new_tab)
        self.config = config
        # the page's headings' anchors (a MyST page saves them for links to `page#anchor`); a page of
        # another format gets its anchors as parse_myst gives them (labsite.sphinx.myst)
        self.slugs: dict[str, tuple[int | None, str, str]] = renderer._heading_slugs if renderer is not None else {}
        if renderer is None:
            self.document.settings.myst_heading_anchors_html_ids = config.heading_anchors_html_ids
            if not getattr(self.document, "_labsite_myst_transforms", False):
                self.document.transformer.add_transforms([AddSlugIds, ResolveAnchorIds])
                self.document._labsite_myst_transforms = True  # type: ignore[attr-defined]
        self.line = directive.lineno

    def section(self, parent: nodes.Element, level: int, title: str) -> nodes.section:
        """A section titled `title` at heading `level` appended to `parent`, with the ids and the anchor
        (slug) of a MyST heading: docutils' id from the title (``id1`` when it has no letters), then the
        heading's slug, unique in the page, as a second id (``2026``)."""
        section = nodes.section()
        section.line = self.line
        parent.append(section)
        section.append(nodes.title(title, title))
        section["names"].append(nodes.fully_normalize_name(title))
        self.document.note_implicit_target(section, section)
        if level <= self.config.heading_anchors:
            slug = unique_slug((self.config.heading_slug_func or github_slugify)(title), self.slugs)
            if slug:
                section["slug"] = slug
                self.slugs[slug] = (section.line, section["ids"][0], title)
        return section

    def header(self, document: content_cv.CVDocument) -> nodes.container:
        """The CV's person, as the PDF begins: the name, title and affiliations, then the contact line
        (e-mail as the profile writes it, the site's address) and the profile's links. A container of
        class ``labsite-cv-header``: hidden on screen (the site's header names the person), the first
        thing on paper, where the page's chrome is not printed (``labsite-print.css``)."""
        affiliations = _joined((self.link([_line(a.label)], a.url or None) for a in document.affiliations), ", ")
        details = [part for part in ([_line(document.title)], affiliations) if part and part != [""]]
        contact: list[Inline] = (
            [[f"{_line(document.words['email'])} {_line(document.email)}"]] if document.email else []
        )
        if document.homepage:
            contact.append(self.link([_line(document.homepage)], document.homepage))
        lines: list[Inline] = [
            [nodes.strong("", _line(document.name))],
            _lines(details),
            _joined(contact, " · "),
            _joined((self.link([_line(link.label)], link.url) for link in document.links), " · "),
        ]
        return nodes.container("", *(_paragraph(line) for line in lines if line), classes=["labsite-cv-header"])

    def nodes(self, document: content_cv.CVDocument, level: int, files: list[tuple[str, str]]) -> list[nodes.Node]:
        """The CV page: the person (:meth:`header`, for paper), the files to download, the summary, then
        each section (headings at `level`, groups one below) with a :class:`cv_records` placeholder for
        each list of records."""
        root = nodes.Element()
        root.append(self.header(document))
        if files:
            links = _joined((self.link([label], OUTPUT + path) for label, path in files), " · ")
            root.append(nodes.container("", _paragraph(links), classes=["labsite-cv-files"]))
        if _line(document.summary):
            root.append(_paragraph([_line(document.summary)]))
        for part in document.sections:
            section = self.section(root, level, _line(part.heading))
            for index, group in enumerate(part.groups):
                where = self.section(section, level + 1, _line(group.heading)) if group.heading else section
                where.append(cv_records("", section=part.id, group=index, page=self.page, new_tab=self.new_tab))
        return root.children


class CV(DataDirective):
    """``cv``: the whole CV from the records (positions, education, awards, publications, talks,
    teaching, students, service), with links to the PDFs and the JSON Resume. The page's own title
    comes before it; sections are headings at ``:heading-level:`` (2)."""

    #: the kinds whose records the CV shows (their row's ``cv_sections`` in :data:`labsite.data.kinds.KINDS`)
    uses = tuple(k.name for k in cv_kinds())

    @property
    def filled_late(self) -> tuple[str, ...]:  # type: ignore[override]
        """The papers, on HTML builders: they are put in when the page is written (:func:`fill_cv_records`),
        and an edited paper makes the page be written again (:mod:`labsite.sphinx.freshness`), read again
        only when the CV's outline changes (:func:`reread_when_outline_changes`)."""
        return ("publications",) if self.env.app.builder.format == "html" else ()

    def run(self) -> list[nodes.Node]:
        """Nodes of the CV (:meth:`build`); notes the page as the CV's (the files are written for it), with
        the outline it was read with."""
        _cv_docs(self.env)[self.env.docname] = _outline(self.env.app)
        mark_title_only(self.env, self.env.docname)  # every record on it has a page of its own
        return super().run()

    def build(self, data: SiteData) -> list[nodes.Node]:
        """The CV made from the CV's view (not through MyST text), its lists of records left as
        placeholders (:class:`cv_records`); none without a profile, with a warning."""
        if not self.require(data, "profile", data.profile is not None):
            return []
        document = page_document(self.env.app)
        assert document is not None  # there is a profile
        with content_cv.gc_paused():
            return _CVPage(self).nodes(document, self.heading_level, self.files())

    def files(self) -> list[tuple[str, str]]:
        """The files the build makes, as (label, path from the site's root): PDF, short PDF, JSON Resume."""
        config = self.env.app.config
        return [
            (label, path)
            for label, path in (
                (_("CV (PDF)"), config.labsite_cv_pdf),
                (_("Short CV (PDF)"), config.labsite_cv_short_pdf),
                ("JSON Resume", config.labsite_cv_json),  # the format's name
            )
            if path
        ]


def page_document(app: Sphinx) -> content_cv.CVDocument | None:
    """The CV the page shows (:func:`labsite.content.cv.cv_document`; papers link their own pages on HTML
    builders, written ``OUTPUT + path``), made once per build (the same for every page showing the CV);
    None without a profile."""
    made = labsite_domain(app.env).per_build("cv-page", dict[str, content_cv.CVDocument | None])
    if "document" not in made:
        data = site_data(app)
        if data.profile is None:
            made["document"] = None
            return None
        options = cv_options(app)
        site = labsite_domain(app.env)._publication_site
        if site is not None and site.paper_pages and app.builder.format == "html":
            builder = app.builder
            options.paper_url = lambda p: OUTPUT + builder.get_target_uri(site.paper_pagename(p))
        else:
            options.paper_url = lambda p: None
        made["document"] = content_cv.cv_document(data, options)
    return made["document"]


def _outline(app: Sphinx) -> str:
    """What the CV page holds besides its lists of records, from the papers: each section's id and
    heading and its groups' headings (the years of the papers). '' without a profile."""
    document = page_document(app)
    if document is None:
        return ""
    parts = [(part.id, part.heading, [group.heading for group in part.groups]) for part in document.sections]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def reread_when_outline_changes(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: the pages showing the CV are read again when its outline (:func:`_outline`)
    differs from the one they were read with (the papers are not their dependency: a paper of a new year
    adds a heading). Returns those documents."""
    docs = {doc: outline for doc, outline in _cv_docs(env).items() if doc in env.found_docs}
    if not docs or set(docs) <= added | changed:
        return []
    now = _outline(app)
    return sorted(doc for doc, outline in docs.items() if outline != now and doc not in added | changed)


def register_cv_records(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` (before :mod:`labsite.sphinx.freshness` compares): register with the ``labsite``
    domain the records each page showing the CV fills in when written
    (:meth:`~labsite.sphinx.domain.LabsiteDomain.document_depends`), so that the page is written again
    when they change. Returns no documents."""
    docs = [doc for doc in sorted(_cv_docs(env)) if doc in env.found_docs]
    if not docs:
        return []
    document = page_document(app)
    if document is None:
        return []
    with content_cv.gc_paused():
        shown = hashlib.sha256(repr(document.sections).encode()).hexdigest()
    domain = labsite_domain(env)
    for doc in docs:
        domain.document_depends(doc, ("cv", shown))
    return []


def fill_cv_records(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (before other listeners): put each list of the CV's records in its
    :class:`cv_records` placeholder, links relative to the page it was read in. Raises CVBuildError when
    a placeholder names a list the CV does not have (the page was read with another outline)."""
    if not _cv_docs(app.env):
        return
    places = list(doctree.findall(cv_records))  # also in a document assembled from several (LaTeX, singlehtml)
    if not places:
        return
    document = page_document(app)
    sections = {part.id: part for part in document.sections} if document is not None else {}
    with content_cv.gc_paused():
        for place in places:
            items = _CVItems(place["page"], bool(place["new_tab"]))
            part = sections.get(place["section"])
            if part is None or not 0 <= place["group"] < len(part.groups):
                raise CVBuildError(f"{docname}: the CV page is out of date; build it again from clean (make clean)")
            place.replace_self(items.records(part.groups[place["group"]]))


# --- the files --------------------------------------------------------------------------------


def _template(app: Sphinx) -> Path:
    if not app.config.labsite_cv_template:
        return content_cv.TEMPLATE
    path: Path = (Path(app.confdir) / app.config.labsite_cv_template).resolve()
    if not path.is_relative_to(Path(app.confdir).resolve()) or not path.is_file():
        raise CVBuildError(
            f"conf.py: labsite_cv_template {app.config.labsite_cv_template!r} is not a file in the site's folder"
        )
    return path


def _font_paths(app: Sphinx) -> list[Path]:
    folders = []
    for name in (n.strip() for n in app.config.labsite_cv_font_paths.split(",") if n.strip()):
        path = (Path(app.confdir) / name).resolve()
        if not path.is_relative_to(Path(app.confdir).resolve()) or not path.is_dir():
            raise CVBuildError(f"conf.py: labsite_cv_font_paths: {name!r} is not a folder in the site's folder")
        folders.append(path)
    return folders


def short_pdf(app: Sphinx, data: SiteData, template: Path, fonts: list[Path], root: Path | None) -> bytes:
    """cv-short.pdf: the records ``labsite_cv_short`` selects, in at most two pages
    (:func:`labsite.content.cv.short_cv_pdf`); raises CVBuildError when even the other sections
    take more than two pages."""
    options = cv_options(app, short=True)
    try:
        pdf, _pages = content_cv.short_cv_pdf(data, options, template, fonts, root, app.config.labsite_cv_short_pdf)
    except content_cv.CVError as err:
        raise CVBuildError(str(err)) from None
    return pdf


def _folder_digest(digest: Any, folder: Path) -> None:
    """Add every file under `folder` (name and bytes; folders starting with ``_`` or ``.``, such as build
    outputs and caches, and linked folders left out) to the hash `digest`."""
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        for name in sorted(names):
            path = Path(top, name)
            if path.is_file():
                digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
                digest.update(path.read_bytes())
                digest.update(b"\0")


def _typesetting_inputs(template: Path, fonts: list[Path]) -> str:
    """A digest of what typst reads besides the CV's JSON: the template's folder (the packaged one, or the
    site's own template's folder with whatever it includes), the font folders, typst's version and
    labsite's code (how the CV is made and typeset). Raises OSError if a file cannot be read."""
    import typst

    digest = hashlib.sha256(f"typst {getattr(typst, '__version__', '')}\0{code_key()}\0".encode())
    for folder in (template.parent, *fonts):
        digest.update(f"folder\0{folder.name}\0".encode())
        _folder_digest(digest, folder)
    digest.update(f"template\0{template.name}\0".encode())
    return digest.hexdigest()


def _short_cv_document(app: Sphinx, data: SiteData) -> content_cv.CVDocument:
    """What cv-short.pdf can show: the short CV with every paper its filter selects, up to its limit
    (:func:`labsite.content.cv.short_cv_papers`; :func:`labsite.content.cv.short_cv_pdf` typesets this
    document, or the newest of those papers that fit in two pages: the PDF depends on it only)."""
    papers, options = content_cv.short_cv_papers(data, cv_options(app, short=True))
    return content_cv.cv_document(data, options, papers=papers)


def make_cv_files(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated`` (after :mod:`labsite.sphinx.freshness` has compared the builds): typeset the PDFs
    and make the JSON Resume (kept until ``build-finished``) when a page shows the CV. Each file is
    registered with the ``labsite`` domain (:meth:`~labsite.sphinx.domain.LabsiteDomain.output_depends`)
    by what it shows (the CV's JSON for typst, the template, the fonts, typst's version, labsite's
    code): one that is the same as after the last complete build and still in the output is neither
    typeset nor written again. Raises CVBuildError naming the record or setting when the CV cannot be
    made."""
    files = labsite_domain(env).per_build("cv-files", dict[str, bytes | None])  # not stored in the environment
    files.clear()
    if app.builder.format != "html" or not _cv_docs(env) or site_data(app).profile is None:
        return
    data = site_data(app)
    config = app.config
    domain = labsite_domain(env)
    outdir = Path(app.outdir).resolve()
    for setting in ("labsite_cv_pdf", "labsite_cv_short_pdf", "labsite_cv_json"):
        name = getattr(config, setting)
        if name and not (outdir / name).resolve().is_relative_to(outdir):
            raise CVBuildError(f"conf.py: {setting} {name!r} is outside the site; expected a path such as 'cv.pdf'")
    template, fonts = _template(app), _font_paths(app)
    root = Path(app.confdir) if config.labsite_cv_template else None  # else the packaged template's folder
    inputs = _typesetting_inputs(template, fonts) if config.labsite_cv_pdf or config.labsite_cv_short_pdf else ""

    def needed(name: str, *facts: object) -> bool:
        output = Path(name).as_posix()
        if domain.output_depends(app.builder, output, facts=facts):
            return True
        files[name] = None  # the same as in the output: kept as it is
        return False

    try:
        if config.labsite_cv_pdf:
            document = content_cv.cv_document(data, cv_options(app))
            if needed(config.labsite_cv_pdf, "cv", document.to_json(), inputs, root is not None):
                files[config.labsite_cv_pdf], _ = content_cv.typst_pdf(document, template, fonts, root=root)
        if config.labsite_cv_short_pdf:
            short = _short_cv_document(app, data)
            if needed(config.labsite_cv_short_pdf, "cv-short", short.to_json(), inputs, root is not None):
                files[config.labsite_cv_short_pdf] = short_pdf(app, data, template, fonts, root)
        if config.labsite_cv_json:
            canonical = base_url(app) + config.labsite_cv_json if base_url(app) else ""
            resume = content_cv.json_resume(data, cv_options(app), canonical)
            text = (json.dumps(resume, ensure_ascii=False, indent=2) + "\n").encode()
            if needed(config.labsite_cv_json, "cv-json", text):
                files[config.labsite_cv_json] = text
    except content_cv.CVError as err:
        raise CVBuildError(str(err)) from None


def make_cv_files_or_stop(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: :func:`make_cv_files`; on the command line, a problem is printed as it is (no
    crash report) and the build stops with status 1, as for problems in the data files."""
    try:
        make_cv_files(app, env)
    except CVBuildError as err:
        if on_command_line(app):
            sys.stdout.flush()
            print(f"CV: {err}", file=sys.stderr, flush=True)
            raise SystemExit(1) from None
        raise


#: the files the last build wrote (in the doctree folder), so that files no longer made are removed
MANIFEST = "labsite-cv-files.json"


def write_cv_files(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the files made at ``env-updated`` into the output folder, and remove
    the ones an earlier build wrote that are no longer made (the CV page removed, a file renamed)."""
    if exception is not None or app.builder.format != "html":
        return
    files = labsite_domain(app.env).per_build("cv-files", dict[str, bytes | None])
    outdir = Path(app.outdir).resolve()
    manifest = Path(app.doctreedir) / MANIFEST
    try:
        previous = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = []
    for stale in sorted(set(previous) - set(files)):
        target = (outdir / stale).resolve()
        if target.is_relative_to(outdir) and target.is_file():
            target.unlink()
    for path, content in files.items():
        if content is None:
            continue  # up to date (make_cv_files)
        target = outdir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(sorted(files)), encoding="utf-8")


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _cv_docs(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    mine = _cv_docs(env)
    theirs = (other.domaindata.get("labsite") or {}).get("cv_docs") or {}  # a worker's environment
    mine.update({doc: theirs[doc] for doc in docnames if doc in theirs})


def setup_cv(app: Sphinx) -> None:
    """Register the ``cv`` directive and the events that make and write its files (the settings are in
    :mod:`labsite.sphinx.settings`)."""
    app.add_directive("cv", CV)
    app.add_node(cv_records)
    app.connect("env-get-outdated", reread_when_outline_changes)
    # before labsite.sphinx.freshness compares (900)
    app.connect("env-updated", register_cv_records, priority=850)
    app.connect("doctree-resolved", fill_cv_records, priority=100)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    # after labsite.sphinx.freshness (900) has compared the builds, before the environment is saved
    app.connect("env-updated", make_cv_files_or_stop, priority=920)
    app.connect("build-finished", write_cv_files)
