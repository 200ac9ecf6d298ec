"""bench/synthetic.py writes a corpus the project accepts, with every kind of annotation,
the same for the same seed; bench/run.py renders its results as the README's table."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from policykb.commands.validate import find_problems
from policykb.content.corpus import load_corpus
from policykb.content.paths import taxonomy_path
from policykb.content.registry import load_registry

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import run  # noqa: E402
import synthetic  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    synthetic.make_corpus(root, 40, seed=3)
    return root


def test_the_corpus_passes_validation(corpus):
    problems, entries, documents = find_problems(
        corpus / "sources", corpus / "corpus", taxonomy_path()
    )
    assert problems == []
    assert entries == 40
    assert 30 <= documents < 40, "most entries are fetched, a few are links only"


def test_documents_carry_topics_tips_flags_versions_and_languages(corpus):
    docs = list(load_corpus(corpus / "corpus").documents.values())
    topics = Counter(t for d in docs for t in d.front.topics)
    assert len(topics) >= 15, topics
    assert all(d.front.tips for d in docs if d.front.topics)
    assert sum(bool(d.front.nlrb_flags) for d in docs) >= 3
    assert {len(d.front.versions) for d in docs} >= {1, 2}
    assert all(d.front.versions[-1].content_sha256 == d.front.content_sha256 for d in docs)
    assert len({d.front.language for d in docs}) >= 3
    registry = load_registry(corpus / "sources")
    assert {e.status for e in registry} >= {"active"}
    assert any(e.audience for e in registry) and any(e.summary for e in registry)


def test_the_same_seed_writes_the_same_bytes(corpus, tmp_path):
    synthetic.make_corpus(tmp_path, 40, seed=3)
    for folder in ("sources", "corpus"):
        mine = {p.name: p.read_bytes() for p in (tmp_path / folder).iterdir()}
        theirs = {p.name: p.read_bytes() for p in (corpus / folder).iterdir()}
        assert mine == theirs


def test_plain_pages_start_with_a_title(corpus):
    path = sorted((corpus / "corpus").glob("*.md"))[0]
    page = run.plain_page(path)
    assert page.startswith("# ") and "---" not in page.splitlines()[0]


def test_the_results_table_renders_every_key(tmp_path, capsys):
    timing = {"wall_s": 2.0, "cpu_s": 1.5, "peak_mb": 100.0}
    results = {
        "meta": {"n": 5, "runs": 1, "date": "2026-12-02T00:00:00+00:00", "cpus": 2},
        "full": {"ours": {"sphinx": timing, "pagefind": timing, "total": timing}, "plain": timing,
                 "ratio_wall": 1.0, "ratio_cpu": 1.0, "ratio_sphinx_cpu": 0.5,
                 "pagefind": {"ours": timing, "plain": timing, "ratio": 1.0}},
        "noop": {"ours": {"total": timing}, "plain": timing, "ratio": 1.0},
        "incremental": {c: {"ours": {"total": timing}, "plain": timing, "ratio": 1.0}
                        for c in ("text", "title")},
        "memory": {s: {"cold_mb": 1.0, "noop_mb": 2.0, "pagefind_mb": 3.0} for s in ("ours", "plain")},
        "library": {"library_html_bytes": 50_000, "index_gzip_bytes": 9_000,
                    "policy_page_bytes_avg": 40_000, "site_bytes": 5_000_000},
        "search": {"query": "confidential", "ratio_bytes": 0.5,
                   "ours": {"bytes_beyond_page": 1000, "requests_beyond_page": 3, "first_result_ms": 100},
                   "plain": {"bytes_beyond_page": 2000, "requests_beyond_page": 9, "first_result_ms": 200}},
        "crawl": {"replay_docs_per_cpu_s": 5.0, "extract_docs_per_cpu_s": 20.0, "ratio": 0.25},
        "tag": {"cold_paragraphs_per_s": 2000, "cached_paragraphs_per_s": 100000},
    }  # fmt: skip
    path = tmp_path / "latest.json"
    path.write_text(json.dumps(results), encoding="utf-8")
    assert run.main(["--table", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("`make bench N=5`")
    assert "| no-op rebuild (`make html`) | 2.0 s | 2.0 s | 1.00× |" in out
    assert "49 KB (9 KB)" in out and "100 ms" in out and "2,000 / 100,000" in out
