"""``labsite-quickstart DIR``: write a new lab's site that builds strictly at once, in the way of
``sphinx-quickstart``.

The site (from the package's ``skeleton/`` folder): ``conf.py`` (``extensions = ["labsite"]``),
``docs/`` pages using the directives (MyST, and one reStructuredText page), ``data/`` with one example
record of each kind, ``schemas/`` (the data files' JSON Schemas, for editors), ``requirements.txt``,
``Makefile``, ``.readthedocs.yaml`` and a README. Then::

    cd DIR && pip install -r requirements.txt && make html
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sys
from datetime import date
from pathlib import Path
from string import Template

from . import __version__
from .data.schemas import modeline, schema_texts

SKELETON = Path(__file__).parent / "skeleton"
#: files stored under another name in the package (hidden files are easily lost in packaging)
RENAMED = {"readthedocs.yaml": ".readthedocs.yaml"}
#: the characters that can start markup within a line of MyST Markdown (emphasis, code, links, roles,
#: HTML, entities, math, tables, strikethrough), all of which CommonMark lets a backslash escape
MARKDOWN_PUNCTUATION = frozenset("\\`*_[]<>#!&{}~$|")
#: a placeholder in double quotes, ``"${title}"``: becomes ``${title_quoted}``, a string literal
QUOTED_PLACEHOLDER = re.compile(r'"\$\{(\w+)\}"')


def bibtex_name(name: str) -> str:
    """'Ada King Lovelace' -> 'Lovelace, Ada King' (BibTeX's "Last, First" form; one word stays)."""
    first, _, last = name.strip().rpartition(" ")
    return f"{last}, {first}" if first else last


def quoted(text: str) -> str:
    """``text`` as a double-quoted string literal that Python, YAML and JSON all read back unchanged
    (a JSON string is both a Python literal and a YAML double-quoted scalar), so a name with quotes,
    ``: ``, ``#`` or a backslash can neither break ``conf.py`` or a data file nor be cut short."""
    return json.dumps(text, ensure_ascii=False)


def markdown_text(text: str) -> str:
    """``text`` for a Markdown page, each character that could start markup backslash-escaped
    (CommonMark section 2.4), so that a title such as ``*Not* <b>bold</b> Lab #1`` shows as typed: no emphasis,
    no HTML."""
    return "".join(f"\\{char}" if char in MARKDOWN_PUNCTUATION else char for char in text)


def site_files(title: str, owner: str, language: str = "en", today: date | None = None) -> dict[str, str]:
    """Relative path (POSIX) -> text of every file of a new site. ``title`` is the lab's name, ``owner``
    the lab head's name, ``language`` a Sphinx language code; ``today`` dates the example records.
    A placeholder in the skeleton (``${title}``) is replaced by the text as typed (in a Markdown file
    escaped, :func:`markdown_text`); one in double
    quotes (``"${title}"``, in ``conf.py``, YAML files and front matter) by a string literal that reads
    back as that text whatever it holds (:func:`quoted`), so the skeleton's files stay valid Python and
    YAML. Each YAML data file starts with the ``yaml-language-server`` line naming its JSON Schema,
    written to ``schemas/`` (as ``labsite-schemas`` does), so editors complete and check its fields."""
    today = today or date.today()
    values = {
        "title": title,
        "owner": owner,
        "description": f"{title}, led by {owner}.",
        "owner_bibtex": bibtex_name(owner),
        "language": language,
        "year": str(today.year),
        "last_year": str(today.year - 1),
        "year_5_ago": str(today.year - 5),
        "month": f"{today.month:02d}",
        "version": ".".join(__version__.split(".")[:2]),
    }
    markdown_values = {name: markdown_text(value) for name, value in values.items()}
    values.update({f"{name}_quoted": quoted(value) for name, value in list(values.items())})
    markdown_values.update({name: value for name, value in values.items() if name.endswith("_quoted")})
    files = {}
    for path in sorted(p for p in SKELETON.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        relative = path.relative_to(SKELETON).as_posix()
        text = QUOTED_PLACEHOLDER.sub(r"${\1_quoted}", path.read_text(encoding="utf-8"))
        text = Template(text).safe_substitute(markdown_values if relative.endswith(".md") else values)
        if relative.startswith("data/") and relative.endswith(".yaml"):
            text = f"{modeline(path.name)}\n{text}"  # editors check the file against schemas/
        files[RENAMED.get(relative, relative)] = text
    files.update({f"schemas/{name}": text for name, text in schema_texts().items()})
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
    print(f"  cd {shlex.quote(str(args.directory))} && pip install -r requirements.txt && make html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
