"""Measure tagger (and checker) speed: documents per second on one core.

    python bench/bench_tagger.py [--docs N] [--rounds R] [--realdocs DIR]

Two corpora: a synthetic one built from the fictional clauses of the development set
(policykb/evaluation/devset, always available), and the real documents in ../shared/data/realdocs
when that folder exists (read in place, never copied). Reports the best of R rounds of
CPU time, so other load on the machine disturbs the figure less.
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policykb.analysis.blocks import split_blocks  # noqa: E402
from policykb.analysis.checker import default_rules, find_flags  # noqa: E402
from policykb.analysis.tagger import default_taxonomy, tag_markdown  # noqa: E402
from policykb.evaluation.evaluate import load_items  # noqa: E402

REALDOCS = ROOT.parent / "shared" / "data" / "realdocs"


def synthetic_corpus(count: int, clauses_per_doc: int = 45, seed: int = 7) -> list[str]:
    """Documents of ~1,000 words made of shuffled development clauses under headings."""
    rng = random.Random(seed)
    clauses = [item.text.strip() for item in load_items()]
    docs = []
    for n in range(count):
        parts = [f"# Fictional policy {n}"]
        for i in range(clauses_per_doc):
            if i % 9 == 0:
                parts.append(f"## Section {i // 9 + 1}")
            clause = rng.choice(clauses)
            parts.append(f"- {clause}" if i % 4 == 3 else clause)
        docs.append("\n\n".join(parts) + "\n")
    return docs


def real_corpus(directory: Path) -> list[str]:
    if not directory.is_dir():
        return []
    return [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(directory.glob("*.md"))
        if p.stat().st_size < 100_000
    ]


def best_rate(docs: list[str], work, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for doc in docs:
            work(doc)
        best = min(best, time.process_time() - start)
    return len(docs) / best if best else float("inf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=300, help="synthetic documents")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--realdocs", type=Path, default=REALDOCS)
    args = parser.parse_args(argv)

    taxonomy, rules = default_taxonomy(), default_rules()  # compile once, outside timing

    def tag(doc: str) -> None:
        tag_markdown(doc, taxonomy=taxonomy)

    def tag_rules_only(doc: str) -> None:
        tag_markdown(doc, taxonomy=taxonomy, model=None)

    def tag_and_flag(doc: str) -> None:
        find_flags(tag_markdown(doc, taxonomy=taxonomy), rules)

    corpora = [("synthetic", synthetic_corpus(args.docs))]
    real = real_corpus(args.realdocs)
    if real:
        corpora.append((f"realdocs ({args.realdocs})", real))
    else:
        print(f"realdocs: {args.realdocs} not found, skipped")
    for name, docs in corpora:
        words = sum(len(d.split()) for d in docs) / len(docs)
        print(f"{name}: {len(docs)} documents, {words:.0f} words on average")
        paragraphs = sum(len(split_blocks(d)) for d in docs) / len(docs)
        cached = {d: pickle.dumps(tag_markdown(d, taxonomy=taxonomy)) for d in docs}

        def from_cache(doc: str, cached: dict = cached) -> None:
            pickle.loads(cached[doc])  # what a rebuild does for unchanged text (site tag cache)

        print(f"  {paragraphs:.0f} paragraphs per document; rates per CPU second (one core)")
        for label, work in (
            ("split only", split_blocks),
            ("tag, patterns only", tag_rules_only),
            ("tag (patterns + model), cold", tag),
            ("tag, cached", from_cache),
            ("tag + NLRB", tag_and_flag),
        ):
            rate = best_rate(docs, work, args.rounds)
            print(f"  {label:30} {rate:8.0f} docs/s {rate * paragraphs:10.0f} paragraphs/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
