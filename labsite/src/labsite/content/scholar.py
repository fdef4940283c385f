"""Machine-readable metadata for one paper's page: Google Scholar `citation_*` meta tags (Highwire Press
style, https://scholar.google.com/intl/en/scholar/inclusion.html#indexing) and schema.org
`ScholarlyArticle` JSON-LD. No Sphinx here."""

from __future__ import annotations

import json
from html import escape

from ..data import model

#: BibTeX entry type -> the meta tag that names where the paper appeared
VENUE_TAGS = {
    "inproceedings": "citation_conference_title",
    "conference": "citation_conference_title",
    "proceedings": "citation_conference_title",
    "article": "citation_journal_title",
    "phdthesis": "citation_dissertation_institution",
    "mastersthesis": "citation_dissertation_institution",
    "techreport": "citation_technical_report_institution",
}


def _meta(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{escape(content, quote=True)}">'


def publication_date(publication: model.Publication) -> str:
    """Scholar's date format: the year of publication (the venue's year; `date` may be the preprint's)."""
    return str(publication.year)


def citation_meta_tags(publication: model.Publication, institution: str | None = None) -> list[str]:
    tags = [_meta("citation_title", publication.title)]
    tags += [_meta("citation_author", author) for author in publication.authors]
    tags.append(_meta("citation_publication_date", publication_date(publication)))
    tag = VENUE_TAGS.get(publication.entry_type)
    venue = publication.venue
    if tag in ("citation_dissertation_institution",) and venue.startswith("PhD thesis, "):
        venue = venue.removeprefix("PhD thesis, ")
    if tag and venue:
        tags.append(_meta(tag, venue))
    if publication.pdf:
        tags.append(_meta("citation_pdf_url", publication.pdf))
    return tags


def json_ld(publication: model.Publication, page_url: str | None) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": publication.title[:110],
        "name": publication.title,
        "author": [{"@type": "Person", "name": author} for author in publication.authors],
        "datePublished": publication_date(publication),
        "isPartOf": {
            "@type": "Periodical" if publication.entry_type == "article" else "CreativeWork",
            "name": publication.venue,
        },
    }
    if page_url:
        data["url"] = page_url
        data["mainEntityOfPage"] = page_url
    if publication.pdf:
        data["encoding"] = {"@type": "MediaObject", "contentUrl": publication.pdf, "encodingFormat": "application/pdf"}
    same_as = [u for u in (publication.url, publication.project) if u]
    if same_as:
        data["sameAs"] = same_as
    if publication.code:
        data["workExample"] = {"@type": "SoftwareSourceCode", "codeRepository": publication.code}
    if publication.topics:
        data["keywords"] = ", ".join(publication.topics)
    if publication.award:
        data["award"] = publication.award
    return data


def json_ld_script(publication: model.Publication, page_url: str | None) -> str:
    """The JSON-LD in a script element; `<`, `>` and `&` are escaped so the data cannot end the element."""
    text = json.dumps(json_ld(publication, page_url), ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def head_html(publication: model.Publication, page_url: str | None) -> str:
    return "\n".join([*citation_meta_tags(publication), json_ld_script(publication, page_url)])
