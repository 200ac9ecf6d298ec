"""A real build of the site, once per test session, plus a browser to look at it.

The build uses the real content and registry, plus a few fictional corpus documents
(`tests/site/corpus/`, registered in `tests/site/sources/`) so that policy pages, excerpts
and escaping are exercised without any third-party text.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hostile_site import write_hostile_data
from site_build import build_site, serve_directory

from policykb.site.search_index import index_site

HERE = Path(__file__).parent
REPO = HERE.parents[1]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("site")
    sources = work / "sources"
    shutil.copytree(REPO / "content" / "sources", sources)
    for path in (HERE / "sources").glob("*.yaml"):
        shutil.copy(path, sources / path.name)
    out = work / "html"
    build_site(sources, HERE / "corpus", out, work / "doctrees")
    index = index_site(out)
    assert index.returncode == 0, index.summary()
    return out


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """A site built from registry entries and corpus files full of markup payloads."""
    work = tmp_path_factory.mktemp("hostile-site")
    write_hostile_data(work / "sources", work / "corpus")
    out = work / "html"
    build_site(work / "sources", work / "corpus", out, work / "doctrees")
    index = index_site(out)
    assert index.returncode == 0, index.summary()
    return out


@pytest.fixture(scope="session")
def served_site(site: Path):
    """The built site over HTTP on 127.0.0.1 (a random free port)."""
    with serve_directory(site) as url:
        yield url


@pytest.fixture(scope="session")
def served_hostile_site(hostile_site: Path):
    with serve_directory(hostile_site) as url:
        yield url


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update",
                 "--disable-sync"]  # fmt: skip


def find_chromium(bundled: str | None = None) -> str | None:
    """The browser: $POLICYKB_CHROMIUM, then Debian's /usr/bin/chromium, then `bundled`
    (playwright's own, when `playwright install chromium` has fetched it)."""
    candidates = [
        os.environ.get("POLICYKB_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        bundled,
    ]
    return next((c for c in candidates if c and Path(c).is_file()), None)


# The browser comes from pytest-playwright's fixtures (`playwright`, `browser`, `context`,
# `page`); these overrides only say which Chromium to start, with which switches, and
# check every page for JavaScript errors.


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, playwright):
    executable = find_chromium(playwright.chromium.executable_path)
    if executable is None:
        message = (
            "no Chromium found: set POLICYKB_CHROMIUM, install Debian's chromium, "
            "or run `playwright install chromium`"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def page(page):
    """pytest-playwright's page, failing the test on JavaScript errors.

    Pass `wait_for_function` a function (`"() => …"`), not an expression: Playwright polls
    an expression with eval, which the site's Content-Security-Policy forbids."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"
