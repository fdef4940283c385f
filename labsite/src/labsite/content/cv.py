"""The CV from the site's records: one view (:class:`CVDocument`) for the CV page, the typeset PDFs
and the JSON Resume. No Sphinx here.

Every section is built from the records that the rest of the site shows (profile, experience,
publications, talks, teaching, people, service), so nothing is typed twice. :func:`cv_document`
returns plain data (dataclasses of strings and lists); :func:`typst_pdf` typesets it with the
`typst` package and a template that receives it as ``sys.inputs.cv`` (JSON; see
``labsite/templates/cv/cv.typ``); :func:`json_resume` maps the records to JSON Resume v1.0.0
(https://jsonresume.org/schema).
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..data import model
from ..locale import _, month_year
from . import publications as rp
from .render import co_presenters_text, current_members, degree_details, former_members, newest_positions, span_text

if TYPE_CHECKING:
    from ..data.dataset import SiteData

#: the packaged template; a site overrides it with its own file (``labsite_cv_template``)
TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "cv" / "cv.typ"
#: the font families the template uses by default: embedded in the `typst` package, so every
#: machine typesets the same PDF (system fonts are ignored)
DEFAULT_FONTS = ("Libertinus Serif",)
#: the font families after the site's own, for what text fonts lack: mathematical letters and symbols
#: (𝒪, ℝ, ≤, ∑, √) from the LaTeX math of a paper's title (``$\mathcal{O}(n \log n)$``). Embedded in the
#: `typst` package too (New Computer Modern Math, SIL Open Font License 1.1), so no font is shipped;
#: a script none of the fonts has (CJK) stays an error (:func:`typst_pdf`)
FALLBACK_FONTS = ("New Computer Modern Math",)
#: the CV's sections in academic order (ids used by ``labsite_cv_short``'s ``sections``)
SECTION_IDS = ("positions", "education", "awards", "publications", "talks", "teaching", "students", "service")
PAPER_SIZES = ("a4", "us-letter")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block (then as it was). Building the CV makes
    many small acyclic objects (a few per paper and author); in a build that holds thousands of
    records, each full collection they trigger walks the whole heap, which cost more than the CV's
    own work (x100: 0.6 s of 0.8 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class CVError(ValueError):
    """The CV cannot be typeset; the message names the record (file, entry) and the setting to change."""


@dataclass
class CVLink:
    label: str
    url: str


@dataclass
class CVAuthor:
    name: str
    owner: bool = False


@dataclass
class CVRun:
    """A run of an author list set alike: the CV's person (`owner`) in bold, the others plain."""

    text: str
    owner: bool = False


def author_runs(authors: Sequence[CVAuthor], et_al: bool) -> list[CVRun]:
    """`authors` as few runs as possible (`A, B, ` / `Owner` / `, C et al.`), so a long list of papers
    typesets fast."""
    runs: list[CVRun] = []

    def add(text: str, owner: bool) -> None:
        if runs and runs[-1].owner == owner:
            runs[-1].text += text
        else:
            runs.append(CVRun(text, owner))

    for index, author in enumerate(authors):
        if index:
            add(", ", False)
        add(author.name, author.owner)
    if et_al:
        add(" et al.", False)
    return runs


@dataclass
class CVItem:
    """One line of the CV: `title` (bold, or italic for `style` "emph"), then `text`, with `date` on
    the right; `lines` below; papers have `authors` and `key` (citation key)."""

    title: str = ""
    url: str | None = None
    style: Literal["strong", "emph", "plain"] = "strong"
    text: str = ""
    date: str = ""
    lines: list[str] = field(default_factory=list)
    authors: list[CVAuthor] = field(default_factory=list)
    et_al: bool = False
    author_runs: list[CVRun] = field(default_factory=list)  # the authors as runs (for the PDF)
    links: list[CVLink] = field(default_factory=list)
    key: str = ""
    source: str = ""  # "people.yaml, entry 'ada-lovelace'": where the text came from (for errors)


