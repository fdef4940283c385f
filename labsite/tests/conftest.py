"""The engine's tests: Sphinx's own test fixtures (``app``, ``make_app``, ``@pytest.mark.sphinx``) on the
small sites in ``roots/`` (``testroot="formats"`` is ``roots/test-formats``)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds its test sites."""
    return Path(__file__).parent / "roots"
