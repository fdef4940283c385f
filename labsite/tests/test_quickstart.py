"""``labsite-quickstart DIR`` writes a new lab's site that builds strictly at once, also in a fresh
virtual environment with only the package (and its requirements.txt) installed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from labsite.data.dataset import YAML_FILES, load_site_data
from labsite.data.kinds import KINDS
from labsite.data.problems import DataError
from labsite.data.schemas import modeline, schema_texts
from labsite.locale import LOCALE_DIR, compile_catalog
from labsite.quickstart import main, site_files
from labsite.testing import build

PACKAGE = Path(__file__).resolve().parent.parent  # labsite/, with pyproject.toml
EXPECTED = {"conf.py", "requirements.txt", "Makefile", ".readthedocs.yaml", "README.md", "docs/index.md"}


def text(html: Path) -> str:
    return " ".join(
        BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find("article").get_text(" ").split()
    )


def test_the_site_has_its_files_and_one_example_record_of_each_kind(tmp_path: Path) -> None:
    assert main([str(tmp_path / "lab"), "--title", "Loom Lab", "--owner", "Joseph Jacquard"]) == 0
    files = {p.relative_to(tmp_path / "lab").as_posix() for p in (tmp_path / "lab").rglob("*") if p.is_file()}
    assert files >= EXPECTED
    data = load_site_data(tmp_path / "lab" / "data")
    assert data.profile is not None and data.profile.name == "Joseph Jacquard"
    assert len(data.talks.talks) == len(data.projects.projects) == 1
    assert [m.end is None for m in data.people.members] == [True, False]  # a current and a former member
    assert len(data.research.areas) == len(data.teaching.courses) == len(data.experience.positions) == 1
    assert len(data.topics.topics) == len(data.publications) == 1
    assert all(data.records(kind.name) for kind in KINDS)  # one record of every kind of the table


def test_the_new_sites_readme_names_every_data_file_it_has(tmp_path: Path) -> None:
    """The README the new lab reads lists the data files the quickstart wrote (it left out the service
    and news files once they were added)."""
    assert main([str(tmp_path / "lab")]) == 0
    readme = (tmp_path / "lab" / "README.md").read_text(encoding="utf-8")
    data_files = sorted(p.name for p in (tmp_path / "lab" / "data").iterdir() if p.is_file())
    assert data_files and [name for name in data_files if f"`{name}`" not in readme] == []


def test_the_next_step_it_prints_can_be_pasted_into_a_shell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "Our Lab's site"
    assert main([str(site)]) == 0
    command = capsys.readouterr().out.splitlines()[-1].strip().replace("make html", "pwd")
    command = command.replace("pip install -r requirements.txt", "test -f requirements.txt")
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == str(site)


def test_it_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "conf.py").write_text("# mine\n")
    assert main([str(tmp_path)]) == 1
    assert "conf.py" in capsys.readouterr().err
    assert (tmp_path / "conf.py").read_text() == "# mine\n"
    assert not (tmp_path / "docs").exists()
    assert main([str(tmp_path), "--force"]) == 0


def test_the_new_site_builds_strictly_and_shows_its_records(tmp_path: Path) -> None:
    main([str(tmp_path / "lab"), "--title", "Loom Lab", "--owner", "Joseph Jacquard"])
    lab = tmp_path / "lab"
    result = build(lab / "docs", lab / "_build" / "html", confdir=lab)  # strict, nitpicky, dirhtml
    assert result.warnings == ""
    out = result.outdir
    data = load_site_data(tmp_path / "lab" / "data")
    assert data.people.members[0].name in text(out / "people" / "index.html")
    assert data.publications[0].title in text(out / "publications" / "index.html")
    assert data.talks.talks[0].venue in text(out / "talks" / "index.html")
    assert data.teaching.courses[0].name in text(out / "teaching" / "index.html")  # the .rst page
    news = text(out / "news" / "index.html")
    assert data.news.news[0].text in news and data.talks.talks[0].venue in news  # written and derived
    assert (out / "feeds" / "news.xml").is_file() and "labsite-news" in (out / "index.html").read_text()


def test_in_a_fresh_virtual_environment_install_quickstart_and_build(tmp_path: Path) -> None:
    """Exactly what a new user does: a new venv, pip install the package, labsite-quickstart, make html.
    pip takes packages from the configured index (a local one on the test machines: no download)."""
    if shutil.which("make") is None:
        pytest.skip("needs make")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_ = venv / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "SOURCE_DATE_EPOCH")}
    env["PATH"] = f"{bin_}{os.pathsep}{env.get('PATH', '')}"
    pip = [str(bin_ / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, str(PACKAGE)], check=True, env=env, capture_output=True)
    site = tmp_path / "lab"
    subprocess.run([str(bin_ / "labsite-quickstart"), str(site)], check=True, env=env, capture_output=True)
    subprocess.run([*pip, "-r", "requirements.txt"], check=True, env=env, cwd=site, capture_output=True)
    result = subprocess.run(["make", "html"], env=env, cwd=site, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    # where the site is, and not Sphinx's "The HTML pages are in _build/staging." before it
    assert "The HTML pages are in" not in result.stdout and "The site is in _build/html/" in result.stdout
    assert "Example Lab" in text(site / "_build" / "html" / "index.html")
    assert set(site_files("Example Lab", "Alex Example")) <= {
        p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
    }


def test_the_new_site_has_a_cv_page_pdf_and_json_resume(tmp_path: Path) -> None:
    """The skeleton's CV page: the build typesets cv.pdf and cv-short.pdf and writes cv.json from the
    lab's own records; the profile card's CV link is the generated PDF."""
    import json

    import jsonschema
    from pypdf import PdfReader

    main([str(tmp_path / "lab"), "--title", "Loom Lab", "--owner", "Zoë O'Neil"])
    lab = tmp_path / "lab"
    result = build(lab / "docs", lab / "_build" / "html", confdir=lab)
    assert result.warnings == ""
    out = result.outdir
    data = load_site_data(lab / "data")
    assert data.profile is not None
    pdf = " ".join(" ".join(page.extract_text() for page in PdfReader(out / "cv.pdf").pages).split())
    records = [data.profile.name, data.publications[0].title, data.talks.talks[0].title, data.profile.awards[0].title]
    records += [m.name for m in data.people.members] + [c.name for c in data.teaching.courses]
    assert [r for r in records if r and " ".join(r.split()) not in pdf] == []
    assert len(PdfReader(out / "cv-short.pdf").pages) <= 2
    schema = json.loads((Path(__file__).parent / "jsonresume" / "schema.json").read_text(encoding="utf-8"))
    resume = json.loads((out / "cv.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(resume)
    assert resume["basics"]["name"] == data.profile.name
    assert data.publications[0].title in text(out / "cv" / "index.html")
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("a", href="cv.pdf", string="CV") is not None


#: names a lab types at the prompt: quotes, YAML's `: ` and ` #`, a backslash, non-ASCII, a word YAML reads as null
AWKWARD = [
    ('The "Quote" Lab', "Ada O'Neil"),
    ("Lab: Systems & ML", "Zoë Müller-Lüdenscheidt"),
    ("Lab #1", "Prince"),
    ("Back\\slash Lab", "Null"),
]


@pytest.mark.parametrize(("title", "owner"), AWKWARD)
def test_any_title_and_owner_arrive_exactly_as_typed(tmp_path: Path, title: str, owner: str) -> None:
    assert main([str(tmp_path / "lab"), "--title", title, "--owner", owner]) == 0
    conf: dict[str, object] = {}
    exec((tmp_path / "lab" / "conf.py").read_text(encoding="utf-8"), conf)
    assert (conf["project"], conf["author"], conf["html_title"]) == (title, owner, title)
    data = load_site_data(tmp_path / "lab" / "data")
    assert data.profile is not None
    assert (data.profile.name, data.profile.lab.name) == (owner, title)
    front = (tmp_path / "lab" / "docs" / "index.md").read_text(encoding="utf-8").split("---")[1]
    assert yaml.safe_load(front)["description"] == f"{title}, led by {owner}."


@pytest.mark.parametrize(
    "title", ['The "Quote" Lab: #1', "*Not* <b>bold</b> {sub}`x` $x$ [a](https://a.example/) Lab_1 \\ & co"]
)
def test_a_site_with_an_awkward_name_builds_and_shows_it(tmp_path: Path, title: str) -> None:
    """The title reaches the page as typed: Markdown, HTML and MyST markup in it shows literally."""
    owner = "Zoë O'Neil"
    main([str(tmp_path / "lab"), "--title", title, "--owner", owner])
    lab = tmp_path / "lab"
    result = build(lab / "docs", lab / "_build" / "html", confdir=lab)
    assert result.warnings == ""
    page = BeautifulSoup((result.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("meta", attrs={"name": "description"})["content"] == f"{title}, led by {owner}."
    heading = page.find("h1")
    assert heading.get_text().strip("¶ ") == title
    assert not heading.find(["b", "em", "sub", "span", "code"]) and not heading.find("a", href="https://a.example/")
    assert (lab / "README.md").read_text(encoding="utf-8").startswith("# ")
    assert owner in text(result.outdir / "publications" / "index.html")  # the owner, highlighted in the paper


def test_no_section_of_the_new_site_is_empty(tmp_path: Path) -> None:
    """Each heading the skeleton's pages have shows something under it (a former member, too)."""
    main([str(tmp_path / "lab")])
    lab = tmp_path / "lab"
    out = build(lab / "docs", lab / "_build" / "html", confdir=lab).outdir
    for html in out.rglob("index.html"):
        article = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find("article")
        for section in article.find_all("section") if article else []:
            heading = section.find(["h1", "h2", "h3", "h4"])
            body = " ".join(t.get_text(" ") for t in heading.find_next_siblings())
            assert body.strip(), f"{html.relative_to(out)}: section {heading.get_text().strip('¶ ')!r} is empty"
    data = load_site_data(lab / "data")
    former = [m for m in data.people.members if m.end is not None]
    assert former and former[0].name in text(out / "people" / "index.html")


