"""All of a site's data, loaded and cross-checked in one go. No Sphinx here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from . import model
from .kinds import BY_NAME, KINDS, YAML_KINDS, talk_id
from .names import NameMatcher, split_name
from .problems import DataError, DataProblem
from .slugs import slug, slugify

__all__ = ["BIBTEX_FILE", "YAML_FILES", "SiteData", "load_site_data", "slug", "slugify", "talk_id"]

if TYPE_CHECKING:  # the loaders (PyYAML, pybtex) are imported when files are read, not for cached data
    from .load import Location

#: collection name -> (file name, record model) of every YAML data file (from :data:`labsite.data.kinds.KINDS`)
YAML_FILES: dict[str, tuple[str, type[BaseModel]]] = {
    kind.name: (kind.file, kind.model) for kind in YAML_KINDS if kind.model is not None
}
BIBTEX_FILE = BY_NAME["publications"].file


@dataclass
class SiteData:
    """Every collection of one site, validated. Missing files give empty collections."""

    data_dir: Path
    profile: model.Profile | None = None
    people: model.People = field(default_factory=lambda: model.People(roles=[]))
    talks: model.Talks = field(default_factory=model.Talks)
    projects: model.Projects = field(default_factory=model.Projects)
    research: model.ResearchAreas = field(default_factory=model.ResearchAreas)
    teaching: model.Teaching = field(default_factory=model.Teaching)
    experience: model.Experience = field(default_factory=model.Experience)
    service: model.Service = field(default_factory=model.Service)
    topics: model.Topics = field(default_factory=model.Topics)
    news: model.News = field(default_factory=model.News)
    publications: list[model.Publication] = field(default_factory=list)
    #: collection -> location in its file -> line (for problems found after loading, e.g. paths)
    lines: dict[str, dict[Location, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Give every kind of the table without a field here its empty collection (as a missing file
        leaves it), so that a kind added to :data:`labsite.data.kinds.KINDS` is a collection of the site
        before it has a typed field (the field only gives mypy its type)."""
        for kind in KINDS:
            if not hasattr(self, kind.name):
                setattr(self, kind.name, kind.empty())

    def path(self, collection: str) -> Path:
        """The data file of a kind (:data:`labsite.data.kinds.KINDS`), present or not."""
        return self.data_dir / BY_NAME[collection].file

    def files(self) -> list[Path]:
        """The data files present, in the table's order."""
        return [self.data_dir / kind.file for kind in KINDS if (self.data_dir / kind.file).is_file()]

    def records(self, collection: str) -> list[Any]:
        """The records of a kind (members, talks, ...; the profile as a list of one or none)."""
        return BY_NAME[collection].records(getattr(self, collection))

    @property
    def publication_keys(self) -> set[str]:
        """The citation keys of every paper."""
        return {p.key for p in self.publications}


def _duplicates(
    path: Path, items: list[Any], key: str, collection: str, lines: dict[Location, int]
) -> list[DataProblem]:
    seen: dict[str, int] = {}
    problems = []
    for index, item in enumerate(items):
        value = item if isinstance(item, str) else getattr(item, key, None)
        if value is None:  # a field with a problem of its own (a salvaged record: labsite.data.load.salvage)
            continue
        if value in seen:
            problems.append(
                DataProblem(
                    path,
                    f"duplicate {key} {value!r} (also entry #{seen[value] + 1})",
                    lines.get((collection, index, key), lines.get((collection, index))),
                    value,
                    key,
                )
            )
        seen.setdefault(value, index)
    return problems


def not_a_file(path: Path) -> DataProblem | None:
    """The problem of a data file's name that is taken by something else than a file (a folder, a link to
    nothing), which would otherwise read as a missing file and leave its records out; None for a file or
    nothing at all."""
    if path.is_file() or not (path.exists() or path.is_symlink()):
        return None
    found = "a folder" if path.is_dir() else "a link to nothing" if not path.exists() else "not a regular file"
    return DataProblem(path, f"is {found}; expected the data file of this name (or nothing, for no records)")


