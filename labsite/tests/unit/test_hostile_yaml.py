"""Data files from a careless or hostile editor (a pull request): located problems, fast, small. No Sphinx."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from labsite.data import load, model
from labsite.data.dataset import load_site_data
from labsite.data.problems import DataError

#: "billion laughs": ten lines that expand to 10**9 names
ALIAS_BOMB = """\
roles: [{id: phd, label: PhD}]
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
members: [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

MEASURE = """\
import json, resource, sys, time, tracemalloc
from pathlib import Path
from labsite.data.dataset import load_site_data
from labsite.data.problems import DataError
tracemalloc.start()
started = time.process_time()  # CPU seconds: what the loading did, not how busy the machine is
try:
    load_site_data(Path(sys.argv[1]))
    problems = []
except DataError as err:
    problems = [str(p) for p in err.problems]
seconds = time.process_time() - started
peak = tracemalloc.get_traced_memory()[1]
# the process's own peak resident size (VmHWM: ru_maxrss keeps the forking parent's size across exec)
status = Path("/proc/self/status")
lines = status.read_text().splitlines() if status.exists() else []
hwm = [line.split()[1] for line in lines if line.startswith("VmHWM:")]
rss_kb = int(hwm[0]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak": peak, "rss_kb": rss_kb, "problems": problems}))
"""


def test_a_ten_line_alias_bomb_fails_in_under_2_cpu_seconds_and_200_mb(tmp_path: Path) -> None:
    """`labsite-check` and the build load the data with this loader: it refuses the first anchor."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "people.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    # the limit is the operating system's too: a runaway expansion fails instead of eating the machine
    limit = f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({1 << 30}, {1 << 30}))\n"
    result = subprocess.run(
        [sys.executable, "-c", limit + MEASURE, str(data)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    measured = json.loads(result.stdout)
    assert measured["seconds"] < 2
    assert measured["peak"] < 200 * 1024 * 1024  # Python objects made while loading
    assert measured["rss_kb"] < 200 * 1024  # the whole process, Python and the libraries included
    assert measured["problems"] == [
        f"{data / 'people.yaml'}:2: uses an anchor (&a); data files may not use YAML anchors and aliases: "
        "write each value out"
    ]


def test_an_alias_alone_is_refused_too() -> None:
    with pytest.raises(DataError, match=r"uses an alias \(\*x\)") as refused:
        load.parse_yaml(Path("people.yaml"), "roles: []\nmembers: *x\n")
    assert refused.value.problems[0].line == 2


def test_a_nul_byte_is_a_located_problem(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    path.write_bytes(b'talks:\n  - type: talk\n    venue: "Lab\x00Day"\n    date: "05/2024"\n')
    with pytest.raises(DataError) as refused:
        load.load_yaml(path, model.Talks)
    (problem,) = refused.value.problems
    assert problem.line == 3
    assert "contains a control character ('\\x00', column 16)" in problem.message


def test_an_unclosed_direction_override_is_a_located_problem_and_a_closed_isolate_is_text(tmp_path: Path) -> None:
    # before: an override (U+202E) in a venue reversed the rest of the talk's line on the page
    path = tmp_path / "talks.yaml"
    path.write_text(
        'talks:\n  - type: talk\n    venue: "Lab Day \u202eyaD baL"\n    date: "05/2024"\n'
        '  - type: talk\n    venue: "Seminar at \u2067\u062c\u0627\u0645\u0639\u0629\u2069 University"\n'
        '    date: "06/2024"\n',
        encoding="utf-8",
    )
    with pytest.raises(DataError) as refused:
        load.load_yaml(path, model.Talks)
    (problem,) = refused.value.problems
    assert (problem.line, problem.field) == (3, "venue")
    assert "right-to-left override (U+202E) that is never closed" in problem.message
    path.write_text(path.read_text(encoding="utf-8").replace("\u202e", ""), encoding="utf-8")
    talks = load.load_yaml(path, model.Talks)[0].talks
    assert talks[1].venue == "Seminar at \u2067\u062c\u0627\u0645\u0639\u0629\u2069 University"


def test_an_unquoted_date_is_explained_not_shown_as_a_python_date(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "people.yaml").write_text(
        textwrap.dedent("""\
            roles: [{id: phd, label: PhD students}]
            members:
              - id: ada
                name: Ada Lovelace
                role: phd
                start: 2023-09-01
            """),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as refused:
        load_site_data(data)
    shown = str(refused.value)
    assert "people.yaml:6: entry 'ada', field 'start': date '2023-09-01' is not a month; expected MM/YYYY" in shown
    assert "datetime" not in shown


def test_a_data_file_over_the_size_cap_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "people.yaml"
    path.write_text("roles: []\n" + "# padding\n" * 200, encoding="utf-8")
    monkeypatch.setattr(load, "MAX_YAML_BYTES", 1024)
    with pytest.raises(DataError, match="is larger than"):
        load.read_text(path, load.MAX_YAML_BYTES)
    assert load.read_text(path).startswith("roles")  # the real cap (16 MiB) reads it


def test_an_id_too_long_for_a_page_name_is_a_located_problem(tmp_path: Path) -> None:
    # ids name pages (`publications/author/<member id>/`): past 255 bytes the build died with a traceback
    long_id = "ada-" + "lovelace" * 40
    path = tmp_path / "people.yaml"
    path.write_text(
        "roles:\n  - {id: phd, label: PhD students, singular: PhD student}\n"
        f"members:\n  - id: {long_id}\n    name: Ada Lovelace\n    role: phd\n    start: '09/2024'\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as refused:
        load.load_yaml(path, model.People)
    (problem,) = refused.value.problems
    assert (problem.line, problem.entry, problem.field) == (4, long_id, "id")
    assert "at most 100 characters" in problem.message


def test_news_text_with_an_image_a_path_or_a_link_no_page_may_have_is_a_located_problem(tmp_path: Path) -> None:
    # before: the page and feed showed such a link as its Markdown source, and fetched the image from
    # its server for every visitor and feed reader
    path = tmp_path / "news.yaml"
    path.write_text(
        textwrap.dedent("""\
            news:
              - date: 2025-03-14
                text: "Our [paper](https://arxiv.org/abs/2401.00001) is out; see [the people page](/people/)."
              - date: 2025-03-15
                text: "Ada gave a talk ([slides](file:///Users/ada/talk.pdf), [demo](JavaScript:void(0)))."
              - date: 2025-03-16
                text: "We won! ![](https://tracker.example/pixel.png)"
            """),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as refused:
        load.load_yaml(path, model.News)
    found = {(p.line, p.entry, p.field): p.message for p in refused.value.problems}
    assert set(found) == {(3, "#1", "text"), (5, "#2", "text"), (7, "#3", "text")}
    # a path was copied as written into the home page, the news page and the feed, leading elsewhere from each
    assert "links '/people/', not a full address" in found[3, "#1", "text"] and "`page:`" in found[3, "#1", "text"]
    assert "arxiv" not in found[3, "#1", "text"]
    assert "'file:///Users/ada/talk.pdf' has scheme 'file'" in found[5, "#2", "text"]
    assert "'JavaScript:void(0)' has scheme 'javascript'" in found[5, "#2", "text"]
    assert "shows an image ('https://tracker.example/pixel.png')" in found[7, "#3", "text"]