def test_each_yaml_data_file_names_its_schema_for_editors(tmp_path: Path) -> None:
    main([str(tmp_path / "lab")])
    lab = tmp_path / "lab"
    for file_name, _ in YAML_FILES.values():
        first_line = (lab / "data" / file_name).read_text(encoding="utf-8").splitlines()[0]
        assert first_line == modeline(file_name)
        schema = (lab / "data" / first_line.split("$schema=")[1]).resolve()
        assert schema.is_file()
    assert {name: (lab / "schemas" / name).read_text(encoding="utf-8") for name in schema_texts()} == schema_texts()


def make(site: Path, target: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", target], cwd=site, env=env, capture_output=True, text=True, check=False)


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_html_with_a_data_mistake_lists_it_and_builds_nothing(tmp_path: Path) -> None:
    """The site's Makefile checks the data first: the problem list (file, line, entry, field), not a
    Sphinx crash report asking to report a bug to Sphinx."""
    main([str(tmp_path / "lab")])
    lab = tmp_path / "lab"
    people = lab / "data" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("    start:", "    strat:", 1), encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    for target in ("check", "html"):
        result = make(lab, target, env)
        assert result.returncode != 0
        assert "data/people.yaml:" in result.stderr and "did you mean 'start'?" in result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        assert "sphinx-doc/sphinx/issues" not in result.stdout + result.stderr
    assert not (lab / "_build").exists()


#: a paper as DBLP exports it (aligned fields, a wrapped author list, its timestamp, biburl and bibsource)
DBLP_EXPORT = """@inproceedings{DBLP:conf/sosp/JacquardS26,
  author       = {Joseph Jacquard and
                  First Student},
  title        = {Weaving Patterns at Scale},
  booktitle    = {Proceedings of the 32nd Symposium on Operating Systems Principles, {SOSP}
                  2026},
  pages        = {1--15},
  publisher    = {{ACM}},
  year         = {2026},
  timestamp    = {Mon, 02 Nov 2026 10:00:00 +0100},
  biburl       = {https://dblp.org/rec/conf/sosp/JacquardS26.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_import_bib_adds_an_exported_list_to_the_new_site(tmp_path: Path) -> None:
    """The comment `labsite-import-bib` writes above the papers it adds names `make import-bib`, and the
    new site's README offers it: the new site's Makefile has that target."""
    main([str(tmp_path / "lab"), "--owner", "Joseph Jacquard"])
    lab = tmp_path / "lab"
    export = tmp_path / "dblp.bib"
    export.write_text(DBLP_EXPORT, encoding="utf-8")
    assert "make import-bib FILE=" in (lab / "README.md").read_text(encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        ["make", "import-bib", f"FILE={export}"], cwd=lab, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 added" in result.stdout
    bib = (lab / "data" / "publications.bib").read_text(encoding="utf-8")
    assert "`make import-bib`" in bib
    assert "DBLP:conf/sosp/JacquardS26" in {paper.key for paper in load_site_data(lab / "data").publications}
    assert make(lab, "check", env).returncode == 0


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_import_bib_into_an_emptied_list_merges_then_lists_what_make_check_still_finds(tmp_path: Path) -> None:
    """A new lab empties publications.bib to start from its own export: research-areas.yaml then names an
    example paper no longer there. Before: the import was refused until `make check` passed, which it
    could not without the import. Now the papers are added, and the problems left are listed as
    `make check` lists them (the exit status says the site is not done)."""
    main([str(tmp_path / "lab"), "--owner", "Joseph Jacquard"])
    lab = tmp_path / "lab"
    (lab / "data" / "publications.bib").write_text("", encoding="utf-8")
    export = tmp_path / "dblp.bib"
    export.write_text(DBLP_EXPORT, encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        ["make", "import-bib", f"FILE={export}"], cwd=lab, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "1 added" in result.stdout and "still has problems" in result.stderr
    with pytest.raises(DataError) as left:
        load_site_data(lab / "data")
    assert "DBLP:conf/sosp/JacquardS26" in {p.key for p in left.value.partial.publications}  # type: ignore[attr-defined]
    check = make(lab, "check", env)
    assert check.returncode != 0
    for problem in left.value.problems:  # as the site's folder shows them: data/research-areas.yaml:9: ...
        shown = f"data/{problem.file.name}:{problem.line}: {problem.what}"
        assert shown in result.stderr and shown in check.stdout + check.stderr
    assert any(p.file.name == "research-areas.yaml" for p in left.value.problems)


#: an al-folio entry whose PDF and preview are not in the site's files and images folders
AL_FOLIO_ENTRY = """
@article{jacquard2026cards,
  abbr={Looms},
  bibtex_show={true},
  title={Punched Cards for Pattern Weaving},
  author={Jacquard, Joseph and Student, First},
  journal={Journal of Weaving},
  year={2026},
  pdf={alfolio.pdf},
  preview={cards.png},
  selected={true}
}
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_html_reports_a_papers_missing_files_as_make_check_does_before_building(tmp_path: Path) -> None:
    """A paper's missing `pdf` and `preview` files, and a paper listed twice, in one report: `make html`
    prints the lines of `make check`, before Sphinx starts (nothing is written)."""
    main([str(tmp_path / "lab")])
    lab = tmp_path / "lab"
    bib = lab / "data" / "publications.bib"
    written = bib.read_text(encoding="utf-8")
    example = written[written.index("@inproceedings{") :]
    key = example[len("@inproceedings{") : example.index(",")]
    again = example.replace(key, "Student_Example_Paper", 1)  # the example pasted again from Zotero
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    located = re.compile(r".*entry '([^']+)', field '([^']+)'")
    missing = {("jacquard2026cards", "pdf"), ("jacquard2026cards", "preview")}
    for pasted, expected in ((AL_FOLIO_ENTRY, missing), (AL_FOLIO_ENTRY + again, {*missing, (key, "title")})):
        expected = {("Student_Example_Paper" if k == key else k, f) for k, f in expected}
        bib.write_text(written + pasted, encoding="utf-8")
        check, html = make(lab, "check", env), make(lab, "html", env)
        assert check.returncode != 0 and html.returncode != 0
        problems = [line.strip() for line in check.stderr.splitlines() if line.startswith("  ")]
        assert {(m.group(1), m.group(2)) for m in map(located.match, problems) if m} == expected, check.stderr
        assert [line.strip() for line in html.stderr.splitlines() if line.startswith("  ")] == problems
        assert "sphinx-build" not in html.stdout
        assert not (lab / "_build" / "html").exists() and not (lab / "_build" / "staging").exists()


#: arXiv's "Export BibTeX Citation" of a preprint, as pasted
ARXIV_EXPORT = """
@misc{jacquard2026looms,
      title={Programmable Looms at Scale},
      author={First Student and Alex Example},
      year={2026},
      eprint={2609.01234},
      archivePrefix={arXiv},
      primaryClass={cs.LG},
      url={https://arxiv.org/abs/2609.01234},
}
"""


def test_the_readme_says_an_arxiv_export_builds_as_pasted(tmp_path: Path) -> None:
    """The site's README: an arXiv export (`@misc` with `eprint`, no venue) builds as it is, showing its
    arXiv id as the venue; what the README calls required is what the loader requires."""
    main([str(tmp_path / "lab")])
    readme = (tmp_path / "lab" / "README.md").read_text(encoding="utf-8")
    paragraph = " ".join(readme.split("- Papers:", 1)[1].split("\n- ", 1)[0].split())
    assert "needs a venue" not in paragraph and "builds as it is" in paragraph
    assert all(f"`{field}`" in paragraph for field in ("title", "author", "year"))
    bib = tmp_path / "lab" / "data" / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + ARXIV_EXPORT, encoding="utf-8")
    papers = {paper.key: paper for paper in load_site_data(tmp_path / "lab" / "data").publications}
    assert papers["jacquard2026looms"].title == "Programmable Looms at Scale"
    assert papers["jacquard2026looms"].venue == "arXiv:2609.01234 [cs.LG]"
    for field in ("title", "author", "year"):  # each one the README names is required
        entry = "\n".join(line for line in ARXIV_EXPORT.splitlines() if not line.strip().startswith(f"{field}="))
        bib.write_text(entry, encoding="utf-8")
        with pytest.raises(DataError):
            load_site_data(tmp_path / "lab" / "data")


