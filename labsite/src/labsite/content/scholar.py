"""Machine-readable metadata for one paper's page: Google Scholar `citation_*` meta tags (Highwire Press
style, https://scholar.google.com/intl/en/scholar/inclusion.html#indexing) and schema.org
`ScholarlyArticle` JSON-LD. No Sphinx here."""

from __future__ import annotations

from html import escape
from typing import Any

from ..data import model
from ..data.kinds import kind
from . import jsonld
from .publications import same_as_shown

#: BibTeX entry type -> the meta tag that names where the paper appeared
VENUE_TAGS = {
    "inproceedings": "citation_conference_title",
    "conference": "citation_conference_title",
    "article": "citation_journal_title",
    "incollection": "citation_inbook_title",
    "inbook": "citation_inbook_title",
}
#: BibTeX entry type -> the tag naming the institution (Scholar's tags for theses and reports)
INSTITUTION_TAGS = {
    "phdthesis": "citation_dissertation_institution",
    "mastersthesis": "citation_dissertation_institution",
    "thesis": "citation_dissertation_institution",
    "techreport": "citation_technical_report_institution",
    "report": "citation_technical_report_institution",
}
#: BibTeX entry type -> schema.org type (https://schema.org/CreativeWork subtypes)
SCHEMA_TYPES = {
    "book": "Book",
    "proceedings": "Book",
    "collection": "Book",
    "inbook": "Chapter",
    "incollection": "Chapter",
    "phdthesis": "Thesis",
    "mastersthesis": "Thesis",
    "thesis": "Thesis",
    "techreport": "Report",
    "report": "Report",
}


def _meta(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{escape(content, quote=True)}">'


def publication_date(publication: model.Publication, separator: str = "/") -> str | None:
    """Scholar's date format: the year of publication (the venue's year; `date` may be the preprint's),
    or the whole date `2024/07/10` when the entry gives the day (`month = {July~10}`); `separator` "-"
    gives schema.org's ISO 8601 form. None for a forthcoming paper without a year."""
    if publication.year is None:
        return None
    if publication.month and publication.day:
        return f"{publication.year:04d}{separator}{publication.month:02d}{separator}{publication.day:02d}"
    return str(publication.year)


def citation_meta_tags(publication: model.Publication, pdf_url: str | None = None) -> list[str]:
    """Google Scholar's `citation_*` tags (plain text: LaTeX decoded, emphasis dropped). `pdf_url`: the
    absolute URL of a PDF the site serves itself (al-folio's relative `pdf`)."""
    tags = [_meta("citation_title", publication.title)]
    # names only: marks typed into them (`*`, `$^\dagger$`) and DBLP's numbers are kept apart when read
    tags += [_meta("citation_author", author) for author in publication.authors or publication.editors]
    if (date := publication_date(publication)) is not None:
        tags.append(_meta("citation_publication_date", date))
    tag = VENUE_TAGS.get(publication.entry_type)
    if tag and publication.venue and not publication.venue.startswith("arXiv:"):
        tags.append(_meta(tag, publication.venue))
    institution_tag = INSTITUTION_TAGS.get(publication.entry_type)
    if institution_tag and publication.institution:
        tags.append(_meta(institution_tag, publication.institution))
    if publication.entry_type in ("techreport", "report") and publication.number:
        tags.append(_meta("citation_technical_report_number", publication.number))
    for name, value in (
        ("citation_publisher", publication.publisher),
        ("citation_isbn", publication.isbn),
        ("citation_issn", publication.issn),
        ("citation_volume", publication.volume),
        ("citation_issue", publication.issue),
        ("citation_doi", publication.doi),
        ("citation_arxiv_id", publication.arxiv),
    ):
        if value:
            tags.append(_meta(name, value))
    if publication.pages:
        first, _, last = publication.pages.replace("–", "-").partition("-")
        tags.append(_meta("citation_firstpage", first.strip()))
        if last.strip("- "):
            tags.append(_meta("citation_lastpage", last.strip("- ")))
    if publication.abstract:
        tags.append(_meta("citation_abstract", publication.abstract))
    if pdf := publication.pdf or pdf_url:
        tags.append(_meta("citation_pdf_url", pdf))
    return tags


def json_ld(publication: model.Publication, page_url: str | None, pdf_url: str | None = None) -> dict[str, Any]:
    """schema.org data of the paper: the type that fits the entry (ScholarlyArticle, Book, Chapter,
    Thesis, Report), authors, date, venue, PDF, DOI/arXiv as `sameAs`, abstract."""
    schema_type = SCHEMA_TYPES.get(publication.entry_type) or kind("publications").jsonld_type
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "headline": publication.title[:110],
        "name": publication.title,
        "author": [{"@type": "Person", "name": author} for author in publication.authors],
    }
    if (date := publication_date(publication, "-")) is not None:
        data["datePublished"] = date
    if publication.forthcoming:
        data["creativeWorkStatus"] = "Forthcoming"
    if not publication.authors:
        del data["author"]
    if publication.editors:
        data["editor"] = [{"@type": "Person", "name": editor} for editor in publication.editors]
    if publication.venue and schema_type in ("ScholarlyArticle", "Chapter"):
        data["isPartOf"] = {
            "@type": "Periodical" if publication.entry_type == "article" else "CreativeWork",
            "name": publication.venue,
        }
        if publication.issn and publication.entry_type == "article":
            data["isPartOf"]["issn"] = publication.issn
    if publication.institution and schema_type in ("Thesis", "Report"):
        data["sourceOrganization"] = {"@type": "Organization", "name": publication.institution}
    if publication.publisher:
        data["publisher"] = {"@type": "Organization", "name": publication.publisher}
    if publication.isbn:
        data["isbn"] = publication.isbn
    if page_url:
        data["url"] = page_url
        data["mainEntityOfPage"] = page_url
    if publication.pdf or pdf_url:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": publication.pdf or pdf_url,
            "encodingFormat": "application/pdf",
        }
    # a `url` that is one of the paper's other addresses (`arxiv.org/abs/<id>v2`) is not another one
    url = publication.url if publication.url and not same_as_shown(publication.url, publication) else None
    links = (publication.doi_url, publication.arxiv_url, url, publication.project)
    same_as = list(dict.fromkeys(u for u in links if u))
    if same_as:
        data["sameAs"] = same_as
    if publication.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": publication.doi}
    if publication.abstract:
        data["abstract"] = publication.abstract
    if publication.code:
        data["workExample"] = {"@type": "SoftwareSourceCode", "codeRepository": publication.code}
    if publication.topics:
        data["keywords"] = ", ".join(publication.topics)
    if publication.award:
        data["award"] = publication.award
    return data


def json_ld_script(publication: model.Publication, page_url: str | None, pdf_url: str | None = None) -> str:
    """The paper's JSON-LD in a script element (:func:`labsite.content.jsonld.script`)."""
    return jsonld.script(json_ld(publication, page_url, pdf_url))


def head_html(publication: model.Publication, page_url: str | None, pdf_url: str | None = None) -> str:
    """The paper page's `citation_*` tags and JSON-LD (`pdf_url`: see `citation_meta_tags`)."""
    return "\n".join([*citation_meta_tags(publication, pdf_url), json_ld_script(publication, page_url, pdf_url)])
