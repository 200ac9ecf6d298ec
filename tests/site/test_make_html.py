"""The README's own build command on a clean clone: `make html` gives a site whose search
finds policy text (Pagefind), not only the pages Sphinx parsed.

A fresh clone has no crawled corpus, so the fictional fixture documents are copied into
its `content/` first. The clone reuses the virtual environment running the tests (`BIN=`,
and `-o` keeps make from reinstalling into it), so the test takes seconds, not minutes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from site_build import serve_directory

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
REPO = HERE.parents[1]
POLICY = "harbourview-council-social-media-policy"
WORD = "offenders"  # in that policy's text, on no page we write


def make_html(clone: Path, build: Path) -> subprocess.CompletedProcess:
    venv_bin = Path(sys.executable).parent
    command = ["make", "-o", ".venv/.installed", "html", f"BUILDDIR={build}", f"BIN={venv_bin}"]
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "POLICYKB_BASE_URL"}}
    result = subprocess.run(command, cwd=clone, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"make html failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def made_site(made) -> Path:
    return made[1] / "html"


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, Path]:
    """(the clone, its build folder) after one `make html`."""
    for tool in ("git", "make"):
        if shutil.which(tool) is None:
            pytest.skip(f"`{tool}` is not installed")
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: nothing to clone")
    work = tmp_path_factory.mktemp("make-html")
    clone = work / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    assert not (clone / "content" / "corpus").exists(), "a clean clone has no corpus"
    (clone / "content" / "corpus").mkdir()
    for path in (HERE / "corpus").glob("*.md"):
        shutil.copy(path, clone / "content" / "corpus" / path.name)
    for path in (HERE / "sources").glob("*.yaml"):
        shutil.copy(path, clone / "content" / "sources" / path.name)

    build = work / "build"
    make_html(clone, build)
    assert not (clone / ".venv").exists(), "make html must not have created a virtualenv"
    return clone, build


def test_make_html_writes_the_pagefind_index(made_site):
    assert (made_site / "search.html").is_file()
    assert (made_site / "pagefind" / "pagefind-ui.js").is_file()
    bundles = json.loads((made_site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert bundles["bundles"], "the index has at least one shard"
    for bundle in bundles["bundles"]:
        assert (made_site / "pagefind" / bundle / "pagefind-entry.json").is_file()
    assert (made_site / "corpus.tar.gz").is_file()  # what `make corpus` downloads


# What a visitor's browser may fetch, by file name ending; anything else in the published
# folder is build state or leftovers.
SITE_FILES = (
    ".html", ".js", ".css", ".json", ".xml", ".csv", ".tar.gz", ".sha256", ".svg", ".png",
    ".ico", ".woff", ".woff2", ".ttf", ".eot", ".txt", ".map",
    # Pagefind's bundle: index chunks, fragments, filters, its WebAssembly and metadata.
    ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".wasm", ".pagefind",
    "objects.inv",  # Sphinx's inventory of the pages, read by other Sphinx sites' links
    ".LICENSE",  # the licence that must travel with a vendored script (markdown-it)
)  # fmt: skip


def test_the_published_folder_holds_only_what_a_visitor_needs(made):
    clone, build = made
    site = build / "html"
    # Build state (doctrees, the extension's state, Pagefind's page list) is kept beside it.
    assert (build / "doctrees" / "policykb-state.sqlite").is_file()
    assert (build / "doctrees" / "policykb-pagefind.json").is_file()
    hidden = {p.relative_to(site).as_posix() for p in site.rglob(".*")}
    assert hidden <= {".buildinfo", ".buildinfo.bak"}, hidden  # Sphinx's, a few bytes
    others = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith(SITE_FILES)
    )
    assert others == [], f"not for visitors: {others}"
    assert not [p for p in site.glob("_sources/**/*") if p.is_file()], "page sources copied"
    assert not (site / "policies" / "policykb-frame-probe.html").exists()


def test_make_html_again_with_nothing_changed_writes_no_policy_page_nor_index(made):
    clone, build = made
    site = build / "html"
    pages = {p: p.stat().st_mtime_ns for p in (site / "policies").glob("*.html")}
    index = {p: p.stat().st_mtime_ns for p in site.glob("pagefind/**/*") if p.is_file()}
    result = make_html(clone, build)
    assert "Search index up to date" in result.stdout
    assert {p: p.stat().st_mtime_ns for p in pages} == pages
    assert {p: p.stat().st_mtime_ns for p in site.glob("pagefind/**/*") if p.is_file()} == index


def test_search_on_the_built_site_finds_a_policy_page(page, made_site):
    policy_page = made_site / "policies" / f"{POLICY}.html"
    assert WORD in policy_page.read_text(encoding="utf-8")
    with serve_directory(made_site) as url:
        page.goto(f"{url}/search.html?q={WORD}")
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15_000)
        result = page.locator(f".pagefind-ui__result-link[href$='policies/{POLICY}.html']")
        assert result.count() == 1, page.locator(".pagefind-ui__results").inner_text()
        assert page.locator("#pkb-search-fallback").is_hidden()
        result.click()
        page.wait_for_url(f"**/policies/{POLICY}.html")
        assert page.get_by_text(WORD, exact=False).first.is_visible()
