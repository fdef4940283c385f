"""Matching author names to people, whatever form the entry uses. No Sphinx here."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def _fold(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z ]+", " ", ascii_text.lower().replace("-", ""))


def split_name(name: str) -> tuple[list[str], str]:
    """'Zhang, Hao' / 'Hao Zhang' / 'H. Zhang' -> (given names, family name), case- and accent-folded."""
    if "," in name:
        family, _, given = name.partition(",")
        given_parts, family_name = _fold(given).split(), "".join(_fold(family).split())
    else:
        parts = _fold(name).split()
        if not parts:
            return [], ""
        given_parts, family_name = parts[:-1], parts[-1]
    return given_parts, family_name


class NameMatcher:
    """Does an author name denote this person? With `initials`, 'H. Zhang' matches 'Hao Zhang'."""

    def __init__(self, names: Iterable[str], initials: bool) -> None:
        self.forms = [split_name(n) for n in names]
        self.initials = initials

    def matches(self, author: str) -> bool:
        given, family = split_name(author)
        for known_given, known_family in self.forms:
            if family != known_family or not given or not known_given:
                continue
            if given == known_given:
                return True
            if (
                self.initials
                and len(given) == len(known_given)
                and all(g == k or (len(g) == 1 and k.startswith(g)) for g, k in zip(given, known_given, strict=True))
            ):
                return True
        return False
