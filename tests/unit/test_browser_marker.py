"""The suite's own rule: a test that starts Chromium carries the `browser` marker."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT_CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"
TESTS = """
import pytest

@pytest.fixture
def browser():
    return object()

@pytest.fixture
def page(browser):
    return browser

def test_unmarked_page(page):
    pass

@pytest.mark.browser
def test_marked(page):
    pass

def test_no_browser():
    pass
"""


def test_collection_refuses_a_browser_test_without_the_marker(pytester):
    pytester.makeconftest(ROOT_CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(test_pages=TESTS)
    result = pytester.runpytest("--collect-only", "-q", "-p", "no:playwright")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = result.stderr.str()
    assert "test_unmarked_page" in errors
    assert "test_marked" not in errors and "test_no_browser" not in errors
