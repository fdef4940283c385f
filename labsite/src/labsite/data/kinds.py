"""The one table of record kinds: each kind of data a site shows, declared once. No Sphinx here.

A :class:`RecordKind` says where a kind's records come from (its data file, the model that file is
validated against, the key of its list of records), how its records are told apart (the id rule that
duplicate checks, anchors and cross-references use) and how the other layers show it, as plain names:
the directives that render it, the object type of its ``labsite`` domain role and anchors, the folders
of its generated pages, the setting naming its feed, its schema.org type in JSON-LD and its section of a
CV. Everything mechanical is derived from :data:`KINDS`:

- loading (:func:`labsite.data.dataset.load_site_data`: each YAML file, in this order) and the
  collections of :class:`~labsite.data.dataset.SiteData` (empty when a file is absent),
- the duplicate-id checks and the counts of ``labsite-check`` (:mod:`labsite.data.check`),
- the editor schemas of ``labsite-schemas`` (:mod:`labsite.data.schemas`),
- the ``labsite`` domain's object types, roles and default role titles (:mod:`labsite.sphinx.domain`),
- which directive is registered under which name and which data files a page using it depends on
  (:mod:`labsite.sphinx.directives`).

What stays per kind is what a kind means: its model (``model.py``), what it shows (view data in
``content/views.py``, nodes in ``sphinx/listings.py``; MyST text in ``content/render.py`` for the older
kinds) and its directive's ``build`` or ``render`` method. ``labsite/README.md`` ("How to add a record
kind") lists the steps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from . import model
from .slugs import slugify


def talk_id(talk: model.Talk) -> str:
    """A talk's id: its ``id`` field, else ``<year>-<month>-<venue slug>`` (at most 80 characters)."""
    if talk.id:
        return talk.id
    year, month = model.month_key(talk.date)
    return f"{year}-{month:02d}-{slugify(talk.venue)}"[:80].rstrip("-")


def news_id(item: model.NewsItem) -> str:
    """A written news item's id, which editing its text never changes: its ``id`` field, else its date,
    followed by the id of the paper, talk, member or page it links (the first of these it has):
    ``2025-03-14``, ``2025-03-14-zhang2025fast``, ``2025-03-14-people-join`` (at most 80 characters).
    Two items of one day without an ``id`` or a link to tell them apart are a duplicate id (a located
    error asking for an ``id``); the item's anchor is ``news-<id>`` (:mod:`labsite.content.news`)."""
    if item.id:
        return item.id
    linked = next((value for value in (item.paper, item.talk, item.member, item.page) if value), None)
    ident = item.date.isoformat() + (f"-{slugify(linked)}" if linked else "")
    return ident[:80].rstrip("-")


@dataclass(frozen=True)
class Unique:
    """A field whose value no two records of a list may share (a duplicate is a located error)."""

    #: the list's key in the file (``members``), and the field (``id``)
    items: str
    field: str


@dataclass(frozen=True)
class RecordKind:
    """One kind of record, declared once (see the module's docstring for what is derived from it)."""

    #: the collection's name: the attribute of :class:`~labsite.data.dataset.SiteData`, the key of the
    #: data file in messages and in ``DataDirective.uses``
    name: str
    #: the data file, in the data folder (every data file is optional)
    file: str
    #: the model of the whole file (None for the BibTeX file, read by :mod:`labsite.data.bibtex`)
    model: type[BaseModel] | None
    #: the key of the file's list of records (``members``), None for a file that is one record
    items: str | None = None
    #: what ``labsite-check`` counts the records as ("members"); None: not counted
    count: str | None = None
    #: the fields that must be unique in their lists (``id`` of ``members``, ``label`` of ``topics``)
    unique: tuple[Unique, ...] = ()
    #: the id of a record when it is computed, not typed (talks: date and venue); its duplicates are
    #: reported on the entry, asking for an ``id``
    id_rule: Callable[[Any], str] | None = None
    #: the field a record's default title is read from (a role written without a title)
    title_field: str = "name"
    #: the directives that show this kind (the first is its main list)
    directives: tuple[str, ...] = ()
    #: the ``labsite`` domain object type (role ``:labsite:<objtype>:``, anchors ``<objtype>-<id>``);
    #: None for a kind that pages do not link to record by record
    objtype: str | None = None
    #: what one record is called (the domain's object type label, translated by the page's language)
    label: str = ""
    #: folders of pages written without a document, under the page showing the kind's main list
    pages: tuple[str, ...] = ()
    #: the ``labsite_*`` setting naming where the kind's Atom feed goes (None: no feed); a kind with a
    #: feed is a long list (``labsite.sphinx.longlist``), whose further pages are in ``pages[0]``
    feed_setting: str | None = None
    #: the schema.org type of its records in JSON-LD (None: not in JSON-LD)
    jsonld_type: str | None = None
    #: the parts of the CV its records go in: section ids of ``labsite.content.cv.SECTION_IDS`` (the CV
    #: page and PDFs), or ``projects`` (cv.json only); () for none. The ``cv`` directive's page depends on
    #: the data files of these kinds, and ``test_kinds.py`` holds the CV's sections to them.
    cv_sections: tuple[str, ...] = ()

    def records(self, collection: Any) -> list[Any]:
        """The records of this kind in its loaded collection (the model of its file)."""
        if self.model is None:  # the BibTeX file: the collection is the list
            return list(collection)
        if self.items is None:
            return [] if collection is None else [collection]
        return list(getattr(collection, self.items))

    def record_id(self, record: Any) -> str:
        """The id of one record (its ``id_rule``, else its ``id`` field)."""
        return self.id_rule(record) if self.id_rule else record.id

    def empty(self) -> Any:
        """An empty collection of this kind (the value when its file is absent)."""
        if self.model is None:
            return []
        if self.items is None:
            return None
        required: dict[str, list[object]] = {
            name: [] for name, info in self.model.model_fields.items() if info.is_required()
        }  # e.g. People's roles
        return self.model(**required)


