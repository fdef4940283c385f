"""Sphinx wiring for being found, shared and moved: sharing tags, structured data, feeds, robots.txt,
llms.txt, the 404 page and redirect pages. The texts and documents themselves are built by `jsonld.py`,
`feeds.py` and `llms.py` from the records; everything here is about where they go.

Works with (when they are loaded): sphinxext-opengraph (the og:description and og:image of each page
come from here), sphinx-sitemap (its file is completed on incremental builds, and sorted so parallel
builds write the same bytes), sphinx-notfound-page (a page with search and a way home, also copied to
`404.html`) and sphinx-reredirects (redirect pages that also show a link).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Set
from fnmatch import fnmatch
from html import escape, unescape
from pathlib import Path, PurePosixPath
from string import Template
from typing import Any, TypedDict
from xml.etree import ElementTree

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging

from ..content import jsonld, llms
from ..data import model
from ..data.dataset import talk_id
from ..data.kinds import kind
from ..locale import _
from . import TEMPLATES
from .data import site_data
from .domain import labsite_domain
from .images import picture, served_image
from .meta import page_description

logger = logging.getLogger("labsite")

FEED_TYPE = "application/atom+xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
REDIRECT_TEMPLATE = TEMPLATES / "redirect.html"


# --- addresses ---------------------------------------------------------------------------------


def base_url(app: Sphinx) -> str:
    """`html_baseurl`, ending in a slash ('' when it is not set)."""
    url = app.config.html_baseurl or ""
    return url if not url or url.endswith("/") else url + "/"


def normalise_base_urls(app: Sphinx, config: Config) -> None:
    """``config-inited``: ``html_baseurl`` (and sphinxext-opengraph's ``ogp_site_url``) end in a slash.

    Addresses are joined to them (``urljoin``, sphinx-sitemap's ``{link}``): without the slash, the last
    folder of ``https://example.org/lab`` is dropped (``og:url`` ``https://example.org/people/``) or run
    into the page (``https://example.org/labpeople/`` in sitemap.xml). The slash is what the writer meant."""
    for name in ("html_baseurl", "ogp_site_url"):
        url = getattr(config, name, None)
        if isinstance(url, str) and url and not url.endswith("/"):
            setattr(config, name, url + "/")


def page_url(app: Sphinx, docname: str) -> str:
    """The absolute URL of page `docname`: :func:`base_url`, then the builder's target URI of the page."""
    return base_url(app) + app.builder.get_target_uri(docname)


def page_url_from(app: Sphinx, fromdoc: str, docname: str) -> str:
    """The URL of page `docname` as written on page `fromdoc`: absolute (:func:`page_url`) with
    ``html_baseurl``, else relative to `fromdoc` (``./`` for the page itself), as JSON-LD resolves a
    relative ``@id`` or ``url`` against the page holding it."""
    if base_url(app):
        return page_url(app, docname)
    return app.builder.get_relative_uri(fromdoc, docname) or "./"


def note_feed(app: Sphinx, path: str, title: str) -> None:
    """For this build: the site has an Atom feed at `path` (from the output folder) titled `title`.
    Each feed's writer says so (whether it rewrites the file or keeps it), so llms.txt lists every feed
    the site has, whatever kind of record it is of, without knowing the kinds."""
    labsite_domain(app.env).per_build("feeds", dict[str, str])[path] = title


def noted_feeds(app: Sphinx) -> dict[str, str]:
    """The feeds :func:`note_feed` was told of in this build: path -> title, in the order written."""
    return dict(labsite_domain(app.env).per_build("feeds", dict[str, str]))


# --- what each page holds: its first image (collected while reading) ------------------------------


class FirstImage(TypedDict):
    """A page's first image: its path from the pages folder (or its URI) and its alt text, if any."""

    path: str
    alt: str | None


class PageFacts(TypedDict):
    """What :class:`PageFactsCollector` notes of a page."""

    image: FirstImage | None


def _pages(env: BuildEnvironment) -> dict[str, PageFacts]:
    """docname -> facts of the page, kept (purged and merged per document) by the ``labsite`` domain."""
    pages: dict[str, PageFacts] = labsite_domain(env).data["pages"]
    return pages


class PageFactsCollector(EnvironmentCollector):
    """Per page: its first image (path from the pages folder). Where the talks are is the domain's
    (:meth:`labsite.sphinx.domain.LabsiteDomain.talk_locations`)."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        """Nothing to do: the ``labsite`` domain purges the page's facts."""

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment) -> None:
        """Nothing to do: the ``labsite`` domain merges the page's facts."""

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        """Note the page's first image."""
        first_image: FirstImage | None = None
        for node in doctree.findall(nodes.Element):
            if not isinstance(node, (nodes.image, picture)):
                continue
            if isinstance(node, picture):  # made responsive by `images.py`
                path = node["images"].variants[0].source
            else:
                candidates: dict[str, str] = node.get("candidates", {})  # mimetype -> path, set by Sphinx
                path = candidates.get("*") or node["uri"]
            first_image = {"path": path, "alt": node.get("alt")}
            break
        _pages(app.env)[app.env.docname] = {"image": first_image}


def talk_anchor_url(app: Sphinx, talk: model.Talk, where: dict[str, tuple[str, str]]) -> str:
    """The absolute address of a talk's entry on the site (``where``: the domain's
    :meth:`~labsite.sphinx.domain.LabsiteDomain.talk_locations`). Raises KeyError for a talk that no
    page shows (callers leave those out)."""
    docname, anchor = where[talk_id(talk)]
    return f"{page_url(app, docname)}#{anchor}"


def talk_anchor_url_from(app: Sphinx, fromdoc: str, talk: model.Talk, where: dict[str, tuple[str, str]]) -> str:
    """The address of a talk's entry as written on page `fromdoc` (:func:`page_url_from`); KeyError as
    :func:`talk_anchor_url`."""
    docname, anchor = where[talk_id(talk)]
    return f"{page_url_from(app, fromdoc, docname)}#{anchor}"


# --- images --------------------------------------------------------------------------------------


def _file_entry(files: Any, path: str) -> tuple[Any, str] | None:
    """Sphinx's record (documents, output name) of a copied image or download; keys are paths or strings."""
    relative = path.lstrip("/")
    entry = files.get(Path(relative)) or files.get(relative)
    return (entry[0], str(entry[1])) if entry else None


def _image_url(app: Sphinx, path: str) -> str | None:
    """The address of an image the build serves (`_images/...`: the JPEG that `images.py` made of it, else
    Sphinx's copy), or an external image's own address; None if the build does not serve it."""
    if "://" in path:
        return path
    if served := served_image(app.env, path):
        return base_url(app) + served
    entry = _file_entry(app.env.images, path)
    return f"{base_url(app)}_images/{entry[1]}" if entry else None


def share_image_path(app: Sphinx) -> str | None:
    """The default sharing image: `labsite_share_image`, else the profile photo (paths from the pages folder)."""
    profile = site_data(app).profile
    path = app.config.labsite_share_image or (profile.photo if profile else None)
    return path.lstrip("/") if path else None


def share_image(app: Sphinx) -> tuple[str, str] | None:
    """(absolute URL, alt text) of the default sharing image; copied by `finish` if no page shows it."""
    path = share_image_path(app)
    if not path:
        return None
    profile = site_data(app).profile
    alt = ((profile.photo_alt or profile.name) if profile else None) or app.config.project
    url = _image_url(app, path) or f"{base_url(app)}_images/{PurePosixPath(path).name}"
    return url, alt


def register_share_image(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: register with the ``labsite`` domain the default sharing image, shown in every
    page's head, and its copy in ``_images/`` when no page shows the image (made by :func:`finish`).
    Returns no documents."""
    domain = labsite_domain(env)
    domain.note_shared("share-image", share_image(app))
    path = share_image_path(app)
    if path and _image_url(app, path) is None:
        domain.keep_files("_images", [PurePosixPath(path).name])
    return []


def page_image(app: Sphinx, docname: str) -> tuple[str, str] | None:
    """The image that represents a page when shared, with its alt text: its first image, else the site's
    sharing image (:func:`share_image`); None if neither is served."""
    facts = _pages(app.env).get(docname)
    image = facts["image"] if facts else None
    if image:
        url = _image_url(app, image["path"])
        if url:
            return url, image["alt"] or app.env.titles[docname].astext() or app.config.project
    return share_image(app)


# --- the head of every page ----------------------------------------------------------------------


def feed_title(app: Sphinx, list_title: str) -> str:
    """A feed's title: "<owner>: <title of its list's page>" (the page's title alone without a profile).
    Feeds themselves are written by :mod:`labsite.sphinx.longlist`."""
    profile = site_data(app).profile
    return f"{profile.name}: {list_title}" if profile else list_title


def person_data(app: Sphinx) -> dict[str, Any] | None:
    """The owner as a schema.org Person (JSON-LD of the home page), or None without a profile."""
    profile = site_data(app).profile
    if profile is None:
        return None
    image = share_image(app)
    return jsonld.person(
        profile,
        url=page_url_from(app, app.config.root_doc, app.config.root_doc),
        image=image[0] if image else None,
        description=page_description(app, app.config.root_doc),
    )


def events_data(app: Sphinx, docname: str) -> dict[str, Any] | None:
    """The schema.org Events of the talks whose entry is on ``docname`` (None if none is)."""
    where = labsite_domain(app.env).talk_locations()
    if not any(page == docname for page, _ in where.values()):
        return None
    profile = site_data(app).profile
    performer = None
    if profile:
        owner_type = kind("profile").jsonld_type
        performer = {
            "@type": owner_type,
            "@id": f"{page_url_from(app, docname, app.config.root_doc)}#person",
            "name": profile.name,
        }
    events = []
    for talk in site_data(app).talks.talks:
        if where.get(talk_id(talk), ("", ""))[0] == docname:
            event = jsonld.talk_event(
                talk, anchor_url=talk_anchor_url_from(app, docname, talk, where), performer=performer
            )
            events.append({k: v for k, v in event.items() if k != "@context"})
    return {"@context": jsonld.CONTEXT, "@graph": events} if events else None


def get_text(html: str) -> str:
    """Plain text of a bit of HTML such as a page title."""
    return " ".join(unescape(re.sub(r"<[^>]*>", "", html)).split())


def is_content_page(app: Sphinx, pagename: str) -> bool:
    """False for Sphinx's search and index pages and the not-found page."""
    special = {"search", "genindex", "py-modindex", getattr(app.config, "notfound_pagename", "404")}
    return pagename not in special and not pagename.startswith("genindex-")


def generated_page_tags(app: Sphinx, pagename: str, context: dict[str, Any]) -> list[str]:
    """Open Graph ``<meta>`` tags of a page without a document (title, type, URL, site name, description,
    sharing image; the page's own ``og:`` metadata wins), then ``ogp_custom_meta_tags``."""
    meta = context.get("meta") or {}
    tags = {
        "og:title": get_text(context.get("title", "")) or app.config.project,
        "og:type": app.config.ogp_type if "ogp_type" in app.config else "website",
        "og:url": page_url(app, pagename) if base_url(app) else "",  # absolute only (the Open Graph protocol)
        "og:site_name": app.config.project,
        # as the meta description (`meta.py`): the page's own, else the site's
        "og:description": context.get("labsite_description") or page_description(app, pagename),
    }
    if image := share_image(app):
        tags["og:image"], tags["og:image:alt"] = image
    tags.update({k: str(v) for k, v in meta.items() if k.startswith("og:")})
    lines = [f'<meta property="{k}" content="{escape(v)}" />' for k, v in tags.items() if v]
    return lines + list(getattr(app.config, "ogp_custom_meta_tags", ()))


def add_head_tags(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """JSON-LD on pages; sharing description and image for sphinxext-opengraph (the feeds' links are
    :mod:`labsite.sphinx.longlist`'s)."""
    if app.builder.format != "html" or getattr(app.builder, "embedded", False):
        return
    tags = []
    if pagename == getattr(app.config, "notfound_pagename", None):
        # Served for every missing address (also as /404.html): it must not be indexed, and it is
        # no page's canonical version (Google: "don't use rel=canonical on soft-404 pages").
        context["pageurl"] = None
        tags.append('<meta name="robots" content="noindex" />')
    if doctree is None and is_content_page(app, pagename):
        # Pages made by extensions (no source document): sphinxext-opengraph skips them, so tag them here.
        tags += generated_page_tags(app, pagename, context)
    if doctree is not None:
        # sphinxext-opengraph takes `og:` keys of the page metadata as overrides; front matter still wins.
        meta = dict(context.get("meta") or {})
        description = page_description(app, pagename)
        if description:
            meta.setdefault("og:description", description)
        image = page_image(app, pagename)
        if image and "og:image" not in meta:
            meta["og:image"], meta["og:image:alt"] = image
        context["meta"] = meta
        if pagename == app.config.root_doc and (person := person_data(app)):
            tags.append(jsonld.script(person))
        if events := events_data(app, pagename):
            tags.append(jsonld.script(events))
    if tags:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags)


# --- the 404 page and redirect pages -------------------------------------------------------------


def notfound_body(home: str, search: str) -> str:
    """The body of the not-found page, in the site's language: a line saying so, a search form (to
    `search`) and a link `home`."""
    line = escape(
        _("There is no page at this address; it may have moved. Search the site, or start again from the {home}.")
    )
    home_link = f'<a href="{escape(home)}">{escape(_("home page"))}</a>'
    return (
        f"<h1>{escape(_('Page not found'))}</h1>\n"
        f"<p>{line.replace('{home}', home_link)}</p>\n"
        f'<form class="labsite-notfound-search" action="{escape(search)}" method="get" role="search">\n'
        f'<label for="labsite-notfound-q">{escape(_("Search this site"))}</label>\n'
        '<input type="search" id="labsite-notfound-q" name="q" required>\n'
        f'<button type="submit">{escape(_("Search"))}</button>\n'
        "</form>\n"
    )


def notfound_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context`` (early): the 404 page of sphinx-notfound-page gets a search form and a link
    home, at absolute addresses (it is served at any depth), unless conf.py sets its own
    ``notfound_context``. Given to this page's context only: the setting itself is left as conf.py has it."""
    if "notfound_context" not in app.config or pagename != app.config.notfound_pagename or doctree is not None:
        return
    if app.config.notfound_context is not app.config.values["notfound_context"].default:
        return  # conf.py has its own
    prefix = app.config.notfound_urls_prefix or "/"
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    context["title"] = _("Page not found")
    context["body"] = notfound_body(prefix, prefix + app.builder.get_target_uri("search"))


def configure_redirects(app: Sphinx) -> None:
    """``builder-inited``: sphinx-reredirects pages that also show a link (for readers without JavaScript
    or refresh), when the site names no ``redirect_html_template_file``.

    sphinx-reredirects' ``html-collect-pages`` listener is swapped for :func:`write_redirects`, which
    gives its writer labsite's template, its words in the site's language: no setting is changed, so
    the template's absolute path (it depends on where labsite is installed) never reaches the output,
    ``.buildinfo`` or the saved environment, and builds in two folders are byte-identical."""
    if "redirect_html_template_file" not in app.config or app.config.redirect_html_template_file:
        return
    for listener in list(app.events.listeners.get("html-collect-pages", [])):
        handler = listener.handler
        if getattr(handler, "__module__", "") == "sphinx_reredirects" and handler.__name__ == "init":
            app.disconnect(listener.id)
            app.connect("html-collect-pages", write_redirects, priority=listener.priority)


def write_redirects(app: Sphinx) -> list[Any]:
    """``html-collect-pages``: sphinx-reredirects' own ``init`` (write a page per redirect), with
    labsite's template (:data:`REDIRECT_TEMPLATE`). Returns no pages."""
    import sphinx_reredirects

    if not app.config.redirects:
        return []
    writer = sphinx_reredirects.Reredirects(app)
    language = app.config.language or "en"
    writer._render_redirect_template = lambda to_uri: redirect_page(to_uri, language)
    writer.create_redirects(writer.grab_redirects())
    return []


def redirect_page(to_uri: str, language: str) -> str:
    """A redirect page (:data:`REDIRECT_TEMPLATE`) to ``to_uri`` (a URL as sphinx-reredirects gives it),
    its words in the site's language (``language``, Sphinx's code, the page's ``lang``)."""
    link = f'<a href="{to_uri}">{escape(_("its new address"))}</a>'
    moved = escape(_("This page has moved to {link}.")).replace("{link}", link)
    template = Template(REDIRECT_TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        to_uri=to_uri, lang=escape(language.replace("_", "-")), title=escape(_("This page has moved")), moved=moved
    )


# --- files written after the pages ---------------------------------------------------------------


def sitemap_loc(app: Sphinx, docname: str) -> str | None:
    """A page's address as sphinx-sitemap writes it; None if `sitemap_excludes` leaves it out."""
    link = app.builder.get_target_uri(docname)
    if any(fnmatch(link, pattern) for pattern in app.config.sitemap_excludes):
        return None
    lang = f"{app.config.language}/" if app.config.language else ""
    version = f"{app.config.version}/" if app.config.version else ""
    site_url = app.config.site_url or base_url(app)
    loc: str = site_url + app.config.sitemap_url_scheme.format(lang=lang, version=version, link=link)
    return loc


def fix_sitemap(app: Sphinx, path: Path) -> None:
    """sphinx-sitemap lists the pages written by this run, in the order they were written: an
    incremental build (`make html`, `make livehtml`) leaves out unchanged pages, and `-j` changes the
    order. Add every page it left out (documents and generated publication pages), and sort."""
    ElementTree.register_namespace("", SITEMAP_NS)
    tree = ElementTree.parse(path)
    root = tree.getroot()
    listed = {url.findtext(f"{{{SITEMAP_NS}}}loc") for url in root}
    for docname in sorted({*app.env.all_docs, *labsite_domain(app.env).generated_pagenames()}):
        loc = sitemap_loc(app, docname)
        if loc and loc not in listed:
            ElementTree.SubElement(
                ElementTree.SubElement(root, f"{{{SITEMAP_NS}}}url"), f"{{{SITEMAP_NS}}}loc"
            ).text = loc
            listed.add(loc)
    root[:] = sorted(root, key=lambda url: url.findtext(f"{{{SITEMAP_NS}}}loc") or "")
    tree.write(path, xml_declaration=True, encoding="utf-8", method="xml")


def serial_sitemap_queue(app: Sphinx, config: Config) -> None:
    """``config-inited``: sphinx-sitemap collects page addresses in a `multiprocessing.Manager` queue,
    which starts a server process on every build (about 35 ms), for the sake of ``-j`` builds. A serial
    build gets an ordinary in-process queue instead (:func:`fix_sitemap` completes the file either way)."""
    if app.parallel > 1:
        return
    for listener in list(app.events.listeners.get("builder-inited", [])):
        handler = listener.handler
        if getattr(handler, "__module__", "") == "sphinx_sitemap" and handler.__name__ == "record_builder_type":
            app.disconnect(listener.id)
            app.connect("builder-inited", _record_builder_type_serial, priority=listener.priority)


def _record_builder_type_serial(app: Sphinx) -> None:
    """sphinx-sitemap's `record_builder_type`, with a plain queue (serial builds only)."""
    import queue

    builder = getattr(app, "builder", None)
    if builder is None:
        return
    builder.env.is_directory_builder = type(builder).__name__ == "DirectoryHTMLBuilder"
    app.sitemap_links = queue.Queue()  # type: ignore[attr-defined]  # sphinx-sitemap's attribute on the app


def robots_txt(app: Sphinx, sitemap: str | None) -> str:
    """The text of ``robots.txt``: everything allowed, and the sitemap's absolute URL when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if sitemap:
        lines += ["", f"Sitemap: {base_url(app)}{sitemap}"]
    return "\n".join(lines) + "\n"


def main_pages(app: Sphinx) -> list[llms.LinkItem]:
    """The home page and the pages of its table of contents, in order. Without ``html_baseurl`` the
    addresses are relative to llms.txt (at the site's root): the home page is ``./``, never an empty link."""
    root = app.config.root_doc
    docnames = [root] + [d for d in app.env.toctree_includes.get(root, []) if d in app.env.titles]
    return [
        llms.LinkItem(app.env.titles[d].astext(), page_url(app, d) or "./", page_description(app, d)) for d in docnames
    ]


def write_llms_txt(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (after the feeds' writers): llms.txt, with the pages of the home page's table
    of contents, the profile's links, the CV and every Atom feed the site has (:func:`noted_feeds`)."""
    if exception is not None or app.builder.format != "html" or getattr(app.builder, "embedded", False):
        return
    outdir = Path(app.outdir)
    profile = site_data(app).profile
    if profile is None or not app.config.labsite_llms_txt:
        return
    optional = []
    if profile.cv and profile.cv == app.config.labsite_cv_pdf and (outdir / profile.cv).is_file():
        optional.append(llms.LinkItem("CV (PDF)", base_url(app) + profile.cv))  # made by the build (sphinx/cv.py)
    elif profile.cv and (entry := _file_entry(app.env.dlfiles, profile.cv)):
        optional.append(llms.LinkItem("CV (PDF)", f"{base_url(app)}_downloads/{entry[1]}"))
    for path, title in noted_feeds(app).items():
        optional.append(llms.LinkItem(title, base_url(app) + path, "Atom feed"))
    text = llms.llms_txt(
        profile, description=page_description(app, app.config.root_doc), pages=main_pages(app), optional=optional
    )
    (outdir / "llms.txt").write_text(text, encoding="utf-8")
    labsite_domain(app.env).output_depends(app.builder, "llms.txt")  # kept while it is written


def finish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (HTML builders): fix the sitemap, write ``robots.txt``, copy the not-found page
    to ``<name>.html`` and the sharing image to ``_images/``. Each file is registered with the ``labsite``
    domain (:meth:`~labsite.sphinx.domain.LabsiteDomain.output_depends`), so the end-of-build clean-up
    (:func:`labsite.sphinx.freshness.prune_outputs`) removes it from the output once it is no longer
    written (a setting turned off, the site's address removed)."""
    if exception is not None or app.builder.format != "html" or getattr(app.builder, "embedded", False):
        return
    outdir = Path(app.outdir)
    domain = labsite_domain(app.env)
    sitemap_name = getattr(app.config, "sitemap_filename", None)
    # sphinx-sitemap writes its file only for a site with an address: one left by an earlier build with
    # an address is neither completed nor named (the end-of-build clean-up removes it)
    site_url = getattr(app.config, "site_url", None) or app.config.html_baseurl
    sitemap = outdir / sitemap_name if sitemap_name and site_url else None
    present = sitemap is not None and sitemap.is_file()
    if sitemap is not None and present:
        fix_sitemap(app, sitemap)
        domain.output_depends(app.builder, str(sitemap_name))  # kept while it is written
    if app.config.labsite_robots_txt:
        (outdir / "robots.txt").write_text(robots_txt(app, sitemap_name if present else None), encoding="utf-8")
        domain.output_depends(app.builder, "robots.txt")
    # The not-found page has absolute links, so it works anywhere: also serve it where hosts look first.
    notfound = getattr(app.config, "notfound_pagename", None)
    # (again after every build: an incremental build rewrites the page, and a stale copy would stay)
    if notfound and (page := outdir / notfound / "index.html").is_file():
        copy = outdir / f"{notfound}.html"
        if not copy.is_file() or copy.read_bytes() != page.read_bytes():
            shutil.copyfile(page, copy)
        domain.output_depends(app.builder, f"{notfound}.html")
    path = share_image_path(app)
    if path and _image_url(app, path) is None and (source := _share_source(app, path)) is not None:
        target = outdir / "_images" / PurePosixPath(path).name
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def _share_source(app: Sphinx, path: str) -> Path | None:
    """The sharing image's file when it follows the rule for paths (:func:`labsite.data.paths.site_file`:
    an image inside the pages folder); None otherwise (a profile photo breaking it stopped the build)."""
    from ..data.paths import PathProblem, site_file

    try:
        return site_file(Path(app.srcdir), path, kind="image")
    except PathProblem:
        return None


def setup_seo(app: Sphinx) -> None:
    """Register the page-facts collector and the events of the head tags, feed, sitemap and not-found page."""
    app.add_env_collector(PageFactsCollector)
    app.connect("builder-inited", configure_redirects)
    app.connect("env-updated", register_share_image)
    app.connect("config-inited", serial_sitemap_queue)
    app.connect("config-inited", normalise_base_urls, priority=100)
    app.connect("html-page-context", notfound_page, priority=200)
    # before sphinxext-opengraph (500), which reads the page's `og:` metadata
    app.connect("html-page-context", add_head_tags, priority=450)
    # after sphinx-sitemap (500), whose file is sorted here
    app.connect("build-finished", finish, priority=600)
    app.connect(
        "build-finished", write_llms_txt, priority=700
    )  # after every feed's writer (labsite.sphinx.longlist: 599)
