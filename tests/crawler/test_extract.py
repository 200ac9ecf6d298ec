"""Extraction, as pure functions, on the fixture site's pages; Markdown compared with
golden files in `golden/` (regenerate on purpose with `pytest --force-regen`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import CORRUPT_PDF, PDF_LINES, SITE, bomb_pdf, encrypted_pdf, make_pdf

from policykb.ingest.extract import (
    HTML_KINDS,
    Block,
    ExtractionError,
    blocks_from_tree,
    decode_html,
    extract,
    text_to_blocks,
    to_markdown,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
UTF8 = "text/html; charset=utf-8"

PAGES = {
    "harbourview-rowing-club-social-media": ("harbourview/social-media-policy.html", UTF8, {}),
    "northfield-water-cooperative-online-conduct": (
        "northfield/guidelines.html",
        UTF8,
        {"select": ["#policy-text"], "remove": [".print-button"]},
    ),
    "lumen-valley-library-comments": ("lumen/policy.html", UTF8, {}),
    "corvid-analytics-social-media-guidelines": (
        "corvid/guidelines.html",
        "text/html; charset=windows-1252",
        {},
    ),
    "saltmarsh-district-council-social-media": ("saltmarsh/social-media.html", UTF8, {}),
    "orchard-street-theatre-posting-guidance": ("orchard/policy.html", UTF8, {}),
    "millbrook-gazette-newsroom-social-media": ("gazette/newsroom-social-media.html", UTF8, {}),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_markdown_matches_golden(name, file_regression):
    path, content_type, selectors = PAGES[name]
    result = extract((SITE / path).read_bytes(), content_type=content_type, **selectors)
    file_regression.check(result.markdown, fullpath=GOLDEN / f"{name}.md")


def test_pdf_text_matches_golden(file_regression):
    result = extract(make_pdf(PDF_LINES, "Online safety"), content_type="application/pdf")
    assert result.kind == "pdf"
    assert result.title == "Online safety"
    file_regression.check(
        result.markdown, fullpath=GOLDEN / "kestrel-youth-theatre-online-safety.md"
    )


def test_chrome_is_left_out_and_structure_kept():
    page = (SITE / "harbourview" / "social-media-policy.html").read_bytes()
    result = extract(page, content_type=UTF8)
    text = result.text
    for chrome in ("Boathouse open daily", "Club shop", "Safeguarding statement", "Subscribe",
                   "Registered club number", "trackingQueue"):  # fmt: skip
        assert chrome not in text
    kinds = [(b.kind, b.level) for b in result.blocks]
    assert kinds[0] == ("heading", 1)
    assert ("item", 1) in kinds  # the nested list item
    assert sum(b.ordered for b in result.blocks) == 3
    assert result.title == "Social media policy | Harbourview Rowing Club"
    assert result.language == "en"


def test_header_charset_wins_over_meta_charset():
    raw = (SITE / "corvid" / "guidelines.html").read_bytes()
    assert "café" in decode_html(raw, "text/html; charset=windows-1252")
    assert "café" not in decode_html(raw, "text/html")  # the meta tag's utf-8 is wrong here


def test_selectors_take_precedence():
    page = (SITE / "northfield" / "guidelines.html").read_bytes()
    chosen = extract(page, content_type=UTF8, select=["#policy-text"], remove=[".print-button"])
    assert "Print" not in chosen.text and "Billing" not in chosen.text
    assert chosen.blocks[0] == Block("Online conduct guidelines for staff", kind="heading", level=2)
    with pytest.raises(ExtractionError, match="matched nothing"):
        extract(page, content_type=UTF8, select=["#no-such-element"])
    with pytest.raises(ExtractionError, match="invalid select selector"):
        extract(page, content_type=UTF8, select=["div[["])


def test_bad_documents_are_named_errors():
    with pytest.raises(ExtractionError, match="encrypted"):
        extract(encrypted_pdf(), content_type="application/pdf")
    with pytest.raises(ExtractionError, match="corrupt"):
        extract(CORRUPT_PDF, content_type="application/pdf")
    with pytest.raises(ExtractionError, match="unsupported content type"):
        extract(b"PK\x03\x04", content_type="application/zip")
    with pytest.raises(ExtractionError, match="no text"):
        extract(b"<html><body><script>x()</script></body></html>", content_type=UTF8)


def test_pdf_is_recognised_without_a_content_type():
    assert extract(make_pdf(["Just one line of text here."])).kind == "pdf"


def test_pdf_lines_join_into_paragraphs_and_items():
    pages = [
        "A paragraph that runs over two lines in the original\n"
        "document, and ends here.\n"
        "• a bullet point\n"
        "2) a numbered one that is hyphen-\n"
        "ated across lines\n"
        "12\n"
        "Next paragraph."
    ]
    assert list(text_to_blocks(pages)) == [
        Block("A paragraph that runs over two lines in the original document, and ends here."),
        Block("a bullet point", kind="item"),
        Block("a numbered one that is hyphenated across lines", kind="item"),
        Block("Next paragraph."),
    ]


def test_markdown_headings_are_consecutive_and_lists_nest():
    blocks = [
        Block("Top", kind="heading", level=2),
        Block("Deep", kind="heading", level=5),
        Block("Text."),
        Block("one", kind="item", level=0, ordered=True),
        Block("nested", kind="item", level=1),
        Block("two", kind="item", level=0, ordered=True),
        Block("bullet after numbers", kind="item", level=0),
        Block("Back up", kind="heading", level=3),
    ]
    assert to_markdown(blocks) == (
        "# Top\n\n## Deep\n\nText.\n\n1. one\n   - nested\n2. two\n- bullet after numbers\n\n"
        "## Back up\n"
    )


def test_same_bytes_same_markdown():
    page = (SITE / "lumen" / "policy.html").read_bytes()
    assert extract(page, content_type=UTF8) == extract(page, content_type=UTF8)


# HTML comments inside paragraphs (`by <!-- x -->email`) once doubled the words after
# them, cut trafilatura's text short at the first one and so dropped inline links.
GAZETTE_TEXT = [
    "How our reporters use social media",
    "Reporters may share their work on personal accounts, but they should write to the "
    "standards editor by email before they post about a story they cover. Read the ethics "
    "code for the full rules on conflicts of interest.",
    "Staff should never reveal unpublished reporting, sources or the contents of internal "
    "meetings on any platform, including in private messages that could be captured and shared.",
    "When a post draws abuse",
    "Do not reply in anger. Tell the social media desk, which can hide comments and report "
    "accounts to the platform.",
    "Keep a copy of every abusive message before you block its sender.",
    "Ask the desk to post for you while you are away from your accounts.",
    "The standards editor reviews these rules every January.",
]


@pytest.mark.parametrize("selectors", [{}, {"select": ["#story"]}], ids=["main-text", "select"])
def test_comments_inside_paragraphs_neither_double_nor_cut_text(selectors):
    page = (SITE / "gazette" / "newsroom-social-media.html").read_bytes()
    result = extract(page, content_type=UTF8, **selectors)
    assert [b.text for b in result.blocks] == GAZETTE_TEXT


def test_inline_text_adds_a_comment_tail_once():
    """The block writer on a tree that keeps its comments (as lxml's default parser does)."""
    import lxml.html

    tree = lxml.html.fragment_fromstring(
        "<div><p>by <!-- a -->email<!-- b --> and <a href='/x'>link<!-- c --></a> here</p>"
        "<ul><li>one <!-- d -->two</li></ul>text <!-- e -->after</div>"
    )
    assert list(blocks_from_tree(tree, HTML_KINDS)) == [
        Block("by email and link here"),
        Block("one two", kind="item"),
        Block("text after"),
    ]


def test_a_pdf_decompression_bomb_is_refused_within_the_readers_limits():
    # Issue 8.3: a 1 MB PDF whose content stream inflates to 1 GiB; pypdf stops at its
    # own limit and pdfminer.six, the fallback, used to take 2+ GB. Both now run in a
    # child process with a memory and CPU limit.
    body = bomb_pdf(1 << 30)
    assert len(body) < 2_000_000
    with pytest.raises(ExtractionError, match="could not be read within the reader's limits"):
        extract(body, content_type="application/pdf")


def test_a_control_character_after_a_dropped_element_is_not_a_crash():
    # Found by the fuzzer: joining the text around a removed <template> handed lxml a
    # control character, and lxml raised ValueError (a traceback in the crawl).
    page = (
        b"<html><body><p>Staff rules<template></template>\x08 apply to everyone.</p></body></html>"
    )
    result = extract(page, content_type="text/html")
    assert result.text == "Staff rules apply to everyone."


def test_a_byte_order_mark_inside_the_text_is_dropped():
    result = extract(b"<html><body><p>\xef\xbb\xbfOur rules</p></body></html>")
    assert result.text == "Our rules"