@dataclass
class CVGroup:
    heading: str
    items: list[CVItem]


@dataclass
class CVSection:
    """A section of the CV; `more`: how many of its records the short CV selected but left out for
    space (the full CV shows them), 0 in the full CV."""

    id: str
    heading: str
    groups: list[CVGroup]
    more: int = 0


@dataclass
class CVDocument:
    """What the CV shows, in order; the typst template receives it as JSON (``sys.inputs.cv``)."""

    name: str
    title: str
    affiliations: list[CVLink]
    email: str
    homepage: str
    links: list[CVLink]
    summary: str
    updated: str  # ISO date (YYYY-MM-DD), from the data (labsite.data.builddate)
    updated_label: str  # "Last updated: December 2026"
    language: str
    keywords: list[str]
    paper: str
    fonts: list[str]
    words: dict[str, str]
    sections: list[CVSection]
    short: bool = False  # the short CV: the template may set students and awards more tightly
    full_cv: str = ""  # the full CV's address (for the short CV's "and N more"), "" when unknown

    def to_json(self) -> str:
        """The document as compact JSON, keys sorted (the same bytes for the same data); items without
        the fields only the CV page uses (`authors`, `et_al`, `source`)."""
        with gc_paused():
            return json.dumps(self, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_json_value)


#: the fields of each class the typst template receives, in order (an item's `authors`, `et_al` and
#: `source` are for the CV page and the error messages only)
_JSON_FIELDS: dict[type, tuple[str, ...]] = {}
_PAGE_ONLY: dict[type, set[str]] = {CVItem: {"authors", "et_al", "source"}}


def _json_value(value: Any) -> Any:
    """`json.dumps`'s hook for what it cannot write itself: one of the CV's dataclasses as a dict of
    its fields (as `dataclasses.asdict` without the CV page's fields, and shallow: the encoder walks
    the lists and dicts itself, so a CV of thousands of papers converts in a fraction of the time);
    anything else (a translated word) as its text."""
    kind = type(value)
    names = _JSON_FIELDS.get(kind)
    if names is None:
        if not is_dataclass(value) or isinstance(value, type):
            return str(value)
        skipped = _PAGE_ONLY.get(kind, set())
        names = _JSON_FIELDS[kind] = tuple(f.name for f in fields(value) if f.name not in skipped)
    return {name: getattr(value, name) for name in names}


@dataclass(frozen=True)
class CVFilter:
    """Which records a CV holds. The full CV: everything. The short one (``labsite_cv_short_*``):
    `papers` "selected" (the entries with ``selected = {true}``; every paper when none has it) or "all";
    `paper_limit` at most that many of them, newest first (0: no limit); `talk_months` the talks of
    the last N months before the build date (0: all); `students`
    "current" or "all"; `sections` the section ids in order (see :data:`SECTION_IDS`)."""

    papers: str = "all"
    paper_limit: int = 0
    talk_months: int = 0
    students: str = "all"
    sections: tuple[str, ...] = SECTION_IDS

    @classmethod
    def from_settings(cls, papers: str, paper_limit: int, talk_months: int, students: str, sections: str) -> CVFilter:
        """The short CV's filter from the ``labsite_cv_short_*`` settings (`sections` comma-separated);
        raises CVError naming the setting and the bad value."""
        if papers not in ("all", "selected"):
            raise CVError(f"conf.py: labsite_cv_short_papers is {papers!r}; expected 'selected' or 'all'")
        if paper_limit < 0:
            raise CVError(f"conf.py: labsite_cv_short_paper_limit is {paper_limit}; expected 0 or more")
        if talk_months < 0:
            raise CVError(f"conf.py: labsite_cv_short_talk_months is {talk_months}; expected 0 or more")
        if students not in ("all", "current"):
            raise CVError(f"conf.py: labsite_cv_short_students is {students!r}; expected 'current' or 'all'")
        chosen = tuple(name.strip() for name in sections.split(",") if name.strip())
        bad = [name for name in chosen if name not in SECTION_IDS]
        if bad:
            raise CVError(
                f"conf.py: labsite_cv_short_sections: unknown section {bad[0]!r}; expected some of: "
                + ", ".join(SECTION_IDS)
            )
        return cls(papers=papers, paper_limit=paper_limit, talk_months=talk_months, students=students, sections=chosen)


