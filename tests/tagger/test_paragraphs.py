"""Splitting Markdown into paragraphs and list items; loading .md/.txt/.html/.pdf files."""

from __future__ import annotations

from pathlib import Path

import pytest
from tagger_fixtures import make_pdf

from policykb.analysis.blocks import (
    Block,
    read_blocks,
    shown_text,
    split_blocks,
    split_paragraphs,
)
from policykb.content.errors import UserError
from policykb.ingest.text import load_text


def test_front_matter_headings_and_blank_lines_are_not_paragraphs():
    text = (
        "---\ntitle: A fictional policy\ntopics: [security]\n---\n\n"
        "# Heading\n\nFirst paragraph\ncontinues here.\n\n## Another heading\n\n\n"
        "Second paragraph.\n"
    )
    assert split_paragraphs(text) == ["First paragraph continues here.", "Second paragraph."]


def test_setext_and_rest_underlines_make_headings():
    text = "Title line\n==========\n\nBody text.\n\nSection\n-------\nMore body.\n\n***\n"
    assert split_paragraphs(text) == ["Body text.", "More body."]


def test_headings_are_read_by_the_same_parser_as_the_paragraphs():
    text = (
        "---\ntitle: Front matter is not a heading\n---\n\n"
        "# Harbour *Trust* policy\n\nIntro.\n\n"
        "Setext section\n--------------\n\n"
        "```\n# a comment in code, not a heading\n```\n\n"
        "**Who runs the accounts**\n\n"
        "**A bold sentence that ends with a full stop.**\n\n"
        "<!-- # hidden -->\n### [Linked](https://example.org) heading ###\n"
    )
    headings = [b for b in read_blocks(text) if b.kind == "heading"]
    assert [(h.text, h.line, h.level) for h in headings] == [
        ("Harbour Trust policy", 5, 1),
        ("Setext section", 9, 2),
        ("Who runs the accounts", 16, 4),
        ("Linked heading", 21, 3),
    ]
    # One reading gives both, in document order, for a page that shows them together.
    assert [b.kind for b in read_blocks(text)] == [
        "heading",
        "paragraph",
        "heading",
        "heading",
        "paragraph",
        "heading",
    ]
    # The bold line is a heading, not a paragraph; the bold sentence stays a paragraph.
    assert [b.text for b in split_blocks(text)] == [
        "Intro.",
        "A bold sentence that ends with a full stop.",
    ]


def test_each_list_item_is_its_own_paragraph_with_its_continuation():
    text = (
        "Staff must:\n\n"
        "- keep passwords safe\n  and private\n"
        "* report phishing\n"
        "  - nested item\n"
        "1. first numbered\n"
        "2) second numbered\n"
        "• a bullet from a PDF\n"
    )
    assert split_paragraphs(text) == [
        "Staff must:",
        "keep passwords safe and private",
        "report phishing",
        "nested item",
        "first numbered",
        "second numbered",
        "a bullet from a PDF",
    ]


def test_block_kinds_and_lines():
    blocks = split_blocks(
        "---\na: 1\n---\nIntro.\n\n- item one\n- item two\n\n| a | b |\n|---|---|\n"
    )
    assert [(b.kind, b.line, b.text) for b in blocks] == [
        ("paragraph", 4, "Intro."),
        ("item", 6, "item one"),
        ("item", 7, "item two"),
        ("row", 9, "a | b"),
    ]


def test_bold_line_standing_in_for_a_heading_is_skipped_but_a_bold_sentence_is_kept():
    text = "**Personal accounts**\n\nBody.\n\n**Never share your password.**\n"
    assert split_paragraphs(text) == ["Body.", "Never share your password."]


def test_code_fences_and_html_comments_are_skipped():
    text = "Before.\n\n```\ncode = 1\n```\n\n<!-- a comment\nover lines -->\n\nAfter.\n"
    assert split_paragraphs(text) == ["Before.", "After."]


def test_inline_markup_becomes_plain_text():
    text = (
        "Read the [code of conduct](https://example.org/coc) and **never** share "
        "`secrets` \\*really\\* &amp; truly. ![logo](logo.png)"
    )
    assert split_paragraphs(text) == [
        "Read the code of conduct and never share secrets *really* & truly. logo"
    ]


