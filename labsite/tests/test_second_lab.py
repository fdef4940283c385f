"""A second, fictional lab (``roots/test-second-lab``): other roles, no publications file, German
pages (``language = "de"``), and one of labsite's words changed by the site's own message catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from labsite.locale import LOCALE_DIR
from sphinx.testing.util import SphinxTestApp

#: English words labsite writes that a German page must not show
ENGLISH = ("Since", "Co-advised", "Keynote", "Panel", "Present", "Role", "Years", "Term", "Course")


def article(app: SphinxTestApp, page: str) -> str:
    html = (Path(app.outdir) / page / "index.html").read_text(encoding="utf-8")
    return " ".join(BeautifulSoup(html, "html.parser").find("article").get_text(" ").split())


@pytest.mark.sphinx("dirhtml", testroot="second-lab", confoverrides={"nitpicky": True}, warningiserror=True)
def test_the_second_lab_builds_strictly_in_german(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    team, talks, home = article(app, "team"), article(app, "vortraege"), article(app, "")
    assert "Postdocs" in team and "Studentische Hilfskraft" in team  # its own roles (plural, singular)
    assert "Seit April 2023" in team and "Mitbetreut von Erika Probe" in team
    assert "Rolle" in team and "Jahre" in team
    assert "Wechsel zu" in team and "Danach" not in team  # the site's catalog wins over labsite's
    assert "Hauptvortrag" in talks and "Podium" in talks and "März 2024" in talks
    assert "Beispiel-Universität, 2019 – heute" in home
    for word in ENGLISH:
        assert word not in team + talks + home + article(app, "lehre"), word
    assert not (Path(app.outdir) / "publications").exists()  # no publications file, no publication pages


@pytest.mark.sphinx("dirhtml", testroot="directives", confoverrides={"nitpicky": True})
def test_an_english_site_built_after_a_german_one_is_english(app: SphinxTestApp) -> None:
    app.build()
    assert "Since January 2022" in article(app, "people")


def test_every_word_labsite_translates_is_in_its_german_catalog() -> None:
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    source = LOCALE_DIR.parent
    used = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(source), method_map=[("**.py", "python")], keywords={"_": None}
        )
        if isinstance(message, str)
    }
    with (LOCALE_DIR / "de" / "LC_MESSAGES" / "labsite.po").open("rb") as f:
        german = {m.id for m in read_po(f) if m.id and m.string}
    assert used, "no translatable words found"
    assert sorted(used - german) == []


def test_editing_the_sites_catalog_rewrites_the_pages_using_its_words(tmp_path: Path) -> None:
    import shutil

    src = tmp_path / "lab"
    shutil.copytree(Path(__file__).parent / "roots" / "test-second-lab", src)
    catalog = src / "locale" / "de" / "LC_MESSAGES" / "labsite.po"
    for wording in ("Wechsel zu", "Danach bei"):
        catalog.write_text(catalog.read_text(encoding="utf-8").replace("Wechsel zu", wording), encoding="utf-8")
        app = SphinxTestApp("dirhtml", srcdir=src, confoverrides={"nitpicky": True}, warningiserror=True)
        try:
            app.build()
        finally:
            app.cleanup()
        assert wording in article(app, "team")


@pytest.mark.sphinx("dirhtml", testroot="directives", confoverrides={"nitpicky": True, "language": "de"})
def test_publication_pages_speak_the_sites_language_too(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    listing = article(app, "publications")
    assert "Ausgewählt" in listing and "Alle als BibTeX herunterladen" in listing
    assert "Selected" not in listing and "Download all" not in listing
    selected = article(app, "publications/selected")
    assert selected.startswith("Ausgewählte Publikationen") and "Alle Publikationen" in selected
