"""Split a document into the paragraphs and list items that the tagger and the site index.

`split_paragraphs` is a pure function of the Markdown text: the corpus writer stores
paragraph indexes (`nlrb_flags`) computed from it and the site finds the same paragraphs
with it, so any change to the rules below changes those indexes.

What counts as one paragraph:

- a run of non-blank lines (joined with single spaces);
- each list item separately (`-`, `*`, `+`, `•` bullets and `1.` / `1)` numbers), nested
  items too, with their continuation lines;
- each table row (cells joined with " | "), separator rows skipped.

What never counts: YAML front matter, headings (ATX `#` and setext/reST underlines),
a short line wholly in bold standing in for a heading, fenced code blocks, HTML comments,
thematic breaks and blocks without a single letter.

The text is lightly cleaned so that excerpts read well: link and image syntax keeps only
the visible text, footnote references (`[^4]`), emphasis markers and backslash escapes go,
HTML entities are decoded and whitespace is collapsed.

`load_text(path)` turns a `.md`, `.txt`, `.html` or `.pdf` file into Markdown-like text
for `split_paragraphs`; user mistakes (missing file, binary junk, a huge file, an unknown
extension) raise `UserError`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from policykb.errors import UserError

MAX_BYTES = 20 * 1024 * 1024
MAX_TEXT = 2_000_000  # characters of text a file may give (a long policy has 100,000)
TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".rst")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES


@dataclass(frozen=True)
class Block:
    """One paragraph or list item: its cleaned text, 1-based first line and kind."""

    text: str
    line: int
    kind: str  # "paragraph" | "item" | "row"


_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_RE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_UNDERLINE_RE = re.compile(r"^ {0,3}(?:=+|-+|~+|\^+|\*+|#+|\++|_+|\"+|'+)[ \t]*$")
_BREAK_RE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_ITEM_RE = re.compile(r"^([ \t]*)(?:[-*+•▪◦‣●○■□–]|\d{1,3}[.)])[ \t]+(?=\S)")
_QUOTE_RE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
_TABLE_CELL_RULE_RE = re.compile(r":?-{3,}:?")
_TABLE_ROW_RE = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_BOLD_LINE_RE = re.compile(r"^(\*\*|__)(?P<inner>[^*_].*?)\1[ \t]*:?$")

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
_SPACE_RE = re.compile(r"\s+")
_LETTER_RE = re.compile(r"[^\W\d_]")


def split_paragraphs(markdown: str) -> list[str]:
    """The paragraphs and list items of a Markdown text, in order, as cleaned text."""
    return [block.text for block in split_blocks(markdown)]


def split_blocks(markdown: str) -> list[Block]:
    """Like `split_paragraphs`, with each block's first line (1-based) and kind."""
    text = markdown.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    body_start = 0
    front = _FRONT_MATTER_RE.match(text)
    if front:
        body_start = text.count("\n", 0, front.end())
        text = text[front.end() :]
    text = strip_html_comments(text)
    return list(_blocks(text.split("\n"), body_start))


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


def _blocks(lines: list[str], offset: int):
    current: list[str] = []
    kind = "paragraph"
    start = 0
    fence: str | None = None

    def flush():
        nonlocal current
        block = _make_block(current, start + offset + 1, kind) if current else None
        current = []
        return block

    for number, raw in enumerate(lines):
        if fence is not None:
            if raw.strip().startswith(fence):
                fence = None
            continue
        stripped = raw.lstrip(" \t")
        if stripped[:1].isalpha() and len(raw) - len(stripped) < 4:
            # The common case: a line of prose, which cannot open any other construct.
            if not current:
                kind, start = "paragraph", number
            current.append(raw)
            continue
        line = _QUOTE_RE.sub("", raw)
        fence_match = _FENCE_RE.match(line)
        if fence_match:
            if block := flush():
                yield block
            fence = fence_match.group(1)[0] * 3
            continue
        if not line.strip():
            if block := flush():
                yield block
            continue
        if _ATX_RE.match(line):
            if block := flush():
                yield block
            continue
        if _UNDERLINE_RE.match(line):
            # A setext/reST underline turns the lines above into a heading; on its own
            # it is a thematic break (or a reST overline). Either way nothing is kept.
            if current and kind == "paragraph":
                current = []
            elif block := flush():
                yield block
            continue
        if _BREAK_RE.match(line) or is_table_separator(line):
            if block := flush():
                yield block
            continue
        if _TABLE_ROW_RE.match(line):
            if block := flush():
                yield block
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            row = _make_block([" | ".join(c for c in cells if c)], number + offset + 1, "row")
            if row:
                yield row
            continue
        item = _ITEM_RE.match(line)
        if item:
            if block := flush():
                yield block
            kind, start = "item", number
            current = [line[item.end() :]]
            continue
        if not current:
            kind, start = "paragraph", number
        current.append(line)
    if fence is None and (block := flush()):
        yield block


