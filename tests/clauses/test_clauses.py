"""The model clauses: the file validates, covers every topic and tip, is safe under the NLRB
checker, is found by the tagger; broken files are reported as `path:line: message`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policykb.analysis.checker import check_markdown
from policykb.analysis.tagger import tag_markdown
from policykb.content.clauses import load_clauses
from policykb.content.errors import ProblemError
from policykb.content.taxonomy import load_taxonomy
from policykb.site.clauses import ClauseBlock, clause_blocks

REPO = Path(__file__).resolve().parents[2]
CLAUSES_PATH = REPO / "content" / "clauses" / "clauses.yaml"
TAXONOMY = load_taxonomy(REPO / "content" / "taxonomy.yaml")
CLAUSES = load_clauses(CLAUSES_PATH, TAXONOMY)
ALL = list(CLAUSES)
IDS = [c.id for c in ALL]

# Clauses whose main topic the tagger misses although the wording is clear: {id: reason}.
TAGGER_MISSES: dict[str, str] = {}


def test_the_clauses_file_validates():
    assert 30 <= len(CLAUSES) <= 60
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("topic", [t.id for t in TAXONOMY.topics])
def test_every_topic_has_a_clause_of_its_own(topic):
    assert CLAUSES.for_topic(topic), f"no clause has '{topic}' as its main topic"


@pytest.mark.parametrize("number", range(1, 11))
def test_every_tip_has_clauses(number):
    found = CLAUSES.for_tip(TAXONOMY, number)
    served = {t.id for t in TAXONOMY.topics_for_tip(number)}
    assert found
    assert all(c.main_topic in served for c in found)


def test_work_and_personal_variants_exist():
    audiences = {c.audience for c in CLAUSES}
    assert {"work", "personal", "both"} <= audiences


@pytest.mark.parametrize("clause", ALL, ids=IDS)
def test_clause_raises_no_nlrb_flag(clause):
    result = check_markdown(clause.text)
    flags = [(f.rule.id, f.excerpt) for f in result.flags]
    assert flags == [], f"'{clause.id}' uses wording the checker flags as risky: {flags}"


def _tagger_case(clause):
    if clause.id in TAGGER_MISSES:
        return pytest.param(clause, marks=pytest.mark.xfail(reason=TAGGER_MISSES[clause.id]))
    return clause


@pytest.mark.parametrize("clause", [_tagger_case(c) for c in ALL], ids=IDS)
def test_tagger_finds_the_main_topic(clause):
    topics = tag_markdown(clause.text).topics
    assert clause.main_topic in topics, f"'{clause.id}' tagged {topics}, not {clause.main_topic}"


def test_lawful_counterparts_are_recognised():
    """The clauses written as the NLRB's lawful patterns are recognised as such."""
    expected = {
        "trade-secrets-not-pay": "trade-secrets-narrow",
        "no-harassment-with-examples": "harassment-concrete-examples",
        "authorised-spokespeople": "authorised-spokespeople",
        "savings-clause-us": "employee-rights-statement",
    }
    by_id = {c.id: c for c in CLAUSES}
    for clause_id, rule in expected.items():
        lawful = {f.rule.id for f in check_markdown(by_id[clause_id].text).lawful}
        assert rule in lawful, f"'{clause_id}' no longer follows the lawful pattern '{rule}'"


# --- broken files --------------------------------------------------------------------

GOOD = """\
clauses:
  - id: lantern-trust-owner
    title: Who runs our accounts
    topics: [roles-governance]
    audience: work
    text: >-
      The outreach team at the Lantern Trust manages our social media accounts.
    why: Names an owner.
"""

