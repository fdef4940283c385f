"""The ``labsite`` Sphinx domain: the build's records and where each page shows them.

Everything labsite shares between documents lives here, in the environment Sphinx pickles, purges per
document and merges after a parallel read, never in module-level caches or attributes on ``env``:

- ``site``: the validated records (:class:`labsite.data.dataset.SiteData`: papers, members, talks,
  projects, ...), loaded at ``builder-inited`` by :func:`labsite.sphinx.data.load_data`;
- ``shown``: per document, the records it shows and their anchors, noted by the directives while the
  document is read (``{docname: {object type: {record id: anchor}}}``);
- ``pages`` and ``images``: per document, facts the head tags (``seo.py``) and the responsive images
  (``images.py``) collect;
- ``catalogs`` and ``images_enabled``: per build, the word catalogs in use and whether images are
  made responsive.

It is also the one owner of the facts several outputs need, computed once from the above: where each
talk is (:meth:`LabsiteDomain.talk_locations`: roles, the feed, the Event JSON-LD, the talk pages), the
talk list and its pages (:meth:`~LabsiteDomain.talks_doc`, :meth:`~LabsiteDomain.talk_split`), where a
paper is listed (:meth:`~LabsiteDomain.paper_in_list`) and each member's papers with the owner, name
variants included (:meth:`~LabsiteDomain.papers_by_member`: the people page's counts and the
publication pages alike). Facts of one build that are not stored (the publication pages, the state of
:mod:`labsite.sphinx.freshness`, the icons, caches) are attributes of the domain object, which Sphinx
makes afresh for each build; :meth:`~LabsiteDomain.per_build` holds those of features the domain does
not know.

It also keeps the registry of what each output shows, which :mod:`labsite.sphinx.freshness` reads to
decide what an incremental build writes: each page and file written without a document registers its
records, settings, templates and other facts when it is produced (:meth:`~LabsiteDomain.output_depends`,
:meth:`~LabsiteDomain.page_depends`), features register facts every page shows
(:meth:`~LabsiteDomain.note_shared`) and the files they keep in shared folders
(:meth:`~LabsiteDomain.keep_files`), and each document's links to records are noted as it is read
(``references``, :meth:`~LabsiteDomain.reference_facts`).

This module imports no other module of :mod:`labsite.sphinx`: they all build on it.

Links to records are ``pending_xref`` nodes the domain resolves: the roles ``:labsite:paper:`key```,
``:labsite:papers:`member-id``` (a member's papers), ``:labsite:member:``, ``:labsite:talk:``,
``:labsite:project:`` and ``:labsite:area:``, and the MyST anchors ``[text](#pub-<key>)`` and
``[text](#labsite-papers-<member-id>)`` that the rendered pages use.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode
from sphinx.util.typing import RoleFunction

from ..content.publications import View
from ..content.render import talk_pages as split_talk_list
from ..data import model
from ..data.dataset import SiteData, talk_id
from ..data.kinds import BY_OBJTYPE
from ..data.model import TALK_TYPE_LABELS
from ..locale import MESSAGE_CATALOG
from ..locale import _ as gettext

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: words of the domain's own labels (its object types), translated lazily: they are made at import, before
#: the build's language is known (Sphinx's catalog ``labsite``, set up by :mod:`labsite.sphinx.data`)
_ = get_translation(MESSAGE_CATALOG)
T = TypeVar("T")

#: bump when the shape of the domain data changes (Sphinx then rereads every document)
DATA_VERSION = 3
#: per-document keys of the domain data (purged and merged per document)
PER_DOC = ("shown", "pages", "images", "references", "read_facts")
#: record kinds a page can show, with the anchor prefix their directives write: every kind of the table
#: (:data:`labsite.data.kinds.KINDS`) with an object type
OBJECT_TYPES = {objtype: f"{objtype}-" for objtype in BY_OBJTYPE}


#: fields of records that say where a record is in its file, for messages only: not what a page shows
MESSAGE_FIELDS = frozenset({"line"})


def record_text(record: object) -> str:
    """A record's value as text, for comparing what a page shows between builds: every field but those
    of :data:`MESSAGE_FIELDS` (a paper's line moves when one above it is edited)."""
    dump = getattr(record, "model_dump", None)
    return repr(dump(exclude=set(MESSAGE_FIELDS))) if callable(dump) else repr(record)


def record_anchor(objtype: str, record_id: str) -> str:
    """The HTML anchor of a record of ``objtype`` (a key of :data:`OBJECT_TYPES`) wherever it is shown:
    ``member-<id>``, ``talk-<id>``, ``project-<id>``, ``area-<id>`` (the ids :mod:`labsite.content.render`
    writes). Raises KeyError for another kind."""
    return OBJECT_TYPES[objtype] + record_id


#: the folder of a long talk list's further pages, under the talks page: ``<page>/page/<n>``
TALK_PAGE_FOLDER = "page"


def talk_pagename(docname: str, number: int) -> str:
    """Page ``number`` (1-based) of the talk list of ``docname``: the document itself for page 1, else
    ``<docname>/page/<number>`` (written by :mod:`labsite.sphinx.talkpages`)."""
    return docname if number == 1 else f"{docname}/{TALK_PAGE_FOLDER}/{number}"


def html_builder(builder: Builder) -> StandaloneHTMLBuilder:
    """``builder`` as the HTML builder it is where pages are written (``html``, ``dirhtml`` and their
    subclasses). Raises TypeError for another builder (which writes no pages to name or handle)."""
    if not isinstance(builder, StandaloneHTMLBuilder):
        raise TypeError(f"labsite: the {builder.name!r} builder writes no HTML pages")
    return builder


class PreparedPublications(Protocol):
    """What other modules read of this build's publication pages without importing their feature: the
    shape of :class:`labsite.sphinx.publications.PublicationSite` (a Protocol, as the domain imports no
    other module of :mod:`labsite.sphinx`)."""

    doc: str  # the document holding the list
    publications: list[model.Publication]  # newest first
    paper_pages: bool  # one page per paper
    member_views: list[View]  # each member's papers with the owner
    slugs: dict[str, str]  # citation key -> page slug
    by_lower_key: dict[str, model.Publication]  # lower-case citation key or slug -> paper
    anchor_page: dict[str, int]  # citation key -> number of the list page holding it (1-based)
    copied: list[str]  # output files copied this build (the files papers name)

    def pagename(self, view_id: str, number: int = 1) -> str:
        """Page name of page `number` of a view (``all``, ``selected``, ``topic/<id>``, ``author/<id>``)."""
        ...

    def paper_pagename(self, publication: model.Publication) -> str:
        """Page name of the paper's own page."""
        ...

    def view(self, view_id: str) -> View | None:
        """The view of that id, or None."""
        ...


class LabsiteDomain(Domain):
    """Records of a lab's site, and cross-references to them (see the module documentation)."""

    name = "labsite"
    label = "labsite"
    data_version = DATA_VERSION
    object_types: ClassVar[dict[str, ObjType]] = {
        "paper": ObjType(_("paper"), "paper"),
        # every kind of the table with an object type; a member's papers link from the member too
        **{
            objtype: ObjType(_(kind.label), objtype, *(("papers",) if objtype == "member" else ()))
            for objtype, kind in BY_OBJTYPE.items()
        },
    }
    # links read as prose (not code): the text is a title, the target a record id
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {
        kind: XRefRole(innernodeclass=nodes.inline) for kind in ("paper", "papers", *OBJECT_TYPES)
    }
    initial_data: ClassVar[dict[str, Any]] = {
        # set at builder-inited, the same in every process
        "site": None,  # SiteData
        "catalogs": [],  # the labsite.po files in use (str paths)
        "images_enabled": False,  # responsive images (HTML builders)
        # per document (PER_DOC)
        "shown": {},
        "pages": {},
        "images": {},
        "references": {},  # docname -> sorted [(role type, target)] of its links to records
        "read_facts": {},  # docname -> {(feature, arguments): digest} (:meth:`LabsiteDomain.note_read_fact`)
    }

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: per build, not stored: :class:`labsite.sphinx.publications.PublicationSite`
        self._publication_site: PreparedPublications | None = None
        #: per build, not stored: the site navigation of generated pages, by folder (publications.py)
        self.navigation: dict[str, str] = {}
        #: per build, not stored: False once :mod:`labsite.sphinx.freshness` knows that nothing every
        #: page shows changed since the last complete build (see :meth:`output_depends`)
        self.rewrite_all: bool | None = None
        self._per_build: dict[str, object] = {}
        #: per build: objtype -> record id -> (page name, anchor) on pages written without a document
        self._generated: dict[str, dict[str, tuple[str, str]]] = {}
        self._talk_locations: dict[str, tuple[str, str]] | None = None
        #: objtype -> :meth:`pages_showing`, and :meth:`navigation_order`; forgotten whenever a document is
        #: read again or merged from a worker (what they derive from: ``shown`` and the toctrees)
        self._pages_showing: dict[str, list[str]] = {}
        self._navigation_order: dict[str, int] | None = None
        #: per build, the registry of outputs written without a document (:meth:`output_depends`):
        #: output path (relative to the output folder, ``/``-separated) -> digest of what it shows
        self.outputs: dict[str, str] = {}
        #: per build: page name -> output path, of the pages registered with :meth:`page_depends`
        self.generated_pages: dict[str, str] = {}
        #: per build: the digests of the last complete build (:mod:`labsite.sphinx.freshness` loads them)
        self.previous_outputs: dict[str, str] = {}
        #: per build: collections whose records the outputs that show them register one by one
        #: (:meth:`track_records`): the fingerprint of every page leaves their data files out
        self.tracked: set[str] = set()
        #: per build: facts every page shows, by feature (:meth:`note_shared`)
        self.shared: dict[str, str] = {}
        #: per build: output folder -> the names in it a feature still uses (:meth:`keep_files`)
        self.kept: dict[str, set[str]] = {}
        #: per build: docname -> facts the document shows that its doctree does not hold (:meth:`document_depends`)
        self.document_facts: dict[str, list[str]] = {}
        self._record_texts: dict[int, tuple[object, str]] = {}

    def per_build(self, key: str, make: Callable[[], T]) -> T:
        """A fact of this build that is not stored in the environment, kept under ``key`` (a feature's
        name) and made by ``make`` the first time it is asked for. The domain object lives as long as the
        build's environment; nothing here is pickled or merged (worker processes of ``-j`` get a copy)."""
        if key not in self._per_build:
            self._per_build[key] = make()
        return cast(T, self._per_build[key])  # made by `make` under this key

    # --- the records -----------------------------------------------------------------------

    @property
    def site(self) -> SiteData:
        """The build's records. Raises RuntimeError before ``builder-inited`` has loaded them."""
        site: SiteData | None = self.data.get("site")
        if site is None:
            raise RuntimeError("labsite: the data is not loaded (builder-inited has not run)")
        return site

    @property
    def publication_site(self) -> PreparedPublications:
        """Pages and views of the publications (derived from :attr:`site` and the configuration once per
        build by :func:`labsite.sphinx.publications.prepare`; not stored in the environment)."""
        site = self._publication_site
        if site is None:
            raise RuntimeError("labsite: publications are not prepared (builder-inited has not run)")
        return site

    @publication_site.setter
    def publication_site(self, value: PreparedPublications) -> None:
        self._publication_site = value

    # --- papers: where each is listed, each member's papers ------------------------------------

    def paper_in_list(self, key: str) -> tuple[str, str] | None:
        """(page name, anchor) of a paper's entry in the publication list (the list page holding it),
        by citation key or page slug, case-insensitive (MyST lower-cases anchors). None if no such paper."""
        site = self._publication_site
        if site is None:
            return None
        publication = site.by_lower_key.get(key.lower())
        if publication is None:
            return None
        page = site.anchor_page[publication.key]
        return site.pagename("all", page), f"pub-{site.slugs[publication.key]}"

    def papers_by_member(self) -> dict[str, list[model.Publication]]:
        """Member id -> the papers they wrote with the owner, newest first: the one count of a member's
        papers. Authors are matched to members and to the owner (with the profile's ``aliases``) by
        :meth:`labsite.content.publications.AuthorLinks.build`; the owner's own entry, if a member, has
        none. Members without such papers are absent."""
        site = self.publication_site
        return {view.id.removeprefix("author/"): view.publications for view in site.member_views}

    def member_papers_page(self, member_id: str) -> str | None:
        """Page name of the page of a member's papers with the owner (``<list>/author/<member-id>``);
        None if they have none."""
        site = self._publication_site
        if site is None or site.view(f"author/{member_id}") is None:
            return None
        return site.pagename(f"author/{member_id}")

    # --- talks: the list, its pages, where each talk is ---------------------------------------

    def talks_doc(self) -> str | None:
        """The document with the full talk list: of the documents showing talks, the one showing most,
        then the first in the navigation (:meth:`pages_showing`). None if no page shows talks."""
        pages = self.pages_showing("talk")
        return pages[0] if pages else None

    def talk_split(self) -> list[list[model.Talk]]:
        """The talks, newest first, in the pages of the talk list (``labsite_talks_page_limit`` each; one
        page when the limit is 0 or not reached). The ``talk-list`` directive shows the first page."""
        limit = self.env.config.labsite_talks_page_limit
        return self.per_build("talk-split", lambda: split_talk_list(self.site.talks.talks, limit))

    def talk_locations(self) -> dict[str, tuple[str, str]]:
        """Talk id -> (page name, anchor) of the page showing the talk: the talks page (the one
        :meth:`where` gives a document's role), or for a long list the further page holding it. The one
        answer for roles, the Atom feed, the Event JSON-LD and the fingerprint of every page. Talks that
        no page shows are absent. Valid once every document is read."""
        if self._talk_locations is None:
            found: dict[str, tuple[str, str]] = {}
            for docname in self.pages_showing("talk"):
                for record_id, anchor in sorted(self.shown(docname, "talk").items()):
                    found.setdefault(record_id, (docname, anchor))
            doc = self.talks_doc()
            if doc is not None:
                for number, talks in enumerate(self.talk_split()[1:], 2):
                    for talk in talks:
                        ident = talk_id(talk)
                        found.setdefault(ident, (talk_pagename(doc, number), record_anchor("talk", ident)))
            self._talk_locations = found
        return self._talk_locations

    # --- what each output depends on: the registry the features fill -------------------------------

    def track_records(self, collection: str) -> None:
        """Declare that every output showing records of ``collection`` (a data collection such as
        ``publications``) registers them (:meth:`output_depends`, :meth:`page_depends`; documents by
        Sphinx's ``note_dependency``): an edit of that data file then rewrites only those outputs, not
        every page. Called at ``builder-inited``, by the feature that owns the collection."""
        self.tracked.add(collection)

    def note_shared(self, feature: str, fact: object) -> None:
        """Register a fact every page shows (the sharing image, the responsive images in use, ...), as
        ``feature``'s: when it changes, every page is written again. Called by ``env-updated`` listeners
        before :mod:`labsite.sphinx.freshness` compares (priority below 900)."""
        self.shared[feature] = repr(fact)

    def keep_files(self, folder: str, names: Iterable[str]) -> None:
        """Register files a feature still uses in ``folder`` of the output (``_images``): any other file
        there is removed at the end of the build (:func:`labsite.sphinx.freshness.prune_outputs`)."""
        self.kept.setdefault(folder, set()).update(names)

    def output_depends(
        self,
        builder: Builder,
        output: str,
        *,
        records: Iterable[object] = (),
        settings: Iterable[str] = (),
        templates: Iterable[str] = (),
        facts: Iterable[object] = (),
    ) -> bool:
        """Register an output written without a document (``output``: its path in the output folder) and
        what it shows: the ``records`` (data records, compared by value), the ``settings`` (names of
        configuration values), the ``templates`` (names) and any other ``facts`` (values with a stable
        ``repr``). Returns True when the output must be written: something every page shows changed
        (:attr:`rewrite_all`), what it shows differs from the last complete build, or it is missing.
        Every registered output is kept by the end-of-build clean-up; the rest of the output folder is
        what documents and Sphinx wrote."""
        digest = hashlib.sha256()
        for kind, values in (
            ("record", (self._record_text(record) for record in records)),
            ("setting", (f"{name}={self.env.config[name]!r}" for name in settings)),
            ("template", templates),
            ("fact", (repr(fact) for fact in facts)),
        ):
            for value in values:
                digest.update(f"{kind}\0{value}\n".encode())
        self.outputs[output] = found = digest.hexdigest()
        if self.rewrite_all is not False or self.previous_outputs.get(output) != found:
            return True
        return not (Path(builder.outdir) / output).is_file()

    def _record_text(self, record: object) -> str:
        """:func:`record_text`, once per record and build (a paper is on its page and several lists)."""
        if not hasattr(record, "model_dump"):
            return record_text(record)
        key = id(record)
        if key not in self._record_texts:
            self._record_texts[key] = (record, record_text(record))  # the record kept: its id stays its own
        return self._record_texts[key][1]

    def page_depends(self, builder: Builder, pagename: str, **depends: Any) -> bool:
        """:meth:`output_depends` for a page written without a document (``html-collect-pages``), by its
        page name; the page counts as generated (:meth:`generated_pagenames`)."""
        output = Path(html_builder(builder).get_outfilename(pagename)).relative_to(builder.outdir).as_posix()
        self.generated_pages[pagename] = output
        return self.output_depends(builder, output, **depends)

    def generated_pagenames(self) -> list[str]:
        """The pages written without a document this build (registered with :meth:`page_depends`),
        sorted; valid once ``html-collect-pages`` has run."""
        return sorted(self.generated_pages)

    def document_depends(self, docname: str, fact: object, records: Iterable[object] = ()) -> None:
        """Register a fact ``docname``'s page shows that is not in its stored doctree (records a directive
        leaves as placeholders, filled in at ``doctree-resolved``; a value with a stable ``repr``) and the
        data ``records`` it shows (compared by value, as :meth:`output_depends`'s): the document is written
        again, without being read again, when they differ from the last complete build's
        (:mod:`labsite.sphinx.freshness`). Called by ``env-updated`` listeners before it compares
        (priority below 900)."""
        texts = [self._record_text(record) for record in records]
        self.document_facts.setdefault(docname, []).append(repr((fact, texts)) if texts else repr(fact))

    def reference_facts(self, docname: str) -> list[tuple[str, str, object]]:
        """What the links to records on ``docname`` show: (role type, target, (title, page and anchor)),
        for :mod:`labsite.sphinx.freshness` (a document is written again when one changes, e.g. the
        paper a ``:labsite:paper:`` role names got a new title or moved to another list page)."""
        found: list[tuple[str, str, object]] = []
        for typ, target in self.data["references"].get(docname, ()):
            if typ == "anchor":
                lower = target.lower()
                if lower.startswith("pub-"):
                    fact: object = self.paper_in_list(lower[4:])
                else:
                    fact = self.member_papers_page(lower[len("labsite-papers-") :])
            elif typ == "paper":
                titles = (p.title for p in self.site.publications if p.key == target)
                fact = (self.paper_in_list(target), next(titles, None))
            elif typ == "papers":
                fact = (self.member_papers_page(target), self.record_title("member", target))
            else:
                fact = (self.where(typ, target), self.record_title(typ, target))
            found.append((typ, target, fact))
        return found

    # --- what a document shows of tracked records when it is read ---------------------------

    def register_read_fact(self, feature: str, make: Callable[[tuple[Any, ...]], object]) -> None:
        """Register how ``feature`` (a directive's name) works out what a document shows of a collection
        whose records are tracked (:meth:`track_records`: the papers) when it is read: ``make(arguments)``
        returns a value with a stable ``repr`` holding exactly what the directive puts in the doctree from
        those records (e.g. its view data). It must depend only on this build's records and settings, not
        on which documents are read (it is asked before reading). Called at ``builder-inited``, by HTML
        builders only: the others write a document again only when it is read again, so there a document
        keeps its dependency on the data files."""
        self.per_build("read-fact-makers", dict[str, Callable[[tuple[Any, ...]], object]])[feature] = make

    def read_fact(self, feature: str, arguments: tuple[Any, ...] = ()) -> str | None:
        """The digest of what ``feature`` shows with these ``arguments`` in this build (made once per
        build by the function of :meth:`register_read_fact`); None when the feature registered none."""
        makers = self.per_build("read-fact-makers", dict[str, Callable[[tuple[Any, ...]], object]])
        made = self.per_build("read-facts", dict[tuple[str, tuple[Any, ...]], str])
        if feature not in makers:
            return None
        if (feature, arguments) not in made:
            made[feature, arguments] = hashlib.sha256(repr(makers[feature](arguments)).encode()).hexdigest()
        return made[feature, arguments]

    def note_read_fact(self, docname: str, feature: str, arguments: tuple[Any, ...] = ()) -> bool:
        """Note, while ``docname`` is read, that it shows what ``feature`` registered
        (:meth:`register_read_fact`) with these ``arguments`` (picklable values: a directive's options):
        the document is read again when that changes (:func:`reread_when_read_facts_change`), instead of
        on every change of the collection's data file (Sphinx's ``note_dependency``). Returns False when
        the feature registered nothing (the caller then notes the data file as a dependency)."""
        digest = self.read_fact(feature, arguments)
        if digest is None:
            return False
        self.data["read_facts"].setdefault(docname, {})[feature, arguments] = digest
        return True

    def documents_showing(self, feature: str) -> dict[str, list[tuple[Any, ...]]]:
        """Docname -> the arguments of each ``feature`` it noted with :meth:`note_read_fact` (sorted by
        docname), for the ``env-updated`` listeners that register what such a document fills in late."""
        found: dict[str, list[tuple[Any, ...]]] = {}
        for docname, facts in sorted(self.data["read_facts"].items()):
            for name, arguments in facts:
                if name == feature:
                    found.setdefault(docname, []).append(arguments)
        return found

    # --- where records are shown -------------------------------------------------------------

    def note_shown(self, docname: str, objtype: str, records: Iterable[tuple[str, str]]) -> None:
        """Record that ``docname`` shows records of ``objtype`` (a key of :data:`OBJECT_TYPES`), given as
        (record id, HTML anchor) pairs. Called by directives while the document is read."""
        self.data["shown"].setdefault(docname, {}).setdefault(objtype, {}).update(records)
        self._forget_locations()

    def shown(self, docname: str, objtype: str) -> dict[str, str]:
        """Record id -> anchor of the ``objtype`` records ``docname`` shows (empty if none)."""
        shown: dict[str, str] = self.data["shown"].get(docname, {}).get(objtype, {})
        return shown

    def pages_showing(self, objtype: str) -> list[str]:
        """Documents that show ``objtype`` records, the one showing most first; of pages showing as many,
        the first in the site's navigation (depth-first through the toctrees from ``root_doc``), then by
        name. So a second page listing every talk does not take the talks' links from the talks page.
        Made once until a document is read again (callers get a copy)."""
        found = self._pages_showing.get(objtype)
        if found is None:
            shown = self.data["shown"]
            counts = {doc: len(kinds.get(objtype, {})) for doc, kinds in shown.items()}
            order = self.navigation_order()
            found = self._pages_showing[objtype] = sorted(
                (doc for doc, count in counts.items() if count),
                key=lambda doc: (-counts[doc], order.get(doc, len(order)), doc),
            )
        return list(found)

    def navigation_order(self) -> dict[str, int]:
        """Docname -> position in the site's navigation: depth-first through the toctrees from the root
        document (Sphinx's ``env.toctree_includes``); documents in no toctree are absent. Made once until
        a document is read again."""
        if self._navigation_order is not None:
            return self._navigation_order
        order: dict[str, int] = {}
        stack = [self.env.config.root_doc]
        while stack:
            doc = stack.pop()
            if doc in order:
                continue
            order[doc] = len(order)
            stack.extend(reversed(self.env.toctree_includes.get(doc, [])))
        self._navigation_order = order
        return order

    def where(self, objtype: str, record_id: str) -> tuple[str, str] | None:
        """(docname, anchor) of the page that shows a record: of several, the one showing most records
        of its kind (the full talk list rather than a recent-talks box). None if no page shows it. The
        page may be one written without a document: a further page of a long talk list
        (:meth:`talk_locations`) or member list (:meth:`note_generated`)."""
        if objtype == "talk":
            return self.talk_locations().get(record_id)
        for docname in self.pages_showing(objtype):
            anchor = self.shown(docname, objtype).get(record_id)
            if anchor:
                return docname, anchor
        return self._generated.get(objtype, {}).get(record_id)

    def note_generated(self, objtype: str, locations: dict[str, tuple[str, str]]) -> None:
        """For this build: records of ``objtype`` that pages written without a document show, as record
        id -> (page name, anchor); :meth:`where` gives them when no document shows the record. Called
        once every document is read (``env-updated``)."""
        self._generated.setdefault(objtype, {}).update(locations)

    # --- Sphinx's per-document bookkeeping ---------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        """Forget what ``docname`` showed and collected (it is being re-read or was removed)."""
        for key in PER_DOC:
            self.data[key].pop(docname, None)
        self._forget_locations()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """After a parallel read: take the per-document data of ``docnames`` from a worker's copy. The
        records themselves (``site``) are the same in every process."""
        for key in PER_DOC:
            theirs = otherdata.get(key, {})
            self.data[key].update({doc: theirs[doc] for doc in docnames if doc in theirs})
        self._forget_locations()

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """A document was read (its toctrees noted): forget the navigation order derived before."""
        self._forget_locations()

    def _forget_locations(self) -> None:
        """Drop what is derived from the documents' ``shown`` records and toctrees (a document was read)."""
        self._talk_locations = None
        self._pages_showing.clear()
        self._navigation_order = None

    # --- cross-references --------------------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        """Resolve ``:labsite:<typ>:`target```: a paper (citation key, in the list page holding it), a
        member's papers (member id), or a member, talk, project or area (record id, on the page showing
        it). Returns None (Sphinx then warns, in nitpicky mode) when there is no such record or page."""
        if typ == "paper":
            if not node.get("refexplicit"):
                titles = {p.key: p.title for p in self.site.publications}
                contnode = nodes.inline(target, titles.get(target, target), classes=contnode.get("classes", []))
            return self._resolve_anchor(fromdocname, builder, f"pub-{target}", contnode)
        if typ == "papers":
            if not node.get("refexplicit"):
                names = {m.id: m.name for m in self.site.people.members}
                label = gettext("Papers with {name}").format(name=names.get(target, target))
                contnode = nodes.inline(target, label, classes=contnode.get("classes", []))
            return self._resolve_anchor(fromdocname, builder, f"labsite-papers-{target}", contnode)
        found = self.where(typ, target)
        if found is None:
            return None
        docname, anchor = found
        if not node.get("refexplicit"):
            contnode = nodes.inline(target, self.record_title(typ, target), classes=contnode.get("classes", []))
        return make_refnode(builder, fromdocname, docname, anchor, contnode)

    def record_title(self, typ: str, record_id: str) -> str:
        """What a role shows when written without a title: the member's, project's or area's name, the
        paper's title, "<type> at <venue>" for a talk; the id itself when the record is unknown."""
        kind = BY_OBJTYPE.get(typ)
        if kind is None:
            return record_id
        record = self._records_by_id(typ).get(record_id)
        if record is None:
            return record_id
        title = getattr(record, kind.title_field)
        if title is None and typ == "talk":  # a talk without a title
            type_label = gettext(TALK_TYPE_LABELS[record.type])
            title = gettext("{type} at {venue}").format(type=type_label, venue=record.venue)
        return str(title)

    def _records_by_id(self, typ: str) -> dict[str, Any]:
        """Record id -> record of the kind of object type ``typ`` (the first of an id), once per build: a
        news list links thousands of records by id."""

        def index() -> dict[str, Any]:
            kind = BY_OBJTYPE[typ]
            found: dict[str, Any] = {}
            for record in self.site.records(kind.name):
                found.setdefault(kind.record_id(record), record)
            return found

        return self.per_build(f"records-by-id:{typ}", index)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Resolve the anchors the rendered pages use, ``#pub-<key>`` and ``#labsite-papers-<member-id>``
        (MyST and ``any`` references). Case-insensitive, as MyST lower-cases anchors."""
        reference = self._resolve_anchor(fromdocname, builder, target, contnode)
        return [("labsite:ref", reference)] if reference is not None else []

    def _resolve_anchor(
        self, fromdocname: str, builder: Builder, target: str, contnode: nodes.Element
    ) -> nodes.reference | None:
        site = self._publication_site
        if site is None:
            return None
        lower = target.lower()
        found: tuple[str, str] | None = None
        if lower.startswith("pub-"):
            found = self.paper_in_list(lower[4:])
        elif lower.startswith("labsite-papers-") and site.view(f"author/{lower[15:]}"):
            page = self.member_papers_page(lower[15:]) if builder.format == "html" else None
            found = (page or site.doc, "")
        if found is None:
            return None
        page, anchor = found
        uri = builder.get_relative_uri(fromdocname, page) + (f"#{anchor}" if anchor else "")
        reference = nodes.reference("", "", internal=True, refuri=uri)
        reference += contnode
        return reference

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Members, talks, projects and areas where they are shown, for ``objects.inv`` (priority -1:
        not in search results, which show the pages themselves)."""
        for objtype in OBJECT_TYPES:
            for docname in self.pages_showing(objtype):
                for record_id, anchor in sorted(self.shown(docname, objtype).items()):
                    if self.where(objtype, record_id) == (docname, anchor):
                        yield record_id, record_id, objtype, docname, anchor, -1


