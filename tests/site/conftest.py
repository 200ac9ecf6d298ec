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

from policykb.search_index import index_site

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


def find_chromium() -> str | None:
    """The browser: $POLICYKB_CHROMIUM, then Debian's /usr/bin/chromium, then playwright's."""
    candidates = [
        os.environ.get("POLICYKB_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            bundled = p.chromium.executable_path
        return bundled if Path(bundled).is_file() else None
    except Exception:
        return None


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if executable is None:
        message = (
            "no Chromium found: set POLICYKB_CHROMIUM, install Debian's chromium, "
            "or run `playwright install chromium`"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
            "--no-first-run", "--disable-component-update", "--disable-sync"]  # fmt: skip
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable, args=args)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A page that fails the test on JavaScript errors.

    Pass `wait_for_function` a function (`"() => …"`), not an expression: Playwright polls
    an expression with eval, which the site's Content-Security-Policy forbids."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
