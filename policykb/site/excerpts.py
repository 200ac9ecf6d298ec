"""Choose excerpts: for a topic, the one paragraph per policy that shows it best."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykb.analysis.blocks import shown_text
from policykb.site.data import SiteData

IDEAL_LENGTH = 420
MAX_LENGTH = 700
MIN_WORDS = 8  # shorter paragraphs (labels, link lines) teach little on their own
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s|(?<=[。！？])")


MAX_LEAD_IN = 160  # a list item's lead-in is shown this long at most


@dataclass(frozen=True)
class Excerpt:
    doc_id: str
    paragraph: int
    text: str
    lead_in: str = ""  # for a list item, the sentence that introduces its list


def best_excerpt(data: SiteData, doc_id: str, topic: str) -> Excerpt | None:
    tags = data.tags(doc_id)
    if tags is None:
        return None
    candidates = [p for p in tags.paragraphs if topic in p.topics]
    if not candidates:
        return None
    best = min(candidates, key=lambda p: excerpt_rank(p, topic))
    lead_in = shorten(shown_text(best.context), MAX_LEAD_IN) if _continues(best) else ""
    return Excerpt(doc_id, best.index, shorten(shown_text(best.text)), lead_in)


def _continues(paragraph) -> bool:
    """Whether a list item reads only with the sentence that introduces its list: the
    lead-in ends with a colon, or the item goes on in lower case ("breach our …")."""
    if paragraph.kind != "item" or not paragraph.context:
        return False
    return paragraph.context.rstrip().endswith((":", "：")) or paragraph.text[:1].islower()


def tip_topic_order(topics: list) -> list:
    """A tip's topics in the order its page looks for an excerpt in each policy: topics that
    serve this tip only first (personal use for tip 7), then those shared with other tips
    (official accounts serve tips 4 and 7), each group in taxonomy order. A shared topic's
    paragraph is a weaker example of the tip than a paragraph only this tip is about."""
    return sorted(topics, key=lambda topic: len(topic.tips) > 1)


def excerpt_rank(paragraph, topic: str) -> tuple:
    """Sort key: substantial paragraphs first, then the tagger's confidence (in steps of
    0.1, so that near-ties go to the paragraph closest to a readable length), then order."""
    short = len(paragraph.text.split()) < MIN_WORDS and len(paragraph.text) < 40
    confidence = round(paragraph.confidence(topic), 1)
    return (short, -confidence, abs(len(paragraph.text) - IDEAL_LENGTH), paragraph.index)


def shorten(text: str, limit: int = MAX_LENGTH) -> str:
    """The text, or its whole sentences up to `limit` characters (else whole words)."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    ends = [m.start() for m in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] >= limit // 3:
        return text[: ends[-1]].rstrip() + " …"
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def diverse_order(data: SiteData, doc_ids: list[str]) -> list[str]:
    """Interleave sectors so the first excerpts come from different kinds of organisation."""
    by_sector: dict[str, list[str]] = {}
    for doc_id in doc_ids:
        by_sector.setdefault(data.entries[doc_id].sector, []).append(doc_id)
    ordered: list[str] = []
    queues = [by_sector[s] for s in sorted(by_sector)]
    while any(queues):
        for queue in queues:
            if queue:
                ordered.append(queue.pop(0))
    return ordered
