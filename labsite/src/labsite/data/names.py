"""Matching author names to people, whatever form the entry uses. No Sphinx here.

Names are compared transliterated to ASCII with anyascii (so `Søren` and `Soren`, `Łukasz` and
`Lukasz`, `Straße` and `Strasse` are one name), case-folded, without dots and hyphens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from anyascii import anyascii

#: DBLP tells homonyms apart with a 4-digit number after the name: `Hao Zhang 0001`
HOMONYM_NUMBER = re.compile(r"\s+(\d{4})\s*$")


def strip_homonym_number(name: str) -> str:
    """`Hao Zhang 0001` -> `Hao Zhang` (DBLP's homonym numbers are not part of the name)."""
    return HOMONYM_NUMBER.sub("", name)


def homonym_number(name: str) -> str | None:
    """`Hao Zhang 0002` -> `0002` (DBLP's number telling people of one name apart); None without one."""
    match = HOMONYM_NUMBER.search(name)
    return match.group(1) if match else None


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


#: how closely an author name matches a known name (lower is closer): the same given names; initials of
#: them (or trailing middle names left out); an added middle name or initial (`Hao R. Zhang`)
EXACT, INITIALS, ADDED_MIDDLE = 0, 1, 2


def _in_order(author: list[str], known: list[str], initials: bool) -> bool:
    """Is each of `known` matched, in order, by a part of `author` (more parts allowed in between)?"""
    rest = iter(author)
    return all(any(part == given or (initials and _compatible(given, part)) for given in rest) for part in known)


class NameMatcher:
    """Does an author name denote this person? With `initials`, 'H. Zhang' matches 'Hao Zhang', and
    for 'Art F. Y. Poon' also 'Art FY Poon', 'A. Poon' and 'Poon, Art' (given names may be initials
    and trailing middle names may be left out). An added middle name or initial still matches
    ('Hao R. Zhang', and with `initials` 'H. R. Zhang', match 'Hao Zhang'): :meth:`closeness` says how
    close, so that a known person with exactly that name wins. `number`: the person's DBLP homonym
    number (`0001`); an author written with another number (`Hao Zhang 0002`) is someone else."""

    def __init__(self, names: Iterable[str], initials: bool, number: str | None = None) -> None:
        names = list(names)
        numbers = {n for n in map(homonym_number, names) if n}
        self.number = number or (numbers.pop() if len(numbers) == 1 else None)
        self.forms = [split_name(n) for n in names]
        self.initials = initials

    def closeness(self, author: str, number: str | None = None, initials: bool | None = None) -> int | None:
        """EXACT, INITIALS or ADDED_MIDDLE for a match (the closest of the person's names), None for
        none. `number`: the author's DBLP homonym number, if written (else read from `author`);
        `initials`: whether given names may be initials (default: as the matcher was made)."""
        initials = self.initials if initials is None else initials
        number = number or homonym_number(author)
        if number and self.number and number != self.number:
            return None
        given, family = split_name(author)
        best = None
        for known_given, known_family in self.forms:
            if family != known_family or not given or not known_given:
                continue
            if given == known_given or "".join(given) == "".join(known_given):
                return EXACT
            first_ok = _compatible(given[0], known_given[0]) if initials else given[0] == known_given[0]
            if not first_ok:
                continue
            if (
                initials
                and len(given) <= len(known_given)
                and all(_compatible(g, k) for g, k in zip(given, known_given, strict=False))
            ):
                best = INITIALS
            elif len(given) > len(known_given) and _in_order(given[1:], known_given[1:], initials):
                best = ADDED_MIDDLE if best is None else best
        return best

    def matches(self, author: str, number: str | None = None) -> bool:
        """Does `author` (with its DBLP `number`, if any) denote this person?"""
        return self.closeness(author, number) is not None