KINDS: tuple[RecordKind, ...] = (
    RecordKind(
        "profile",
        "profile.yaml",
        model.Profile,
        directives=("profile-card", "award-list", "education-list"),
        jsonld_type="Person",
        cv_sections=("education", "awards"),
    ),
    RecordKind(
        "people",
        "people.yaml",
        model.People,
        items="members",
        count="members",
        unique=(Unique("roles", "id"), Unique("members", "id")),
        directives=("member-groups", "alumni-table"),
        objtype="member",
        label="member",
        pages=("members/page", "former/page"),
        cv_sections=("students",),
    ),
    RecordKind(
        "talks",
        "talks.yaml",
        model.Talks,
        items="talks",
        count="talks",
        id_rule=talk_id,
        title_field="title",
        directives=("talk-list",),
        objtype="talk",
        label="talk",
        pages=("page",),
        feed_setting="labsite_talks_feed",
        jsonld_type="Event",
        cv_sections=("talks",),
    ),
    RecordKind(
        "projects",
        "projects.yaml",
        model.Projects,
        items="projects",
        count="projects",
        unique=(Unique("projects", "id"),),
        directives=("project-grid",),
        objtype="project",
        label="project",
        cv_sections=("projects",),
    ),
    RecordKind(
        "research",
        "research-areas.yaml",
        model.ResearchAreas,
        items="areas",
        unique=(Unique("areas", "id"),),
        directives=("research-areas",),
        objtype="area",
        label="research area",
    ),
    RecordKind(
        "teaching",
        "teaching.yaml",
        model.Teaching,
        items="courses",
        count="courses",
        directives=("course-table",),
        cv_sections=("teaching",),
    ),
    RecordKind(
        "experience",
        "experience.yaml",
        model.Experience,
        items="positions",
        directives=("career-timeline",),
        cv_sections=("positions",),
    ),
    RecordKind(
        "service",
        "service.yaml",
        model.Service,
        items="service",
        count="service roles",
        cv_sections=("service",),
    ),
    RecordKind(
        "topics",
        "topics.yaml",
        model.Topics,
        items="topics",
        unique=(Unique("topics", "id"), Unique("topics", "label")),
    ),
    RecordKind(
        "news",
        "news.yaml",
        model.News,
        items="news",
        count="news items",
        id_rule=news_id,
        title_field="text",
        directives=("news-list",),
        pages=("page",),
        feed_setting="labsite_news_feed",
    ),
    RecordKind(
        "publications",
        "publications.bib",
        None,
        count="publications",
        id_rule=lambda publication: publication.key,
        title_field="title",
        directives=("publication-list", "publication-chart"),
        pages=("page", "selected", "topic", "author", "<paper slug>"),
        jsonld_type="ScholarlyArticle",
        cv_sections=("publications",),
    ),
)

#: kind name -> kind
BY_NAME: dict[str, RecordKind] = {kind.name: kind for kind in KINDS}
#: the kinds read from YAML files, in loading order
YAML_KINDS: tuple[RecordKind, ...] = tuple(kind for kind in KINDS if kind.model is not None)
#: the kinds pages link to record by record, by domain object type
BY_OBJTYPE: dict[str, RecordKind] = {kind.objtype: kind for kind in KINDS if kind.objtype}


def cv_kinds() -> tuple[RecordKind, ...]:
    """The kinds whose records are in the CV (a non-empty ``cv_sections``), in loading order."""
    return tuple(k for k in KINDS if k.cv_sections)


def kind(name: str) -> RecordKind:
    """The kind named ``name``. Raises KeyError for an unknown name."""
    return BY_NAME[name]


def directive_kinds(directive: str) -> list[RecordKind]:
    """The kinds whose table entry names ``directive`` (one for every registered directive)."""
    return [k for k in KINDS if directive in k.directives]


def all_directives() -> Iterable[tuple[str, RecordKind]]:
    """(directive name, its kind) for every directive of the table, in table order."""
    for record_kind in KINDS:
        for name in record_kind.directives:
            yield name, record_kind
