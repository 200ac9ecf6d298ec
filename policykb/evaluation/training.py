"""Fitting the tagger's model (`policykb.analysis.model`): scikit-learn's logistic
regressions, turned into the small weight tables that the tagger and the browser read.

Needs scikit-learn (`pip install -e '.[train]'`), which is why it sits in the evaluation
package and not beside the model it fits: `policykb.analysis` uses the model, never trains it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from policykb.analysis.model import BUCKETS, DOCUMENT_FEATURES, DocumentModel, Model, TopicModel


def matrix(vectors: Sequence[dict[int, float]]):
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for i, vector in enumerate(vectors):
        for b, v in vector.items():
            rows.append(i)
            cols.append(b)
            vals.append(v)
    return csr_matrix((vals, (rows, cols)), shape=(len(vectors), BUCKETS))


def train(
    vectors: Sequence[dict[int, float]],
    labels: Sequence[Iterable[str]],
    topics: Sequence[str],
    *,
    groups: Sequence[str] | None = None,
    c: float = 4.0,
    threshold: float = 0.6,
    min_groups: int = 2,
    keep: int = 1500,
) -> Model:
    """One L2 logistic regression per topic (liblinear), positives weighted up.

    Only buckets seen in at least `min_groups` documents (`groups`, one per vector) are
    used, and each topic keeps its `keep` largest weights: the model stays small enough
    for the browser and does not learn one document's idiosyncrasies.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = matrix(vectors)
    if groups is not None and min_groups > 1:
        seen: dict[int, set[str]] = {}
        for vector, group in zip(vectors, groups, strict=True):
            for b in vector:
                seen.setdefault(b, set()).add(group)
        allowed = np.zeros(BUCKETS, dtype=bool)
        allowed[[b for b, gs in seen.items() if len(gs) >= min_groups]] = True
        x = x[:, :]
        x.data[~allowed[x.indices]] = 0.0
        x.eliminate_zeros()
    label_sets = [set(ls) for ls in labels]
    models = []
    for topic in topics:
        y = [1 if topic in ls else 0 for ls in label_sets]
        if sum(y) == 0:
            models.append(TopicModel(topic, -10.0, {}, threshold))
            continue
        clf = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=200)
        clf.fit(x, y)
        coef = clf.coef_[0]
        order = np.argsort(-np.abs(coef))[:keep]
        weights = {int(b): float(coef[b]) for b in order if coef[b] != 0}
        models.append(TopicModel(topic, float(clf.intercept_[0]), weights, threshold))
    return Model(tuple(models))


def train_document(
    evidence: Sequence[Sequence[float]],
    topics_of_rows: Sequence[str],
    covered: Sequence[bool],
    topics: Sequence[str],
    *,
    c: float = 1.0,
    threshold: float | None = None,
) -> DocumentModel:
    """Fit the document model on (document, topic) rows: the evidence of each topic in each
    training document (from paragraph scores of models that did not see that document) and
    whether the document's labels have the topic. Topic biases come from one-hot columns.

    The threshold, unless given, is the one at which the fitted model has the best micro-F1
    on these same rows (`best_threshold`): chosen from the training documents, never from
    the documents it will be measured on."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    position = {t: i for i, t in enumerate(topics)}
    width = len(DOCUMENT_FEATURES)
    x = np.zeros((len(evidence), width + len(topics)))
    for row, (values, topic) in enumerate(zip(evidence, topics_of_rows, strict=True)):
        x[row, :width] = values
        x[row, width + position[topic]] = 1.0
    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit(x, np.asarray(covered, dtype=int))
    coef = clf.coef_[0]
    intercept = float(clf.intercept_[0])
    if threshold is None:
        threshold = best_threshold(clf.predict_proba(x)[:, 1], covered)
    return DocumentModel(
        weights=tuple(float(w) for w in coef[:width]),
        biases={t: intercept + float(coef[width + i]) for i, t in enumerate(topics)},
        threshold=threshold,
    )


def best_threshold(
    probabilities: Sequence[float], covered: Sequence[bool], low: int = 20, high: int = 70
) -> float:
    """The threshold, in hundredths from `low` to `high`, with the best micro-F1 of these
    predictions (the lowest such, when several tie)."""
    best_f1, best = -1.0, low / 100
    for step in range(low, high + 1):
        threshold = step / 100
        tp = fp = fn = 0
        for p, yes in zip(probabilities, covered, strict=True):
            if p >= threshold:
                tp, fp = tp + yes, fp + (not yes)
            else:
                fn += yes
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1:
            best_f1, best = f1, threshold
    return best
