"""LaTeX in BibTeX fields -> Unicode text and safe HTML (labsite.data.latex, on pylatexenc)."""

from __future__ import annotations

from pathlib import Path

import pytest
from labsite.data.bibtex import load_bibtex
from labsite.data.latex import latex_to_html, latex_to_text, url_from_latex


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"Mart{\'{\i}}nez, Luc{\'{\i}}a", "Martínez, Lucía"),
        (r"Nguy{\~{\^e}}n", "Nguyễn"),
        (r"{\relax Ch}ebyshev", "Chebyshev"),
        (r"\enquote{Fast} kernels", "“Fast” kernels"),
        (r"\url{https://x.org/}", "https://x.org/"),
        (r"\mnras", "Monthly Notices of the Royal Astronomical Society"),
        (r"\apjl", "The Astrophysical Journal Letters"),
        (r"on $\mathbb{R}^d$ in AC\({}^{\mbox{0}}\)", "on ℝ^d in AC^0"),
        (r"$\alpha$-$\beta$ pruning in $O(n\log n)$", "α-β pruning in O(n log n)"),
        (r"{M}{\"o}bius {\&} Sons --- 50\% \#1", "Möbius & Sons — 50% #1"),
        (r"{\L}ukasz {\O}stergaard {\ss}", "Łukasz Østergaard ß"),
    ],
)
def test_latex_becomes_unicode_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


@pytest.mark.parametrize(
    ("latex", "html"),
    [
        (r"\textit{E. coli} and \emph{in vivo}", "<em>E. coli</em> and <em>in vivo</em>"),
        (r"{\em in vivo} studies", "<em>in vivo</em> studies"),
        (r"\textbf{Bold} <b>&", "<strong>Bold</strong> &lt;b&gt;&amp;"),
    ],
)
def test_emphasis_stays_emphasis_in_html_and_text_is_escaped(latex: str, html: str) -> None:
    assert latex_to_html(latex) == html


@pytest.mark.parametrize(
    ("value", "url"),
    [
        (r"https://doi.org/10.1007/978-3-319-00000-0\_1", "https://doi.org/10.1007/978-3-319-00000-0_1"),
        (r"{https://x.org/a\%20b\#c\&d}", "https://x.org/a%20b#c&d"),
        (r"\url{https://x.org/~me}", "https://x.org/~me"),
    ],
)
def test_tex_escapes_leave_urls(value: str, url: str) -> None:
    assert url_from_latex(value) == url


def test_proceedings_with_editors_and_no_authors_load(tmp_path: Path) -> None:
    path = tmp_path / "p.bib"
    path.write_text(
        "@proceedings{p2020, title = {Proceedings of the Workshop}, editor = {Ada Gavrilova and Tomas Ek},"
        " publisher = {ACM}, year = {2020}}\n",
        encoding="utf-8",
    )
    (paper,) = load_bibtex(path)
    assert (paper.authors, paper.editors, paper.venue_line) == ([], ["Ada Gavrilova", "Tomas Ek"], "ACM 2020")
