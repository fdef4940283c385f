"""Benchmark sites, generated in a temporary folder (the repository is never written to):

- `real_site`: a copy of the repository's conf.py, docs/ and data/;
- `bare_site`: a plain furo + MyST site with as many pages (the same names and toctree, short text);
- `scale_data`: the copy's data multiplied (papers, people, talks), for the scale benchmark;
- `corpus_data`: the copy's papers topped up with invented DBLP, Scholar, Zotero and al-folio entries
  (`corpus.py`) to a large lab's count, for the corpus benchmark.
"""

from __future__ import annotations

import inspect
import re
import shutil
import string
from pathlib import Path
from types import SimpleNamespace

import yaml
from corpus import corpus_bibtex
from labsite.data.dataset import BIBTEX_FILE, YAML_FILES
from labsite.sphinx.cv import CV
from labsite.sphinx.directives import DIRECTIVES
from labsite.sphinx.news import NewsList

REPO = Path(__file__).resolve().parent.parent

COPIED = ("conf.py", "docs", "data", "Makefile")  # the engine is the installed labsite package
LINKED = (".venv", "labsite")  # shared: `make html` uses the repository's .venv (and looks at labsite/src)
IGNORED = shutil.ignore_patterns("_build", "__pycache__", "_generated", ".venv")


def real_site(destination: Path) -> Path:
    """Copy the site's sources to `destination` (conf.py at its root, like the repository), with the
    Makefile and links to the repository's .venv and labsite/, so `make html` runs as in the repository."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=IGNORED)
        else:
            shutil.copy2(source, destination / name)
    for name in LINKED:
        if (REPO / name).exists():
            (destination / name).symlink_to(REPO / name)
    return destination


def docnames(site: Path) -> list[str]:
    docs = site / "docs"
    return sorted(
        str(p.relative_to(docs).with_suffix(""))
        for p in docs.rglob("*.md")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(docs).parts)
    )


BARE_CONF = """
project = "Bare"
extensions = ["myst_parser"]
html_theme = "furo"
exclude_patterns = ["_build"]
"""
PARAGRAPH = (
    "This page of the baseline site has a heading and a few paragraphs of plain text, "
    "so that the benchmark measures what Sphinx, MyST and furo cost on their own. "
) * 3


def content_pages(outdir: Path) -> list[Path]:
    """The built HTML pages, without Sphinx's generated ones and redirect stubs."""
    skip = {"search", "genindex", "404"}
    return [
        p
        for p in outdir.rglob("*.html")
        if p.relative_to(outdir).parts[0] not in skip and 'http-equiv="refresh"' not in p.read_text(errors="replace")
    ]


def bare_site(destination: Path, names: list[str], pages: int) -> Path:
    """A furo + MyST site with `pages` pages: the real site's page names and toctree, then more pages
    (the real site writes some pages from data without a source file), all plain text."""
    extra = [f"more/page-{i}" for i in range(1, pages - len(names) + 1)]
    docs = destination / "docs"
    for name in names + extra:
        path = docs / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = [f"# {name.replace('/', ' ').title()}", "", PARAGRAPH, "", "## Section", "", PARAGRAPH, ""]
        if name in extra:  # like the real site's data pages: not in the navigation
            body = ["---", "orphan: true", "---", *body]
        if name == "index":
            body += ["```{toctree}", *[n for n in names if n != "index"], "```", ""]
        path.write_text("\n".join(body), encoding="utf-8")
    (destination / "conf.py").write_text(BARE_CONF, encoding="utf-8")
    return destination


# --- which pages use which data file ------------------------------------------------------------

_DIRECTIVE = re.compile(r"^[:`]{3,}\{([a-z-]+)\}", re.MULTILINE)
_TOCTREE = re.compile(r"^([:`]{3,})\{toctree\}[^\n]*\n(.*?)^\1", re.MULTILINE | re.DOTALL)
#: directives registered elsewhere than `labsite.directives` (no `uses` attribute): the data they show
OTHER_USES = {"publication-list": ("publications", "people", "profile"), "publication-chart": ("publications",)}


