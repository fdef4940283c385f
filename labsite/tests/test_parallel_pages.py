"""Generated pages written on several cores (issue 18, item 5): ``sphinx-build -j 2`` writes the
publication pages in worker processes (:mod:`labsite.sphinx.pagepool`) and the site is exactly the
files of a serial build, byte for byte; a rebuild after it keeps every page. The citations of "Cite
this" are formatted on the worker processes too, before the pages are rendered (issue 20)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from labsite.sphinx import publications
from labsite.testing import build

ROOT = Path(__file__).parent / "roots" / "test-publications"

#: papers as DBLP and Google Scholar export them (names invented): braces, accents, math, dashes
EXTRA = """
@inproceedings{{DBLP:conf/icml/Okafor{n:02d},
  author    = {{Chidi Okafor and J{{\\"{{u}}}}rgen M{{\\"u}}ller and Ada Lovelace}},
  title     = {{{{ShardFlow{n}}}: Sharding with $O(n \\\\log n)$ Steps -- Part {n}}},
  booktitle = {{Proceedings of the 38th International Conference on Machine Learning, {{ICML}} 2021}},
  pages     = {{{n}--{n}9}},
  year      = {{2021}},
  doi       = {{10.5555/test.{n}}},
}}

@article{{okafor2020scholar{n},
  title={{On the Caching of {{KV}} Stores, Volume {n}}},
  author={{Lovelace, Ada and Pe{{\\~n}}a, Tom{{\\'a}}s}},
  journal={{arXiv preprint arXiv:2001.{n:05d}}},
  year={{2020}}
}}
"""


def _site(folder: Path) -> Path:
    src = folder / "site"
    shutil.copytree(ROOT, src)
    bib = src / "data" / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "".join(EXTRA.format(n=n) for n in range(1, 7)), "utf-8")
    return src


def _files(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}


def test_a_parallel_build_writes_exactly_the_files_of_a_serial_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publications, "PARALLEL_PAGES", 4)  # the test site's 20-odd generated pages
    monkeypatch.setattr(publications, "PARALLEL_CITATIONS", 4)  # and its papers' citations
    src = _site(tmp_path)
    serial = build(src, tmp_path / "serial")
    parallel = build(src, tmp_path / "parallel", parallel=2)
    assert "publication pages on 2 processes" in parallel.status  # the pool wrote them
    assert "citations on 2 processes" in parallel.status  # and formatted the citations first
    assert parallel.warnings == serial.warnings == ""
    expected = _files(serial.outdir)
    assert sum(name.startswith("publications/") for name in expected) > 12
    assert _files(parallel.outdir) == expected
    again = build(src, tmp_path / "parallel", fresh=False, parallel=2)  # nothing changed: nothing removed
    assert _files(again.outdir) == expected