@dataclass
class CVOptions:
    """What the CV needs besides the records: the build date, the site's address (for absolute links),
    each paper's page (absolute URL or None), the paper size, language and fonts."""

    updated: datetime
    homepage: str = ""
    paper_url: Callable[[model.Publication], str | None] = lambda publication: None
    paper: str = "a4"
    language: str = "en"
    fonts: Sequence[str] = DEFAULT_FONTS
    filter: CVFilter = field(default_factory=CVFilter)
    full_cv: str = ""  # the full CV's absolute address ("" when the site has none)


# --- the sections -----------------------------------------------------------------------------


def _src(file: str, entry: object) -> str:
    return f"{file}, entry {str(entry)!r}"


def _positions(data: SiteData) -> list[CVGroup]:
    items = []
    for p in newest_positions(data.experience.positions):
        where = p.organization + (f", {p.location}" if p.location else "")
        text = _("with {name}").format(name=p.supervisor) if p.supervisor else ""
        lines = [f"{r.title}, {span_text(r.start, r.end)}" + (f" ({r.note})" if r.note else "") for r in p.roles]
        if p.note:
            lines.insert(0, p.note)
        items.append(
            CVItem(
                title=p.position,
                text=f"{text}, {where}" if text else where,
                date=span_text(p.start, p.end),
                lines=lines,
                url=p.url,
                source=_src("experience.yaml", p.position),
            )
        )
    return [CVGroup("", items)] if items else []


def _education(data: SiteData) -> list[CVGroup]:
    if not data.profile:
        return []
    items = []
    for d in sorted(data.profile.education, key=lambda d: -d.year):
        place = ", ".join(x for x in (d.department, d.institution) if x)
        lines = list(degree_details(d))
        if d.dissertation:
            lines.append(f"{_('Dissertation:')} {d.dissertation}")
        items.append(
            CVItem(
                title=d.label,
                text=place,
                date=f"{d.start} – {d.year}" if d.start else str(d.year),
                lines=lines,
                links=[CVLink(_("Dissertation"), d.dissertation_url)] if d.dissertation_url else [],
                source=_src("profile.yaml", d.label),
            )
        )
    return [CVGroup("", items)] if items else []


def _awards(data: SiteData) -> list[CVGroup]:
    if not data.profile:
        return []
    items = [
        CVItem(
            title=a.title,
            url=a.url,
            style="plain",
            date=", ".join(str(y) for y in a.years),
            source=_src("profile.yaml", a.title),
        )
        for a in sorted(data.profile.awards, key=lambda a: -a.year)
    ]
    return [CVGroup("", items)] if items else []


def paper_links(publication: model.Publication, page: str | None) -> list[CVLink]:
    """The paper's links shown on the CV: its page on the site, DOI, arXiv, PDF, code."""
    links = [CVLink(_("Page"), page)] if page else []
    if publication.doi_url:
        links.append(CVLink("DOI", publication.doi_url))
    if publication.arxiv_url:
        links.append(CVLink("arXiv", publication.arxiv_url))
    for label, url in (("PDF", publication.pdf), (_("Code"), publication.code)):
        if url and all(url != link.url for link in links):
            links.append(CVLink(label, url))
    return links


def select_papers(publications: Sequence[model.Publication], which: str) -> list[model.Publication]:
    """Newest first: all ("all") or the selected ones ("selected")."""
    ordered = rp.sort_publications(publications)
    return [p for p in ordered if p.selected] if which == "selected" else ordered


