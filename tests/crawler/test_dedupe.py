"""Near-duplicates: 90% of words the same, in order."""

from __future__ import annotations

import pytest

from policykb.dedupe import find_duplicates, similarity, words

POLICY = (
    "Volunteers who post about the food bank use their own names, never share pictures of "
    "the people who collect parcels, and pass questions from reporters to the coordinator. "
) * 4


def test_words_split_cjk_characters():
    assert words("Social メディア policy") == ["social", "メ", "デ", "ィ", "ア", "policy"]


def test_a_lightly_edited_copy_is_a_duplicate_of_the_earlier_id():
    copy = POLICY.replace("food bank", "soup kitchen", 1)
    assert similarity(words(POLICY), words(copy)) >= 0.9
    assert find_duplicates(
        {"b-copy": copy, "a-original": POLICY, "c-other": "Unrelated text."}
    ) == {"b-copy": "a-original"}


def test_a_shared_template_with_real_differences_is_not():
    half = POLICY[: len(POLICY) // 2] + "Staff accounts are registered with the board. " * 8
    assert find_duplicates({"a": POLICY, "b": half}) == {}


@pytest.mark.realdocs
def test_no_two_real_documents_are_near_duplicates(shared_data):
    texts = {
        p.stem: p.read_text(errors="replace")
        for p in (shared_data / "realdocs").iterdir()
        if p.suffix != ".tsv"
    }
    assert find_duplicates(texts) == {}
    some = sorted(texts)[5]
    edited = texts[some].replace(" the ", " a ", 3)
    assert find_duplicates({**texts, "zz-edited-copy": edited})["zz-edited-copy"] == some
