"""Typed records for every kind of data the site shows.

The models are the single declaration of each data file's schema: the build
validates against them and `python -m labsite.schemas` writes the JSON Schema
files that editors use for completion and checking while typing.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from html import escape as html_escape
from typing import Annotated, Literal
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic.alias_generators import to_snake

from .paths import clean_path

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
LINK_SCHEMES = ("http", "https", "mailto")


def _kebab(name: str) -> str:
    return to_snake(name).replace("_", "-")


#: what :func:`_plain_text` refuses: the control characters (Unicode category Cc: U+0000-U+001F and
#: U+007F-U+009F) but tab and newline, and Unicode's noncharacters (U+FDD0-U+FDEF and the last two code
#: points of each plane); one regular expression finds them in a long abstract at once
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)


def _plain_text(value: str) -> str:
    if _NOT_TEXT.search(value) is not None:  # rare: then find the character to name
        bad = [ch for ch in value if unicodedata.category(ch) == "Cc" and ch not in "\t\n"]
        if bad:
            raise ValueError(f"contains a control character ({bad[0]!r}); expected plain text")
        # Unicode's noncharacters (U+FFFE, U+FFFF, ...): not text (YAML and XML refuse them; no font has them)
        bad = [ch for ch in value if 0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) & 0xFFFE == 0xFFFE]
        if bad:
            raise ValueError(f"contains a noncharacter (U+{ord(bad[0]):04X}); remove it (a copy-paste put it there)")
    unclosed = _unclosed_bidi(value) if _DIRECTION.search(value) is not None else None
    if unclosed:
        name = unicodedata.name(unclosed).lower()
        raise ValueError(
            f"contains a {name} (U+{ord(unclosed):04X}) that is never closed; it would turn around the text shown "
            "after it on the page: remove it (a copy-paste put it there)"
        )
    return " ".join(value.split())


#: Unicode's explicit directional embeddings and overrides (closed by U+202C) and isolates (closed by U+2069)
_EMBEDDINGS, _ISOLATES = "\u202a\u202b\u202d\u202e", "\u2066\u2067\u2068"
_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _unclosed_bidi(value: str) -> str | None:
    """The first explicit directional formatting character of `value` left open at its end, or None.

    Such a character reorders all that follows it up to the end of the paragraph (Unicode's
    Bidirectional Algorithm, UAX #9, 3.3.2), which on a page is the rest of the list entry or page
    section: the "Trojan Source" spoofing (CVE-2021-42574). Closed ones, e.g. a right-to-left name in
    U+2067 ... U+2069, only affect their own text and are kept. Pairing as in UAX #9: U+202C closes the
    latest embedding or override; U+2069 closes the latest isolate and whatever is open inside it."""
    open_: list[str] = []
    for ch in value:
        if ch in _EMBEDDINGS or ch in _ISOLATES:
            open_.append(ch)
        elif ch == "\u202c" and open_ and open_[-1] in _EMBEDDINGS:
            open_.pop()
        elif ch == "\u2069" and any(c in _ISOLATES for c in open_):
            while open_.pop() not in _ISOLATES:
                pass
    return open_[0] if open_ else None


def _check_link(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in LINK_SCHEMES:
        found = f"scheme {parts.scheme!r}" if parts.scheme else "no scheme"
        raise ValueError(f"link {value!r} has {found}; expected an http, https or mailto URL")
    if parts.scheme != "mailto" and not parts.netloc:
        raise ValueError(f"link {value!r} has no host; expected e.g. https://example.org/")
    if re.search(r"[\s<>\"`\\]", value):
        raise ValueError(f'link {value!r} contains a space or one of < > " ` \\')
    return value


class FieldValueError(ValueError):
    """A record-level check that is about one field: problems then name that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _check_obfuscated_email(value: str) -> str:
    if "@" in value:
        raise ValueError(
            f"{value!r} is a plain e-mail address, which spam harvesters collect from public pages; "
            "expected it obfuscated, e.g. 'name AT example.org'"
        )
    return value


def _check_month_year(value: str) -> str:
    if not re.fullmatch(r"(0[1-9]|1[0-2])/\d{4}", value):
        raise ValueError(f"date {value!r} is not a month; expected MM/YYYY, e.g. 09/2024")
    return value


Text = Annotated[str, AfterValidator(_plain_text), StringConstraints(min_length=1)]
Link = Annotated[
    str,
    AfterValidator(_check_link),
    WithJsonSchema(
        {"type": "string", "format": "uri", "pattern": '^(https?://[^\\s<>"`\\\\]+|mailto:[^\\s<>"`\\\\]+)$'}
    ),
]
MonthYear = Annotated[
    str,
    AfterValidator(_check_month_year),
    WithJsonSchema({"type": "string", "pattern": "^(0[1-9]|1[0-2])/[0-9]{4}$", "examples": ["09/2024"]}),
]
ObfuscatedEmail = Annotated[
    Text,
    AfterValidator(_check_obfuscated_email),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": "^[^@]+$", "examples": ["name AT example.org"]}),
]
#: a path of a file of the site, from data: relative, inside the site's folders (labsite.data.paths)
SitePath = Annotated[
    str,
    AfterValidator(clean_path),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": "^(?![/.])(?!.*(^|/)\\.)(?!.*[\\\\<>])[^:]*$"}),
]
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=100)]  # a page name: not too long
DblpHomonym = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{4}$"),
    Field(
        description="DBLP's 4-digit number for this person among people of the same name (`0001` in "
        "`Hao Zhang 0001`): an author written with another number is someone else.",
        examples=["0001"],
    ),
]
Year = Annotated[
    int,
    Field(ge=1000, le=2999),
    # the build also takes a quoted year ("2023"), so editors must too
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 2999},
                {"type": "string", "pattern": "^[12][0-9]{3}$"},
            ]
        }
    ),
]


