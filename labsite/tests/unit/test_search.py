"""Search folding (labsite.sphinx.search): one fold for index and query, no stop words."""

from __future__ import annotations

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