def load_site_data(data_dir: Path) -> SiteData:
    """Load and cross-check every data file in `data_dir`; raise DataError listing all problems (its
    `partial`: the SiteData of the records that are valid, for :func:`labsite.data.check.check_site`)."""
    from .bibtex import load_bibtex
    from .load import load_yaml

    site = SiteData(data_dir=data_dir)
    problems: list[DataProblem] = []
    lines: dict[str, dict[Location, int]] = {}
    failed: set[str] = set()  # collections whose file has problems: no cross-checks against them
    for kind in YAML_KINDS:
        path = data_dir / kind.file
        if kind.model is None:
            continue
        if not path.is_file():
            if (problem := not_a_file(path)) is not None:
                problems.append(problem)
                failed.add(kind.name)
            continue
        try:
            records, lines[kind.name] = load_yaml(path, kind.model)
        except DataError as err:
            problems.extend(err.problems)
            failed.add(kind.name)
            if not isinstance(err.partial, tuple):
                continue
            # what is valid of it: the checks across records see it too (every problem in one report)
            records, lines[kind.name] = err.partial
        setattr(site, kind.name, records)

    # the topics a paper may name; None (not checked): no topics, or a topic list or label with a problem
    topic_labels = [getattr(t, "label", None) for t in _field(site.topics, "topics", [None])]
    known_topics: list[str] | None = [label for label in topic_labels if label is not None]
    if None in topic_labels or not known_topics:
        known_topics = None
    bib_path = data_dir / BIBTEX_FILE
    if (problem := not_a_file(bib_path)) is not None:
        problems.append(problem)
        failed.add("publications")
    elif bib_path.is_file():
        try:
            site.publications = load_bibtex(bib_path, known_topics)
        except DataError as err:
            problems.extend(err.problems)
            failed.add("publications")
            if isinstance(err.partial, list):
                site.publications = err.partial  # the valid papers, for the checks of their files

    problems += _cross_check(site, lines, failed, problems)
    site.lines = {name: lines.get(name, {}) for name in ("profile", "news")}
    if problems:
        raise DataError(problems, partial=site)
    return site


def _ambiguous_names(site: SiteData, lines: dict[Location, int]) -> list[DataProblem]:
    """A name or alias that denotes two members: author lists could not tell which one is meant."""
    owners: dict[tuple[tuple[str, ...], str], str] = {}
    problems = []
    for index, member in enumerate(_field(site.people, "members", [])):
        if getattr(member, "id", None) is None or getattr(member, "name", None) is None:
            continue  # a field with a problem of its own
        for field_name, position, name in [("name", None, member.name)] + [
            ("aliases", i, alias) for i, alias in enumerate(_field(member, "aliases", []))
        ]:
            given, family = split_name(name)
            if not family:  # nothing comparable (e.g. no Latin letters)
                continue
            form = (tuple(given), family)
            other = owners.setdefault(form, member.id)
            if other != member.id:
                loc = ("members", index, field_name) if position is None else ("members", index, field_name, position)
                problems.append(
                    DataProblem(
                        site.path("people"),
                        f"{name!r} is also the name or an alias of member {other!r}; "
                        "expected each name to denote one person (remove or change one)",
                        lines.get(loc, lines.get(("members", index))),
                        member.id,
                        field_name,
                    )
                )
    return problems


def _unused_aliases(site: SiteData, lines: dict[Location, int]) -> list[DataProblem]:
    """An alias exists to name a member in author lists: one that names no author is a typo."""
    if not site.data_dir.joinpath(BIBTEX_FILE).is_file():
        return []
    authors = {author for publication in site.publications for author in publication.authors}
    problems = []
    for index, member in enumerate(_field(site.people, "members", [])):
        for position, alias in enumerate(_field(member, "aliases", [])):
            matcher = NameMatcher([alias], initials=False)
            if not any(matcher.matches(author) for author in authors):
                problems.append(
                    DataProblem(
                        site.path("people"),
                        f"alias {alias!r} matches no author in {BIBTEX_FILE}; "
                        "expected a spelling of this member's name used in an author list",
                        lines.get(("members", index, "aliases", position), lines.get(("members", index))),
                        getattr(member, "id", None) or f"#{index + 1}",
                        "aliases",
                    )
                )
    return problems


def known_ids(site: SiteData, collection: str, problems: list[DataProblem]) -> set[str] | None:
    """The ids of a kind's records (:data:`labsite.data.kinds.KINDS`, its ``record_id``), those of its
    entries with problems included (a salvaged record, :func:`labsite.data.load.salvage`; a BibTeX entry
    named by its problem), so that a reference to one is not also called unknown; None when the id of
    one cannot be known (its own field has a problem; a problem that names no entry)."""
    kind = BY_NAME[collection]
    ids = set()
    try:
        for record in site.records(collection):
            ids.add(kind.record_id(record))
    except (AttributeError, TypeError, ValueError):
        return None
    if kind.model is None:  # BibTeX: an entry with a problem is left out of the records, named by it
        own = [p for p in problems if p.file == site.path(collection)]
        if any(p.entry is None for p in own):
            return None
        ids |= {p.entry for p in own if p.entry is not None}
    return ids


