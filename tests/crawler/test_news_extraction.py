"""Extraction on fictional news and blog pages: the article is kept whole, the furniture
around it left out (`news_pages.py`; the decision is in docs/decisions.md, section 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from news_pages import ARTICLES, CAPTIONS, COMMENTS, FURNITURE, RELATED, SOURCES, news_page

from policykb.ingest.extract import extract

GOLDEN = Path(__file__).resolve().parent / "golden"
UTF8 = "text/html; charset=utf-8"


def blocks_of(html: str) -> list[str]:
    return [b.text for b in extract(html.encode("utf-8"), content_type=UTF8).blocks]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a["slug"])
def test_every_article_block_is_kept_once(article, seed):
    page = news_page(article, seed)
    blocks = blocks_of(page.html)
    for text in page.truth:
        assert blocks.count(text) == 1, f"{text!r} in {page.name} ({page.furniture})"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a["slug"])
def test_furniture_is_left_out(article):
    text = "\n".join(blocks_of(news_page(article, 0, furniture=FURNITURE).html))
    left_out = [
        *CAPTIONS,  # gallery and figure captions, with their credits
        "Photo:",
        "Image 1 of 3",
        "Previous",  # gallery and form buttons
        "Sign up",
        "weekly round-up",  # the newsletter box
        *SOURCES,  # the sources list and its heading
        "Sources",
        "More stories",  # related articles and the "most read" rail
        "Share on Facebook",
        "Topics:",
        "community reporter",  # byline
        "writes about local services",  # author box
        *(t for _, t in COMMENTS),  # reader comments
        "Join the conversation",
        "Most read",
    ]
    assert [s for s in left_out if s in text] == []
    # A "Read more: <headline>" line among the paragraphs is kept, as trafilatura keeps it.
    assert [r for r in RELATED if r in text and f"Read more: {r}" not in text] == []


def test_page_with_all_furniture_matches_golden(file_regression):
    page = news_page(ARTICLES[1], 0, furniture=FURNITURE)
    result = extract(page.html.encode("utf-8"), content_type=UTF8)
    file_regression.check(result.markdown, fullpath=GOLDEN / "news-clinic-blog-all-furniture.md")


def test_inline_links_stay_in_sentences_trafilatura_skipped():
    """List items trafilatura left out are kept from the page, links and all."""
    page = news_page(ARTICLES[1], 0, furniture=FURNITURE)
    items = [
        b for b in extract(page.html.encode("utf-8"), content_type=UTF8).blocks if b.kind == "item"
    ]
    assert [b.text for b in items] == ARTICLES[1]["body"][3][1]
