"""checker-engine.js splits a draft into the blocks `policykb.analysis.blocks.split_blocks` gives:
the same markdown-it tokens (the JavaScript original, vendored) and the same steps after.
Run with Node; skipped when it is not installed."""

from __future__ import annotations

import pytest
from js_splitter import mismatches
from node import NODE

from policykb.evaluation.labelled import load_paragraph_labels, read_real_document
from policykb.site.checker import EXAMPLE_DRAFT

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

# Each step of the splitter, and CommonMark's corners (fictional organisations).
DRAFTS = [
    EXAMPLE_DRAFT,
    "---\ntitle: Draft\n---\nFront matter is left out.\n",
    "Title\n=====\n\nBody.\n\nSub\n---\nMore.\n\n***\n",
    "**Bold heading**\n\n**A bold sentence, kept.**\n\n__Contact__:\n\nAsk Wren Ferries.",
    "Staff must:\n- keep passwords safe\n  and private\n* report phishing\n  - nested\n"
    "1. one\n2) two\n• a bullet\n– a dash\n\n12) twelve\n1234567890. not an item",
    "Lead-in:\n• one\n• two\ncontinued\n▪ three",
    "| Topic | Rule |\n|---|:---:|\n| Pay | Share \\| freely |\n| | |\nafter\n\n| no | rule |\n",
    "```\nfenced code\n```\n\n~~~\nunclosed fence",
    "    Indented text is read again.\n\n\t* a tab-indented item\n\n        deeper: code now",
    '!!! note "Admonition title"\n    * its item\n    * another\n\nAfter.\n\n??? tip\n\tBody.',
    "> Quoted rule.\n>> deeper\n\nLead:\n> a quote that interrupts",
    "[ref]: https://example.org\n\n[ref] and [x][ref] and <!-- hidden --> text.\n<div>\nraw\n</div>",
    "- item\n\n  second paragraph of the item\n\n  - nested after\n- \n-",
    "Curly “quotes”, emoji 😀, Ärger, \u2028 and \u00a0 and \u3000 spaces.\r\nWindows.\rMac.",
    "\ufeff# Heading only\n\n## Another\n\n---",
]


def test_the_written_drafts_split_the_same_in_javascript():
    assert mismatches(DRAFTS) == []


@pytest.mark.realdocs
def test_every_labelled_real_document_splits_the_same_in_javascript(realdocs):
    names = sorted({label.file for label in load_paragraph_labels()})
    assert mismatches([read_real_document(realdocs / name) for name in names]) == []