def _news_links(site: SiteData, lines: dict[Location, int], problems_so_far: list[DataProblem]) -> list[DataProblem]:
    """A news item's ``paper``, ``talk`` and ``member`` must name a record (of a file with problems of its
    own, when the ids of its records are known: :func:`known_ids`)."""
    known = {
        "paper": ("publications", f"no entry with this key in {BIBTEX_FILE}"),
        "talk": ("talks", "no talk with this id in talks.yaml"),
        "member": ("people", "no member with this id in people.yaml"),
    }
    ids_of = {collection: known_ids(site, collection, problems_so_far) for collection, _ in known.values()}
    problems = []
    for index, item in enumerate(_field(site.news, "news", [])):
        for field_name, (collection, missing) in known.items():
            value = getattr(item, field_name, None)
            ids = ids_of[collection]
            if value is None or ids is None or value in ids:
                continue
            problems.append(
                DataProblem(
                    site.path("news"),
                    f"unknown {field_name} {value!r}; {missing}",
                    lines.get(("news", index, field_name), lines.get(("news", index))),
                    _record_id("news", item) or f"#{index + 1}",
                    field_name,
                )
            )
    return problems


def _field(record: Any, name: str, default: Any) -> Any:
    """A field of a record, or `default` when it has a problem of its own (a salvaged record,
    :func:`labsite.data.load.salvage`: reading it raises AttributeError)."""
    return getattr(record, name, default)


def area_name(area: Any, index: int) -> str:
    """What names a research area in a problem: its id, else its number (``#2``), as the loader does."""
    return getattr(area, "id", None) or f"#{index + 1}"


def _record_id(collection: str, record: Any) -> str | None:
    """The id of a record (:data:`labsite.data.kinds.KINDS`), None when a field it needs has a problem."""
    try:
        return BY_NAME[collection].record_id(record)
    except (AttributeError, TypeError, ValueError):
        return None


def _cross_check(
    site: SiteData, lines: dict[str, dict[Location, int]], failed: set[str], found: list[DataProblem]
) -> list[DataProblem]:
    """The checks across records and files (duplicate ids, unknown roles, papers and links, ambiguous
    names, unused aliases). A file with problems of its own (in `failed`; `found`: every problem so far)
    is checked in what is valid of it (:func:`labsite.data.load.salvage`), so an entry's problems all
    come in one report; a field with a problem of its own is not checked again."""
    problems: list[DataProblem] = []
    people_lines = lines.get("people", {})
    path = site.path("people")
    for kind in YAML_KINDS:  # the table's unique fields (ids, topic labels)
        collection = getattr(site, kind.name)
        for unique in kind.unique:
            items = _field(collection, unique.items, [])
            problems += _duplicates(site.path(kind.name), items, unique.field, unique.items, lines.get(kind.name, {}))
    problems += _ambiguous_names(site, people_lines)
    roles = _field(site.people, "roles", None)  # None: the list has a problem, every role could look unknown
    role_ids = {i for r in roles or [] if (i := getattr(r, "id", None)) is not None}
    for index, member in enumerate(_field(site.people, "members", []) if roles is not None else []):
        if getattr(member, "role", None) is not None and member.role not in role_ids:
            problems.append(
                DataProblem(
                    path,
                    f"unknown role {member.role!r}; expected one of: {', '.join(sorted(role_ids))}",
                    people_lines.get(("members", index, "role")),
                    getattr(member, "id", None) or f"#{index + 1}",
                    "role",
                )
            )
    for kind in YAML_KINDS:  # ids computed by the table's id rule (talks: date and venue)
        if kind.id_rule is None or kind.items is None:
            continue
        kind_lines = lines.get(kind.name, {})
        seen: dict[str, int] = {}
        for index, record in enumerate(_field(getattr(site, kind.name), kind.items, [])):
            ident = _record_id(kind.name, record)
            if ident is None:
                continue  # a field it is made from has a problem of its own
            if ident in seen:
                problems.append(
                    DataProblem(
                        site.path(kind.name),
                        f"duplicate id {ident!r} (also entry #{seen[ident] + 1}); give one of them an `id`",
                        kind_lines.get((kind.items, index)),
                        ident,
                        "id",
                    )
                )
            seen.setdefault(ident, index)

    problems += _news_links(site, lines.get("news", {}), found)
    if "publications" not in failed:  # else an author of an entry with a problem could be the alias's
        problems += _unused_aliases(site, people_lines)
    keys = known_ids(site, "publications", found)
    if keys is None:
        return problems  # an entry with a problem names no key: any paper key could be its
    research_lines = lines.get("research", {})
    for a_index, area in enumerate(_field(site.research, "areas", [])):
        for p_index, project in enumerate(_field(area, "projects", [])):
            for k_index, key in enumerate(_field(project, "papers", [])):
                if key not in keys:
                    problems.append(
                        DataProblem(
                            site.path("research"),
                            f"unknown paper {key!r}; no entry with this key in {BIBTEX_FILE}",
                            research_lines.get(("areas", a_index, "projects", p_index, "papers", k_index)),
                            getattr(project, "name", None) or f"{area_name(area, a_index)} › #{p_index + 1}",
                            "papers",
                        )
                    )
    return problems
