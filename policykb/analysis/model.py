"""A learned paragraph tagger: hashed word and character n-grams, one linear model per topic.

Why this shape (see `docs/decisions.md`): it is trained on our own labels of real
paragraphs, works in every language without a tokenizer (character n-grams cover Japanese
as well as Italian), needs no download at run time, tags thousands of paragraphs a second
in pure Python, and the in-browser checker computes exactly the same features in
JavaScript (`policykb/site/static/model.js`) from the same weights file.

Features of a paragraph (`features`), all lower-cased after NFKC normalisation:

- every word (a run of letters and digits that is not all digits): ``w|word``;
- every pair of neighbouring words: ``b|word word``;
- the character 3- and 4-grams of each word padded with ``<`` and ``>``: ``c|<wo``
  (2- and 3-grams for a word in Chinese, Japanese or Korean script, where a "word" is a
  whole phrase and most words are two characters long);
- for a list item, the words of its lead-in paragraph: ``l|word``.

Each feature is hashed with CRC-32 of its UTF-8 bytes into `BUCKETS` buckets; the vector
is binary and scaled to unit length. A topic's margin is its bias plus the dot product
with its weights, summed in ascending bucket order; its score is the logistic of the
margin, and the topic is predicted when the margin reaches the logit of its threshold
(`TopicModel.cutoff`). Summing in a fixed order and deciding on the margin, not on the
score, make the decision the same to the last bit in JavaScript, whose `Math.exp` may
differ from C's in the last bit. Text is data here: nothing is ever evaluated.

A document's topics are decided once more for the document as a whole
(`DocumentModel`): from each topic's three best paragraph margins, how many paragraphs a
pattern tagged with it, how many lean towards it and how long the document is, one
logistic regression shared by all topics (with a bias per topic) says whether the
document covers the topic. Several paragraphs that each half-mention security make a
document about security; one stray word in a long text does not.

The weights file keeps only buckets with a non-zero weight, rounded, so that it is small
enough for the browser. It holds numbers only: no text of the training paragraphs.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

BUCKETS = 1 << 18
FEATURE_VERSION = 1
MAX_CHARS = 4000  # a paragraph longer than this is tagged on its first MAX_CHARS characters
MAX_WORD = 40  # character n-grams come from at most this many characters of a word
MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "tagger-model.json"

_WORD_RE = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The paragraph's words, lower-cased, numbers left out."""
    folded = unicodedata.normalize("NFKC", text[:MAX_CHARS]).lower()
    return [w for w in _WORD_RE.findall(folded) if not w.isdigit()]


def feature_names(text: str, lead_in: str = "") -> set[str]:
    """The named features of a paragraph (see the module docstring)."""
    found: set[str] = set()
    tokens = words(text)
    for i, word in enumerate(tokens):
        found |= _word_names(word)
        if i:
            found.add("b|" + tokens[i - 1] + " " + word)
    for word in words(lead_in):
        found.add("l|" + word)
    return found


def _word_and_pair_names(text: str) -> set[str]:
    """The `w|` and `b|` features of `feature_names(text)`: the words a reader sees."""
    tokens = words(text)
    names = {"w|" + word for word in tokens}
    names.update("b|" + a + " " + b for a, b in zip(tokens, tokens[1:], strict=False))
    return names


