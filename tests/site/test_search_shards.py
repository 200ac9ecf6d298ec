"""The sharded search index on a real build: one changed document re-indexes only the
shards of the pages that changed, its new text is found and its old text is not, and the
shards together find what one index of the whole site finds (decision 20)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from site_build import build_site, serve_directory

from policykb.site import search_index

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
POLICY = "harbourview-council-social-media-policy"
OLD, NEW = "offenders", "quillmarsh"  # NEW is a word of ours, on no page before the change
SHARDS = 8
QUERIES = [OLD, "comments", "accounts", "staff", "confidential", "richtlijn"]

# Every result of a query through Pagefind's own API, merged as search.js merges the shards.
SEARCH = """async ([base, word]) => {
  const listed = await (await fetch(base + "pagefind/shards.json")).json();
  const paths = listed.bundles.map((name) => new URL(name, base + "pagefind/").href);
  const pagefind = await import(paths[0] + "pagefind.js");
  await pagefind.options({ bundlePath: paths[0] });
  for (const path of paths.slice(1)) await pagefind.mergeIndex(path);
  const search = await pagefind.search(word);
  const found = await Promise.all(search.results.map((result) => result.data()));
  return found.map((data) => new URL(data.url, base).pathname + " " + data.excerpt).sort();
}"""


def digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*.html")
        if "pagefind" not in p.relative_to(site).parts
    }


def search(page, site: Path, word: str) -> list[str]:
    """The addresses of the pages a word finds."""
    with serve_directory(site) as url:
        page.goto(f"{url}/index.html")
        found = page.evaluate(SEARCH, [f"{url}/", word])
    return [line.split(" ", 1)[0] for line in found]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("shards")
    sources, corpus = work / "sources", work / "corpus"
    shutil.copytree(HERE / "sources", sources)
    shutil.copytree(HERE / "corpus", corpus)
    out, doctrees = work / "html", work / "doctrees"
    build_site(sources, corpus, out, doctrees)
    first = search_index.update_index(out, doctrees, SHARDS)
    assert first.returncode == 0, first.summary()
    before = digests(out)

    document = corpus / f"{POLICY}.md"
    text = document.read_text(encoding="utf-8")
    assert OLD in text and NEW not in text
    document.write_text(text.replace(OLD, NEW), encoding="utf-8")
    build_site(sources, corpus, out, doctrees)
    second = search_index.update_index(out, doctrees, SHARDS)
    assert second.returncode == 0, second.summary()
    after = digests(out)
    changed = {p for p in after if before.get(p) != after[p]}
    return {"site": out, "first": first, "second": second, "changed": changed, "work": work}


def test_only_the_shards_of_changed_pages_are_indexed_again(built):
    site = built["site"]
    indexed = {
        page
        for page in built["changed"]
        if search_index.BODY_MARK.search((site / page).read_bytes())
    }
    assert f"policies/{POLICY}.html" in indexed
    expected = sorted({search_index.shard_of(page, SHARDS) for page in indexed})
    assert [run.shard for run in built["second"].runs] == expected
    assert len(expected) < len(built["first"].runs), "a change re-indexes part of the index"


def test_the_new_text_is_found_and_the_old_text_is_gone(page, built):
    site = built["site"]
    found = search(page, site, NEW)
    assert f"/policies/{POLICY}.html" in found  # and the tip and topic pages quoting it
    assert all(p in built["changed"] for p in (url.lstrip("/") for url in found))
    # Other pages have words of the same stem ("offensive"): the changed page is not found.
    assert f"/policies/{POLICY}.html" not in search(page, site, OLD)


def test_the_shards_find_what_one_index_of_the_site_finds(page, built):
    site = built["site"]
    whole = built["work"] / "whole"
    shutil.copytree(site, whole, ignore=shutil.ignore_patterns("pagefind"))
    single = search_index.index_site(whole, shards=1)
    assert single.returncode == 0, single.summary()
    assert len(json.loads((whole / "pagefind" / "shards.json").read_text())["bundles"]) == 1
    for word in [NEW, *QUERIES]:
        with serve_directory(site) as url:
            page.goto(f"{url}/index.html")
            sharded = page.evaluate(SEARCH, [f"{url}/", word])
        with serve_directory(whole) as url:
            page.goto(f"{url}/index.html")
            one = page.evaluate(SEARCH, [f"{url}/", word])
        assert sharded == one, word
        assert sharded, f"{word} finds something"


def test_the_search_page_shows_results_from_every_shard(page, built):
    site = built["site"]
    with serve_directory(site) as url:
        page.goto(f"{url}/search.html?q=staff")
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15_000)
        assert page.locator("#pkb-search-fallback").is_hidden()
        shown = page.locator(".pagefind-ui__message").inner_text()
        page.goto(f"{url}/index.html")
        every = page.evaluate(SEARCH, [f"{url}/", "staff"])
    assert str(len(every)) in shown, shown
    shards = {search_index.shard_of(line.split(" ", 1)[0].lstrip("/"), SHARDS) for line in every}
    assert len(shards) > 1, "the word is on pages of several shards"
