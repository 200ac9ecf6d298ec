"""Shared test settings: where the repository and ../shared are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_data() -> Path:
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip(f"real-document tests need {data} (the shared folder beside the repository)")
    return data


def pytest_collection_modifyitems(config, items):
    """A test that starts Chromium (it uses the `browser` fixture, directly or through
    `page`) must carry the `browser` marker, so that `-m "not browser"` leaves it out."""
    unmarked = [
        item.nodeid
        for item in items
        if "browser" in getattr(item, "fixturenames", ())
        and item.get_closest_marker("browser") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "these tests start Chromium but lack @pytest.mark.browser: " + ", ".join(unmarked)
        )
