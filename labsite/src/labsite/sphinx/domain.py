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

Links to records are ``pending_xref`` nodes the domain resolves: the roles ``:labsite:paper:`key```,
``:labsite:papers:`member-id``` (a member's papers), ``:labsite:member:``, ``:labsite:talk:``,
``:labsite:project:`` and ``:labsite:area:``, and the MyST anchors ``[text](#pub-<key>)`` and
``[text](#labsite-papers-<member-id>)`` that the rendered pages use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from ..data.dataset import SiteData
from ..locale import _

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from .publications import PublicationSite

#: bump when the shape of the domain data changes (Sphinx then rereads every document)
DATA_VERSION = 1
#: per-document keys of the domain data (purged and merged per document)
PER_DOC = ("shown", "pages", "images")
#: record kinds a page can show, with the anchor prefix their directives write
OBJECT_TYPES = {"member": "member-", "talk": "talk-", "project": "project-", "area": "area-"}


class LabsiteDomain(Domain):
    """Records of a lab's site, and cross-references to them (see the module documentation)."""

    name = "labsite"
    label = "labsite"
    data_version = DATA_VERSION
    object_types: ClassVar[dict[str, ObjType]] = {
        "paper": ObjType(_("paper"), "paper"),
        "member": ObjType(_("member"), "member", "papers"),
        "talk": ObjType(_("talk"), "talk"),
        "project": ObjType(_("project"), "project"),
        "area": ObjType(_("research area"), "area"),
    }
    # links read as prose (not code): the text is a title, the target a record id
    roles: ClassVar[dict[str, XRefRole]] = {
        kind: XRefRole(innernodeclass=nodes.inline) for kind in ("paper", "papers", "member", "talk", "project", "area")
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
    }

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self._publication_site: PublicationSite | None = None
        #: per build, not stored: the site navigation of generated pages, by folder (publications.py)
        self.navigation: dict[str, str] = {}

    # --- the records -----------------------------------------------------------------------

    @property
    def site(self) -> SiteData:
        """The build's records. Raises RuntimeError before ``builder-inited`` has loaded them."""
        site = self.data.get("site")
        if site is None:
            raise RuntimeError("labsite: the data is not loaded (builder-inited has not run)")
        return site

    @property
    def publication_site(self) -> PublicationSite:
        """Pages and views of the publications (derived from :attr:`site` and the configuration once per
        build by :func:`labsite.sphinx.publications.prepare`; not stored in the environment)."""
        site = self._publication_site
        if site is None:
            raise RuntimeError("labsite: publications are not prepared (builder-inited has not run)")
        return site

    @publication_site.setter
    def publication_site(self, value: PublicationSite | None) -> None:
        self._publication_site = value

    # --- where records are shown -------------------------------------------------------------

    def note_shown(self, docname: str, objtype: str, records: Iterable[tuple[str, str]]) -> None:
        """Record that ``docname`` shows records of ``objtype`` (a key of :data:`OBJECT_TYPES`), given as
        (record id, HTML anchor) pairs. Called by directives while the document is read."""
        self.data["shown"].setdefault(docname, {}).setdefault(objtype, {}).update(records)

    def shown(self, docname: str, objtype: str) -> dict[str, str]:
        """Record id -> anchor of the ``objtype`` records ``docname`` shows (empty if none)."""
        return self.data["shown"].get(docname, {}).get(objtype, {})

    def pages_showing(self, objtype: str) -> list[str]:
        """Documents that show ``objtype`` records, the one showing most first (ties by name)."""
        shown = self.data["shown"]
        counts = {doc: len(kinds.get(objtype, {})) for doc, kinds in shown.items()}
        return sorted((doc for doc, count in counts.items() if count), key=lambda doc: (-counts[doc], doc))

    def where(self, objtype: str, record_id: str) -> tuple[str, str] | None:
        """(docname, anchor) of the page that shows a record: of several, the one showing most records
        of its kind (the full talk list rather than a recent-talks box). None if no page shows it."""
        for docname in self.pages_showing(objtype):
            anchor = self.shown(docname, objtype).get(record_id)
            if anchor:
                return docname, anchor
        return None

    # --- Sphinx's per-document bookkeeping ---------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        """Forget what ``docname`` showed and collected (it is being re-read or was removed)."""
        for key in PER_DOC:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        """After a parallel read: take the per-document data of ``docnames`` from a worker's copy. The
        records themselves (``site``) are the same in every process."""
        for key in PER_DOC:
            theirs = otherdata.get(key, {})
            self.data[key].update({doc: theirs[doc] for doc in docnames if doc in theirs})

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
            return self._resolve_anchor(fromdocname, builder, f"pub-{target}", contnode)
        if typ == "papers":
            return self._resolve_anchor(fromdocname, builder, f"labsite-papers-{target}", contnode)
        found = self.where(typ, target)
        if found is None:
            return None
        docname, anchor = found
        return make_refnode(builder, fromdocname, docname, anchor, contnode)

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
        from .publications import PageUrls

        site = self._publication_site
        if site is None:
            return None
        urls = PageUrls(self.env, builder, site, fromdocname)
        lower = target.lower()
        uri = None
        if lower.startswith("pub-") and (publication := site.by_lower_key.get(lower[4:])):
            uri = urls.paper_in_list(publication)
        elif lower.startswith("labsite-papers-") and site.view(f"author/{lower[15:]}"):
            uri = urls.view(f"author/{lower[15:]}") or urls.to(site.doc)
        if uri is None:
            return None
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
    return env.domains["labsite"]  # type: ignore[return-value]


def setup_domain(app: Any) -> None:
    """Register the ``labsite`` domain."""
    app.add_domain(LabsiteDomain)
