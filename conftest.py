"""Hypothesis profiles for the property tests (``tests/test_safety.py``, ``labsite/tests/unit/test_paths.py``).

``make test`` (and CI) draws the same examples on every run (profile ``repeatable``: Hypothesis's
``derandomize``), so a commit's result does not depend on luck: a failure there is a failure on every
run, and a green run stays green. ``make fuzz`` (profile ``fuzz``) draws new examples each time, to look
for inputs nobody has tried; a failing example it finds is printed with ``@reproduce_failure``.
See https://hypothesis.readthedocs.io/en/latest/reference/api.html#settings-profiles.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("fuzz", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
