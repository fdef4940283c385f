"""`make import-bib FILE=export.bib` on the owner's data with a DBLP export that overlaps the list."""

from __future__ import annotations

import codecs
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from labsite.data.bibtex import load_bibtex
from labsite.data.dataset import SiteData, load_site_data
from labsite.data.importbib import main, merge
from labsite.data.problems import DataError

REPO = Path(__file__).resolve().parent.parent
DBLP_NEW = REPO / "labsite" / "tests" / "corpus" / "dblp.bib"  # invented papers, DBLP's three export styles


def dblp_export(data: SiteData) -> tuple[str, dict[str, str]]:
    """A DBLP-style export: every third paper of the owner's list as DBLP writes it (its key, homonym
    number, braces; a CoRR entry in another year for arXiv papers), then the invented new papers.
    Returns the text and, for each overlapping DBLP key, the owner's key it duplicates."""
    blocks, duplicates = [], {}
    for index, paper in enumerate(data.publications[::3]):
        authors = " and\n                  ".join(
            f"{name} 0001" if name == data.profile.name else name for name in paper.authors
        )
        arxiv = re.search(r"arxiv\.org/(?:pdf|abs)/(\d{4}\.\d{4,5})", paper.pdf or "")
        key = f"DBLP:conf/x/Paper{index}"
        if arxiv and index % 2:  # found by its arXiv identifier, though DBLP's year differs
            key = f"DBLP:journals/corr/abs-{arxiv.group(1).replace('.', '-')}"
            blocks.append(
                f"@article{{{key},\n  author       = {{{authors}}},\n  title        = {{{paper.title.upper()}}},\n"
                f"  journal      = {{CoRR}},\n  volume       = {{abs/{arxiv.group(1)}}},\n"
                f"  year         = {{{paper.year - 1}}},\n  eprinttype    = {{arXiv}},\n"
                f"  eprint       = {{{arxiv.group(1)}}},\n}}"
            )
        else:  # found by its title (other case, braces, punctuation) and year
            title = "{" + paper.title.replace(":", " --").replace(" ", "} {", 2) + "}"
            blocks.append(
                f"@inproceedings{{{key},\n  author       = {{{authors}}},\n  title        = {{{title}}},\n"
                f"  booktitle    = {{{paper.venue}}},\n  year         = {{{paper.year}}},\n}}"
            )
        duplicates[key] = paper.key
    return "\n\n".join(blocks) + "\n\n" + DBLP_NEW.read_text(encoding="utf-8"), duplicates


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(REPO / "data", target)
    return target


def test_a_dblp_export_adds_only_the_new_papers_and_changes_nothing(data_dir: Path, data: SiteData) -> None:
    before = (data_dir / "publications.bib").read_text(encoding="utf-8")
    text, duplicates = dblp_export(data)
    export = data_dir.parent / "dblp-export.bib"
    export.write_text(text, encoding="utf-8")

    merged, summary = merge(data_dir / "publications.bib", export)
    new_papers = [p.key for p in load_bibtex(DBLP_NEW)]
    assert summary.added == new_papers
    skipped = dict(summary.skipped)
    assert set(skipped) == set(duplicates)
    for dblp_key, owner_key in duplicates.items():
        assert skipped[dblp_key] == f"already in publications.bib as {owner_key}"
    # every existing entry and field stays as it was: the file only grows at its end
    assert merged.startswith(before.rstrip("\n"))
    (data_dir / "publications.bib").write_text(merged, encoding="utf-8")
    site = load_site_data(data_dir)  # what `make check` runs
    assert [p.key for p in site.publications] == [p.key for p in data.publications] + new_papers
    # the new entries keep DBLP's style (field alignment, line breaks), with its crossref proceedings
    assert "  author       = {Yichen Fu and\n                  Lena Hoffmann and" in merged
    assert "@proceedings{DBLP:conf/osdi/2024," in merged
    # importing again adds nothing
    again, summary = merge(data_dir / "publications.bib", export)
    assert summary.added == [] and again == merged