def test_escaped_markup_stays_visible_text():
    assert split_paragraphs("Type \\<script\\> and \\[not a link\\](x).") == [
        "Type <script> and [not a link](x)."
    ]


def test_blocks_without_letters_are_dropped_and_output_is_deterministic():
    text = "---\n\n| --- |\n\n12345\n\nWords here.\n"
    assert split_paragraphs(text) == ["Words here."]
    assert split_paragraphs(text) == split_paragraphs(text)


def test_windows_line_endings_and_bom():
    assert split_paragraphs("\ufeffOne\r\ntwo\r\n\r\n- three\r\n") == ["One two", "three"]


# --- loading files -----------------------------------------------------------------------


def test_load_markdown_and_text(tmp_path: Path):
    md = tmp_path / "a.md"
    md.write_text("# T\n\nHello.\n", encoding="utf-8")
    txt = tmp_path / "a.txt"
    txt.write_bytes("Caf\xe9 rules.\n".encode("cp1252"))
    assert split_paragraphs(load_text(md)) == ["Hello."]
    assert split_paragraphs(load_text(txt)) == ["Café rules."]


def test_load_html_keeps_main_text_and_lists(tmp_path: Path):
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>x</title><script>var a = 1;</script></head><body>"
        "<nav><a href='/'>Home</a></nav><main><h1>Lindenhof Library social media rules</h1>"
        "<p>Staff must keep their passwords private and turn on two-factor login for every "
        "library account they manage on behalf of the library.</p>"
        "<ul><li>Never post photos of children without written consent from a parent.</li>"
        "<li>Refer questions from journalists to the press office.</li></ul></main></body></html>",
        encoding="utf-8",
    )
    paragraphs = split_paragraphs(load_text(page))
    assert any("two-factor login" in p for p in paragraphs)
    assert any(p.startswith("Never post photos of children") for p in paragraphs)
    assert not any("var a" in p for p in paragraphs)


def test_load_pdf(tmp_path: Path):
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(
        make_pdf(
            [
                "Orchard Valley Council social media policy.",
                "Staff must never share passwords for council accounts.",
            ]
        )
    )
    text = load_text(pdf)
    assert "never share passwords" in " ".join(split_paragraphs(text))


