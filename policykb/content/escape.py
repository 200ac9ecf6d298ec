"""Crawled text is data, never markup: escape it so MyST and CommonMark show it as typed.

`escape_text` turns one block of plain text (a heading, paragraph or list item, already
extracted from a page) into Markdown that renders as exactly that text: no raw HTML, no
directive or code fences, no `{role}`, no `$` math, no `(label)=` targets, no links,
images or autolinks, no `{{ }}` substitutions, no emphasis, no tables, no block quotes.

The rules are the CommonMark backslash escapes (any ASCII punctuation may be escaped):

- everywhere: the characters that open inline syntax — backslash, backtick, `*`, `_`,
  `[`, `]`, `<`, `{`, `}`, `$`, `|`, `~` — and `&` where it would start an entity;
- at the start of the text, whatever would open a block: `#` (heading), `>` (quote),
  `-` and `+` (list, break), `=` (setext), `%` (MyST comment), `:` (colon fence, field
  or definition list), `(` (a `(label)=` target); and the `.` or `)` after a leading
  number (ordered list);
- a trailing run of `#` (it would close an ATX heading).

Whitespace is collapsed to single spaces (a block is one line) and control characters (and
stray byte-order marks) go, so nothing can indent into a code block or end a line with a
hard break.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"[\\`*_\[\]<{}$|~]|&(?=#?[0-9A-Za-z]+;)")
_LEADING = re.compile(r"^(?:[#>\-+=%:(]|\d{1,9}(?=[.)]))")
_TRAILING_HASHES = re.compile(r"(\s)(#+)$")
# Control characters, and U+FEFF (a byte-order mark inside text), which the site's
# paragraph splitter drops as well.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
_SPACE = re.compile(r"\s+")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def normalize_space(text: str) -> str:
    """One line: control characters dropped, runs of whitespace as one space, trimmed."""
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def escape_text(text: str) -> str:
    """Markdown for one block of plain text that MyST renders as exactly that text."""
    text = _INLINE.sub(lambda m: "\\" + m.group(0), normalize_space(text))
    leading = _LEADING.match(text)
    if leading:  # after a number ("2024. text") the dot is what would open a list
        cut = leading.end() if leading.group(0)[0].isdigit() else 0
        text = text[:cut] + "\\" + text[cut:]
    return _TRAILING_HASHES.sub(lambda m: m.group(1) + "\\#" * len(m.group(2)), text)


def unescape_text(markdown: str) -> str:
    """The plain text back from `escape_text` output (backslash escapes resolved)."""
    return _UNESCAPE.sub(r"\1", markdown)
