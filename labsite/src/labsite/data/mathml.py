"""TeX math in BibTeX field values (`$k\\leq 10$`) -> MathML for pages and Unicode text for everything else.

Titles, abstracts and notes from real exports carry inline math: `$k\\leq 10$`,
`$\\mathrm{AC}^0[\\oplus]$`, or Zotero's escaped form of the same, `\\$k{\\textbackslash}leq 10\\$`. Pages
show it as MathML, converted at build time by latex2mathml (browsers render MathML Core natively: no
JavaScript, no request to a third party); every text output (meta tags, JSON-LD, feeds, llms.txt, the
search index) gets readable Unicode made from the same MathML tree (`k ≤ 10`, `AC⁰[⊕]`), which is also
the `<math>` element's `alttext`.

What counts as math is pandoc's rule for `$` (extension `tex_math_dollars`): the opening `$` has a
non-space character right after it, the closing `$` a non-space character right before it and no digit
right after it, so "US$5 and US$10" holds no math. A `$` that opens nothing is text. Math that
latex2mathml cannot convert (an unknown command, malformed input) is shown as its source, as text.
No Sphinx here.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html import escape

from latex2mathml.converter import convert

#: `$...$` or `$$...$$` (pandoc's rule, see the module docstring); `(?<!\\)` leaves `\$` alone
DOLLAR_MATH = re.compile(r"(?<![\\$])(\${1,2})(?![\s$])((?:\\.|[^$\\])+?)(?<!\s)\1(?!\d)", re.DOTALL)
#: Zotero's escaped math: `\$...\$` with the LaTeX inside escaped for text (`{\textbackslash}leq`)
ZOTERO_MATH = re.compile(r"\\\$(?!\s)((?:(?!\\\$).)+?)(?<!\s)\\\$(?!\d)", re.DOTALL)
#: what Zotero writes for the characters of LaTeX math in a text field
ZOTERO_ESCAPES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"\{\\textbackslash\}|\\textbackslash(?:\{\}|\s*)"), lambda m: "\\"),
    (re.compile(r"\{\\textasciicircum\}|\\textasciicircum(?:\{\}|\s*)|\\\^\{\}"), "^"),
    (re.compile(r"\{\\textasciitilde\}|\\textasciitilde(?:\{\}|\s*)|\\~\{\}"), "~"),
    (re.compile(r"\\([{}_&%#$])"), r"\1"),
]
#: a marker standing for the n-th math span while the text around it is decoded (private use area)
MARK = "\ue000{}\ue001"
MARKS = re.compile("\ue000(\\d+)\ue001")
MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"
#: attributes kept from latex2mathml's output (everything else is dropped)
ATTRIBUTES = {"mathvariant", "stretchy", "fence", "separator", "accent", "accentunder", "lspace", "rspace", "width"}

SUPERSCRIPTS = str.maketrans("0123456789+-−=()niₓ", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱˣ")
SUBSCRIPTS = str.maketrans("0123456789+-−=()aeoxhklmnpstij", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ")
#: operators written with a space on each side in text: `k ≤ 10`, `a + b`
SPACED = set("=<>≤≥≠≈≡∼≃≅∝∈∉⊂⊃⊆⊇→←↔⇒⇐⇔↦+−±×·÷∪∩∧∨⊕⊗") | {"-", "*"}
#: accents (`\hat{x}` is an <mover>) -> the combining mark after the base letter
ACCENTS = {"^": "\u0302", "ˆ": "\u0302", "~": "\u0303", "˜": "\u0303", "¯": "\u0304", "‾": "\u0305", "→": "\u20d7",
           ".": "\u0307", "˙": "\u0307", "¨": "\u0308", "ˇ": "\u030c", "´": "\u0301", "`": "\u0300"}  # fmt: skip


def unescape_zotero(source: str) -> str:
    """Zotero's text escaping of LaTeX undone: `{\\textbackslash}leq 10` -> `\\leq 10`."""
    for pattern, replacement in ZOTERO_ESCAPES:
        source = pattern.sub(replacement, source)
    return source


def _looks_escaped(inner: str) -> bool:
    """`\\$...\\$` is Zotero's math when its content holds escaped LaTeX, or is one short symbol
    (`\\$n\\$`); otherwise (`\\$5 to \\$10`) the dollars are currency."""
    return bool(re.search(r"textbackslash|textasciicircum|\\\^|\\_|\\\{", inner)) or bool(
        re.fullmatch(r"[A-Za-z]", inner)
    )


def find_math(value: str) -> tuple[str, list[str]]:
    """`value` with each math span replaced by a marker (:data:`MARK`), and the TeX of each span.

    Zotero's `\\$...\\$` spans are unescaped (:func:`unescape_zotero`). A `$` that is not math stays
    in the text, escaped as `\\$` so a LaTeX decoder shows it as a dollar sign.
    """
    spans: list[str] = []

    def zotero(match: re.Match[str]) -> str:
        if not _looks_escaped(match.group(1)):
            return match.group(0)
        spans.append(unescape_zotero(match.group(1)))
        return MARK.format(len(spans) - 1)

    def dollars(match: re.Match[str]) -> str:
        spans.append(match.group(2))
        return MARK.format(len(spans) - 1)

    value = ZOTERO_MATH.sub(zotero, value) if "\\$" in value else value
    value = DOLLAR_MATH.sub(dollars, value)
    value = re.sub(r"(?<!\\)\$", r"\\$", value)  # a dollar that opens no math is a dollar
    return value, spans


