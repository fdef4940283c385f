"""The engine's direction: ``data -> content -> sphinx``, no import cycle, no Sphinx below ``sphinx/``.

``make lint`` checks the layers with import-linter (the contracts in the root ``pyproject.toml``); these
tests check what its contracts cannot say: no cycle between any two modules of the package, its root
``labsite/__init__.py`` included (imports inside functions count: grimp reads every import statement),
and that importing the lower layers really loads neither Sphinx nor docutils.
"""

from __future__ import annotations

import subprocess
import sys

import grimp

LOWER_LAYERS = ["labsite.data", "labsite.content", "labsite.locale"]


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every import cycle between modules, as the chain that closes it (one per importing module pair)."""
    found = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                found.append([importer, *back])
    return found


def test_no_module_of_labsite_imports_itself_through_others() -> None:
    graph = grimp.build_graph("labsite", cache_dir=None)
    assert cycles(graph) == []


def test_the_cycle_check_sees_imports_inside_functions(tmp_path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def late():\n    from . import a\n")
    sys.path.insert(0, str(tmp_path))
    try:
        graph = grimp.build_graph("pkg", cache_dir=None)
    finally:
        sys.path.remove(str(tmp_path))
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.a"], ["pkg.b", "pkg.a", "pkg.b"]]


def test_data_content_and_locale_load_neither_sphinx_nor_docutils() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in LOWER_LAYERS)
        + "import labsite.content.chart, labsite.content.feeds, labsite.content.jsonld, labsite.content.llms\n"
        + "import labsite.content.pager, labsite.content.publications, labsite.content.render\n"
        + "import labsite.content.scholar, labsite.content.stylesheet\n"
        + "import labsite.data.check, labsite.data.dataset, labsite.data.importbib, labsite.data.schemas\n"
        + "from labsite.locale import _, month_year\n"
        + "assert _('Since {date}') == 'Since {date}' and month_year('09/2024') == 'September 2024'\n"
        + "print(sorted({m.split('.')[0] for m in sys.modules} & {'sphinx', 'docutils', 'myst_parser'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
