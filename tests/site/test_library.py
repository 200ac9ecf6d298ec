"""The library at scale: the first page in library.html, the rest in static pages (no
JavaScript) and in library-index.json (JavaScript), all three telling the same story."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hostile_site import INJECTED, INJECTED_SCRIPTS_JS, PAYLOADS
from lxml import html as lxml_html

from policykb.content.registry import load_registry
from policykb.site.library import INDEX_FILE, PAGE_SIZE

REPO = Path(__file__).resolve().parents[2]
FIXTURE_IDS = sorted(p.stem for p in (Path(__file__).parent / "sources").glob("*.yaml"))


def parse(path: Path):
    return lxml_html.fromstring(path.read_text(encoding="utf-8"))


def listed(path: Path) -> list[str]:
    return parse(path).xpath("//ul[contains(@class,'pkb-library')]/li/@data-policy")


def index(site: Path) -> dict:
    return json.loads((site / INDEX_FILE).read_text(encoding="utf-8"))


def list_pages(site: Path) -> list[Path]:
    """library.html, then library/page-2.html … by following the "next" links."""
    pages, page = [], site / "library.html"
    while True:
        pages.append(page)
        nxt = parse(page).xpath("//nav[contains(@class,'pkb-pager')]//a[@rel='next']/@href")
        if not nxt:
            return pages
        page = (page.parent / nxt[0]).resolve()


def index_values(data: dict) -> dict[str, dict[str, list[str]]]:
    """{doc id: {facet: [values]}} from the compact index."""
    out = {}
    for doc in data["docs"]:
        out[doc[0]] = {
            facet["name"]: [facet["values"][n] for n in numbers]
            for facet, numbers in zip(data["facets"], doc[5], strict=True)
        }
    return out


def test_library_html_carries_only_the_first_page(site):
    data = index(site)
    first = listed(site / "library.html")
    assert len(data["docs"]) > PAGE_SIZE, "the test site should need more than one page"
    assert first == [d[0] for d in data["docs"][:PAGE_SIZE]]
    status = parse(site / "library.html").xpath("//p[contains(@class,'pkb-result-count')]")[0]
    assert status.text_content() == f"Showing 1–{PAGE_SIZE} of {len(data['docs'])} documents."


def test_every_document_is_reachable_once_through_the_pages_and_the_index(site):
    registry = load_registry(REPO / "content" / "sources")
    expected = set(registry.entries) | set(FIXTURE_IDS)
    data = index(site)
    in_index = [d[0] for d in data["docs"]]
    assert sorted(in_index) == sorted(expected)
    pages = list_pages(site)
    assert len(pages) == -(-len(expected) // PAGE_SIZE)
    paged = [doc_id for page in pages for doc_id in listed(page)]
    assert paged == in_index, "the static pages list the library in the index's order"
    for doc_id in paged:
        assert (site / "policies" / f"{doc_id}.html").is_file()


def test_facet_counts_agree_with_the_index_and_the_facet_pages(site):
    data = index(site)
    values = index_values(data)
    tree = parse(site / "library.html")
    for facet in data["facets"]:
        name = facet["name"]
        counts = Counter(v for doc in values.values() for v in doc[name])
        assert dict(zip(facet["values"], facet["counts"], strict=True)) == dict(counts)
        options = tree.xpath(f"//select[@id='facet-{name}']/option[@value!='']")
        assert [o.get("value") for o in options] == facet["values"]
        for option, count in zip(options, facet["counts"], strict=True):
            assert option.text_content().endswith(f"({count})")
        for value, count in counts.items():
            page = site / "library" / name / f"{value.lower()}.html"
            ids = listed(page)
            assert len(ids) == min(count, PAGE_SIZE), page
            assert all(value in values[i][name] for i in ids), page
            text = parse(page).xpath("//p[contains(@class,'pkb-result-count')]")[0].text_content()
            assert (
                text.endswith(f"of {count} documents.") or text == f"Showing all {count} documents."
            )


def test_facet_links_lead_to_the_facet_pages(site):
    tree = parse(site / "library.html")
    links = tree.xpath("//nav[contains(@class,'pkb-browse')]//a/@href")
    assert "library/sector/government.html" in links
    for href in links:
        assert (site / href).is_file(), href
    facet_page = parse(site / "library" / "sector" / "government.html")
    current = facet_page.xpath(
        "//nav[contains(@class,'pkb-browse')]//a[@aria-current='page']/@href"
    )
    assert current == ["../../library/sector/government.html"]


def test_the_index_keeps_hostile_strings_as_data_and_the_pages_as_text(hostile_site):
    data = index(hostile_site)
    titles = {d[1] for d in data["docs"]}
    for payload in PAYLOADS:
        assert f"Policy {payload}" in titles
    for page in [hostile_site / "library.html", *(hostile_site / "library").rglob("*.html")]:
        tree = parse(page)
        assert not tree.cssselect(INJECTED), page
        assert not [s for s in tree.iter("script") if "alert(" in (s.text or "")], page


def test_library_html_stays_small(site):
    # 300 KB at any size: the first page, not the library, is in it.
    assert (site / "library.html").stat().st_size < 300_000


# --- in a browser ----------------------------------------------------------------------


@pytest.mark.browser
def test_without_javascript_facet_links_and_next_page_work(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{served_site}/library.html")
        assert page.locator(".pkb-facets").is_hidden(), "a form that cannot filter is hidden"
        ids = "items => items.map(i => i.dataset.policy)"
        first = page.locator(".pkb-library [data-policy]").evaluate_all(ids)
        assert len(first) == PAGE_SIZE
        page.locator(".pkb-browse summary", has_text="Sector").click()
        page.locator(".pkb-browse a", has_text="Government").click()
        page.wait_for_url("**/library/sector/government.html")
        sectors = page.locator(".pkb-library [data-policy]").evaluate_all(
            "items => items.map(i => i.dataset.sector)"
        )
        assert sectors and set(sectors) == {"government"}

        page.goto(f"{served_site}/library.html")
        page.get_by_role("link", name="Next page").click()
        page.wait_for_url("**/library/page-2.html")
        second = page.locator(".pkb-library [data-policy]").evaluate_all(ids)
        assert second and not set(second) & set(first)
        page.get_by_role("link", name="Previous page").click()
        page.wait_for_url("**/library.html")
    finally:
        context.close()


@pytest.mark.browser
def test_with_javascript_the_index_is_loaded_only_when_a_filter_is_used(page, served_site):
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(f"{served_site}/library.html")
    page.wait_for_function("() => document.documentElement.classList.contains('pkb-library-ready')")
    assert not [u for u in fetched if INDEX_FILE in u]
    assert page.locator(".pkb-browse").is_hidden() and page.locator(".pkb-facets").is_visible()
    page.select_option("#facet-sector", "healthcare")
    page.wait_for_function("() => location.search === '?sector=healthcare'")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.pkb-library [data-policy]'))"
        ".every(li => li.dataset.sector === 'healthcare')"
    )
    assert [u for u in fetched if INDEX_FILE in u]


@pytest.mark.browser
def test_show_more_reaches_every_document(page, served_site, site):
    total = len(index(site)["docs"])
    page.goto(f"{served_site}/library.html?language=en")
    page.wait_for_function("() => document.documentElement.classList.contains('pkb-library-ready')")
    english = sum(1 for v in index_values(index(site)).values() if v["language"] == ["en"])
    assert english > PAGE_SIZE
    assert page.locator(".pkb-library [data-policy]").count() == PAGE_SIZE
    while page.locator(".pkb-more").is_visible():
        page.locator(".pkb-more").click()
    assert page.locator(".pkb-library [data-policy]").count() == english
    status = page.locator(".pkb-result-count").inner_text()
    assert status == f"Showing {english} of {total} documents."
    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function("() => location.search === ''")
    assert page.locator(".pkb-library [data-policy]").count() == PAGE_SIZE


@pytest.mark.browser
def test_hostile_titles_rendered_from_the_index_stay_text(browser, served_hostile_site):
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(f"{served_hostile_site}/library.html?name=Policy")
        page.wait_for_function(
            "() => document.documentElement.classList.contains('pkb-library-ready')"
        )
        assert page.locator(".pkb-library [data-policy]").count() == len(PAYLOADS)
        page.mouse.move(200, 200)
        assert page.locator(INJECTED).count() == 0
        assert page.evaluate(INJECTED_SCRIPTS_JS) == 0
        shown = page.locator(".pkb-doc-title").all_inner_texts()
        assert f"Policy {PAYLOADS[0]}" in shown
    finally:
        context.close()
    assert not dialogs
