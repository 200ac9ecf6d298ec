"""Tagging paragraphs with topics: labelling rules, languages, explanations, pre-filter."""

from __future__ import annotations

import re

import pytest

from policykb.checker import default_rules
from policykb.errors import ProblemError
from policykb.evaluate import load_items
from policykb.tagger import (
    compile_pattern,
    default_taxonomy,
    detect_languages,
    tag_markdown,
    text_keys,
)
from policykb.taxonomy import load_taxonomy


def topics_of(text: str, **kwargs) -> list[list[str]]:
    kwargs.setdefault("model", None)  # these tests are about the taxonomy's patterns
    return [p.topics for p in tag_markdown(text, **kwargs).paragraphs]


def test_document_topics_are_the_union_and_tips_follow():
    result = tag_markdown(
        "# Rules\n\nNever share your password; turn on two-factor authentication.\n\n"
        "Harassing or threatening colleagues online, for example with slurs, is forbidden.\n"
    )
    assert result.topics == ["harassment-respect", "security"]
    assert result.tips == [7, 8]
    assert [p.index for p in result.paragraphs] == [0, 1]


def test_each_tag_knows_which_pattern_matched():
    result = tag_markdown("Keep your password to yourself.")
    (match,) = result.paragraphs[0].matches["security"]
    assert match.language == "en"
    assert re.search(match.pattern, "password", re.I)
    assert match.text == "password"


def test_headings_never_count():
    assert topics_of("# Password security and harassment\n\nWelcome to our page.\n") == [[]]


def test_curator_topics_join_the_document_topics_and_unknown_ones_are_ignored():
    result = tag_markdown("Hello.", curator_topics=["review-cadence", "not-a-topic"])
    assert result.topics == ["review-cadence"]
    assert result.tips == [10]


@pytest.mark.parametrize(
    "text",
    [
        "Always comply with all applicable laws and regulations.",
        "We may amend this policy at any time.",
        "You are legally responsible for what you publish.",
        "Be positive and upbeat.",
        "Follow the terms of service of each site you use.",
        "Let your manager know in advance if you speak at a conference.",
        "This page is not confidential.",
        "Everyone is responsible for what they write online.",
    ],
)
def test_bare_keywords_and_hard_negatives_get_no_topic(text):
    assert topics_of(text) == [[]]


def test_rules_for_the_public_are_moderation_not_staff_conduct():
    text = "Comments that threaten or harass other users will be removed and the users blocked."
    assert topics_of(text) == [["public-comments-moderation"]]


def test_a_list_item_is_read_with_its_lead_in_for_exclusions():
    text = "We will remove comments from the public that:\n\n- harass or threaten others\n"
    lead, item = tag_markdown(text).paragraphs
    assert "public-comments-moderation" in lead.topics
    assert item.context == lead.text
    assert "harassment-respect" not in item.topics


def test_staff_harassment_rule_is_harassment_respect():
    assert topics_of("Employees must not harass or bully colleagues online.") == [
        ["harassment-respect"]
    ]


def test_other_languages_patterns_run_only_where_that_language_is_found():
    english = "We woo new customers with recipes every week."  # 'Woo' is a Dutch law
    assert topics_of(english) == [[]]
    dutch = "Berichten op onze kanalen kunnen onder de Woo openbaar worden gemaakt."
    assert "external-regulations" in tag_markdown(dutch, language="nl").topics


def test_detect_languages():
    assert detect_languages("Dit is de richtlijn van de gemeente voor het gebruik van media.") == [
        "nl"
    ]
    assert detect_languages("The rules are for you and your team.") == ["en"]
    assert detect_languages("Hi.") == []


def test_language_is_detected_when_not_given():
    text = (
        "Medewerkers mogen in hun vrije tijd hun privéaccount gebruiken. Het is niet "
        "toegestaan om vertrouwelijke informatie van de organisatie te delen."
    )
    result = tag_markdown(text)
    assert "nl" in result.languages
    assert {"personal-use", "confidentiality"} <= set(result.topics)


