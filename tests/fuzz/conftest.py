"""Hypothesis profiles for the fuzzing suite.

The default run is short (a few examples per property, part of `make test`);
`POLICYKB_FUZZ=long` selects a long run for hunting (`POLICYKB_FUZZ=long make test`, or
`pytest tests/fuzz`). No deadlines: some properties start a PDF reader or a tagger.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile(
    "default", max_examples=15, deadline=None, database=None, suppress_health_check=SLOW
)
settings.register_profile("long", max_examples=1000, deadline=None, suppress_health_check=SLOW)
settings.load_profile("long" if os.environ.get("POLICYKB_FUZZ") == "long" else "default")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/fuzz/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.fuzz)
