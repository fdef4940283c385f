"""Search that finds a name however a visitor types it: accents, case and stop words.

Sphinx's English search lower-cases words and drops English stop words, both in the index (Python) and
in the query (JavaScript). On a lab's site that loses people: "Halicioglu" does not find "Halıcıoğlu",
"HALICIOĞLU" lower-cases to "halicioğlu" (``I`` -> ``i``, not ``ı``), a decomposed (NFD) query splits at
its combining marks, and the co-author "Yuxiong He" cannot be found by "He" (a stop word).

This module registers, through Sphinx's own hook for search languages (``app.add_search_language``), a
:class:`FoldingEnglish` for the site's language ``en`` that

- folds every word the same way in the index and in the query (:func:`fold`): compatibility
  decomposition (NFKD), combining marks removed, lower case, then the letters that have no
  decomposition (ı ł ø đ ð þ ß æ œ ...) spelled in ASCII (:data:`LETTERS`);
- keeps stop words: surnames such as He, An, Long or Will are English stop words too, and Sphinx
  requires every query word on a result page, so a kept stop word costs little.

The query side is the language's ``js_splitter_code`` (``splitQuery``, which searchtools.js calls on the
query before stemming): ``static/labsite-search-language.js`` with :data:`LETTERS` filled in from here,
so Python and JavaScript share one table. Stemming stays Sphinx's English (Snowball) stemmer.

**Pages without a document.** Sphinx indexes the documents it writes; the pages labsite writes from data
at ``html-collect-pages`` (a paper's page, a topic's and a member's papers, further pages of long lists)
have no document. Each feature says what its pages are about by connecting to the event
``labsite-search-pages`` (returning :class:`SearchPage` records, made from the data: title, authors,
venue, abstract, never BibTeX), and :func:`index_generated_pages` feeds them to Sphinx's own
``IndexBuilder`` every build, changed or not, so an incremental or parallel build writes the same
``searchindex.js`` as a clean one. A page's ``key_text`` (a paper's co-authors and venue) counts as title
words: Sphinx ranks title words above text words, so a co-author or a venue finds the paper's page before
the lists that mention it. The result's summary (Sphinx fetches the page and shows text around the
query) leaves out BibTeX and navigation and keeps blocks apart (the same JavaScript file).

**Index terms kept between builds.** Splitting, folding and stemming the words of thousands of pages is
most of that feed's work, and an edit changes few of them: each page's terms are kept in
``labsite-search-terms.pickle`` in the doctree folder under a digest of what the page says
(:class:`PageTerms`), and a page whose title, text and key words are unchanged takes its terms from there.
The file is a memo of a pure function (the same words give the same terms, whatever the build), so a
build with it writes the same ``searchindex.js`` as one without; it is keyed by this module's code, the
language and the versions of Sphinx and its stemmer, and dropped when any of them changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import sphinx
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.search import IndexBuilder, SearchLanguage
from sphinx.search.en import SearchEnglish
from sphinx.util.docutils import new_document

from . import STATIC

#: letters with no Unicode decomposition -> their usual ASCII spelling (lower case; upper case is
#: lower-cased first). The same table goes into the JavaScript.
LETTERS = {
    "ı": "i",  # dotless i (Turkish)
    "ł": "l",  # Polish
    "ø": "o",  # Danish, Norwegian
    "đ": "d",  # Croatian, Vietnamese
    "ð": "d",  # Icelandic
    "þ": "th",  # Icelandic
    "ß": "ss",  # German
    "æ": "ae",
    "œ": "oe",
    "ħ": "h",  # Maltese
    "ŧ": "t",  # Sami
    "ĸ": "q",  # Greenlandic
    "ŋ": "n",  # Sami
    "ə": "e",  # Azerbaijani
    "ʼ": "",  # modifier apostrophe
    "ς": "σ",  # final sigma: JavaScript and Python agree on it only in context
}
_LETTERS_TABLE = str.maketrans(LETTERS)
#: the file whose ``/*LETTERS*/{}`` placeholder gets :data:`LETTERS`
JS_FILE = STATIC / "labsite-search-language.js"
_JS_PLACEHOLDER = "/*LETTERS*/{}"
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """`text` with accents and case folded: 'Halıcıoğlu', 'HALICIOĞLU' and the NFD form of either
    all give 'halicioglu'; 'Søren' gives 'soren', 'Straße' 'strasse'.

    NFKD, then combining marks (Unicode category M*) removed, lower case, then :data:`LETTERS`.
    The JavaScript ``labsiteFold`` does the same steps, so index and query agree.
    """
    if text.isascii():  # most text: nothing to decompose, no mark, no letter of LETTERS
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    return stripped.lower().translate(_LETTERS_TABLE)


def js_splitter_code() -> str:
    """The JavaScript ``splitQuery`` (fold, then split into words), with :data:`LETTERS` filled in."""
    code = JS_FILE.read_text(encoding="utf-8")
    if _JS_PLACEHOLDER not in code:
        raise RuntimeError(f"{JS_FILE} lacks the {_JS_PLACEHOLDER!r} placeholder for the letter table")
    return code.replace(_JS_PLACEHOLDER, json.dumps(LETTERS, ensure_ascii=False, sort_keys=True))


class FoldingEnglish(SearchEnglish):
    """English search (Snowball stemmer) with accents and case folded and no stop words.

    Sphinx calls :meth:`split` on the text of every page (titles too) and stems each word; the query
    goes through ``js_splitter_code`` and the same stemmer in JavaScript.
    """

    lang = "en"
    language_name = "English"
    #: no stop words: names such as "He" must stay findable (see the module's docstring)
    stopwords = frozenset()

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.js_splitter_code = js_splitter_code()
        self._stems: dict[str, str] = {}  # thousands of generated pages share their words

    def split(self, input: str) -> list[str]:
        """The folded words of `input` (see :func:`fold`); folding first keeps a decomposed
        letter in one word instead of splitting at its combining mark."""
        return _WORD.findall(fold(input))

    def stem(self, word: str) -> str:
        """The English stem of the folded word (words from :meth:`split` are folded already)."""
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = super().stem(fold(word))
        return stem


#: the event a feature connects to, returning the :class:`SearchPage` records of the pages it generates
SEARCH_PAGES_EVENT = "labsite-search-pages"


@dataclass(frozen=True)
class SearchPage:
    """What a page without a document is about, for Sphinx's search index.

    ``pagename`` is the page's name as given to ``html-collect-pages`` (``publications/zheng2022alpa``);
    ``title`` its title (plain text, ranked as title words); ``text`` its words (plain text: title,
    authors, venue, abstract, never markup or BibTeX); ``key_text`` words that rank as title words too
    (a paper's co-authors and venue).
    """

    pagename: str
    title: str
    text: str
    key_text: str = ""


def _term(lang: SearchLanguage, word: str) -> str | None:
    """The index term of `word`: its stem, else the word, if the language keeps either (as
    ``IndexBuilder.feed`` decides)."""
    stemmed = lang.stem(word).lower()
    if lang.word_filter(stemmed):
        return stemmed
    return word if lang.word_filter(word) else None


def page_terms(lang: SearchLanguage, page: SearchPage) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The index terms of `page` as :func:`feed` adds them: (title terms, text terms), each sorted, the
    words of ``key_text`` among the title terms and a text term that is a title term left out."""
    titled = {
        term
        for word in set(lang.split(page.title)) | set(lang.split(page.key_text))
        if (term := _term(lang, word)) is not None
    }
    text = {
        term for word in set(lang.split(page.text)) if (term := _term(lang, word)) is not None and term not in titled
    }
    return tuple(sorted(titled)), tuple(sorted(text))


#: the file in the doctree folder that keeps each generated page's terms between builds
TERMS_FILE = "labsite-search-terms.pickle"


class PageTerms:
    """Each generated page's index terms, kept between builds in :data:`TERMS_FILE` (see the module).

    :meth:`terms` gives a page's terms from the last build when its title, text and key words are the
    same (compared by digest), else makes them (:func:`page_terms`); :meth:`save` keeps this build's.
    A file that is missing, unreadable or made by other code, another language or other versions is
    ignored (every page's terms are made again)."""

    def __init__(self, doctreedir: str | os.PathLike[str], lang: SearchLanguage) -> None:
        self.path = Path(doctreedir) / TERMS_FILE
        self.lang = lang
        self.method = _method_key(lang)
        self.previous: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}
        self.current: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}
        try:
            with self.path.open("rb") as f:
                stored = pickle.load(f)
            if isinstance(stored, dict) and stored.get("method") == self.method:
                self.previous = stored["pages"]
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, KeyError, TypeError, ValueError):
            self.previous = {}

    def terms(self, page: SearchPage) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(title terms, text terms) of `page` (:func:`page_terms`)."""
        digest = hashlib.blake2b("\0".join((page.title, page.text, page.key_text)).encode(), digest_size=16).hexdigest()
        kept = self.previous.get(page.pagename)
        if kept is not None and kept[0] == digest:
            titled, text = kept[1], kept[2]
        else:
            titled, text = page_terms(self.lang, page)
        self.current[page.pagename] = (digest, titled, text)
        return titled, text

    def save(self) -> None:
        """Keep this build's terms for the next (written only when they differ from the last build's)."""
        if self.current == self.previous:
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            pickle.dump({"method": self.method, "pages": self.current}, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(self.path)


def _method_key(lang: SearchLanguage) -> str:
    """What the terms of a text depend on besides the text: this module's code (folding, the letter
    table, :func:`_term`), the language class, and Sphinx's and the stemmer's versions."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for part in (type(lang).__module__, type(lang).__qualname__, sphinx.__version__, _stemmer_version()):
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()


