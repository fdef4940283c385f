"""`labsite-build`: build a lab's site strictly, and publish it only when the whole build succeeded.

Used by the site's and the quickstart's Makefiles (``make html``) and by Read the Docs, so every lab gets
the same guarantees:

- **Nothing half-written.** The data files, and every path they give (a paper's PDF and preview
  included), are checked first (the plain list of problems of ``labsite-check``; nothing is written when
  there are any). Sphinx then builds into a staging folder
  (``BUILDDIR/staging``, kept between builds, so a rebuild is incremental); the finished site is copied to
  a new folder ``BUILDDIR/sites/<id>`` (the files Sphinx did not write again are hard links to the last
  site's copies, which are never written to) and published with ONE rename: ``BUILDDIR/html`` is a symbolic link
  to that folder, replaced atomically (``os.replace`` of a new link). At every instant ``BUILDDIR/html``
  is a complete site, the old one or the new one, even when the build is killed (``kill -9``) or the disk
  is full; ``make serve`` (``http.server``) follows the link on every request. With ``--no-symlink``
  (Read the Docs, which uploads a real folder) ``BUILDDIR/html`` is a folder, moved into place by rename.
- **Every step's failure fails the build**, with a message saying which step and why (an unwritable or
  full ``BUILDDIR`` included), and the last good site stays.
- **A failed build stays failed.** The up-to-date record is removed before Sphinx starts and written
  only after the new site is in place; the pages that warned are read again by the next build
  (:mod:`labsite.sphinx.freshness`).
- **Up-to-date check.** When nothing the site is built from changed since the last successful build
  (every file of conf.py, the pages and data folders and the labsite package, by name, size and time; the
  installed distributions and their versions; the Sphinx options; ``SOURCE_DATE_EPOCH`` and
  ``READTHEDOCS_CANONICAL_URL``), the site is up to date and Sphinx is not started at all.

- **Every core.** Sphinx runs with ``-j auto`` (documents read and written, and the generated pages
  written, on every core; the files are those of a serial build) unless the options give ``-j``/``--jobs``.

Usage: ``labsite-build [--pages docs] [--data DATA] [--confdir .] [--builddir _build] [--builder dirhtml]
[--no-symlink] [SPHINX OPTIONS...]`` (e.g. ``-nW --keep-going``; options it does not know go to Sphinx).
The data folder is conf.py's ``labsite_data_dir`` unless ``--data`` gives one (then Sphinx loads that one
too); the data is checked in the folders conf.py sets (:func:`site_folders`), as ``labsite-check`` does.
Exit status: 0 built or up to date, 1 the build failed (the last good site is untouched), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

if TYPE_CHECKING:
    from .data.dataset import SiteData

P = ParamSpec("P")
T = TypeVar("T")

#: environment variables that change what the build writes
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "READTHEDOCS_CANONICAL_URL")


class BuildFailed(Exception):
    """A step of the build failed; the message says which and why (the last good site is untouched)."""


def build_state(options: list[str], inputs: list[Path]) -> str:
    """A record of everything the site is built from: `options` (the builder and Sphinx options), the
    environment variables of :data:`ENVIRONMENT`, the Python version, every installed distribution and
    its version, and every file of `inputs` and of the labsite package (path, size, modification time)."""
    from importlib.metadata import distributions

    lines = [" ".join(options), sys.version, *(f"{name}={os.environ.get(name, '')}" for name in ENVIRONMENT)]
    lines += sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions())
    for top in [*inputs, Path(__file__).parent]:
        paths = [top] if top.is_file() else []
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            paths += [Path(root, name) for name in sorted(files)]
        for path in paths:
            stat = path.stat()
            lines.append(f"{path} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(lines) + "\n"


#: the settings of conf.py that say where the data and the files it names are (see :func:`site_folders`)
FOLDER_SETTINGS = (
    "labsite_data_dir",
    "labsite_files_dir",
    "labsite_previews_dir",
    "labsite_cv_pdf",
    "labsite_cv_short_pdf",
)


def site_folders(confdir: Path | None, overrides: dict[str, str] | None = None) -> dict[str, str]:
    """:data:`FOLDER_SETTINGS` as the site's conf.py in `confdir` sets them (read by Sphinx's own reader,
    ``sphinx.config.eval_config_file``, without starting Sphinx), then as `overrides` (``-D name=value``)
    set them, else their defaults (:mod:`labsite.sphinx.settings`). The defaults when there is no conf.py
    or it cannot be read (Sphinx says why when it reads it). One reader for ``labsite-check`` and
    ``labsite-build``, so both look where the build does."""
    from .sphinx.settings import SETTINGS

    values = {setting.name: str(setting.default) for setting in SETTINGS if setting.name in FOLDER_SETTINGS}
    if confdir is not None and (confdir / "conf.py").is_file():
        from sphinx.config import eval_config_file
        from sphinx.util.tags import Tags

        try:
            namespace = eval_config_file(confdir / "conf.py", Tags())
        except (Exception, SystemExit):  # reported by Sphinx, which reads it next
            namespace = {}
        values.update({name: namespace[name] for name in FOLDER_SETTINGS if isinstance(namespace.get(name), str)})
    values.update({name: value for name, value in (overrides or {}).items() if name in FOLDER_SETTINGS})
    return values


def config_overrides(sphinx_options: list[str]) -> dict[str, str]:
    """The settings that Sphinx options give (``-D name=value``, ``--define name=value``), by name."""
    found: dict[str, str] = {}
    for at, option in enumerate(sphinx_options):
        value = None
        if option in ("-D", "--define") and at + 1 < len(sphinx_options):
            value = sphinx_options[at + 1]
        elif option.startswith("--define="):
            value = option.removeprefix("--define=")
        elif option.startswith("-D") and len(option) > 2:
            value = option[2:]
        if value and "=" in value:
            name, _, setting = value.partition("=")
            found[name] = setting
    return found


def data_folder(confdir: Path, folders: dict[str, str]) -> Path:
    """The data folder the build loads: ``labsite_data_dir`` of `folders` from `confdir`."""
    return confdir / folders["labsite_data_dir"]


def check_configured_site(
    data: Path, pages: Path | None, folders: dict[str, str], load: Callable[[Path], SiteData] | None = None
) -> SiteData:
    """:func:`labsite.data.check.check_site` with the folders of `folders` (:func:`site_folders`): the files
    a paper names in ``labsite_files_dir`` and ``labsite_previews_dir``, the CV files the build typesets
    (``labsite_cv_pdf``, ``labsite_cv_short_pdf``). The one check of ``labsite-check`` and of
    ``labsite-build``. Raises DataError with every problem."""
    from .data.check import check_site
    from .data.dataset import load_site_data

    return check_site(
        data,
        pages,
        folders["labsite_files_dir"],
        folders["labsite_previews_dir"],
        (folders["labsite_cv_pdf"], folders["labsite_cv_short_pdf"]),
        load=load or load_site_data,
    )


def check_data(data: Path, pages: Path, doctrees: Path, folders: dict[str, str]) -> None:
    """The data files' problems and those of every path they give (a paper's missing PDF or preview
    included, in the folders of `folders`, :func:`site_folders`), by :func:`check_configured_site`: the
    report of ``labsite-check``. Raises BuildFailed before anything is written. Valid data is cached in
    `doctrees`, where the build finds it (:mod:`labsite.data.datacache`): it is not read twice."""
    from .data.datacache import cached_load
    from .data.problems import DataError

    try:
        check_configured_site(data.resolve(), pages, folders, load=lambda folder: cached_load(folder, doctrees))
    except DataError as err:
        raise BuildFailed(str(err)) from None
    except OSError as err:  # the cache cannot be written: an unwritable or full build folder
        raise BuildFailed(f"writing the data cache in {doctrees} failed: {err}") from None


def run_sphinx(arguments: list[str]) -> None:
    """Sphinx's command line (``sphinx-build ARGUMENTS``) in this process; BuildFailed unless it succeeded."""
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.cmd.build import build_main

    # Sphinx ends with "The HTML pages are in <staging>.", a folder the user should not open: the build
    # says where the site is once it is published (its HTML builders' `epilog`, put back afterwards)
    epilog = StandaloneHTMLBuilder.epilog
    StandaloneHTMLBuilder.epilog = ""
    try:
        status = build_main(arguments)
    except SystemExit as stop:  # labsite's data check on the command line stops with status 1
        status = stop.code if isinstance(stop.code, int) else 1
    finally:
        StandaloneHTMLBuilder.epilog = epilog
    if status != 0:
        raise BuildFailed("")  # Sphinx said why


