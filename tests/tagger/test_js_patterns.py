"""The browser checker's data: the same patterns, rewritten for JavaScript, match the same."""

from __future__ import annotations

import html.entities
import json

import pytest
from node import NODE, js_pattern_matches

from policykb.analysis.blocks import MAX_TEXT
from policykb.analysis.checker import browser_data
from policykb.analysis.tagger import js_pattern, match_form
from policykb.evaluation.evaluate import load_items


@pytest.mark.parametrize(
    ("python", "javascript"),
    [
        (r"\bfoo\w*\b", r"(?<![\p{L}\p{N}_])foo[\p{L}\p{N}_]*(?![\p{L}\p{N}_])"),
        (r"\b(a|bc)\b", r"(?<![\p{L}\p{N}_])(a|bc)(?![\p{L}\p{N}_])"),
        (
            r"\.\b",
            r"\.(?:(?<=[\p{L}\p{N}_])(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}_])(?=[\p{L}\p{N}_]))",
        ),
        (r"[\w-]+", r"[\p{L}\p{N}_-]+"),
        (r"don\'t a/b \d", r"don't a\/b \p{Nd}"),
        (r"\(x\)\.", r"\(x\)\."),
    ],
)
def test_js_pattern(python, javascript):
    assert js_pattern(python) == javascript


def test_browser_data_has_everything_the_page_needs():
    data = browser_data()
    assert data["flags"] == "iu"
    assert len(data["tips"]) == 10 and len(data["topics"]) >= 24
    topic = data["topics"][0]
    for lang, patterns in topic["patterns"].items():
        assert len(topic["covers"][lang]) == len(patterns)
    rule = data["rules"][0]
    assert set(rule) >= {"id", "kind", "authority", "era", "why", "suggestion", "patterns"}
    assert data["max_text"] == MAX_TEXT  # the page refuses what `policykb check` refuses
    assert data["entities"]["amp;"] == "&" and data["entities"]["copy"] == "\xa9"
    assert len(data["entities"]) == len(html.entities.html5)
    json.dumps(data)  # serialisable


def _all_sources(data):
    for group in (*data["topics"], *data["rules"]):
        for key in ("patterns", "exclude"):
            for patterns in group[key].values():
                yield from patterns


@pytest.mark.skipif(NODE is None, reason="node is not installed: JavaScript parity not checked")
def test_javascript_matches_exactly_what_python_matches():
    from policykb.analysis.checker import default_rules
    from policykb.analysis.tagger import default_taxonomy

    python = []
    for topic in default_taxonomy().topics:
        for group in (topic.include, topic.exclude):
            python += [p.regex for ps in group.values() for p in ps.patterns]
    for rule in default_rules().all:
        for group in (rule.include, rule.exclude):
            python += [p.regex for ps in group.values() for p in ps.patterns]
    sources = [p.pattern for p in python]
    texts = [match_form(item.text) for item in load_items()]
    texts += ["Café élève Ärger, ünd naïve über-Regeln; l’équipe", "x_y 12 ٣"]
    results = js_pattern_matches([js_pattern(s) for s in sources], texts)
    errors = [(s, r) for s, r in zip(sources, results, strict=True) if isinstance(r, str)]
    assert errors == []
    matching = 0
    for source, regex, row in zip(sources, python, results, strict=True):
        expected = [bool(regex.search(t)) for t in texts]
        assert row == expected, source
        matching += any(expected)
    # Not a comparison of "no match" with "no match": hundreds of patterns match some text.
    assert matching > 500, matching
