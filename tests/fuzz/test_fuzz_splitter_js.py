"""checker-engine.js and `policykb.analysis.blocks.split_blocks` split fuzzed drafts alike."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fuzz_strategies import examples, hostile_text
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tagger"))
from js_splitter import mismatches  # noqa: E402
from node import NODE  # noqa: E402

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

LINE_STARTS = st.sampled_from(
    ["", "- ", "1. ", "2) ", "> ", "# ", "| ", "|---|---|", "    ", "\t", "```", "~~~", "---",
     "===", "* ", "• ", "**", "!!! note ", "[a]: ", "<div>", "<!-- ", "-->", "  - ", "   "]
)  # fmt: skip
documents = st.lists(st.tuples(LINE_STARTS, hostile_text), max_size=14).map(
    lambda lines: "\n".join(start + text for start, text in lines)
)


@settings(max_examples=examples(5, 200))
@given(st.lists(documents, min_size=1, max_size=60))
def test_javascript_splits_fuzzed_drafts_as_python_does(texts):
    assert mismatches(texts) == []
