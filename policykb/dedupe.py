"""Near-duplicate documents: text that is 90% or more the same as another document's.

"The same" is measured on words, as a diff would: `difflib.SequenceMatcher` over the two
word sequences, ratio = 2 × matched words / (words in both). Two cheap upper bounds (length,
then word counts) skip the pairs that cannot reach the threshold, so only real candidates
pay for the diff. The later id (in sorted order) is marked `duplicate_of` the earliest
document it matches that is not itself a duplicate; the result depends only on the texts,
never on crawl order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher

THRESHOLD = 0.9
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


def find_duplicates(texts: Mapping[str, str], threshold: float = THRESHOLD) -> dict[str, str]:
    """{id: id of the earlier document it nearly duplicates} for every near-duplicate."""
    tokens = {doc_id: words(texts[doc_id]) for doc_id in sorted(texts)}
    counts = {doc_id: Counter(t) for doc_id, t in tokens.items()}
    originals: list[str] = []
    duplicates: dict[str, str] = {}
    for doc_id, doc_words in tokens.items():
        for original in originals:
            bound = _upper_bound(
                counts[doc_id], counts[original], len(doc_words), len(tokens[original]), threshold
            )
            if bound >= threshold and similarity(doc_words, tokens[original]) >= threshold:
                duplicates[doc_id] = original
                break
        else:
            originals.append(doc_id)
    return duplicates
