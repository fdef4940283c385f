"""`make html` (labsite-build) publishes the new site with one rename: a kill at any moment, a full disk
or a failing step leaves the last good site whole at _build/html, and the failure fails the build.

Works on a copy of the repository sharing this checkout's .venv. Faults are injected into the build's
own process by a `sitecustomize` module: SIGKILL (as `kill -9` would) or ENOSPC (a full disk) at the
N-th file operation of publishing the site.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from checkout import copy_checkout, hashes

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")

#: counts the file operations made while publishing (inside labsite.build.publish) and, at the N-th
#: (LABSITE_FAULT_AT), kills the process or raises "No space left on device" (LABSITE_FAULT)
FAULTS = """\
import errno, os, shutil, signal, sys

AT = int(os.environ.get("LABSITE_FAULT_AT", "0"))
FAULT = os.environ.get("LABSITE_FAULT", "kill")
COUNT = [0]


def _publishing():
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == "publish" and frame.f_code.co_filename.endswith("build.py"):
            return True
        frame = frame.f_back
    return False


def _wrap(module, name):
    original = getattr(module, name)

    def faulty(*args, **kwargs):
        if AT and _publishing():
            COUNT[0] += 1
            if AT < 0:  # record the operations of a normal build
                with open(os.environ["LABSITE_FAULT_LOG"], "a") as log:
                    log.write(f"{name}\\n")
            if COUNT[0] == AT:
                with open(os.environ["LABSITE_FAULT_LOG"], "a") as log:
                    log.write(f"{FAULT} at {name} {args[:2]}\\n")
                if FAULT == "kill":
                    os.kill(os.getpid(), signal.SIGKILL)
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(args[-1]))
        return original(*args, **kwargs)

    setattr(module, name, faulty)


for module, name in ((shutil, "copy2"), (os, "link"), (os, "rename"), (os, "replace"), (os, "symlink"), (os, "unlink")):
    _wrap(module, name)
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_checkout(tmp_path_factory.mktemp("swap"))


@pytest.fixture(scope="module")
def fault_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("faults")
    (folder / "sitecustomize.py").write_text(FAULTS, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "NO_COLOR": "1", "LABSITE_FAULT_LOG": str(folder / "log")}