def _check_year_or_month(value: object) -> int | str:
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999:
        return value
    if isinstance(value, str):
        if re.fullmatch(r"[12][0-9]{3}", value.strip()):
            return int(value)
        if re.fullmatch(r"(0[1-9]|1[0-2])/\d{4}", value.strip()):
            return value.strip()
    raise ValueError(f"date {value!r} is neither a year nor a month; expected YYYY or MM/YYYY, e.g. 2023 or 07/2023")


#: a year (`2023`) or a month (`"07/2023"`), for dates a CV gives either way
YearOrMonth = Annotated[
    int | str,
    PlainValidator(_check_year_or_month),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 2999},
                {"type": "string", "pattern": "^([12][0-9]{3}|(0[1-9]|1[0-2])/[0-9]{4})$"},
            ],
            "examples": [2023, "07/2023"],
        }
    ),
]


def date_key(value: int | str) -> tuple[int, int]:
    """A year or `MM/YYYY` -> (year, month) for sorting; a bare year sorts as month 0."""
    return (value, 0) if isinstance(value, int) else month_key(value)


def date_year(value: int | str) -> int:
    """The year of a year or of a `MM/YYYY` month."""
    return date_key(value)[0]


def month_key(value: str) -> tuple[int, int]:
    """`MM/YYYY` -> (year, month), for sorting and comparing."""
    month, year = value.split("/")
    return int(year), int(month)


def month_label(value: str) -> str:
    """`09/2024` -> `September 2024`."""
    year, month = month_key(value)
    return f"{MONTH_NAMES[month - 1]} {year}"


