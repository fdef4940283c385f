"""Rendering without Sphinx: view data and the phrases and orderings pages share."""

from __future__ import annotations

import pytest
from labsite.data.names import NameMatcher


@pytest.mark.parametrize("variant", ["Hao Zhang", "H. Zhang", "Zhang, Hao", "Zhang, H.", "hao zhang"])
def test_owner_name_variants_match(variant: str) -> None:
    assert NameMatcher(["Hao Zhang"], initials=True).matches(variant)


@pytest.mark.parametrize("other", ["Peiyuan Zhang", "Haoyang Zhang", "Hao Zhan", "Y. Zhang", "Zhang"])
def test_other_people_do_not_match(other: str) -> None:
    assert not NameMatcher(["Hao Zhang"], initials=True).matches(other)


def test_member_matching_needs_the_full_name() -> None:
    assert not NameMatcher(["Junda Chen"], initials=False).matches("J. Chen")
    assert NameMatcher(["Müller, Jörg"], initials=False).matches("Jorg Muller")


def test_view_data_holds_the_records_text_as_it_is() -> None:
    """The directives' view data is plain text (never markup to parse again): a value that looks like
    Markdown, MyST or HTML stays as written, on one line."""
    from labsite.content import views
    from labsite.data import model

    hostile = "<b>*x*</b> {role}`y`\n(label)="
    talk = model.Talk.model_validate(
        {"type": "tutorial", "venue": hostile, "date": "03/2024", "title": hostile, "co_presenters": ["Ada"]}
    )
    (year,) = views.talk_years([talk])
    (shown,) = year.talks
    assert shown.venue == shown.title == "<b>*x*</b> {role}`y` (label)="
    assert shown.badge is not None and "sd-badge" in shown.badge.classes
    assert shown.anchor is not None and shown.anchor.startswith("talk-") and year.heading == "2024"
    assert views.recent_talks([talk], (2024, 1), 6).talks[0].anchor is None


def test_an_award_received_in_several_years_has_every_year_wherever_it_is_listed() -> None:
    """The home page and the CV list `other-years` beside the year; so do the search engines' Person
    (JSON-LD) and llms.txt, rather than the latest year alone."""
    from labsite.content import jsonld, llms, views
    from labsite.data import model

    award = {"title": "Example Prize", "year": 2025, "other-years": [2023]}
    profile = model.Profile.model_validate({"name": "Alex Example", "title": "Professor", "awards": [award]})
    (item,) = views.award_items(profile.awards)
    assert "(2023, 2025)" in "".join(span.text for line in item.lines for span in line)
    assert jsonld.person(profile, url="https://lab.example.org/")["award"] == ["Example Prize (2023, 2025)"]
    assert "- Awards: Example Prize (2023, 2025)" in llms.llms_txt(profile, description=None, pages=[]).splitlines()
