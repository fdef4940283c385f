"""The build's notion of "now", for reproducible builds. Never the wall clock.

Order of sources: the `SOURCE_DATE_EPOCH` environment variable (https://reproducible-builds.org/specs/
source-date-epoch/; `make html` sets it to the last commit's time), else the time of the last git commit
of the folder, else the start of 1970. Anything relative to today ("recent talks") must use this date, so
two builds of the same commit are byte-identical.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from functools import cache
from pathlib import Path


def _epoch_from_env() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


@cache
def _last_commit_epoch(folder: str) -> int | None:
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=folder, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = result.stdout.strip()
    return int(value) if result.returncode == 0 and value.isdigit() else None


def build_datetime(folder: str | Path) -> datetime:
    """`SOURCE_DATE_EPOCH`, else the last commit in `folder`, else 1970-01-01 (UTC)."""
    epoch = _epoch_from_env()
    if epoch is None:
        epoch = _last_commit_epoch(str(folder))
    return datetime.fromtimestamp(epoch or 0, UTC)
