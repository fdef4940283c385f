"""Problems found in data files, reported with file, line, entry and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong with one data file, located as precisely as we can."""

    file: Path
    message: str
    line: int | None = None
    entry: str | None = None
    field: str | None = None

    @property
    def shown_file(self) -> str:
        """The file as an editor would open it: relative to the working folder when inside it."""
        try:
            return str(self.file.resolve().relative_to(Path.cwd().resolve()))
        except (ValueError, OSError):
            return str(self.file)

    @property
    def what(self) -> str:
        """The problem without its file and line: ``entry 'x', field 'y': message`` (a Sphinx warning
        gives the file and line as its location, so it says the same as ``make check``)."""
        named = [f"entry {self.entry!r}"] if self.entry else []
        named += [f"field {self.field!r}"] if self.field else []
        return f"{', '.join(named)}: {self.message}" if named else self.message

    def __str__(self) -> str:
        where = f"{self.shown_file}:{self.line}" if self.line else self.shown_file
        return f"{where}: {self.what}"


class DataError(Exception):
    """Raised when data files have problems; carries all of them at once. `partial`: what was read
    despite them (a :class:`labsite.data.dataset.SiteData` whose files with problems hold only their valid
    records), so that checks of what the records name (a paper's PDF) can report theirs in the same list."""

    def __init__(self, problems: list[DataProblem], partial: object = None) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.file), p.line or 0))
        self.partial = partial
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the site's data files:"
        super().__init__("\n".join([heading, *(f"  {p}" for p in self.problems)]))
