"""A record kind added the way labsite/README.md ("How to add a record kind") says works end to end.

The kind (``datasets``: a name, a URL, a year, the papers it goes with) is not one of labsite's: this
module holds its model, its view, its directive and its row, and the fixture ``datasets_kind`` puts them
where the README's steps put them in labsite's own files (the row in ``labsite.data.kinds.KINDS``, the
directive in ``labsite.sphinx.directives.DIRECTIVES``). The records are the invented ones of
``roots/test-record-kind``."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest
from docutils import nodes
from labsite.content import views
from labsite.data import dataset, kinds, model, schemas
from labsite.data.dataset import SiteData, load_site_data
from labsite.data.problems import DataError
from labsite.sphinx import directives, domain, listings
from labsite.testing import build, copy_site
from pydantic import Field
from sphinx.domains import ObjType
from sphinx.roles import XRefRole

from labsite import check as check_command

ROOT = Path(__file__).parent / "roots" / "test-record-kind"


# step 1: the model
class Dataset(model.Record):
    """A data set the lab publishes."""

    id: model.Slug
    name: model.Text
    url: model.Link
    year: int = Field(description="The year it was released.")
    papers: list[str] = Field([], description="Citation keys in publications.bib of the papers it goes with.")


class Datasets(model.Record):
    datasets: list[Dataset] = []  # noqa: RUF012 (a pydantic field, copied per instance; as in model.py)


# step 2: the row
DATASETS = kinds.RecordKind(
    "datasets",
    "datasets.yaml",
    Datasets,
    items="datasets",
    count="datasets",
    unique=(kinds.Unique("datasets", "id"),),
    directives=("dataset-list",),
    objtype="dataset",
    label="dataset",
)


# step 4: what pages show
def dataset_table(datasets: Sequence[Dataset]) -> views.Table:
    """Newest first: year, name (linked); each row anchored ``dataset-<id>``."""
    ordered = sorted(datasets, key=lambda d: -d.year)
    rows = tuple(((views.Span(str(d.year)),), (views.Span(d.name, url=d.url),)) for d in ordered)
    return views.Table(("Year", "Data set"), rows, "lab-datasets", tuple(f"dataset-{d.id}" for d in ordered))


# step 5: the directive
class DatasetList(directives.DataDirective):
    option_spec: ClassVar[dict[str, Any]] = {}

    def build(self, data: SiteData) -> list[nodes.Node]:
        """The data sets as a table (none without any, with a warning)."""
        records: list[Dataset] = data.records("datasets")
        if not self.require(data, "datasets", bool(records)):
            return []
        self.note_shown("dataset", [d.id for d in records])
        return listings.table(dataset_table(records), listings.Anchors.of_directive(self))


@pytest.fixture
def datasets_kind(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The row before the publications (its place is the loading order), the directive registered, and
    the tables labsite computes from the row when it is imported brought up to date."""
    table = (*kinds.KINDS[:-1], DATASETS, kinds.KINDS[-1])
    yaml_kinds = tuple(k for k in table if k.model is not None)
    for module in (kinds, dataset, check_command):
        if hasattr(module, "KINDS"):
            monkeypatch.setattr(module, "KINDS", table)
    for module in (kinds, dataset, schemas):
        monkeypatch.setattr(module, "YAML_KINDS", yaml_kinds)
    monkeypatch.setitem(kinds.BY_NAME, "datasets", DATASETS)
    monkeypatch.setitem(kinds.BY_OBJTYPE, "dataset", DATASETS)
    monkeypatch.setitem(domain.OBJECT_TYPES, "dataset", "dataset-")
    monkeypatch.setitem(domain.LabsiteDomain.object_types, "dataset", ObjType("dataset", "dataset"))
    monkeypatch.setitem(domain.LabsiteDomain.roles, "dataset", XRefRole(innernodeclass=nodes.inline))
    monkeypatch.setitem(directives.DIRECTIVES, "dataset-list", DatasetList)
    yield


def _files(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}


def test_a_new_kind_is_an_empty_collection_of_every_site_without_a_field_of_its_own(datasets_kind: None) -> None:
    assert SiteData(data_dir=Path(".")).records("datasets") == []