def short_cv_papers(data: SiteData, options: CVOptions) -> tuple[list[model.Publication], CVOptions]:
    """The papers the short CV can show: those its filter (`options.filter`) selects, newest first, up to
    its limit; and `options` with a filter of every paper, so that ``cv_document(data, options, papers=...)``
    shows the papers given. The one source of the short CV's papers for :func:`short_cv_pdf` and for what
    the build compares to know whether cv-short.pdf changed. "selected" when no entry is marked selected
    (exports from DBLP, Google Scholar and Zotero have no such field) gives the newest papers, as "all"."""
    chosen = select_papers(data.publications, options.filter.papers)
    if not chosen and options.filter.papers == "selected":
        chosen = select_papers(data.publications, "all")  # not a short CV without papers for want of a mark
    return chosen[: options.filter.paper_limit or None], replace(
        options, filter=replace(options.filter, papers="all", paper_limit=0)
    )


def _publications(
    data: SiteData, options: CVOptions, papers: Sequence[model.Publication] | None = None
) -> list[CVGroup]:
    owner = data.profile.name if data.profile else None
    authors = rp.AuthorLinks.build(owner, data.people, data.profile.aliases if data.profile else ())
    groups = []
    chosen = select_papers(data.publications, options.filter.papers) if papers is None else list(papers)
    if options.filter.paper_limit:
        chosen = chosen[: options.filter.paper_limit]
    owners: dict[str, bool] = {}  # author name -> names the owner (asked once per name)

    def is_owner(name: str) -> bool:
        found = owners.get(name)
        if found is None:
            found = owners[name] = authors.is_owner(name)
        return found

    for year, papers in rp.group_by_year(chosen):
        items = []
        for p in papers:
            names = p.authors or p.editors
            venue = p.venue_line
            listed = [CVAuthor(name, is_owner(name) or index + 1 in p.highlighted) for index, name in enumerate(names)]
            page = options.paper_url(p)
            items.append(
                CVItem(
                    title=p.title,
                    url=page,
                    style="plain",
                    authors=listed,
                    author_runs=author_runs(listed, p.et_al),
                    et_al=p.et_al,
                    text=venue + (f" ({p.award})" if p.award else ""),
                    links=paper_links(p, page),
                    key=p.key,
                    source=_src("publications.bib", p.key),
                )
            )
        groups.append(CVGroup(str(year), items))
    return groups


def _talks(data: SiteData, options: CVOptions) -> list[CVGroup]:
    talks = sorted(data.talks.talks, key=lambda t: model.month_key(t.date), reverse=True)
    if options.filter.talk_months:
        now = options.updated.year * 12 + options.updated.month - 1
        since = now - options.filter.talk_months + 1
        talks = [t for t in talks if (key := model.month_key(t.date))[0] * 12 + key[1] - 1 >= since]
    items = []
    for t in talks:
        kind = f" ({_(model.TALK_TYPE_LABELS[t.type])})" if t.type != "talk" else ""
        lines = [co_presenters_text(t)] if t.co_presenters else []
        items.append(
            CVItem(
                title=t.title or t.venue,
                style="emph" if t.title else "plain",
                text=(t.venue + kind) if t.title else kind.strip(" ()"),
                date=month_year(t.date),
                lines=lines,
                links=[CVLink(_("Link"), t.link)] if t.link else [],
                source=_src("talks.yaml", t.title or t.venue),
            )
        )
    return [CVGroup("", items)] if items else []


def _teaching(data: SiteData) -> list[CVGroup]:
    items = [
        CVItem(
            title=f"{c.code}: {c.name}" if c.code else c.name,
            url=c.link,
            style="plain",
            text=f"{c.role}, {c.institution}",
            date=c.term,
            source=_src("teaching.yaml", c.name),
        )
        for c in data.teaching.courses
    ]
    return [CVGroup("", items)] if items else []


