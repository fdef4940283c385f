"""``labsite-quickstart DIR``: write a new lab's site that builds strictly at once, in the way of
``sphinx-quickstart``.

The site (from the package's ``skeleton/`` folder): ``conf.py`` (``extensions = ["labsite"]``),
``docs/`` pages using the directives (MyST, and one reStructuredText page), ``data/`` with one example
record of each kind, ``requirements.txt``, ``Makefile``, ``.readthedocs.yaml`` and a README. Then::

    cd DIR && pip install -r requirements.txt && make html
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from string import Template

from . import __version__

SKELETON = Path(__file__).parent / "skeleton"
#: files stored under another name in the package (hidden files are easily lost in packaging)
RENAMED = {"readthedocs.yaml": ".readthedocs.yaml"}


def bibtex_name(name: str) -> str:
    """'Ada King Lovelace' -> 'Lovelace, Ada King' (BibTeX's "Last, First" form; one word stays)."""
    first, _, last = name.strip().rpartition(" ")
    return f"{last}, {first}" if first else last


def site_files(title: str, owner: str, language: str = "en", today: date | None = None) -> dict[str, str]:
    """Relative path (POSIX) -> text of every file of a new site. ``title`` is the lab's name, ``owner``
    the lab head's name, ``language`` a Sphinx language code; ``today`` dates the example records."""
    today = today or date.today()
    values = {
        "title": title,
        "owner": owner,
        "owner_bibtex": bibtex_name(owner),
        "language": language,
        "year": str(today.year),
        "month": f"{today.month:02d}",
        "version": ".".join(__version__.split(".")[:2]),
    }
    files = {}
    for path in sorted(p for p in SKELETON.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        relative = path.relative_to(SKELETON).as_posix()
        text = Template(path.read_text(encoding="utf-8")).safe_substitute(values)
        files[RENAMED.get(relative, relative)] = text
    return files


def write_site(target: Path, title: str, owner: str, language: str = "en", force: bool = False) -> list[Path]:
    """Write a new site into ``target`` (created if missing). Returns the files written. Raises
    FileExistsError naming the files that exist already (nothing is written then), unless ``force``."""
    files = site_files(title, owner, language)
    existing = sorted(name for name in files if (target / name).exists())
    if existing and not force:
        raise FileExistsError(f"{target}: would overwrite {', '.join(existing)} (use --force)")
    written = []
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``labsite-quickstart DIR [--title T] [--owner NAME] [--language CODE] [--force]``.
    Returns 0, or 1 (with a message on stderr) when files would be overwritten."""
    parser = argparse.ArgumentParser(prog="labsite-quickstart", description="Write a new lab's site using labsite.")
    parser.add_argument("directory", type=Path, help="folder of the new site (created if missing)")
    parser.add_argument("--title", default="Example Lab", help="the lab's name (default: Example Lab)")
    parser.add_argument("--owner", default="Alex Example", help="the lab head's name (default: Alex Example)")
    parser.add_argument("--language", default="en", help="Sphinx language code of the pages (default: en)")
    parser.add_argument("--force", action="store_true", help="overwrite existing files")
    args = parser.parse_args(argv)
    try:
        written = write_site(args.directory, args.title, args.owner, args.language, args.force)
    except FileExistsError as err:
        print(f"labsite-quickstart: {err}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} files to {args.directory}. Next:")
    print(f"  cd {args.directory} && pip install -r requirements.txt && make html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
