"""Hostile inputs shared by the fuzz properties."""

from __future__ import annotations

import os

from hypothesis import strategies as st


def examples(short: int, long: int) -> int:
    """A per-test example count for expensive properties, scaled like the profile."""
    return long if os.environ.get("POLICYKB_FUZZ") == "long" else short


# Strings that have broken something before, or that mean something to YAML, Markdown,
# HTML, CSV or XML.
NASTY = [
    "", " ", "\t", "\r", "\n", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff",
    "\ufffe", "\uffff", "\U0001f600", "é", "ﬁ", "İ", "\u202e",
    "2024-02-30", "2024-13-01T25:61:61Z", "0000-01-01", "9" * 5000, "0x" + "f" * 400,
    "1e999999", ".nan", "~", "null", "yes", "on", "!!binary ???", "!!python/object:os.system",
    "&a [*a]", "*nope", "<<: *a", "? [a]: b", "{a: 1, a: 2}", "[[[[[[", "'unclosed", '"\\x00"',
    "---", "...", "%YAML 1.1", "#", "- item", "key: value",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><b>', "' onmouseover='x",
    "```{raw} html", "{eval-rst}", "{{ 7*7 }}", "(label)=", "[x](javascript:alert(1))",
    "$$x$$", "&amp;", "&#x3C;", "\\", "\\\\`", "*a*", "_a_", "| a | b |", "> quote", "1. one",
    "=HYPERLINK(\"http://x\")", "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "\t=1", "\r=1",
    ":not(" * 50, "a " * 300, "main >> p", "p:nth-child(", "[href=", "*|*", "#", "..",
]  # fmt: skip

nasty = st.sampled_from(NASTY)
any_text = st.text(max_size=80)
hostile_text = st.one_of(
    nasty, any_text, st.lists(st.one_of(nasty, any_text), max_size=4).map("".join)
)


# One kind of damage at one place (a fraction of the length, since record ids and dates
# make every written archive a little different): a cut, a changed byte, bytes put in or
# taken out, or none.
damages = st.tuples(
    st.sampled_from(["cut", "flip", "insert", "delete", "none"]),
    st.floats(0, 1),
    st.integers(1, 255),
    st.binary(min_size=1, max_size=40),
)


def apply(damage: tuple, data: bytes) -> bytes:
    kind, fraction, number, extra = damage
    where = int(fraction * len(data))
    if kind == "cut":
        return data[:where]
    if kind == "flip" and where < len(data):
        return data[:where] + bytes([data[where] ^ number]) + data[where + 1 :]
    if kind == "insert":
        return data[:where] + extra + data[where:]
    if kind == "delete":
        return data[:where] + data[where + min(number, 40) :]
    return data