def _stemmer_version() -> str:
    try:
        return version("snowballstemmer")
    except Exception:  # not installed as a distribution: the module's code decides
        return "unknown"


def feed(indexer: IndexBuilder, page: SearchPage, terms: PageTerms | None = None) -> None:
    """Add `page` to Sphinx's ``IndexBuilder`` `indexer` as ``IndexBuilder.feed`` adds a document whose
    title is ``page.title`` and whose text is ``page.text`` (same words, stems and filter, a word of
    the title not repeated as a text word), with the words of ``page.key_text`` as title words too;
    `terms` (:class:`PageTerms`) gives the page's terms when they are kept from the last build.

    The page's title is not added to the titles searched by substring (``alltitles``): its words are
    title words already, and with thousands of papers the index would carry every title twice. The
    structures are filled directly (no doctree to build and walk for each of thousands of pages);
    a Sphinx without them gets the page through ``IndexBuilder.feed``, without key words.
    """
    name, lang = page.pagename, indexer.lang
    if not all(hasattr(indexer, a) for a in ("_titles", "_filenames", "_all_titles", "_mapping", "_title_mapping")):
        document = new_document("")
        section = nodes.section()
        section += nodes.title(page.title, page.title)
        section += nodes.paragraph(page.text, page.text)
        document += section
        indexer.feed(name, "", page.title, document)
        return
    indexer._titles[name] = page.title
    indexer._filenames[name] = ""
    indexer._all_titles[name] = []
    titled, text = terms.terms(page) if terms is not None else page_terms(lang, page)
    for term in titled:
        indexer._title_mapping.setdefault(term, set()).add(name)
    for term in text:
        indexer._mapping.setdefault(term, set()).add(name)