def test_a_new_kinds_records_are_listed_and_its_role_links_to_them(
    datasets_kind: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = build(ROOT, tmp_path / "html")
    records = load_site_data(ROOT / "data").records("datasets")
    rows = site.main("datasets").select("table.lab-datasets tbody tr")
    assert [row["id"] for row in rows] == [f"dataset-{d.id}" for d in sorted(records, key=lambda d: -d.year)]
    for record in records:
        assert site.main("datasets").find("a", href=record.url).get_text() == record.name
    [link] = site.main().select('a[href*="#dataset-"]')
    assert site.main("datasets").find(id=link["href"].split("#")[1]) is not None  # lands on its row
    assert check_command.main([str(ROOT / "data"), "--confdir", str(ROOT)]) == 0  # labsite-check counts them
    assert re.search(rf"\b{len(records)} datasets\b", capsys.readouterr().out)


def test_a_bad_record_of_a_new_kind_is_a_located_error(datasets_kind: None, tmp_path: Path) -> None:
    src = copy_site(ROOT, tmp_path / "src")
    path = src / "data" / "datasets.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("year: 2024", "year: soon"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_site_data(src / "data")
    [problem] = err.value.problems
    line = next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "soon" in row)
    assert (problem.file, problem.line, problem.field) == (path, line, "year")
    assert problem.entry is not None and "small-corpus" in problem.entry


def test_an_edit_of_a_new_kind_rebuilds_its_page_as_a_clean_build(datasets_kind: None, tmp_path: Path) -> None:
    src = copy_site(ROOT, tmp_path / "src")
    build(src, tmp_path / "html")
    path = src / "data" / "datasets.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Small Corpus", "Small Corpus v2"), encoding="utf-8")
    again = build(src, tmp_path / "html", fresh=False)
    assert "Small Corpus v2" in again.text("datasets")
    clean = build(src, tmp_path / "clean")
    assert _files(again.outdir) == _files(clean.outdir)


def test_a_parallel_build_of_a_new_kind_writes_the_files_of_a_serial_one(datasets_kind: None, tmp_path: Path) -> None:
    serial = build(ROOT, tmp_path / "serial")
    parallel = build(ROOT, tmp_path / "parallel", parallel=2)
    assert _files(parallel.outdir) == _files(serial.outdir)


def test_the_anchors_of_a_plain_list_or_table_become_the_html_ids_of_their_records() -> None:
    """A kind shown by the generic views (a list of items, a table) anchors its records there, with no
    listing of its own in ``sphinx/listings.py``; an anchor without the page's anchors is refused."""
    from docutils.utils import new_document

    anchors = listings.Anchors(new_document("<test>"))
    [bullets] = listings.item_list(
        [views.Item(((views.Span("Tiny Bench"),),), anchor="dataset-tiny-bench"), views.Item(((views.Span("x"),),))],
        anchors,
    )
    assert [item["ids"] for item in bullets.children] == [["dataset-tiny-bench"], []]
    [found] = listings.table(
        dataset_table([Dataset(id="a", name="A", url="https://example.org/a", year=2020)]), anchors
    )
    assert [row["ids"] for row in found.findall(nodes.row)] == [[], ["dataset-a"]]
    with pytest.raises(ValueError, match="dataset-a"):
        listings.table(dataset_table([Dataset(id="a", name="A", url="https://example.org/a", year=2020)]))


class UnanchoredDatasetList(DatasetList):
    def build(self, data: SiteData) -> list[nodes.Node]:
        """The data sets as a table without their anchors (the mistake the warning is for)."""
        records: list[Dataset] = data.records("datasets")
        self.note_shown("dataset", [d.id for d in records])
        plain = dataset_table(records)
        return listings.table(views.Table(plain.headings, plain.rows, plain.css_class))


def test_records_shown_without_their_anchors_are_a_located_warning(
    datasets_kind: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A role to such a record would lead to the top of the page: the strict build fails, naming the page."""
    from sphinx.errors import SphinxError

    monkeypatch.setitem(directives.DIRECTIVES, "dataset-list", UnanchoredDatasetList)
    with pytest.raises(SphinxError) as err:
        build(ROOT, tmp_path / "html")
    records = load_site_data(ROOT / "data").records("datasets")
    assert "datasets.md" in str(err.value) and "[labsite.missing-anchor]" in str(err.value)
    assert all(f"dataset-{d.id}" in str(err.value) for d in records)
