"""The table of record kinds (labsite.data.kinds) is what loading, checks, schemas, the domain and the
directives read: each of them follows the table, with nothing declared a second time."""

from __future__ import annotations

from pathlib import Path

import pytest
from labsite.data import kinds, schemas
from labsite.data.dataset import SiteData, load_site_data
from labsite.data.problems import DataError


def test_every_kind_is_a_collection_of_the_site() -> None:
    site = SiteData(data_dir=Path("."))
    for kind in kinds.KINDS:
        assert hasattr(site, kind.name), kind.name
        assert site.records(kind.name) == [], kind.name  # absent files give empty collections
        assert site.path(kind.name).name == kind.file


def test_schemas_are_the_yaml_kinds() -> None:
    assert sorted(schemas.schema_texts()) == sorted(schemas.schema_name(k.file) for k in kinds.YAML_KINDS)


def test_domain_object_types_and_directives_come_from_the_table() -> None:
    from labsite.sphinx.directives import DIRECTIVES
    from labsite.sphinx.domain import LabsiteDomain

    objtypes = {k.objtype for k in kinds.KINDS if k.objtype}
    assert set(LabsiteDomain.object_types) == objtypes | {"paper"}
    assert set(LabsiteDomain.roles) == objtypes | {"paper", "papers"}
    named = {name for name, _ in kinds.all_directives()}
    assert set(DIRECTIVES) <= named


@pytest.mark.parametrize("kind", [k for k in kinds.YAML_KINDS if k.unique], ids=lambda k: k.name)
def test_unique_fields_of_the_table_are_checked(tmp_path: Path, kind: kinds.RecordKind) -> None:
    """A duplicate of each unique field the table declares is a located error (file, line, entry, field)."""
    unique = kind.unique[-1]
    record = {"id": "same", "label": "Same", "name": "Same", "description": "d", "link": "https://example.org/"}
    model = kind.model
    assert model is not None
    item_model = model.model_fields[unique.items].annotation.__args__[0]  # list[Item]
    fields = {
        (info.alias or name): record.get(info.alias or name, "x")
        for name, info in item_model.model_fields.items()
        if info.is_required()
    }
    if unique.field not in fields:
        fields[unique.field] = record[unique.field]
    lines = [f"{unique.items}:"]
    for _ in range(2):
        lines.append("  - " + "\n    ".join(f"{key}: {value}" for key, value in fields.items()))
    (tmp_path / kind.file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    if kind.name == "people":  # members need a role and distinct names
        (tmp_path / kind.file).write_text(
            "roles:\n  - id: r\n    label: R\nmembers:\n"
            "  - {id: same, name: Ada Lovelace, role: r, start: 01/2020}\n"
            "  - {id: same, name: Alan Turing, role: r, start: 01/2020}\n",
            encoding="utf-8",
        )
    with pytest.raises(DataError) as err:
        load_site_data(tmp_path)
    [problem] = [p for p in err.value.problems if f"duplicate {unique.field}" in p.message]
    assert problem.file == tmp_path / kind.file and problem.line and problem.field == unique.field


def test_the_json_ld_type_of_a_record_comes_from_its_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table's `jsonld_type` is what the JSON-LD blocks write (not a second copy beside it)."""
    import dataclasses

    from labsite.content import jsonld, scholar
    from labsite.data import model

    talk = model.Talk(type="talk", venue="A Venue", date="03/2024")
    paper = model.Publication(key="k", entry_type="misc", title="T", authors=["A B"], year=2024)
    profile = model.Profile(name="A B", title="Professor")
    found = (
        jsonld.talk_event(talk, anchor_url="u")["@type"],
        scholar.json_ld(paper, None)["@type"],
        jsonld.person(profile, url="u")["@type"],
    )
    assert found == tuple(kinds.kind(name).jsonld_type for name in ("talks", "publications", "profile"))
    for name in ("talks", "publications", "profile"):
        monkeypatch.setitem(kinds.BY_NAME, name, dataclasses.replace(kinds.kind(name), jsonld_type=f"X{name}"))
    assert jsonld.talk_event(talk, anchor_url="u")["@type"] == "Xtalks"
    assert scholar.json_ld(paper, None)["@type"] == "Xpublications"
    assert jsonld.person(profile, url="u")["@type"] == "Xprofile"


def test_every_cv_section_is_declared_by_the_kinds_whose_records_it_shows() -> None:
    """The rows' `cv_sections` name the CV's sections (each by exactly one kind) and cv.json's projects;
    the CV page depends on the data files of exactly those kinds."""
    from labsite.content import cv
    from labsite.sphinx.cv import CV

    declared = [section for k in kinds.KINDS for section in k.cv_sections]
    assert len(declared) == len(set(declared))
    assert set(declared) == set(cv.SECTION_IDS) | {"projects"}
    assert set(CV.uses) == {k.name for k in kinds.KINDS if k.cv_sections}
