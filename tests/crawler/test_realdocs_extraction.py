"""Extraction quality on real documents wrapped in our page chrome (bench/bench_extract.py).

Skipped when ../shared is absent. Thresholds, not timings: token precision and recall
both at least 0.95, and no worse than trafilatura alone on the same pages."""

from __future__ import annotations

import importlib.util
from collections import Counter

import pytest
from fixture_site import REPO

pytestmark = pytest.mark.realdocs


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location(
        "bench_extract", REPO / "bench" / "bench_extract.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_precision_and_recall_on_real_documents(shared_data, bench):
    import trafilatura

    from policykb.ingest.dedupe import words
    from policykb.ingest.extract import extract

    totals = {"ours": [0, 0, 0], "plain": [0, 0, 0]}
    for path in sorted((shared_data / "realdocs").glob("*.md")):
        content = bench.markdown_to_html(path.read_text(errors="replace"))
        original = Counter(words(bench.html_text(content)))
        if sum(original.values()) < bench.MIN_WORDS:
            continue
        page = bench.chrome_page(path.stem, content, path.name)
        ours = extract(page.encode(), content_type="text/html; charset=utf-8").text
        plain = trafilatura.extract(page) or ""
        for name, text in (("ours", ours), ("plain", plain)):
            for i, value in enumerate(bench.scores(Counter(words(text)), original)):
                totals[name][i] += value
    (hit, got, want), (p_hit, p_got, p_want) = totals["ours"], totals["plain"]
    assert hit / got >= 0.95 and hit / want >= 0.95
    assert hit / got >= p_hit / p_got and hit / want >= p_hit / p_want
