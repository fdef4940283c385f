"""Fixtures of the site's tests: the real site (``site``) and its data (``data``), built and loaded once per
test process (per worker with ``pytest -n``).

The site's checks also run on a copy of the checkout with every edit recipe of the README applied
(tests/test_readme_recipes.py): each test of a module in :data:`EDITED_COPY_MODULES` that uses ``site`` or
``data`` runs twice, ``[checkout]`` on this checkout and ``[edited]`` on the edited copy, so no check
hard-codes what the owner's edits change (a count, the newest talk, the list of pages).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from labsite.data.dataset import SiteData, load_site_data
from sitebuild import Build, build, build_real_site

REPO = Path(__file__).resolve().parent.parent

#: the modules whose site checks run on the README recipes' edited copy too (the browser tests need a
#: browser; the rest of the suite does not read the site's data)
EDITED_COPY_MODULES = {
    "test_site.py",
    "test_site_news.py",
    "test_publications.py",
    "test_cite_this.py",
    "test_seo.py",
    "test_images.py",
    "test_feeds.py",
    "test_redirects.py",
    "test_assets.py",
    "test_cv.py",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the site checks of :data:`EDITED_COPY_MODULES` on this checkout and on the edited copy."""
    in_module = Path(metafunc.definition.path).name in EDITED_COPY_MODULES
    if in_module and {"site", "data"} & set(metafunc.fixturenames):
        metafunc.parametrize("checkout", ["checkout", "edited"], indirect=True, scope="session")


@pytest.fixture(scope="session")
def edited_checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the checkout (sharing its .venv) with every edit recipe of the README applied."""
    from checkout import copy_checkout
    from test_readme_recipes import RECIPES

    root = copy_checkout(tmp_path_factory.mktemp("recipes"))
    for recipe in RECIPES.values():
        recipe(root)
    return root


@pytest.fixture(scope="session")
def checkout(request: pytest.FixtureRequest) -> Path:
    """The checkout the site is built from: this one, or (parameter ``edited``) the README recipes' copy."""
    if getattr(request, "param", "checkout") == "edited":
        return request.getfixturevalue("edited_checkout")
    return REPO


@pytest.fixture(scope="session")
def site(checkout: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once per test session, strictly (any warning fails the build)."""
    outdir = tmp_path_factory.mktemp("site") / "html"
    if checkout == REPO:
        return build_real_site(outdir)
    return build(checkout / "docs", outdir, confdir=checkout)


@pytest.fixture(scope="session")
def data(checkout: Path) -> SiteData:
    """The site's data files (data/), loaded."""
    return load_site_data(checkout / "data")
