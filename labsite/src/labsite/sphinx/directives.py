"""Thin Sphinx directives: find the data, note the dependency, then either build nodes from view data
(:mod:`labsite.content.views` -> :mod:`labsite.sphinx.listings`: the talks, members and alumni, the same
nodes their long lists' further pages show) or render MyST and parse it (as MyST, in ``.md`` and
``.rst`` pages alike: :mod:`labsite.sphinx.myst`)."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from ..content import render, views
from ..data import model
from ..data.builddate import build_datetime
from ..data.dataset import SiteData, talk_id
from ..data.kinds import all_directives, directive_kinds
from . import listings
from .data import site_data
from .domain import labsite_domain, record_anchor


def _level(argument: str) -> int:
    """The ``:heading-level:`` option: 1 to 6. Raises ValueError for anything else (docutils reports it)."""
    return int(directives.choice(argument, ("1", "2", "3", "4", "5", "6")))


class DataDirective(SphinxDirective):
    """Base: renders data collections (:attr:`uses`) into nodes; the page rebuilds when they change."""

    #: collections read besides the directive's own kind (e.g. the papers an area links to)
    also_uses: ClassVar[tuple[str, ...]] = ()
    #: collections whose records the directive leaves as placeholders, filled in when the page is written
    #: (``doctree-resolved``): the page is not read again when their data file changes (the directive
    #: registers what it fills with the ``labsite`` domain instead, so the page is written again)
    filled_late: ClassVar[tuple[str, ...]] = ()
    has_content = False
    option_spec: ClassVar[OptionSpec] = {"heading-level": _level}

    def run(self) -> list[nodes.Node]:
        """Note the data files (and word catalogs) the page depends on, then build the records' nodes
        (:meth:`build`), the same in a MyST and a reStructuredText page. Of the collections whose records
        are tracked one by one (the papers), a directive with :meth:`read_arguments` notes exactly what it
        shows (:meth:`~labsite.sphinx.domain.LabsiteDomain.note_read_fact`) instead of their data files:
        the page is read again only when that changes. Returns the nodes (none when nothing to show)."""
        data = site_data(self.env.app)
        domain = labsite_domain(self.env)
        arguments = self.read_arguments()
        exact = arguments is not None and domain.note_read_fact(self.env.docname, self.name, arguments)
        for collection in self.uses:
            if collection in self.filled_late or (exact and collection in domain.tracked):
                continue
            path = data.path(collection)
            if path.is_file():
                self.env.note_dependency(str(path))
        for catalog in labsite_domain(self.env).data.get("catalogs", ()):
            self.env.note_dependency(catalog)  # the words on the page
        self.noted_anchors: list[str] = []
        found = self.build(data)
        self.warn_missing_anchors(found)
        return found

    def warn_missing_anchors(self, found: list[nodes.Node]) -> None:
        """Warn (type ``labsite``, subtype ``missing-anchor``) for each record :meth:`note_shown` noted
        whose anchor none of the directive's nodes ``found`` has: the roles and links to it would lead
        to the top of the page, which a strict build would not notice otherwise."""
        made = {ident for node in found for element in node.findall(nodes.Element) for ident in element["ids"]}
        if missing := [anchor for anchor in self.noted_anchors if anchor not in made]:
            from .data import logger

            logger.warning(
                "%s: no HTML id for the records it shows (%s): give each view its anchor "
                "(labsite/README.md, How to add a record kind)",
                self.name,
                ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else ""),
                location=self.get_location(),
                type="labsite",
                subtype="missing-anchor",
            )

    def read_arguments(self) -> tuple[Any, ...] | None:
        """The arguments (picklable: options) of the function :func:`register_read_facts` registers under
        this directive's name, which returns all this directive shows of the tracked collections' records;
        None (the default) when it registers none: the page then depends on their data files."""
        return None

    def build(self, data: SiteData) -> list[nodes.Node]:
        """The nodes of what this directive shows from ``data`` (none for nothing), built from view
        data (:mod:`labsite.content.views`, :mod:`labsite.sphinx.listings`); each subclass builds its
        records and notes the ones it shows in the domain. No MyST text is written to be parsed again."""
        raise NotImplementedError

    @property
    def uses(self) -> tuple[str, ...]:
        """The collections whose data files the page depends on: the kind that names this directive in
        :data:`labsite.data.kinds.KINDS`, then :attr:`also_uses`."""
        return tuple(kind.name for kind in directive_kinds(self.name)) + self.also_uses

    @property
    def heading_level(self) -> int:
        """The level of the directive's top headings (``:heading-level:``, 1 to 6; 2 by default)."""
        level: int = self.options.get("heading-level", 2)
        return level

    def require(self, data: SiteData, collection: str, present: bool) -> bool:
        """Warn (with location, type and subtype) when the data this directive shows is missing."""
        if not present:
            from .data import logger

            logger.warning(
                "%s: no data in %s",
                self.name,
                data.path(collection),
                location=self.get_location(),
                type="labsite",
                subtype="missing-data",
            )
        return present

    def note_shown(self, objtype: str, record_ids: list[str]) -> None:
        """Tell the ``labsite`` domain this page shows these records, at their anchors (:func:`record_anchor`)."""
        anchors = [(record_id, record_anchor(objtype, record_id)) for record_id in record_ids]
        labsite_domain(self.env).note_shown(self.env.docname, objtype, anchors)
        self.noted_anchors.extend(anchor for _, anchor in anchors)

    def doc_path(self, path: str) -> str:
        """A path from the pages folder root (checked by :mod:`labsite.data.paths` when the data was
        loaded), as MyST links and images take it: in angle brackets, so a space in a name is no problem."""
        return "</" + path.lstrip("/") + ">"