BROKEN = {
    "unknown-key": (GOOD + "    colour: blue\n", 9, "unknown key 'clauses.0.colour'"),
    "unknown-topic": (
        GOOD.replace("[roles-governance]", "[roles-governance, weather]"),
        4,
        "clauses.0.topics: unknown topic 'weather' in clause 'lantern-trust-owner'",
    ),
    "missing-why": (
        GOOD.replace("    why: Names an owner.\n", ""),
        2,
        "missing required key 'clauses.0.why'",
    ),
    "bad-audience": (
        GOOD.replace("audience: work", "audience: public"),
        5,
        "clauses.0.audience: 'public' is not allowed",
    ),
    "bad-id": (GOOD.replace("id: lantern-trust-owner", "id: Lantern Owner"), 2, "clauses.0.id:"),
    "link-in-text": (
        GOOD.replace("social media accounts.", "[accounts](https://lantern.example)."),
        6,
        "clauses.0.text: plain text only: links are not allowed",
    ),
    "html-in-text": (
        GOOD.replace("social media accounts.", "<b>accounts</b>."),
        6,
        "clauses.0.text: plain text only: HTML is not allowed",
    ),
    "directive-in-why": (
        GOOD.replace("why: Names an owner.", "why: '```{raw} html'"),
        8,
        "clauses.0.why: plain text only: code, roles and directives are not allowed",
    ),
    "duplicate-id": (
        GOOD + GOOD.split("clauses:\n", 1)[1],
        9,
        "clauses.1.id: duplicate id 'lantern-trust-owner' (first used on line 2)",
    ),
    "malformed": (
        GOOD.replace("title: Who runs our accounts", "title: [Who runs our accounts"),
        4,
        "malformed YAML",
    ),
    "not-a-mapping": ("- just a list\n", 1, "expected a mapping, got list"),
    "no-clauses": ("clauses: []\n", 1, "clauses: List should have at least 1 item"),
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "clauses.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path):
    clauses = load_clauses(write(tmp_path, GOOD), TAXONOMY)
    assert [c.id for c in clauses] == ["lantern-trust-owner"]
    assert clauses.for_topic("roles-governance")[0].audience == "work"


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_is_reported_with_its_line(tmp_path, name):
    text, line, message = BROKEN[name]
    path = write(tmp_path, text)
    with pytest.raises(ProblemError) as caught:
        load_clauses(path, TAXONOMY)
    problems = [str(p) for p in caught.value.problems]
    expected = f"{path}:{line}: {message}"
    assert any(p.startswith(expected) for p in problems), problems


def test_missing_file_is_a_problem_not_a_traceback(tmp_path):
    with pytest.raises(ProblemError) as caught:
        load_clauses(tmp_path / "nowhere.yaml", TAXONOMY)
    assert str(caught.value).startswith(f"{tmp_path / 'nowhere.yaml'}:1: cannot read")


def run_validate(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "policykb", "validate", "--corpus-dir", "/nonexistent", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO)


def test_validate_checks_the_real_clauses():
    result = run_validate()
    assert result.returncode == 0, result.stderr
    assert "model clauses valid" in result.stdout


def test_validate_reports_a_broken_clauses_file(tmp_path):
    text, line, message = BROKEN["unknown-topic"]
    path = write(tmp_path, text)
    result = run_validate("--clauses", str(path))
    assert result.returncode == 1
    assert f"{path}:{line}: {message}" in result.stderr
    assert "Traceback" not in result.stderr


# --- text blocks ---------------------------------------------------------------------


def test_split_blocks_joins_lines_and_reads_lists():
    text = "Each guide\ncovers:\n\n- who posts,\n  and when;\n- the formats.\n\nThat is all."
    assert clause_blocks(text) == [
        ClauseBlock(text="Each guide covers:"),
        ClauseBlock(items=("who posts, and when;", "the formats.")),
        ClauseBlock(text="That is all."),
    ]


def test_split_blocks_list_right_after_a_lead_in():
    assert clause_blocks("Lead:\n- one\n- two") == [
        ClauseBlock(text="Lead:"),
        ClauseBlock(items=("one", "two")),
    ]
