"""What the hand review of ../shared/data/realdocs found right, held as tests.

The documents are read in place (never copied); assertions name topics and rules only.
"""

from __future__ import annotations

import pytest

from policykb.analysis.blocks import split_blocks
from policykb.analysis.checker import check_markdown, find_flags
from policykb.analysis.tagger import tag_blocks, tag_markdown
from policykb.evaluation.labelled import read_real_document
from policykb.ingest.text import load_text

pytestmark = pytest.mark.realdocs


def tagged(realdocs, name: str):
    return tag_markdown(read_real_document(realdocs / name))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "07_gitlab-team-member-policy.md",
            {
                "employee-rights-nlra",
                "confidentiality",
                "identify-yourself-disclaimer",
                "speaking-for-the-organization",
                "monitoring-enforcement",
                "copyright-ip",
                "related-policies",
            },
        ),
        (
            "09_university-college-dublin.md",
            {
                "official-accounts",
                "roles-governance",
                "approval-process",
                "training-education",
                "review-cadence",
                "external-regulations",
                "related-policies",
            },
        ),
        (
            "37_cultivate-software-uk.md",
            {
                "monitoring-enforcement",
                "personal-use",
                "harassment-respect",
                "confidentiality",
                "speaking-for-the-organization",
                "identify-yourself-disclaimer",
            },
        ),
        ("13_us-osc-hatch-act-social-media-2015.md", {"external-regulations"}),
    ],
)
def test_reviewed_documents_have_their_main_topics(realdocs, name, expected):
    assert expected <= set(tagged(realdocs, name).topics)


def test_classic_risky_handbook_clauses_are_flagged(realdocs):
    result = check_markdown(load_text(realdocs / "27_infinity-works-social-networking.md"))
    assert {"non-disparagement", "accuracy-mandate"} <= {f.rule.id for f in result.flags}


def test_public_house_rules_are_moderation_not_staff_conduct(realdocs):
    result = tagged(realdocs, "16_bc-emergency-info-collection-notice.php")
    assert "confidentiality" not in result.topics
    assert "harassment-respect" not in result.topics


def test_official_account_guidelines_raise_no_flags(realdocs):
    for name in ("06_cncf.md", "04_lf-public-health.md", "34_django-software-foundation-wg.md"):
        risky, _ = find_flags(tagged(realdocs, name))
        assert risky == [], name


def test_japanese_is_detected_and_gets_topics_from_patterns_and_model(realdocs):
    blocks = split_blocks(read_real_document(realdocs / "01_jp-digital-agency.md"))
    by_rules = tag_blocks(blocks, model=None)
    assert "ja" in by_rules.languages and by_rules.topics
    assert set(by_rules.topics) <= set(tag_blocks(blocks).topics)