CANONICAL = "https://example-lab.readthedocs.io/"


def read_the_docs(site: Path, output: Path) -> subprocess.CompletedProcess[str]:
    """Run the html build commands of the site's .readthedocs.yaml as Read the Docs does (bash, in the
    checkout, its environment's python first on PATH); stops at the first that fails."""
    config = yaml.safe_load((site / ".readthedocs.yaml").read_text(encoding="utf-8"))
    env = {
        **os.environ,
        "READTHEDOCS": "True",
        "READTHEDOCS_OUTPUT": str(output),
        "READTHEDOCS_CANONICAL_URL": CANONICAL,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    result = subprocess.CompletedProcess[str]([], 0, "", "")
    for command in config["build"]["jobs"]["build"]["html"]:
        result = subprocess.run(["bash", "-c", command], cwd=site, env=env, capture_output=True, text=True, check=False)
        if result.returncode:
            break
    return result


def test_read_the_docs_checks_the_data_then_builds(tmp_path: Path) -> None:
    main([str(tmp_path / "lab")])
    lab = tmp_path / "lab"
    assert read_the_docs(lab, tmp_path / "out").returncode == 0
    site = tmp_path / "out" / "html"
    people = BeautifulSoup((site / "people" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert people.find("link", rel="canonical")["href"] == f"{CANONICAL}people/"  # the address Read the Docs gives
    feed = BeautifulSoup((site / "feeds" / "talks.xml").read_text(encoding="utf-8"), "xml")
    assert feed.find("link", rel="self")["href"] == f"{CANONICAL}feeds/talks.xml"  # subscribers get absolute links
    assert feed.find("id").get_text().startswith("urn:uuid:")  # ids do not depend on the host (issue 13)
    # with the site's address: a sitemap of every page, each paper's own page included, named in robots.txt
    # (for search engines and Google Scholar), and a 404 page whose links work at any depth
    sitemap = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    listed = {loc.get_text() for loc in sitemap.find_all("loc")}
    papers = load_site_data(lab / "data").publications
    assert {f"{CANONICAL}publications/{paper.key}/" for paper in papers} | {CANONICAL, f"{CANONICAL}people/"} <= listed
    assert f"Sitemap: {CANONICAL}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    not_found = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert not_found.find("a", href="/people/") is not None
    talks = lab / "data" / "talks.yaml"
    talks.write_text(talks.read_text(encoding="utf-8").replace('date: "', 'date: "1', 1), encoding="utf-8")
    result = read_the_docs(lab, tmp_path / "out2")
    assert result.returncode != 0
    assert "data/talks.yaml:" in result.stderr and "field 'date'" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "out2").exists()


def test_each_page_has_its_own_description(tmp_path: Path) -> None:
    """Search engines get a summary per page (front matter, or `:description:` in the .rst page), not
    one site-wide sentence repeated."""
    main([str(tmp_path / "lab")])
    lab = tmp_path / "lab"
    out = build(lab / "docs", lab / "_build" / "html", confdir=lab).outdir
    descriptions = {}
    for source in (lab / "docs").glob("*.*"):
        html = out / "index.html" if source.stem == "index" else out / source.stem / "index.html"
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        descriptions[source.name] = page.find("meta", attrs={"name": "description"})["content"]
    assert len(set(descriptions.values())) == len(descriptions), descriptions


def test_language_de_gives_a_german_site_that_builds(tmp_path: Path) -> None:
    """`--language de`: the words labsite writes come from the shipped German catalog."""
    main([str(tmp_path / "lab"), "--language", "de"])
    lab = tmp_path / "lab"
    result = build(lab / "docs", lab / "_build" / "html", confdir=lab)
    assert result.warnings == ""
    people = result.outdir / "people" / "index.html"
    assert BeautifulSoup(people.read_text(encoding="utf-8"), "html.parser").html["lang"] == "de"
    since = compile_catalog(LOCALE_DIR / "de" / "LC_MESSAGES" / "labsite.po").gettext("Since {date}")
    assert since != "Since {date}" and since.split("{")[0].strip() in text(people)


def test_a_german_build_leaves_the_next_build_in_the_process_english(tmp_path: Path) -> None:
    """Sphinx keeps each message catalog it loaded for the life of the process (``sphinx.locale``) and
    adds a later build's catalog behind it, so after a German build an English one in the same process
    (a test session, a script building several sites) wrote Sphinx's own words in German ("Suche")."""
    main([str(tmp_path / "de"), "--language", "de"])
    build(tmp_path / "de" / "docs", tmp_path / "de" / "_build" / "html", confdir=tmp_path / "de")
    main([str(tmp_path / "en")])
    result = build(tmp_path / "en" / "docs", tmp_path / "en" / "_build" / "html", confdir=tmp_path / "en")
    english = BeautifulSoup((result.outdir / "people" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert english.html["lang"] == "en"
    assert english.find("link", rel="search")["title"] == "Search"


# --- what a visitor of the new site gets (one build for the tests below) -----------------------


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The quickstart's site, built strictly once: its output folder."""
    lab = tmp_path_factory.mktemp("quickstart") / "lab"
    assert main([str(lab), "--title", "Loom Lab", "--owner", "Joseph Jacquard"]) == 0
    result = build(lab / "docs", lab / "_build" / "html", confdir=lab)
    assert result.warnings == ""
    return result.outdir


def page(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_new_site_looks_like_a_labs_homepage_not_a_manual(new_site: Path) -> None:
    """labsite's page templates for furo reach every site on furo: no previous/next links on the home
    page (the other pages keep them), no name in the home page's sidebar above the same name as its
    heading, and a footer of the copyright alone (no "Made with Sphinx and Furo")."""
    home, people = page(new_site, ""), page(new_site, "people")
    assert home.select(".related-pages a") == []
    assert people.select(".related-pages a")
    assert home.select(".sidebar-drawer .sidebar-brand") == [] and people.select(".sidebar-drawer .sidebar-brand")
    for soup in (home, people):
        footer = " ".join(soup.select_one(".bottom-of-page").get_text(" ").split())
        assert "Joseph Jacquard" in footer
        assert not [word for word in ("Made with", "Sphinx", "Furo") if word in footer], footer


def test_llms_txt_links_every_page_and_every_feed(new_site: Path) -> None:
    """Without an address for the site (html_baseurl ""), llms.txt links relative to itself: no empty
    link (the home page is ./), every link leads to a file of the site, and every Atom feed is listed."""
    text = (new_site / "llms.txt").read_text(encoding="utf-8")
    links = re.findall(r"^- \[[^\]]*\]\(([^)]*)\)", text, flags=re.MULTILINE)
    assert links and "" not in links
    local = [link for link in links if "://" not in link]
    missing = [
        link for link in local if not ((new_site / link / "index.html").is_file() or (new_site / link).is_file())
    ]
    assert missing == []
    feeds = {p.relative_to(new_site).as_posix() for p in new_site.rglob("*.xml") if b"<feed" in p.read_bytes()[:500]}
    assert feeds and feeds <= set(local), (feeds, links)


def test_the_new_site_publishes_no_empty_folder(new_site: Path) -> None:
    """html_copy_source = False: no ``_sources`` folder (Sphinx makes it all the same), nor any other
    empty folder."""
    assert not (new_site / "_sources").exists()
    assert [d for d in new_site.rglob("*") if d.is_dir() and not any(d.iterdir())] == []


def test_the_home_pages_short_lists_link_their_whole_lists(new_site: Path) -> None:
    """The home page shows the latest five news items and the recent talks: each section links the page
    with all of them (the navigation aside), as the repository's own home page does."""
    home = page(new_site, "")
    for heading, target in (("news", "news/"), ("recent-talks", "talks/")):
        section = home.find("section", id=heading)
        assert section is not None, heading
        assert target in [a["href"] for a in section.find_all("a", href=True)], heading


def test_the_home_pages_profile_card_names_the_lab_head(new_site: Path) -> None:
    """The new site's home page is headed by the lab's name (`--title`): its profile card says whose title
    and affiliation it shows (`--owner`), where a personal homepage's heading is the name itself."""
    home = page(new_site, "")
    assert home.find("h1").get_text().strip("¶ ") == "Loom Lab"
    card = home.find(class_="labsite-profile")
    first = card.find("p")
    assert first.find("strong").get_text() == "Joseph Jacquard"
    assert "Professor" in first.get_text()


def test_no_page_of_a_site_without_an_icon_makes_browsers_ask_for_favicon_ico(new_site: Path) -> None:
    """The new site has no icon (no `labsite_icon`, no `html_favicon`) and serves no /favicon.ico: each page
    links an icon anyway (an empty one), so a browser does not request the missing file and log a 404."""
    assert not (new_site / "favicon.ico").exists()
    for html in new_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect page
        icons = [link["href"] for link in soup.find_all("link", rel="icon")]
        assert icons == ["data:,"], (html.relative_to(new_site), icons)


def test_without_html_baseurl_no_address_in_head_tags_or_json_ld_points_elsewhere(new_site: Path) -> None:
    """The new site has no `html_baseurl` (a local build, a host not yet chosen): `og:url` is left out
    (the Open Graph protocol wants an absolute URL; a relative one was written), and the JSON-LD's
    addresses, resolved against the page holding them as JSON-LD says, reach the home page's Person
    and each talk's entry (the talks page's said `talks/#talk-...`, i.e. /talks/talks/, and `#person`)."""
    for html in new_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        assert not soup.find("meta", property="og:url"), html.relative_to(new_site)
        here = "http://lab.test/" + html.relative_to(new_site).as_posix()
        for script in soup.find_all("script", type="application/ld+json"):
            data = json.loads(script.string)
            for node in data.get("@graph", [data]):
                addresses = [node.get("@id"), node.get("url"), (node.get("performer") or {}).get("@id")]
                for address in filter(None, addresses):
                    if not urljoin(here, address).startswith("http://lab.test/"):
                        continue  # another site's (a talk's recording)
                    path, _, anchor = urljoin(here, address).removeprefix("http://lab.test/").partition("#")
                    target = new_site / path / ("index.html" if not path or path.endswith("/") else "")
                    assert target.is_file(), (html.relative_to(new_site), address)
                    ids = {
                        tag.get("id")
                        for tag in BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find_all(id=True)
                    }
                    assert not anchor or (anchor == "person" and path == "") or anchor in ids, (
                        html.relative_to(new_site),
                        address,
                    )


def test_the_new_site_can_be_published_on_github_pages_under_its_repository(tmp_path: Path) -> None:
    """GitHub Pages (its default "Deploy from a branch") runs Jekyll, which drops every folder starting
    with `_`: the site's `_static/` (styles, scripts) was missing, every page unstyled. The new site
    writes `.nojekyll`, and built as its README says (`html_baseurl` of `https://USER.github.io/REPO/`)
    its canonical links are under that folder and writes no CNAME (github.io needs none)."""
    lab = tmp_path / "lab"
    main([str(lab)])
    result = build(lab / "docs", lab / "_build" / "html", confdir=lab, html_baseurl="https://user.github.io/lab/")
    assert result.warnings == ""
    assert (result.outdir / ".nojekyll").is_file() and not (result.outdir / "CNAME").exists()
    people = page(result.outdir, "people")
    assert people.find("link", rel="canonical")["href"] == "https://user.github.io/lab/people/"
    assert any(link["href"].startswith("../_static/") for link in people.find_all("link", rel="stylesheet"))


@pytest.mark.skipif(
    shutil.which("make") is None or not (Path(sys.executable).parent / "sphinx-autobuild").exists(),
    reason="needs make and sphinx-autobuild",
)
def test_make_livehtml_shows_the_site_and_an_edited_data_file(tmp_path: Path) -> None:
    """`make livehtml` serves the new site while its owner edits: saving a data file rebuilds the page that
    shows it (the data folder is watched, not only the pages)."""
    import socket
    import time
    import urllib.request

    main([str(tmp_path / "lab"), "--title", "Loom Lab"])
    lab = tmp_path / "lab"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    server = subprocess.Popen(
        ["make", "livehtml", f"PORT={port}"],
        cwd=lab,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )

    def served(path: str, wanted: str) -> bool:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as response:
                    if wanted in response.read().decode("utf-8"):
                        return True
            except OSError:
                pass
            time.sleep(0.5)
        return False

    try:
        assert served("", "Loom Lab"), "the site is not served"
        news = lab / "data" / "news.yaml"
        text = news.read_text(encoding="utf-8")
        item = '  - date: 2026-11-20\n    text: "Saved while make livehtml ran."\n'
        news.write_text(text.replace("news:\n", "news:\n" + item, 1), encoding="utf-8")
        assert served("news/", "Saved while make livehtml ran."), "the edit did not reach the page"
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
