"""Search folding (labsite.sphinx.search): one fold for index and query, no stop words."""

from __future__ import annotations

import pickle
import unicodedata

import pytest
from labsite.sphinx.search import LETTERS, FoldingEnglish, fold, js_splitter_code
from sphinx.search._stopwords.en import ENGLISH_STOPWORDS

LANGUAGE = FoldingEnglish({})


@pytest.mark.parametrize(
    "spelling, folded",
    [
        ("Halıcıoğlu", "halicioglu"),
        ("HALICIOĞLU", "halicioglu"),
        ("Søren", "soren"),
        ("Łukasz", "lukasz"),
        ("Đorđe", "dorde"),
        ("Straße", "strasse"),
        ("Æsir", "aesir"),
        ("İstanbul", "istanbul"),
        ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
        ("ﬁne", "fine"),
    ],
)
def test_fold_spells_accented_and_upper_case_letters_in_plain_lower_case(spelling: str, folded: str) -> None:
    assert fold(spelling) == folded
    assert fold(unicodedata.normalize("NFD", spelling)) == folded


def test_every_letter_of_the_table_is_lower_case_and_has_no_decomposition() -> None:
    """Upper case is lower-cased before the table, and decomposable letters lose their marks first."""
    for letter in LETTERS:
        assert letter == letter.lower()
        assert unicodedata.decomposition(letter) == "", letter


def test_split_keeps_a_decomposed_word_whole() -> None:
    assert LANGUAGE.split(unicodedata.normalize("NFD", "Kaiming Hé, Ørsted")) == ["kaiming", "he", "orsted"]


def test_no_word_is_a_stop_word() -> None:
    """Names such as 'He' or 'An' are English stop words: the index keeps them, the query too."""
    assert LANGUAGE.stopwords == frozenset()
    for word in [*sorted(ENGLISH_STOPWORDS)[:20], "he"]:
        assert LANGUAGE.word_filter(LANGUAGE.stem(word))


def test_the_javascript_gets_the_same_letter_table() -> None:
    code = js_splitter_code()
    assert "/*LETTERS*/" not in code
    assert "var splitQuery" in code
    for letter, spelled in LETTERS.items():
        assert f'"{letter}": "{spelled}"' in code


def test_page_terms_are_kept_between_builds_while_the_page_and_the_method_are_the_same(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PageTerms (the terms of generated pages kept in the doctree folder): the same terms as made afresh;
    a page whose words changed is made again; a file from other code, or a broken one, is ignored."""
    from labsite.sphinx import search

    lang = FoldingEnglish({})
    pages = [
        search.SearchPage("p/a", "Alpa: Automating Parallelism", "Alpa. Lianmin Zheng, Hao Zhang. OSDI 2022", "OSDI"),
        search.SearchPage("p/b", "Halıcıoğlu's Data Science", "A talk at UC San Diego.", ""),
    ]
    made: list[str] = []
    real = search.page_terms
    monkeypatch.setattr(search, "page_terms", lambda lang, page: made.append(page.pagename) or real(lang, page))

    first = search.PageTerms(tmp_path, lang)
    assert [first.terms(page) for page in pages] == [real(lang, page) for page in pages]
    assert made == ["p/a", "p/b"]
    first.save()

    made.clear()
    edited = [pages[0], search.SearchPage("p/b", pages[1].title, pages[1].text + " Edited.", "")]
    second = search.PageTerms(tmp_path, lang)
    assert [second.terms(page) for page in edited] == [real(lang, page) for page in edited]
    assert made == ["p/b"]

    path = tmp_path / search.TERMS_FILE
    for stored in (b"not a pickle", pickle.dumps({"method": "other code", "pages": second.previous})):
        path.write_bytes(stored)
        made.clear()
        assert search.PageTerms(tmp_path, lang).terms(pages[0]) == real(lang, pages[0])
        assert made == ["p/a"]