def make_html(repo: Path, env: dict[str, str], **fault: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-o", ".venv/.build-installed", "html"],
        cwd=repo,
        env={**env, **fault},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def edit_home_page(repo: Path, words: str) -> None:
    page = repo / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{words}\n", encoding="utf-8")


def test_a_kill_or_a_full_disk_while_publishing_leaves_a_whole_site(repo: Path, fault_env: dict[str, str]) -> None:
    first = make_html(repo, fault_env)
    assert first.returncode == 0, first.stderr[-3000:]
    site = repo / "_build" / "html"
    sites = {"old": hashes(site)}
    assert "index.html" in sites["old"]

    log = Path(fault_env["LABSITE_FAULT_LOG"])
    log.unlink(missing_ok=True)
    edit_home_page(repo, "A first edit.")
    recorded = make_html(repo, fault_env, LABSITE_FAULT_AT="-1")
    assert recorded.returncode == 0, recorded.stderr[-3000:]
    assert log.exists(), recorded.stdout[-1500:] + recorded.stderr[-1500:]
    operations = log.read_text().split()
    sites["second"] = hashes(site)
    # the first file copied (or linked: unchanged since the last build), one in the middle of the copy,
    # each rename and link of the swap, and the first and a middle removal of the old copy after it
    copies = [i + 1 for i, name in enumerate(operations) if name in ("copy2", "link")]
    swap = [i + 1 for i, name in enumerate(operations) if name in ("rename", "symlink", "replace")]
    removals = [i + 1 for i, name in enumerate(operations) if name == "unlink" and i + 1 > swap[2]]
    assert len(swap) == 4 and removals and copies[0] <= 2, operations[:5]  # the 4th: the files' stamps
    assert {"copy2", "link"} <= set(operations), "an edit copies what changed and links the rest"
    points = [copies[0], copies[len(copies) // 2], *swap, removals[0], removals[len(removals) // 2]]

    # the staged site differs from the published one; publish it again and again, with a fault each time
    staging = repo / "_build" / "staging"
    index = staging / "index.html"
    index.write_text(index.read_text(encoding="utf-8") + "<!-- staged -->\n", encoding="utf-8")
    staged = hashes(staging)
    publish = (
        "import sys; from pathlib import Path; from labsite.build import publish; "
        "publish(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    python = str(repo / ".venv" / "bin" / "python")
    for at in points:
        for fault in ("kill", "enospc"):
            log.unlink(missing_ok=True)
            result = subprocess.run(
                [python, "-c", publish, str(staging), str(repo / "_build")],
                env={**fault_env, "LABSITE_FAULT_AT": str(at), "LABSITE_FAULT": fault},
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert log.exists(), f"no {fault} at operation {at}"
            assert result.returncode != 0, f"{fault} at {at}: {log.read_text()}"
            if fault == "enospc":
                assert "No space left on device" in result.stderr, result.stderr[-2000:]
            now = hashes(site)
            # the last good site, or (a fault after the rename) the whole new one
            assert now in (sites["second"], staged), f"{fault} at {at} ({log.read_text()}): a partial site"

    edit_home_page(repo, "A sentence added after the second build.")
    final = make_html(repo, fault_env)
    assert final.returncode == 0, final.stderr[-3000:]
    assert "A sentence added after the second build." in (site / "index.html").read_text(encoding="utf-8")
    assert site.is_symlink() and len(list((repo / "_build" / "sites").iterdir())) == 1, "old copies are removed"


def test_an_edit_publishes_the_site_sphinx_staged_sharing_only_unchanged_files(
    repo: Path, fault_env: dict[str, str]
) -> None:
    """Publishing copies what Sphinx wrote since the last build and links the rest to the last site's
    copies (a site's PDFs and images are copied once, not on every edit). The published site is always
    the staged one: a file changed by hand in the published copy is not carried over."""
    first = make_html(repo, fault_env)
    assert first.returncode == 0, first.stderr[-3000:]
    site = repo / "_build" / "html"
    before = {path: (site / path).stat().st_ino for path in hashes(site)}
    unchanged, changed_by_hand = "talks/index.html", "people/index.html"
    (site / changed_by_hand).write_text("changed by hand\n", encoding="utf-8")
    edit_home_page(repo, "An edit to publish.")
    result = make_html(repo, fault_env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert hashes(site) == hashes(repo / "_build" / "staging")
    assert "An edit to publish." in (site / "index.html").read_text(encoding="utf-8")
    assert (site / unchanged).stat().st_ino == before[unchanged]  # shared with the last site
    assert (site / "index.html").stat().st_ino != before["index.html"]  # written again: copied
    assert (site / changed_by_hand).stat().st_ino != before[changed_by_hand]


def test_a_failed_step_fails_the_build_with_a_message(repo: Path, fault_env: dict[str, str]) -> None:
    """`_build/sites` cannot be made (a file is in its way): exit status 1, a message naming it; the
    last good site stays, and the next build after the obstacle is gone publishes."""
    good = make_html(repo, fault_env)
    assert good.returncode == 0, good.stderr[-3000:]
    site = repo / "_build" / "html"
    last_good = hashes(site)
    edit_home_page(repo, "Another sentence.")
    sites = repo / "_build" / "sites"
    moved = repo / "_build" / "sites-moved"
    sites.rename(moved)
    sites.write_text("in the way\n", encoding="utf-8")
    try:
        result = make_html(repo, fault_env)
    finally:
        sites.unlink()
        moved.rename(sites)
    assert result.returncode != 0
    assert "creating" in result.stderr and "_build/sites" in result.stderr, result.stderr[-2000:]
    assert "The site is in" not in result.stdout
    assert hashes(site) == last_good
    again = make_html(repo, fault_env)
    assert again.returncode == 0 and "Another sentence." in (site / "index.html").read_text(encoding="utf-8")


def _mount_tmpfs(folder: Path, kilobytes: int) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(folder)], capture_output=True, check=False
    )
    return mounted.returncode == 0


def _disk_kilobytes(folder: Path) -> int:
    return int(subprocess.run(["du", "-sk", str(folder)], capture_output=True, text=True, check=True).stdout.split()[0])


def test_a_really_full_disk_fails_the_build_and_publishes_nothing_half_copied(
    repo: Path, fault_env: dict[str, str], tmp_path: Path
) -> None:
    """`_build` on a small file system (a tmpfs: needs root, else skipped) with room for Sphinx's output but
    not for the copy that is published: the build fails saying so, and no partial site is published."""
    good = make_html(repo, fault_env)
    assert good.returncode == 0, good.stderr[-3000:]
    build = repo / "_build"
    staging, doctrees = _disk_kilobytes(build / "staging"), _disk_kilobytes(build / "doctrees")
    aside = tmp_path / "build-aside"
    build.rename(aside)
    if not _mount_tmpfs(build, doctrees + staging + staging // 2):
        build.rmdir()
        aside.rename(build)
        pytest.skip("needs root to mount a small file system")
    try:
        result = make_html(repo, fault_env)
        published = build / "html"
        files = hashes(published) if published.exists() else {}
    finally:
        subprocess.run(["umount", str(build)], check=True)
        build.rmdir()
        aside.rename(build)
    assert result.returncode != 0, "a build that could not copy the site must fail"
    assert "No space left on device" in result.stderr, result.stderr[-2000:]
    assert "The site is in" not in result.stdout
    assert files == {}, f"a partial site was published ({len(files)} files)"
