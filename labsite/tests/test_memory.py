"""The collector during a build (labsite.sphinx.memory): what is loaded to stay is left out of its walks
while pages are written, and the process is as it was once the build is over."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path
from typing import Any

import pytest
from labsite.sphinx import freshness
from labsite.testing import build

ROOT = Path(__file__).parent / "roots" / "test-directives"


def test_pages_are_written_with_the_loaded_objects_frozen_and_the_collector_is_set_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While each page is written, the objects loaded and read are frozen (gc.freeze) and the youngest
    generation is collected less often than Python's default; after the build (and a second, incremental
    one) nothing is frozen and the thresholds are those of before."""
    src = tmp_path / "site"
    shutil.copytree(ROOT, src)
    seen: list[tuple[int, int]] = []
    real = freshness.note_written

    def spy(app: Any, pagename: str, *args: Any) -> None:
        seen.append((gc.get_freeze_count(), gc.get_threshold()[0]))
        real(app, pagename, *args)

    monkeypatch.setattr(freshness, "note_written", spy)
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    for fresh in (True, False):
        seen.clear()
        build(src, src / "_build" / "html", fresh=fresh)
        assert seen, "pages were written"
        assert all(frozen > 0 and threshold > before[0] for frozen, threshold in seen), seen
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() == 0


def test_an_application_that_never_builds_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    """Tests and tools make a Sphinx application to read its settings or environment without building:
    the collector is then as it was (nothing frozen, the same thresholds), since no build-finished
    would set it back."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    src = tmp_path / "site"
    shutil.copytree(ROOT, src)
    before = gc.get_threshold()
    with docutils_namespace():
        Sphinx(src, src, src / "_build" / "html", src / "_build" / "doctrees", "html", status=None, warning=None)
    assert (gc.get_freeze_count(), gc.get_threshold()) == (0, before)


def test_a_command_line_build_ends_with_the_heap_frozen(tmp_path: Path) -> None:
    """``sphinx-build`` (and ``make html``) builds once, then the process ends: the objects alive at the end
    stay frozen, so the collector walks the heap neither after the build nor as the interpreter exits."""
    import subprocess
    import sys

    src = tmp_path / "site"
    shutil.copytree(ROOT, src)
    out, doctrees = src / "_build" / "html", src / "_build" / "doctrees"
    script = (
        "import gc, sys; from sphinx.cmd.build import build_main; "
        f"status = build_main(['-b', 'html', '-q', {str(src)!r}, {str(out)!r}, '-d', {str(doctrees)!r}]); "
        "print(status, gc.get_freeze_count() > 0)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "True"], done.stdout + done.stderr
    assert (out / "index.html").is_file()