def _keep_through_prune(indexer: IndexBuilder, pagenames: Iterable[str]) -> None:
    """Sphinx prunes its index to the documents (``env.all_docs``) just before writing it; keep the
    generated pages fed this build through that prune. The indexer is made anew by every build (its
    first prune, of the index loaded from the last build, drops them: they are fed again)."""
    keep = frozenset(pagenames)
    prune = type(indexer).prune

    def prune_keeping_generated(docnames: Iterable[str]) -> None:
        prune(indexer, set(docnames) | keep)

    # this indexer only; Sphinx has no hook to add documents to the ones its index keeps
    indexer.prune = prune_keeping_generated  # type: ignore[method-assign]


#: the page metadata key a directive sets on a page that repeats records shown on pages of their own (the
#: CV, the full news list): such a page is found by the words of its title only, so a member's name or a
#: venue finds the member's or the paper's own page first, not the page that lists everything
TITLE_ONLY = "labsite-search-title-only"


def mark_title_only(env: BuildEnvironment, docname: str) -> None:
    """Have `docname` found by its title only (:data:`TITLE_ONLY`); called by directives while reading."""
    env.metadata.setdefault(docname, {})[TITLE_ONLY] = True


def _index_titles_only(indexer: IndexBuilder, env: BuildEnvironment) -> None:
    """Drop every word of the :data:`TITLE_ONLY` documents from the index but those of their titles."""
    docs = {doc for doc, meta in env.metadata.items() if meta.get(TITLE_ONLY)}
    if not docs or not all(hasattr(indexer, a) for a in ("_mapping", "_title_mapping", "_all_titles")):
        return
    lang = indexer.lang
    keep: dict[str, set[str]] = {}
    for doc in docs:
        title = env.titles[doc].astext() if doc in env.titles else ""
        keep[doc] = {term for word in lang.split(title) if (term := _term(lang, word)) is not None}
        if doc in indexer._all_titles:
            indexer._all_titles[doc] = [entry for entry in indexer._all_titles[doc] if entry[0] == title]
    for mapping in (indexer._mapping, indexer._title_mapping):
        for term, pages in list(mapping.items()):
            for doc in docs & pages:
                if mapping is indexer._mapping or term not in keep[doc]:
                    pages.discard(doc)
            if not pages:  # as if never fed: a term no page has is not written (incremental == clean)
                del mapping[term]


