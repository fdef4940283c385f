from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitebuild import Build, build_real_site

from labsite.dataset import SiteData, load_site_data

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once per test session, strictly (any warning fails the build)."""
    return build_real_site(tmp_path_factory.mktemp("site") / "html")


@pytest.fixture(scope="session")
def data() -> SiteData:
    return load_site_data(REPO / "data")
