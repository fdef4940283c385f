"""Every ``labsite_*`` setting is declared once (``labsite.sphinx.settings``) and documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from labsite.sphinx.settings import SETTINGS
from sphinx.testing.util import SphinxTestApp

README = Path(__file__).parent.parent / "README.md"


@pytest.mark.sphinx("dirhtml", testroot="formats")
def test_every_labsite_setting_sphinx_knows_is_in_the_one_table(app: SphinxTestApp) -> None:
    registered = {item.name for item in app.config if item.name.startswith("labsite_")}
    declared = {setting.name: setting for setting in SETTINGS}
    assert sorted(registered) == sorted(declared), "declare a new labsite_* setting in labsite.sphinx.settings"
    for name, setting in declared.items():
        option = app.config.values[name]
        assert (option.default, option.rebuild, option.description) == (setting.default, setting.rebuild, setting.doc)


def test_the_readme_lists_every_setting_with_its_default_and_meaning() -> None:
    rows = {
        line.split("|")[1].strip(" `"): line
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `labsite_")
    }
    assert sorted(rows) == sorted(setting.name for setting in SETTINGS)
    for setting in SETTINGS:
        default = f'"{setting.default}"' if isinstance(setting.default, str) else repr(setting.default)
        assert f"`{default}`" in rows[setting.name]
        assert setting.doc in rows[setting.name]
