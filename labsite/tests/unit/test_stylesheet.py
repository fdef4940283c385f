"""A stylesheet cut down to what a page's markup can use (labsite.content.stylesheet)."""

from __future__ import annotations

import re
from pathlib import Path

import sphinx_design
import tinycss2
from labsite.content.stylesheet import trim, used_classes

CSS = """
:root { --accent: red; }
body { margin: 0; }
.card { padding: 1rem; }
.card .card-title, .badge { font-weight: bold; }
.unused, .also-unused { color: blue; }
.card:not(.unused) { border: 1px solid; }
a.badge:hover { color: var(--accent); }
@media (min-width: 576px) { .col-sm-6 { width: 50%; } .card { margin: 1rem; } }
@media print { .unused { display: none; } }
@keyframes fade { from { opacity: 0; } to { opacity: 1; } }
@keyframes slide { from { left: 0; } to { left: 1rem; } }
.card.fading { animation: fade 1s; }
.sliding { animation: slide 1s; }
@font-face { font-family: X; src: local(X); }
"""


def squeeze(text: str) -> str:
    return re.sub(r"\s*([{}:;,])\s*", r"\1", " ".join(text.split()))


def rules(css: str) -> list[str]:
    """Each rule's text, without the whitespace that does not matter, for comparing."""
    nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return [squeeze(tinycss2.serialize([node])) for node in nodes]


def test_used_classes_reads_every_class_attribute() -> None:
    html = (
        '<div class="card  sd-card"><p class=\'badge\'>x</p><span class="">y</span>'
        '<i data-class="no">z</i><b class=bare>w</b></div>'
    )
    assert used_classes(html) == {"card", "sd-card", "badge", "bare"}


def test_rules_whose_classes_are_all_used_stay_in_order() -> None:
    kept = rules(trim(CSS, frozenset({"card", "card-title", "fading"})))
    assert kept == [
        squeeze(rule)
        for rule in [
            ":root { --accent: red; }",
            "body { margin: 0; }",
            ".card { padding: 1rem; }",
            ".card .card-title { font-weight: bold; }",  # the selector with an unused class is dropped
            ".card:not(.unused) { border: 1px solid; }",  # a class inside :not() is not needed
            "@media (min-width: 576px) { .card { margin: 1rem; } }",
            "@keyframes fade { from { opacity: 0; } to { opacity: 1; } }",  # named by a kept rule
            ".card.fading { animation: fade 1s; }",
            "@font-face { font-family: X; src: local(X); }",
        ]
    ]


def test_nothing_used_keeps_only_rules_without_classes() -> None:
    assert rules(trim(CSS, frozenset())) == [
        squeeze(rule)
        for rule in [":root { --accent: red; }", "body { margin: 0; }", "@font-face { font-family: X; src: local(X); }"]
    ]


def test_every_class_used_keeps_every_rule() -> None:
    everything = frozenset({"card", "card-title", "badge", "unused", "also-unused", "col-sm-6", "fading", "sliding"})
    assert rules(trim(CSS, everything)) == rules(CSS)


def test_sphinx_design_rules_for_a_badge() -> None:
    """The stylesheet labsite cuts down: a badge keeps its own rules and sphinx-design's colours, and
    loses the grid, cards and tabs."""
    css = (Path(sphinx_design.__file__).parent / "static" / "sphinx-design.min.css").read_text(encoding="utf-8")
    kept = trim(css, frozenset({"sd-badge", "sd-bg-info", "sd-bg-text-info"}))
    assert ".sd-badge{" in kept.replace(" ", "") and ".sd-bg-info{" in kept.replace(" ", "")
    assert "--sd-color-info:" in kept.replace(" ", "")  # the custom properties (:root) stay
    assert ".sd-card" not in kept and ".sd-row" not in kept and ".sd-tab-set" not in kept
    assert len(kept) < len(css) / 5
