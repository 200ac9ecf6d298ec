"""Which paragraph a topic or tip page quotes from a policy, and how it is shortened."""

from __future__ import annotations

from policykb.analysis.blocks import Block
from policykb.analysis.tagger import tag_blocks
from policykb.content.taxonomy import load_taxonomy
from policykb.site.excerpts import (
    MAX_LENGTH,
    _continues,
    best_excerpt,
    shorten,
    tip_topic_order,
)


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


def test_a_tip_page_looks_first_for_the_topics_only_that_tip_is_about():
    topics = load_taxonomy().topics_for_tip(7)
    ordered = [t.id for t in tip_topic_order(topics)]
    shared = [t.id for t in topics if len(t.tips) > 1]
    assert shared and set(ordered[-len(shared) :]) == set(shared)
    assert ordered[0] in {t.id for t in topics if t.tips == [7]}
    assert sorted(ordered) == sorted(t.id for t in topics)


def test_a_list_item_is_quoted_with_the_sentence_that_introduces_its_list():
    blocks = [
        Block("When they post online, staff of the Millbrook Trust must not:", 1, "paragraph"),
        Block(
            "share confidential or proprietary information about clients, unreleased "
            "products or internal documents.",
            3,
            "item",
        ),
    ]
    data = _Data(blocks)
    assert "confidentiality" in data.result.paragraphs[1].topics
    excerpt = best_excerpt(data, "fictional-co", "confidentiality")
    assert excerpt.paragraph == 1
    assert excerpt.lead_in == "When they post online, staff of the Millbrook Trust must not:"
    assert excerpt.text.startswith("share confidential")


def test_a_paragraph_is_quoted_without_a_lead_in():
    blocks = [
        Block("Read this first:", 1, "paragraph"),
        Block(
            "Do not post confidential or proprietary information about the company, its "
            "clients or its unreleased products online.",
            3,
            "paragraph",
        ),
    ]
    excerpt = best_excerpt(_Data(blocks), "fictional-co", "confidentiality")
    assert excerpt.paragraph == 1 and excerpt.lead_in == ""


def test_an_item_that_is_a_sentence_of_its_own_is_quoted_without_the_paragraph_before():
    blocks = [
        Block("Staff of the Millbrook Trust use social media every day.", 1, "paragraph"),
        Block(
            "Employees must not share confidential or proprietary information about clients"
            " or unreleased products.",
            3,
            "item",
        ),
        Block("breach the confidentiality of a client's records.", 4, "item"),
    ]
    data = _Data(blocks)
    assert data.result.paragraphs[1].context  # the tagger still reads it as the lead-in
    assert best_excerpt(data, "fictional-co", "confidentiality").lead_in == ""
    assert _continues(data.result.paragraphs[2])  # an item going on in lower case keeps it
