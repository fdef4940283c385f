"""TeX math in BibTeX fields -> MathML in HTML, readable Unicode in text (labsite.data.mathml via latex)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from labsite.data.latex import latex_to_html, latex_to_text
from labsite.data.mathml import find_math, to_mathml


def maths(html: str) -> list[ET.Element]:
    """The <math> elements of `html` (a fragment), parsed."""
    root = ET.fromstring(f"<p>{html}</p>")
    return list(root.iter("math"))


@pytest.mark.parametrize(
    ("field", "text", "math_text", "tokens"),
    [
        # DBLP and arXiv write the math as typed
        (r"Circuits with $k\leq 10$ gates", "Circuits with k ≤ 10 gates", "k ≤ 10", ["k", "≤", "10"]),
        (r"Lower Bounds for {$\mathrm{AC}^0[\oplus]$} Circuits", "Lower Bounds for AC⁰[⊕] Circuits", "AC⁰[⊕]",
         ["A", "C", "0", "[", "⊕", "]"]),
        # Zotero escapes the dollars and the backslash for text
        (r"Circuits with \$k{\textbackslash}leq 10\$ gates", "Circuits with k ≤ 10 gates", "k ≤ 10", ["k", "≤", "10"]),
        (r"Bounds for \$\textbackslash{}mathrm\{AC\}\^{}0[\textbackslash{}oplus]\$", "Bounds for AC⁰[⊕]", "AC⁰[⊕]",
         ["A", "C", "0", "[", "⊕", "]"]),
        (r"Sorting in $O(n\log n)$ time", "Sorting in O(n log n) time", "O(n log n)", ["O", "(", "n", "log", "n", ")"]),
        (r"An error of $10^{-3}$", "An error of 10⁻³", "10⁻³", ["10", "−", "3"]),
        (r"$x_i^2 + \frac{1}{2}$", "xᵢ² + 1/2", "xᵢ² + 1/2", ["x", "i", "2", "+", "1", "2"]),
    ],
)  # fmt: skip
def test_math_becomes_mathml_in_html_and_unicode_in_text(
    field: str, text: str, math_text: str, tokens: list[str]
) -> None:
    (math,) = maths(latex_to_html(field))
    assert [element.text for element in math.iter() if element.tag in ("mi", "mn", "mo")] == tokens
    assert math.get("alttext") == math_text
    assert latex_to_text(field) == text


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("Costs US$5 and US$10 a day", "Costs US$5 and US$10 a day"),  # currency, not math
        (r"Saving \$5 to \$10", "Saving $5 to $10"),  # escaped dollars are dollars
        ("$ 5 and $ 10", "$ 5 and $ 10"),  # a dollar followed by a space opens nothing
        (r"Broken $k\leq 10 title", "Broken $k≤10 title"),  # unbalanced: the rest is decoded as text
        (r"With $\notacommand{x}$ inside", r"With $\notacommand{x}$ inside"),  # cannot convert: the source
    ],
)
def test_a_dollar_that_is_not_convertible_math_stays_text(field: str, text: str) -> None:
    html = latex_to_html(field)
    assert "<math" not in html
    assert latex_to_text(field) == text


def test_markup_in_math_is_escaped_not_interpreted() -> None:
    html = latex_to_html(r"$a<b$ and $\text{<script>alert(1)</script>}$ and $x & y$")
    assert "<script" not in html and "alert(1)</" not in html
    for math in maths(html):  # well-formed: parsed as XML
        assert math.get("alttext")


def test_find_math_marks_each_span_and_keeps_other_dollars() -> None:
    text, spans = find_math(r"US$5 for $k\leq 10$ and \$k{\textbackslash}leq 10\$")
    assert spans == [r"k\leq 10", r"k\leq 10"]
    assert text.startswith(r"US\$5 for ")


def test_to_mathml_refuses_what_latex2mathml_leaves_unconverted() -> None:
    assert to_mathml(r"\unknowncommand") is None
    assert to_mathml(r"k\leq 10") is not None