def _is_cjk(word: str) -> bool:
    """Whether a word is written in a script without spaces (Chinese, Japanese, Korean)."""
    return any("\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in word)


def bucket(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) & (BUCKETS - 1)


def _word_names(word: str) -> set[str]:
    """One word's own features: `w|word` and its `c|` character n-grams."""
    names = {"w|" + word}
    padded = "<" + word[:MAX_WORD] + ">"
    for n in (2, 3) if _is_cjk(word) else (3, 4):
        for start in range(len(padded) - n + 1):
            names.add("c|" + padded[start : start + n])
    return names


@lru_cache(maxsize=1 << 16)
def _word_buckets(word: str) -> tuple[int, ...]:
    """The buckets of `_word_names(word)`: words recur from paragraph to paragraph, so
    each is hashed once (decision 20)."""
    return tuple({bucket(name) for name in _word_names(word)})


def feature_buckets(text: str, lead_in: str = "") -> set[int]:
    """The buckets of `feature_names(text, lead_in)`, computed word by word."""
    found: set[int] = set()
    tokens = words(text)
    previous = None
    for word in tokens:
        found.update(_word_buckets(word))
        if previous is not None:
            found.add(bucket("b|" + previous + " " + word))
        previous = word
    for word in words(lead_in):
        found.add(bucket("l|" + word))
    return found


def features(text: str, lead_in: str = "") -> dict[int, float]:
    """Bucket → value of the unit-length binary feature vector."""
    buckets = feature_buckets(text, lead_in)
    if not buckets:
        return {}
    value = 1.0 / math.sqrt(len(buckets))
    return dict.fromkeys(buckets, value)


def logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class TopicModel:
    topic: str
    bias: float
    weights: dict[int, float]
    threshold: float = 0.5

    def margin(self, vector: dict[int, float]) -> float:
        """Bias plus the dot product, summed one bucket at a time in ascending order.

        A plain loop, not `sum()` (which compensates rounding from Python 3.12 on), so that
        the browser (`static/model.js`) adds the same numbers in the same order.
        """
        weights = self.weights
        total = 0.0
        for b in sorted(vector):
            w = weights.get(b)
            if w is not None:
                total += vector[b] * w
        return self.bias + total

    @cached_property
    def cutoff(self) -> float:
        """The margin at which the score reaches the threshold: the topic's decision line."""
        if self.threshold <= 0.0:
            return -math.inf
        if self.threshold >= 1.0:
            return math.inf
        return math.log(self.threshold / (1.0 - self.threshold))

    def score(self, vector: dict[int, float]) -> float:
        return logistic(self.margin(vector))


DOCUMENT_FEATURES = ("best", "second", "third", "patterns", "any_pattern", "leaning", "length")
MARGIN_FLOOR, MARGIN_CEILING = -10.0, 10.0  # paragraph margins are clipped to this range
MIN_DOCUMENT_PARAGRAPHS = 5


def document_features(margins: Iterable[float], pattern_hits: int, paragraphs: int) -> list[float]:
    """One topic's evidence in a document, in `DOCUMENT_FEATURES` order.

    `margins` are the topic's margins in the paragraphs that may carry it (not vetoed by
    its `exclude` patterns), `pattern_hits` the number of paragraphs whose patterns tag it,
    `paragraphs` the number of paragraphs. Only clipping, counting and square roots, which
    JavaScript rounds exactly as Python does.
    """
    clipped = sorted((min(MARGIN_CEILING, max(MARGIN_FLOOR, m)) for m in margins), reverse=True)
    best = [*clipped[:3], MARGIN_FLOOR, MARGIN_FLOOR, MARGIN_FLOOR][:3]
    leaning = sum(1 for m in clipped if m >= 0.0)
    return [
        *best,
        math.sqrt(pattern_hits),
        1.0 if pattern_hits else 0.0,
        math.sqrt(leaning),
        math.sqrt(paragraphs),
    ]


@dataclass(frozen=True)
class DocumentModel:
    """Whether a document covers a topic, from `document_features`: one set of weights for
    every topic, a bias per topic, and one threshold."""

    weights: tuple[float, ...]
    biases: dict[str, float]
    threshold: float = 0.45
    # A shorter text (a clause pasted into the checker) is judged paragraph by paragraph:
    # the model learned from whole policies.
    min_paragraphs: int = MIN_DOCUMENT_PARAGRAPHS

    def margin(self, topic: str, evidence: Sequence[float]) -> float:
        """Bias plus weight times feature, added in `DOCUMENT_FEATURES` order."""
        total = self.biases.get(topic, -10.0)
        for w, x in zip(self.weights, evidence, strict=True):
            total += w * x
        return total

    @cached_property
    def cutoff(self) -> float:
        return math.log(self.threshold / (1.0 - self.threshold))

    def covers(self, topic: str, evidence: Sequence[float]) -> bool:
        return self.margin(topic, evidence) >= self.cutoff

    def to_json(self) -> dict:
        return {
            "features": list(DOCUMENT_FEATURES),
            "weights": [round(w, 4) for w in self.weights],
            "biases": {t: round(b, 4) for t, b in self.biases.items()},
            "threshold": self.threshold,
            "min_paragraphs": self.min_paragraphs,
        }

    @classmethod
    def from_json(cls, data: dict) -> DocumentModel:
        if data.get("features") != list(DOCUMENT_FEATURES):
            raise ValueError("the model file's document features differ; retrain it")
        return cls(
            tuple(float(w) for w in data["weights"]),
            {str(t): float(b) for t, b in data["biases"].items()},
            float(data["threshold"]),
            int(data.get("min_paragraphs", MIN_DOCUMENT_PARAGRAPHS)),
        )


@dataclass(frozen=True)
class Model:
    topics: tuple[TopicModel, ...]
    version: int = FEATURE_VERSION
    document: DocumentModel | None = None

    @cached_property
    def _by_bucket(self) -> dict[int, tuple[tuple[int, float], ...]]:
        """Bucket → (topic position, weight) for every topic that weighs it."""
        index: dict[int, list[tuple[int, float]]] = {}
        for position, topic in enumerate(self.topics):
            for b, w in topic.weights.items():
                index.setdefault(b, []).append((position, w))
        return {b: tuple(hits) for b, hits in index.items()}

    @cached_property
    def _weighted(self) -> frozenset[int]:
        return frozenset(self._by_bucket)

    def margins(self, text: str, lead_in: str = "") -> dict[str, float]:
        """Each topic's margin (bias plus dot product) for a paragraph.

        The same sums as `TopicModel.margin`, in the same order (ascending buckets per
        topic), found through one look-up per bucket instead of one per bucket and topic."""
        buckets = feature_buckets(text, lead_in)
        index = self._by_bucket
        totals = [0.0] * len(self.topics)
        if buckets:
            value = 1.0 / math.sqrt(len(buckets))  # as in `features`
            # Buckets no topic weighs add nothing: only the others, in ascending order.
            for b in sorted(buckets & self._weighted):
                for position, w in index[b]:
                    totals[position] += value * w
        return {t.topic: t.bias + totals[i] for i, t in enumerate(self.topics)}

    def scores(self, text: str, lead_in: str = "") -> dict[str, float]:
        return {topic: logistic(z) for topic, z in self.margins(text, lead_in).items()}

    def predict(self, text: str, lead_in: str = "") -> dict[str, float]:
        """Topics whose score reaches their threshold (margin ≥ cutoff), with the score."""
        margins = self.margins(text, lead_in)
        return {
            t.topic: logistic(margins[t.topic]) for t in self.topics if margins[t.topic] >= t.cutoff
        }

    def reasons(self, topic: str, text: str, lead_in: str = "", limit: int = 4) -> list[str]:
        """The words and word pairs of the text that pushed hardest towards `topic`."""
        model = next((t for t in self.topics if t.topic == topic), None)
        if model is None:
            return []
        weighted = []
        for name in _word_and_pair_names(text):
            weight = model.weights.get(bucket(name), 0.0)
            if weight > 0:
                weighted.append((weight, name[2:]))
        weighted.sort(key=lambda pair: (-pair[0], pair[1]))
        chosen: list[str] = []
        for _, phrase in weighted:
            if not any(phrase in c or c in phrase for c in chosen):
                chosen.append(phrase)
            if len(chosen) == limit:
                break
        return chosen

    def to_json(self) -> dict:
        return {
            "version": self.version,
            "buckets": BUCKETS,
            "topics": [
                {
                    "topic": t.topic,
                    "bias": round(t.bias, 4),
                    "threshold": round(t.threshold, 3),
                    "weights": {str(b): round(w, 3) for b, w in sorted(t.weights.items())},
                }
                for t in self.topics
            ],
            **({"document": self.document.to_json()} if self.document else {}),
        }

    def browser_json(self) -> dict:
        """The model for the in-browser checker (`static/model.js`), as compact as exact.

        Per topic: bias and `cutoff` (the margin at which it is predicted, computed here so
        that the browser never needs a logarithm), the buckets with a weight as gaps from
        the previous one, and the weights as integers to divide by `scale`. The scale is
        chosen so that the division gives back each weight to the last bit; JSON numbers
        otherwise. The feature settings travel with it, so the browser uses the same.
        """
        weights = [w for t in self.topics for w in t.weights.values()]
        scale = _exact_scale(weights)
        topics = []
        for t in self.topics:
            if not math.isfinite(t.cutoff):
                raise ValueError(f"{t.topic}: a threshold must lie strictly between 0 and 1")
            buckets = sorted(t.weights)
            gaps = [b - a for a, b in zip([0, *buckets], buckets, strict=False)]
            values = [t.weights[b] for b in buckets]
            topics.append(
                {
                    "topic": t.topic,
                    "bias": t.bias,
                    "threshold": t.threshold,
                    "cutoff": t.cutoff,
                    "buckets": gaps,
                    "weights": [round(w * scale) for w in values] if scale else values,
                }
            )
        return {
            "version": self.version,
            "buckets": BUCKETS,
            "max_chars": MAX_CHARS,
            "max_word": MAX_WORD,
            "scale": scale,
            "topics": topics,
            "document": (
                {
                    "features": list(DOCUMENT_FEATURES),
                    "weights": list(self.document.weights),
                    "biases": dict(self.document.biases),
                    "cutoff": self.document.cutoff,
                    "min_paragraphs": self.document.min_paragraphs,
                    "floor": MARGIN_FLOOR,
                    "ceiling": MARGIN_CEILING,
                }
                if self.document
                else None
            ),
        }

    @classmethod
    def from_json(cls, data: dict) -> Model:
        if data.get("buckets") != BUCKETS or data.get("version") != FEATURE_VERSION:
            raise ValueError("the model file was made for other features; retrain it")
        return cls(
            tuple(
                TopicModel(
                    topic=t["topic"],
                    bias=float(t["bias"]),
                    threshold=float(t["threshold"]),
                    weights={int(b): float(w) for b, w in t["weights"].items()},
                )
                for t in data["topics"]
            ),
            document=DocumentModel.from_json(data["document"]) if data.get("document") else None,
        )


def _exact_scale(weights: Iterable[float]) -> int | None:
    """The smallest power of ten that turns every weight into an integer q with q / scale
    == weight exactly (as in JavaScript, where division is rounded the same way), if any."""
    weights = list(weights)
    for digits in range(7):
        scale = 10**digits
        if all(round(w * scale) / scale == w for w in weights):
            return scale
    return None


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> Model | None:
    """The shipped model, or None when there is none (the tagger then uses rules only)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return Model.from_json(data)
