"""Split a document into the paragraphs and list items that the tagger and the site index.

`split_blocks` is the one route from a document to its blocks: `policykb tag` and
`check`, the crawler's corpus (extraction renders Markdown, which is split here), the
site's policy pages and, in JavaScript, the checker page (checker-engine.js) all use it,
and `Block` is the one block type, extraction's too. It is a pure function of the Markdown
text: the corpus writer stores paragraph indexes (`nlrb_flags`) computed from it and the
site finds the same paragraphs with it, so any change to the rules below changes those
indexes (and the keys of our paragraph labels: tools/labels/remap.py carries them over).

markdown-it-py reads the structure (CommonMark with tables); named steps over its tokens
give what counts as one paragraph:

- a paragraph, its lines joined with single spaces;
- each list item, nested ones too: its first paragraph (`_token_blocks`);
- each table row, cells joined with " | " (the rule line is not a row);
- each line that opens with a bullet character (`•`, `▪`, `–`, ...), as text pasted from
  a word processor or a PDF has them (`_glyph_bullets`).

What never counts: YAML front matter, headings (ATX `#` and setext; reST underlines in
`.rst` files, `policykb.ingest.text.rst_section_titles`), a short line wholly in bold standing in for a
heading (`_is_bold_heading`), fenced code, HTML blocks and comments, link reference
definitions, thematic breaks and blocks without a single letter. Text indented by four
spaces is read again as Markdown, not dropped as code, and a MkDocs admonition's body is
read as its lists and paragraphs (`dedent_admonitions`).

The text is lightly cleaned so that excerpts read well (`clean_inline`): link and image
syntax keeps only the visible text, footnote references (`[^4]`), emphasis markers and
backslash escapes go, HTML entities are decoded and whitespace is collapsed.

Files become Markdown-like text for `split_blocks` in `policykb.ingest.text.load_text`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_TEXT = 2_000_000  # characters of text a file may give (a long policy has 100,000)


@dataclass(frozen=True)
class Block:
    """One block of a document: its plain text, on one line, and what it is.

    `split_blocks` gives paragraphs, list items and table rows, each with its 1-based first
    line in the Markdown. Extraction (`policykb.ingest.extract`) gives headings, paragraphs and
    list items, with a heading's level or an item's list depth and whether its list is
    numbered, and no line (0): the text has no lines until `to_markdown` writes them."""

    text: str
    line: int = 0
    kind: str = "paragraph"  # "paragraph" | "item" | "row" | "heading"
    level: int = 0  # heading level (1-6), or list depth (0 = top)
    ordered: bool = False  # an item of a numbered list


_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_BOLD_LINE_RE = re.compile(r"^(\*\*|__)(?P<inner>[^*_].*?)\1[ \t]*:?$")
_GLYPH_ITEM_RE = re.compile(r"^[ \t]*[•▪◦‣●○■□–][ \t]+(?=\S)")

# Link texts hold no brackets and nested parentheses no parentheses: each attempt stops at
# the next bracket, so a run of "[" or "(" costs linear, not quadratic, time.
_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\[\]\s]{1,30}\](?!\()")
_IMAGE_RE = re.compile(r"!\[([^\[\]]*)\]\([^()]*\)")
_LINK_RE = re.compile(r"(?<!\\)\[([^\[\]]+)\]\((?:[^()]|\([^()]*\))*\)")
_REF_LINK_RE = re.compile(r"(?<!\\)\[([^\[\]]+)\]\[[^\[\]]*\]")
# html.unescape's character references, where no backslash escapes the "&".
_CHARREF_RE = re.compile(r"(?<!\\)&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_AUTOLINK_RE = re.compile(r"(?<!\\)<((?:https?|mailto):[^>\s]+)>")
_TAG_RE = re.compile(r"(?<!\\)</?[A-Za-z][^<>]*>")
_EMPHASIS_RE = re.compile(r"(?<!\\)\*+|(?<![\w\\])_+(?=\S)|(?<=\S)(?<!\\)_+(?!\w)")
_CODE_RE = re.compile(r"(?<!\\)`+")
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_LETTER_RE = re.compile(r"[^\W\d_]")


def split_paragraphs(markdown: str) -> list[str]:
    """The paragraphs and list items of a Markdown text, in order, as cleaned text."""
    return [block.text for block in split_blocks(markdown)]


def split_blocks(markdown: str) -> list[Block]:
    """Like `split_paragraphs`, with each block's first line (1-based) and kind.

    markdown-it-py reads the structure (CommonMark and tables: `markdown_parser`); the
    steps below turn its tokens into blocks. checker-engine.js runs the same steps on the
    tokens of markdown-it, the JavaScript original of the same version."""
    return [block for block in read_blocks(markdown) if block.kind != "heading"]


def read_blocks(markdown: str) -> list[Block]:
    """Paragraphs, list items, table rows and headings, in document order, from one reading
    of the text: ATX and setext headings with their level, and a short line wholly in bold
    standing in for a heading as a level-4 heading. `split_blocks` is this without the
    headings; a page that shows both reads the text once."""
    text = markdown.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = dedent_admonitions(strip_html_comments(blank_front_matter(text)))
    blocks = []
    for kind, line, source, level in _glyph_bullets(_token_blocks(text, 0, reread=True)):
        if _is_bold_heading(kind, source):
            kind, level, source = "heading", 4, _BOLD_LINE_RE.match(source.strip())["inner"]
        cleaned = clean_inline(" ".join(part.strip() for part in source.split("\n")))
        if _LETTER_RE.search(cleaned):
            blocks.append(Block(cleaned, line + 1, kind, level))
    return blocks


_PARSER = None


def markdown_parser():
    """CommonMark with tables, block structure only: a block's text is `clean_inline`'s
    reading of its inline source, so the inline rules of markdown-it are left off."""
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        _PARSER = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])
    return _PARSER


def blank_front_matter(text: str) -> str:
    """YAML front matter (between `---` lines at the very start) as blank lines."""
    front = _FRONT_MATTER_RE.match(text)
    if not front:
        return text
    return "\n" * front.group(0).count("\n") + text[front.end() :]


def strip_html_comments(text: str) -> str:
    """`<!-- … -->` removed, keeping its line breaks (so line numbers stay right).

    A scan with `str.find`, not a lazy regex: a regex retries from every unclosed `<!--`
    and takes quadratic time on a run of them."""
    if "<!--" not in text:
        return text
    out: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break  # unclosed: the rest is text, as CommonMark leaves it
        out.append(text[position:start])
        out.append("\n" * text.count("\n", start, end))
        position = end + 3
    out.append(text[position:])
    return "".join(out)


def _token_blocks(text: str, offset: int, reread: bool) -> Iterator[tuple[str, int, str, int]]:
    """(kind, 0-based first line, inline source, heading level or 0) of each paragraph,
    list item, table row and heading (of the text as written, not of a reread one). A list
    item is its first paragraph (a later one is a paragraph of its own); fenced code, HTML
    blocks and thematic breaks give nothing.

    Text indented by four spaces or a tab is read again as Markdown, once (`reread`):
    CommonMark makes it a code block, but in a policy it is a list or a paragraph that
    was indented by accident or pasted from elsewhere. Fenced code stays code."""
    items: list[bool] = []  # per open list item: has its first paragraph been seen
    paragraph: tuple[str, int] | None = None
    heading: tuple[int, int] | None = None  # (level, line) of the open heading
    row: list[str] | None = None
    row_line = 0
    for token in markdown_parser().parse(text):
        kind = token.type
        if kind == "inline":
            if row is not None:
                row.append(token.content.strip())
            elif paragraph is not None:
                yield paragraph[0], paragraph[1], token.content, 0
            elif heading is not None:
                yield "heading", heading[1], token.content, heading[0]
        elif kind == "heading_open" and reread:
            heading = (int(token.tag[1]), offset + token.map[0])
        elif kind == "heading_close":
            heading = None
        elif kind == "paragraph_open":
            is_item = bool(items) and not items[-1]
            if is_item:
                items[-1] = True
            paragraph = ("item" if is_item else "paragraph", offset + token.map[0])
        elif kind == "paragraph_close":
            paragraph = None
        elif kind == "list_item_open":
            items.append(False)
        elif kind == "list_item_close":
            items.pop()
        elif kind == "tr_open":
            row, row_line = [], offset + token.map[0]
        elif kind == "tr_close" and row is not None:
            yield "row", row_line, " | ".join(cell for cell in row if cell), 0
            row = None
        elif kind == "code_block" and reread:
            yield from _token_blocks(token.content, offset + token.map[0], reread=False)


_ADMONITION_RE = re.compile(r"^(?:!!!|\?\?\?\+?)[ \t]+\S")


_ADMONITION_TITLE_RE = re.compile(
    r'^(?:!!!|\?\?\?\+?)[ \t]+(?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$'
)


def shown_text(text: str) -> str:
    """A block's text as a reader should see it: the title line of a MkDocs admonition
    (`!!! note "Keep it short"`) as its title, or its kind ("Note") when it has none.

    Blocks keep the line as written (their labels and the tagger read it so); pages and
    excerpts show this instead of the syntax."""
    title = _ADMONITION_TITLE_RE.match(text)
    if not title:
        return text
    if title.group("title") is not None:
        return title.group("title").strip() or text
    return title.group("kind").replace("-", " ").capitalize()


def dedent_admonitions(text: str) -> str:
    """The body of a MkDocs admonition (`!!! note "Title"` over lines indented by four
    spaces or a tab) one level less indented, so that its lists and paragraphs are read as
    such; the title line stays a paragraph of its own."""
    if "!!!" not in text and "???" not in text:
        return text
    lines = text.split("\n")
    inside = False
    for number, line in enumerate(lines):
        if _ADMONITION_RE.match(line):
            inside = True
        elif inside and line.startswith(("    ", "\t")):
            lines[number] = line[4:] if line[0] == " " else line[1:]
        elif inside and line.strip():
            inside = False
    return "\n".join(lines)


def _glyph_bullets(blocks) -> Iterator[tuple[str, int, str, int]]:
    """Lines that open with a bullet character (•, ▪, –, …), as plain text pasted from a
    word processor has them, are list items: CommonMark reads them as one paragraph."""
    for kind, line, source, level in blocks:
        if kind in ("row", "heading") or not any(map(_GLYPH_ITEM_RE.match, source.split("\n"))):
            yield kind, line, source, level
            continue
        part: list[str] = []
        start = line
        for offset, text in enumerate(source.split("\n")):
            bullet = _GLYPH_ITEM_RE.match(text)
            if bullet:
                if part:
                    yield kind, start, "\n".join(part), 0
                kind, start, part = "item", line + offset, [text[bullet.end() :]]
            else:
                part.append(text)
        yield kind, start, "\n".join(part), 0


def _is_bold_heading(kind: str, source: str) -> bool:
    """A paragraph that is one short line wholly in bold, standing in for a heading."""
    if kind != "paragraph" or "\n" in source:
        return False
    bold = _BOLD_LINE_RE.match(source.strip())
    if not bold:
        return False
    inner = bold.group("inner")
    return len(inner.split()) <= 12 and not inner.rstrip().endswith((".", "!", "?", ";"))


def clean_inline(text: str) -> str:
    """Markdown inline syntax to plain text: visible text of links, no markers."""
    if "[" in text:
        text = _FOOTNOTE_REF_RE.sub("", text)
        text = _IMAGE_RE.sub(r"\1", text)
        text = _LINK_RE.sub(r"\1", text)
        text = _REF_LINK_RE.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK_RE.sub(r"\1", text)
        text = _TAG_RE.sub(" ", text)
    if "`" in text:
        text = _CODE_RE.sub("", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS_RE.sub("", text)
    if "&" in text:  # before escapes are resolved, so that a typed "\&amp;" stays as typed
        text = _CHARREF_RE.sub(lambda m: html.unescape(m.group(0)), text)
    if "\\" in text:
        text = _ESCAPE_RE.sub(r"\1", text)
    return " ".join(text.split())