def _students(data: SiteData, options: CVOptions) -> list[CVGroup]:
    people = data.people
    roles = {r.id: r for r in people.roles}
    groups = []
    for role in people.roles:
        members = [m for m in current_members(people) if m.role == role.id]
        items = []
        for m in members:
            facts = [m.program] if m.program else []
            if m.co_advisor:
                facts.append(_("co-advised with {name}").format(name=m.co_advisor))
            items.append(
                CVItem(
                    title=m.name,
                    url=m.url,
                    style="plain",
                    text="; ".join(facts),
                    date=_("since {date}").format(date=month_year(m.start)),
                    source=_src("people.yaml", m.id),
                )
            )
        if items:
            groups.append(CVGroup(role.label, items))
    if options.filter.students == "all":
        items = []
        for m in former_members(people):
            former_role = roles.get(m.role)
            text = (former_role.singular or former_role.label) if former_role else ""
            if m.placement:
                text += f"; {_('next:')} {m.placement}"
            span = f"{month_year(m.start)} – {month_year(m.end)}" if m.end else month_year(m.start)
            items.append(
                CVItem(title=m.name, url=m.url, style="plain", text=text, date=span, source=_src("people.yaml", m.id))
            )
        if items:
            groups.append(CVGroup(_("Former members"), items))
    return groups


def _service(data: SiteData) -> list[CVGroup]:
    groups = []
    for kind, label in model.SERVICE_KINDS.items():
        items = []
        for s in data.service.service:
            if s.kind != kind:
                continue
            what = s.title or ", ".join(s.venues)
            if s.title and s.venues:
                what += ": " + ", ".join(s.venues)
            if s.note:
                what += f", {s.note}"
            items.append(
                CVItem(
                    title=s.role or "",
                    style="strong",
                    text=what,
                    url=s.link,
                    date=", ".join(str(y) for y in s.years),
                    source=_src("service.yaml", s.title or s.role or kind),
                )
            )
        if items:
            groups.append(CVGroup(_(label), items))
    return groups


SECTION_HEADINGS = {
    "positions": "Positions",
    "education": "Education",
    "awards": "Awards and honors",
    "publications": "Publications",
    "talks": "Talks and tutorials",
    "teaching": "Teaching",
    "students": "Students",
    "service": "Service",
}


def cv_document(data: SiteData, options: CVOptions, papers: Sequence[model.Publication] | None = None) -> CVDocument:
    """The CV of the site's owner (``data.profile``) from every record, in the order of
    ``options.filter.sections``; sections without records are left out. `papers`: these papers
    (newest first) instead of the ones the filter selects. Raises CVError without a profile (a CV
    needs its person)."""
    profile = data.profile
    if profile is None:
        raise CVError("profile.yaml is missing: a CV needs the person it is about")
    makers: dict[str, Callable[[], list[CVGroup]]] = {
        "positions": lambda: _positions(data),
        "education": lambda: _education(data),
        "awards": lambda: _awards(data),
        "publications": lambda: _publications(data, options, papers),
        "talks": lambda: _talks(data, options),
        "teaching": lambda: _teaching(data),
        "students": lambda: _students(data, options),
        "service": lambda: _service(data),
    }
    sections = []
    with gc_paused():
        for section_id in options.filter.sections:
            groups = makers[section_id]()
            if groups:
                sections.append(CVSection(section_id, _(SECTION_HEADINGS[section_id]), groups))
    affiliations = [CVLink(a.name, a.url or "") for a in profile.affiliations]
    if profile.organization:
        affiliations.append(CVLink(profile.organization, ""))
    updated = options.updated.date()
    keywords = [profile.name, _("curriculum vitae"), profile.title]
    if profile.organization:
        keywords.append(profile.organization)
    return CVDocument(
        name=profile.name,
        title=profile.title,
        affiliations=affiliations,
        email=profile.email or "",
        homepage=options.homepage,
        links=[CVLink(link.label, link.url) for link in profile.links],
        summary=profile.summary or "",
        updated=updated.isoformat(),
        updated_label=_("Last updated: {date}").format(date=month_year(f"{updated.month:02d}/{updated.year}")),
        language=options.language,
        keywords=keywords,
        paper=options.paper,
        fonts=[*options.fonts, *(name for name in FALLBACK_FONTS if name not in options.fonts)],
        words={
            "page": _("Page"),
            "of": _("of"),
            "cv": _("Curriculum Vitae"),
            "email": _("Email:"),
            "more": _("and {count} more in the full CV"),
        },
        sections=sections,
        short=options.filter != CVFilter() or papers is not None,
        full_cv=options.full_cv,
    )