#: links to the build's own output files (the CV's PDFs) are written with this prefix, then made
#: relative to the page (:func:`resolve_output_links`)
OUTPUT = "https://labsite.invalid/"


def resolve_output_links(app: Sphinx, docname: str, found: list[nodes.Node]) -> None:
    """Make the links to the build's own files (written ``OUTPUT + path``) relative to ``docname``'s page."""
    from sphinx.util.osutil import relative_uri

    for node in found:
        for ref in node.findall(nodes.reference):
            uri = ref.get("refuri", "")
            if uri.startswith(OUTPUT):
                ref["refuri"] = relative_uri(app.builder.get_target_uri(docname), uri[len(OUTPUT) :])
                classes: list[str] = ref.get("classes", [])
                ref["classes"] = [c for c in classes if c != "external"]


class ProfileCard(DataDirective):
    def run(self) -> list[nodes.Node]:
        """The card's nodes, the link to the CV the build makes relative to this page."""
        found = super().run()
        resolve_output_links(self.env.app, self.env.docname, found)  # the generated CV's link
        return found

    def build(self, data: SiteData) -> list[nodes.Node]:
        """The owner's profile card: photo, title, affiliations, links, CV (none without a profile, with a warning)."""
        profile = data.profile
        if not self.require(data, "profile", profile is not None) or profile is None:
            return []
        view = views.profile_card(profile, with_name=not self._page_heading_names(profile))
        photo = "/" + view.photo.lstrip("/") if view.photo else None
        cv: nodes.Node | None = None
        if view.cv and view.cv == self.config.labsite_cv_pdf:  # the CV made by the build (sphinx/cv.py)
            cv = nodes.reference("CV", "CV", refuri=OUTPUT + view.cv)
        elif view.cv:
            cv = listings.file_link(self.env, self.env.docname, "/" + view.cv.lstrip("/"), "CV")
        return listings.profile_card(dataclasses.replace(view, photo=photo), cv)

    def _page_heading_names(self, profile: model.Profile) -> bool:
        """Whether the page's heading (its first section's title) is the owner's name or an alias, as on
        a personal homepage (``# Hao Zhang``); a lab's home page (``# Example Lab``) names the owner in
        the card instead."""
        # the sections read so far are in the document (MyST's state has no `parent` to walk up from)
        top = self.state.document.next_node(nodes.section)
        if top is None or not top.children or not isinstance(top[0], nodes.title):
            return False
        heading = " ".join(top[0].astext().split()).casefold()
        return heading in {" ".join(name.split()).casefold() for name in (profile.name, *profile.aliases)}


