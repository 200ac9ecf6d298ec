"""Our paragraph labels of the real documents (`policykb/data/labels/realdocs-paragraphs.tsv`)
still name the blocks that `policykb` splits those documents into."""

from __future__ import annotations

import pytest

from policykb.evaluation.labelled import block_key, load_paragraph_labels, real_document_blocks

pytestmark = pytest.mark.realdocs


def test_every_label_row_names_a_block_and_every_block_has_a_label(realdocs):
    rows: dict[str, dict[int, str]] = {}
    for label in load_paragraph_labels():
        rows.setdefault(label.file, {})[label.index] = label.key
    assert len(rows) == 49
    for name, labels in rows.items():
        keys = [block_key(b.text) for b in real_document_blocks(realdocs / name)]
        assert labels == dict(enumerate(keys)), name
