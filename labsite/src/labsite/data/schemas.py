"""JSON Schema files for the YAML data files, written from the pydantic records (the one declaration).

`labsite-schemas [OUT_DIR]` writes `OUT_DIR/<name>.schema.json` (default `schemas/`) for each
YAML data file `<name>.yaml`. Each data file points to its schema in its first line::

    # yaml-language-server: $schema=../schemas/people.schema.json

so editors with a YAML language server (VS Code's YAML extension, and others) complete field
names and flag mistakes while typing. `--check` only reports whether the files are up to date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .kinds import YAML_KINDS

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_name(file_name: str) -> str:
    """`research-areas.yaml` -> `research-areas.schema.json`."""
    return f"{Path(file_name).stem}.schema.json"


def modeline(file_name: str, schema_dir: str = "../schemas") -> str:
    """The first line of a data file that points editors to its schema."""
    return f"# yaml-language-server: $schema={schema_dir}/{schema_name(file_name)}"


def schema_for(file_name: str) -> dict[str, Any]:
    """The JSON Schema of one YAML data file, field names as written in files (kebab-case)."""
    record_model = next(kind.model for kind in YAML_KINDS if kind.file == file_name and kind.model is not None)
    schema = record_model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": JSON_SCHEMA_DIALECT, "title": f"{file_name} ({record_model.__name__})", **schema}


def schema_texts() -> dict[str, str]:
    """Schema file name -> its exact contents (stable: sorted keys, two-space indent, final newline)."""
    return {
        schema_name(file_name): json.dumps(schema_for(file_name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        for file_name in (kind.file for kind in YAML_KINDS)
    }


def stale(out_dir: Path) -> list[str]:
    """Schema files in `out_dir` that are missing or differ from the models."""
    return [
        name
        for name, text in schema_texts().items()
        if not (out_dir / name).is_file() or (out_dir / name).read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    """``labsite-schemas [--check] [FOLDER]``: write the editor schemas of the data files into FOLDER
    (default ``schemas``), only those that changed; with ``--check``, write nothing and name the stale
    ones. Returns the exit status: 1 when ``--check`` finds a stale schema, else 0."""
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    paths = [a for a in args if a != "--check"]
    out_dir = Path(paths[0]) if paths else Path("schemas")
    if check:
        outdated = stale(out_dir)
        for name in outdated:
            print(f"{out_dir / name}: out of date; run `make schemas` (labsite-schemas)", file=sys.stderr)
        return 1 if outdated else 0
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in schema_texts().items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