def test_the_command_prints_a_summary_and_skips_entries_the_site_cannot_show(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = data_dir.parent / "scholar.bib"
    export.write_text(
        "@article{noyear, title={A Paper Without a Year}, author={Ada Arkwright}, journal={J}}\n"
        "@article{fine2024, title={A Fine Paper}, author={Ada Arkwright}, journal={J}, year={2024}}\n",
        encoding="utf-8",
    )
    assert main([str(export), "--data", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "1 added, 1 skipped." in out and "added   fine2024" in out
    assert re.search(r"skipped noyear: not added: scholar.bib line 1, field 'year'", out)
    load_site_data(data_dir)


def test_an_entry_the_site_cannot_show_is_skipped_with_all_its_problems_at_their_export_lines(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every problem of a skipped entry, each at its line in the export (not in a merged copy), so the
    user can fix the export and import it again."""
    export = data_dir.parent / "zotero.bib"
    export.write_text(
        "@article{fine2024,\n  title = {A Fine Paper},\n  author = {Arkwright, Ada},\n  journal = {J},\n"
        "  year = {2024}\n}\n\n"
        "@article{twoproblems2023,\n  title = {Two Problems},\n  author = {Hopper, Grace},\n  journal = {J},\n"
        "  year = {2023},\n  doi = {not a doi},\n  url = {javascript:alert(1)}\n}\n",
        encoding="utf-8",
    )
    assert main([str(export), "--data", str(data_dir)]) == 0
    out = capsys.readouterr().out
    lines = export.read_text(encoding="utf-8").splitlines()
    doi, url = (next(n for n, line in enumerate(lines, 1) if line.strip().startswith(f"{f} =")) for f in ("doi", "url"))
    assert f"skipped twoproblems2023: not added: zotero.bib line {doi}, field 'doi'" in out
    assert f"; zotero.bib line {url}, field 'url': link 'javascript:alert(1)'" in out


def test_a_dblp_entry_pasted_without_its_crossref_proceedings_is_added(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # DBLP's "with crossref" export of one paper, without the @proceedings entry it names: BibTeX only
    # warns and uses the fields present, so the site shows it (issue 20)
    export = data_dir.parent / "dblp-crossref.bib"
    export.write_text(
        "@inproceedings{DBLP:conf/osdi/OkaforZ24,\n"
        "  author       = {Chidi Okafor and\n                  Hao Zhang 0001},\n"
        "  title        = {Checkpoint-Free Recovery for Training Jobs},\n"
        "  booktitle    = {18th {USENIX} Symposium on Operating Systems Design and Implementation,\n"
        "                  {OSDI} 2024, Santa Clara, CA, USA, July 10-12, 2024},\n"
        "  pages        = {71--86},\n  year         = {2024},\n  crossref     = {DBLP:conf/osdi/2024},\n"
        "  biburl       = {https://dblp.org/rec/conf/osdi/OkaforZ24.bib},\n}\n",
        encoding="utf-8",
    )
    assert main([str(export), "--data", str(data_dir)]) == 0
    assert "1 added, 0 skipped." in capsys.readouterr().out
    (paper,) = [p for p in load_site_data(data_dir).publications if p.key == "DBLP:conf/osdi/OkaforZ24"]
    assert paper.venue.startswith("18th USENIX Symposium") and paper.year == 2024


def test_make_import_bib_needs_a_file() -> None:
    result = subprocess.run(["make", "-s", "import-bib"], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode != 0 and "usage: make import-bib FILE=export.bib" in result.stdout


#: two papers as Zotero / Better BibTeX on Windows exports them: a byte-order mark and CRLF line ends
WINDOWS_EXPORT = codecs.BOM_UTF8 + (
    b"@article{arkwright2024first,\r\n  title = {A First Paper},\r\n  author = {Ada Arkwright},\r\n"
    b"  journal = {J},\r\n  year = {2024},\r\n}\r\n\r\n"
    b"@article{arkwright2024second,\r\n  title = {A Second Paper},\r\n  author = {Ada Arkwright},\r\n"
    b"  journal = {J},\r\n  year = {2024},\r\n}\r\n"
)


@pytest.mark.parametrize("target_ends", ["\n", "\r\n"], ids=["lf-target", "crlf-target"])
def test_an_export_saved_on_windows_is_added_whole_in_the_targets_line_ends(
    data_dir: Path, target_ends: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: the byte-order mark hid the first entry's start, so it was reported added but not written,
    and the export's CRLF lines were appended to a file of LF lines (or the other way round)."""
    target = data_dir / "publications.bib"
    target.write_bytes(target.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", target_ends.encode()))
    before = target.read_bytes()
    export = data_dir.parent / "zotero.bib"
    export.write_bytes(WINDOWS_EXPORT)
    assert main([str(export), "--data", str(data_dir)]) == 0
    assert "2 added, 0 skipped." in capsys.readouterr().out
    after = target.read_bytes()
    assert after.startswith(before.rstrip(b"\r\n"))  # the existing entries as they were
    added = after[len(before.rstrip(b"\r\n")) :]
    assert added.count(b"\n") == added.count(target_ends.encode()) > 0
    keys = [p.key for p in load_site_data(data_dir).publications]
    assert keys[-2:] == ["arkwright2024first", "arkwright2024second"]


def test_an_export_not_in_utf8_adds_nothing_and_says_where_and_how_to_fix_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = data_dir / "publications.bib"
    before = target.read_bytes()
    export = data_dir.parent / "jabref.bib"
    export.write_bytes(WINDOWS_EXPORT.decode("utf-8-sig").replace("Ada", "\u00c5da").encode("latin-1"))
    assert main([str(export), "--data", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "site's data files" not in err  # the export is not one of them
    assert f"{export}:3: is not UTF-8 text: byte 0xc5 ('\u00c5' in Windows-1252) at column 13" in err
    assert "save it as UTF-8" in err and target.read_bytes() == before
    folder = data_dir.parent / "export.bib"
    folder.mkdir()
    assert main([str(folder), "--data", str(data_dir)]) == 2
    assert f"{folder}: is a folder" in capsys.readouterr().err


def test_an_entry_the_import_cannot_copy_is_reported_skipped_not_added(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An entry that does not start its line (after an @string on the same line), or whose key lacks its
    comma: before, reported "added" and not written."""
    export = data_dir.parent / "old.bib"
    export.write_text(
        '@string{j = "J. Eng."} @article{inline2024, title={Inline}, author={Ada Arkwright}, journal=j, year=2024}\n'
        "@article{nocomma2024 title={No Comma}, author={Ada Arkwright}, journal={J}, year={2024}}\n"
        "@article{fine2024, title={A Fine Paper}, author={Ada Arkwright}, journal={J}, year={2024}}\n",
        encoding="utf-8",
    )
    assert main([str(export), "--data", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "1 added, 2 skipped." in out and "added   fine2024" in out
    assert "skipped inline2024: not added: its text was not found in the export; expected a line starting " in out
    assert "`@article{inline2024,`" in out
    assert "fine2024" in {p.key for p in load_site_data(data_dir).publications}


def _line(text: str, needle: str) -> int:
    """The 1-based line of `needle`'s first occurrence in `text`."""
    return text[: text.index(needle)].count("\n") + 1


def test_an_entry_not_closed_is_reported_once_at_its_line_and_the_others_are_added(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Zotero export with a closing brace lost in a copy-paste (middle entry) and cut short (last entry).

    Before: reported twice, as "field None", with a line of a temporary file. Each entry starts with an
    `@type{` at the start of a line (every exporter writes them so, and the import copies them by that
    rule), so a broken entry ends where the next one starts: the others are read and added as usual. The
    broken entry itself is not added, since its fields may be cut (half a paper on the site is worse than
    a line to fix and an import to run again, which skips what is already there)."""
    text = (
        "@article{arkwright2024first,\n  title = {A First Paper},\n  author = {Ada Arkwright},\n"
        "  journal = {J},\n  year = {2024},\n}\n\n"
        "@article{arkwright2024lost,\n  title = {A Paper Lost Its Brace},\n  author = {Ada Arkwright},\n"
        "  journal = {J},\n  year = {2024},\n\n"
        "@inproceedings{arkwright2024third,\n  title = {A Third Paper},\n  author = {Ada Arkwright},\n"
        "  booktitle = {Proc. C},\n  year = {2024},\n}\n\n"
        "@article{arkwright2024cut,\n  title = {A Paper Cut Sho"
    )
    export = data_dir.parent / "zotero.bib"
    export.write_text(text, encoding="utf-8")
    before = (data_dir / "publications.bib").read_text(encoding="utf-8")
    assert main([str(export), "--data", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "2 added, 2 skipped." in out
    assert "added   arkwright2024first" in out and "added   arkwright2024third" in out
    # the entry's line, or its field's whose brace is not closed
    for key, where in [("arkwright2024lost", "{arkwright2024lost"), ("arkwright2024cut", "title = {A Paper Cut")]:
        (reason,) = [line for line in out.splitlines() if line.startswith(f"  skipped {key}:")]
        assert f"not closed: zotero.bib line {_line(text, where)}" in reason
        assert "None" not in reason
    merged = (data_dir / "publications.bib").read_text(encoding="utf-8")
    assert merged.startswith(before.rstrip("\n"))
    assert "Lost Its Brace" not in merged and "Cut Sho" not in merged
    keys = [p.key for p in load_site_data(data_dir).publications]  # what `make check` runs
    assert keys[-2:] == ["arkwright2024first", "arkwright2024third"]


#: a JabRef export with journal abbreviations as @string macros, one of them not defined
JABREF_MACROS = """% Encoding: UTF-8

@String{tpami = {IEEE Transactions on Pattern Analysis and Machine Intelligence}}

@Article{Arkwright2024,
  author    = {Ada Arkwright},
  journal   = tpami,
  title     = {A Paper in a Defined Journal},
  year      = {2024},
}

@Article{Arkwright2024a,
  author    = {Ada Arkwright},
  journal   = ijcv,
  title     = {A Paper in an Undefined Journal},
  year      = {2024},
}
"""


def test_an_entry_with_an_undefined_string_macro_is_skipped_once_naming_the_macro(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: reported twice, and the entry using a defined macro was refused too (its @string not
    copied). BibTeX warns of an undefined macro and uses an empty string; the site's build refuses it
    (`make check`: a BibTeX error), so the entry is reported once and not added; a defined macro is
    copied with the entries, and the paper shows the journal's name."""
    export = data_dir.parent / "jabref.bib"
    export.write_text(JABREF_MACROS, encoding="utf-8")
    assert main([str(export), "--data", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "1 added, 1 skipped." in out and "added   Arkwright2024\n" in out + "\n"
    (reason,) = [line for line in out.splitlines() if "Arkwright2024a" in line]
    line = _line(JABREF_MACROS, "= ijcv")
    assert f"skipped Arkwright2024a: not added: it uses the @string macro 'ijcv' (jabref.bib line {line}" in reason
    assert "field 'journal'" in reason and "does not define" in reason
    papers = {p.key: p for p in load_site_data(data_dir).publications}  # what `make check` runs
    assert papers["Arkwright2024"].venue == "IEEE Transactions on Pattern Analysis and Machine Intelligence"
    assert "Arkwright2024a" not in papers
    # importing again adds nothing, and does not define the macro twice
    assert main([str(export), "--data", str(data_dir)]) == 0
    assert "0 added" in capsys.readouterr().out
    assert (data_dir / "publications.bib").read_text(encoding="utf-8").count("@String{tpami") == 1


def test_the_import_merges_despite_the_sites_problems_and_reports_them_after(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: refused while `make check` failed. Now the merge happens (publications.bib can be read),
    then the site's remaining problems are listed, as `make check` lists them, and the exit status is 1."""
    target = data_dir / "publications.bib"
    target.write_text(
        target.read_text(encoding="utf-8") + "\n@misc{noyear2024, title={An Old Entry}, author={Ada Arkwright}}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as before:
        load_site_data(data_dir)
    export = data_dir.parent / "scholar.bib"
    export.write_text(
        "@article{fine2024, title={A Fine Paper}, author={Ada Arkwright}, journal={J}, year={2024}}\n",
        encoding="utf-8",
    )
    assert main([str(export), "--data", str(data_dir)]) == 1
    captured = capsys.readouterr()
    assert "1 added, 0 skipped." in captured.out and "added   fine2024" in captured.out
    assert "still has problems" in captured.err
    with pytest.raises(DataError) as after:
        load_site_data(data_dir)
    assert [str(p) for p in after.value.problems] == [str(p) for p in before.value.problems]
    assert all(f"  {p}" in captured.err for p in after.value.problems)
    assert "fine2024" in {p.key for p in after.value.partial.publications}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "tail",
    [
        "\n% \u00c5 in Latin-1\n".encode("latin-1"),
        b"\n@misc{open2020, title={Open}, author={Ada Arkwright}, year={2020},\n",
    ],
    ids=["not-utf8", "last-entry-not-closed"],
)
def test_a_publications_bib_that_cannot_be_read_or_merged_into_is_left_alone(
    data_dir: Path, tail: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    """The only case the import refuses: entries appended after one not closed would be read as part
    of it. The problem is named at its line in publications.bib. Before: refused, but only because
    `make check` failed, without saying nothing was added."""
    target = data_dir / "publications.bib"
    target.write_bytes(target.read_bytes() + tail)
    before = target.read_bytes()
    export = data_dir.parent / "scholar.bib"
    export.write_text(
        "@article{fine2024, title={A Fine Paper}, author={Ada Arkwright}, journal={J}, year={2024}}\n",
        encoding="utf-8",
    )
    assert main([str(export), "--data", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "nothing added" in err and target.read_bytes() == before
    if b"open2020" in tail:
        line = _line(before.decode("utf-8"), "@misc{open2020")
        assert f"publications.bib:{line}: entry 'open2020'" in err and "not closed by the end of the file" in err


def test_an_entry_cut_before_its_key_is_reported_once(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A copy-paste cut right after `@article{`: before, reported as not closed and again as "unnamed-1"."""
    export = data_dir.parent / "scholar.bib"
    export.write_text(
        "@article{fine2024, title={A Fine Paper}, author={Ada Arkwright}, journal={J}, year={2024}}\n@article{\n",
        encoding="utf-8",
    )
    assert main([str(export), "--data", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "1 added, 1 skipped." in out and "added   fine2024" in out
    assert "skipped ?: not added, not closed: scholar.bib line 2:" in out and "unnamed" not in out


def test_an_entry_using_a_macro_publications_bib_defines_otherwise_is_not_added(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Copying the export's `@string{tpami = ...}` over another definition would change the papers
    already using it; the entry would show the other value: it is reported, not added."""
    target = data_dir / "publications.bib"
    target.write_text("@string{tpami = {IEEE TPAMI}}\n\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    before = target.read_text(encoding="utf-8")
    export = data_dir.parent / "jabref.bib"
    export.write_text(JABREF_MACROS.replace("  journal   = ijcv,\n", ""), encoding="utf-8")
    assert main([str(export), "--data", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "1 added, 1 skipped." in out and "added   Arkwright2024a" in out
    assert "skipped Arkwright2024: not added: publications.bib defines the @string macro 'tpami' otherwise" in out
    merged = target.read_text(encoding="utf-8")
    assert merged.startswith(before.rstrip("\n")) and merged.count("@String{tpami") == 0


def test_a_key_the_export_repeats_is_reported_not_dropped_silently(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two papers exported under one citation key (hand-made keys, two exports pasted into one file): the
    first is imported, and the second is reported with its line instead of vanishing."""
    export = data_dir.parent / "joined.bib"
    export.write_text(
        "@inproceedings{same2024,\n  title = {First of Two},\n  author = {Lovelace, Ada},\n  year = {2024},\n"
        "  booktitle = {Proc. One}\n}\n\n"
        "@article{same2024,\n  title = {Second of Two},\n  author = {Hopper, Grace},\n  year = {2023},\n"
        "  journal = {J}\n}\n",
        encoding="utf-8",
    )
    assert main([str(export), "--data", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "added   same2024" in out
    assert (
        "skipped same2024: not added: joined.bib line 8, field 'key': duplicate citation key (first used on line 1)"
        in out
    )
    titles = {p.title for p in load_site_data(data_dir).publications}
    assert "First of Two" in titles and "Second of Two" not in titles