#: the short CV's sections whose lists it may shorten to fit (each group to at most the same count)
LONG_LISTS = ("talks", "students")


def shorten_lists(document: CVDocument, most: int) -> CVDocument:
    """`document` with each group of :data:`LONG_LISTS` cut to its first `most` items; the section's
    `more` counts what was cut (the full CV has it)."""
    sections = []
    for section in document.sections:
        if section.id in LONG_LISTS:
            cut = sum(max(0, len(group.items) - most) for group in section.groups)
            groups = [CVGroup(group.heading, group.items[:most]) for group in section.groups if group.items[:most]]
            section = replace(section, groups=groups, more=section.more + cut)
        sections.append(section)
    return replace(document, sections=sections)


# --- the PDF ----------------------------------------------------------------------------------

_MISSING_GLYPH = re.compile(r"the text `\"(.+?)\"` could not be displayed with font `\"(.+?)\"`")


def _texts(item: CVItem) -> Iterable[str]:
    yield from (item.title, item.text, item.date, *item.lines, *(a.name for a in item.authors))
    yield from (link.label for link in item.links)


def _unescape(text: str) -> str:
    """The text as typst's message escapes it (Rust's debug form): `\\u{f0b7}` for a character with no
    glyph of its own (a private-use one pasted from a PDF), `\\"`, `\\\\`."""
    return re.sub(r'\\u\{([0-9a-fA-F]{1,6})\}|\\(["\\])', lambda m: m[2] or chr(int(m[1], 16)), text)


def _where(document: CVDocument, text: str) -> list[str]:
    """The records (file, entry) whose text holds `text`; the profile when none does."""
    found = [
        item.source
        for section in document.sections
        for group in section.groups
        for item in group.items
        if any(text in value for value in _texts(item))
    ]
    return list(dict.fromkeys(found)) or ["profile.yaml"]


def typst_pdf(
    document: CVDocument, template: Path, font_paths: Sequence[Path] = (), root: Path | None = None
) -> tuple[bytes, int]:
    """Typeset `document` with the typst `template` as a tagged PDF (PDF/UA-1: structure for screen
    readers, title and language metadata); returns the PDF bytes and its page count.

    Fonts: those embedded in the `typst` package and the folders `font_paths`, never the machine's
    own, so two machines give the same bytes; the creation date is the document's `updated` date.
    Raises CVError naming the record (file and entry) when a character is in none of the fonts
    (e.g. a CJK name) and the settings that add a font, or with typst's message for a broken
    template."""
    import typst

    compiler = typst.Compiler(
        input=str(template),
        root=str(root or template.parent),
        font_paths=[str(path) for path in font_paths],
        ignore_system_fonts=True,
        sys_inputs={"cv": document.to_json()},
    )
    updated = datetime.fromisoformat(document.updated)
    try:
        pdf = compiler.compile(format="pdf", pdf_standards=["ua-1"], timestamp=int(updated.timestamp()))
    except typst.TypstError as err:
        missing = [(_unescape(chars), font) for chars, font in _MISSING_GLYPH.findall(err.diagnostic or str(err))]
        if missing:
            problems = []
            fonts = ", ".join(document.fonts)
            for chars, _font in dict.fromkeys(missing):
                for where in _where(document, chars):
                    codes = ", ".join(f"U+{ord(c):04X}" for c in chars)
                    problems.append(f"{where}: {chars!r} ({codes}) is in none of the CV's fonts ({fonts})")
            raise CVError(
                "; ".join(problems) + "; add a folder of fonts that have these characters with "
                "`labsite_cv_font_paths = ['fonts']` in conf.py and name their family first in `labsite_cv_fonts`"
            ) from None
        raise CVError(f"{template}: typst: {err.message}{''.join('; ' + h for h in err.hints)}") from None
    assert isinstance(pdf, bytes)
    return pdf, page_count(pdf)