class AwardList(DataDirective):
    def build(self, data: SiteData) -> list[nodes.Node]:
        """The profile's awards, newest first (none without a profile)."""
        return listings.item_list(views.award_items(data.profile.awards)) if data.profile else []


class EducationList(DataDirective):
    def build(self, data: SiteData) -> list[nodes.Node]:
        """The profile's degrees (none without a profile)."""
        return listings.item_list(views.education_items(data.profile.education)) if data.profile else []


class CareerTimeline(DataDirective):
    def build(self, data: SiteData) -> list[nodes.Node]:
        """The positions as a timeline (none without any, with a warning)."""
        positions = data.experience.positions
        if not self.require(data, "experience", bool(positions)):
            return []
        return listings.item_list(views.career_items(positions))


class ProjectGrid(DataDirective):
    option_spec: ClassVar[OptionSpec] = {"status": lambda a: directives.choice(a, ("active", "past", "all"))}

    def build(self, data: SiteData) -> list[nodes.Node]:
        """The projects of ``:status:`` (active, past or all) as a grid of cards (none without any, with a warning)."""
        status = self.options.get("status", "all")
        projects = [p for p in data.projects.projects if status == "all" or p.active == (status == "active")]
        if not self.require(data, "projects", bool(projects)):
            return []
        self.note_shown("project", [p.id for p in projects])
        cards = views.project_cards(projects)
        return [listings.card_grid(cards, "1 2 2 3", "3", listings.Anchors.of_directive(self), self.env.docname)]


def research_view(app: Sphinx) -> tuple[views.Area, ...]:
    """The research areas, each with its cards, as ``research-areas`` shows them (their papers by venue
    line): all the directive shows of the papers."""
    data = site_data(app)
    publications = {p.key: p for p in data.publications}
    descriptions = {p.name: p.description for p in data.projects.projects}
    link_papers = app.config.labsite_link_papers
    return views.research_areas(data.research.areas, publications, link_papers=link_papers, descriptions=descriptions)


class ResearchAreas(DataDirective):
    also_uses = ("publications", "projects")

    def read_arguments(self) -> tuple[Any, ...] | None:
        """(): the areas' view (:func:`research_view`), all the directive shows of the papers."""
        return ()

    def build(self, data: SiteData) -> list[nodes.Node]:
        """The research areas, each with its papers and projects (none without any, with a warning)."""
        if not self.require(data, "research", bool(data.research.areas)):
            return []
        self.note_shown("area", [a.id for a in data.research.areas])
        areas = research_view(self.env.app)
        anchors = listings.Anchors.of_directive(self)
        return listings.research_areas(areas, self.heading_level, anchors, self.env.docname)


class MemberGroups(DataDirective):
    also_uses: ClassVar[tuple[str, ...]] = ("publications",)

    def build(self, data: SiteData) -> list[nodes.Node]:
        """The current members by role, on the first page of the member list, each with the number of their
        papers with the owner (none without members, with a warning)."""
        if not self.require(data, "people", bool(data.people.members)):
            return []
        split = self.people_pages("members")
        self.note_shown("member", [m.id for m in split[0]])
        groups = views.member_groups(data.people, split[0], dict(shown_paper_counts(self.env.app, "members")))
        anchors = listings.Anchors.of_directive(self)
        found = listings.member_groups(groups, self.heading_level, anchors, listings.papers_xref(self.env.docname))
        return self.with_pager(found, "members", len(split))

    #: the member list the directive shows: current ("members") or former ("former") members
    which: ClassVar[str] = "members"

    def read_arguments(self) -> tuple[Any, ...] | None:
        """(:attr:`which`,): the paper counts of the members on the list's first page
        (:func:`shown_paper_counts`)."""
        return (self.which,)

    def people_pages(self, which: str) -> list[list[model.Member]]:
        """The pages of a member list (:mod:`labsite.sphinx.peoplepages`)."""
        from .peoplepages import pages

        return pages(self.env.app, which)

    def with_pager(self, found: list[nodes.Node], which: str, count: int) -> list[nodes.Node]:
        """``found`` with a pager above and below when the list has further pages."""
        if count == 1:
            return found
        from .peoplepages import pager_html

        app, doc = self.env.app, self.env.docname
        return with_pager(found, pager_html(app, doc, doc, which, 1, count))