def test_pdf_lines_are_joined_into_paragraphs_and_bullets_as_the_crawler_joins_them():
    page = (
        "This is a long line of running text that wraps onto\n"
        "the next line of the page.\n"
        "• a short bullet point.\n"
        "# not a heading in a PDF\n"
    )
    from policykb.ingest.extract import text_to_blocks, to_markdown

    assert split_paragraphs(to_markdown(text_to_blocks([page]))) == [
        "This is a long line of running text that wraps onto the next line of the page.",
        "a short bullet point. # not a heading in a PDF",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.md", None, "no such file"),
        ("junk.md", b"\x00\x01\x02\xff" * 100, "binary"),
        ("junk.txt", bytes(range(1, 32)) * 50, "binary"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type"),
        ("noextension", b"text", "unsupported file type"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF is corrupt or unreadable"),
    ],
)
def test_bad_input_is_a_user_error(tmp_path: Path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        load_text(path)


def test_a_directory_is_a_user_error(tmp_path: Path):
    folder = tmp_path / "folder.md"
    folder.mkdir()
    with pytest.raises(UserError, match="directory"):
        load_text(folder)


def test_a_50_mb_file_is_refused_before_reading(tmp_path: Path):
    big = tmp_path / "big.md"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(UserError, match="too large"):
        load_text(big)


def test_an_empty_file_is_an_empty_text(tmp_path: Path):
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert split_paragraphs(load_text(empty)) == []


# --- issue 8: linear-time splitting, bounded input, entities as typed -----------------


@pytest.mark.parametrize(
    "text",
    [
        " " * 200_000 + "x",
        "[" * 200_000,
        "[x](" + "(" * 200_000,
        "![x](" * 40_000,
        " \t" * 100_000 + "|",
        "- " * 50_000 + "x",
        "|" + "a|" * 10_000 + "\n|" + "-|" * 10_000 + "\n" + "|x\n" * 10_000,
        '!!! note "x"\n' + "    - item\n" * 50_000,
        "• x\n" * 50_000,
    ],
    ids=[
        "spaces",
        "brackets",
        "parentheses",
        "images",
        "blanks-then-pipe",
        "nested-lists",
        "wide-table",
        "admonition",
        "bullets",
    ],  # fmt: skip
)
def test_pathological_lines_split_in_linear_time(text):
    import time

    started = time.process_time()
    split_blocks(text)
    # Quadratic regexes took tens of seconds on 50 KB, and would take minutes here; linear
    # work takes well under a second. The bound leaves room for a loaded CI machine: this
    # tells linear from quadratic, and `make bench` measures the speed itself.
    assert time.process_time() - started < 10.0


def test_table_rows_are_blocks_and_the_rule_line_is_not():
    assert split_paragraphs("| a | b |\n|---|:---:|\n| c | d |\n") == ["a | b", "c | d"]
    assert split_paragraphs("a | b\n--- | ---\nc | d\n") == ["a | b", "c | d"]
    # Without a rule line under the first row, CommonMark has no table: one paragraph.
    assert split_paragraphs("| a | b |\n| c | d |\n") == ["| a | b | | c | d |"]


def test_an_escaped_entity_stays_as_typed_and_a_real_one_is_decoded():
    assert split_paragraphs("Write \\&amp; for an ampersand &amp; more.") == [
        "Write &amp; for an ampersand & more."
    ]


def test_a_fifo_is_refused_without_blocking(tmp_path: Path):
    import os

    fifo = tmp_path / "draft.md"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="regular file"):
        load_text(fifo)


def test_too_much_text_is_a_clear_error(tmp_path: Path):
    big = tmp_path / "draft.txt"
    big.write_text("A sentence about our rules.\n\n" * 80_000)
    with pytest.raises(UserError, match="too much text"):
        load_text(big)


def test_footnote_references_are_left_out_of_the_text():
    assert split_paragraphs("Members use their own accounts.[^8] See [^note-1] too.") == [
        "Members use their own accounts. See too."
    ]
    assert split_paragraphs("[^x](https://example.org) stays a link.") == ["^x stays a link."]


# --- the steps over markdown-it's tokens ----------------------------------------------


def test_indented_text_is_read_as_text_once_not_dropped_as_code():
    text = "### Roles\n\t* Community manager\n\t* Editor\n\n     - Keep names out of posts.\n"
    assert split_blocks(text) == [
        Block("Community manager", 2, "item"),
        Block("Editor", 3, "item"),
        Block("Keep names out of posts.", 5, "item"),
    ]
    # Indented twice over it is code, as CommonMark has it.
    assert split_paragraphs("        print('x')\n\nText.") == ["Text."]


def test_an_admonition_title_is_a_paragraph_and_its_body_lists_and_paragraphs():
    text = '!!! danger "Do not post"\n    * photos of patients\n    * rescue scenes\n\nAfter.'
    assert split_paragraphs(text) == [
        '!!! danger "Do not post"',
        "photos of patients",
        "rescue scenes",
        "After.",
    ]


def test_bullet_characters_inside_a_paragraph_open_items():
    assert split_blocks("Lead-in:\n• one\n• two\n  continued") == [
        Block("Lead-in:", 1, "paragraph"),
        Block("one", 2, "item"),
        Block("two continued", 3, "item"),
    ]


def test_quotes_interrupt_a_paragraph_and_link_definitions_are_not_text():
    text = "We suggest this disclaimer:\n> The views are mine.\n\n[coc]: https://example.org\n"
    assert split_paragraphs(text) == ["We suggest this disclaimer:", "The views are mine."]


def test_rest_titles_with_any_adornment_are_headings_in_rst_files(tmp_path: Path):
    page = tmp_path / "guide.rst"
    page.write_text(
        "~~~~~\nGuide\n~~~~~\n\nIntro text.\n\nAccounts\n^^^^^^^^\nKeep them safe.\n\n"
        'Quotes\n""""""\nBe kind.\n'
    )
    assert split_paragraphs(load_text(page)) == ["Intro text.", "Keep them safe.", "Be kind."]


def test_an_admonition_title_line_is_shown_as_its_title_not_its_syntax():
    assert shown_text('!!! warning "Before you post"') == "Before you post"
    assert shown_text("??? note") == "Note"
    assert shown_text("???+ danger-zone") == "Danger zone"
    assert shown_text('!!! note ""') == '!!! note ""'  # nothing better to show
    assert shown_text("Three exclamation marks !!! in a sentence.") == (
        "Three exclamation marks !!! in a sentence."
    )
