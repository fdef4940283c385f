"""The build log that :func:`labsite.testing.build` returns reads the same on a terminal, in CI and in a
file: tests (ours and a lab's) find what Sphinx read in it whatever the environment says of colours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from labsite.testing import build

ROOT = Path(__file__).parent / "roots" / "test-directives"


@pytest.mark.parametrize("variable", ["CI", "FORCE_COLOR", None])
def test_every_document_read_is_a_line_of_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str | None
) -> None:
    """With ``CI=true`` or ``FORCE_COLOR`` Sphinx draws its progress on one terminal line (erase-line
    codes, carriage returns); the returned log has one line per document read, and no control codes."""
    for name in ("CI", "FORCE_COLOR", "FORCE_COLOUR", "NO_COLOR", "NO_COLOUR"):
        monkeypatch.delenv(name, raising=False)
    if variable:
        monkeypatch.setenv(variable, "true")
    status = build(ROOT, tmp_path / "html").status
    documents = {path.stem for path in ROOT.glob("*.md")}
    read = set(re.findall(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)$", status, re.MULTILINE))
    assert read == documents
    assert not re.search(r"[\x1b\r]", status)