def _make_block(lines: list[str], line: int, kind: str) -> Block | None:
    if kind == "paragraph" and len(lines) == 1:
        bold = _BOLD_LINE_RE.match(lines[0].strip())
        if bold and _looks_like_heading(bold.group("inner")):
            return None
    text = clean_inline(" ".join(part.strip() for part in lines))
    if not _LETTER_RE.search(text):
        return None
    return Block(text=text, line=line, kind=kind)


def _looks_like_heading(inner: str) -> bool:
    words = inner.split()
    return len(words) <= 12 and not inner.rstrip().endswith((".", "!", "?", ";"))


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


def is_table_separator(line: str) -> bool:
    """A Markdown table's rule line (`|---|:--:|`), checked cell by cell in linear time."""
    inner = line.strip(" \t")
    if "-" not in inner:
        return False
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return all(_TABLE_CELL_RULE_RE.fullmatch(cell.strip(" \t")) for cell in inner.split("|"))


# --- loading files -------------------------------------------------------------------


def load_text(path: Path | str) -> str:
    """Read a `.md`/`.txt`/`.rst`/`.html`/`.pdf` file as Markdown for `split_blocks`.

    HTML and PDF go through the crawler's own extraction (`policykb.extract`), so a file
    given to `policykb tag` or `check` is split into the same blocks as the same page in
    the corpus.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(none)"
        raise UserError(
            f"{path}: unsupported file type {shown}; use one of {', '.join(SUPPORTED_SUFFIXES)}"
        )
    data = _read_bytes(path)
    if suffix in PDF_SUFFIXES or suffix in HTML_SUFFIXES:
        text = extracted_markdown(
            data, str(path), "application/pdf" if suffix in PDF_SUFFIXES else "text/html"
        )
    else:
        text = decode_text(data, str(path))
    if suffix == ".rst":
        text = _RST_COMMENT_RE.sub("\n", text)
    if len(text) > MAX_TEXT:
        raise UserError(
            f"{path}: too much text ({len(text):,} characters; the limit is {MAX_TEXT:,}); "
            "split the document and check its parts"
        )
    return text


def extracted_markdown(data: bytes, name: str, content_type: str) -> str:
    """The crawler's extraction of an HTML page or a PDF, as escaped Markdown."""
    from policykb.extract import ExtractionError, extract

    try:
        return extract(data, content_type=content_type).markdown
    except ExtractionError as exc:
        raise UserError(f"{name}: {exc}") from None


def _read_bytes(path: Path) -> bytes:
    """A regular file's bytes (no FIFO, device or folder), never more than `MAX_BYTES`."""
    from policykb.errors import FileRefused
    from policykb.storage import read_bytes_limited

    try:
        return read_bytes_limited(path, MAX_BYTES)
    except FileRefused as exc:
        raise UserError(str(exc)) from None


def decode_text(data: bytes, name: str = "input") -> str:
    """Bytes to text: UTF-8 (with or without BOM), else Windows-1252; binary is an error."""
    if b"\x00" in data[:65536]:
        raise UserError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:65536]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    if sample and controls / len(sample) > 0.02:
        raise UserError(f"{name}: looks like a binary file, not text")
    return text


# A reST comment or directive: ".. " and its indented continuation lines.
_RST_COMMENT_RE = re.compile(r"^\.\. .*\n(?:(?:[ \t]+.*)?\n)*", re.M)
