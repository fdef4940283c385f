from __future__ import annotations

from pathlib import Path

import pytest
from labsite.data.dataset import SiteData, load_site_data
from sitebuild import Build, build_real_site

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once per test session, strictly (any warning fails the build)."""
    return build_real_site(tmp_path_factory.mktemp("site") / "html")


@pytest.fixture(scope="session")
def data() -> SiteData:
    return load_site_data(REPO / "data")
