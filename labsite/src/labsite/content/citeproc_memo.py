"""citeproc-py made fast without changing what it writes: its pure look-ups in a style's XML, memoised.

citeproc-py 0.11.1 walks a CSL style's element tree for every entry it formats, and asks lxml's XPath
the same questions again and again: "the macro named `author`" (`get_macro`), "the term `edition` in
the locale" (`Locale.get_term`), "the enclosing `cs:bibliography`", "does this macro call a
variable" (`calls_variable`, recursively through macros). Profiled on issue 18's corpus, those
look-ups were about half of the time of a citation (`xpath_search` alone about 40 %). Their answers
depend only on the style's and locale's XML, which citeproc-py parses once per style
(:func:`labsite.content.citations._style` keeps the parsed style for the process) and never changes,
except that `cs:names` without a `cs:name` child gets one inserted the first time (a new element, so
a new question, never a changed answer for an element that was asked before).

So :func:`install` wraps three methods in memos keyed by the element asked (lxml keeps one Python
object per XML element while a reference to it lives, which each memo holds) and by the question:

- ``CitationStylesElement.xpath_search(expression)``: the list of elements found (callers only index
  it, test it or unpack it);
- ``Parent.calls_variable()`` and ``Text.calls_variable()``: whether a group's child, through its
  macros, calls a variable (CSL 1.0.2, "Group": the group is left out when none it calls is set).

and one look-up that is pure but slow by its path, not its answer, takes a shorter path:

- ``CitationItem.reference`` (the item's CSL data, asked for by every condition a style tests, about
  140 times a citation): `item.citation.bibliography.source[item.key]` through citeproc-py's
  attribute-to-key dictionaries (three ``__getattr__`` and ``__getitem__`` pairs) read here as the same
  dictionary keys directly; where a key is missing, citeproc-py's own property answers (and raises).

Formatting and everything that depends on the item are untouched, so the output is byte for byte
citeproc-py's (``labsite/tests/unit/test_citations.py`` formats a corpus with and without the memos).
The memos are installed only on the exact version they were written against (:data:`VERSION`); on
any other citeproc-py they are left out and citations are formatted as citeproc-py does, slower.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib.metadata import version
from typing import Any

#: the citeproc-py the memos were checked against (requirements.txt pins it)
VERSION = "0.11.1"

#: (class, method name) -> citeproc-py's own method, while the memos are installed
_ORIGINALS: dict[tuple[Any, str], Callable[..., Any]] = {}


def _memo_method(method: Callable[..., Any]) -> Callable[..., Any]:
    memo: dict[tuple[Any, ...], Any] = {}

    @functools.wraps(method)
    def memoised(self: Any, *args: Any) -> Any:
        key = (self, *args)
        try:
            return memo[key]
        except KeyError:
            found = memo[key] = method(self, *args)
            return found

    memoised.memo = memo  # type: ignore[attr-defined]
    return memoised


def _reference(self: Any) -> Any:
    """``CitationItem.reference`` by the same keys, without citeproc-py's attribute dictionaries."""
    try:
        return _KEY(_KEY(self, "citation"), "bibliography").source[_KEY(self, "key")]
    except (KeyError, AttributeError):
        return _ORIGINALS[(type(self), "reference")].__get__(self)


_KEY = dict.__getitem__


def install() -> bool:
    """Memoise citeproc-py's pure look-ups (see the module's docstring) once per process, if the
    installed citeproc-py is :data:`VERSION`. Returns whether the memos are in place."""
    if _ORIGINALS:
        return True
    if version("citeproc-py") != VERSION:
        return False
    from citeproc import model, source

    for owner, name in (
        (model.CitationStylesElement, "xpath_search"),
        (model.Parent, "calls_variable"),
        (model.Text, "calls_variable"),
    ):
        _ORIGINALS[(owner, name)] = original = owner.__dict__[name]
        setattr(owner, name, _memo_method(original))
    _ORIGINALS[(source.CitationItem, "reference")] = source.CitationItem.__dict__["reference"]
    source.CitationItem.reference = property(_reference)
    return True


def uninstall() -> None:
    """Put citeproc-py's own methods back (the tests compare its output with and without the memos).
    Styles parsed while the memos were installed keep nothing of them but the memos' dicts, dropped here."""
    while _ORIGINALS:
        (owner, name), original = _ORIGINALS.popitem()
        setattr(owner, name, original)
