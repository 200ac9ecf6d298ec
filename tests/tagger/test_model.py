"""The learned paragraph model: features, the weights file, explanations, and its
measured quality on our labels of the real documents (cross-validated by document)."""

from __future__ import annotations

import json

import pytest

from policykb.analysis.model import (
    BUCKETS,
    MODEL_PATH,
    Model,
    _word_and_pair_names,
    bucket,
    feature_names,
    features,
    load_model,
    words,
)
from policykb.analysis.tagger import MODEL_LANGUAGE, tag_markdown


def test_features_are_deterministic_unit_length_and_ignore_case_and_numbers():
    a = features("Never share PASSWORDS, 2024.")
    b = features("never share passwords 2024")
    assert a == b
    assert abs(sum(v * v for v in a.values()) - 1.0) < 1e-9
    assert all(0 <= bucket < BUCKETS for bucket in a)
    assert "2024" not in words("Never share passwords, 2024.")


def test_japanese_words_give_two_and_three_character_grams():
    names = feature_names("公式アカウント")
    assert "c|<公" in names and "c|公式" in names and "c|公式ア" in names


def test_a_lead_in_adds_its_own_features():
    assert {n for n in feature_names("pay rates", "Do not post:") if n.startswith("l|")} == {
        "l|do",
        "l|not",
        "l|post",
    }


# Fictional paragraphs: English, Dutch, a list item with its lead-in, Japanese, a long word.
SAMPLES = [
    ("Staff of the Brookvale Water Board never share passwords of official accounts.", ""),
    ("Medewerkers van de gemeente Dunmore delen geen vertrouwelijke informatie.", ""),
    ("the press office before posting", "Always check with:"),
    ("公式アカウントの運用について", ""),
    ("Supercalifragilisticexpialidocious" * 3 + " accounts accounts accounts", ""),
    ("", ""),
]


@pytest.mark.parametrize(("text", "lead_in"), SAMPLES)
def test_features_hashed_word_by_word_are_those_of_the_named_features(text, lead_in):
    expected = {bucket(name) for name in feature_names(text, lead_in)}
    assert set(features(text, lead_in)) == expected


@pytest.mark.parametrize(("text", "lead_in"), SAMPLES)
def test_margins_are_each_topics_own_sum_to_the_last_bit(text, lead_in):
    model = load_model()
    vector = features(text, lead_in)
    margins = model.margins(text, lead_in)
    assert margins == {t.topic: t.margin(vector) for t in model.topics}


def test_the_weights_file_holds_numbers_and_topic_ids_only():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["buckets"] == BUCKETS
    for topic in data["topics"]:
        assert set(topic) == {"topic", "bias", "threshold", "weights"}
        assert all(key.isdigit() and isinstance(w, float) for key, w in topic["weights"].items())
    assert MODEL_PATH.stat().st_size < 1_000_000


def test_a_model_file_made_for_other_features_is_refused():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    data["buckets"] = 16
    with pytest.raises(ValueError, match="retrain"):
        Model.from_json(data)


# Fictional paragraphs, written for these tests, in languages the patterns barely cover.
@pytest.mark.parametrize(
    ("text", "topic"),
    [
        (
            "Não publique informações confidenciais da empresa nas suas redes pessoais.",
            "confidentiality",
        ),
        (
            "Comentários ofensivos ou discriminatórios serão removidos pela equipe.",
            "public-comments-moderation",
        ),
        (
            "I commenti offensivi o discriminatori saranno rimossi dal nostro staff.",
            "public-comments-moderation",
        ),
        ("Please keep your account passwords private and turn on two-step login.", "security"),
    ],
)
def test_the_model_finds_topics_in_other_phrasing_and_languages(text, topic):
    result = tag_markdown(text)
    assert topic in result.topics
    paragraph = result.paragraphs[0]
    assert paragraph.scores[topic] >= 0.6 and 0 < paragraph.confidence(topic) <= 1


def test_a_model_tag_says_which_words_of_the_paragraph_weighed_most():
    text = "Não publique informações confidenciais da empresa nas suas redes pessoais."
    paragraph = tag_markdown(text, language="pt").paragraphs[0]
    evidence = [m for m in paragraph.matches["confidentiality"] if m.language == MODEL_LANGUAGE]
    assert evidence and evidence[0].pattern.startswith("learned model, score")
    reasons = evidence[0].text.split(", ")
    assert reasons and all(r in text.lower() for r in reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Always comply with all applicable laws and regulations.",
        "We may amend this policy at any time.",
        "You are legally responsible for what you publish.",
        "Follow the terms of service of each site you use.",
        "This page is not confidential.",
        "Hello.",
    ],
)
def test_bare_keywords_and_hard_negatives_stay_untagged_with_the_model(text):
    assert tag_markdown(text).topics == []


def test_the_shipped_model_is_loaded_once():
    assert load_model() is load_model()


@pytest.mark.realdocs
def test_cross_validated_quality_on_the_real_documents(shared_data):
    """Leave-documents-out (10 folds): the shipped tagger against our real labels.

    Floors a little under what was measured (docs/decisions.md), so a change that makes
    tagging worse on real text fails here."""
    from policykb.evaluation import crossval

    corpus = crossval.load_corpus(shared_data)
    topics = sorted({t for p in corpus.paragraphs for t in p.gold} | {"employee-rights-nlra"})
    tagging = crossval.fold_tagging(corpus, topics, crossval.devset_examples())
    result = crossval.Result("tagger", crossval.tagger_predictions(corpus, topics, tagging))
    rules = crossval.Result("rules", [p.rules for p in corpus.paragraphs])
    counts, before = result.doc_counts(corpus), rules.doc_counts(corpus)
    p, r, f = crossval.prf(counts["all"]["tp"], counts["all"]["fp"], counts["all"]["fn"])
    _, r_rules, f_rules = crossval.prf(
        before["all"]["tp"], before["all"]["fp"], before["all"]["fn"]
    )
    assert f >= 0.84 and r >= 0.82 and p >= 0.85
    assert f > f_rules and r > r_rules
    for language in ("es", "fr", "it", "ja"):
        assert counts[language]["tp"] > 0, language


@pytest.mark.parametrize(("text", "lead_in"), SAMPLES)
def test_reasons_weigh_the_word_and_word_pair_features_of_the_paragraph(text, lead_in):
    """`Model.reasons` looks only at `w|` and `b|` features: those of `feature_names`."""
    named = {name for name in feature_names(text, lead_in) if name[0] in "wb"}
    assert _word_and_pair_names(text) == named
