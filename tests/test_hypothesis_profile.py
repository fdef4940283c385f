"""`make test` (and CI) gives the same verdict on every run of the same commit: the property tests draw
the same inputs each time (``conftest.py``); `make fuzz` is where new inputs are tried."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


@pytest.mark.skipif(os.environ.get("HYPOTHESIS_PROFILE") == "fuzz", reason="make fuzz draws new inputs")
def test_the_property_tests_draw_the_same_inputs_on_every_run() -> None:
    def inputs() -> list[str]:
        drawn: list[str] = []

        @settings(max_examples=30)
        @given(st.text())
        def probe(text: str) -> None:
            drawn.append(text)

        probe()
        return drawn

    first = inputs()
    assert len(set(first)) > 10 and inputs() == first
