"""The build's notion of "now", for reproducible builds. Never the wall clock, never version control.

Anything relative to today ("recent talks") uses this date, so every copy of the same sources (a git
clone, GitHub's "Download ZIP", a release tarball: none of which agree on file times or have the same
history) builds the same site. Order of sources:

1. the `SOURCE_DATE_EPOCH` environment variable, an explicit override
   (https://reproducible-builds.org/specs/source-date-epoch/);
2. the sources themselves: the first day of the month of the newest dated record, that is the newest
   talk (`date`, MM/YYYY) or paper (`year` and `month`; a paper without a month counts as January).
   Members' dates are left out: a planned start or end is not news.

With neither (no talks, no papers), nothing shown depends on the date; the result is then the start
of 2000, a fixed date.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from . import model

if TYPE_CHECKING:
    from .dataset import SiteData

#: the date used when neither SOURCE_DATE_EPOCH nor any dated record exists
NO_DATE = datetime(2000, 1, 1, tzinfo=UTC)


def epoch_from_env() -> int | None:
    """`SOURCE_DATE_EPOCH` as seconds since 1970 (UTC), or None when it is unset or not a number."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def newest_record_month(data: SiteData) -> tuple[int, int] | None:
    """(year, month) of the newest talk or paper in `data`; None if it has neither."""
    months = [model.month_key(talk.date) for talk in data.talks.talks]
    months += [(paper.year, paper.month or 1) for paper in data.publications if paper.year is not None]
    return max(months, default=None)


def build_datetime(data: SiteData) -> datetime:
    """The build's "now" (UTC): `SOURCE_DATE_EPOCH`, else the first day of the newest record's month."""
    epoch = epoch_from_env()
    if epoch is not None:
        return datetime.fromtimestamp(epoch, UTC)
    newest = newest_record_month(data)
    return datetime(newest[0], newest[1], 1, tzinfo=UTC) if newest else NO_DATE
