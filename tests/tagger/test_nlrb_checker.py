"""The NLRB checker: rules file, flags, overrides, list items, the report."""

from __future__ import annotations

import re

import pytest
import yaml
from tagger_fixtures import DRAFT

from policykb.analysis.checker import NOT_LEGAL_ADVICE, check_markdown, default_rules, nlrb_flags
from policykb.analysis.tagger import tag_markdown
from policykb.content.models import FlagRef
from policykb.content.rules import DEFAULT_RULES, load_rules


def rule_ids(text: str) -> set[str]:
    return {f.rule.id for f in check_markdown(text).flags}


# --- the rules file --------------------------------------------------------------------


def test_rules_file_is_complete():
    rules = load_rules()
    ids = [r.id for r in rules.rules]
    assert len(ids) == len(set(ids))
    assert len(rules.risky) >= 10 and len(rules.lawful) >= 4
    for rule in rules.rules:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.id)
        assert rule.authority and rule.era and rule.explanation
        assert rule.patterns.get("en")
        if rule.kind == "risky":
            assert rule.suggestion, rule.id


def test_rules_never_present_unverified_points():
    assert "UNVERIFIED" not in DEFAULT_RULES.read_text(encoding="utf-8").upper()


def test_overrides_must_name_risky_rules(tmp_path):
    data = yaml.safe_load(DEFAULT_RULES.read_text(encoding="utf-8"))
    lawful = next(r for r in data["rules"] if r["kind"] == "lawful")
    lawful["overrides"] = ["no-such-rule"]
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(Exception, match="no-such-rule"):
        load_rules(path)


# --- flags -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Employees must not discuss their salaries with co-workers.", "wage-discussion-ban"),
        ("Never post anything that could harm the company's reputation.", "non-disparagement"),
        ("Get approval from HR before mentioning the company online.", "pre-approval-posting"),
        ("Everything you post must be completely accurate.", "accuracy-mandate"),
        ("Do not friend co-workers on Facebook.", "friending-reporting"),
        ("Do not use the company logo in any post.", "blanket-logo-ban"),
        ("Employees must never talk to reporters about the company.", "media-contact-ban"),
        ("Inappropriate posts about work are not allowed.", "undefined-inappropriate"),
        ("Post about the company only under your real name.", "real-name-requirement"),
    ],
)
def test_risky_wordings_are_flagged(text, rule):
    assert rule in rule_ids(text)


@pytest.mark.parametrize(
    "text",
    [
        "Do not disclose trade secrets such as source code or unreleased product plans.",
        "Do not post content that harasses or threatens colleagues, for example slurs or "
        "threats of violence.",
        "Only authorised spokespeople speak on behalf of the company; refer journalists to "
        "the press office.",
        "You are free to discuss your pay and working conditions with anyone.",
        "Never post statements about colleagues that you know to be false.",
    ],
)
def test_lawful_counterparts_raise_no_flag(text):
    assert rule_ids(text) == set()


def test_a_carve_out_in_the_same_clause_cancels_the_pay_flag():
    risky = "Staff information, including salaries, is confidential."
    assert "confidential-employee-info" in rule_ids(risky)
    carved = risky + " This does not restrict your right to discuss your own pay."
    assert "confidential-employee-info" not in rule_ids(carved)


def test_a_savings_clause_elsewhere_does_not_cure_a_vague_rule():
    text = (
        "Do not make disparaging comments about the company.\n\n"
        "Nothing in this policy restricts your rights under Section 7 of the NLRA.\n"
    )
    result = check_markdown(text)
    assert [f.rule.id for f in result.flags] == ["non-disparagement"]
    assert "employee-rights-statement" in {f.rule.id for f in result.lawful}


def test_a_list_item_is_flagged_with_its_lead_in_and_the_lead_in_alone_is_not():
    result = check_markdown("Employees must not share:\n\n- salary details\n- opening hours\n")
    flagged = {(f.paragraph, f.rule.id) for f in result.flags}
    assert (1, "wage-discussion-ban") in flagged
    assert not any(p in (0, 2) for p, _ in flagged)
    assert "Employees must not share:" in next(f for f in result.flags if f.paragraph == 1).excerpt


def test_moderation_rules_for_the_public_are_not_flagged():
    assert rule_ids("We will remove comments that are inappropriate or disparaging.") == set()


def test_nlrb_flags_for_the_corpus_writer():
    result = tag_markdown(DRAFT)
    refs = nlrb_flags(result)
    assert refs and all(isinstance(r, FlagRef) for r in refs)
    assert refs == sorted(refs, key=lambda r: (r.paragraph, r.rule))
    assert all(0 <= r.paragraph < len(result.paragraphs) for r in refs)
    assert nlrb_flags(result, doc_type="legal-decision") == []


def test_flag_indexes_are_split_paragraphs_indexes():
    from policykb.analysis.blocks import split_paragraphs

    paragraphs = split_paragraphs(DRAFT)
    for ref in nlrb_flags(tag_markdown(DRAFT)):
        assert paragraphs[ref.paragraph]


def test_rules_compile_once():
    assert default_rules() is default_rules()


# --- the check result and report --------------------------------------------------------


def test_check_json_shape():
    data = check_markdown(DRAFT).to_json()
    assert set(data) == {"topics", "tips", "flags"}
    assert set(data["tips"]) == {"covered", "missing"}
    assert sorted(data["tips"]["covered"] + data["tips"]["missing"]) == list(range(1, 11))
    assert data["flags"]
    for flag in data["flags"]:
        assert set(flag) == {
            "rule",
            "paragraph",
            "excerpt",
            "authority",
            "era",
            "why",
            "suggestion",
        }
        assert all(isinstance(v, str) for k, v in flag.items() if k != "paragraph")
        assert set(flag["era"].split(", ")) <= {"lutheran-heritage", "boeing", "stericycle"}


def test_text_report_reads_well(file_regression):
    report = check_markdown(DRAFT).to_text("draft.md")
    assert "✓ 1. Build the policy as a team" in report
    assert "✗ 9. Have a lawyer review it: missing" in report
    assert "Safer wording:" in report and "Authority:" in report and "Era:" in report
    assert report.rstrip().endswith("(tip 9).")
    assert NOT_LEGAL_ADVICE.split(".")[0] in report
    file_regression.check(report, extension=".txt")


def test_an_empty_draft_gets_a_report_with_every_tip_missing():
    result = check_markdown("")
    assert result.to_json() == {
        "topics": [],
        "tips": {"covered": [], "missing": list(range(1, 11))},
        "flags": [],
    }
    assert "No paragraphs found" in result.to_text()


def test_rules_compiled_after_tagging_still_see_every_key(tmp_path):
    from policykb.analysis.checker import compile_rules, find_flags

    result = tag_markdown("Never mention the zorblax project online.")
    data = yaml.safe_load(DEFAULT_RULES.read_text(encoding="utf-8"))
    rule = next(r for r in data["rules"] if r["kind"] == "risky")
    rule["patterns"] = {"en": [r"\bzorblax project\b"]}
    rule.pop("exclude", None)
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump({"rules": [rule]}, allow_unicode=True), encoding="utf-8")
    risky, _ = find_flags(result, compile_rules(load_rules(path)))
    assert [f.rule.id for f in risky] == [rule["id"]]
