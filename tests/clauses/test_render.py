"""The HTML of the policykb-clauses directive: golden fragments, every value escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from policykb.content.clauses import Clause, load_clauses
from policykb.content.taxonomy import load_taxonomy
from policykb.site.clauses import (
    clause_html,
    render_all_clauses,
    render_tip_clauses,
    render_topic_clauses,
)

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
TAXONOMY = load_taxonomy(REPO / "content" / "taxonomy.yaml")

# Fictional clauses for the Lantern Trust; the second carries text that must stay text.
FIXTURE = """\
clauses:
  - id: lantern-account-owner
    title: Who runs the Lantern Trust's accounts
    topics: [roles-governance, official-accounts]
    audience: work
    text: >-
      The outreach team manages our social media accounts. Questions about this policy
      can be sent to the outreach team.
    why: People know whom to ask.
  - id: lantern-comment-rules
    title: Comment rules & "house" rules
    topics: [public-comments-moderation]
    text: |-
      We may remove comments that contain:

      - spam & "phishing" links;
      - threats aimed at a person.
    why: Uses {{ braces }} & $math$ as plain text.
    note: 'Escaping matters: a "quote" stays a quote.'
  - id: lantern-retention
    title: Keeping copies
    topics: [records-retention, roles-governance]
    audience: both
    text: We keep copies of removed comments for two years.
    why: Records.
"""


@pytest.fixture(scope="module")
def clauses(tmp_path_factory):
    path = tmp_path_factory.mktemp("clauses") / "clauses.yaml"
    path.write_text(FIXTURE, encoding="utf-8")
    return load_clauses(path, TAXONOMY)


def pretty(fragment: str) -> str:
    return fragment.replace("><", ">\n<") + "\n"


def test_topic_fragment(clauses, file_regression):
    html = render_topic_clauses(clauses, TAXONOMY, "../", "roles-governance")
    file_regression.check(pretty(html), fullpath=GOLDEN / "topic-roles-governance.html")


def test_tip_fragment(clauses, file_regression):
    html = render_tip_clauses(clauses, TAXONOMY, "../", 4)
    file_regression.check(pretty(html), fullpath=GOLDEN / "tip-4.html")


def test_all_fragment(clauses, file_regression):
    html = render_all_clauses(clauses, TAXONOMY, "../")
    file_regression.check(pretty(html), fullpath=GOLDEN / "all.html")


def test_every_value_is_escaped(clauses):
    fixture = next(c for c in clauses if c.id == "lantern-comment-rules")
    hostile = Clause.model_construct(
        **{**fixture.__dict__, "title": "Rules <script>alert(1)</script>", "id": 'x" onclick="y'}
    )
    card = clause_html(hostile, TAXONOMY, "")
    assert "<script>" not in card and 'onclick="y"' not in card
    tree = lxml_html.fromstring(card)
    assert tree.xpath("//script") == [] and tree.xpath("//@onclick") == []
    assert tree.xpath("//h3")[0].text_content() == "Rules <script>alert(1)</script>"
    items = [li.text_content() for li in tree.xpath("//blockquote/ul/li")]
    assert items == ['spam & "phishing" links;', "threats aimed at a person."]
    assert "{{ braces }} & $math$" in tree.xpath("//p[@class='pkb-clause-why']")[0].text_content()


def test_a_topic_without_clauses_says_so(clauses):
    html = render_topic_clauses(clauses, TAXONOMY, "../", "security")
    assert "We have not written a model clause for account security yet." in html


def test_a_tip_lists_clauses_whose_main_topic_serves_it(clauses):
    tip1 = lxml_html.fromstring(render_tip_clauses(clauses, TAXONOMY, "../", 1))
    assert tip1.xpath("//*[@data-clause]/@data-clause") == ["lantern-account-owner"]
    tip6 = lxml_html.fromstring(render_tip_clauses(clauses, TAXONOMY, "../", 6))
    assert tip6.xpath("//*[@data-clause]/@data-clause") == ["lantern-retention"]
