"""Near-duplicates: 90% of words the same, in order."""

from __future__ import annotations

import pytest

from policykb.ingest.dedupe import find_duplicates, similarity, words

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


# --- hundreds of documents: candidates grow far slower than pairs ---------------------------

SUBJECTS = ["Volunteers", "Staff", "Coaches", "Trustees", "Stewards", "Members", "Tutors",
            "Rangers", "Librarians", "Drivers"]  # fmt: skip
VERBS = ["never share", "ask before posting", "keep private", "report quickly", "check twice",
         "label clearly", "archive monthly", "review together", "avoid tagging", "credit"]  # fmt: skip
OBJECTS = ["photos of the allotments", "rota changes", "the minibus timetable", "league results",
           "parcel collection times", "club finances", "donor names", "lesson plans",
           "trail closures", "the newsletter draft", "ferry delays", "choir recordings"]  # fmt: skip
WHEN = ["on weekdays", "during events", "after each season", "before the summer fair",
        "when in doubt", "at the annual meeting", "without exception"]  # fmt: skip


def fictional_corpus(count: int, seed: int = 11) -> dict[str, str]:
    import random

    rng = random.Random(seed)
    syllables = ["ka", "lo", "min", "tar", "vel", "su", "dor", "bri", "nem", "osk", "pa", "ru"]
    docs = {}
    for n in range(count):
        # Made-up place names stand in for the varied vocabulary of real documents.
        names = ["".join(rng.choices(syllables, k=3)).capitalize() for _ in range(14)]
        sentences = [
            f"{rng.choice(SUBJECTS)} at {name} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(WHEN)}."
            for name in names
        ]
        docs[f"club-{n:03d}"] = f"The Marsh Lane Club {n} guide. " + " ".join(sentences)
    return docs


def lightly_edited(text: str, edits: int = 3) -> str:
    tokens = text.split()
    for i in range(edits):
        tokens[5 + i * (len(tokens) // (edits + 1))] = "altered"
    return " ".join(tokens)


def test_hundreds_of_documents_give_far_fewer_candidates_than_pairs():
    from policykb.ingest.dedupe import CandidateIndex

    docs = fictional_corpus(400)
    planted = {}
    for n in range(0, 400, 20):
        original = f"club-{n:03d}"
        planted[f"copy-of-{original}"] = original
        docs[f"copy-of-{original}"] = lightly_edited(docs[original])
    assert find_duplicates(docs) == planted

    index, candidate_pairs, found = CandidateIndex(), 0, set()
    for doc_id in sorted(docs):
        sketch = index.sketch(words(docs[doc_id]))
        candidates = index.candidates(sketch)
        candidate_pairs += len(candidates)
        found.update((doc_id, c) for c in candidates)
        index.add(doc_id, sketch)
    pairs = len(docs) * (len(docs) - 1) // 2
    assert set(planted.items()) <= found
    assert candidate_pairs < pairs / 50, (candidate_pairs, pairs)
