"""Precision and recall of the taxonomy's patterns alone, per language, on the real documents.

    python tools/labels/rules_by_language.py [--lang ja] [--errors]

Paragraph level: each labelled paragraph's rule topics against its paragraph label.
Document level: the union of a document's rule topics against `realdocs-topics.tsv`.
`--errors` prints false positives and misses (text shown for the reader's eyes only).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict

from policykb.evaluation.crossval import load_corpus


def prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.2f} R {r:.2f} F1 {f:.2f} (tp {tp}, fp {fp}, fn {fn})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", help="only these languages")
    parser.add_argument("--errors", action="store_true", help="print each error")
    args = parser.parse_args(argv)
    corpus = load_corpus()
    para: dict[str, Counter] = defaultdict(Counter)
    predicted_docs: dict[str, set[str]] = defaultdict(set)
    for p in corpus.paragraphs:
        if args.lang and p.language not in args.lang:
            continue
        predicted_docs[p.file].update(p.rules)
        c = para[p.language]
        c["tp"] += len(p.rules & p.gold)
        c["fp"] += len(p.rules - p.gold)
        c["fn"] += len(p.gold - p.rules)
        if args.errors:
            for t in sorted(p.rules - p.gold):
                print(f"FP {t} {p.file}#{p.index}: {p.text[:300]!r}")
            for t in sorted(p.gold - p.rules):
                print(f"FN {t} {p.file}#{p.index}: {p.text[:300]!r}")
    docs: dict[str, Counter] = defaultdict(Counter)
    for name, predicted in sorted(predicted_docs.items()):
        gold = corpus.doc_gold.get(name, frozenset())
        language = corpus.languages.get(name, "en")
        docs[language]["tp"] += len(predicted & gold)
        docs[language]["fp"] += len(predicted - gold)
        docs[language]["fn"] += len(gold - predicted)
        if args.errors:
            print(f"DOC {name}: fp {sorted(predicted - gold)} fn {sorted(gold - predicted)}")
    for language in sorted(para):
        n = sum(1 for f in predicted_docs if corpus.languages.get(f, "en") == language)
        print(f"{language} ({n} docs)  paragraphs: {prf(**para[language])}")
        print(f"{' ' * len(language)}            documents:  {prf(**docs[language])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
