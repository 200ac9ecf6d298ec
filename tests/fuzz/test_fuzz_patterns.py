"""The pre-filter never skips a pattern that would match.

For the taxonomy's and the NLRB rules' real patterns: texts made of one topic's (or rule's)
own words, in any case and with noise between them, and texts Hypothesis builds to match a
pattern (`from_regex`). Whenever a pattern matches such a text, its covers must all meet the
text's keys, or the tagger would have missed a match.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policykb.analysis.checker import default_rules
from policykb.analysis.patterns import PatternSet
from policykb.analysis.tagger import default_taxonomy, match_form

WORD_RE = re.compile(r"(?<!\\)[^\W\d_]{2,}")  # letters in a pattern's source, not "\w"


def _owners():
    """(pattern set, its owners' pattern groups): topics, then rules."""
    taxonomy, rules = default_taxonomy(), default_rules()
    yield taxonomy.patterns, [(t.include, t.exclude) for t in taxonomy.topics]
    yield rules.patterns, [(r.include, r.exclude) for r in rules.all]


def _cases() -> list[tuple[PatternSet, tuple, tuple[str, ...]]]:
    """For each topic or rule: its set, its compiled patterns and the words they use."""
    cases = []
    for pattern_set, owners in _owners():
        for groups in owners:
            patterns = tuple(
                p for group in groups for by_lang in group.values() for p in by_lang.patterns
            )
            words = sorted({w for p in patterns for w in WORD_RE.findall(p.source)})
            cases.append((pattern_set, patterns, tuple(words)))
    return cases


CASES = _cases()
ALL = [(s, p) for s, patterns, _ in CASES for p in patterns]
NOISE = st.sampled_from(
    [" ", "  ", "-", "'", "\u2019", ".", ", ", "; ", "\n", "(", ")", "/", "_", "s", "ing", "ed",
     "é", "ü", "2", "x", "un", "re", "'s", "\u201c", "\u201d", ":"]
)  # fmt: skip


def _case(word: str, style: int) -> str:
    return (word, word.upper(), word.capitalize(), word.swapcase())[style]


@st.composite
def owner_texts(draw):
    """A topic's or rule's own words, recased, glued with noise or spaces."""
    pattern_set, patterns, words = draw(st.sampled_from(CASES))
    parts = []
    for _ in range(draw(st.integers(1, 14))):
        if words and draw(st.booleans()):
            parts.append(_case(draw(st.sampled_from(words)), draw(st.integers(0, 3))))
        else:
            parts.append(draw(NOISE | st.text(max_size=3)))
        parts.append(draw(st.sampled_from([" ", " ", "", "-", ", "])))
    return pattern_set, patterns, match_form("".join(parts))


def _assert_never_skipped(pattern_set: PatternSet, patterns, text: str) -> int:
    keys = pattern_set.keys(text)
    matched = 0
    for pattern in patterns:
        if pattern.regex.search(text):
            matched += 1
            assert pattern.possible(keys), (pattern.source, text, sorted(keys))
    return matched


@settings(max_examples=max(settings().max_examples, 300))
@given(owner_texts())
def test_texts_of_a_topics_own_words_never_lose_a_match(case):
    pattern_set, patterns, text = case
    _assert_never_skipped(pattern_set, patterns, text)


@st.composite
def matching_texts(draw):
    """A text built to match one pattern, with noise around it."""
    pattern_set, pattern = draw(st.sampled_from(ALL))
    core = draw(st.from_regex(pattern.regex))
    before, after = draw(st.text(max_size=4)), draw(st.text(max_size=4))
    return pattern_set, pattern, match_form(before + " " + core + " " + after)


@settings(max_examples=max(settings().max_examples, 300))
@given(matching_texts())
def test_texts_built_to_match_a_pattern_are_never_skipped(case):
    pattern_set, pattern, text = case
    _assert_never_skipped(pattern_set, [pattern], text)
