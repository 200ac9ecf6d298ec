"""The built site in a real browser (headless Chromium through playwright)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from policykb.content.taxonomy import load_taxonomy

pytestmark = pytest.mark.browser
TAXONOMY = load_taxonomy(Path(__file__).resolve().parents[2] / "content" / "taxonomy.yaml")


def test_home_page_tip_card_leads_to_the_tip(page, served_site):
    page.goto(f"{served_site}/index.html")
    tip = TAXONOMY.tip_by_number[3]
    page.locator(".sd-card", has_text=tip.title).first.click()
    page.wait_for_url(f"**/tips/03-{tip.slug}.html*")
    heading = page.locator("main h1")
    assert heading.inner_text().strip().rstrip("#").strip() == tip.title
    assert page.get_by_role("heading", name="Why it matters").is_visible()


def test_library_facets_filter_and_keep_the_url(page, served_site):
    page.goto(f"{served_site}/library.html?sector=government")
    page.wait_for_function("() => document.documentElement.classList.contains('pkb-library-ready')")
    visible = page.locator("[data-policy]:visible")
    government = page.locator("[data-policy][data-sector='government']").count()
    option = page.locator("#facet-sector option[value='government']").inner_text()
    in_all = int(option.rsplit("(", 1)[1].rstrip(")"))
    total = int(page.locator(".pkb-library").get_attribute("data-total"))
    assert 0 < visible.count() == government == min(in_all, 50) and in_all < total
    assert page.locator("#facet-sector").input_value() == "government"

    page.select_option("#facet-language", "nl")
    assert "language=nl" in page.url and "sector=government" in page.url
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('[data-policy]'))"
        ".every(li => li.dataset.language === 'nl')"
    )
    shown = page.locator("[data-policy]:visible")
    assert shown.count() >= 1
    for i in range(shown.count()):
        assert shown.nth(i).get_attribute("data-sector") == "government"
        assert shown.nth(i).get_attribute("data-language") == "nl"

    page.fill("#facet-name", "no organisation has this name")
    page.wait_for_function("() => location.search.includes('name=no+organisation')")
    assert "q=" not in page.evaluate("location.search")
    page.wait_for_function("() => document.querySelectorAll('[data-policy]').length === 0")
    assert page.locator(".pkb-empty").is_visible()

    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function(
        "() => document.querySelectorAll('[data-policy]:not([hidden])').length === 50"
    )
    assert page.locator(".pkb-more").is_visible()
    assert "?" not in page.url


def test_policy_page_paragraph_link_lands_on_paragraph(page, served_site):
    page.goto(f"{served_site}/topics/confidentiality.html")
    link = page.locator(".pkb-excerpt figcaption a", has_text="Northwind Health Trust")
    link.click()
    page.wait_for_url("**/policies/northwind-health-staff-guidelines.html#p-*")
    target = page.url.split("#")[1]
    assert page.locator(f"#{target}").is_visible()
    assert page.get_by_text('<script>alert("pwned")</script>', exact=False).is_visible()


def test_search_finds_policy_text_and_filters_by_sector(page, served_site):
    page.goto(f"{served_site}/search.html?q=HIPAA")
    results = page.locator(".pagefind-ui__result")
    results.first.wait_for(timeout=15000)
    titles = page.locator(".pagefind-ui__result-link").all_inner_texts()
    assert "Northwind Health Trust: Staff Guidelines for Social Networks" in titles
    page.locator(".pagefind-ui__filter-name", has_text="Sector").click()
    page.locator(".pagefind-ui__filter-label", has_text="Healthcare").click()
    page.wait_for_function(
        "() => document.querySelector('.pagefind-ui__message')?.textContent.includes('result')"
    )
    page.locator(".pagefind-ui__filter-label", has_text="Healthcare").click()
    page.locator(".pagefind-ui__filter-label", has_text="Government").click()
    page.wait_for_function(
        "() => !Array.from(document.querySelectorAll('.pagefind-ui__result-link'))"
        ".some(a => a.textContent.includes('Northwind Health Trust'))"
    )


SPHINX_SEARCH = ("/searchindex.js", "/searchtools.js", "/language_data.js")


def test_with_pagefind_the_sphinx_search_does_not_run(page, served_site):
    # Issue 11.4: beside Pagefind, searchtools.js loaded its index and fetched result
    # pages for summaries nobody saw.
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url.split("?")[0]))
    page.goto(f"{served_site}/search.html?q=confidential")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=15000)
    page.wait_for_load_state("networkidle")
    assert not [u for u in fetched if u.endswith(SPHINX_SEARCH)]
    pages = [u for u in fetched if u.endswith(".html") and not u.endswith("/search.html")]
    assert pages == [], f"result pages fetched for summaries: {pages}"
    assert page.evaluate("typeof Search") == "undefined"


def test_without_pagefind_the_sphinx_search_loads_and_finds(page, served_site):
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url.split("?")[0]))
    page.route("**/pagefind/**", lambda route: route.abort())
    page.goto(f"{served_site}/search.html?q=Harbourview")
    page.locator("#search-results li").first.wait_for(timeout=15000)
    assert all(any(u.endswith(s) for u in fetched) for s in SPHINX_SEARCH)


def test_search_page_has_one_heading_with_pagefind(page, served_site):
    page.goto(f"{served_site}/search.html?q=HIPAA")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=15000)
    assert page.locator("h1:visible").all_inner_texts() == ["Search"]


def test_search_page_falls_back_to_sphinx_search_with_one_heading(page, served_site):
    # As a bare `sphinx-build` leaves it: no Pagefind bundle.
    page.route("**/pagefind/**", lambda route: route.abort())
    page.goto(f"{served_site}/search.html?q=Harbourview")
    page.locator("#pkb-search-fallback").wait_for(state="visible", timeout=15000)
    assert page.locator("h1:visible").all_inner_texts() == ["Search"]
    assert page.locator("#pkb-search-fallback input[name='q']").is_visible()


def test_search_box_in_the_header_leads_to_results(page, served_site):
    page.goto(f"{served_site}/index.html")
    page.keyboard.press("Control+k")
    box = page.locator("input[name='q']:visible").first
    box.fill("Harbourview")
    box.press("Enter")
    page.wait_for_url("**/search.html?q=Harbourview*")
    page.locator(".pagefind-ui__result-link", has_text="Social Media Policy").first.wait_for(
        timeout=15000
    )


@pytest.mark.parametrize("path", ["index.html", "library.html", "tips/03-labour-law.html",
                                  "policies/northwind-health-staff-guidelines.html"])  # fmt: skip
def test_a_q_parameter_on_a_page_without_search_results_throws_nothing(page, served_site, path):
    # Issue 8.7: the theme's searchtools.js ran its search for any ?q= and threw a
    # TypeError on every page but the search page (the page fixture fails on page errors).
    page.goto(f"{served_site}/{path}?q=confidential")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.locator("main").first.is_visible()


def test_an_old_library_link_with_q_still_filters_and_becomes_name(page, served_site):
    page.goto(f"{served_site}/library.html?q=Northwind&sector=healthcare")
    page.wait_for_function("() => document.documentElement.classList.contains('pkb-library-ready')")
    assert page.locator("#facet-name").input_value() == "Northwind"
    shown = page.locator("[data-policy]:visible")
    assert shown.count() == 1
    assert shown.first.get_attribute("data-policy") == "northwind-health-staff-guidelines"
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"name": ["Northwind"], "sector": ["healthcare"]}
