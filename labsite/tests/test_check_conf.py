"""``make check`` looks where ``make html`` does: the folders the site's conf.py sets (``labsite_data_dir``,
``labsite_files_dir``, ``labsite_previews_dir``), with the same report."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from labsite.check import main as check_main
from labsite.quickstart import main
from labsite.testing import build, copy_site
from PIL import Image

ROOTS = Path(__file__).parent / "roots"
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")

#: al-folio entries naming their PDF and preview by file name: one present in the moved folders, one not
PAPERS = """
@article{{{key},
  title={{Punched Cards, part {n}}},
  author={{Jacquard, Joseph}},
  journal={{Journal of Weaving}},
  year={{2026}},
  pdf={{{key}.pdf}},
  preview={{{key}.png}},
}}
"""

#: what the lab's conf.py moves: setting -> (default folder, the lab's own)
MOVED = {"labsite_files_dir": ("files", "papers"), "labsite_previews_dir": ("images", "thumbs")}


def make(site: Path, target: str) -> subprocess.CompletedProcess[str]:
    # a make of its own, not a sub-make of `make test` (which would print "Entering directory" lines)
    inherited = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}
    env = {**inherited, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(["make", target], cwd=site, env=env, capture_output=True, text=True, check=False)


def put_files(docs: Path, folders: tuple[str, str], key: str) -> None:
    """`key`'s PDF in `folders[0]`, its preview in `folders[1]` (of the pages folder `docs`)."""
    for folder in folders:
        (docs / folder).mkdir(exist_ok=True)
    (docs / folders[0] / f"{key}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    Image.new("RGB", (40, 20), "teal").save(docs / folders[1] / f"{key}.png")


@needs_make
@pytest.mark.parametrize("data", ["data", "records"])
def test_make_check_looks_in_the_folders_conf_py_sets_with_the_report_of_make_html(tmp_path: Path, data: str) -> None:
    """A paper's PDF and preview in the lab's own folders (and its data files in its own folder, `records`):
    `make check` reports the missing ones there, not the present ones, in the lines `make html` prints."""
    main([str(tmp_path / "lab")])
    lab = tmp_path / "lab"
    (lab / "data").rename(lab / data)
    settings = {"labsite_data_dir": data, **{name: own for name, (_, own) in MOVED.items()}}
    with (lab / "conf.py").open("a", encoding="utf-8") as conf:
        conf.writelines(f"{name} = {value!r}\n" for name, value in settings.items())
    bib = lab / data / "publications.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8") + "".join(PAPERS.format(key=k, n=n) for n, k in enumerate(("here", "gone"))),
        encoding="utf-8",
    )
    own = tuple(own for _, own in MOVED.values())
    default = tuple(default for default, _ in MOVED.values())
    put_files(lab / "docs", own, "here")
    put_files(lab / "docs", default, "gone")  # where the folders would be without conf.py: not looked at

    check, html = make(lab, "check"), make(lab, "html")
    assert check.returncode != 0 and html.returncode != 0, check.stderr + html.stderr
    problems = [line.strip() for line in check.stderr.splitlines() if line.startswith("  ")]
    located = [re.match(rf"{data}/publications\.bib:\d+: entry '([^']+)', field '([^']+)': (.*)", p) for p in problems]
    assert [(m.group(1), m.group(2)) for m in located if m] == [("gone", "pdf"), ("gone", "preview")], check.stderr
    assert f"no file '{own[0]}/gone.pdf'" in problems[0] and f"no file '{own[1]}/gone.png'" in problems[1]
    assert [line.strip() for line in html.stderr.splitlines() if line.startswith("  ")] == problems

    put_files(lab / "docs", own, "gone")
    check = make(lab, "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout.splitlines()[-1].startswith(f"{data}: ")


def test_sphinx_alone_warns_of_a_papers_missing_files_in_the_words_of_make_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`make livehtml` runs Sphinx alone (no check first): a paper's missing PDF and preview are its
    warnings, located at the entry, saying what `make check` and `make html` say."""
    src = copy_site(ROOTS / "test-publications", tmp_path / "site")
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8") + 'labsite_files_dir = "papers"\n')
    bib = src / "data" / "publications.bib"
    bib.write_text(PAPERS.format(key="gone", n=1), encoding="utf-8")
    assert check_main([str(src / "data"), "--pages", str(src)]) == 1
    problems = [line.strip() for line in capsys.readouterr().err.splitlines() if line.startswith("  ")]
    found = [re.match(r".*publications\.bib:(\d+): (entry 'gone', field '(pdf|preview)': .*)", p) for p in problems]
    assert [m.group(3) for m in found if m] == ["pdf", "preview"], problems
    # strict=False: the root's pages name papers this one-paper site does not have
    warnings = build(src, src / "_build" / "html", strict=False).warnings
    for match in found:
        assert match and f"{bib}:{match.group(1)}: WARNING: {match.group(2)}" in warnings, warnings


def test_the_build_checks_the_folders_its_sphinx_options_set_over_conf_py(tmp_path: Path) -> None:
    """`make html SPHINXOPTS="-D labsite_files_dir=..."`: the check before Sphinx looks where Sphinx will."""
    from labsite.build import config_overrides, site_folders

    (tmp_path / "conf.py").write_text('labsite_files_dir = "papers"\nlabsite_previews_dir = "thumbs"\n', "utf-8")
    options = ["-nW", "-D", "labsite_previews_dir=pictures", "--define=labsite_cv_pdf=vita.pdf", "-Dlanguage=de"]
    folders = site_folders(tmp_path, config_overrides(options))
    assert (folders["labsite_files_dir"], folders["labsite_previews_dir"]) == ("papers", "pictures")
    assert (folders["labsite_cv_pdf"], folders["labsite_data_dir"]) == ("vita.pdf", "data")
