"""The splitter, the tagger and the checker on hostile text: never an exception, paragraphs
that make sense, answers that refer to what exists, and time that grows linearly."""

from __future__ import annotations

import json
import time

import pytest
from fuzz_strategies import hostile_text
from hypothesis import given
from hypothesis import strategies as st

from policykb.analysis.blocks import split_blocks
from policykb.analysis.checker import check_markdown
from policykb.analysis.tagger import default_taxonomy, tag_markdown

TOPICS = {t.id for t in default_taxonomy().topics}
LINE_STARTS = st.sampled_from(["", "- ", "1. ", "> ", "# ", "| ", "    ", "```", "---", "* "])
documents = st.lists(st.tuples(LINE_STARTS, hostile_text), max_size=12).map(
    lambda lines: "\n".join(start + text for start, text in lines)
)


@given(documents)
def test_split_blocks_gives_one_line_blocks_with_letters(text):
    for block in split_blocks(text):
        assert "\n" not in block.text and block.text == block.text.strip()
        assert any(ch.isalpha() for ch in block.text)
        assert block.kind in {"paragraph", "item", "row"} and block.line >= 1


@given(documents)
def test_tagging_never_raises_and_names_only_known_topics(text):
    result = tag_markdown(text)
    assert set(result.topics) <= TOPICS
    for n, paragraph in enumerate(result.paragraphs):
        assert paragraph.index == n
        assert set(paragraph.topics) <= TOPICS
        assert all(0.0 <= s <= 1.0 for s in paragraph.scores.values())
    json.dumps(result.to_json())  # the JSON shape always serialises


@given(documents)
def test_checking_never_raises_and_flags_point_at_real_paragraphs(text):
    result = check_markdown(text)
    count = len(result.tag.paragraphs)
    assert all(0 <= flag.paragraph < count for flag in result.flags)
    assert set(result.covered).isdisjoint(result.missing)
    json.dumps(result.to_json())


@pytest.mark.parametrize(
    "unit", [" ", "[", "(", "|", "*", "_", "`", "<", "&", "\\", "-", "a [b](", "<!--"]
)
def test_checking_time_grows_linearly_with_pathological_text(unit):
    """Four times the input may cost at most about four times the CPU (8x allowed)."""

    def cost(size: int) -> float:
        text = "Staff rules " + unit * (size // len(unit)) + " end."
        started = time.process_time()
        check_markdown(text)
        return time.process_time() - started

    small, large = cost(20_000), cost(80_000)
    assert large < max(8 * small, 0.5), (small, large)
