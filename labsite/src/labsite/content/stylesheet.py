"""A stylesheet cut down to the rules a page can use (for the page's own ``<style>``).

Sphinx-free. The rule is PurgeCSS's, by class names only: a style rule is kept when, for at least
one of its comma-separated selectors, every class the selector names outside a functional
pseudo-class (``:not()``, ``:is()``, ``:has()`` ...) is in the page's markup. Rules that name no class
(``:root`` custom properties, element rules) are always kept, and so are ``@font-face``, ``@import``
and other at-rules; ``@media`` and ``@supports`` blocks keep the rules inside that are kept, and
``@keyframes`` are kept when a kept rule names them. Parsing and serialising are tinycss2's (CSS
Syntax Level 3), so what is kept is byte for byte the source's text.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from typing import TypeGuard

import tinycss2
from tinycss2 import ast

#: a ``class`` attribute in a start tag: quoted either way or not at all (HTML Living Standard, 13.1.2.3)
_CLASS_ATTRIBUTE = re.compile(r"""(?<=\s)class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
#: at-rules whose block holds style rules (trimmed inside, dropped when nothing inside is kept)
_GROUPING = frozenset({"media", "supports", "layer", "container"})


def used_classes(html: str) -> frozenset[str]:
    """The class names in the ``class`` attributes of an HTML fragment, e.g. ``{"sd-badge", "docutils"}``."""
    names: set[str] = set()
    for match in _CLASS_ATTRIBUTE.finditer(html):
        names.update((match.group(1) or match.group(2) or match.group(3) or "").split())
    return frozenset(names)


def _selector_classes(prelude: list[ast.Node]) -> list[tuple[list[ast.Node], set[str]]]:
    """The selectors of a style rule's prelude (split at top-level commas), each with the classes it
    needs: ``.name`` at the top level, not inside a function such as ``:not(...)``."""
    selectors: list[list[ast.Node]] = [[]]
    for token in prelude:
        if isinstance(token, ast.LiteralToken) and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    result = []
    for tokens in selectors:
        needed = {
            after.value
            for before, after in itertools.pairwise(tokens)
            if isinstance(before, ast.LiteralToken) and before.value == "." and isinstance(after, ast.IdentToken)
        }
        result.append((tokens, needed))
    return result


def _trim_rules(rules: Iterable[ast.Node], classes: frozenset[str]) -> list[ast.Node]:
    kept: list[ast.Node] = []
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            all_selectors = _selector_classes(rule.prelude)
            selectors = [tokens for tokens, needed in all_selectors if needed <= classes]
            if len(selectors) == len(all_selectors):
                kept.append(rule)
            elif selectors:
                prelude: list[ast.Node] = []
                for tokens in selectors:
                    if prelude:
                        prelude.append(ast.LiteralToken(rule.source_line, rule.source_column, ","))
                    prelude.extend(tokens)
                kept.append(ast.QualifiedRule(rule.source_line, rule.source_column, prelude, rule.content))
        elif isinstance(rule, ast.AtRule) and rule.lower_at_keyword in _GROUPING and rule.content is not None:
            inner = _trim_rules(tinycss2.parse_blocks_contents(rule.content), classes)
            if any(node.type in ("qualified-rule", "at-rule") for node in inner):
                line, column = rule.source_line, rule.source_column
                kept.append(ast.AtRule(line, column, rule.at_keyword, rule.lower_at_keyword, rule.prelude, inner))
        elif rule.type in ("qualified-rule", "at-rule"):
            kept.append(rule)
    return kept


@functools.lru_cache(maxsize=8)
def _parse(css: str) -> tuple[ast.Node, ...]:
    return tuple(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _is_keyframes(node: ast.Node) -> TypeGuard[ast.AtRule]:
    return isinstance(node, ast.AtRule) and node.lower_at_keyword in ("keyframes", "-webkit-keyframes")


def _named_classes(rules: Iterable[ast.Node]) -> set[str]:
    """Every class a selector of `rules` needs (the classes :func:`_trim_rules` tests), inside
    ``@media`` and the other grouping rules too."""
    names: set[str] = set()
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            for _, needed in _selector_classes(rule.prelude):
                names |= needed
        elif isinstance(rule, ast.AtRule) and rule.lower_at_keyword in _GROUPING and rule.content is not None:
            names |= _named_classes(tinycss2.parse_blocks_contents(rule.content))
    return names


@functools.lru_cache(maxsize=8)
def _stylesheet_classes(css: str) -> frozenset[str]:
    return frozenset(_named_classes(_parse(css)))


def trim(css: str, classes: frozenset[str]) -> str:
    """The rules of stylesheet `css` that can apply to markup using `classes` (see the module's rule),
    in their source order, serialised by tinycss2 (comments dropped).

    Invalid rules are dropped as a browser drops them (tinycss2 follows CSS Syntax Level 3). Raises
    nothing. What is kept depends only on which of the stylesheet's own classes are in `classes`, so
    the result is computed once per such set (pages of one kind share it).
    """
    return _trim(css, classes & _stylesheet_classes(css))


@functools.lru_cache(maxsize=256)
def _trim(css: str, classes: frozenset[str]) -> str:
    kept = _trim_rules(_parse(css), classes)
    styles = tinycss2.serialize([node for node in kept if not _is_keyframes(node)])

    def named(node: ast.AtRule) -> bool:
        name = tinycss2.serialize(node.prelude).strip()
        return bool(re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", styles))

    return tinycss2.serialize([node for node in kept if not _is_keyframes(node) or named(node)])