def data_file(collection: str) -> str:
    return BIBTEX_FILE if collection == "publications" else YAML_FILES[collection][0]


#: the data directives: labsite.sphinx.directives' and those registered by their own modules
REGISTERED: dict[str, type] = {**DIRECTIVES, "cv": CV, "news-list": NewsList}


def directive_uses(directive: str) -> tuple[str, ...]:
    """The collections whose change makes Sphinx read a page with this directive again: its ``uses`` (a
    class attribute, or the property of :class:`labsite.sphinx.directives.DataDirective`, read without a
    document: it needs only the directive's name and ``also_uses``) less its ``filled_late`` on an HTML
    builder; else :data:`OTHER_USES`."""
    cls = REGISTERED.get(directive)
    if cls is None:
        return OTHER_USES.get(directive, ())
    stand_in = SimpleNamespace(
        name=directive,
        also_uses=getattr(cls, "also_uses", ()),
        env=SimpleNamespace(app=SimpleNamespace(builder=SimpleNamespace(format="html"))),
    )

    def attribute(name: str) -> tuple[str, ...]:
        value = inspect.getattr_static(cls, name, ())
        if isinstance(value, property) and value.fget is not None:
            value = value.fget(stand_in)
        return tuple(value or ())

    late = attribute("filled_late")  # put in when the page is written: its data does not re-read the page
    return tuple(collection for collection in attribute("uses") if collection not in late)


def pages_using(site: Path) -> dict[str, set[str]]:
    """data file name -> the pages whose data directives read it (from each directive's `uses`)."""
    users: dict[str, set[str]] = {}
    for name in docnames(site):
        text = (site / "docs" / f"{name}.md").read_text(encoding="utf-8")
        for directive in _DIRECTIVE.findall(text):
            uses = directive_uses(directive)
            if directive == "talk-list" and ":recent-months:" in text:
                uses = (*uses, "publications")  # "now" is the month of the newest talk or paper
            for collection in uses:
                users.setdefault(data_file(collection), set()).add(name)
    return users


# --- scaled data --------------------------------------------------------------------------------


def _letters(number: int) -> str:
    """1 -> 'A', 27 -> 'AA': a name suffix without digits, so each copy is a distinct person."""
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = string.ascii_uppercase[rest] + out
    return out


