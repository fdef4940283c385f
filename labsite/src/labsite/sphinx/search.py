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
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish

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

    def split(self, input: str) -> list[str]:
        """The folded words of `input` (see :func:`fold`); folding first keeps a decomposed
        letter in one word instead of splitting at its combining mark."""
        return _WORD.findall(fold(input))

    def stem(self, word: str) -> str:
        """The English stem of the folded word (words from :meth:`split` are folded already)."""
        return super().stem(fold(word))


def setup_search(app: Sphinx) -> None:
    """Register :class:`FoldingEnglish` as the search language for ``en`` (the site's language)."""
    app.add_search_language(FoldingEnglish)
