"""A rebuild after a setting or the data stops asking for a file removes it, as a clean build never
writes it: no stale feed, llms.txt, robots.txt, sitemap or site icon stays published."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from labsite.testing import build, copy_site

ROOT = Path(__file__).parent / "roots" / "test-directives"

#: a site with every file labsite writes at the end of a build: both feeds, llms.txt, robots.txt naming
#: the sitemap (sphinx-sitemap, which needs the site's address), the icons
EVERYTHING: dict[str, Any] = {
    "extensions": ["labsite", "sphinx_sitemap"],
    "html_baseurl": "https://lab.example.org/",
    "labsite_icon": "images/portrait.png",
}
#: the same site with each of those files turned off by its setting
NOTHING: dict[str, Any] = {
    "extensions": ["labsite", "sphinx_sitemap"],
    "labsite_talks_feed": "",
    "labsite_news_feed": "",
    "labsite_llms_txt": False,
    "labsite_robots_txt": False,
    "suppress_warnings": ["sitemap.configuration"],  # sphinx-sitemap says it writes no sitemap without an address
}


def files(outdir: Path) -> set[str]:
    """Every file of the output, by its path from the output folder (Sphinx's own bookkeeping aside)."""
    return {p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file() and p.name != ".buildinfo"}


def test_files_a_setting_turns_off_leave_the_output_at_the_next_build(tmp_path: Path) -> None:
    site = copy_site(ROOT, tmp_path / "lab")
    first = build(site, tmp_path / "out", **EVERYTHING)
    made = {"feeds/talks.xml", "llms.txt", "robots.txt", "sitemap.xml", "favicon.ico"}
    assert made <= files(first.outdir)  # the files this test is about were written
    again = build(site, tmp_path / "out", fresh=False, **NOTHING)
    clean = build(site, tmp_path / "clean", **NOTHING)
    assert not made & files(clean.outdir)
    assert sorted(files(again.outdir) - files(clean.outdir)) == []
    assert files(again.outdir) == files(clean.outdir)


def test_the_talks_feed_leaves_with_the_talk_list(tmp_path: Path) -> None:
    """A lab that stops listing talks (the quickstart README: delete talks.yaml and the page) has no
    talks feed any more, not last build's feed of talks that are gone."""
    site = copy_site(ROOT, tmp_path / "lab")
    assert "feeds/talks.xml" in files(build(site, tmp_path / "out", html_copy_source=False).outdir)
    (site / "data" / "talks.yaml").unlink()
    for page in site.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        if "{talk-list}" in text:
            page.unlink()
            index = site / "index.md"
            index.write_text(
                "\n".join(line for line in index.read_text(encoding="utf-8").splitlines() if line.strip() != page.stem)
                + "\n",
                encoding="utf-8",
            )
    # (Sphinx's own copies of removed pages' sources, `_sources/`, are Sphinx's business: not copied here)
    again = build(site, tmp_path / "out", fresh=False, html_copy_source=False)
    clean = build(site, tmp_path / "clean", html_copy_source=False)
    assert "feeds/talks.xml" not in files(clean.outdir)
    assert files(again.outdir) == files(clean.outdir)


def test_robots_txt_names_no_sitemap_once_the_site_has_no_address(tmp_path: Path) -> None:
    """sphinx-sitemap writes no sitemap without ``html_baseurl``: the one of the last build is not left
    behind for robots.txt to name."""
    site = copy_site(ROOT, tmp_path / "lab")
    first = build(site, tmp_path / "out", **EVERYTHING)
    assert "Sitemap: https://lab.example.org/sitemap.xml" in (first.outdir / "robots.txt").read_text(encoding="utf-8")
    again = build(site, tmp_path / "out", fresh=False, **{**NOTHING, "labsite_robots_txt": True})
    assert "Sitemap" not in (again.outdir / "robots.txt").read_text(encoding="utf-8")
    assert not (again.outdir / "sitemap.xml").exists()
