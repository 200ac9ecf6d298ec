"""A local file as text: what `policykb tag FILE` and `check FILE` (and the evaluation's
readers) give to `policykb.analysis.blocks.split_blocks`.

`load_text(path)` turns a `.md`, `.txt`, `.rst`, `.html` or `.pdf` file into Markdown-like
text; HTML and PDF go through the crawler's own extraction. User mistakes (missing file,
binary junk, a huge file, an unknown extension) raise `UserError`.
"""

from __future__ import annotations

import re
from pathlib import Path

from policykb.analysis.blocks import MAX_TEXT
from policykb.content.errors import FileRefused, UserError
from policykb.content.storage import read_bytes_limited
from policykb.ingest.extract import ExtractionError, extract

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".rst")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES


def load_text(path: Path | str) -> str:
    """Read a `.md`/`.txt`/`.rst`/`.html`/`.pdf` file as Markdown for `split_blocks`.

    HTML and PDF go through the crawler's own extraction (`policykb.ingest.extract`), so a file
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
        text = rst_section_titles(_RST_COMMENT_RE.sub("\n", text))
    if len(text) > MAX_TEXT:
        raise UserError(
            f"{path}: too much text ({len(text):,} characters; the limit is {MAX_TEXT:,}); "
            "split the document and check its parts"
        )
    return text


def extracted_markdown(data: bytes, name: str, content_type: str) -> str:
    """The crawler's extraction of an HTML page or a PDF, as escaped Markdown."""
    try:
        return extract(data, content_type=content_type).markdown
    except ExtractionError as exc:
        raise UserError(f"{name}: {exc}") from None


def _read_bytes(path: Path) -> bytes:
    """A regular file's bytes (no FIFO, device or folder), never more than `MAX_BYTES`."""
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
# A reST section adornment: one punctuation character repeated, alone on its line.
_RST_ADORNMENT_RE = re.compile(r"^([=\-~^\"'`+*#_:.])\1{2,}[ \t]*$", re.M)


def rst_section_titles(text: str) -> str:
    """reST section titles as Markdown headings: an underline of any reST adornment
    character (`~`, `^`, `"`, `+`, ...) becomes a setext `---` line under its title, an
    overline a blank line. Markdown alone would read `~~~` as a code fence and `^^^` as
    more of the paragraph."""

    def adornment(match: re.Match) -> str:
        start = match.start()
        previous = text[text.rfind("\n", 0, start - 1) + 1 : start - 1] if start else ""
        return "-" * len(match.group(0).strip()) if previous.strip() else ""

    return _RST_ADORNMENT_RE.sub(adornment, text)
