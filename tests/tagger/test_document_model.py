"""The document model: a document's topics decided from all its paragraphs at once
(`policykb.analysis.model.DocumentModel`, `policykb.analysis.tagger.decide_document`)."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest

from policykb.analysis.model import (
    DOCUMENT_FEATURES,
    MARGIN_FLOOR,
    MODEL_PATH,
    DocumentModel,
    Model,
    TopicModel,
    bucket,
    document_features,
)
from policykb.analysis.tagger import MODEL_LANGUAGE, default_taxonomy, tag_markdown
from policykb.evaluation.training import best_threshold, train_document


def test_evidence_takes_the_three_best_clipped_margins_and_counts():
    values = document_features([1.5, -40.0, 25.0, -0.5, 0.0], pattern_hits=4, paragraphs=9)
    assert values == [10.0, 1.5, 0.0, 2.0, 1.0, math.sqrt(3), 3.0]
    assert len(values) == len(DOCUMENT_FEATURES)


def test_evidence_of_a_document_without_paragraphs_is_the_floor():
    assert document_features([], 0, 0) == [MARGIN_FLOOR] * 3 + [0.0, 0.0, 0.0, 0.0]


def test_the_document_model_travels_through_json():
    model = DocumentModel((0.5, 0.2, 0.1, 1.0, 2.0, 0.3, -0.2), {"security": -3.0}, 0.45, 7)
    again = DocumentModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again == model
    evidence = [2.0, 1.0, -1.0, 1.0, 1.0, 1.0, 2.0]
    assert again.margin("security", evidence) == model.margin("security", evidence)
    assert model.cutoff == pytest.approx(math.log(0.45 / 0.55))


def test_a_file_with_other_document_features_is_refused():
    data = DocumentModel((0.0,) * 7, {}, 0.5).to_json()
    data["features"] = ["best"]
    with pytest.raises(ValueError, match="retrain"):
        DocumentModel.from_json(data)


def test_training_learns_that_strong_evidence_covers_a_topic():
    strong = [6.0, 3.0, 1.0, 1.4, 1.0, 1.7, 4.0]
    weak = [-6.0, -7.0, -8.0, 0.0, 0.0, 0.0, 4.0]
    rows = [strong, weak] * 20
    doc = train_document(
        rows, ["security", "security"] * 20, [True, False] * 20, ["security", "training"]
    )
    assert doc.covers("security", strong) and not doc.covers("security", weak)
    assert set(doc.biases) == {"security", "training"}


def test_the_threshold_is_the_one_with_the_best_f1_on_the_training_rows():
    # Positives score 0.35-0.9, negatives 0.1-0.3: 0.31-0.35 separates them perfectly,
    # and the lowest such hundredth is chosen; 0.5 would miss the two weak positives.
    probabilities = [0.9, 0.8, 0.36, 0.35, 0.3, 0.2, 0.1]
    covered = [True, True, True, True, False, False, False]
    assert best_threshold(probabilities, covered) == 0.31
    assert best_threshold([0.9, 0.1], [False, True]) == 0.2  # nothing good: the lowest


def test_a_trained_document_model_keeps_a_given_threshold():
    rows = [[6.0, 3.0, 1.0, 1.4, 1.0, 1.7, 4.0], [-6.0, -7.0, -8.0, 0.0, 0.0, 0.0, 4.0]] * 5
    doc = train_document(rows, ["security"] * 10, [True, False] * 5, ["security"], threshold=0.6)
    assert doc.threshold == 0.6


# --- decide_document on fictional text, with a tiny model we set by hand -----------------

WORDS = {"w|vault": 40.0, "w|keys": 12.0}


def _model(document: DocumentModel | None) -> Model:
    """A model that knows one topic, security, from two words; every other topic is
    never predicted by it (bias -10)."""
    topics = []
    for topic in default_taxonomy().topics:
        if topic.id == "security":
            weights = {bucket(name): w for name, w in WORDS.items()}
            topics.append(TopicModel("security", -2.5, weights, 0.6))
        else:
            topics.append(TopicModel(topic.id, -10.0, {}, 0.6))
    return Model(tuple(topics), document=document)


# A document model that trusts the sum of signals: two paragraphs leaning to a topic or one
# pattern hit are enough; a single weak paragraph is not.
SUMS = DocumentModel(
    weights=(0.0, 0.0, 0.0, 3.0, 0.0, 3.0, 0.0),
    biases={t.id: -4.0 for t in default_taxonomy().topics},
    threshold=0.5,
    min_paragraphs=1,
)

TEXT = """Northwind Ferries keeps the keys of its accounts in the vault.

Staff lock the vault keys away every evening.

Our ferries sail twice a day to the islands.
"""


def test_a_topic_carried_by_two_leaning_paragraphs_is_kept_and_explained():
    result = tag_markdown(TEXT, model=_model(SUMS), language="en")
    assert "security" in result.topics
    carriers = [p for p in result.paragraphs if "security" in p.topics]
    assert carriers and all(p.matches["security"] for p in carriers)


def test_a_rejected_topic_leaves_every_paragraph():
    never = replace(SUMS, biases={t: -50.0 for t in SUMS.biases})
    result = tag_markdown(TEXT, model=_model(never), language="en")
    assert "security" not in result.topics
    assert all("security" not in p.topics for p in result.paragraphs)


def test_an_accepted_topic_no_paragraph_carries_goes_to_its_best_paragraph():
    always = replace(SUMS, biases={t: (50.0 if t == "security" else -50.0) for t in SUMS.biases})
    text = "Our ferries sail twice a day.\n\nThe keys ring on the quay.\n"
    without = tag_markdown(text, model=_model(None), language="en")
    assert "security" not in without.topics
    result = tag_markdown(text, model=_model(always), language="en")
    assert result.topics == ["security"]
    [carrier] = [p for p in result.paragraphs if p.topics]
    assert carrier.text == "The keys ring on the quay."
    [evidence] = carrier.matches["security"]
    assert evidence.language == MODEL_LANGUAGE and "document as a whole" in evidence.pattern


def test_a_text_shorter_than_min_paragraphs_keeps_its_paragraphs_decisions():
    never = replace(SUMS, biases={t: -50.0 for t in SUMS.biases}, min_paragraphs=4)
    short = tag_markdown(TEXT, model=_model(never), language="en")
    assert "security" in short.topics
    longer = TEXT + "\nThe café opens at noon.\n"
    assert "security" not in tag_markdown(longer, model=_model(never), language="en").topics


def test_without_a_document_model_the_paragraphs_decide():
    result = tag_markdown(TEXT, model=_model(None), language="en")
    assert result.topics == sorted(
        {t for p in result.paragraphs for t in p.topics},
        key=[t.id for t in default_taxonomy().topics].index,
    )


def test_the_shipped_model_has_a_document_model_for_every_topic():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    document = data["document"]
    assert document["features"] == list(DOCUMENT_FEATURES)
    assert set(document["biases"]) == {t.id for t in default_taxonomy().topics}
    assert 0.0 < document["threshold"] < 1.0