class AlumniTable(MemberGroups):
    which = "former"

    def build(self, data: SiteData) -> list[nodes.Node]:
        """The former members on the first page of the alumni list, as a table (none without any), each
        with the number of their papers with the owner, linked to their page (as a current member's)."""
        split = self.people_pages("former")
        if not split[0]:
            return []
        self.note_shown("member", [m.id for m in split[0]])
        table = views.alumni_table(data.people, split[0], dict(shown_paper_counts(self.env.app, "former")))
        found = listings.alumni_table(
            table, listings.Anchors.of_directive(self), listings.papers_xref(self.env.docname)
        )
        return self.with_pager(found, "former", len(split))


def shown_paper_counts(app: Sphinx, which: str) -> list[tuple[str, int]]:
    """(member id, number of papers with the owner) of each member with papers on the first page of the
    current ("members") or former ("former") members: all ``member-groups`` and ``alumni-table`` show of
    the papers. The counts are the publication pages' (owner's name variants included): one rule for both."""
    from .peoplepages import pages

    papers = labsite_domain(app.env).papers_by_member()
    return [(m.id, len(papers[m.id])) for m in pages(app, which)[0] if papers.get(m.id)]


def with_pager(found: list[nodes.Node], pager_html: str) -> list[nodes.Node]:
    """``found`` between two copies of a list's pager (HTML; other builders leave it out)."""
    return [nodes.raw("", pager_html, format="html"), *found, nodes.raw("", pager_html, format="html")]


class TalkList(DataDirective):
    """All talks by year; with `:recent-months: N`, only those of the last N months before the build date.
    More than ``labsite_talks_page_limit`` talks: the newest here, the rest on pages of their own
    (:mod:`labsite.sphinx.talkpages`), with a pager above and below."""

    option_spec: ClassVar[OptionSpec] = {**DataDirective.option_spec, "recent-months": directives.positive_int}

    def read_arguments(self) -> tuple[Any, ...] | None:
        """With ``:recent-months: N``, (N,): the month the recent talks start from, which the newest paper
        can move (:func:`talks_since`); None for the full list, which shows no paper."""
        months = self.options.get("recent-months")
        return None if months is None else (months,)

    def split(self, data: SiteData) -> list[list[model.Talk]]:
        """The talk list's pages (the domain's :meth:`~labsite.sphinx.domain.LabsiteDomain.talk_split`)."""
        return labsite_domain(self.env).talk_split()

    def build(self, data: SiteData) -> list[nodes.Node]:
        """The talks by year (the first page of a long list, with a pager), or with ``:recent-months:`` those of
        the last months before the build date (none without talks, with a warning)."""
        if not self.require(data, "talks", bool(data.talks.talks)):
            return []
        anchors = listings.Anchors.of_directive(self)
        months = self.options.get("recent-months")
        if months is None:
            split = self.split(data)
            self.note_shown("talk", [talk_id(t) for t in split[0]])
            found = listings.talk_list(views.talk_years(split[0]), self.heading_level, anchors)
            if len(split) == 1:
                return found
            from .talkpages import pager_html

            app, doc = self.env.app, self.env.docname
            return with_pager(found, pager_html(app, doc, doc, 1, len(split)))
        # "now" comes from the newest talk or paper (labsite.data.builddate): noted by `run` (read_arguments)
        recent = views.recent_talks(data.talks.talks, self.since(months), months, self.limit)
        return listings.recent_talks(recent, anchors)

    @property
    def limit(self) -> int:
        """``labsite_talks_page_limit``: the most talks one page lists (0: no limit)."""
        limit: int = self.env.config.labsite_talks_page_limit
        return limit

    def since(self, months: int) -> tuple[int, int]:
        """(year, month) `months` months before the build date's month (:func:`talks_since`)."""
        return talks_since(self.env.app, months)

    def run(self) -> list[nodes.Node]:
        """The list; with `:recent-months:` and more recent talks than the page limit, a line saying
        how many more there are, linking the talks page (resolved once every page is read)."""
        result = super().run()
        months = self.options.get("recent-months")
        if months is None or not result:
            return result
        hidden = len(render.recent_list(site_data(self.env.app).talks.talks, self.since(months))) - self.limit
        if self.limit > 0 and hidden > 0:
            from .talkpages import more_talks

            result.append(more_talks(count=hidden, months=months))
        return result