class Record(BaseModel):
    """Base of every record: unknown fields are errors, fields are kebab-case in files."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=_kebab, populate_by_name=True, defer_build=True
    )


# --- the lab lead ---------------------------------------------------------------------------


class NamedLink(Record):
    label: Text
    url: Link
    profile: bool = Field(
        True, description="The person's own profile (search engines' `sameAs`); false for an organisation's page."
    )


class Affiliation(Record):
    name: Text
    url: Link | None = None


class Lab(Record):
    name: Text
    url: Link | None = None


class Award(Record):
    title: Text
    year: Year = Field(description="The (latest) year it was received.")
    other_years: list[Year] = Field([], description="Earlier years, for an award received more than once.")
    url: Link | None = None

    @property
    def years(self) -> list[int]:
        """Every year it was received, oldest first."""
        return sorted({*self.other_years, self.year})


class Degree(Record):
    degree: Text = Field(description="The degree as abbreviated, e.g. 'Ph.D.', 'M.S.', 'B.E.'.")
    field: Text | None = Field(None, description="e.g. 'Computer Science': shown as '<degree> in <field>'.")
    institution: Text
    department: Text | None = Field(None, description="School or department, e.g. 'School of Computer Science'.")
    start: Year | None = None
    year: Year = Field(description="The year the degree was (or will be) awarded.")
    advisor: Text | None = None
    dissertation: Text | None = Field(None, description="Title of the dissertation or thesis.")
    dissertation_url: Link | None = None
    note: Text | None = Field(None, description="e.g. an honours programme.")

    @property
    def label(self) -> str:
        """`Ph.D. in Computer Science` (or the degree alone without a field)."""
        return f"{self.degree} in {self.field}" if self.field else self.degree


class Profile(Record):
    """The person the site is about (profile.yaml)."""

    name: Text
    aliases: list[Text] = Field(
        [], description="Other spellings of the name in author lists (a former name, a transliteration)."
    )
    title: Text
    affiliations: list[Affiliation] = []
    organization: Text | None = None
    lab: Lab | None = None
    email: ObfuscatedEmail | None = Field(None, description="Shown as written; write it obfuscated.")
    photo: SitePath | None = Field(None, description="Image path relative to the pages folder.")
    photo_alt: Text | None = None
    cv: SitePath | None = Field(None, description="File path relative to the pages folder.")
    summary: Text | None = Field(None, description="A paragraph on the research interest, opening the CV.")
    dblp_homonym: DblpHomonym | None = None
    links: list[NamedLink] = []
    awards: list[Award] = []
    education: list[Degree] = []


# --- people ---------------------------------------------------------------------------------


class Role(Record):
    id: Slug
    label: Text = Field(description="Heading for the group, e.g. 'PhD students'.")
    singular: Text | None = Field(None, description="One member's role, e.g. 'PhD student'.")


class Member(Record):
    id: Slug
    name: Text
    # any text: a role that is not one of `roles` (a typo such as `phD`) is reported by the check across
    # records, which lists the roles there are (labsite.data.dataset), not as a malformed id
    role: Annotated[str, StringConstraints(min_length=1, max_length=100)] = Field(
        description="The id of one of the `roles` of the file, e.g. 'phd'."
    )
    co_advisor: Text | None = None
    program: Text | None = Field(None, description="Degree programme, e.g. 'CS' or 'ECE' (shown with the role).")
    url: Link | None = None
    start: MonthYear
    end: MonthYear | None = Field(None, description="Omit for current members.")
    former: bool = Field(False, description="A former member whose end date is not known (with `end`, it is implied).")
    placement: Text | None = None
    aliases: list[Text] = Field([], description="Other spellings of the name in author lists.")
    dblp_homonym: DblpHomonym | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Member:
        if self.end and month_key(self.end) < month_key(self.start):
            raise FieldValueError("end", f"end {self.end} is before start {self.start}; expected a later end")
        return self

    @property
    def is_current(self) -> bool:
        """Current unless the member has an end date or is marked `former`."""
        return self.end is None and not self.former


class People(Record):
    """Lab members and the roles that group them (people.yaml)."""

    roles: list[Role]
    members: list[Member] = []


# --- talks, projects, research, teaching, career ----------------------------------------------


#: talk type (the `type` field) -> its English label; pages translate it (labsite.locale)
TALK_TYPE_LABELS = {"talk": "Talk", "tutorial": "Tutorial", "panel": "Panel", "keynote": "Keynote"}


class Talk(Record):
    id: Slug | None = Field(None, description="Defaults to the date and venue.")
    type: Literal["talk", "tutorial", "panel", "keynote"]
    venue: Text
    date: MonthYear
    title: Text | None = None
    co_presenters: tuple[Text, ...] = Field((), description="Names of the people who gave it with the owner.")
    link: Link | None = None


class Talks(Record):
    talks: list[Talk] = []


class Project(Record):
    id: Slug
    name: Text
    description: Text
    link: Link
    active: bool = True


class Projects(Record):
    projects: list[Project] = []


class AreaProject(Record):
    name: Text
    description: Text | None = Field(
        None, description="One line on the card; else that of the open-source project of the same name, if any."
    )
    link: Link | None = None
    papers: list[str] = Field([], description="Citation keys in publications.bib.")
    hidden: bool = False


class Area(Record):
    id: Slug
    name: Text
    projects: list[AreaProject] = []


class ResearchAreas(Record):
    areas: list[Area] = []


class Course(Record):
    name: Text
    code: Text | None = None
    institution: Text
    term: Text
    role: Text
    link: Link | None = None


class Teaching(Record):
    courses: list[Course] = []


def _check_span(start: int | str, end: int | str | None) -> None:
    """`end` not before `start`; a bare year is compared by year only."""
    if end is None:
        return
    both_months = isinstance(start, str) and isinstance(end, str)
    before = date_key(end) < date_key(start) if both_months else date_year(end) < date_year(start)
    if before:
        raise FieldValueError("end", f"end {end} is before start {start}; expected a later end")


class PositionRole(Record):
    """One title held within a position (e.g. successive roles at one company)."""

    title: Text
    start: YearOrMonth
    end: YearOrMonth | None = Field(None, description="Omit while the role lasts.")
    note: Text | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> PositionRole:
        _check_span(self.start, self.end)
        return self


class Position(Record):
    position: Text
    organization: Text
    location: Text | None = Field(None, description="City, e.g. 'Pittsburgh'.")
    start: YearOrMonth = Field(description="A year (2023) or a month (07/2023).")
    end: YearOrMonth | None = Field(None, description="Omit while the position lasts.")
    supervisor: Text | None = Field(None, description="Shown as 'with <name>', e.g. a postdoc's host.")
    internship: bool = False
    url: Link | None = None
    note: Text | None = None
    roles: list[PositionRole] = Field([], description="Titles held within the position, each with its dates.")

    @model_validator(mode="after")
    def _end_after_start(self) -> Position:
        _check_span(self.start, self.end)
        return self

    @property
    def start_year(self) -> int:
        """The year the position started (from its ``YYYY`` or ``MM/YYYY`` date)."""
        return date_year(self.start)

    @property
    def end_year(self) -> int | None:
        """The year the position ended, or None while it lasts."""
        return None if self.end is None else date_year(self.end)


class Experience(Record):
    positions: list[Position] = []


#: service kind (the `kind` field) -> its English heading; pages translate it (labsite.locale)
SERVICE_KINDS = {
    "founding": "Founding",
    "organizing": "Organizing",
    "committee": "Department and university committees",
    "program-committee": "Area chair and program committees",
    "reviewing": "Reviewing",
    "volunteering": "Volunteering",
}


class ServiceRole(Record):
    kind: Literal["founding", "organizing", "committee", "program-committee", "reviewing", "volunteering"]
    role: Text | None = Field(None, description="e.g. 'Organizer', 'Area chair', 'Cofounder and advisor'.")
    title: Text | None = Field(None, description="What was served: an event, a committee, an organisation.")
    venues: list[Text] = Field([], description="Conferences or journals (program committees, reviewing).")
    years: list[Year] = []
    link: Link | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _says_what(self) -> ServiceRole:
        if not self.title and not self.venues:
            raise FieldValueError("title", "neither `title` nor `venues` is given; expected at least one")
        return self


class Service(Record):
    """Professional service by kind (service.yaml)."""

    service: list[ServiceRole] = []


class Topic(Record):
    id: Slug
    label: Text


class Topics(Record):
    topics: list[Topic] = []


# --- news ---------------------------------------------------------------------------------------


#: the page a news item may link to: a document of the pages folder, as written in a toctree
DOCNAME_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$"


def _check_news_text(value: str) -> str:
    """News text's links go where link fields may (full http, https or mailto URLs): Markdown would show
    any other (`javascript:`, `file:`) as its source text, and a path (`people/`, `/cv/`, `about.md`) would
    be copied as written into the home page, the news page and the feed, where it leads to a different
    place from each (or, on a site served below a path such as Read the Docs' `/en/latest/`, to none):
    a page of the site is linked with the item's `page` field. No images: every visitor's browser and
    feed reader would fetch one from its server."""
    parser = MarkdownIt("commonmark", {"html": False})
    # see every link (the page's renderer refuses the bad ones, showing them as text)
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    problems, paths = [], []
    for token in parser.parseInline(value)[0].children or []:
        if token.type == "image":
            problems.append(f"shows an image ({token.attrGet('src')!r}); news text takes no images: link it")
        if token.type != "link_open":
            continue
        href = str(token.attrGet("href") or "")
        try:
            if urlsplit(href).scheme:
                _check_link(href)
            else:
                paths.append(repr(href))
        except ValueError as err:
            problems.append(str(err))
    if paths:
        problems.append(
            f"links {', '.join(paths)}, not {'a full address' if len(paths) == 1 else 'full addresses'}; the "
            "item is shown on several pages and in the news feed, where a path leads elsewhere from each: write "
            "the full https:// address, or link a page of this site with `page:` (its path in the pages folder, "
            "e.g. `page: people/index`)"
        )
    if problems:
        raise ValueError("; ".join(problems))
    return value


class NewsItem(Record):
    """One news item written by hand. Items derived from other records (a new paper, a talk, an award,
    a member joining or leaving) are not written here: :mod:`labsite.content.news` makes them."""

    id: Slug | None = Field(
        None,
        description="Keeps the item's anchor and feed id when its date or link changes "
        "(without it: the date and the id of what it links).",
    )
    date: datetime.date = Field(description="The day, as YYYY-MM-DD.", examples=["2025-03-14"])
    text: Annotated[Text, AfterValidator(_check_news_text)] = Field(
        description="Inline Markdown (emphasis, code, [links](https://example.org/)), no images."
    )
    paper: str | None = Field(None, description="The citation key of a paper in publications.bib it is about.")
    talk: Slug | None = Field(None, description="The id of a talk in talks.yaml it is about.")
    member: Slug | None = Field(None, description="The id of a member in people.yaml it is about.")
    page: Annotated[str, StringConstraints(pattern=DOCNAME_PATTERN)] | None = Field(
        None, description="A page of the site it links to, from the pages folder without suffix (`people/join`)."
    )


class News(Record):
    """News items written by hand (news.yaml); newest or oldest first, as you like."""

    news: list[NewsItem] = []


# --- publications (from BibTeX) ---------------------------------------------------------------


class Publication(Record):
    """One paper, read from a BibTeX entry (field names as in BibTeX). Text fields are Unicode
    (LaTeX decoded); the `*_html` fields keep LaTeX emphasis as `<em>` and are escaped HTML."""

    key: str
    entry_type: str
    title: Text
    title_html: str = ""
    authors: list[Text] = []
    et_al: bool = Field(False, description="The author list ended with `and others`.")
    editors: list[Text] = []
    highlighted: list[int] = Field([], description="1-based positions of authors written in bold (\\textbf).")
    marks: dict[int, str] = Field(
        {}, description="1-based position -> marks typed after the author's name (`*`, `†`), in order."
    )
    homonyms: dict[int, str] = Field({}, description="1-based position -> the author's DBLP homonym number.")
    year: Year | None = Field(None, description="None only for a forthcoming paper (`year = {to appear}`).")
    month: int | None = Field(None, ge=1, le=12)
    day: int | None = Field(None, ge=1, le=31, description="The day, when `month` or `date` gives one.")
    forthcoming: bool = Field(
        False, description="Accepted, not yet out: biblatex's `pubstate = {forthcoming}` or `year = {to appear}`."
    )
    venue: Text | None = None
    venue_html: str = ""
    abbr: Text | None = None
    doi: str | None = None
    arxiv: str | None = Field(None, description="arXiv identifier, e.g. 2306.01234.")
    arxiv_class: str | None = None
    pdf: Link | None = None
    pdf_file: str | None = Field(
        None, description="al-folio's relative `pdf`: a file in the site's files folder (`labsite_files_dir`)."
    )
    local_links: dict[str, str] = Field(
        {},
        description="al-folio's relative links other than `pdf` (`html = {relativity.html}`): link field -> "
        "a file of the site's files folder or a page of the site.",
    )
    preview: str | None = Field(
        None, description="al-folio's preview thumbnail: an image in the site's images folder (`labsite_previews_dir`)."
    )
    code: Link | None = None
    video: Link | None = None
    slides: Link | None = None
    project: Link | None = None
    url: Link | None = None
    html: Link | None = None
    website: Link | None = None
    supp: Link | None = None
    poster: Link | None = None
    blog: Link | None = None
    abstract: Text | None = None
    abstract_html: str = ""
    award: Text | None = None
    topics: list[Text] = []
    selected: bool = False
    equal: list[int] = Field([], description="1-based positions of equal-contribution authors.")
    publisher: Text | None = None
    institution: Text | None = None
    number: str | None = None
    isbn: str | None = None
    issn: str | None = Field(None, description="The ISSN of the journal or series (ACM's and IEEE Xplore's `issn`).")
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    article_number: str | None = Field(
        None,
        description="The article's number in its journal or proceedings, which it has instead of pages "
        "(ACM's `articleno`, biblatex's and NASA ADS's `eid`).",
    )
    number_of_pages: str | None = Field(
        None, description="How many pages the paper has (ACM's `numpages`, biblatex's `pagetotal`)."
    )
    series: Text | None = Field(
        None, description="A conference paper's proceedings series, its short name (ACM's `SOSP '23`)."
    )
    publisher_place: Text | None = Field(None, description="Where the publisher is (BibTeX's `address`).")
    bibtex: str = ""
    line: int | None = Field(None, description="Line of the entry in the BibTeX file (for messages).")

    @property
    def venue_line(self) -> str:
        """Venue and year as shown: `NeurIPS 2022`; the year once when the venue already has it
        (DBLP's `..., October 2022`); the year alone without a venue; the venue alone (or nothing) for
        a forthcoming paper without a year."""
        if self.year is None:
            return self.venue or ""
        if not self.venue:
            return str(self.year)
        if re.search(rf"(?<![\w-]){self.year}(?![\w-])", self.venue):
            return self.venue
        return f"{self.venue} {self.year}"

    @property
    def venue_line_html(self) -> str:
        """`venue_line` as HTML (emphasis kept)."""
        venue = self.venue_html or (self.venue and html_escape(self.venue)) or ""
        if self.year is None:
            return venue
        if not venue:
            return str(self.year)
        return venue if self.venue_line == self.venue else f"{venue} {self.year}"

    @property
    def doi_url(self) -> str | None:
        """``https://doi.org/<doi>``, or None without a DOI."""
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def arxiv_url(self) -> str | None:
        """``https://arxiv.org/abs/<id>``, or None without an arXiv id."""
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None
