"""Text from data files is text: whatever markup a field holds, the pages show it literally.

A property test (hypothesis): every text field of every data file of a small site
(labsite/tests/roots/test-bad-markup) gets an arbitrary string, mixed with HTML, MyST and reStructuredText
markup; the site is built strictly and every page is checked: each string shows literally, and
no element, attribute, script or link came from the data. Also: links that open a new tab
cannot reach back to the site, and the e-mail address is never a harvestable `mailto:`.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import tempfile
import typing
from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, reject, settings
from hypothesis import strategies as st
from labsite.data import model
from labsite.data.bibtex import latex_to_text
from labsite.data.dataset import YAML_FILES, load_site_data
from labsite.data.problems import DataError
from labsite.sphinx.assets import SCRIPTS_ON
from pydantic import BaseModel
from sitebuild import REPO, Build, build, inline_text_is_its_file

ROOT = Path(__file__).resolve().parent.parent / "labsite" / "tests" / "roots" / "test-bad-markup"

MARKUP = [
    "<script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<b>bold</b>",
    "<i>it</i>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)",
    "<iframe src=https://evil.example/></iframe>",
    "<!-- hidden -->",
    "]]><x>",
    "*em*",
    "**strong**",
    "_u_",
    "`code`",
    "{sub}`x`",
    "{{ jinja }}",
    "{#anchor}",
    "{.cls}",
    "(label)=",
    ":::{note}\nhello\n:::",
    "```{raw} html\n<b>raw</b>\n```",
    ".. raw:: html\n\n   <b>raw</b>",
    ":raw-html:`<b>x</b>`",
    "[link](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<https://evil.example>",
    "[x]: https://evil.example",
    "![img](https://evil.example/x.png)",
    "$x^2$",
    "| a | b |\n|---|---|",
    "# heading",
    "- item",
    "1. item",
    "> quote",
    "&amp; &lt;b&gt; &#60;",
    "\\",
    "\\*",
    "~~s~~",
    "---",
    "\n\n",
    "\t",
    "\u00a0",
    "\u200b",
    "日本語",
    "😀",
]
#: characters that mean something in BibTeX/LaTeX values: BibTeX fields are LaTeX by definition
LATEX = set("{}\\%~$#&^_\"'`-")

#: Unicode's noncharacters (U+FFFE, U+FFFF, ...): not text, refused with a located error like control characters
NONCHARACTERS = "".join(
    chr(c) for c in [*range(0xFDD0, 0xFDF0), *(p << 16 | o for p in range(17) for o in (0xFFFE, 0xFFFF))]
)
#: Unicode's explicit direction marks: refused with a located error when left open (labsite.data.model)
DIRECTION_MARKS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
plain = st.text(
    st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=NONCHARACTERS + DIRECTION_MARKS), max_size=8
)
any_text = (
    st.lists(st.one_of(st.sampled_from(MARKUP), plain), min_size=1, max_size=4)
    .map("".join)
    .filter(lambda s: bool(s.split()))
)
bib_text = st.lists(
    st.one_of(st.sampled_from([m for m in MARKUP if not LATEX & set(m)]), plain), min_size=1, max_size=4
).map(lambda parts: "".join(ch for ch in "".join(parts) if ch not in LATEX and ch not in "@,"))
bib_text = bib_text.filter(lambda s: bool(s.split()) and latex_to_text(s) == " ".join(s.split()))
bib_name = bib_text.map(lambda s: "".join(s.split())).filter(lambda s: latex_to_text(s) == s and len(s) > 0)

#: fields not shown as page text: other spellings for matching author names; the owner's name, which
#: goes into metadata (JSON-LD, meta tags: checked for injection) and highlights matching authors
NOT_SHOWN = {"people.yaml:Member.aliases", "profile.yaml:Profile.name"}
#: fields shown only as an attribute (the photo's alternative text)
SHOWN_AS_ALT = {"profile.yaml:Profile.photo-alt"}


# --- which fields are text: derived from the models --------------------------------------------


def _is_text(annotation: Any, metadata: list[Any] = ()) -> bool:
    validators = list(metadata) + list(getattr(annotation, "__metadata__", ()))
    return any(getattr(v, "func", None) is model._plain_text for v in validators)


def _parts(annotation: Any) -> list[Any]:
    """The alternatives of `X | None` and the item type of `list[X]`."""
    if typing.get_origin(annotation) in (list, typing.Union) or type(annotation).__name__ == "UnionType":
        return [p for arg in typing.get_args(annotation) for p in _parts(arg)]
    return [annotation]


def fuzz(record_model: type[BaseModel], data: dict[str, Any], draw: Any, file: str, found: list[tuple]) -> None:
    """Replace every text value in `data` (a record of `record_model`) by a drawn string, in place."""
    for name, field in record_model.model_fields.items():
        key = field.alias or name
        if key not in data:
            continue
        label = f"{file}:{record_model.__name__}.{key}"
        options = _parts(field.annotation)
        if _is_text(field.annotation, field.metadata) or any(_is_text(o) for o in options if o is not type(None)):
            values = data[key] if isinstance(data[key], list) else [data[key]]
            new = [draw(any_text.map(lambda s: s.replace("@", " AT ")), label=label) for _ in values]
            data[key] = new if isinstance(data[key], list) else new[0]
            found += [(label, value) for value in new]
            continue
        sub = next((o for o in options if isinstance(o, type) and issubclass(o, BaseModel)), None)
        if sub is not None:
            for item in data[key] if isinstance(data[key], list) else [data[key]]:
                fuzz(sub, item, draw, file, found)


def write_fuzzed_data(data_dir: Path, draw: Any) -> list[tuple[str, str]]:
    """Fill every text field of every data file with drawn strings; returns (field, value) pairs."""
    written: list[tuple[str, str]] = []
    for file_name, record_model in YAML_FILES.values():
        path = data_dir / file_name
        if not path.is_file():  # every data file is optional (the test site has no news.yaml)
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        fuzz(record_model, data, draw, file_name, written)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    topic = next(value for label, value in written if label == "topics.yaml:Topic.label")
    if "," in topic or LATEX & set(topic) or latex_to_text(topic) != " ".join(topic.split()):
        reject()  # a topic label is also written into BibTeX (`topics`), which takes a narrower alphabet
    paper = {
        "title": draw(bib_text, label="publications.bib:title"),
        "booktitle": draw(bib_text, label="publications.bib:booktitle"),
        "award": draw(bib_text, label="publications.bib:award"),
    }
    authors = [draw(bib_name, label="publications.bib:author") for _ in range(2)]
    bib = (data_dir / "publications.bib").read_text(encoding="utf-8")
    for field, value in paper.items():
        bib = re.sub(rf"(?m)^(\s*{field} = )\{{.*\}},$", lambda m, v=value: f"{m.group(1)}{{{v}}},", bib)
        written.append((f"publications.bib:{field}", value))
    bib = re.sub(r"(?m)^(\s*author = )\{.*\},$", lambda m: f"{m.group(1)}{{{' and '.join(authors)}}},", bib)
    bib = re.sub(r"(?m)^(\s*topics = )\{.*\},$", lambda m: f"{m.group(1)}{{{topic}}},", bib)
    written += [("publications.bib:author", a) for a in authors]
    (data_dir / "publications.bib").write_text(bib, encoding="utf-8")
    # aliases are never shown, and must each name a drawn author (else the build reports a typo): drop them
    people_path = data_dir / "people.yaml"
    people = yaml.safe_load(people_path.read_text(encoding="utf-8"))
    for member in people["members"]:
        member.pop("aliases", None)
    people_path.write_text(yaml.safe_dump(people, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return written


# --- what the pages show ---------------------------------------------------------------------

INJECTABLE = ("script", "style", "b", "i", "u", "img", "iframe", "object", "embed", "form", "input", "base", "meta")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
#: the empty icon a site without one links, so that browsers do not ask for /favicon.ico
EMPTY_ICON = "data:,"


def pages(site: Build) -> dict[str, BeautifulSoup]:
    return {
        str(p.relative_to(site.outdir)): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in sorted(site.outdir.rglob("*.html"))
    }


def visible_text(soup: BeautifulSoup) -> str:
    body = soup.body or soup
    for hidden in body.find_all(["script", "style", "template"]):
        hidden.extract()
    return " ".join(body.get_text("").split())


def tag_counts(soup: BeautifulSoup) -> Counter[str]:
    return Counter(tag.name for tag in soup.find_all(INJECTABLE))


def assert_nothing_injected(name: str, soup: BeautifulSoup, expected_tags: Counter[str], outdir: Path) -> None:
    # never more than plain data gives (fewer is fine: e.g. metadata left out for an odd value)
    extra = tag_counts(soup) - expected_tags
    assert not extra, f"{name}: elements came from the data: {dict(extra)}"
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), f"{name}: <{tag.name} {attribute}=...> from the data"
            values = value if isinstance(value, list) else [value]
            if tag.name == "link" and tag.get("rel") == ["icon"] and value == EMPTY_ICON:
                continue  # labsite's own, on a site without an icon (labsite.sphinx.icons), never from data
            if attribute in ("href", "src", "action", "formaction", "xlink:href"):
                assert not any(str(v).strip().lower().startswith(BAD_SCHEMES) for v in values), f"{name}: {value}"
    for script in soup.find_all("script"):
        if script.get("type") in ("application/ld+json", "application/json"):  # JSON-LD, labsite's words
            json.loads(script.string or "")  # a string that broke out of it would leave invalid JSON
        elif script.get("data-source"):  # a script file carried inline: its text, nothing else
            assert inline_text_is_its_file(outdir, script["data-source"], script.string or ""), f"{name}: {script}"
        else:
            theme = "document.body.dataset.theme" in (script.string or "")  # furo's, at the start of <body>
            assert script.get("src") or theme or str(script) == SCRIPTS_ON, f"{name}: {script}"


def assert_title_is_the_heading(name: str, soup: BeautifulSoup) -> None:
    """The browser tab, bookmarks and link previews name the page by its heading, whole: Sphinx's `title`
    is HTML, and its templates strip tags from it, so text like `<Engine>` must reach it escaped."""
    heading = soup.find("h1")
    if heading is None or soup.title is None:
        return
    heading = copy.copy(heading)  # without its permalink (¶), which is not its text; the page is left as it is
    for permalink in heading.find_all("a", class_="headerlink"):
        permalink.decompose()
    shown = " ".join(heading.get_text("").split())
    assert " ".join(soup.title.get_text().split()).startswith(shown), f"{name}: {soup.title} for {heading}"


def baseline_counts(baseline: dict[str, BeautifulSoup], name: str) -> Counter[str]:
    """Tag counts of the same page built from plain data (or of a page of the same kind)."""
    if name in baseline:
        return tag_counts(baseline[name])
    kind = name.split("/")[0]
    similar = [page for page_name, page in baseline.items() if page_name.split("/")[0] == kind]
    assert similar, f"{name}: a page that plain data does not produce"
    return tag_counts(similar[0])


_BASELINE: dict[str, BeautifulSoup] = {}


def baseline() -> dict[str, BeautifulSoup]:
    if not _BASELINE:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(shutil.copytree(ROOT, Path(tmp) / "site"))
            site = build(src, src / "_build" / "html")
            assert site.warnings == ""
            _BASELINE.update(pages(site))
    return _BASELINE


@settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: each example is a site build
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
@given(st.data())
def test_markup_in_any_field_is_shown_literally_and_never_interpreted(data: st.DataObject) -> None:
    plain_pages = baseline()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(shutil.copytree(ROOT, Path(tmp) / "site"))
        written = write_fuzzed_data(src / "data", data.draw)
        try:
            load_site_data(src / "data")
        except DataError as err:
            # two members may be given the same name: a real mistake the build reports, not a test failure
            if all("is also the name or an alias" in p.message for p in err.problems):
                reject()
            raise
        site = build(src, src / "_build" / "html")
        assert site.warnings == ""
        built = pages(site)
        for name, soup in built.items():
            assert_nothing_injected(name, soup, baseline_counts(plain_pages, name), site.outdir)
            assert_title_is_the_heading(name, soup)
        shown = " ".join(visible_text(soup) for soup in built.values())
        alts = [img.get("alt", "") for soup in built.values() for img in soup.find_all("img")]
        for field, value in written:
            expected = " ".join(value.split())
            if field in NOT_SHOWN:
                continue
            if field in SHOWN_AS_ALT:
                assert expected in alts, f"{field}: {value!r} is not the image's alternative text"
            else:
                assert expected in shown, f"{field}: {value!r} is not shown literally"
        for feed in src.joinpath("_build", "html").rglob("*.xml"):
            ElementTree.parse(feed)  # text in feeds and sitemaps is escaped too


# --- links and the e-mail address on the real site -------------------------------------------


def test_links_that_open_a_new_tab_cannot_reach_back(site: Build) -> None:
    """The site opens no new tabs today; this fails as soon as one is added without rel="noopener"."""
    for path in site.outdir.rglob("*.html"):
        for link in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all(["a", "form"], target=True):
            if link["target"] != "_self":
                assert "noopener" in link.get("rel", []), f"{path}: {link}"


def test_the_email_address_is_shown_obfuscated_and_never_as_mailto(site: Build) -> None:
    profile = load_site_data(REPO / "data").profile
    assert profile is not None and profile.email
    assert "@" not in profile.email
    home = " ".join(site.main("").get_text(" ").split())
    assert profile.email in home
    for path in site.outdir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for link in BeautifulSoup(html, "html.parser").find_all(href=re.compile(r"^\s*mailto:", re.IGNORECASE)):
            raise AssertionError(f"{path}: a harvestable address: {link}")
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", visible_text(BeautifulSoup(html, "html.parser"))), path