@functools.lru_cache(maxsize=4096)
def to_mathml(tex: str) -> str | None:
    """The TeX `tex` (without dollars) as an inline `<math>` element with the Unicode text as its
    `alttext`; None when latex2mathml cannot convert it (an error, or a command it does not know,
    which it would show as `\\name`)."""
    try:
        root = ET.fromstring(convert(tex))
    except Exception:  # latex2mathml raises many kinds of errors on malformed input
        return None
    for element in root.iter():
        if element.tag.startswith(MATHML_NS):
            element.tag = element.tag[len(MATHML_NS) :]
        if element.tag in ("mi", "mo", "mtext") and (element.text or "").startswith("\\"):
            return None  # an unknown command
        if element.tag == "merror":
            return None
    text = " ".join(math_text(root).split())
    if not text:
        return None
    return f'<math alttext="{escape(text)}">{_serialise_children(root)}</math>'


def _serialise(element: ET.Element) -> str:
    attributes = "".join(
        f' {name}="{escape(value)}"' for name, value in sorted(element.attrib.items()) if name in ATTRIBUTES
    )
    inner = escape(element.text or "", quote=False) + _serialise_children(element)
    return f"<{element.tag}{attributes}>{inner}</{element.tag}>" + escape(element.tail or "", quote=False)


def _serialise_children(element: ET.Element) -> str:
    return "".join(_serialise(child) for child in element)


def _script(text: str, table: dict[int, int], mark: str) -> str:
    mapped = text.translate(table)
    if all(ch != orig or ch in " " for ch, orig in zip(mapped, text, strict=True)) and text:
        return mapped
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def _accent(base: str, accent: str) -> str:
    mark = ACCENTS.get(accent.strip())
    return base + mark if mark and len(base) == 1 else base


def _wrap(term: str) -> str:
    """A numerator or denominator as written in `a/b`: in parentheses unless it is one character or word."""
    return term if len(term) == 1 or re.fullmatch(r"\w+", term) else f"({term})"


def math_text(element: ET.Element) -> str:
    """Readable Unicode text of a MathML element (tags without namespace): `k ≤ 10`, `AC⁰[⊕]`,
    `O(n log n)`, `1/2`, `√n`; a superscript or subscript that has no Unicode form is written `^x`,
    `_(ij)`."""
    tag = element.tag
    children = list(element)
    parts: Callable[[], list[str]] = lambda: [math_text(child) for child in children]  # noqa: E731
    if tag in ("mi", "mn", "mtext", "ms"):
        return element.text or ""
    if tag == "mo":
        op = (element.text or "").strip()
        if op in SPACED:
            return f" {op} "
        return f"{op} " if op in (",", ";") else op
    if tag == "mspace":
        return " "
    if tag in ("msup", "msub", "msubsup") and children:
        out = parts()
        base, rest = out[0], out[1:]
        if tag == "msup":
            return base + _script(rest[0].strip(), SUPERSCRIPTS, "^") if rest else base
        if tag == "msub":
            return base + _script(rest[0].strip(), SUBSCRIPTS, "_") if rest else base
        sub = _script(rest[0].strip(), SUBSCRIPTS, "_") if rest else ""
        sup = _script(rest[1].strip(), SUPERSCRIPTS, "^") if len(rest) > 1 else ""
        return base + sub + sup
    if tag == "mfrac" and len(children) == 2:
        num, den = (p.strip() for p in parts())
        return f"{_wrap(num)}/{_wrap(den)}"
    if tag == "msqrt":
        inner = "".join(parts()).strip()
        return "√" + (inner if len(inner) == 1 or inner.isalnum() else f"({inner})")
    if tag == "mroot" and len(children) == 2:
        inner, degree = (p.strip() for p in parts())
        return f"{degree}√({inner})" if degree else f"√({inner})"
    if tag in ("mover", "munder", "munderover") and children:
        out = parts()
        return _accent(out[0], out[1]) if tag == "mover" and len(out) > 1 else out[0]
    pieces = parts()
    joined = ""
    for index, piece in enumerate(pieces):
        if children[index].tag == "mo" and not joined.strip():
            piece = piece.strip()  # a sign in front (`-3`) is not spaced
        elif children[index].tag == "mo" and index == len(pieces) - 1:
            piece = piece.strip()  # nor one at the end (`4\times`: `4×`)
        # two words in a row (`n \log n`: <mi>n</mi><mi>log</mi>) keep a space between them
        words = joined and piece and joined[-1].isalnum() and piece[0].isalnum()
        if words and children[index].tag == "mi" and (len(piece) > 1 or len(pieces[index - 1]) > 1):
            joined += " "
        joined += piece
    return _BRACKET_SPACE.sub("", joined)


#: spaces inside brackets: `[ ⊕ ]` -> `[⊕]`
_BRACKET_SPACE = re.compile(r"(?<=[(\[{]) +| +(?=[)\]}])")


def render(value: str, decode: Callable[[str], str]) -> str:
    """`value` (a field as written) as HTML: the text decoded by `decode` (LaTeX -> escaped HTML), each
    math span as MathML, or as its source, escaped, when it cannot be converted."""
    text, spans = find_math(value)
    html = decode(text)
    if not spans:
        return html

    def put(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if index >= len(spans):
            return ""
        return to_mathml(spans[index]) or escape(f"${spans[index]}$", quote=False)

    return MARKS.sub(put, html)


_MATH_ELEMENT = re.compile(r'<math alttext="([^"]*)">.*?</math>', re.DOTALL)


def html_math_to_text(html: str) -> str:
    """`html` with each `<math>` element written by :func:`to_mathml` replaced by its Unicode text
    (still escaped HTML)."""
    return _MATH_ELEMENT.sub(lambda m: m.group(1), html) if "<math" in html else html