def _step(what: str, action: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`action(*args, **kwargs)`; an OSError becomes BuildFailed naming `what` (the last good site is kept)."""
    try:
        return action(*args, **kwargs)
    except OSError as err:
        raise BuildFailed(f"{what} failed: {err}; the last good site is unchanged") from None


#: in the build folder: each file of the staging folder as it was when last published, by its path from
#: there: [size, modification time (ns), inode] (:func:`publish`)
PUBLISHED = "published.json"


def _stamps(folder: Path) -> dict[str, list[int]]:
    """Every regular file below `folder` (symbolic links not followed), by its path from there (`/`):
    [size in bytes, modification time in ns, inode number]."""
    stamps = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            st = os.lstat(path)
            if not os.path.islink(path):
                stamps[os.path.relpath(path, folder).replace(os.sep, "/")] = [st.st_size, st.st_mtime_ns, st.st_ino]
    return stamps


def _reusing_copy(staging: Path, previous: Path | None, published: dict[str, list[int]]) -> Callable[[str, str], str]:
    """A ``copy_function`` for :func:`shutil.copytree` from `staging`: a file that Sphinx has not written
    since the last publish (the same size, time and inode as recorded then in `published`) becomes a hard
    link to its copy in the `previous` site when that copy is unchanged too (same size and time), else it
    is copied (:func:`shutil.copy2`, also where hard links fail). Published copies are never written to,
    so sharing them is safe; most of a site is unchanged by an edit, and linking it is what keeps the
    publishing step short."""

    def copy(source: str, target: str) -> str:
        stamp = published.get(os.path.relpath(source, staging).replace(os.sep, "/"))
        if stamp is not None and previous is not None:
            try:
                now = os.stat(source)
                if stamp == [now.st_size, now.st_mtime_ns, now.st_ino]:
                    old = os.path.join(previous, os.path.relpath(source, staging))
                    then = os.stat(old)
                    if (then.st_size, then.st_mtime_ns) == (now.st_size, now.st_mtime_ns):
                        os.link(old, target)
                        return target
            except OSError:
                pass  # not there, or no hard links on this file system: a copy
        return str(shutil.copy2(source, target))

    return copy


def _last_published(builddir: Path) -> tuple[Path | None, dict[str, list[int]]]:
    """The site ``builddir/html`` shows and the staging stamps it was published from (:data:`PUBLISHED`);
    (None, {}) when either is missing or unreadable."""
    html = builddir / "html"
    try:
        published = json.loads((builddir / PUBLISHED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, {}
    if not isinstance(published, dict) or not html.is_dir():
        return None, {}
    return html.resolve(), published


def publish(staging: Path, builddir: Path, symlink: bool = True) -> Path:
    """Copy the finished site in `staging` to a new folder of ``builddir/sites`` and make
    ``builddir/html`` that site with one rename (see the module). Older copies are removed afterwards.
    The files Sphinx did not write again since the last publish are hard links to the last site's copies
    (:func:`_reusing_copy`). Returns the new folder. Raises BuildFailed naming the step that failed."""
    sites = builddir / "sites"
    _step(f"creating {sites}", sites.mkdir, 0o777, True, True)
    name = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{time.time_ns() % 10**9:09d}"
    partial, folder = sites / f".partial-{name}", sites / name
    previous, published = _last_published(builddir)
    stamps_file = builddir / PUBLISHED
    _step(f"removing {stamps_file}", stamps_file.unlink, True)  # until this copy is published
    try:
        stamps = _stamps(staging)
        shutil.copytree(staging, partial, symlinks=True, copy_function=_reusing_copy(staging, previous, published))
        os.rename(partial, folder)
    except OSError as err:
        shutil.rmtree(partial, ignore_errors=True)
        raise BuildFailed(f"copying the new site to {folder} failed: {err}; the last good site is unchanged") from None
    html = builddir / "html"
    if symlink:
        link = builddir / f".html-{name}"
        _step(f"creating the link {link}", os.symlink, os.path.join("sites", name), link, True)
        if html.is_dir() and not html.is_symlink():  # a folder from an older build: moved aside once
            _step(f"moving the old {html} aside", os.rename, html, sites / f"old-{name}")
        try:
            os.replace(link, html)
        except OSError as err:
            os.unlink(link)
            raise BuildFailed(f"publishing the new site at {html} failed: {err}") from None
    else:
        if html.is_symlink():
            _step(f"removing the link {html}", os.unlink, html)
        elif html.exists():
            _step(f"moving the old {html} aside", os.rename, html, sites / f"old-{name}")
        _step(f"moving the new site to {html}", os.rename, folder, html)
    for old in sorted(sites.iterdir()):
        if old.name != name:
            try:
                shutil.rmtree(old) if old.is_dir() and not old.is_symlink() else old.unlink()
            except OSError as err:
                raise BuildFailed(f"the new site is in {html}, but removing the old copy {old} failed: {err}") from None
    partial_stamps = builddir / f"{PUBLISHED}.new"
    _step(f"writing {partial_stamps}", partial_stamps.write_text, json.dumps(stamps), "utf-8")
    _step(f"writing {stamps_file}", os.replace, partial_stamps, stamps_file)
    return folder if symlink else html


def parallel_options(sphinx_options: list[str]) -> list[str]:
    """`sphinx_options` with ``-j auto`` added when they give no ``-j``/``--jobs`` of their own."""
    given = any(o in ("-j", "--jobs") or o.startswith(("-j", "--jobs=")) for o in sphinx_options)
    return sphinx_options if given else [*sphinx_options, "-j", "auto"]


def build(args: argparse.Namespace, sphinx_options: list[str]) -> str:
    """Check, build, publish; returns what to tell the user. Raises BuildFailed."""
    builddir: Path = args.builddir
    state_file, html = builddir / "state", builddir / "html"
    conf = args.confdir / "conf.py"
    folders = site_folders(args.confdir, config_overrides(sphinx_options))
    if args.data is None:  # the folder conf.py names, as Sphinx loads it
        args.data = data_folder(args.confdir, folders)
        if not args.data.is_dir():
            raise BuildFailed(f"{args.data}: no such folder (the data folder, labsite_data_dir in conf.py)")
    elif args.data.resolve() != data_folder(args.confdir, folders).resolve():  # Sphinx loads the one given too
        sphinx_options = [*sphinx_options, "-D", f"labsite_data_dir={args.data.resolve()}"]
    options = ["-b", args.builder, *parallel_options(sphinx_options)]
    state = build_state(
        [*options, f"symlink={not args.no_symlink}"], [conf, args.pages, args.data, *map(Path, args.watch)]
    )
    try:
        up_to_date = html.is_dir() and state_file.read_text(encoding="utf-8") == state
    except (OSError, UnicodeDecodeError):
        up_to_date = False
    if up_to_date:
        return f"The site in {html}/ is up to date: nothing it is built from changed since the last build."
    staging, doctrees = builddir / "staging", builddir / "doctrees"
    check_data(args.data, args.pages, doctrees, folders)
    _step(f"creating {builddir}", builddir.mkdir, 0o777, True, True)
    _step(f"removing {state_file}", state_file.unlink, True)  # until the new site is in place: not up to date
    arguments = [*options, str(args.pages), str(staging), "-c", str(args.confdir), "-d", str(doctrees)]
    print("sphinx-build " + " ".join(arguments), flush=True)
    run_sphinx(arguments)
    publish(staging, builddir, symlink=not args.no_symlink)
    partial = builddir / "state.new"
    _step(f"writing {partial}", partial.write_text, state, "utf-8")
    _step(f"writing {state_file}", os.replace, partial, state_file)
    return f"The site is in {html}/ (open it with: make serve)."


def parser() -> argparse.ArgumentParser:
    """The command line of ``labsite-build`` (options it does not know are passed to Sphinx)."""
    cli = argparse.ArgumentParser(
        prog="labsite-build",
        description="Build the site strictly into a staging folder; publish it at BUILDDIR/html with one rename.",
        allow_abbrev=False,
    )
    cli.add_argument("--pages", type=Path, default=Path("docs"), help="the pages folder (default: docs)")
    cli.add_argument(
        "--data", type=Path, help="the data folder (default: conf.py's labsite_data_dir, else data, from --confdir)"
    )
    cli.add_argument("--confdir", type=Path, default=Path("."), help="the folder of conf.py (default: .)")
    cli.add_argument("--builddir", type=Path, default=Path("_build"), help="build folder (default: _build)")
    cli.add_argument("--builder", default="dirhtml", help="Sphinx builder (default: dirhtml, clean URLs)")
    cli.add_argument("--watch", action="append", default=[], help="another folder the site is built from")
    cli.add_argument("--no-symlink", action="store_true", help="BUILDDIR/html is a folder, not a link (Read the Docs)")
    return cli


def main(argv: list[str] | None = None) -> int:
    """Run ``labsite-build``; returns the exit status (0 built or up to date, 1 failed, 2 bad usage)."""
    args, sphinx_options = parser().parse_known_args(sys.argv[1:] if argv is None else argv)
    for folder in (args.pages, args.confdir, args.data or args.confdir):
        if not folder.is_dir():
            print(f"labsite-build: {folder}: no such folder", file=sys.stderr)
            return 2
    try:
        print(build(args, sphinx_options), flush=True)
    except BuildFailed as err:
        if str(err):
            sys.stdout.flush()
            print(err, file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
