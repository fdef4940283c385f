"""Matching author names to people, whatever form the entry uses. No Sphinx here.

Names are compared transliterated to ASCII with anyascii (so `Søren` and `Soren`, `Łukasz` and
`Lukasz`, `Straße` and `Strasse` are one name), case-folded, without dots and hyphens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from anyascii import anyascii

#: DBLP tells homonyms apart with a 4-digit number after the name: `Hao Zhang 0001`
HOMONYM_NUMBER = re.compile(r"\s+\d{4}\s*$")


def strip_homonym_number(name: str) -> str:
    """`Hao Zhang 0001` -> `Hao Zhang` (DBLP's homonym numbers are not part of the name)."""
    return HOMONYM_NUMBER.sub("", name)


def _given_parts(text: str) -> list[str]:
    """Given names as folded parts; run-together initials count as several: `FY` / `F.Y.` -> f, y."""
    parts: list[str] = []
    for token in text.replace(".", ". ").split():
        plain = re.sub(r"[^A-Za-z]", "", anyascii(token))
        if not plain:
            continue
        if plain.isupper() and 1 < len(plain) <= 3 and "-" not in token:
            parts.extend(plain.lower())  # `FY` is two initials, as Scholar and ADS write them
        else:
            parts.append(plain.lower())
    return parts


def _family(text: str) -> str:
    return re.sub(r"[^a-z]", "", anyascii(text).lower())


def split_name(name: str) -> tuple[list[str], str]:
    """'Zhang, Hao' / 'Hao Zhang' / 'H. Zhang' / 'Hao Zhang 0001' -> (given names, family name),
    transliterated to ASCII and case-folded."""
    name = strip_homonym_number(name)
    if "," in name:
        family, _, given = name.partition(",")
        return _given_parts(given), _family(family)
    words = name.split()
    if not words:
        return [], ""
    return _given_parts(" ".join(words[:-1])), _family(words[-1])


def _compatible(author: str, known: str) -> bool:
    return author == known or (len(author) == 1 and known.startswith(author))


class NameMatcher:
    """Does an author name denote this person? With `initials`, 'H. Zhang' matches 'Hao Zhang', and
    for 'Art F. Y. Poon' also 'Art FY Poon', 'A. Poon' and 'Poon, Art' (given names may be initials
    and trailing middle names may be left out)."""

    def __init__(self, names: Iterable[str], initials: bool) -> None:
        self.forms = [split_name(n) for n in names]
        self.initials = initials

    def matches(self, author: str) -> bool:
        given, family = split_name(author)
        for known_given, known_family in self.forms:
            if family != known_family or not given or not known_given:
                continue
            if given == known_given or "".join(given) == "".join(known_given):
                return True
            if (
                self.initials
                and len(given) <= len(known_given)
                and all(_compatible(g, k) for g, k in zip(given, known_given, strict=False))
            ):
                return True
        return False
