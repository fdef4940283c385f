"""The JSON Schema files editors use are the models' schemas, up to date, and they flag common mistakes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from labsite.data.dataset import YAML_FILES
from labsite.data.schemas import modeline, schema_name, schema_texts, stale

REPO = Path(__file__).resolve().parents[3]
SCHEMAS = REPO / "schemas"
DATA_DIRS = [REPO / "data", REPO / "labsite" / "tests" / "roots" / "test-bad-markup" / "data"]
FILE_NAMES = [name for name, _ in YAML_FILES.values()]


def validator(file_name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / schema_name(file_name)).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def errors(file_name: str, data: Any) -> list[str]:
    return [error.message for error in validator(file_name).iter_errors(data)]


def test_schema_files_are_up_to_date_with_the_models() -> None:
    assert stale(SCHEMAS) == [], "run `make schemas` (labsite-schemas) and commit schemas/"


def test_there_is_one_schema_per_yaml_data_file_and_no_other() -> None:
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(schema_texts())


@pytest.mark.parametrize("file_name", FILE_NAMES)
def test_each_data_file_points_editors_to_its_schema(file_name: str) -> None:
    path = REPO / "data" / file_name
    if not path.is_file():
        pytest.skip(f"the site has no {file_name}")
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == modeline(file_name)
    assert (path.parent / first_line.split("$schema=")[1]).resolve() == SCHEMAS / schema_name(file_name)


@pytest.mark.parametrize("data_dir", DATA_DIRS, ids=lambda p: str(p.relative_to(REPO)))
@pytest.mark.parametrize("file_name", FILE_NAMES)
def test_valid_data_is_valid_for_editors_too(data_dir: Path, file_name: str) -> None:
    path = data_dir / file_name
    if not path.is_file():
        pytest.skip(f"no {file_name} in {data_dir}")
    assert errors(file_name, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def _people() -> dict[str, Any]:
    path = DATA_DIRS[1] / "people.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _with_member(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(_people())
    member = data["members"][0]
    for key, value in changes.items():
        if value is None:
            member.pop(key)
        else:
            member[key] = value
    return data


@pytest.mark.parametrize(
    "data, mistake",
    [
        (_with_member(strat="09/2021"), "'strat' was unexpected"),  # unknown field
        (_with_member(name=None), "'name' is a required property"),  # missing field
        (_with_member(start="9/2021"), "does not match"),  # malformed MM/YYYY
        (_with_member(url="javascript:alert(1)"), "is not valid under any of the given schemas"),  # link scheme
        (_with_member(aliases="C. Babbage"), "is not of type 'array'"),  # wrong type
        (_with_member(id="Charles Babbage"), "does not match"),  # not an id
    ],
)
def test_the_schema_flags_common_mistakes_while_typing(data: dict[str, Any], mistake: str) -> None:
    assert any(mistake in message for message in errors("people.yaml", data))


def test_the_schema_flags_a_plain_email_address() -> None:
    profile = yaml.safe_load((DATA_DIRS[1] / "profile.yaml").read_text(encoding="utf-8"))
    assert errors("profile.yaml", {**profile, "email": "ada@example.org"}) != []


def test_the_schema_offers_field_descriptions_for_completion() -> None:
    people = json.loads((SCHEMAS / "people.schema.json").read_text(encoding="utf-8"))
    member = people["$defs"]["Member"]["properties"]
    assert "co-advisor" in member  # field names as written in the files (kebab-case)
    assert member["end"]["description"]
