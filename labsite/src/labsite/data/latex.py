"""LaTeX in BibTeX field values -> Unicode text and safe HTML, with pylatexenc. No Sphinx here.

pylatexenc parses the value (accents, `\\i`, `{\\relax Ch}`, `--`, ``` `` ```, math) and converts each
piece; this module only adds what BibTeX exports write and pylatexenc does not know: `\\url`,
`\\href`, `\\enquote`, `\\mbox` inside math, and the AAS journal macros NASA ADS writes for every
journal (`journal = {\\mnras}`). Emphasis (`\\emph`, `\\textit`, `{\\em ...}`, `{\\it ...}`) becomes
`<em>`, bold becomes `<strong>` in HTML; the plain text drops both.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from html import escape, unescape

from pylatexenc import latex2text, latexwalker, macrospec

from . import mathml

#: The AAS journal macros (aas_macros.sty, as listed by NASA ADS: "AAS Macros for LaTeX",
#: https://ui.adsabs.harvard.edu/help/actions/journal-macros) -> the journal's full name.
AAS_JOURNALS = {
    "aap": "Astronomy and Astrophysics",
    "aapr": "Astronomy and Astrophysics Review",
    "aaps": "Astronomy and Astrophysics Supplement Series",
    "actaa": "Acta Astronomica",
    "afz": "Astrofizika",
    "aj": "The Astronomical Journal",
    "ao": "Applied Optics",
    "aplett": "Astrophysics Letters",
    "apj": "The Astrophysical Journal",
    "apjl": "The Astrophysical Journal Letters",
    "apjs": "The Astrophysical Journal Supplement Series",
    "apspr": "Astrophysics Space Physics Research",
    "apss": "Astrophysics and Space Science",
    "araa": "Annual Review of Astronomy and Astrophysics",
    "azh": "Astronomicheskii Zhurnal",
    "baas": "Bulletin of the American Astronomical Society",
    "bac": "Bulletin of the Astronomical Institutes of Czechoslovakia",
    "bain": "Bulletin of the Astronomical Institutes of the Netherlands",
    "caa": "Chinese Astronomy and Astrophysics",
    "cjaa": "Chinese Journal of Astronomy and Astrophysics",
    "fcp": "Fundamentals of Cosmic Physics",
    "gca": "Geochimica et Cosmochimica Acta",
    "grl": "Geophysical Research Letters",
    "iaucirc": "IAU Circulars",
    "icarus": "Icarus",
    "jaavso": "Journal of the American Association of Variable Star Observers",
    "jcap": "Journal of Cosmology and Astroparticle Physics",
    "jcp": "Journal of Chemical Physics",
    "jgr": "Journal of Geophysical Research",
    "jqsrt": "Journal of Quantitative Spectroscopy and Radiative Transfer",
    "jrasc": "Journal of the Royal Astronomical Society of Canada",
    "memras": "Memoirs of the Royal Astronomical Society",
    "memsai": "Memorie della Societa Astronomica Italiana",
    "mnras": "Monthly Notices of the Royal Astronomical Society",
    "na": "New Astronomy",
    "nar": "New Astronomy Reviews",
    "nat": "Nature",
    "nphysa": "Nuclear Physics A",
    "pasa": "Publications of the Astronomical Society of Australia",
    "pasj": "Publications of the Astronomical Society of Japan",
    "pasp": "Publications of the Astronomical Society of the Pacific",
    "physrep": "Physics Reports",
    "physscr": "Physica Scripta",
    "planss": "Planetary and Space Science",
    "pra": "Physical Review A",
    "prb": "Physical Review B",
    "prc": "Physical Review C",
    "prd": "Physical Review D",
    "pre": "Physical Review E",
    "prl": "Physical Review Letters",
    "procspie": "Proceedings of the SPIE",
    "psj": "The Planetary Science Journal",
    "qjras": "Quarterly Journal of the Royal Astronomical Society",
    "rmxaa": "Revista Mexicana de Astronomia y Astrofisica",
    "skytel": "Sky and Telescope",
    "solphys": "Solar Physics",
    "sovast": "Soviet Astronomy",
    "ssr": "Space Science Reviews",
    "zap": "Zeitschrift fuer Astrophysik",
}

#: macros whose argument is emphasised / bold; switches that emphasise the rest of their group
EMPHASIS = {"emph", "textit", "textsl", "mathit"}
BOLD = {"textbf", "mathbf"}
EMPHASIS_SWITCHES = {"em", "it", "itshape", "sl", "slshape"}
BOLD_SWITCHES = {"bf", "bfseries"}

MATH_OPERATORS = ("log", "ln", "exp", "sin", "cos", "tan", "max", "min", "lim", "sup", "inf", "det", "dim", "arg")

#: what could need decoding: commands, braces, ties, math, ligatures like -- and ``
LATEX_SPECIALS = re.compile(r"[\\{}~$%&#^_]|--|``|''|!`|\?`")


def _argument(
    index: int, before: str = "", after: str = ""
) -> Callable[[latexwalker.LatexMacroNode, latex2text.LatexNodes2Text], str]:
    """A replacement that shows the macro's argument `index` (nothing when the argument is missing)."""

    def replace(node: latexwalker.LatexMacroNode, l2tobj: latex2text.LatexNodes2Text) -> str:
        # pylatexenc passes the converter by the name `l2tobj`
        arguments = node.nodeargd.argnlist if node.nodeargd else []
        if index >= len(arguments) or arguments[index] is None:
            return ""
        text: str = l2tobj.nodelist_to_text([arguments[index]])
        return before + text + after

    return replace


