"""Which paragraph a topic or tip page quotes from a policy, and how it is shortened."""

from __future__ import annotations

from policykb.analysis.blocks import Block
from policykb.analysis.tagger import tag_blocks
from policykb.site.excerpts import MAX_LENGTH, best_excerpt, shorten


class _Data:
    """Just what `best_excerpt` reads from the site data: a document's tags."""

    def __init__(self, blocks):
        self.result = tag_blocks(blocks)

    def tags(self, doc_id):
        return self.result


def test_the_most_confident_substantial_paragraph_is_quoted_not_the_first():
    blocks = [
        Block("Our data protection policy also applies.", 1, "paragraph"),
        Block("Confidential.", 3, "paragraph"),
        Block(
            "Do not post confidential or proprietary information about the company, its "
            "clients or its unreleased products, and never share internal documents online.",
            5,
            "paragraph",
        ),
    ]
    data = _Data(blocks)
    assert "confidentiality" in data.result.paragraphs[2].topics
    excerpt = best_excerpt(data, "fictional-co", "confidentiality")
    assert excerpt is not None and excerpt.paragraph == 2


def test_long_paragraphs_are_cut_after_a_whole_sentence():
    sentence = "Staff who post about work say that the views are their own. "
    text = sentence * 20
    short = shorten(text)
    assert len(short) <= MAX_LENGTH + 2
    assert short.endswith("own. …")


def test_text_without_sentence_ends_is_cut_between_words():
    text = "word " * 400
    assert shorten(text).endswith("word …")
