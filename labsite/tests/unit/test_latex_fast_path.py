"""The LaTeX fast path (braces and dashes without pylatexenc) gives exactly pylatexenc's HTML, on every
field value of real tools' exports (labsite/tests/corpus), of the site's own file and of the benchmark's
real-shaped corpus (benchmarks/corpus.py: DBLP, Scholar, Zotero, al-folio entries; issue 18)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from labsite.data.bibtex import parse_bibtex
from labsite.data.latex import latex_to_html, plain_latex_html, pylatexenc_html

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]


def _generated_corpus() -> str:
    spec = importlib.util.spec_from_file_location("corpus", REPO / "benchmarks" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.corpus_bibtex(1865)


def _values() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((HERE.parent / "corpus").glob("*.bib"))]
    texts.append((REPO / "data" / "publications.bib").read_text(encoding="utf-8"))
    texts.append(_generated_corpus())
    values: set[str] = set()
    for text in texts:
        database, _ = parse_bibtex(text)
        for entry in database.entries.values():
            values.update(entry.fields.values())
            for persons in entry.persons.values():
                values.update(str(person) for person in persons)
    return sorted(values)


EDGE_CASES = [
    "{}",
    "{-}-",
    "-{-}",
    "a-{-}-b",
    "a -- b",
    "a --- b",
    "a ---- b",
    "{--}",
    "-{}-",
    "x - y",
    "{{A}}  {B}\n c",
    "a}{b",
    "{a",
    "a}",
]


def test_fast_path_matches_pylatexenc_on_every_export_value() -> None:
    values = _values() + EDGE_CASES
    fast = {value: plain_latex_html(value) for value in values}
    taken = [value for value, html in fast.items() if html is not None]
    assert len(taken) > len(values) // 4, "the fast path should cover most braces-and-dashes values"
    mismatches = {
        value: (fast[value], pylatexenc_html(value)) for value in taken if fast[value] != pylatexenc_html(value)
    }
    assert not mismatches


@pytest.mark.parametrize("value", ["a}{b", "{a", "a}", "\\emph{x} -- y", "$x$--y", "``q''"])
def test_fast_path_leaves_anything_else_to_pylatexenc(value: str) -> None:
    assert plain_latex_html(value) is None
    if "$" not in value:  # math goes to labsite.data.mathml, not to pylatexenc
        assert latex_to_html(value) == pylatexenc_html(value)
    else:
        assert "<math" in latex_to_html(value)


def test_values_converted_on_several_cores_are_those_of_one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """The BibTeX file's LaTeX converted in worker processes (a large file) gives the same HTML."""
    from labsite.data import latex

    monkeypatch.setattr(latex, "_CONVERTED", {})
    values = [v for v in _values() if latex.LATEX_SPECIALS.search(v) and plain_latex_html(v) is None][:400]
    assert len(values) >= latex.PARALLEL_MINIMUM
    assert latex.convert_in_parallel(values, workers=2) == len(set(values))
    assert {value: pylatexenc_html(value) for value in values} == latex._CONVERTED
