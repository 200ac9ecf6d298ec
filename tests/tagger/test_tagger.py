"""Tagging paragraphs with topics: labelling rules, languages, explanations, pre-filter."""

from __future__ import annotations

import re

import pytest

from policykb.analysis.checker import default_rules
from policykb.analysis.patterns import (
    CompiledPatterns,
    PatternSet,
    compile_pattern,
    pattern_covers,
    read_pattern,
)
from policykb.analysis.tagger import default_taxonomy, detect_languages, tag_markdown
from policykb.content.errors import ProblemError
from policykb.content.taxonomy import load_taxonomy
from policykb.evaluation.evaluate import load_items


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


def _pattern_sets():
    """Each pattern set (the taxonomy's, the rules') with every pattern it holds."""
    taxonomy, rules = default_taxonomy(), default_rules()
    for pattern_set, owners in ((taxonomy.patterns, taxonomy.topics), (rules.patterns, rules.all)):
        patterns = [
            p
            for owner in owners
            for group in (owner.include, owner.exclude)
            for by_language in group.values()
            for p in by_language.patterns
        ]
        yield pattern_set, patterns


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
    checked = 0
    for pattern_set, patterns in _pattern_sets():
        keys = [pattern_set.keys(t) for t in texts]
        for pattern in patterns:
            for text, text_keys in zip(texts, keys, strict=True):
                if pattern.regex.search(text):
                    assert pattern.possible(text_keys), (pattern.source, text)
                    checked += 1
    assert checked > 500


def test_the_prefilter_skips_most_patterns():
    """It is worth having: on the development set, most patterns never run."""
    texts = _sample_texts()
    pattern_set, patterns = next(_pattern_sets())
    possible = sum(p.possible(pattern_set.keys(t)) for t in texts for p in patterns)
    assert possible < 0.2 * len(texts) * len(patterns)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\bpass(words?|phrases?)\b", [{"password", "passphrase"}]),
        (r"\b(two|multi)[- ](factor|step)\b", [{"two", "multi"}, {"factor", "step"}]),
        (r"^(?=.*\bharass\w*)(?=.*\bcolleagues\b)", [{"harass"}, {"colleagues"}]),
        (r"\bX\b", []),
        (r"\w+ing\b", []),
        (r"\bcolou[r]s?\b", [{"colour"}]),  # a one-character class is a letter
        (r"\b(?<!not )approval\b", [{"approval"}]),  # a negative lookbehind requires nothing
        (r"(?<=\bsocial )media", [{"social"}]),  # the word before is in the text too
        (r"\bsalar(y|ies)\b|\bwages?\b", [{"salary", "salaries", "wage"}]),
        (r"\bconfidential\w{0,40}\b", [{"confidential"}]),
        (r"\b(a)\1nother", []),  # a back-reference is not our syntax: always runs
    ],
)
def test_covers_are_read_from_the_pattern_source(source, expected):
    assert [set(c) for c in pattern_covers(source)] == expected
    assert [set(c) for c in compile_pattern(source).covers] == expected


@pytest.mark.parametrize("source", [r"(unclosed", r"a)", r"*a", r"\b(?P<n>x)", "tail\\"])
def test_the_reader_refuses_what_it_does_not_know(source):
    from policykb.analysis.patterns import UnreadablePattern

    with pytest.raises(UnreadablePattern):
        read_pattern(source)


def test_each_pattern_set_keeps_its_own_keys():
    """No shared state: a set knows only its own patterns' keys, whatever was compiled."""
    wages = PatternSet([{"en": CompiledPatterns("en", (compile_pattern(r"\bwages?\b"),))}])
    password = PatternSet([{"en": CompiledPatterns("en", (compile_pattern(r"\bpassword"),))}])
    text = "Wages and passwords."
    assert wages.keys(text) == {"wage"}
    assert password.keys(text) == {"password"}
    assert list(wages.hits(text, wages.keys(text), ["en"])) == [0]
    assert password.hits("Wages only.", password.keys("Wages only."), ["en"]) == {}


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
    from policykb.analysis.languages import detect_language

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
