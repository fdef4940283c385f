"""The README's own edit recipes keep the site building strictly and the site's tests green.

Each recipe under "Editing the site" in README.md (add a member, graduate one, add a talk, an award, a
service role, a position, paste a paper
exported from DBLP, add a page to the toctree, replace the photo with a large landscape JPEG) is applied
to a copy of the checkout, as an editor would do it; then the copy is built strictly (`make html`), and
the site's own checks run on it too, on the edited data: each test of the site's modules that reads the
site or its data runs on this checkout and on the edited copy (tests/conftest.py, `[edited]`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from checkout import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
# A paper as DBLP's "export BibTeX" gives it (https://dblp.org/rec/conf/sosp/...bib): a key with colon
# and slashes, names broken over aligned lines, doubled braces, DBLP's bookkeeping fields.
DBLP_ENTRY = """
@inproceedings{DBLP:conf/sosp/FuHSZ26,
  author       = {{author_lines}},
  editor       = {Grace Hopper and
                  Alan Turing},
  title        = {A Test Paper Exported from {DBLP}: Serving Models on Punched Cards},
  booktitle    = {Proceedings of the {ACM} {SIGOPS} 32nd Symposium on Operating Systems
                  Principles, {SOSP} 2026},
  pages        = {1--16},
  publisher    = {{ACM}},
  year         = {2026},
  url          = {https://doi.org/10.1145/0000000.0000000},
  doi          = {10.1145/0000000.0000000},
  timestamp    = {Mon, 02 Nov 2026 10:00:00 +0100},
  biburl       = {https://dblp.org/rec/conf/sosp/FuHSZ26.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}
"""


def readme_block(after: str, language: str = "yaml") -> str:
    """The first fenced block of `language` after the README's bold heading `after` (e.g. "Add a member")."""
    start = README.index(f"**{after}**")
    match = re.compile(rf"```{language}\n(.*?)```", re.S).search(README, start)
    assert match, f"README: no {language} example after {after!r}"
    return match.group(1)


def append_to_list(path: Path, key: str, block: str) -> None:
    """Append `block` (an indented YAML list item) at the end of the list `key:` (the last one in the file)."""
    text = path.read_text(encoding="utf-8")
    assert re.search(rf"^{key}:", text, re.M), f"{path.name} has a {key}: list"
    path.write_text(text.rstrip("\n") + "\n" + block.rstrip("\n") + "\n", encoding="utf-8")


# --- the recipes -----------------------------------------------------------------------------------


def add_a_member(root: Path) -> None:
    append_to_list(root / "data" / "people.yaml", "members", readme_block("Add a member"))


def graduate_a_member(root: Path) -> None:
    """Set `end` (and `placement`) on the first current member, as the README's comments say."""
    path = root / "data" / "people.yaml"
    text = path.read_text(encoding="utf-8")
    members = yaml.safe_load(text)["members"]
    member = next(m for m in members if not m.get("end") and m["id"] != "ada-lovelace")
    month, year = member["start"].split("/")
    end = f"{month}/{int(year) + 1}"
    pattern = re.compile(rf"(  - id: {re.escape(member['id'])}\n(?:    .*\n)*?    start: \"?{member['start']}\"?\n)")
    assert pattern.search(text), member["id"]
    path.write_text(pattern.sub(rf'\1    end: "{end}"\n    placement: PhD @ Example University\n', text, 1))


def add_a_talk(root: Path) -> None:
    append_to_list(root / "data" / "talks.yaml", "talks", readme_block("Add a talk"))


def add_a_news_item(root: Path) -> None:
    """The README: write `news:` on its own line if the file says `news: []`, then append the item."""
    path = root / "data" / "news.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("news: []", "news:"), encoding="utf-8")
    block = readme_block("Add a news item").replace("Our *SomeSystem* paper is out.", "a *news item* recipe")
    append_to_list(path, "news", block)


def add_an_award(root: Path) -> None:
    """Insert the README's award at the top of `awards:` (not the last list of profile.yaml)."""
    path = root / "data" / "profile.yaml"
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^awards:\n", text, re.M), "profile.yaml has an awards: list"
    block = "\n".join(line for line in readme_block("Add an award").splitlines() if line.strip()) + "\n"
    path.write_text(re.sub(r"^awards:\n", lambda m: m.group(0) + block, text, count=1, flags=re.M), encoding="utf-8")


def add_a_service_role(root: Path) -> None:
    append_to_list(root / "data" / "service.yaml", "service", readme_block("Add a service role"))


def add_a_position(root: Path) -> None:
    append_to_list(root / "data" / "experience.yaml", "positions", readme_block("Add a position"))


def paste_a_dblp_paper(root: Path) -> None:
    people = yaml.safe_load((root / "data" / "people.yaml").read_text(encoding="utf-8"))["members"]
    owner = yaml.safe_load((root / "data" / "profile.yaml").read_text(encoding="utf-8"))["name"]
    authors = [people[0]["name"], "Grace B. Hopper", owner]
    entry = DBLP_ENTRY.replace("{author_lines}", " and\n                  ".join(authors))
    bib = root / "data" / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + entry, encoding="utf-8")


def add_a_page(root: Path) -> None:
    page = (
        "---\ndescription: The lab's reading group, its papers and dates.\n---\n\n# Reading group\n\nPapers we read.\n"
    )
    (root / "docs" / "reading.md").write_text(page, encoding="utf-8")
    index = root / "docs" / "index.md"
    text = index.read_text(encoding="utf-8")
    toctree = re.search(r"```\{toctree\}\n(.*?)```", text, re.S)
    assert toctree, "README: 'list it in the toctree at the end of docs/index.md'"
    index.write_text(text[: toctree.end(1)] + "reading\n" + text[toctree.end(1) :], encoding="utf-8")


def replace_the_photo(root: Path) -> None:
    """A large landscape camera JPEG (4000x2500, with detail) in docs/images/, named in data/profile.yaml
    as the README's recipe writes it."""
    from PIL import Image, ImageDraw, ImageFilter

    image = Image.linear_gradient("L").resize((4000, 2500)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(0, 4000, 160):
        draw.ellipse((i, 600 + (i % 700), i + 500, 1400 + (i % 700)), fill=(180, 120 + i % 100, 90))
    image = image.filter(ImageFilter.GaussianBlur(3))
    recipe = yaml.safe_load(readme_block("Change the photo"))  # photo: images/<name>, photo-alt
    image.save(root / "docs" / recipe["photo"], quality=92)
    profile = root / "data" / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    for field in ("photo", "photo-alt"):
        text = re.sub(rf"^{field}: .*$", f"{field}: {recipe[field]}", text, count=1, flags=re.M)
    profile.write_text(text, encoding="utf-8")


RECIPES = {
    "add a member": add_a_member,
    "graduate a member": graduate_a_member,
    "add a talk": add_a_talk,
    "add a news item": add_a_news_item,
    "add an award": add_an_award,
    "add a service role": add_a_service_role,
    "add a position": add_a_position,
    "paste a DBLP paper": paste_a_dblp_paper,
    "add a page": add_a_page,
    "replace the photo": replace_the_photo,
}


def test_the_readme_documents_each_recipe() -> None:
    for heading in (
        "Add a member",
        "Add a talk",
        "Add a news item",
        "Add an award",
        "Change the photo",
        "Add a service role",
        "Add a position",
        "Add a paper",
        "Add a page",
    ):
        assert f"**{heading}**" in README


@pytest.fixture(scope="module")
def edited_copy(edited_checkout: Path) -> Path:
    """A copy of the checkout with every recipe applied (tests/conftest.py)."""
    return edited_checkout


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONPATH"] = str(root / "labsite" / "src")
    return env


def test_the_edited_site_builds_strictly(edited_copy: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("needs make")
    result = subprocess.run(
        ["make", "-o", ".venv/.build-installed", "html"],
        cwd=edited_copy, env=_env(edited_copy), capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    site = edited_copy / "_build" / "html"
    assert (site / "reading" / "index.html").is_file()
    assert "a *news item* recipe" not in (site / "news" / "index.html").read_text(encoding="utf-8")
    assert "news item</em> recipe" in (site / "news" / "index.html").read_text(encoding="utf-8")
    assert "Ada Lovelace" in (site / "people" / "index.html").read_text(encoding="utf-8")
    assert "Serving Models on Punched Cards" in (site / "publications" / "index.html").read_text(encoding="utf-8")
    # the landscape photo fills the round frame: cropped to a square, not squeezed into an oval
    from bs4 import BeautifulSoup
    from PIL import Image

    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    photo = home.find("img", class_="labsite-photo")
    assert photo is not None and photo["width"] == photo["height"]
    for candidate in photo["srcset"].split(","):
        with Image.open(site / candidate.split()[0]) as served:
            assert served.width == served.height