@functools.cache
def _contexts() -> tuple[macrospec.LatexContextDb, latex2text.LatexNodes2Text]:
    walker_db = latexwalker.get_default_latex_context_db()
    text_db = latex2text.get_default_latex_context_db()
    walker_macros = [
        macrospec.MacroSpec("href", "{{"),
        macrospec.MacroSpec("enquote", "{"),
        macrospec.MacroSpec("relax", ""),
        macrospec.MacroSpec("mbox", "{"),
        macrospec.MacroSpec("hbox", "{"),
        macrospec.MacroSpec("textsuperscript", "{"),
        macrospec.MacroSpec("textsubscript", "{"),
        macrospec.MacroSpec("doi", "{"),
        macrospec.MacroSpec("nolinkurl", "{"),
        macrospec.MacroSpec("citet", "{"),
        *(macrospec.MacroSpec(name, "") for name in AAS_JOURNALS),
    ]
    text_macros = [
        latex2text.MacroTextSpec("url", _argument(0)),
        latex2text.MacroTextSpec("nolinkurl", _argument(0)),
        latex2text.MacroTextSpec("doi", _argument(0)),
        latex2text.MacroTextSpec("href", _argument(1)),
        latex2text.MacroTextSpec(
            "enquote", _argument(0, "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}")
        ),
        latex2text.MacroTextSpec("relax", ""),
        latex2text.MacroTextSpec("mbox", _argument(0)),
        latex2text.MacroTextSpec("hbox", _argument(0)),
        latex2text.MacroTextSpec("textsuperscript", _argument(0, "^")),
        latex2text.MacroTextSpec("textsubscript", _argument(0, "_")),
        *(latex2text.MacroTextSpec(name, text) for name, text in AAS_JOURNALS.items()),
        # math operators read as words with a space before them: `n\log n` -> `n log n`
        *(latex2text.MacroTextSpec(name, f" {name}") for name in MATH_OPERATORS),
    ]
    walker_db.add_context_category("labsite-bibtex", macros=walker_macros, prepend=True)
    text_db.add_context_category("labsite-bibtex", macros=text_macros, prepend=True)
    converter = latex2text.LatexNodes2Text(
        latex_context=text_db, math_mode="text", strict_latex_spaces="based-on-source"
    )
    return walker_db, converter


def _first_argument(node: latexwalker.LatexMacroNode) -> list[latexwalker.LatexNode] | None:
    arguments = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
    if not arguments:
        return None
    last = arguments[-1]
    return last.nodelist if last.isNodeType(latexwalker.LatexGroupNode) else [last]


