"""The CV's cost: its share of a clean build of the real site (x1), and the time to typeset cv.pdf and
cv-short.pdf from the data multiplied (x100: about 7,500 papers, 3,500 talks, 1,700 members).
Goals: at most 10 % of a clean build; at most 2 s for the x100 cv.pdf.

    .venv/bin/python benchmarks/cv.py [--scale 100] [--runs 3] [--template cv.typ]

(`--template`: time cv.pdf and cv-short.pdf with another typst template than labsite's, e.g. a variant of
it, on the same data.)

Works in a temporary folder (the repository is never written to). Every run is a fresh process, so no
run profits from typst's in-process caches left by an earlier one (a build typesets each CV once);
figures are medians over the runs.

- Share: the time of a clean build of the real site spent in the CV's ``env-updated`` handler
  (typesetting both PDFs and the JSON Resume) and in the ``cv`` directive, over the whole build.
- PDF: cv.pdf as the build makes it (the records' view, then the JSON the template receives and
  typst's compile to tagged PDF; typst's CPU time counts all its threads: more than its wall time
  when it lays out page runs, the pages between explicit page breaks, in parallel), then
  cv-short.pdf in the same process (as in a build: it reuses what typst laid out for cv.pdf), with
  the site's ``labsite_cv_short_*`` settings. The data is loaded once, outside the timings.
- Baseline: the same machine is shared and its load varies, so each round also times a fixed typst
  job (a reference document of plain paragraphs, no data) in a fresh process; cv.pdf / baseline is
  a ratio that does not depend on how loaded the machine was.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

#: the baseline's reference document: plain paragraphs in the CV's font, about 120 pages
REFERENCE = """#set document(title: "Reference")
#set text(font: "Libertinus Serif", size: 10pt, lang: "en")
#for i in range(3000) [
  Paragraph #i of the reference: a line of plain text, set in the CV's font and size, so that this
  document measures what typst itself costs on this machine now.

]
"""


#: what the CV costs in a build, by where it is in :mod:`labsite.sphinx.cv` (patched before the build, so
#: that ``setup`` connects the timed functions): the directive's nodes, the lists put in when the page is
#: written, the records registered for the page's freshness, the PDFs and JSON Resume made
TIMED = ("CV.build", "fill_cv_records", "register_cv_records", "make_cv_files")


def child_share(site: Path, out: Path) -> dict[str, float]:
    """(in a fresh process) seconds of a clean build of `site`, and of it spent on the CV (:data:`TIMED`;
    a name missing there stops the benchmark instead of timing nothing)."""
    from labsite.sphinx import cv as sphinx_cv
    from labsite.testing import build

    spent = [0.0]

    def timed(function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start

        return wrapper

    for name in TIMED:
        owner_name, _, attribute = name.rpartition(".")
        owner = getattr(sphinx_cv, owner_name) if owner_name else sphinx_cv
        if not callable(getattr(owner, attribute, None)):
            raise SystemExit(f"benchmarks/cv.py: labsite.sphinx.cv has no {name}; update TIMED")
        setattr(owner, attribute, timed(getattr(owner, attribute)))
    start = time.perf_counter()
    build(site / "docs", out, confdir=site)
    return {"total": time.perf_counter() - start, "cv": spent[0]}


def short_filter(site: Path) -> Any:
    """The short CV's filter from the site's conf.py (labsite's defaults for settings it leaves out)."""
    from labsite.content import cv as content_cv
    from labsite.sphinx.settings import SETTINGS

    conf = {s.name: s.default for s in SETTINGS} | runpy.run_path(str(site / "conf.py"))
    return content_cv.CVFilter.from_settings(
        conf["labsite_cv_short_papers"],
        conf["labsite_cv_short_paper_limit"],
        conf["labsite_cv_short_talk_months"],
        conf["labsite_cv_short_students"],
        conf["labsite_cv_short_sections"],
    )


def child_pdf(pickled: Path, site: Path, template: Path | None = None) -> dict[str, Any]:
    """(in a fresh process) cv.pdf then cv-short.pdf from the pickled data with the typst `template`
    (labsite's by default): seconds of each stage."""
    from labsite.content import cv as content_cv
    from labsite.data.builddate import build_datetime

    data = pickle.loads(pickled.read_bytes())
    template = template or content_cv.TEMPLATE

    def options(short: bool = False) -> content_cv.CVOptions:
        return content_cv.CVOptions(
            updated=build_datetime(data),
            homepage="https://example.org/",
            paper_url=lambda p: f"https://example.org/publications/{p.key}/",
            filter=short_filter(site) if short else content_cv.CVFilter(),
        )

    start = time.perf_counter()
    document = content_cv.cv_document(data, options())
    view = time.perf_counter()
    cpu_start = time.process_time()  # every thread's: typst lays out page runs in parallel
    _pdf, pages = content_cv.typst_pdf(document, template)
    cpu = time.process_time() - cpu_start
    done = time.perf_counter()
    short_options = options(short=True)
    short_start = time.perf_counter()
    try:
        _short, short_pages = content_cv.short_cv_pdf(data, short_options, template)
        problem = ""
    except content_cv.CVError as err:  # two pages cannot hold even the sections' headings
        short_pages, problem = 0, str(err)
    short_done = time.perf_counter()
    # the short CV as a site with that many records would set it: without the talks and students
    sections = tuple(s for s in short_options.filter.sections if s not in ("talks", "students"))
    short_options.filter = dataclasses.replace(short_options.filter, sections=sections)
    fewer_start = time.perf_counter()
    _fewer, fewer_pages = content_cv.short_cv_pdf(data, short_options, template)
    fewer_done = time.perf_counter()
    json_start = time.perf_counter()
    document.to_json()  # the JSON alone (typst_pdf made it once already), for the stage figures
    json_time = time.perf_counter() - json_start
    return {
        "papers": len(data.publications),
        "pages": pages,
        "view": view - start,
        "json": json_time,
        "typst": done - view - json_time,
        "typst_cpu": cpu - json_time,
        "cv": done - start,
        "short": short_done - short_start,
        "short_pages": short_pages,
        "short_problem": problem,
        "fewer": fewer_done - fewer_start,
        "fewer_pages": fewer_pages,
        "fewer_sections": ", ".join(sections),
    }


def child_reference(folder: Path) -> dict[str, float]:
    """(in a fresh process) seconds to typeset the reference document."""
    import typst

    source = folder / "reference.typ"
    source.write_text(REFERENCE, encoding="utf-8")
    compiler = typst.Compiler(input=str(source), root=str(folder), ignore_system_fonts=True)
    start = time.perf_counter()
    compiler.compile(format="pdf", pdf_standards=["ua-1"], timestamp=0)
    return {"reference": time.perf_counter() - start}


def run_child(*args: str) -> dict[str, Any]:
    """This script as a fresh process (`--child ...`); its figures (the last line it prints, JSON)."""
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"benchmarks/cv.py --child {' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--template", type=Path, help="a typst template to time instead of labsite's")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        paths = [Path(p) for p in rest]
        figures = {"share": child_share, "pdf": child_pdf, "reference": child_reference}[kind](*paths)
        print(json.dumps(figures))
        return 0

    from labsite.data.dataset import load_site_data
    from sites import real_site, scale_data

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        site = real_site(tmp / "x1")
        share = [run_child("share", str(site), str(tmp / f"x1-out-{i}")) for i in range(args.runs)]
        total, spent = median(share, "total"), median(share, "cv")
        shares = sorted(100 * run["cv"] / run["total"] for run in share)
        print(
            f"clean build x1: {total:.2f} s, of which the CV {spent:.2f} s; share {statistics.median(shares):.1f} % "
            f"(runs: {', '.join(f'{s:.1f}' for s in shares)} %; goal <= 10 %)"
        )
        for factor in (1, args.scale):
            scaled = real_site(tmp / f"pdf-x{factor}")
            if factor > 1:
                scale_data(scaled, factor)
            pickled = tmp / f"data-x{factor}.pickle"
            pickled.write_bytes(pickle.dumps(load_site_data(scaled / "data")))
            runs, references = [], []
            for _ in range(args.runs):
                references.append(run_child("reference", str(tmp)))
                template = [str(args.template.resolve())] if args.template else []
                runs.append(run_child("pdf", str(pickled), str(scaled), *template))
            first, reference = runs[0], median(references, "reference")
            cv = median(runs, "cv")
            print(
                f"cv.pdf x{factor}: {first['papers']} papers, {first['pages']:.0f} pages: {cv:.2f} s "
                f"(view {median(runs, 'view'):.2f} s, JSON {median(runs, 'json'):.2f} s, "
                f"typst {median(runs, 'typst'):.2f} s, CPU {median(runs, 'typst_cpu'):.2f} s)"
                f"{'; goal <= 2 s' if factor > 1 else ''}"
            )
            if first["short_problem"]:
                print(
                    f"cv-short.pdf x{factor}: the build stops, {median(runs, 'short'):.2f} s: {first['short_problem']}"
                )
            else:
                print(
                    f"cv-short.pdf x{factor}: {first['short_pages']:.0f} pages: {median(runs, 'short'):.2f} s"
                    " (after cv.pdf, as in a build)"
                )
            print(
                f"cv-short.pdf x{factor} with the sections {first['fewer_sections']}: "
                f"{first['fewer_pages']:.0f} pages: {median(runs, 'fewer'):.2f} s"
            )
            ratio = statistics.median(run["cv"] / ref["reference"] for run, ref in zip(runs, references, strict=True))
            print(
                f"  baseline (typst reference document): {reference:.2f} s; cv.pdf / baseline {ratio:.2f} "
                f"(median of {args.runs} runs, each in a fresh process)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