def titles_only(doctree: nodes.document) -> nodes.document:
    """What the search index keeps of a :data:`TITLE_ONLY` page, as a document to feed it: each title that
    ``IndexBuilder.feed`` would index, in order, in an element with the ids of the title's own parent
    (the anchor a search result links to), and the ``index`` directive's entries. Fed this instead of the
    page, the index ends, after :func:`_index_titles_only`, as it would with the page (whose other words
    it drops), without splitting and stemming every word of a page showing every record (the CV)."""
    kept = doctree.copy()  # the document's attributes, no children
    stack: list[nodes.Node] = [doctree]
    while stack:
        node = stack.pop()
        # the nodes whose words IndexBuilder.feed skips, with their children
        if isinstance(node, (nodes.comment, nodes.raw)) or not isinstance(node, nodes.Element):
            continue
        if "no-search" in node["classes"]:  # its words are skipped, not its index entries
            kept.extend(entry.deepcopy() for entry in node.findall(addnodes.index))
            continue
        if isinstance(node, nodes.title) and node.parent is not None:
            holder = nodes.Element(ids=list(node.parent["ids"]))
            holder += node.deepcopy()
            kept += holder
            continue
        if isinstance(node, addnodes.index):
            kept += node.deepcopy()
        stack.extend(reversed(node.children))
    return kept


def index_titles_only(builder: Any) -> None:
    """``builder-inited``: the HTML builder feeds the search index each :data:`TITLE_ONLY` page's
    :func:`titles_only` (its other words are dropped from the index in any case), so a page showing every
    record is not split into words at every build that writes it. Other builders are left as they are."""
    index_page = getattr(builder, "index_page", None)
    if builder.format != "html" or index_page is None or getattr(index_page, "labsite_titles_only", False):
        return

    def feed_titles_only(pagename: str, doctree: nodes.document, title: str) -> None:
        if builder.env.metadata.get(pagename, {}).get(TITLE_ONLY):
            doctree = titles_only(doctree)
        index_page(pagename, doctree, title)

    feed_titles_only.labsite_titles_only = True  # type: ignore[attr-defined]  # once per builder
    builder.index_page = feed_titles_only


def _titles_only_builder(app: Sphinx) -> None:
    index_titles_only(app.builder)


def index_generated_pages(app: Sphinx) -> list[Any]:
    """``html-collect-pages`` (before the pages are written): feed every page the features report on
    ``labsite-search-pages`` to Sphinx's search index (see the module docstring). Returns no pages."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None or app.builder.format != "html":
        return []
    pages = sorted(
        (page for found in app.events.emit(SEARCH_PAGES_EVENT) for page in found or ()), key=lambda p: p.pagename
    )
    terms = PageTerms(app.doctreedir, indexer.lang)
    for page in pages:
        feed(indexer, page, terms)
    terms.save()
    _keep_through_prune(indexer, (page.pagename for page in pages))
    _index_titles_only(indexer, app.env)
    return []


def setup_search(app: Sphinx) -> None:
    """Register :class:`FoldingEnglish` as the search language for ``en`` (the site's language), the
    event ``labsite-search-pages`` and the hook that indexes the pages reported on it (after
    :func:`labsite.sphinx.freshness.drop_stale_search_terms`)."""
    app.add_search_language(FoldingEnglish)
    app.add_event(SEARCH_PAGES_EVENT)
    app.connect("html-collect-pages", index_generated_pages, priority=200)
    app.connect("builder-inited", _titles_only_builder)