def test_curly_quotes_match_like_straight_ones():
    assert topics_of("Don\u2019t speak on the company\u2019s behalf.") == topics_of(
        "Don't speak on the company's behalf."
    )


def test_to_json_shape():
    data = tag_markdown("Use a strong password.").to_json()
    assert set(data) == {"topics", "tips", "paragraphs"}
    assert set(data["paragraphs"][0]) == {"index", "text", "topics", "matches"}
    assert set(data["paragraphs"][0]["matches"]["security"][0]) == {"language", "pattern", "text"}


def test_empty_text_gives_an_empty_result():
    result = tag_markdown("")
    assert (result.topics, result.tips, result.paragraphs) == ([], [], [])


# --- the pre-filter never changes a result -------------------------------------------------


def _all_patterns():
    taxonomy = default_taxonomy()
    for topic in taxonomy.topics:
        for group in (topic.include, topic.exclude):
            for patterns in group.values():
                yield from patterns.patterns
    for rule in default_rules().all:
        for group in (rule.include, rule.exclude):
            for patterns in group.values():
                yield from patterns.patterns


def _sample_texts():
    texts = [item.text for item in load_items()]
    texts += [
        "pass-word passwords PASSWORD Two-Factor e-discovery D.Lgs. 196/2003",
        "Don't post; check with Legal first. When in doubt, ask.",
        "Posting about salaries is prohibited, and wages are confidential.",
    ]
    return texts


def test_the_prefilter_only_skips_patterns_that_cannot_match():
    texts = _sample_texts()
    keys = [text_keys(t) for t in texts]
    checked = 0
    for pattern in _all_patterns():
        for text, text_key in zip(texts, keys, strict=True):
            if pattern.regex.search(text):
                assert pattern.possible(text_key), (pattern.source, text)
                checked += 1
    assert checked > 500


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\bpass(words?|phrases?)\b", [{"password", "passphrase"}]),
        (r"\b(two|multi)[- ](factor|step)\b", [{"two", "multi"}, {"factor", "step"}]),
        (r"^(?=.*\bharass\w*)(?=.*\bcolleagues\b)", [{"harass"}, {"colleagues"}]),
        (r"\bX\b", []),
        (r"\w+ing\b", []),
    ],
)
def test_covers_are_read_from_the_regex(source, expected):
    assert [set(c) for c in compile_pattern(source).covers] == expected


# --- the taxonomy file ------------------------------------------------------------------


def test_every_topic_has_english_and_dutch_patterns():
    for topic in load_taxonomy().topics:
        assert topic.patterns.get("en") and topic.patterns.get("nl"), topic.id


@pytest.mark.parametrize("bad", ["(?i)foo", "(?P<x>foo)", r"foo\Z", "fo++", "(unclosed"])
def test_patterns_must_compile_and_stay_javascript_compatible(tmp_path, bad):
    source = load_taxonomy().model_dump()
    source["topics"][0]["exclude"] = {"en": [bad]}
    import yaml

    path = tmp_path / "taxonomy.yaml"
    path.write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProblemError) as info:
        load_taxonomy(path)
    assert "exclude" in str(info.value)


def test_one_detector_gives_the_main_language_for_the_corpus():
    from policykb.languages import detect_language

    assert (
        detect_language("Os comentários são removidos pela equipe e você também está avisado.")
        == "pt"
    )
    japanese = "公式アカウントの運用は広報部が担当します。投稿する前には、必ず承認を得てください。"
    assert detect_language(japanese) == "ja"
    assert detect_language(japanese + " The account is run by the communications team.") == "ja"
    assert detect_language("The rules are for you and your team.") == "en"
    swedish = "Det är inte tillåtet att dela lösenord med kollegor och vi har en plan för det."
    assert detect_language(swedish) == "sv"
    assert detect_language("Hi.") is None
