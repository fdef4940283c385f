"""`make html` and Read the Docs build with ``-j auto`` (issue 18, item 5): a parallel build of the whole
site (documents read and written on several processes, generated pages written by the page pool)
writes exactly the files of a serial build, byte for byte, and an incremental parallel build keeps them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sitebuild import Build, build_real_site


def tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_a_parallel_build_of_the_site_writes_exactly_the_files_of_a_serial_build(site: Build, tmp_path: Path) -> None:
    parallel = build_real_site(tmp_path / "html", parallel=2)
    assert "on 2 processes" in parallel.status  # the generated pages went through the pool
    expected = tree(site.outdir)
    got = tree(parallel.outdir)
    assert sorted(set(got) ^ set(expected)) == []
    assert sorted(name for name in expected if got[name] != expected[name]) == []
    again = build_real_site(tmp_path / "html", parallel=2, fresh=False)  # nothing changed: nothing lost
    assert tree(again.outdir) == expected


def test_make_html_and_read_the_docs_build_on_every_core() -> None:
    """`labsite-build` (make html, Read the Docs) gives Sphinx ``-j auto`` unless told otherwise."""
    import yaml
    from labsite.build import parallel_options
    from sitebuild import REPO

    assert parallel_options(["-nW", "--keep-going"]) == ["-nW", "--keep-going", "-j", "auto"]
    assert parallel_options(["-nW", "-j", "1"]) == ["-nW", "-j", "1"]
    assert parallel_options(["-j4"]) == ["-j4"]
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert all("-j auto" in command for command in config["build"]["jobs"]["build"]["html"])
