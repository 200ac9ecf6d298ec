"""Labelled real documents: how they are read, and how paragraph labels are keyed.

The real documents live outside the repository (`../shared/data/realdocs/`); only our
labels are committed, in `policykb/data/labels/realdocs-paragraphs.tsv`, keyed by file,
paragraph index and a short hash of the paragraph's text (`block_key`), never the text.

A document is read the way `policykb tag` reads a file of its type: Markdown and reST as
they are, HTML (and PHP templates, which are HTML with code in them) through the crawler's
extraction. The one JavaScript file is a table of translated strings; its string values
become one paragraph each, as do those of two PHP translation files.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from policykb.analysis.blocks import Block, split_blocks
from policykb.content import paths
from policykb.content.errors import UserError
from policykb.ingest.text import decode_text, extracted_markdown, load_text

LABELS_DIR = Path(__file__).resolve().parents[1] / "data" / "labels"
PARAGRAPH_LABELS = LABELS_DIR / "realdocs-paragraphs.tsv"
SHARED_DATA = paths.shared_data_dir()
NO_TOPIC = "-"

_ENTRY_RE = re.compile(
    r"""["']([\w.\-]+)["']\s*(?::|=>)\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')"""
)
_STRING_TABLE_RE = re.compile(r"\A\s*<\?php\s+return\s*\[")
_ITEMS_RE = re.compile(r"""["']items["']\s*(?::|=>)\s*\[""")
_HEADING_KEY_RE = re.compile(r"(title|subtitle|pagename|section)\d*[a-z]?$", re.I)


def block_key(text: str) -> str:
    """A short hash of a paragraph's letters and digits, lower-cased (8 hex digits).

    Punctuation, spacing and markup are left out, so a change in how links or emphasis
    are cleaned does not orphan a label.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    letters = "".join(ch for ch in folded if ch.isalnum())
    return hashlib.sha256(letters.encode("utf-8")).hexdigest()[:8]


def read_real_document(path: Path) -> str:
    """A real document as Markdown, by its file type."""
    suffix = path.suffix.lower()
    if suffix not in (".js", ".php", ".html", ".htm"):
        return load_text(path)
    data = path.read_bytes()
    if suffix == ".js" or (
        suffix == ".php" and _STRING_TABLE_RE.match(data.decode("utf-8", "replace"))
    ):
        return _string_table_to_markdown(decode_text(data, str(path)))
    return extracted_markdown(data, str(path), "text/html")


def real_document_blocks(path: Path) -> list[Block]:
    return split_blocks(read_real_document(path))


def _list_spans(source: str) -> list[tuple[int, int]]:
    """Where each `"items" => [ ... ]` array of a string table starts and ends."""
    spans = []
    for opener in _ITEMS_RE.finditer(source):
        depth, i, quote = 1, opener.end(), ""
        while i < len(source) and depth:
            ch = source[i]
            if quote:
                if ch == "\\":
                    i += 1
                elif ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
            i += 1
        spans.append((opener.end(), i))
    return spans


def _string_table_to_markdown(source: str) -> str:
    """String values of a translation table: titles as headings, entries of an `items`
    array as list items, the rest as paragraphs."""
    out: list[str] = []
    spans = _list_spans(source)
    for match in _ENTRY_RE.finditer(source):
        name, double, single = match.groups()
        if double is not None:
            try:
                value = json.loads(f'"{double}"')
            except json.JSONDecodeError:
                value = double
        else:
            value = single.replace("\\'", "'")
        if name in ("id", "sidebarLabel") or len(value.split()) < 2 and len(value) < 5:
            continue
        if _HEADING_KEY_RE.search(name):
            out.append("## " + value)
        elif any(start <= match.start() < end for start, end in spans):
            out.append("- " + value)
        else:
            out.append(value)
    return "\n\n".join(out) + "\n"


@dataclass(frozen=True)
class ParagraphLabel:
    file: str
    index: int
    key: str
    topics: frozenset[str]


def load_paragraph_labels(path: Path = PARAGRAPH_LABELS) -> list[ParagraphLabel]:
    """Rows of `file, index, key, topics` (topics `;`-separated, `-` for none)."""
    if not path.is_file():
        raise UserError(f"{path}: no paragraph labels")
    labels = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            topics = row["topics"].strip()
            labels.append(
                ParagraphLabel(
                    file=row["file"],
                    index=int(row["index"]),
                    key=row["key"],
                    topics=frozenset()
                    if topics in ("", NO_TOPIC)
                    else frozenset(topics.split(";")),
                )
            )
    return labels
