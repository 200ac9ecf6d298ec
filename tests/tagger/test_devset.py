"""Floors on the labelled development set (policykb/evaluation/devset, see its README)."""

from __future__ import annotations

import pytest

from policykb.content.rules import load_rules
from policykb.content.taxonomy import load_taxonomy
from policykb.evaluation.evaluate import load_items, main, run

LANGUAGES = {"en", "nl", "de", "fr", "es"}


@pytest.fixture(scope="module")
def items():
    return load_items()


@pytest.fixture(scope="module")
def scores(items):
    return {
        "dev": run([i for i in items if i.part == "dev"]),
        "all": run(items),
    }


def test_devset_labels_are_valid(items):
    topics = {t.id for t in load_taxonomy().topics}
    rules = load_rules()
    risky = {r.id for r in rules.risky}
    ids = [i.id for i in items]
    assert len(ids) == len(set(ids))
    for item in items:
        assert item.language in LANGUAGES, item.id
        assert item.topics <= topics, (item.id, item.topics - topics)
        assert item.risky <= risky, (item.id, item.risky - risky)
        assert not (item.risky and item.lawful), item.id
    assert {i.language for i in items} == LANGUAGES
    # every risky rule has labelled examples, and lawful and hard negatives are there too
    assert {r for i in items for r in i.risky} == risky
    assert sum(i.lawful for i in items) >= 30
    assert sum(not i.topics for i in items) >= 30


@pytest.mark.parametrize("part", ["dev", "all"])
def test_topic_micro_f1_floor(scores, part):
    _, _, f1 = scores[part].micro()
    assert f1 >= 0.85


@pytest.mark.parametrize("part", ["dev", "all"])
def test_risky_recall_floor(scores, part):
    assert scores[part].risky_recall() >= 0.85


@pytest.mark.parametrize("part", ["dev", "all"])
def test_false_alarms_on_lawful_clauses_ceiling(scores, part):
    assert scores[part].false_alarm_rate() <= 0.15


def test_evaluate_prints_the_tables(capsys):
    assert main(["--part", "dev"]) == 0
    out = capsys.readouterr().out
    assert "micro" in out and "risky-rule recall" in out and "false alarms" in out
