"""English patterns for what the topic definitions name but the patterns used to miss
(LABELLING.md's "counts" column): online-safety advice and impersonation warnings for
security, update triggers and revision histories for review cadence, a duty to disclose
one's employment, plans, charters and brand guides as related policies, and a named
platform's terms or features. Each has a near miss that must stay untagged. Sentences are
ours, about fictional organisations; the patterns alone are tested (`model=None`), and the
page's JavaScript must match exactly what Python matches on them.
"""

from __future__ import annotations

import pytest
from node import NODE, js_pattern_matches

from policykb.analysis.tagger import default_taxonomy, js_pattern, match_form, tag_markdown

POSITIVES = [
    ("security", "Check your privacy settings so that strangers cannot see your address."),
    ("security", "Share less about yourself online: identity theft starts with small details."),
    ("security", "Tell the web team if you find an account impersonating the Harbour Trust."),
    ("security", "Photos from the exercise can break operational security."),
    ("security", "Report any fake profile that uses the Millbrook Library logo."),
    ("security", "Our volunteers get a short guide to staying safe online."),
    ("review-cadence", "We will update these guidelines as the platforms evolve."),
    ("review-cadence", "A revision history is kept at the end of this page."),
    (
        "endorsements-disclosure",
        "When you write about Fernhill products, always disclose your employment.",
    ),
    (
        "related-policies",
        "During a flood, posts follow the Riverside Council Emergency Communications Plan.",
    ),
    ("related-policies", "Read the brand guidelines before you design a banner."),
    ("platform-guidelines", "Posts on the page are bound by Facebook's community standards."),
    ("platform-guidelines", "Retweet news from partner groups at most twice a day."),
]

NEAR_MISSES = [
    # Impersonation named among the comments a page removes is moderation (G2).
    ("security", "We remove comments that contain impersonation, advertising or spam."),
    ("security", "Posts on this page:\n\n- must not impersonate another person"),
    (
        "security",
        "are obscene, defamatory or off-topic, impersonate anyone or promote products",
    ),
    (
        "security",
        "Anyone under investigation may be asked to co-operate, which may involve handing"
        " over passwords and login details.",
    ),
    # A conditional disclosure is a disclaimer, not a duty to disclose.
    (
        "endorsements-disclosure",
        "If you disclose your affiliation, say that the views are your own.",
    ),
    # This policy itself is not another policy.
    ("related-policies", "Staff should familiarise themselves with social media."),
    # A generic reference to any site's terms is not tied to a named platform.
    ("platform-guidelines", "Follow the terms of use of every site you join."),
    # A bare promise to amend is not a review cadence.
    ("review-cadence", "We may amend this policy at any time."),
]


def _topics(text: str) -> list[str]:
    return tag_markdown(text, language="en", model=None).topics


@pytest.mark.parametrize(("topic", "text"), POSITIVES)
def test_what_the_definition_names_is_tagged(topic, text):
    assert topic in _topics(text)


@pytest.mark.parametrize(("topic", "text"), NEAR_MISSES)
def test_near_miss_stays_untagged(topic, text):
    assert topic not in _topics(text)


@pytest.mark.skipif(NODE is None, reason="node is not installed: JavaScript parity not checked")
def test_javascript_matches_what_python_matches_on_these_sentences():
    patterns = []
    for topic in default_taxonomy().topics:
        for group in (topic.include, topic.exclude):
            if "en" in group:
                patterns += group["en"].patterns
    texts = [match_form(t) for _, t in POSITIVES + NEAR_MISSES]
    results = js_pattern_matches([js_pattern(p.source) for p in patterns], texts)
    for pattern, row in zip(patterns, results, strict=True):
        assert row == [bool(pattern.regex.search(t)) for t in texts], pattern.source