def _wrap(tag: str, html: str) -> str:
    return f"<{tag}>{html}</{tag}>" if html.strip() else html


def _nodes_html(nodes: list[latexwalker.LatexNode | None], converter: latex2text.LatexNodes2Text) -> str:
    out: list[str] = []
    for index, node in enumerate(nodes):
        if node is None:
            continue
        if node.isNodeType(latexwalker.LatexMacroNode):
            name = node.macroname
            if name in EMPHASIS or name in BOLD:
                inner = _first_argument(node)
                if inner is not None:
                    out.append(_wrap("em" if name in EMPHASIS else "strong", _nodes_html(inner, converter)))
                    out.append(" " if node.macro_post_space else "")
                    continue
            if name in EMPHASIS_SWITCHES or name in BOLD_SWITCHES:
                rest = _nodes_html(nodes[index + 1 :], converter)
                out.append(_wrap("em" if name in EMPHASIS_SWITCHES else "strong", rest.lstrip()))
                break
        if node.isNodeType(latexwalker.LatexGroupNode):
            out.append(_nodes_html(node.nodelist, converter))
            continue
        if node.isNodeType(latexwalker.LatexCharsNode) and not node.chars.strip():
            out.append(" ")  # the converter drops a space standing alone between two commands
            continue
        out.append(escape(converter.nodelist_to_text([node]), quote=False))
    return "".join(out)


#: what needs pylatexenc beyond braces and dashes (commands, ties, math, quotes, ligatures of ! and ?)
_BEYOND_BRACES_AND_DASHES = re.compile(r"[\\~$%&#^_]|``|''|!`|\?`")
#: TeX's dash ligatures, longest first, as pylatexenc's converter writes them
_DASHES = re.compile(r"---|--")
_DASH_TEXT = {"---": "\N{EM DASH}", "--": "\N{EN DASH}"}


def plain_latex_html(value: str) -> str | None:
    """`latex_to_html(value)` without pylatexenc for a value whose only LaTeX is braces and dashes
    (`{BERT}: {Pre-training} -- a study`, most titles and venues of DBLP and Scholar exports): braces
    dropped, `---`/`--` as em/en dashes, whitespace collapsed, escaped. None for any other value
    (commands, math, ties, quotes) and for unbalanced braces, which pylatexenc reads its own way.

    It gives exactly pylatexenc's result on those values; the test suite checks that over a
    real-shaped corpus of exports (``labsite/tests/test_latex_fast_path.py``)."""
    if _BEYOND_BRACES_AND_DASHES.search(value):
        return None
    depth = 0
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None
    if depth:
        return None
    # a ligature does not cross a brace (`-{}-` stays two hyphens)
    segments = re.split(r"[{}]", value)
    text = "".join(_DASHES.sub(lambda m: _DASH_TEXT[m.group()], segment) for segment in segments)
    return escape(" ".join(text.split()), quote=False)


#: value -> HTML of every value converted by pylatexenc in this process or remembered (:func:`remember_html`)
_CONVERTED: dict[str, str] = {}
#: the values of :data:`_CONVERTED` asked for in this process (what :func:`known_html` returns)
_ASKED: set[str] = set()


def known_html() -> dict[str, str]:
    """The values this process needed pylatexenc for -> their HTML, for a cache of the caller's
    (:mod:`labsite.data.datacache` keeps them between builds, keyed by labsite's code). Values only
    remembered and not asked for again are left out, so the cache does not grow with every edit."""
    return {value: _CONVERTED[value] for value in _ASKED if value in _CONVERTED}


def remember_html(converted: dict[str, str]) -> None:
    """Take results of an earlier :func:`known_html` (from the same code) as already converted."""
    _CONVERTED.update(converted)


#: fewer values than this are converted in this process (starting worker processes costs more)
PARALLEL_MINIMUM = 200


