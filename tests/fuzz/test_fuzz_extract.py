"""Extraction: any bytes give an `Extraction` or an `ExtractionError`, and the text of
every block comes back unchanged from its escaped Markdown (crawled text is data)."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from fuzz_strategies import examples, hostile_text, nasty
from hypothesis import given, settings
from hypothesis import strategies as st

from policykb.analysis.blocks import split_blocks
from policykb.content.escape import escape_text, normalize_space, unescape_text
from policykb.ingest.extract import Block, Extraction, ExtractionError, extract, to_markdown
from policykb.site.html import esc

TAGS = ["p", "div", "span", "h1", "h3", "ul", "ol", "li", "table", "tr", "td", "br", "a",
        "script", "style", "main", "article", "nav", "pre", "b", "template", "svg", "iframe"]  # fmt: skip
CONTENT_TYPES = [None, "text/html", "text/html; charset=utf-8", "text/html; charset=utf-16",
                 "text/html; charset=bogus", "application/xhtml+xml", "text/plain",
                 "text/plain; charset=latin-1", "application/octet-stream", "image/png", ""]  # fmt: skip
SELECTORS = ["main", "p", "div > p", "li:nth-child(2)", "article, main", "[", ":not(",
             "p:has(a)", "*", ":is(" * 40 + "p" + ")" * 40, "a " * 250, "#x", "nope"]  # fmt: skip

html_text = st.one_of(nasty, st.text(max_size=40)).map(html.escape)
element = st.recursive(
    html_text,
    lambda children: st.builds(
        lambda tag, attrs, kids: f"<{tag}{attrs}>{''.join(kids)}</{tag}>",
        st.sampled_from(TAGS),
        st.sampled_from(["", " class='c'", " id='x'", " onclick='alert(1)'", " lang='nl'"]),
        st.lists(children, max_size=4),
    ),
    max_leaves=25,
)
pages = st.one_of(
    element.map(
        lambda body: f"<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>"
    ),
    element,
    hostile_text,
).map(lambda text: text.encode("utf-8", "surrogatepass"))


@given(
    st.one_of(pages, st.binary(max_size=600)),
    st.sampled_from(CONTENT_TYPES),
    st.lists(st.sampled_from(SELECTORS), max_size=2),
    st.lists(st.sampled_from(SELECTORS), max_size=2),
)
def test_extract_gives_text_or_an_extraction_error(body, content_type, select, remove):
    try:
        result = extract(body, content_type=content_type, select=select, remove=remove)
    except ExtractionError as exc:
        assert str(exc)
        return
    assert isinstance(result, Extraction) and result.blocks
    assert_round_trip(result.blocks)


LETTER = re.compile(r"[^\W\d_]")  # what paragraphs counts as a letter
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def assert_round_trip(blocks) -> None:
    """The site splits the Markdown back into the very texts that were extracted."""
    markdown = to_markdown(blocks)
    wanted = [b.text for b in blocks if b.kind != "heading" and LETTER.search(b.text)]
    assert [b.text for b in split_blocks(markdown)] == wanted


@given(hostile_text)
def test_escaped_text_round_trips(text):
    assert unescape_text(escape_text(text)) == normalize_space(text)
    assert html.unescape(esc(text)) == text


@given(
    st.lists(
        st.builds(
            Block,
            hostile_text.map(normalize_space).filter(bool),
            kind=st.sampled_from(["paragraph", "item", "heading"]),
            level=st.integers(0, 3),
            ordered=st.booleans(),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_blocks_round_trip_through_markdown(blocks):
    blocks = [replace(b, level=b.level + 1) if b.kind == "heading" else b for b in blocks]
    assert_round_trip(blocks)


@settings(max_examples=examples(3, 40))
@given(st.binary(max_size=400), st.sampled_from([b"%PDF-1.4\n", b"%PDF-1.7\n%\xe2\xe3\n", b""]))
def test_pdf_bytes_give_text_or_an_extraction_error(tail, head):
    try:
        extract(head + tail, content_type="application/pdf")
    except ExtractionError as exc:
        assert str(exc)


def test_an_escaped_entity_stays_text_on_the_site():
    # Found by the fuzzer: a page whose text reads "&amp;" (say, one that explains HTML)
    # is stored as "\&amp;" and shown on its policy page as "&".
    blocks = [Block("Write &amp; in HTML for an ampersand.")]
    assert [b.text for b in split_blocks(to_markdown(blocks))] == [blocks[0].text]
