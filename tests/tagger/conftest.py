"""Fixtures for the tagger and checker tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from tagger_fixtures import DRAFT, REALDOCS


@pytest.fixture
def draft_file(tmp_path: Path) -> Path:
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def realdocs() -> Path:
    if not REALDOCS.is_dir():
        pytest.skip(f"real-document tests need {REALDOCS} (the shared folder beside the repo)")
    return REALDOCS