def convert_in_parallel(values: Iterable[str], workers: int | None = None) -> int:
    """Convert with pylatexenc, in worker processes, the `values` :func:`latex_to_html` would hand to it
    and does not know yet, so that it finds them converted: one process per core (`workers`, default
    the cores this process may use), forked so they start at once. The results are the same as
    converting one by one (a pure function of the value); with fewer than :data:`PARALLEL_MINIMUM`
    values, one core, or no ``fork`` on this system, nothing is done here. Returns how many values
    were converted. A worker that fails leaves its values to be converted later in this process."""
    needed = {v for v in values if LATEX_SPECIALS.search(v) and plain_latex_html(v) is None}
    _ASKED.update(needed)  # values of the file: kept by :func:`known_html` for the next build
    todo = sorted(needed.difference(_CONVERTED))
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if len(todo) < PARALLEL_MINIMUM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    _contexts()  # built once here, inherited by every worker
    chunk = max(1, len(todo) // (workers * 4))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(pylatexenc_html, todo, chunksize=chunk))
    except Exception:  # a worker died (memory, a signal): convert in this process instead
        return 0
    _CONVERTED.update(zip(todo, results, strict=True))
    return len(todo)


@functools.lru_cache(maxsize=8192)
def latex_to_html(value: str) -> str:
    """A field value as HTML: Unicode text, escaped, with `<em>`/`<strong>` for LaTeX emphasis/bold.

    `\\textit{E. coli} in {\\em vivo}` -> `<em>E. coli</em> in <em>vivo</em>`. Whitespace is collapsed.
    Unknown macros are dropped with their name (pylatexenc's rule); the text of their argument stays.
    Math (`$k\\leq 10$`, Zotero's `\\$...\\$`) becomes MathML (:mod:`labsite.data.mathml`).
    """
    if "$" in value:
        return mathml.render(value, _text_to_html)
    return _text_to_html(value)


def _text_to_html(value: str) -> str:
    if not LATEX_SPECIALS.search(value):  # plain text (most names and venues): nothing to decode
        return escape(" ".join(value.split()), quote=False)
    plain = plain_latex_html(value)
    if plain is not None:
        return plain
    _ASKED.add(value)
    known = _CONVERTED.get(value)
    if known is None:
        known = _CONVERTED[value] = pylatexenc_html(value)
    return known


def pylatexenc_html(value: str) -> str:
    """:func:`latex_to_html` by pylatexenc alone (no fast path, no cache)."""
    walker_db, converter = _contexts()
    value = re.sub(r"(?<!\\)&", r"\\&", value)  # a bare & (an alignment tab to LaTeX) is meant as text
    try:
        walker = latexwalker.LatexWalker(value, latex_context=walker_db, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        html = _nodes_html(nodes, converter)
    except Exception:
        html = escape(value, quote=False)  # LaTeX even the tolerant parser cannot read: shown as written
    html = re.sub(r"\s+", " ", html).strip()
    return re.sub(r"\s+(</(?:em|strong)>)", r"\1 ", html).replace(" </", "</").strip()


def html_to_text(html: str) -> str:
    """The plain text of what `latex_to_html` returned (tags dropped, math as Unicode, entities decoded)."""
    html = mathml.html_math_to_text(html)
    return " ".join(unescape(re.sub(r"</?(?:em|strong)>", "", html)).split())


@functools.lru_cache(maxsize=8192)
def latex_to_text(value: str) -> str:
    """`M{\\"o}ller \\& Co` -> `Möller & Co`; `\\mnras` -> the journal's name; `$\\alpha$` -> `α`;
    braces protecting capitals and emphasis disappear."""
    if not LATEX_SPECIALS.search(value):
        return " ".join(value.split())
    return html_to_text(latex_to_html(value))


#: characters DBLP, Zotero and others escape in URL fields: `\_` `\%` `\#` `\&` `\~` `\$`
URL_ESCAPE = re.compile(r"\\([_%#&~$])")


def url_from_latex(value: str) -> str:
    """A URL field as the URL: `{https://x.org/a\\_b}` / `\\url{...}` -> `https://x.org/a_b`."""
    value = value.strip()
    while value.startswith("{") and value.endswith("}"):
        value = value[1:-1].strip()
    match = re.fullmatch(r"\\(?:url|href)\s*\{(.*?)\}(?:\{.*\})?", value, re.DOTALL)
    if match:
        value = match.group(1).strip()
    return URL_ESCAPE.sub(r"\1", value)
