"""The real site build: pages exist, link where they should, and crawled text stays text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from policykb.content.registry import load_registry
from policykb.content.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[2]
TAXONOMY = load_taxonomy(REPO / "content" / "taxonomy.yaml")
FIXTURE_IDS = sorted(p.stem for p in (Path(__file__).parent / "corpus").glob("*.md"))


def parse(path: Path):
    return lxml_html.fromstring(path.read_text(encoding="utf-8"))


def tip_page(site: Path, number: int) -> Path:
    tip = TAXONOMY.tip_by_number[number]
    return site / "tips" / f"{number:02d}-{tip.slug}.html"


def test_every_tip_and_topic_has_a_page(site):
    for tip in TAXONOMY.tips:
        assert tip_page(site, tip.number).is_file(), f"no page for tip {tip.number}"
    for topic in TAXONOMY.topics:
        assert (site / "topics" / f"{topic.id}.html").is_file(), f"no page for topic {topic.id}"
    assert len(TAXONOMY.topics) == 24


@pytest.mark.parametrize("number", range(1, 11))
def test_tip_page_links_to_each_of_its_topics(site, number):
    tree = parse(tip_page(site, number))
    main = tree.xpath("//main")[0]
    hrefs = {re.sub(r"#.*$", "", h) for h in main.xpath(".//a/@href")}
    for topic in TAXONOMY.topics_for_tip(number):
        assert f"../topics/{topic.id}.html" in hrefs, f"tip {number} does not link to {topic.id}"


def test_home_page_shows_the_ten_tips_as_cards(site):
    tree = parse(site / "index.html")
    cards = tree.xpath("//main//*[contains(@class, 'sd-card')]//a/@href")
    for tip in TAXONOMY.tips:
        assert f"tips/{tip.number:02d}-{tip.slug}.html" in {c.split("#")[0] for c in cards}


def test_top_navigation(site):
    tree = parse(site / "index.html")
    labels = [
        a.text_content().strip() for a in tree.xpath("//nav//ul[contains(@class,'navbar-nav')]//a")
    ]
    for label in ["Tips", "Library", "Topics", "NLRB guide", "Checker", "About"]:
        assert label in labels, f"'{label}' missing from the top navigation: {labels}"


def library_items(site: Path) -> list:
    """The library's list items: library.html's first page, then library/page-N.html."""
    pages = [site / "library.html", *sorted((site / "library").glob("page-*.html"))]
    return [li for page in pages for li in parse(page).xpath("//*[@data-policy]")]


def test_library_lists_every_registry_entry(site):
    registry = load_registry(REPO / "content" / "sources")
    listed = {li.get("data-policy") for li in library_items(site)}
    assert set(registry.entries) | set(FIXTURE_IDS) == listed
    assert len(listed) >= 150
    government = parse(site / "library.html").xpath("//*[@data-policy][@data-sector='government']")
    assert government, "no element carries its sector for the facet filter"


def test_every_registry_entry_has_a_policy_page(site):
    registry = load_registry(REPO / "content" / "sources")
    for doc_id in [*registry.entries, *FIXTURE_IDS]:
        assert (site / "policies" / f"{doc_id}.html").is_file(), doc_id


def test_policy_page_shows_facts_versions_and_tagged_paragraphs(site):
    tree = parse(site / "policies" / "harbourview-council-social-media-policy.html")
    facts = tree.xpath("//*[contains(@class,'pkb-facts')]")[0].text_content()
    assert "Harbourview Borough Council" in facts
    assert "2026-11-01" in facts
    assert len(tree.xpath("//ol[@class='pkb-versions']/li")) == 2
    paragraphs = tree.xpath("//*[contains(@class,'pkb-para')]")
    assert len(paragraphs) == 3
    headings = [h.text_content() for h in tree.xpath("//*[contains(@class,'pkb-text')]/h3")]
    assert headings == ["Who looks after our accounts", "Comments from residents", "Review"]
    moderation = tree.xpath("//*[@id='p-1']//a/@href")
    assert "../topics/public-comments-moderation.html" in moderation


def test_topic_page_shows_excerpts_from_the_corpus(site):
    tree = parse(site / "topics" / "confidentiality.html")
    excerpts = tree.xpath("//*[contains(@class,'pkb-excerpt')]")
    orgs = {e.xpath(".//figcaption/a")[0].text_content() for e in excerpts}
    assert {"Northwind Health Trust", "Lumen Hogeschool"} <= orgs
    links = tree.xpath("//*[contains(@class,'pkb-excerpt')]//figcaption/a/@href")
    assert any(
        link.startswith("../policies/northwind-health-staff-guidelines.html#p-") for link in links
    )


def test_topic_page_without_excerpts_explains_why(site):
    tree = parse(site / "topics" / "endorsements-disclosure.html")
    text = tree.xpath("//main")[0].text_content()
    assert "appear here once the documents have been fetched" in text


def test_crawled_markup_comes_out_as_visible_text(site):
    page = site / "policies" / "northwind-health-staff-guidelines.html"
    tree = parse(page)
    article = tree.xpath("//article[contains(@class,'pkb-policy')]")[0]
    assert not article.xpath(".//script"), "a script element from crawled text reached the page"
    assert not article.xpath(".//img"), "an image element from crawled text reached the page"
    assert not article.xpath(".//a[starts-with(normalize-space(@href), 'javascript:')]")
    assert not article.xpath(".//*[@onerror]")
    text = article.text_content()
    assert '<script>alert("pwned")</script>' in text
    assert '<img src=x onerror="alert(1)">' in text
    assert "[click me](javascript:alert(2))" in text
    assert "{eval-rst}" in text
    assert "```{raw} html" in text
    assert "Not escaped, as if the writer had failed:" in text
    assert 'alert("fence")' not in text, "a raw fence's content must not be shown as page text"


def test_withdrawn_documents_are_marked(site):
    facts = parse(site / "policies" / "lumen-hogeschool-richtlijn.html").xpath(
        "//*[contains(@class,'pkb-facts')]"
    )[0]
    assert "Withdrawn by its publisher" in facts.text_content()
    (item,) = [
        li for li in library_items(site) if li.get("data-policy") == "lumen-hogeschool-richtlijn"
    ]
    assert "withdrawn" in item.text_content()


def test_flagged_paragraphs_link_to_their_clause_pattern(site):
    tree = parse(site / "policies" / "northwind-health-staff-guidelines.html")
    notes = tree.xpath("//*[@id='p-2']//p[contains(@class,'pkb-flag-note')]//a/@href")
    assert "../nlrb/rules.html#rule-wage-discussion-ban" in notes
    assert not tree.xpath("//*[@id='p-1']//p[contains(@class,'pkb-flag-note')]")
    rules = parse(site / "nlrb" / "rules.html")
    assert rules.xpath("//section[@id='rule-wage-discussion-ban']//h3")


def test_search_page_has_one_heading(site):
    """The theme's search block brings its own "Search" heading; the page shows one."""
    tree = parse(site / "search.html")
    assert [h.text_content().strip() for h in tree.xpath("//h1")] == ["Search"]


def test_a_policy_page_gives_search_one_value_per_filter(site):
    """Topics and tips are not search filters: several per page, they would make every
    search download their filter data (decision 20)."""
    tree = parse(site / "policies" / "harbourview-council-social-media-policy.html")
    filters = [
        f.split(":", 1) for f in tree.xpath("//*[@data-pagefind-filter]/@data-pagefind-filter")
    ]
    names = [name for name, _ in filters]
    assert names == ["kind", "sector", "country", "language", "document type"]
    assert dict(filters)["sector"] == "Government"


def test_search_page_preloads_what_its_script_fetches_first(site):
    tree = parse(site / "search.html")
    preloaded = tree.xpath("//link[@rel='preload']/@href")
    assert {"pagefind/shards.json", "pagefind/pagefind-ui.js"} <= set(preloaded)
