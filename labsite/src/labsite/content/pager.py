"""The one pager of long lists (publications, talks, members): links to every page of a list. No Sphinx here."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..locale import _


def pager_html(hrefs: Sequence[str], current: int, label: str, notes: Sequence[str] | None = None) -> str:
    """A ``<nav>`` linking every page of a list, page ``current`` (1-based) marked with ``aria-current``.

    ``hrefs`` are the pages' addresses relative to the page the pager is on (one per page); ``label``
    names the list for screen readers; ``notes`` (one per page, e.g. the years a page covers) are shown
    after each "Page n". Returns "" for a list of one page.
    """
    if len(hrefs) < 2:
        return ""
    items = []
    for number, href in enumerate(hrefs, 1):
        text = escape(_("Page {number}").format(number=number))
        if notes:
            text += f' <span class="labsite-count">({escape(notes[number - 1])})</span>'
        if number == current:
            items.append(f'<li><span aria-current="page" class="labsite-current">{text}</span></li>')
        else:
            items.append(f'<li><a href="{escape(href)}">{text}</a></li>')
    return f'<nav class="labsite-pager" aria-label="{escape(label)}"><ul>{"".join(items)}</ul></nav>'