def talks_since(app: Sphinx, months: int) -> tuple[int, int]:
    """(year, month) ``months`` months before the build date's month, which comes from the newest talk
    or paper (:func:`labsite.data.builddate.build_datetime`)."""
    today = build_datetime(site_data(app))
    index = today.year * 12 + today.month - 1 - months
    return index // 12, index % 12 + 1


class CourseTable(DataDirective):
    def build(self, data: SiteData) -> list[nodes.Node]:
        """The courses as a table (none without any, with a warning)."""
        courses = data.teaching.courses
        return listings.table(views.course_table(courses)) if self.require(data, "teaching", bool(courses)) else []


#: directive name -> its class; which kind each shows (and so its data files) is the table's
#: (:data:`labsite.data.kinds.KINDS`, ``directives``); the publications' are in :mod:`labsite.sphinx.publications`
DIRECTIVES: dict[str, type[DataDirective]] = {
    "profile-card": ProfileCard,
    "award-list": AwardList,
    "education-list": EducationList,
    "career-timeline": CareerTimeline,
    "project-grid": ProjectGrid,
    "research-areas": ResearchAreas,
    "member-groups": MemberGroups,
    "alumni-table": AlumniTable,
    "talk-list": TalkList,
    "course-table": CourseTable,
}


def setup_directives(app: Sphinx) -> None:
    """Register the directives of the table of record kinds (:func:`labsite.data.kinds.all_directives`)
    that this module implements (:data:`DIRECTIVES`). Raises LookupError for a directive of this module
    that no kind names (it would read no data file)."""
    named = {name for name, _ in all_directives()}
    if missing := sorted(set(DIRECTIVES) - named):
        raise LookupError(f"labsite: directives in no record kind of labsite.data.kinds: {', '.join(missing)}")
    for name, _ in all_directives():
        if name in DIRECTIVES:
            app.add_directive(name, DIRECTIVES[name])
    app.connect("builder-inited", register_read_facts, priority=700)  # after the papers are prepared


def register_read_facts(app: Sphinx) -> None:
    """``builder-inited``: register with the ``labsite`` domain what the directives of this module show of
    the papers when a page is read (:meth:`~labsite.sphinx.domain.LabsiteDomain.register_read_fact`), so
    that an edited paper reads again only the pages showing something of it that changed."""
    if app.builder.format != "html":
        return  # other builders write a page only when it is read: it depends on the data files
    domain = labsite_domain(app.env)
    domain.register_read_fact("research-areas", lambda arguments: research_view(app))
    domain.register_read_fact("member-groups", lambda arguments: shown_paper_counts(app, arguments[0]))
    domain.register_read_fact("alumni-table", lambda arguments: shown_paper_counts(app, arguments[0]))
    domain.register_read_fact("talk-list", lambda arguments: talks_since(app, arguments[0]))
