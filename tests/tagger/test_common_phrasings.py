"""Plain, common ways of saying a thing are tagged (regressions found by trying drafts)."""

from __future__ import annotations

import pytest

from policykb.analysis.tagger import tag_markdown

PHRASINGS = [
    ("We review this policy every year.", "review-cadence"),
    ("This policy will be reviewed annually by the HR team.", "review-cadence"),
    ("Questions about this policy should go to the Head of Communications.", "roles-governance"),
    (
        "Only authorised spokespeople may speak to journalists on behalf of the company.",
        "speaking-for-the-organization",
    ),
    (
        "Please read our Code of Conduct and Privacy Policy, which also apply online.",
        "related-policies",
    ),
    ("Do not post photos of patients without their written consent.", "photos-geotagging"),
    ("Turn on two-factor authentication for every account.", "security"),
]


@pytest.mark.parametrize(("text", "topic"), PHRASINGS)
def test_common_phrasing_is_tagged(text, topic):
    assert topic in tag_markdown(text).topics
