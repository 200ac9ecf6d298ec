"""Fixtures for the crawler tests (helpers live in fixture_site.py)."""

from __future__ import annotations

import pytest
from fixture_site import FixtureSite, serve


@pytest.fixture(scope="module")
def site():
    """The fixture website, fresh for each test module."""
    state = FixtureSite()
    server = serve(state)
    yield state
    server.shutdown()
    server.server_close()