class _NoAliases(yaml.SafeDumper):
    """Each value written out where it is used: copies share lists with their originals, and data files
    may not use YAML anchors and aliases (labsite refuses them)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(path: Path, data: dict) -> None:
    text = yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(text, encoding="utf-8")


_BIB_ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
_BIB_TITLE = re.compile(r"^(\s*title\s*=\s*\{)", re.MULTILINE | re.IGNORECASE)
_BIB_SELECTED = re.compile(r"^\s*selected\s*=.*\n", re.MULTILINE | re.IGNORECASE)
#: what tells a paper from another (`make check` refuses one paper twice): a copy gets its own
_BIB_ARXIV = re.compile(r"arxiv\.org/", re.IGNORECASE)
_BIB_DOI = re.compile(r"^(\s*doi\s*=\s*\{)([^}]*)\}", re.MULTILINE | re.IGNORECASE)


def _bib_entries(text: str) -> list[str]:
    starts = [m.start() for m in _BIB_ENTRY.finditer(text)]
    return [text[a:b].rstrip() + "\n" for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def scale_data(site: Path, factor: int) -> dict[str, int]:
    """Multiply the papers, people and talks in `site/data` by `factor` (copies get new keys, ids,
    names, venues, titles, DOIs and arXiv addresses; copied papers are not `selected`). Returns the
    new counts."""
    data = site / "data"
    counts = {}

    bib = data / BIBTEX_FILE
    text = bib.read_text(encoding="utf-8")
    entries = _bib_entries(text)
    copies = []
    for i in range(1, factor):
        for entry in entries:
            entry = _BIB_ENTRY.sub(lambda m, i=i: f"@{m.group(1)}{{{m.group(2)}x{i},", entry, count=1)
            entry = _BIB_TITLE.sub(lambda m, i=i: f"{m.group(1)}Copy {i}: ", entry, count=1)
            entry = _BIB_ARXIV.sub("arxiv.org.example/", entry)  # not the original's arXiv paper
            entry = _BIB_DOI.sub(lambda m, i=i: f"{m.group(1)}{m.group(2)}.x{i}}}", entry)
            copies.append(_BIB_SELECTED.sub("", entry))
    bib.write_text(text.rstrip() + "\n\n" + "\n".join(copies), encoding="utf-8")
    counts["papers"] = len(entries) * factor

    people_path = data / "people.yaml"
    people = yaml.safe_load(people_path.read_text(encoding="utf-8"))
    members = people.get("members", [])
    originals = list(members)
    for i in range(1, factor):
        for member in originals:
            copy = dict(member, id=f"{member['id']}-x{i}", name=f"{member['name']} {_letters(i)}")
            copy.pop("aliases", None)
            members.append(copy)
    _dump(people_path, people)
    counts["people"] = len(members)

    talks_path = data / "talks.yaml"
    talks = yaml.safe_load(talks_path.read_text(encoding="utf-8"))
    originals = list(talks.get("talks", []))
    for i in range(1, factor):
        for talk in originals:
            copy = dict(talk, venue=f"Copy {i}: {talk['venue']}")  # ids come from the venue's start
            if "id" in copy:
                copy["id"] = f"{copy['id']}-x{i}"
            talks["talks"].append(copy)
    _dump(talks_path, talks)
    counts["talks"] = len(talks["talks"])
    return counts


def count_data(site: Path) -> dict[str, int]:
    data = site / "data"
    people = yaml.safe_load((data / "people.yaml").read_text(encoding="utf-8"))
    talks = yaml.safe_load((data / "talks.yaml").read_text(encoding="utf-8"))
    return {
        "papers": len(_bib_entries((data / BIBTEX_FILE).read_text(encoding="utf-8"))),
        "people": len(people.get("members", [])),
        "talks": len(talks.get("talks", [])),
    }


def toctree_parents(site: Path) -> dict[str, set[str]]:
    """page -> the pages whose toctree lists it (Sphinx rewrites those too when a page changes)."""
    parents: dict[str, set[str]] = {}
    for name in docnames(site):
        text = (site / "docs" / f"{name}.md").read_text(encoding="utf-8")
        folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
        for _, body in _TOCTREE.findall(text):
            for line in body.splitlines():
                entry = line.strip()
                if entry and not entry.startswith(":"):
                    child = entry.removesuffix(".md").lstrip("/") if entry.startswith("/") else folder + entry
                    parents.setdefault(child.removesuffix(".md"), set()).add(name)
    return parents


def corpus_data(site: Path, entries: int) -> int:
    """Top `site/data`'s BibTeX file up with invented real-shaped entries (:mod:`corpus`) to `entries`
    papers in all (the owner's own first). Returns the number of papers."""
    bib = site / "data" / BIBTEX_FILE
    text = bib.read_text(encoding="utf-8")
    missing = max(0, entries - len(_bib_entries(text)))
    bib.write_text(text.rstrip() + "\n\n" + corpus_bibtex(missing), encoding="utf-8")
    return len(_bib_entries(bib.read_text(encoding="utf-8")))


def corpus_paper(site: Path) -> str:
    """The citation key of the last paper in `site/data`'s BibTeX file (the one the corpus edits)."""
    text = (site / "data" / BIBTEX_FILE).read_text(encoding="utf-8")
    return _BIB_ENTRY.findall(text)[-1][1]


def edit_paper_title(site: Path, key: str, words: str) -> None:
    """Append `words` to the title of the entry `key` in `site/data`'s BibTeX file (one paper edited)."""
    bib = site / "data" / BIBTEX_FILE
    text = bib.read_text(encoding="utf-8")
    start = text.index(key + ",")
    match = re.compile(r"(title\s*=\s*\{)", re.IGNORECASE).search(text, start)
    assert match is not None, key
    bib.write_text(text[: match.end()] + words + " " + text[match.end() :], encoding="utf-8")