#: the short CV's most pages
SHORT_PAGES = 2


def short_cv_pdf(
    data: SiteData,
    options: CVOptions,
    template: Path,
    font_paths: Sequence[Path] = (),
    root: Path | None = None,
    name: str = "cv-short.pdf",
) -> tuple[bytes, int]:
    """The short CV (the records `options.filter` selects) typeset in at most two pages. What does not
    fit is left out, and each section says how much ("and N more in the full CV", :attr:`CVSection.more`):
    when the papers it selects do not fit, the newest of them that fit (fewer and fewer, a quarter at a
    time); when even the other sections overflow, the talks and each group of students are first cut
    to the most items that fit beside the selected papers (:func:`shorten_lists`; 1, 2, 4, ... items,
    then a binary search),
    and only if none fits are the papers cut too. Returns the PDF bytes and its page count; raises
    CVError (naming the file `name`) when two pages cannot hold even the sections' headings, or as
    :func:`typst_pdf`."""
    chosen, options = short_cv_papers(data, options)
    limit = len(chosen)
    documents: dict[int, CVDocument] = {}

    typeset_before: dict[tuple[int, int | None], tuple[bytes, int]] = {}

    def typeset(count: int, most: int | None = None) -> tuple[bytes, int]:
        if (count, most) in typeset_before:
            return typeset_before[count, most]
        document = documents.get(count)
        if document is None:
            document = documents[count] = cv_document(data, options, papers=chosen[:count])
            for section in document.sections:
                if section.id == "publications":
                    section.more = limit - count
        if most is not None:
            document = shorten_lists(document, most)
        found = typeset_before[count, most] = typst_pdf(document, template, font_paths, root=root)
        return found

    def most_papers(most: int | None) -> tuple[bytes, int] | None:
        """The PDF with the most papers (at most `limit`) that fits, None if none does."""
        count = limit
        while True:
            pdf, pages = typeset(count, most)
            if pages <= SHORT_PAGES:
                return pdf, pages
            if count == 0:
                return None
            # first whether it fits at all (one try, not every count)
            if count == limit and count > 1 and typeset(0, most)[1] > SHORT_PAGES:
                return None
            count = max(0, count - max(1, count // 4))

    found = most_papers(None)
    if found is not None:
        return found
    # the other sections alone overflow: the most items per long list that fit beside the papers
    longest = max(
        (
            len(group.items)
            for section in documents[limit].sections
            if section.id in LONG_LISTS
            for group in section.groups
        ),
        default=0,
    )
    # galloping (1, 2, 4, ... items) and then halving: two pages hold few items, so every try is short
    low, high, best, step = 0, longest - 1, None, 1
    while step <= high:
        pdf, pages = typeset(limit, step)
        if pages > SHORT_PAGES:
            high = step - 1
            break
        low, best, step = step + 1, (pdf, pages), step * 2
    while low <= high:
        middle = (low + high) // 2
        pdf, pages = typeset(limit, middle)
        if pages <= SHORT_PAGES:
            low, best = middle + 1, (pdf, pages)
        else:
            high = middle - 1
    if best is None and longest:
        best = most_papers(0)
    if best is None:
        pdf, pages = typeset(0, 0)
        raise CVError(
            f"{name} has {pages} pages without any paper, talk or student; expected at most {SHORT_PAGES}: "
            "show fewer sections with `labsite_cv_short_sections` in conf.py"
        )
    return best


def page_count(pdf: bytes) -> int:
    """The page count of a PDF as typst writes it (the page tree's `/Count`); 0 if not found."""
    found = re.search(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)
    return int(found.group(1)) if found else 0


# --- JSON Resume --------------------------------------------------------------------------------


def _iso(value: int | str) -> str:
    """A year or MM/YYYY -> JSON Resume's ISO 8601 (`2023` or `2023-07`)."""
    year, month = model.date_key(value)
    return f"{year}-{month:02d}" if month else str(year)


def json_resume(data: SiteData, options: CVOptions, canonical: str = "") -> dict[str, Any]:
    """The records as a JSON Resume v1.0.0 document (https://jsonresume.org/schema): basics (no
    e-mail: the site writes it obfuscated only; no address), work (positions and internships, roles
    as highlights), volunteer (service), education, awards (one per year), publications, projects,
    meta. Talks, teaching and students have no place in the schema and are left out."""
    profile = data.profile
    if profile is None:
        raise CVError("profile.yaml is missing: a CV needs the person it is about")
    basics: dict[str, Any] = {"name": profile.name, "label": profile.title}
    if options.homepage:
        basics["url"] = options.homepage
    if profile.summary:
        basics["summary"] = profile.summary
    basics["profiles"] = [{"network": link.label, "url": link.url} for link in profile.links if link.profile]
    work = []
    for p in newest_positions(data.experience.positions):
        entry: dict[str, Any] = {"name": p.organization, "position": p.position, "startDate": _iso(p.start)}
        if p.end is not None:
            entry["endDate"] = _iso(p.end)
        if p.location:
            entry["location"] = p.location
        if p.url:
            entry["url"] = p.url
        summary = [p.note] if p.note else []
        if p.supervisor:
            summary.insert(0, _("with {name}").format(name=p.supervisor))
        if p.internship:
            summary.append(_("internship"))
        if summary:
            entry["summary"] = "; ".join(summary)
        if p.roles:
            entry["highlights"] = [f"{r.title}, {span_text(r.start, r.end)}" for r in p.roles]
        work.append(entry)
    volunteer = []
    for s in data.service.service:
        what = s.title or ", ".join(s.venues)
        entry = {"organization": what, "position": s.role or _(model.SERVICE_KINDS[s.kind])}
        if s.link:
            entry["url"] = s.link
        if s.years:
            entry["startDate"], entry["endDate"] = str(min(s.years)), str(max(s.years))
        if s.venues and s.title:
            entry["highlights"] = list(s.venues)
        if s.note:
            entry["summary"] = s.note
        volunteer.append(entry)
    education = []
    for d in sorted(profile.education, key=lambda d: -d.year):
        entry = {"institution": d.institution, "studyType": d.degree, "endDate": str(d.year)}
        if d.field:
            entry["area"] = d.field
        if d.start:
            entry["startDate"] = str(d.start)
        if d.dissertation_url:
            entry["url"] = d.dissertation_url
        education.append(entry)
    awards = [
        {"title": a.title, "date": str(year), **({"url": a.url} if a.url else {})}
        for a in sorted(profile.awards, key=lambda a: -a.year)
        for year in sorted(a.years, reverse=True)
    ]
    papers = []
    for paper in rp.sort_publications(data.publications):
        entry = {
            "name": paper.title,
            "releaseDate": f"{paper.year}-{paper.month:02d}" if paper.month else str(paper.year),
        }
        if paper.venue:
            entry["publisher"] = paper.venue
        url = options.paper_url(paper) or paper.doi_url or paper.arxiv_url or paper.url
        if url:
            entry["url"] = url
        names = ", ".join(paper.authors) + (" et al." if paper.et_al else "")
        if names:
            entry["summary"] = names
        papers.append(entry)
    projects = [
        {"name": project.name, "description": project.description, "url": project.link}
        for project in data.projects.projects
    ]
    resume: dict[str, Any] = {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": basics,
        "work": work,
        "volunteer": volunteer,
        "education": education,
        "awards": awards,
        "publications": papers,
        "projects": projects,
        "meta": {"version": "v1.0.0", "lastModified": options.updated.strftime("%Y-%m-%dT%H:%M:%S")},
    }
    if canonical:
        resume["meta"]["canonical"] = canonical
    plain: dict[str, Any] = json.loads(json.dumps(resume, default=str))  # translated words as plain strings
    return plain
