"""Render corpus Markdown to HTML that can never carry markup from the source.

Corpus bodies are escaped when they are written; this renderer is the second wall:
CommonMark with raw HTML, links, images and autolinks switched off, so whatever a crawled
page contained comes out as text.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["html_block", "html_inline", "link", "image", "autolink", "reference"])
    return md


def markdown_to_safe_html(markdown: str) -> str:
    """HTML for a block of corpus Markdown: paragraphs, lists, emphasis; nothing active."""
    return _parser().render(markdown)


def markdown_to_text(markdown: str) -> str:
    """Plain text of corpus Markdown (backslash escapes resolved), for excerpts and search."""
    tokens = _parser().parse(markdown)
    parts: list[str] = []
    for token in tokens:
        if token.type == "inline" and token.children:
            parts.append("".join(c.content for c in token.children if c.type in {"text", "code_inline"}))
    return " ".join(p for p in parts if p).strip()