def labsite_domain(env: BuildEnvironment) -> LabsiteDomain:
    """The ``labsite`` domain of a build environment."""
    return cast(LabsiteDomain, env.domains["labsite"])  # registered under this name by setup_domain


def reread_when_read_facts_change(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: the documents whose noted facts (:meth:`LabsiteDomain.note_read_fact`) differ
    from this build's, or name a feature that registered none, are read again. Returns those documents."""
    domain = labsite_domain(env)
    again = []
    for docname, facts in sorted(domain.data["read_facts"].items()):
        if docname not in env.found_docs or docname in added or docname in changed:
            continue
        if any(domain.read_fact(feature, arguments) != digest for (feature, arguments), digest in facts.items()):
            again.append(docname)
    return again


def setup_domain(app: Sphinx) -> None:
    """Register the ``labsite`` domain."""
    app.add_domain(LabsiteDomain)
    app.connect("env-get-outdated", reread_when_read_facts_change)
    app.connect("doctree-read", note_references)
    app.connect("env-updated", _every_document_read, priority=1)


#: anchors of records that MyST links and ``any`` references name (:meth:`LabsiteDomain.resolve_any_xref`)
_RECORD_ANCHORS = ("pub-", "labsite-papers-")


def note_references(app: Any, doctree: nodes.document) -> None:
    """``doctree-read``: note the document's links to records (the domain's roles, ``#pub-<key>`` and
    ``#labsite-papers-<id>`` anchors), which show a record's title and where it is: the document depends
    on them (:meth:`LabsiteDomain.reference_facts`)."""
    found: set[tuple[str, str]] = set()
    for node in doctree.findall(pending_xref):
        target = str(node.get("reftarget", ""))
        if node.get("refdomain") == "labsite":
            found.add((str(node.get("reftype")), target))
        elif target.lstrip("#").lower().startswith(_RECORD_ANCHORS):
            found.add(("anchor", target.lstrip("#")))
    references = labsite_domain(app.env).data["references"]
    if found:
        references[app.env.docname] = sorted(found)
    else:
        references.pop(app.env.docname, None)


def _every_document_read(app: Any, env: BuildEnvironment) -> list[str]:
    """``env-updated``: forget facts worked out while documents were still being read (the navigation
    order changes as toctrees are read). Returns no documents."""
    labsite_domain(env)._talk_locations = None
    return []
