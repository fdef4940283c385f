"""Run sphinx-build or `make html` in a subprocess: wall time, peak memory, and what Sphinx says it read and wrote."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

_READ = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (.+?)\s*$", re.MULTILINE)
_WRITE = re.compile(r"^writing output\.\.\. \[\s*\d+%\] (.+?)\s*$", re.MULTILINE)


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float  # largest resident set of sphinx-build or any process it waited for (-j workers)
    read: set[str] = field(default_factory=set)
    written: set[str] = field(default_factory=set)
    output: str = ""
    #: CPU seconds (user + system) of the process and the processes it waited for: what the build did,
    #: much less affected than `seconds` by other work on a busy machine
    cpu_seconds: float = 0.0


def _names(pattern: re.Pattern[str], output: str) -> set[str]:
    """Doc names from Sphinx's progress lines (parallel builds list chunks as `a .. b`)."""
    names: set[str] = set()
    for match in pattern.findall(output):
        names.update(part.strip() for part in match.split(" .. ") if part.strip())
    return names


#: As on an editor's machine, Python may cache compiled modules (some sandboxes set PYTHONDONTWRITEBYTECODE,
#: which makes every build recompile every module it imports: a fixed cost unrelated to the site). The
#: warm-up builds fill the caches, for the real and the bare site alike.
_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def sphinx_build(
    site: Path, outdir: Path, doctrees: Path, jobs: str | None = None, timeout: float = 900, python: str | None = None
) -> Run:
    """`sphinx-build -b dirhtml -nW --keep-going site/docs outdir -c site -d doctrees` (as `make html`), run
    by `python` (this interpreter by default)."""
    command = [python or sys.executable, "-m", "sphinx", "-b", "dirhtml", "-nW", "--keep-going"]
    command += [str(site / "docs"), str(outdir), "-c", str(site), "-d", str(doctrees)]
    if jobs:
        command += ["-j", jobs]
    return run(command, site, timeout)


def make_html(site: Path, timeout: float = 900) -> Run:
    """`make html` in `site` (a copy with the Makefile and a link to the repository's .venv), as the editor
    runs it: the up-to-date check, sphinx-build and the copy to _build/html included. `-o` keeps make from
    reinstalling the shared .venv."""
    return run(["make", "-o", ".venv/.build-installed", "html"], site, timeout)


def run(command: list[str], cwd: Path, timeout: float = 900) -> Run:
    """Run `command` in `cwd`: wall time, peak memory, the pages Sphinx reports reading and writing."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=cwd, env=_ENV)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({process.returncode}) in {cwd}:\n{output[-4000:]}")
    # Linux: the largest resident set of the process and of the processes it waited for (make's sphinx-build)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss / 1024, _names(_READ, output), _names(_WRITE, output), output, cpu)
