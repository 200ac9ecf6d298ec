"""Near-duplicate documents: text that is 90% or more the same as another document's.

"The same" is measured on words, as a diff would: `difflib.SequenceMatcher` over the two
word sequences, ratio = 2 × matched words / (words in both). Comparing every pair costs n²;
so candidates come from MinHash LSH (`datasketch`) over word pairs (two-word shingles), and
only they pay for the exact comparison (two cheap upper bounds, then the diff). The later
id (in sorted order) is marked `duplicate_of` the earliest document it matches that is not
itself a duplicate; the result depends only on the texts, never on crawl order.

Why a pair at 0.9 is found: matched words come in at most (unmatched words + 1) runs, so
word pairs survive a 10% edit well; scattered edits to 10% of the words still leave about
two thirds of the word pairs shared (Jaccard ≈ 0.67). With 50 bands of 5 rows (250
permutations) such a pair is a candidate with probability above 0.999; pairs that share
a tenth of their word pairs are candidates with probability 0.05%.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from pathlib import Path

from datasketch import MinHash, MinHashLSH

from policykb.content.corpus import document_text, load_corpus, write_corpus_document

THRESHOLD = 0.9
BANDS, ROWS = 50, 5  # LSH: a pair is a candidate when one band of 5 min-hashes agrees
PERMUTATIONS = BANDS * ROWS
SEED = 1  # fixed: the same texts always give the same candidates
# Han, kana and hangul carry no spaces: each character counts as a word.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


def words(text: str) -> list[str]:
    """Lower-case word tokens (CJK characters one by one)."""
    return _WORD.findall(text.lower())


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of words the two sequences have in common, in order (0 to 1)."""
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _upper_bound(a: Counter, b: Counter, len_a: int, len_b: int, threshold: float) -> float:
    """What `similarity` can reach at most, from word counts alone."""
    if not len_a or not len_b:
        return 0.0
    if 2 * min(len_a, len_b) / (len_a + len_b) < threshold:
        return 0.0
    return 2 * sum((a & b).values()) / (len_a + len_b)


def shingles(doc_words: Sequence[str]) -> set[bytes]:
    """The word pairs of a text (a one-word text: its word), as the sketch hashes them."""
    if len(doc_words) < 2:
        return {w.encode("utf-8") for w in doc_words}
    return {f"{a} {b}".encode() for a, b in zip(doc_words, doc_words[1:], strict=False)}


class CandidateIndex:
    """Documents added so far, found again by any text that may nearly duplicate them."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(num_perm=PERMUTATIONS, params=(BANDS, ROWS))
        template = MinHash(num_perm=PERMUTATIONS, seed=SEED)  # permutations made once
        self._permutations, self._scheme = template.permutations, template.scheme

    def sketch(self, doc_words: Sequence[str]) -> MinHash | None:
        """The MinHash of a text's word pairs, made once and used to query and to add."""
        if not doc_words:
            return None
        sketch = MinHash(
            num_perm=PERMUTATIONS,
            seed=SEED,
            permutations=self._permutations,
            scheme=self._scheme,
        )
        sketch.update_batch(shingles(doc_words))
        return sketch

    def add(self, doc_id: str, sketch: MinHash | None) -> None:
        """Index a document by its `sketch` (None for a text without words)."""
        if sketch is not None:
            self._lsh.insert(doc_id, sketch)

    def candidates(self, sketch: MinHash | None) -> list[str]:
        """Ids of added documents that may be near-duplicates of the sketched text, sorted."""
        if sketch is None:
            return []
        return sorted(self._lsh.query(sketch))


def find_duplicates(texts: Mapping[str, str], threshold: float = THRESHOLD) -> dict[str, str]:
    """{id: id of the earlier document it nearly duplicates} for every near-duplicate."""
    tokens = {doc_id: words(texts[doc_id]) for doc_id in sorted(texts)}
    counts = {doc_id: Counter(t) for doc_id, t in tokens.items()}
    originals = CandidateIndex()
    duplicates: dict[str, str] = {}
    for doc_id, doc_words in tokens.items():
        sketch = originals.sketch(doc_words)
        for original in originals.candidates(sketch):
            bound = _upper_bound(
                counts[doc_id], counts[original], len(doc_words), len(tokens[original]), threshold
            )
            if bound >= threshold and similarity(doc_words, tokens[original]) >= threshold:
                duplicates[doc_id] = original
                break
        else:
            originals.add(doc_id, sketch)
    return duplicates


def mark_duplicates(directory: Path) -> dict[str, str]:
    """Set `duplicate_of` on every near-duplicate in the corpus (and clear stale ones).

    Only documents whose mark changes are rewritten. Returns {id: original id}."""
    corpus = load_corpus(directory)
    texts = {doc_id: document_text(d.body) for doc_id, d in corpus.documents.items()}
    duplicates = find_duplicates(texts)
    for doc_id, document in corpus.documents.items():
        wanted = duplicates.get(doc_id)
        if document.front.duplicate_of != wanted:
            front = document.front.model_copy(update={"duplicate_of": wanted})
            write_corpus_document(directory, front, document.body.removeprefix("\n"))
    return duplicates
